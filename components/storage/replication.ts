import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invalidArg, validating } from "../shared/errors";
import { applyThresholds, checkThresholds, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { assertRegionName, regionalName } from "../shared/naming";
import { regionContext } from "../shared/region";
import {
  REPLICA_STORAGE_CLASSES,
  REPLICATION_DEFAULTS,
  REPLICATION_METRIC_DEFAULTS,
  type ReplicaStorageClass,
} from "./defaults";
import type { PolicyStatement } from "./secure-bucket";

export interface BucketReplicationArgs {
  /** Name of the source bucket (in the region of the component's provider). */
  sourceBucketName: pulumi.Input<string>;
  /** ARN of the source bucket. */
  sourceBucketArn: pulumi.Input<string>;
  /** The source region's KMS key, which encrypts the source objects. */
  sourceKmsKeyArn: pulumi.Input<string>;
  /** ARN of the destination (replica) bucket. */
  destinationBucketArn: pulumi.Input<string>;
  /**
   * The destination region's KMS key: replicas are re-encrypted with it. Its ARN also tells the
   * destination region (for the kms:ViaService conditions).
   */
  destinationKmsKeyArn: pulumi.Input<string>;
  /**
   * The source bucket's region: the region of the component's provider (checked), whose short
   * code goes into the replication role's global-namespace name.
   */
  region: string;
  /**
   * The versioning resource of the destination bucket (`replica.versioning`): S3 refuses a
   * replication rule whose destination is not versioned, so the configuration is created after it.
   */
  destinationVersioning: pulumi.Resource;
  /**
   * The versioning resource of the source bucket, when it is in this program. In the two-region
   * platform the source belongs to the primary stack, which only exports its name and ARN; its
   * SecureBucket has versioning enabled before the primary stack completes, so the secondary
   * stack (deployed after it) has nothing to wait for.
   * @default none: the source bucket's versioning is guaranteed by the stack that owns it
   */
  sourceVersioning?: pulumi.Resource;
  /**
   * Replicate only keys under this prefix (e.g. "processed/").
   * @default "" (every object)
   */
  prefix?: string;
  /**
   * Storage class of the replicas.
   * @default the source object's storage class
   */
  storageClass?: ReplicaStorageClass;
  /**
   * S3 Replication Time Control: 15 (the only value S3 accepts) replicates 99.99% of objects
   * within 15 minutes, with metrics and missed-threshold events (extra cost).
   * @default off
   */
  replicationTimeMinutes?: 15;
  /**
   * Replication metrics (latency, pending bytes and operations, failures) in CloudWatch, in the
   * source region; `metrics()` describes their alarms. Required by Replication Time Control.
   * @default true
   */
  replicationMetrics?: boolean;
  /**
   * Replicate delete markers, so a deletion in the source hides the object in the replica too
   * (versions themselves are never deleted by replication).
   * @default true
   */
  deleteMarkerReplication?: boolean;
  /**
   * Alarm thresholds by metric id (`BucketReplicationMetricId`); an unknown id is an error.
   * @default replication-latency 900 s, replication-failures 1
   */
  thresholds?: Thresholds<BucketReplicationMetricId>;
}

/** The replication's health signals (see `metrics()`). */
export const BUCKET_REPLICATION_METRIC_IDS = ["replication-latency", "replication-failures"] as const;
export type BucketReplicationMetricId = (typeof BUCKET_REPLICATION_METRIC_IDS)[number];

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:(?:key|alias)\/.+$/;

/**
 * Cross-region replication of one bucket into another, with SSE-KMS objects re-encrypted by the
 * destination region's key. Created by the SECONDARY stack with an explicit provider for the
 * PRIMARY (source) region (README, Design: "Two regions, one direction"): the replication
 * configuration is a sub-resource of the source bucket, so it lives in the source's region.
 *
 * Creates a role that only S3 acting for the source bucket of this account may assume, with exactly
 * the documented replication permissions (Amazon S3 User Guide, "Replicating encrypted objects"),
 * each on its exact ARNs, and one Enabled rule: filter (prefix), SSE-KMS objects selected,
 * destination bucket and key, delete-marker replication stated, optional storage class and
 * Replication Time Control, replication metrics. The configuration waits for both buckets'
 * versioning and for the role's permissions.
 */
export class BucketReplication extends pulumi.ComponentResource {
  /** The replication role's ARN. */
  public readonly roleArn: pulumi.Output<string>;
  /** The replication role's name. */
  public readonly roleName: pulumi.Output<string>;
  /** The rule's id, a dimension of the replication metrics. */
  public readonly ruleId: string;
  /** The source bucket (a metric dimension). */
  public readonly sourceBucketName: pulumi.Output<string>;

  private readonly componentName: string;
  private readonly destinationBucketName: pulumi.Output<string>;
  private readonly metricsEnabled: boolean;
  private readonly replicationTimeMinutes: number | undefined;
  private readonly thresholds: Thresholds<BucketReplicationMetricId>;

  constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validating("BucketReplication", () => validate(args));
    super("twin-region:storage:BucketReplication", name, {}, opts);
    this.thresholds = settings.thresholds;
    this.componentName = name;
    this.metricsEnabled = settings.metrics;
    this.replicationTimeMinutes = args.replicationTimeMinutes;
    this.ruleId = name;
    const parent = this;

    // The component's provider is the source region's: that is where S3 replicates from.
    const where = regionContext("BucketReplication", args.region, parent);
    const sourceRegion = where.region;
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const dnsSuffix = where.dnsSuffix;
    const destinationRegion = pulumi
      .output(args.destinationKmsKeyArn)
      .apply((arn) => regionOfKey("destinationKmsKeyArn", arn));
    // A key known only when the program runs is checked then (a known one was checked above).
    const checkedSourceRegion = pulumi.all([sourceRegion, args.sourceKmsKeyArn]).apply(([region, keyArn]) => {
      const keyRegion = regionOfKey("sourceKmsKeyArn", keyArn);
      if (keyRegion !== region) {
        throw invalidArg(
          "BucketReplication",
          "sourceKmsKeyArn",
          `"${keyArn}" is in ${keyRegion}, but the component's provider is in ${region}; create BucketReplication with a provider for the source bucket's region, and pass that region's key`,
        );
      }
      return region;
    });

    const sourceArn = pulumi.output(args.sourceBucketArn);
    const destinationArn = pulumi.output(args.destinationBucketArn);
    const keys = settings.prefix ? `${settings.prefix}*` : "*";

    const trust = aws.iam.getPolicyDocumentOutput(
      {
        statements: [
          {
            effect: "Allow",
            principals: [{ type: "Service", identifiers: [REPLICATION_DEFAULTS.servicePrincipal] }],
            actions: ["sts:AssumeRole"],
            conditions: [
              { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
              { test: "ArnLike", variable: "aws:SourceArn", values: [sourceArn] },
            ],
          },
        ],
      },
      { parent },
    );
    const role = new aws.iam.Role(
      regionalName(`${name}-replication`, args.region),
      {
        // The region checks gate the role (a resource input everything else uses), so a wrong provider stops the program.
        assumeRolePolicy: pulumi.all([trust.json, checkedSourceRegion, destinationRegion]).apply(([json]) => json),
        description: pulumi.interpolate`S3 replication of ${args.sourceBucketName} to ${destinationArn}`,
      },
      { parent },
    );

    const statements: PolicyStatement[] = [
      {
        sid: "SourceBucket",
        effect: "Allow",
        actions: [...REPLICATION_DEFAULTS.sourceBucketActions],
        resources: [sourceArn],
      },
      {
        sid: "SourceObjectVersions",
        effect: "Allow",
        actions: [...REPLICATION_DEFAULTS.sourceObjectActions],
        resources: [pulumi.interpolate`${sourceArn}/${keys}`],
      },
      {
        sid: "ReplicateToDestination",
        effect: "Allow",
        actions: [...REPLICATION_DEFAULTS.destinationObjectActions],
        resources: [pulumi.interpolate`${destinationArn}/${keys}`],
        // A KMS-encrypted replica may only be written with the destination region's key.
        conditions: [
          {
            test: "StringLikeIfExists",
            variable: "s3:x-amz-server-side-encryption-aws-kms-key-id",
            values: [args.destinationKmsKeyArn],
          },
        ],
      },
      {
        sid: "DecryptSourceObjects",
        effect: "Allow",
        actions: [...REPLICATION_DEFAULTS.sourceKeyActions],
        resources: [args.sourceKmsKeyArn],
        conditions: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [pulumi.interpolate`s3.${sourceRegion}.${dnsSuffix}`],
          },
          // With S3 Bucket Keys the encryption context is the bucket's ARN, otherwise the object's.
          {
            test: "StringLike",
            variable: "kms:EncryptionContext:aws:s3:arn",
            values: [sourceArn, pulumi.interpolate`${sourceArn}/${keys}`],
          },
        ],
      },
      {
        sid: "EncryptReplicas",
        effect: "Allow",
        actions: [...REPLICATION_DEFAULTS.destinationKeyActions],
        resources: [args.destinationKmsKeyArn],
        conditions: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [pulumi.interpolate`s3.${destinationRegion}.${dnsSuffix}`],
          },
          {
            test: "StringLike",
            variable: "kms:EncryptionContext:aws:s3:arn",
            values: [destinationArn, pulumi.interpolate`${destinationArn}/${keys}`],
          },
        ],
      },
    ];
    const document = aws.iam.getPolicyDocumentOutput({ statements }, { parent }).json;
    const permissions = new aws.iam.RolePolicy(`${name}-replication`, { role: role.id, policy: document }, { parent });

    const metricsOn = {
      status: "Enabled",
      eventThreshold: { minutes: REPLICATION_DEFAULTS.metricsEventThresholdMinutes },
    };
    new aws.s3.BucketReplicationConfig(
      `${name}-config`,
      {
        bucket: args.sourceBucketName,
        role: role.arn,
        rules: [
          {
            id: this.ruleId,
            status: "Enabled",
            priority: 1,
            // A filter makes it a V2 rule, which can state delete-marker replication.
            filter: settings.prefix ? { prefix: settings.prefix } : {},
            deleteMarkerReplication: { status: settings.deleteMarkers ? "Enabled" : "Disabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: destinationArn,
              encryptionConfiguration: { replicaKmsKeyId: args.destinationKmsKeyArn },
              ...(args.storageClass ? { storageClass: args.storageClass } : {}),
              ...(settings.metrics ? { metrics: metricsOn } : {}),
              ...(args.replicationTimeMinutes !== undefined
                ? { replicationTime: { status: "Enabled", time: { minutes: args.replicationTimeMinutes } } }
                : {}),
            },
          },
        ],
      },
      // Both buckets must be versioned, and the role allowed, before S3 accepts and runs the rule.
      {
        parent,
        dependsOn: [permissions, args.destinationVersioning, ...(args.sourceVersioning ? [args.sourceVersioning] : [])],
      },
    );

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.sourceBucketName = pulumi.output(args.sourceBucketName);
    this.destinationBucketName = destinationArn.apply((arn) => arn.slice(arn.indexOf(":::") + 3));
    this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, sourceBucketName: this.sourceBucketName });
  }

  /**
   * Alarm descriptors of the replication metrics (AWS/S3, published in the SOURCE bucket's
   * region, so the alarms belong there): the latency over the 15 minutes RTC promises
   * (Maximum over 5 minutes, 3 periods) and any failed replication operation (Sum >= 1).
   * Empty when `replicationMetrics` is false.
   */
  metrics(): MetricDescriptor[] {
    if (!this.metricsEnabled) return [];
    const base = {
      namespace: "AWS/S3",
      dimensions: {
        SourceBucket: this.sourceBucketName,
        DestinationBucket: this.destinationBucketName,
        RuleId: this.ruleId,
      },
      periodSeconds: REPLICATION_METRIC_DEFAULTS.periodSeconds,
      evaluationPeriods: REPLICATION_METRIC_DEFAULTS.evaluationPeriods,
    };
    return applyThresholds(
      [
        {
          ...base,
          id: "replication-latency",
          description: `${this.componentName}: seconds the replica lags behind the source (RTC target ${this.replicationTimeMinutes ?? REPLICATION_DEFAULTS.replicationTimeMinutes} minutes)`,
          metricName: "ReplicationLatency",
          statistic: "Maximum",
          threshold: REPLICATION_METRIC_DEFAULTS.latencyThresholdSeconds,
          comparisonOperator: "GreaterThanThreshold",
        },
        {
          ...base,
          id: "replication-failures",
          description: `${this.componentName}: objects that failed to replicate`,
          metricName: "OperationsFailedReplication",
          statistic: "Sum",
          threshold: REPLICATION_METRIC_DEFAULTS.failedOperationsThreshold,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
        },
      ],
      this.thresholds,
    );
  }
}

