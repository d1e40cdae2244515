/**
 * A release of a stack's functions against AWS, through the few calls it needs (injected: the
 * script passes the AWS SDK's clients, the tests a stub). For each target whose alias is behind,
 * one CodeDeploy deployment; then it waits until each has succeeded, failed or been rolled back.
 */
import { deploymentInput, needsRelease, type ReleaseTarget } from "./plan";

/** The Lambda call a release makes. */
export interface AliasReader {
  getAlias(input: { FunctionName: string; Name: string }): Promise<{ FunctionVersion?: string }>;
}

/** The CodeDeploy calls a release makes. */
export interface Deployer {
  createDeployment(input: ReturnType<typeof deploymentInput>): Promise<{ deploymentId?: string }>;
  getDeployment(input: { deploymentId: string }): Promise<{
    deploymentInfo?: { status?: string; errorInformation?: { code?: string; message?: string } };
  }>;
}

/** The clients of a region. */
export type ClientsFor = (region: string) => { lambda: AliasReader; codedeploy: Deployer };

export interface ReleaseOutcome {
  target: ReleaseTarget;
  from: string;
  /** "unchanged" when the alias was already at the target version. */
  status: "unchanged" | "Succeeded" | "Failed" | "Stopped";
  deploymentId?: string;
  error?: string;
}

const DONE = new Set(["Succeeded", "Failed", "Stopped"]);

export interface ReleaseOptions {
  /** Seconds between two looks at a deployment. @default 15 */
  pollSeconds?: number;
  /** Give up waiting after this many seconds (CodeDeploy goes on). @default 3600 */
  timeoutSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/** Releases every target whose alias is behind its published version; resolves when all are done. */
export async function releaseFunctions(
  targets: readonly ReleaseTarget[],
  clientsFor: ClientsFor,
  options: ReleaseOptions = {},
): Promise<ReleaseOutcome[]> {
  const log = options.log ?? (() => {});
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = (options.pollSeconds ?? 15) * 1000;
  const deadline = (options.timeoutSeconds ?? 3600) * 1000;

  // Start every release first: they shift in parallel, each in its own deployment group.
  const started = await Promise.all(
    targets.map(async (target) => {
      const { lambda, codedeploy } = clientsFor(target.region);
      const alias = await lambda.getAlias({ FunctionName: target.functionName, Name: target.aliasName });
      const from = alias.FunctionVersion;
      if (!from) throw new Error(`${target.component}: alias ${target.aliasName} has no version`);
      if (!needsRelease(target, from)) {
        log(`${target.component}: ${target.aliasName} is at version ${from}, nothing to release`);
        return { target, from, status: "unchanged" as const };
      }
      const { deploymentId } = await codedeploy.createDeployment(deploymentInput(target, from));
      if (!deploymentId) throw new Error(`${target.component}: CodeDeploy returned no deployment id`);
      log(`${target.component}: releasing version ${target.targetVersion} (from ${from}), deployment ${deploymentId}`);
      return { target, from, deploymentId };
    }),
  );

  return Promise.all(
    started.map(async (s): Promise<ReleaseOutcome> => {
      if (!("deploymentId" in s) || s.deploymentId === undefined) return s as ReleaseOutcome;
      const { codedeploy } = clientsFor(s.target.region);
      for (let waited = 0; ; waited += pollMs) {
        const info = (await codedeploy.getDeployment({ deploymentId: s.deploymentId })).deploymentInfo;
        const status = info?.status ?? "Unknown";
        if (DONE.has(status)) {
          const error = info?.errorInformation?.message;
          log(`${s.target.component}: deployment ${s.deploymentId} ${status}${error ? `: ${error}` : ""}`);
          return { ...s, status: status as ReleaseOutcome["status"], ...(error ? { error } : {}) };
        }
        if (waited >= deadline)
          throw new Error(
            `${s.target.component}: deployment ${s.deploymentId} still ${status} after ${deadline / 1000} s`,
          );
        await sleep(pollMs);
      }
    }),
  );
}
