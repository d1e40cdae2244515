/** Route 53 facts the DNS rules and the edge components share. Plain data. */

/** Route 53 publishes its metrics (HealthCheckStatus, ...) in this region only. */
export const ROUTE53_METRICS_REGION = "us-east-1";
