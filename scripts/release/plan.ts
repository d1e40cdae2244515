/**
 * Which functions a release moves, and the AppSpec CodeDeploy gets for each: pure, no AWS.
 *
 * Pulumi publishes a new version of a PlatformFunction on every change but never moves its `live`
 * alias after creating it (ignoreChanges); each PlatformFunction records what a release needs in
 * its component outputs (`release`, `region`). A release reads them from `pulumi stack export`,
 * asks Lambda where each alias points, and starts a CodeDeploy deployment for every alias behind
 * the version Pulumi published last.
 */
import { createHash } from "node:crypto";

/** The component type whose outputs name a release target. */
export const PLATFORM_FUNCTION_TYPE = "twin-region:compute:PlatformFunction";

/** One function a release can move (PlatformFunction's `release` output, with its region). */
export interface ReleaseTarget {
  /** The PlatformFunction's logical name, for messages. */
  component: string;
  region: string;
  functionName: string;
  aliasName: string;
  applicationName: string;
  deploymentGroupName: string;
  /** The version Pulumi published last. */
  targetVersion: string;
}

const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/**
 * The release targets of a stack: its PlatformFunctions' `release` and `region` outputs, from the
 * JSON `pulumi stack export` prints (`deployment.resources[]`). A PlatformFunction without complete
 * outputs (an older deployment) is an error, not a silent skip.
 */
export function releaseTargetsOf(stackExport: unknown): ReleaseTarget[] {
  const resources = (stackExport as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
  if (!Array.isArray(resources)) throw new Error("not a `pulumi stack export`: no deployment.resources");
  return resources
    .filter((r) => r?.type === PLATFORM_FUNCTION_TYPE)
    .map((r): ReleaseTarget => {
      const component =
        String(r.urn ?? "")
          .split("::")
          .pop() || "?";
      const release = r.outputs?.release ?? {};
      const region = r.outputs?.region;
      const fields = ["functionName", "aliasName", "applicationName", "deploymentGroupName", "targetVersion"] as const;
      const missing = [...fields.filter((f) => !str(release[f])), ...(str(region) ? [] : ["region"])];
      if (missing.length > 0)
        throw new Error(
          `PlatformFunction "${component}" has no ${missing.join(", ")} in its outputs: run \`pulumi up\` first`,
        );
      return { component, region, ...Object.fromEntries(fields.map((f) => [f, release[f]])) } as ReleaseTarget;
    });
}

/** Whether the alias (now at `currentVersion`) is behind the version Pulumi published. */
export function needsRelease(target: ReleaseTarget, currentVersion: string): boolean {
  if (target.targetVersion === "$LATEST")
    throw new Error(`${target.component}: $LATEST is not a version an alias can be released to`);
  return currentVersion !== target.targetVersion;
}

/** The AppSpec of a Lambda deployment: move the alias from its version to the target (CodeDeploy AppSpec, "Resources" for Lambda). */
export function appSpec(target: ReleaseTarget, currentVersion: string) {
  return {
    version: 0.0,
    Resources: [
      {
        [target.functionName]: {
          Type: "AWS::Lambda::Function",
          Properties: {
            Name: target.functionName,
            Alias: target.aliasName,
            CurrentVersion: currentVersion,
            TargetVersion: target.targetVersion,
          },
        },
      },
    ],
  };
}

/** CodeDeploy's CreateDeployment input for a target: the AppSpec inline (no S3 bucket), with its SHA-256. */
export function deploymentInput(target: ReleaseTarget, currentVersion: string) {
  const content = JSON.stringify(appSpec(target, currentVersion));
  return {
    applicationName: target.applicationName,
    deploymentGroupName: target.deploymentGroupName,
    description: `${target.aliasName}: version ${currentVersion} -> ${target.targetVersion}`.slice(0, 100),
    revision: {
      revisionType: "AppSpecContent" as const,
      appSpecContent: { content, sha256: createHash("sha256").update(content).digest("hex") },
    },
  };
}
