/**
 * The audit trail's defaults, in one place: the trail module, its tests and the audit policy rules
 * read them (the CIS patterns and the CloudTrail principal come from the pack's baseline).
 */
import {
  CIS_FILTER_IDS,
  CIS_METRIC_FILTERS,
  CLOUDTRAIL_SERVICE_PRINCIPAL,
  REQUIRED_CIS_FILTER_IDS,
  type CisFilterId,
  type CisMetricFilter,
} from "../../policy/baseline/audit";
import { LOG_RETENTION, LOG_RETENTION_VALUES } from "../../policy/baseline/observability";
import { BUCKET_ROLES } from "../storage/defaults";

export {
  CIS_FILTER_IDS,
  CIS_METRIC_FILTERS,
  CLOUDTRAIL_SERVICE_PRINCIPAL,
  LOG_RETENTION_VALUES,
  REQUIRED_CIS_FILTER_IDS,
  type CisFilterId,
  type CisMetricFilter,
};

export const TRAIL_DEFAULTS = {
  /** Every region's management events, in the home region's bucket and log group. */
  isMultiRegionTrail: true,
  /** IAM, STS and CloudFront events; AWS requires them on a multi-Region trail. */
  includeGlobalServiceEvents: true,
  enableLogFileValidation: true,
  enableLogging: true,
  /** All read and write management events, no excluded sources (CloudTrail.1, and CloudWatch.7 needs KMS's). */
  eventSelector: { readWriteType: "All", includeManagementEvents: true },
  /** The trail's log group keeps events a year (CloudWatch.16); the bucket keeps the log files longer. */
  logRetentionInDays: LOG_RETENTION.defaultRetentionDays,
  /**
   * The bucket's SecureBucket role: GLACIER_IR at 30 days, DEEP_ARCHIVE at 180, expiry after 7
   * years (components/storage ROLE_LIFECYCLE_DEFAULTS), noncurrent versions after 30 days.
   */
  bucketRole: BUCKET_ROLES.retention,
  /** Where CloudTrail writes under the bucket: `AWSLogs/<account>/` (log files and digests). */
  logKeyPrefix: "AWSLogs/",
  /** The canned ACL CloudTrail's PutObject carries; S3 accepts it with ACLs disabled (BucketOwnerEnforced). */
  objectAcl: "bucket-owner-full-control",
  /** The streams CloudTrail creates in the log group: `<account>_CloudTrail_<region>[_<n>]`. */
  logStreamInfix: "_CloudTrail_",
} as const;

export const CIS_ALARM_DEFAULTS = {
  /** Our namespace for the CIS metrics (metrics without dimensions). */
  metricNamespace: "TwinRegion/CIS",
  /** Each matching event counts 1. */
  metricValue: "1",
  statistic: "Sum",
  periodSeconds: 300,
  evaluationPeriods: 1,
  /** One matching event in five minutes raises the alarm (the CIS remediation's Greater/Equal 1). */
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  /** No event is no data: the alarm stays OK. */
  treatMissingData: "notBreaching",
} as const;

/** CloudTrail trail names: 3-128 of letters, digits, ".", "_", "-"; alphanumeric ends; no two separators in a row. */
export const TRAIL_NAME_PATTERN = /^(?=.{3,128}$)[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9]))*$/;
/** "Not be in IP address format". */
export const IP_ADDRESS_PATTERN = /^\d{1,3}(\.\d{1,3}){3}$/;
