import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { randomBucketName, SecureBucket } from "../storage";
import type { LakeContext } from "./context";
import { LAKE_LIFECYCLE_DEFAULTS, lakeBucketBaseName } from "./lake-defaults";
import { ALL_AREA_PREFIXES, LAKE_SERVICE_PREFIXES, LAKE_ZONES } from "./zones";

type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

export interface LakeBucketArgs {
  /** The region's S3 server access-log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /** "data" in the primary; "replica" in the secondary, which receives the primary lake's objects by replication. */
  role: "data" | "replica";
  /** More lifecycle rules after the zones' own (e.g. the ingestion pipeline's tombstone expiry under raw/events/). */
  lifecycleRules?: LifecycleRule[];
}

/** The zones' lifecycle: raw cools to Intelligent-Tiering then Glacier; processed and curated live in Intelligent-Tiering; working files expire. */
export function lakeLifecycleRules(): LifecycleRule[] {
  const d = LAKE_LIFECYCLE_DEFAULTS;
  const expire = (id: string, prefix: string, days: number): LifecycleRule => ({
    id,
    status: "Enabled",
    filter: { prefix },
    expiration: { days },
  });
  return [
    {
      id: "raw-zone-cools",
      status: "Enabled",
      filter: { prefix: LAKE_ZONES.raw.prefix },
      transitions: [
        { days: d.rawIntelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" },
        { days: d.rawGlacierAfterDays, storageClass: "GLACIER" },
      ],
    },
    ...(["processed", "curated"] as const).map((zone): LifecycleRule => ({
      id: `${zone}-zone-intelligent-tiering`,
      status: "Enabled",
      filter: { prefix: LAKE_ZONES[zone].prefix },
      transitions: [{ days: d.refinedIntelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" }],
    })),
    expire("athena-results-expire", LAKE_SERVICE_PREFIXES.athenaResults, d.athenaResultsExpirationDays),
    expire("glue-temporary-expire", LAKE_SERVICE_PREFIXES.glueTemp, d.glueTemporaryExpirationDays),
  ];
}

/**
 * The lake's bucket: `<env>-data-lake-<region code>-<8 hex>` through SecureBucket (the region's CMK,
 * versioning, public access blocked, TLS only, access logging), the zones' lifecycle, old versions
 * expiring, and an empty object per zone area (raw/logs/, …, curated/ml/) so the layout is visible
 * before the first data arrives and every prefix a grant or crawler names exists.
 */
export function createLakeBucket(ctx: LakeContext, args: LakeBucketArgs): SecureBucket {
  const { parent } = ctx;
  const bucket = new SecureBucket(
    `${ctx.name}-bucket`,
    {
      region: ctx.region,
      bucketName: randomBucketName(lakeBucketBaseName(ctx.environment), ctx.region, { parent }),
      role: args.role,
      kmsKeyArn: ctx.kmsKeyArn,
      accessLogBucket: args.accessLogBucketName,
      noncurrentVersionExpirationDays: LAKE_LIFECYCLE_DEFAULTS.noncurrentVersionExpirationDays,
      lifecycleRules: [...lakeLifecycleRules(), ...(args.lifecycleRules ?? [])],
    },
    { parent },
  );
  // The replica's areas arrive with the primary's objects.
  if (args.role === "data") {
    for (const prefix of ALL_AREA_PREFIXES) {
      new aws.s3.BucketObjectv2(
        `${ctx.name}-${prefix.replace(/\/$/, "").replace(/\//g, "-")}`,
        {
          bucket: bucket.bucketName,
          key: prefix,
          content: "",
          serverSideEncryption: "aws:kms",
          kmsKeyId: ctx.kmsKeyArn,
          bucketKeyEnabled: true,
        },
        { parent },
      );
    }
  }
  return bucket;
}
