/**
 * The release of a PlatformFunction: which predefined CodeDeploy configuration shifts its `live`
 * alias, resolved from the component arg in one place, and the AppSpec a release sends.
 */
import { invalidArg } from "../shared/errors";
import { FUNCTION_RELEASE_DEFAULTS, FUNCTION_RELEASE_MINUTES } from "./defaults";

/** The ways CodeDeploy can shift traffic to a new version. */
export const RELEASE_STRATEGIES = ["canary", "linear", "all-at-once"] as const;
export type ReleaseStrategy = (typeof RELEASE_STRATEGIES)[number];

export interface FunctionReleaseArgs {
  /**
   * How CodeDeploy shifts the `live` alias to a new version: `canary` (10% first, the rest after
   * `minutes`), `linear` (10% more every `minutes`) or `all-at-once`. Each is rolled back
   * automatically when the function's release alarm fires or the deployment fails.
   * @default "canary"
   */
  strategy?: ReleaseStrategy;
  /**
   * canary: minutes before the rest of the traffic moves (5, 10, 15 or 30); linear: minutes between
   * two 10% steps (1, 2, 3 or 10). Not for all-at-once.
   * @default 5 (canary), 1 (linear)
   */
  minutes?: number;
}

/** A release configuration resolved: the strategy and the predefined CodeDeploy configuration that implements it. */
export interface ResolvedRelease {
  strategy: ReleaseStrategy;
  minutes?: number;
  deploymentConfigName: string;
}

/** CodeDeploy's predefined Lambda configuration for a strategy (names as in the CodeDeploy User Guide). */
export function deploymentConfigName(strategy: ReleaseStrategy, minutes?: number): string {
  switch (strategy) {
    case "all-at-once":
      return "CodeDeployDefault.LambdaAllAtOnce";
    case "canary":
      return `CodeDeployDefault.LambdaCanary10Percent${minutes}Minutes`;
    case "linear":
      return `CodeDeployDefault.LambdaLinear10PercentEvery${minutes}Minute${minutes === 1 ? "" : "s"}`;
  }
}

/** The release arg with its defaults, checked: `component` and `arg` name it in an error. */
export function resolveRelease(
  args: FunctionReleaseArgs | undefined,
  component: string,
  arg = "release",
): ResolvedRelease {
  const strategy = args?.strategy ?? FUNCTION_RELEASE_DEFAULTS.strategy;
  if (!RELEASE_STRATEGIES.includes(strategy))
    throw invalidArg(
      component,
      `${arg}.strategy`,
      `${JSON.stringify(strategy)} is not one of ${RELEASE_STRATEGIES.join(", ")}`,
    );
  if (strategy === "all-at-once") {
    if (args?.minutes !== undefined)
      throw invalidArg(component, `${arg}.minutes`, `${args.minutes}: an all-at-once release has no interval`);
    return { strategy, deploymentConfigName: deploymentConfigName(strategy) };
  }
  const allowed: readonly number[] = FUNCTION_RELEASE_MINUTES[strategy];
  const minutes =
    args?.minutes ??
    (strategy === "canary" ? FUNCTION_RELEASE_DEFAULTS.canaryMinutes : FUNCTION_RELEASE_DEFAULTS.linearMinutes);
  if (!allowed.includes(minutes))
    throw invalidArg(
      component,
      `${arg}.minutes`,
      `${minutes} is not an interval of CodeDeploy's predefined ${strategy} configurations (${allowed.join(", ")})`,
    );
  return { strategy, minutes, deploymentConfigName: deploymentConfigName(strategy, minutes) };
}
