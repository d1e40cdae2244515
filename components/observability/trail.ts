/**
 * The account's audit trail (seed 004): one multi-Region CloudTrail trail, owned by the primary
 * stack, that validates and CMK-encrypts its log files into a retention bucket and delivers its
 * events to a CMK-encrypted log group carrying the CIS metric filters and their alarms.
 *
 * The key policy must let CloudTrail use the key before the trail exists (CreateTrail fails with
 * InsufficientEncryptionPolicyException otherwise), and the region's key exists before anything
 * else: `cloudTrailKeyStatements` names the trail by the ARN it will have, from its name, and the
 * trail checks, once created, that its ARN is that one.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KMS_ACTIONS } from "../shared/actions";
import { rolePolicy, serviceRole, type Statement } from "../compute/iam";
import type { KeyPolicyStatement } from "../security/regional-key";
import { invalidArg, validating } from "../shared/errors";
import type { MetricDescriptor } from "../shared/metrics";
import { assertRegionName, regionalName } from "../shared/naming";
import { regionContext } from "../shared/region";
import type { LifecycleTransition } from "../storage/defaults";
import { SecureBucket, type BucketRef, type PolicyStatement } from "../storage/secure-bucket";
import { checkedCisFilterIds, createCisMetricFilters, type CisMetricFilters } from "./cis-filters";
import {
  CLOUDTRAIL_SERVICE_PRINCIPAL,
  IP_ADDRESS_PATTERN,
  LOG_RETENTION_VALUES,
  TRAIL_DEFAULTS,
  TRAIL_NAME_PATTERN,
  type CisFilterId,
} from "./trail-defaults";

export interface AuditTrailArgs {
  /** The trail's home region: the region of the parent's provider (checked when the program runs). */
  region: string;
  /** The region's customer-managed key: log files, digests and the log group are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's access-log bucket (`AccessLogBucket.bucketName`): the trail bucket's S3 server access logs. */
  accessLogBucketName: pulumi.Input<string>;
  /** The region's alarm topic: the CIS alarms notify it. */
  alarmTopicArn: pulumi.Input<string>;
  /**
   * The trail's name: it is in the trail's ARN, which the key policy names before the trail exists
   * (pass the same name to `cloudTrailKeyStatements`). 3-128 letters, digits, ".", "_" and "-",
   * a letter or digit first and last, no two of ".", "_", "-" in a row, not an IP address.
   * @default the `name` given
   */
  trailName?: string;
  /**
   * Days the log group keeps events (a CloudWatch Logs retention value).
   * @default 365
   */
  logRetentionInDays?: number;
  /**
   * When the bucket's log files move to colder storage.
   * @default GLACIER_IR at 30 days, DEEP_ARCHIVE at 180 (SecureBucket role "retention")
   */
  bucketTransitions?: LifecycleTransition[];
  /**
   * Days after which log files expire.
   * @default 2555 (7 years, SecureBucket role "retention")
   */
  bucketExpirationDays?: number;
  /**
   * The CIS metric filters on the log group, by id; root-account-usage, iam-policy-changes,
   * cloudtrail-changes, console-authentication-failures, cmk-disabled-or-scheduled-deletion,
   * security-group-changes and network-acl-changes cannot be left out.
   * @default all fourteen (Security Hub CloudWatch.1-14)
   */
  cisFilters?: CisFilterId[];
  /**
   * Create an alarm per CIS filter, to `alarmTopicArn`. `false` when the caller makes alarms from
   * `metrics` itself.
   * @default true
   */
  createCisAlarms?: boolean;
}

export interface AuditTrail {
  trail: aws.cloudtrail.Trail;
  /** The trail's ARN, checked to be the one the key policy names. */
  trailArn: pulumi.Output<string>;
  trailName: string;
  /** The retention bucket of the log files and digests. */
  bucket: SecureBucket;
  /** The log group CloudTrail delivers events to. */
  logGroup: aws.cloudwatch.LogGroup;
  /** The role CloudTrail assumes to write to the log group. */
  logsRole: aws.iam.Role;
  cis: CisMetricFilters;
  /** The CIS metrics as health signals (alarmed here unless `createCisAlarms: false`). */
  metrics: MetricDescriptor[];
  /**
   * What a reader of the log files needs (an auditor, `aws cloudtrail validate-logs`): s3:GetObject
   * and s3:ListBucket under `AWSLogs/`, and kms:Decrypt through S3 for this bucket. The key policy's
   * account statement delegates to IAM, so a reader in the account needs no key-policy statement.
   */
  readStatements(): PolicyStatement[];
}

/** What names a trail's ARN: `arn:<partition>:cloudtrail:<home region>:<account>:trail/<name>`. */
export interface TrailArnContext {
  trailName: string;
  /** The trail's home region. */
  region: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
  partition: pulumi.Input<string>;
}

