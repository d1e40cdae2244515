import { resolveRelease, type FunctionReleaseArgs } from "../../components/compute/release";
import type { FunctionReleaseStrategy } from "./enums";

/** How CodeDeploy releases a new version of the component's functions to their `live` aliases. */
export interface FunctionRelease {
  /** canary (10% first, the rest after `minutes`), linear (10% more every `minutes`) or all-at-once. Default: canary. */
  strategy?: FunctionReleaseStrategy;
  /** canary: 5, 10, 15 or 30 (default 5); linear: 1, 2, 3 or 10 (default 1). Not with all-at-once. */
  minutes?: number;
}

/**
 * The TypeScript `functionRelease` from the package's, checked now by the library's own rules so a
 * wrong value names the component and `functionRelease` (the functions check it again, as theirs);
 * what is left out stays undefined, for the library's defaults.
 */
export function functionReleaseArgs(
  component: string,
  release: FunctionRelease | undefined,
): FunctionReleaseArgs | undefined {
  if (release === undefined) return undefined;
  resolveRelease(release, component, "functionRelease");
  return { strategy: release.strategy, minutes: release.minutes };
}
