/**
 * The CodeBuild projects' buildspecs: files of this repository (components/delivery/buildspecs/),
 * read when the program runs, checked, and passed to each project as its source buildspec.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseDocument } from "yaml";
import { isSecretEnvName } from "../../policy/baseline/compute";
import { packageRoot } from "../shared/package-root";
import { PULUMI_TOKEN_ENV, TOKEN_SECRET_PLACEHOLDER } from "./delivery-defaults";

/** The folder of the buildspecs. */
export const buildspecsDirectory = (): string => path.join(packageRoot(), "components", "delivery", "buildspecs");

/** A buildspec file's text. */
export const readBuildspec = (file: string): string => fs.readFileSync(path.join(buildspecsDirectory(), file), "utf8");

/**
 * What is wrong with a buildspec, if anything: it must be YAML of version 0.2 with phases of
 * commands, hold no secret as a literal variable (`env.variables` whose name says it is one), and
 * take every secret it needs from `env.secrets-manager`.
 */
export function buildspecProblems(text: string): string[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return doc.errors.map((e) => `it is not YAML: ${e.message}`);
  const spec = doc.toJS() as Record<string, any> | null;
  if (!spec || typeof spec !== "object") return ["it is not a YAML mapping"];
  const problems: string[] = [];
  if (String(spec.version) !== "0.2") problems.push(`version is ${JSON.stringify(spec.version)}, not 0.2`);
  const phases = spec.phases;
  if (!phases || typeof phases !== "object" || Object.keys(phases).length === 0) problems.push("it has no phases");
  else {
    for (const [phase, body] of Object.entries<any>(phases)) {
      const commands = body?.commands;
      if (!Array.isArray(commands) || commands.length === 0 || commands.some((c) => typeof c !== "string"))
        problems.push(`phase ${phase} has no list of commands`);
    }
  }
  for (const name of Object.keys(spec.env?.variables ?? {}))
    if (isSecretEnvName(name))
      problems.push(`env.variables.${name} looks like a secret: take it from env.secrets-manager instead`);
  return problems;
}

/** The buildspec, checked; throws naming the file and its problems. */
export function loadBuildspec(file: string): string {
  const text = readBuildspec(file);
  const problems = buildspecProblems(text);
  if (problems.length > 0) throw new Error(`buildspec ${file}: ${problems.join("; ")}`);
  return text;
}

/**
 * The deploy buildspec with the Pulumi access token's secret filled in
 * (`env.secrets-manager.PULUMI_ACCESS_TOKEN`: CodeBuild reads the secret when the build starts).
 * The file's comments are kept.
 */
export function withTokenSecret(text: string, secretArn: pulumi.Input<string>): pulumi.Output<string> {
  const doc = parseDocument(text);
  const current = doc.getIn(["env", "secrets-manager", PULUMI_TOKEN_ENV]);
  if (current !== TOKEN_SECRET_PLACEHOLDER)
    throw new Error(
      `deploy buildspec: env.secrets-manager.${PULUMI_TOKEN_ENV} is ${JSON.stringify(current)}, not the placeholder "${TOKEN_SECRET_PLACEHOLDER}" the component fills in`,
    );
  return pulumi.output(secretArn).apply((arn) => {
    const filled = doc.clone();
    filled.setIn(["env", "secrets-manager", PULUMI_TOKEN_ENV], arn);
    return filled.toString();
  });
}