/** The ARN a trail of this name will have (CloudTrail's documented format). */
export const plannedTrailArn = (ctx: TrailArnContext): pulumi.Output<string> =>
  pulumi.interpolate`arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${ctx.trailName}`;

/**
 * Key-policy statements for the region's RegionalKey (`policyStatements`) that let CloudTrail
 * encrypt this trail's log files and digests with the key (CloudTrail User Guide, "Configure AWS KMS
 * key policies for CloudTrail"):
 * - kms:GenerateDataKey* and kms:Decrypt for cloudtrail.amazonaws.com, only for this trail
 *   (aws:SourceArn) and only for this account's trails' encryption context
 *   (kms:EncryptionContext:aws:cloudtrail:arn); kms:Decrypt is required because the bucket uses an
 *   S3 Bucket Key, as in AWS Control Tower's documented statement;
 * - kms:DescribeKey, only for this trail.
 * Readers of the log files need kms:Decrypt too, which the key policy's account statement leaves to
 * their IAM policies (`AuditTrail.readStatements`).
 */
export function cloudTrailKeyStatements(ctx: TrailArnContext): KeyPolicyStatement[] {
  const trailArn = plannedTrailArn(ctx);
  const sourceArn = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };
  return [
    {
      sid: "CloudTrailEncryptsTrailLogs",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [CLOUDTRAIL_SERVICE_PRINCIPAL] }],
      actions: [...KMS_ACTIONS.serviceDataKeys],
      resources: ["*"],
      conditions: [
        sourceArn,
        {
          test: "StringLike",
          variable: "kms:EncryptionContext:aws:cloudtrail:arn",
          values: [pulumi.interpolate`arn:${ctx.partition}:cloudtrail:*:${ctx.accountId}:trail/*`],
        },
      ],
    },
    {
      sid: "CloudTrailDescribesKey",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [CLOUDTRAIL_SERVICE_PRINCIPAL] }],
      actions: [...KMS_ACTIONS.describe],
      resources: ["*"],
      conditions: [sourceArn],
    },
  ];
}

/**
 * Bucket-policy statements that let CloudTrail deliver this trail's log files and digests (CloudTrail
 * User Guide, "Amazon S3 bucket policy for CloudTrail"): s3:GetBucketAcl on the bucket and
 * s3:PutObject under `AWSLogs/<account>/` with the bucket-owner-full-control ACL, both only for this
 * trail (aws:SourceArn). CloudTrail always sends that canned ACL; a bucket with ACLs disabled
 * (BucketOwnerEnforced) accepts it, so the condition holds and costs nothing.
 */
export function cloudTrailBucketStatements(
  trailArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): (bucket: BucketRef) => PolicyStatement[] {
  const sourceArn = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };
  return (bucket) => [
    {
      sid: "CloudTrailChecksBucketAcl",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [CLOUDTRAIL_SERVICE_PRINCIPAL] }],
      actions: ["s3:GetBucketAcl"],
      resources: [bucket.arn],
      conditions: [sourceArn],
    },
    {
      sid: "CloudTrailWritesLogFiles",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [CLOUDTRAIL_SERVICE_PRINCIPAL] }],
      actions: ["s3:PutObject"],
      resources: [pulumi.interpolate`${bucket.arn}/${TRAIL_DEFAULTS.logKeyPrefix}${accountId}/*`],
      conditions: [{ test: "StringEquals", variable: "s3:x-amz-acl", values: [TRAIL_DEFAULTS.objectAcl] }, sourceArn],
    },
  ];
}

/**
 * The log group's streams CloudTrail creates and writes (`<account>_CloudTrail_<region>[_<n>]`), as
 * the role policy CloudTrail's console creates names them (User Guide, "Role policy document for
 * CloudTrail to use CloudWatch Logs"), for every source region of a multi-Region trail.
 */
export function cloudTrailLogsStatements(
  logGroupArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): Statement[] {
  // Some APIs report log-group ARNs with a trailing ":*"; the stream ARN needs the bare one.
  const group = pulumi.output(logGroupArn).apply((arn) => arn.replace(/:\*$/, ""));
  return [
    {
      sid: "DeliverTrailEvents",
      effect: "Allow",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [pulumi.interpolate`${group}:log-stream:${accountId}${TRAIL_DEFAULTS.logStreamInfix}*`],
    },
  ];
}

interface Settings {
  trailName: string;
  cisFilters: CisFilterId[];
}

