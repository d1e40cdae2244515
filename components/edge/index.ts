/** The global edge: each region's members of the shared Route 53 names (failover for the web application, latency for the API). */
export * from "./defaults";
export * from "./failover-endpoint";
export * from "./health-check-metrics";
export * from "./latency-endpoint";
export type { HealthCheckTiming } from "./validation";
