/**
 * ObservabilityStack defaults: which health signals make up a region's health (the composite alarm
 * the failover runbook and the recovery report refer to), and the notification endpoints' rules.
 */

/**
 * The signals whose alarm means the region is not serving: the application's errors and
 * capacity, the ingestion path's errors and lag, the API's server errors, the database's
 * replication. Only those present in a stack are in its composite alarm.
 */
export const REGION_HEALTH_SIGNALS = [
  "alb-5xx",
  "target-5xx",
  "unhealthy-hosts",
  "unhealthy-hosts-green",
  "running-tasks",
  "api-5xx-rate",
  "stream-iterator-age",
  "consumer-errors",
  "database-replication-lag",
] as const;

/** SNS SMS endpoints: E.164 phone numbers. */
export const E164_PHONE = /^\+[1-9]\d{6,14}$/;