/** The region of a key ARN; anything else is a `BucketReplication: <arg>: …` error (it may be thrown in an apply). */
function regionOfKey(arg: string, arn: string): string {
  const match = KEY_ARN.exec(arn);
  if (!match)
    throw invalidArg(
      "BucketReplication",
      arg,
      `"${arn}" is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)`,
    );
  return match[1]!;
}

interface Settings {
  prefix: string;
  metrics: boolean;
  deleteMarkers: boolean;
  thresholds: Thresholds<BucketReplicationMetricId>;
}

function validate(args: BucketReplicationArgs): Settings {
  assertRegionName("region", args.region);
  for (const [arg, value] of [
    ["sourceBucketArn", args.sourceBucketArn],
    ["destinationBucketArn", args.destinationBucketArn],
  ] as const) {
    if (typeof value === "string" && !BUCKET_ARN.test(value)) {
      throw new Error(`${arg}: "${value}" is not an S3 bucket ARN (arn:<partition>:s3:::<bucket>)`);
    }
  }
  for (const [arg, value] of [
    ["sourceKmsKeyArn", args.sourceKmsKeyArn],
    ["destinationKmsKeyArn", args.destinationKmsKeyArn],
  ] as const) {
    if (typeof value === "string") regionOfKey(arg, value);
  }
  // The source objects' key is in the source bucket's region, which is `region` (the provider's).
  if (typeof args.sourceKmsKeyArn === "string") {
    const keyRegion = regionOfKey("sourceKmsKeyArn", args.sourceKmsKeyArn);
    if (keyRegion !== args.region) {
      throw new Error(
        `sourceKmsKeyArn: "${args.sourceKmsKeyArn}" is in ${keyRegion}, but region is "${args.region}"; create BucketReplication with a provider for the source bucket's region, pass that region as region, and that region's key`,
      );
    }
  }
  if (
    typeof args.sourceBucketName === "string" &&
    typeof args.sourceBucketArn === "string" &&
    BUCKET_ARN.exec(args.sourceBucketArn)?.[1] !== args.sourceBucketName
  ) {
    throw new Error(
      `sourceBucketName: "${args.sourceBucketName}" is not the bucket of sourceBucketArn "${args.sourceBucketArn}"`,
    );
  }
  if (typeof args.sourceBucketArn === "string" && args.sourceBucketArn === args.destinationBucketArn) {
    throw new Error(
      `destinationBucketArn: "${args.destinationBucketArn}" is the source bucket; replicate to another bucket`,
    );
  }
  const prefix = args.prefix ?? "";
  if (prefix.startsWith("/") || prefix.includes("*") || prefix.length > 1024) {
    throw new Error(
      `prefix: "${prefix}" must be a key prefix of at most 1024 characters, without a leading "/" or wildcards`,
    );
  }
  if (args.storageClass !== undefined && !(REPLICA_STORAGE_CLASSES as readonly string[]).includes(args.storageClass)) {
    throw new Error(`storageClass: "${String(args.storageClass)}" is not one of ${REPLICA_STORAGE_CLASSES.join(", ")}`);
  }
  if (
    args.replicationTimeMinutes !== undefined &&
    args.replicationTimeMinutes !== REPLICATION_DEFAULTS.replicationTimeMinutes
  ) {
    throw new Error(
      `replicationTimeMinutes: ${String(args.replicationTimeMinutes)} is not allowed; S3 Replication Time Control only accepts ${REPLICATION_DEFAULTS.replicationTimeMinutes}`,
    );
  }
  const metrics = args.replicationMetrics ?? REPLICATION_DEFAULTS.replicationMetrics;
  if (args.replicationTimeMinutes !== undefined && !metrics) {
    throw new Error(
      "replicationMetrics: false is not allowed with replicationTimeMinutes; S3 Replication Time Control requires replication metrics",
    );
  }
  if (args.destinationVersioning === undefined || !pulumi.Resource.isInstance(args.destinationVersioning)) {
    throw new Error(
      "destinationVersioning: required: the destination bucket's versioning resource (e.g. replica.versioning), so the rule is created after versioning is on",
    );
  }
  if (args.sourceVersioning !== undefined && !pulumi.Resource.isInstance(args.sourceVersioning)) {
    throw new Error("sourceVersioning: must be a resource (the source bucket's versioning, e.g. source.versioning)");
  }
  return {
    prefix,
    metrics,
    deleteMarkers: args.deleteMarkerReplication ?? REPLICATION_DEFAULTS.deleteMarkerReplication,
    thresholds: checkThresholds("BucketReplication", BUCKET_REPLICATION_METRIC_IDS, args.thresholds),
  };
}
