/**
 * Releases a stack's functions after `pulumi up`: every `live` alias behind the version Pulumi
 * published is moved by CodeDeploy (canary, linear or all at once, as the stack's functionRelease
 * says), which rolls back by itself when the function's release alarm fires. Exits 1 when any
 * release failed or was stopped (rolled back).
 *
 *   pulumi stack export --stack primary > primary.json
 *   npx tsx scripts/release-functions.ts primary.json
 *
 * (or pipe the export to it). Credentials and the account come from the usual AWS SDK chain; each
 * function is released in its own region (the export records it).
 */
import { readFileSync } from "node:fs";
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { releaseTargetsOf } from "./release/plan";
import { releaseFunctions, type ClientsFor } from "./release/run";

const clients = new Map<string, ReturnType<ClientsFor>>();
const clientsFor: ClientsFor = (region) => {
  if (!clients.has(region)) {
    const lambda = new LambdaClient({ region });
    const codedeploy = new CodeDeployClient({ region });
    clients.set(region, {
      lambda: { getAlias: (input) => lambda.send(new GetAliasCommand(input)) },
      codedeploy: {
        createDeployment: (input) => codedeploy.send(new CreateDeploymentCommand(input)),
        getDeployment: (input) => codedeploy.send(new GetDeploymentCommand(input)),
      },
    });
  }
  return clients.get(region)!;
};

async function main(): Promise<number> {
  const file = process.argv[2];
  const text = readFileSync(file && file !== "-" ? file : 0, "utf8");
  const targets = releaseTargetsOf(JSON.parse(text));
  console.log(`${targets.length} function(s) in the stack`);
  const outcomes = await releaseFunctions(targets, clientsFor, { log: (line) => console.log(line) });
  const failed = outcomes.filter((o) => o.status === "Failed" || o.status === "Stopped");
  for (const o of failed)
    console.error(`${o.target.component}: ${o.status} (rolled back to ${o.from})${o.error ? `: ${o.error}` : ""}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