function validate(name: string, args: AuditTrailArgs): Settings {
  try {
    assertRegionName("region", args.region);
  } catch (e) {
    throw invalidArg("AuditTrail", "region", (e as Error).message.replace(/^region: /, ""));
  }
  const trailName = args.trailName ?? name;
  if (!TRAIL_NAME_PATTERN.test(trailName) || IP_ADDRESS_PATTERN.test(trailName)) {
    throw invalidArg(
      "AuditTrail",
      "trailName",
      `"${trailName}"${args.trailName === undefined ? " (the name given)" : ""} is not a CloudTrail trail name: 3-128 letters, digits, ".", "_" and "-", a letter or digit first and last, no two of ".", "_", "-" in a row, not an IP address`,
    );
  }
  const retention = args.logRetentionInDays;
  if (retention !== undefined && !LOG_RETENTION_VALUES.includes(retention)) {
    throw invalidArg(
      "AuditTrail",
      "logRetentionInDays",
      `${retention} is not a CloudWatch Logs retention value (${LOG_RETENTION_VALUES.join(", ")})`,
    );
  }
  return { trailName, cisFilters: checkedCisFilterIds("AuditTrail", args.cisFilters) };
}

/**
 * The audit trail and what it needs, as children of `parent` (whose provider is the home region's):
 * the retention bucket (SecureBucket, with CloudTrail's bucket policy), the log group and the role
 * CloudTrail writes to it with, the trail (created after the bucket policy and the role's policy:
 * CreateTrail checks both), and the CIS metric filters with their alarms.
 */
export function createAuditTrail(name: string, args: AuditTrailArgs, parent: pulumi.Resource): AuditTrail {
  const settings = validating("AuditTrail", () => validate(name, args));
  const where = regionContext("AuditTrail", args.region, parent);
  const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const expectedArn = plannedTrailArn({
    trailName: settings.trailName,
    region: where.region,
    accountId,
    partition: where.partition,
  });

  const bucket = new SecureBucket(
    `${name}-trail-logs`,
    {
      region: args.region,
      role: TRAIL_DEFAULTS.bucketRole,
      kmsKeyArn: args.kmsKeyArn,
      accessLogBucket: args.accessLogBucketName,
      ...(args.bucketTransitions === undefined ? {} : { transitions: args.bucketTransitions }),
      ...(args.bucketExpirationDays === undefined ? {} : { expirationDays: args.bucketExpirationDays }),
      policyStatements: cloudTrailBucketStatements(expectedArn, accountId),
    },
    { parent },
  );

  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-trail-events`,
    { retentionInDays: args.logRetentionInDays ?? TRAIL_DEFAULTS.logRetentionInDays, kmsKeyId: args.kmsKeyArn },
    { parent },
  );
  // CloudTrail sends no source context when it assumes this role (AWS documents the trust without
  // conditions; with them delivery stops): only principals allowed iam:PassRole on it in this
  // account can give it to a trail, and it can only write this log group's CloudTrail streams.
  const logsRole = serviceRole(
    regionalName(`${name}-trail-logs`, args.region),
    {
      service: CLOUDTRAIL_SERVICE_PRINCIPAL,
      withoutSourceContext: true,
      description: `CloudTrail delivers trail ${settings.trailName}'s events to its log group`,
    },
    { parent },
  );
  const logsPolicy = rolePolicy(`${name}-trail-logs`, logsRole, cloudTrailLogsStatements(logGroup.arn, accountId), {
    parent,
  });

  const trail = new aws.cloudtrail.Trail(
    `${name}-trail`,
    {
      name: settings.trailName,
      s3BucketName: bucket.bucketName,
      isMultiRegionTrail: TRAIL_DEFAULTS.isMultiRegionTrail,
      includeGlobalServiceEvents: TRAIL_DEFAULTS.includeGlobalServiceEvents,
      enableLogFileValidation: TRAIL_DEFAULTS.enableLogFileValidation,
      enableLogging: TRAIL_DEFAULTS.enableLogging,
      eventSelectors: [{ ...TRAIL_DEFAULTS.eventSelector }],
      kmsKeyId: args.kmsKeyArn,
      cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: logsRole.arn,
    },
    // CreateTrail checks that CloudTrail may write the bucket and use the role: the bucket's whole
    // configuration (its policy included) and the role's policy come first.
    { parent, dependsOn: [bucket, logsPolicy] },
  );
  const trailArn = pulumi.all([trail.arn, expectedArn]).apply(([actual, expected]) => {
    if (actual !== expected) {
      throw new Error(
        `AuditTrail: the trail's ARN "${actual}" is not "${expected}", the ARN the key and bucket policies allow`,
      );
    }
    return actual;
  });

  const cis = createCisMetricFilters(
    name,
    {
      logGroupName: logGroup.name,
      alarmTopicArn: args.alarmTopicArn,
      filters: settings.cisFilters,
      createAlarms: args.createCisAlarms,
    },
    parent,
  );

  return {
    trail,
    trailArn,
    trailName: settings.trailName,
    bucket,
    logGroup,
    logsRole,
    cis,
    metrics: cis.metrics,
    readStatements: () => bucket.readStatements({ prefix: TRAIL_DEFAULTS.logKeyPrefix }),
  };
}
