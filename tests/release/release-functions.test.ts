/**
 * The release after `pulumi up` (scripts/release-functions.ts): which functions it moves, the
 * AppSpec it sends, and its calls, against stub clients (no AWS).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  appSpec,
  deploymentInput,
  needsRelease,
  releaseTargetsOf,
  type ReleaseTarget,
} from "../../scripts/release/plan";
import { releaseFunctions, type AliasReader, type Deployer } from "../../scripts/release/run";
import { resolveRelease } from "../../components/compute/release";

const release = (fn: string, targetVersion: string) => ({
  functionName: `${fn}-fn-1a2b3c4`,
  aliasName: "live",
  applicationName: `prod-${fn}-use1`,
  deploymentGroupName: "live",
  targetVersion,
});
const component = (fn: string, outputs: Record<string, unknown>) => ({
  urn: `urn:pulumi:primary::twin-region::twin-region:compute:PlatformFunction::prod-${fn}`,
  type: "twin-region:compute:PlatformFunction",
  outputs,
});
const stackExport = (...resources: unknown[]) => ({ version: 3, deployment: { resources } });

const consumer: ReleaseTarget = { component: "prod-consumer", region: "us-east-1", ...release("consumer", "7") };

describe("release targets", () => {
  it("are the PlatformFunctions of the stack export, with their region and published version", () => {
    const targets = releaseTargetsOf(
      stackExport(
        component("consumer", { release: release("consumer", "7"), region: "us-east-1" }),
        {
          urn: "urn:pulumi:primary::twin-region::aws:lambda/function:Function::x",
          type: "aws:lambda/function:Function",
          outputs: {},
        },
        component("reader", { release: release("reader", "3"), region: "us-east-1" }),
      ),
    );
    expect(targets).toEqual([consumer, { component: "prod-reader", region: "us-east-1", ...release("reader", "3") }]);
  });

  it("refuses a function whose outputs do not say what to release (a stack not yet updated)", () => {
    expect(() => releaseTargetsOf(stackExport(component("consumer", { region: "us-east-1" })))).toThrow(
      'PlatformFunction "prod-consumer" has no functionName, aliasName, applicationName, deploymentGroupName, targetVersion in its outputs',
    );
    expect(() => releaseTargetsOf({ version: 3 })).toThrow("no deployment.resources");
  });
});

describe("which functions need a release", () => {
  it("those whose alias is behind the published version, never to $LATEST", () => {
    expect(needsRelease(consumer, "6")).toBe(true);
    expect(needsRelease(consumer, "7")).toBe(false);
    expect(() => needsRelease({ ...consumer, targetVersion: "$LATEST" }, "6")).toThrow("$LATEST is not a version");
  });
});

describe("the AppSpec", () => {
  it("moves the alias of the function from its version to the target (CodeDeploy's Lambda AppSpec)", () => {
    expect(appSpec(consumer, "6")).toEqual({
      version: 0.0,
      Resources: [
        {
          "consumer-fn-1a2b3c4": {
            Type: "AWS::Lambda::Function",
            Properties: { Name: "consumer-fn-1a2b3c4", Alias: "live", CurrentVersion: "6", TargetVersion: "7" },
          },
        },
      ],
    });
  });

  it("goes inline to the function's deployment group with its SHA-256", () => {
    const input = deploymentInput(consumer, "6");
    expect(input).toMatchObject({
      applicationName: "prod-consumer-use1",
      deploymentGroupName: "live",
      revision: { revisionType: "AppSpecContent" },
    });
    const { content, sha256 } = input.revision.appSpecContent;
    expect(JSON.parse(content)).toEqual(appSpec(consumer, "6"));
    expect(sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(input.description.length).toBeLessThanOrEqual(100);
  });
});

describe("releaseFunctions", () => {
  /** Stub clients: aliases at the given versions, deployments that go through the given statuses. */
  function stub(aliases: Record<string, string>, statuses: string[]) {
    const calls: string[] = [];
    const created: ReturnType<typeof deploymentInput>[] = [];
    let polls = 0;
    const lambda: AliasReader = {
      getAlias: async ({ FunctionName, Name }) => {
        calls.push(`getAlias ${FunctionName}:${Name}`);
        return { FunctionVersion: aliases[FunctionName] };
      },
    };
    const codedeploy: Deployer = {
      createDeployment: async (input) => {
        created.push(input);
        return { deploymentId: `d-${created.length}` };
      },
      getDeployment: async ({ deploymentId }) => {
        calls.push(`getDeployment ${deploymentId}`);
        const status = statuses[Math.min(polls++, statuses.length - 1)]!;
        return {
          deploymentInfo: { status, ...(status === "Stopped" ? { errorInformation: { message: "alarm fired" } } : {}) },
        };
      },
    };
    const regions: string[] = [];
    const clientsFor = (region: string) => {
      regions.push(region);
      return { lambda, codedeploy };
    };
    return { calls, created, regions, clientsFor };
  }
  const noWait = { sleep: async () => {}, pollSeconds: 1 };
  const reader: ReleaseTarget = { component: "prod-reader", region: "us-west-2", ...release("reader", "3") };

  it("deploys only the aliases behind, in their own region, and waits until CodeDeploy is done", async () => {
    const s = stub({ "consumer-fn-1a2b3c4": "6", "reader-fn-1a2b3c4": "3" }, ["InProgress", "InProgress", "Succeeded"]);
    const outcomes = await releaseFunctions([consumer, reader], s.clientsFor, noWait);
    expect(outcomes.map((o) => [o.target.component, o.status, o.from])).toEqual([
      ["prod-consumer", "Succeeded", "6"],
      ["prod-reader", "unchanged", "3"],
    ]);
    expect(s.created).toEqual([deploymentInput(consumer, "6")]);
    expect(s.regions).toContain("us-west-2");
    expect(s.calls.filter((c) => c.startsWith("getDeployment"))).toEqual([
      "getDeployment d-1",
      "getDeployment d-1",
      "getDeployment d-1",
    ]);
  });

  it("reports a release CodeDeploy stopped on the alarm (rolled back), with its reason", async () => {
    const s = stub({ "consumer-fn-1a2b3c4": "6" }, ["Stopped"]);
    const [outcome] = await releaseFunctions([consumer], s.clientsFor, noWait);
    expect(outcome).toMatchObject({ status: "Stopped", deploymentId: "d-1", error: "alarm fired" });
  });

  it("gives up waiting after the timeout, naming the deployment", async () => {
    const s = stub({ "consumer-fn-1a2b3c4": "6" }, ["InProgress"]);
    await expect(releaseFunctions([consumer], s.clientsFor, { ...noWait, timeoutSeconds: 3 })).rejects.toThrow(
      "prod-consumer: deployment d-1 still InProgress after 3 s",
    );
  });
});

describe("the release configuration", () => {
  it("maps each strategy to CodeDeploy's predefined Lambda configuration, canary 10% for 5 minutes by default", () => {
    expect(resolveRelease(undefined, "C")).toEqual({
      strategy: "canary",
      minutes: 5,
      deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    });
    expect(resolveRelease({ strategy: "linear" }, "C").deploymentConfigName).toBe(
      "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
    );
    expect(resolveRelease({ strategy: "linear", minutes: 10 }, "C").deploymentConfigName).toBe(
      "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
    );
    expect(resolveRelease({ strategy: "canary", minutes: 30 }, "C").deploymentConfigName).toBe(
      "CodeDeployDefault.LambdaCanary10Percent30Minutes",
    );
    expect(resolveRelease({ strategy: "all-at-once" }, "C").deploymentConfigName).toBe(
      "CodeDeployDefault.LambdaAllAtOnce",
    );
  });
});
