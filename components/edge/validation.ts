import { invalidArg } from "../shared/errors";
import { DNS_NAME } from "../shared/naming";
import { EDGE_DEFAULTS, FAILURE_THRESHOLD_RANGE, HEALTH_CHECK_INTERVALS, type HealthCheckInterval } from "./defaults";

export interface HealthCheckTiming {
  /**
   * Seconds between one Route 53 checker's requests: 30 (standard) or 10 (fast, billed higher).
   * @default 30
   */
  requestIntervalSeconds?: HealthCheckInterval;
  /**
   * Consecutive failed (or passed) checks that make the endpoint unhealthy (or healthy again), 1-10.
   * @default 3
   */
  failureThreshold?: number;
}

/** The timing with its defaults, or an InvalidArgError naming COMPONENT and the arg. */
export function resolveTiming(component: string, timing: HealthCheckTiming | undefined): Required<HealthCheckTiming> {
  const requestIntervalSeconds = timing?.requestIntervalSeconds ?? EDGE_DEFAULTS.requestIntervalSeconds;
  const failureThreshold = timing?.failureThreshold ?? EDGE_DEFAULTS.failureThreshold;
  if (!(HEALTH_CHECK_INTERVALS as readonly number[]).includes(requestIntervalSeconds))
    throw invalidArg(
      component,
      "healthCheck.requestIntervalSeconds",
      `${requestIntervalSeconds} is not ${HEALTH_CHECK_INTERVALS.join(" or ")} (the intervals Route 53 offers)`,
    );
  const { min, max } = FAILURE_THRESHOLD_RANGE;
  if (!Number.isInteger(failureThreshold) || failureThreshold < min || failureThreshold > max)
    throw invalidArg(
      component,
      "healthCheck.failureThreshold",
      `${failureThreshold} is not a whole number from ${min} to ${max}`,
    );
  return { requestIntervalSeconds, failureThreshold };
}

/** A record name in the hosted zone's domain, or an InvalidArgError. */
export function checkRecordName(component: string, arg: string, name: string): string {
  if (!DNS_NAME.test(name)) throw invalidArg(component, arg, `"${name}" is not a lower-case DNS name`);
  return name;
}

/** Route 53's set identifier: 1-128 characters. */
export function setIdentifier(role: string, region: string): string {
  return `${role.toLowerCase()}-${region}`;
}
