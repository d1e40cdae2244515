import type * as pulumi from "@pulumi/pulumi";
import { areaPrefix, DataLake } from "../components/datalake";
import { processedPrefixes, tombstoneExpiryRule } from "../components/ingestion/defaults";
import type { PlatformConfig } from "./config";
import type { RegionalFoundation } from "./foundation";

/** The ingestion pipeline's processed records land in the lake's raw/events/ area: one copy of each. */
export const INGESTION_LAKE_PREFIX = areaPrefix("raw", "events");

/**
 * The region's DataLake: the primary's runs the data platform; the secondary's is the replica its
 * lake replicates into (through the ingestion link's bucket replication, created by the secondary).
 * The ingestion pipeline writes into it (its `processedBucket`), so its tombstone expiry is the lake's.
 */
export function deployDataLake(config: PlatformConfig, f: RegionalFoundation, opts: pulumi.ComponentResourceOptions) {
  const lake = new DataLake(
    `${config.environment}-data-lake`,
    {
      region: config.region,
      environment: config.environment,
      kmsKeyArn: f.key.keyArn,
      accessLogBucketName: f.accessLogs.bucketName,
      network: f.network,
      role: config.role === "primary" ? "primary" : "replica",
      lifecycleRules: [tombstoneExpiryRule(processedPrefixes(INGESTION_LAKE_PREFIX))],
    },
    opts,
  );
  return { lake, processedBucket: { existing: lake.bucket, keyPrefix: INGESTION_LAKE_PREFIX } };
}

/** The names of `dataLakeStackOutputs`. */
export const DATA_LAKE_STACK_OUTPUT_NAMES = [
  "dataLakeBucketName",
  "dataLakeBucketArn",
  "dataLakeZonePrefixes",
  "dataProcessingClusterArn",
  "dataProcessingQueueUrl",
] as const;

/** The lake's stack outputs, for people and the tools that load or query it. */
export function dataLakeStackOutputs(lake: DataLake): Record<(typeof DATA_LAKE_STACK_OUTPUT_NAMES)[number], unknown> {
  return {
    dataLakeBucketName: lake.bucketName,
    dataLakeBucketArn: lake.bucketArn,
    dataLakeZonePrefixes: lake.zonePrefixes,
    dataProcessingClusterArn: lake.clusterArn.apply((arn) => arn ?? ""),
    dataProcessingQueueUrl: lake.workQueueUrl.apply((url) => url ?? ""),
  };
}
