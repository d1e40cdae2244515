/** Defaults and limits of the edge components' Route 53 parts, in one place. */
import { ROUTE53_METRICS_REGION } from "../../policy/baseline/dns";

/** Route 53 publishes health-check metrics (AWS/Route53) in this region only: their alarms live here. */
export const HEALTH_CHECK_METRICS_REGION = ROUTE53_METRICS_REGION;

/** The intervals Route 53 offers between one checker's requests: standard and fast (fast costs more). */
export const HEALTH_CHECK_INTERVALS = [30, 10] as const;
export type HealthCheckInterval = (typeof HEALTH_CHECK_INTERVALS)[number];

/** Consecutive results that change a health check's status, as Route 53 accepts them. */
export const FAILURE_THRESHOLD_RANGE = { min: 1, max: 10 } as const;

export const EDGE_DEFAULTS = {
  /** The application's health route (functions/web-app answers 503 when a dependency is down). */
  healthCheckPath: "/health",
  healthCheckPort: 443,
  /** Standard interval; 10 is the fast option. */
  requestIntervalSeconds: 30 as HealthCheckInterval,
  failureThreshold: 3,
  /** An API region whose health alarm has no data (no traffic) stays in the answers. */
  insufficientDataHealthStatus: "Healthy",
} as const;

/** Route 53 answers an alias to an AWS resource with the target's TTL: 60 s for load balancers and API Gateway. */
export const ALIAS_TARGET_TTL_SECONDS = 60;
