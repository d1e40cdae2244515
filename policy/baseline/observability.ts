/**
 * Logging, tracing and alarm baseline: what the observability rules enforce and what the
 * components that create log groups, trails, state machines and alarms apply. Plain data.
 */

/** CloudWatch Logs retention: `retentionInDays` 0 (or unset) means the events never expire. */
export const NEVER_EXPIRE = 0;

export const LOG_RETENTION = {
  /** FSBP CloudWatch.16's default parameter: keep log events for at least a year. */
  minRetentionDays: 365,
  /**
   * Never-expire log groups comply, as in FSBP CloudWatch.16 (AWS Config
   * cw-loggroup-retention-period-check). The cost rule `cloudwatch-log-group-expires` flags them instead.
   */
  allowNeverExpire: true,
  /** What the components set. */
  defaultRetentionDays: 365,
} as const;

/** The values CloudWatch Logs accepts for retentionInDays (0 = never expire). */
export const LOG_RETENTION_VALUES: readonly number[] = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The log group class whose retention AWS fixes at 2 days (its events are delivered elsewhere). */
export const DELIVERY_LOG_GROUP_CLASS = "DELIVERY";

/** Step Functions log levels that record failures (FATAL records only execution-level failures). */
export const SFN_LOG_LEVELS: readonly string[] = ["ALL", "ERROR"];
