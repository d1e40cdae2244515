import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invalidArg, validating } from "../shared/errors";
import { applyThresholds, checkThresholds, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { regionContext } from "../shared/region";
import type { SecureBucket } from "../storage";
import type { LakeContext } from "./context";
import { createLakeBucket } from "./lake";
import { LAKE_SERVICE_PREFIXES, LAKE_ZONES } from "./zones";

/** Every metric id `DataLake.metrics()` can describe and `thresholds` can override. */
export const DATA_LAKE_METRIC_IDS = [] as const;
export type DataLakeMetricId = (typeof DATA_LAKE_METRIC_IDS)[number];

/** Environment names go into bucket, database, cluster and secret names: lower-case letters, digits and hyphens. */
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,19}$/;

export interface DataLakeArgs {
  /** The region the lake deploys to, its provider's (checked): it goes into the bucket's name. */
  region: string;
  /** `<env>` of the seed's names (`<env>-data-lake-…`, `<env>_data_lake_catalog`, `<env>-data-processing-cluster`). */
  environment: string;
  /** The region's CMK: the bucket, catalog, logs, queues, secrets and images. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's S3 server access-log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /**
   * `"replica"`: the secondary region's lake, which receives the primary lake's objects by
   * replication (the rule belongs to the secondary stack) and runs nothing of its own.
   * @default "primary"
   */
  role?: "primary" | "replica";
  /** More lifecycle rules for the bucket, after the zones' own (e.g. the ingestion pipeline's `tombstoneExpiryRule`). @default none */
  lifecycleRules?: aws.types.input.s3.BucketLifecycleConfigurationRule[];
  /** Alarm thresholds by metric id (`DataLakeMetricId`); an unknown id is an error. @default each signal's own */
  thresholds?: Thresholds<DataLakeMetricId>;
}

/**
 * The data platform of seed 002 in one region: the S3 lake with its raw, processed and curated
 * zones (SecureBucket: the region's CMK, versioning, TLS only, access logs; lifecycle per zone).
 * In the secondary region (`role: "replica"`) only the bucket, which the primary's lake replicates into.
 */
export class DataLake extends pulumi.ComponentResource {
  /** The lake bucket's name (`<env>-data-lake-<region code>-<8 hex>`). */
  public readonly bucketName: pulumi.Output<string>;
  /** The lake bucket's ARN. */
  public readonly bucketArn: pulumi.Output<string>;
  /** The zones' prefixes and their areas (raw/: logs, events, feeds; processed/: daily, hourly, real-time; curated/: analytics, reporting, ml). */
  public readonly zonePrefixes: pulumi.Output<Record<string, string[]>>;
  /** The lake bucket itself (for a writer that takes a SecureBucket, e.g. the ingestion pipeline's `processedBucket`). */
  public readonly bucket: SecureBucket;

  private readonly signals: MetricDescriptor[] = [];
  private readonly thresholds: Thresholds<DataLakeMetricId>;

  constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    const thresholds = validating("DataLake", () => {
      if (!ENVIRONMENT.test(args.environment))
        throw invalidArg(
          "DataLake",
          "environment",
          `"${args.environment}" must be 1-20 lower-case letters, digits and hyphens, starting with a letter`,
        );
      return checkThresholds("DataLake", DATA_LAKE_METRIC_IDS, args.thresholds);
    });
    super("twin-region:datalake:DataLake", name, {}, opts);
    const where = regionContext("DataLake", args.region, this);
    this.thresholds = thresholds;
    const ctx: LakeContext = {
      name,
      environment: args.environment,
      region: args.region,
      kmsKeyArn: args.kmsKeyArn,
      parent: this,
    };
    const role = args.role ?? "primary";
    this.bucket = createLakeBucket(ctx, {
      accessLogBucketName: args.accessLogBucketName,
      role: role === "primary" ? "data" : "replica",
      lifecycleRules: args.lifecycleRules,
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
    this.zonePrefixes = pulumi.output(
      Object.fromEntries(
        Object.values(LAKE_ZONES).map((zone) => [zone.prefix, zone.areas.map((area) => `${zone.prefix}${area}/`)]),
      ),
    );
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      zonePrefixes: this.zonePrefixes,
      athenaResultsPrefix: LAKE_SERVICE_PREFIXES.athenaResults,
      region: where.region,
    });
  }

  /** The lake's health signals, with `thresholds` applied. Pass them to an AlarmSet. */
  metrics(): MetricDescriptor[] {
    return applyThresholds(this.signals, this.thresholds);
  }
}
