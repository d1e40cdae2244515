/**
 * Secure defaults for keys and tags. The values the policy pack enforces come from its baseline
 * (policy/baseline), so the component, its tests and the rules cannot drift apart.
 */
import { KMS_KEY_BASELINE } from "../../policy/baseline/data";
import { REQUIRED_TAG_KEYS, type RequiredTagKey } from "../../policy/baseline/tagging";

export { REQUIRED_TAG_KEYS, type RequiredTagKey };

export const KMS_KEY_DEFAULTS = {
  enableKeyRotation: KMS_KEY_BASELINE.enableKeyRotation,
  deletionWindowInDays: 30,
  /** AWS allows 7-30 days; the pack's minimum is the floor. */
  minDeletionWindowInDays: KMS_KEY_BASELINE.minDeletionWindowInDays,
  maxDeletionWindowInDays: 30,
} as const;

/** Actions every service in the key policy may use: envelope encryption and nothing else. */
export const KMS_SERVICE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/** The action set AWS documents for CloudWatch Logs (scoped by the log-group encryption context). */
export const KMS_LOGS_ACTIONS = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:Describe*",
] as const;

/**
 * Services that use the key on behalf of a principal in the account; allowed through
 * `kms:ViaService = <service>.<region>.amazonaws.com` and `kms:CallerAccount = <account>`.
 */
export const KMS_VIA_SERVICES = [
  "s3",
  "sqs",
  "sns",
  "kinesis",
  "dynamodb",
  "lambda",
  "secretsmanager",
  "events",
  "states",
  "firehose",
] as const;

/**
 * Services that call KMS as themselves (their own service principal), allowed only for resources
 * of this account (`aws:SourceAccount`): SNS delivering to encrypted queues, EventBridge and
 * CloudWatch alarms publishing to encrypted topics and queues, S3 event notifications to an
 * encrypted queue (the data lake's work queue: without the key, S3 drops them silently).
 */
export const KMS_SERVICE_PRINCIPALS = [
  "sns.amazonaws.com",
  "events.amazonaws.com",
  "cloudwatch.amazonaws.com",
  "s3.amazonaws.com",
] as const;

export const MANAGED_BY = "pulumi";
