import type * as pulumi from "@pulumi/pulumi";
import { areaPrefix, DataLake, type DataLakeArgs } from "../components/datalake";
import { tombstoneExpiryRule, type ProcessedPrefixes } from "../components/ingestion/defaults";
import type { PlatformConfig } from "./config";
import type { RegionalFoundation } from "./foundation";

/**
 * Where the ingestion pipeline writes in the lake: its change log (every record's changes, hourly
 * NDJSON) is the raw/events/ area, one copy of each, which the raw crawler catalogs as `raw_events`
 * and the ETL job turns into Parquet; the latest image of each item and its tombstones are a
 * processed data set of the real-time area.
 */
export const INGESTION_LAKE_PREFIXES: ProcessedPrefixes = {
  changes: areaPrefix("raw", "events").replace(/\/$/, ""),
  entities: `${areaPrefix("processed", "real-time")}entities`,
  tombstones: `${areaPrefix("processed", "real-time")}tombstones`,
};

/**
 * The region's DataLake: the primary's runs the data platform; the secondary's is the replica its
 * lake replicates into (through the ingestion link's bucket replication, created by the secondary).
 * The ingestion pipeline writes into it (its `processedBucket`), so its tombstone expiry is the lake's.
 * `stores`: the primary's MySQL and Redis (the web tier's), which the platform's credentials name.
 */
export function deployDataLake(
  config: PlatformConfig,
  f: RegionalFoundation,
  opts: pulumi.ComponentResourceOptions,
  stores?: DataLakeArgs["stores"],
) {
  const lake = new DataLake(
    `${config.environment}-data-lake`,
    {
      region: config.region,
      environment: config.environment,
      kmsKeyArn: f.key.keyArn,
      functionRelease: config.functionRelease,
      accessLogBucketName: f.accessLogs.bucketName,
      network: f.network,
      role: config.role === "primary" ? "primary" : "replica",
      ...(stores ? { stores, operations: operationsOf(config) } : {}),
      lifecycleRules: [tombstoneExpiryRule(INGESTION_LAKE_PREFIXES)],
    },
    opts,
  );
  return { lake, processedBucket: { existing: lake.bucket, prefixes: INGESTION_LAKE_PREFIXES } };
}

/** The operations hosts and managed monitoring the config switches on (the primary's lake only). */
function operationsOf(config: PlatformConfig): DataLakeArgs["operations"] {
  const { monitoring } = config;
  return {
    ...(config.opsAllowedCidrs ? { allowedCidrs: config.opsAllowedCidrs } : {}),
    ...(config.kubernetesHost ? { kubernetes: {} } : {}),
    ...(monitoring === "self-hosted" || monitoring === "both" ? { monitoringHost: {} } : {}),
    ...((monitoring === "managed" || monitoring === "both") && config.openSearchMasterUserArn
      ? { managedMonitoring: { openSearchMasterUserArn: config.openSearchMasterUserArn } }
      : {}),
  };
}

/** Interface endpoints the managed monitoring needs besides the network's own: Managed Grafana in the VPC reaches its data sources through them. */
export const MANAGED_MONITORING_ENDPOINTS = ["aps-workspaces", "monitoring"] as const;

/** The names of `dataLakeStackOutputs`. */
export const DATA_LAKE_STACK_OUTPUT_NAMES = [
  "dataLakeBucketName",
  "dataLakeBucketArn",
  "dataLakeZonePrefixes",
  "dataProcessingClusterArn",
  "dataProcessingQueueUrl",
  "dataLakeCatalogDatabase",
  "dataLakeWorkgroup",
  "dataLakeSecretArns",
  "operationsHostIds",
] as const;

/** The lake's stack outputs, for people and the tools that load or query it. */
export function dataLakeStackOutputs(lake: DataLake): Record<(typeof DATA_LAKE_STACK_OUTPUT_NAMES)[number], unknown> {
  return {
    dataLakeBucketName: lake.bucketName,
    dataLakeBucketArn: lake.bucketArn,
    dataLakeZonePrefixes: lake.zonePrefixes,
    dataProcessingClusterArn: lake.clusterArn.apply((arn) => arn ?? ""),
    dataProcessingQueueUrl: lake.workQueueUrl.apply((url) => url ?? ""),
    dataLakeCatalogDatabase: lake.catalogDatabaseName.apply((name) => name ?? ""),
    dataLakeWorkgroup: lake.workgroupName.apply((name) => name ?? ""),
    dataLakeSecretArns: lake.secretArns,
    operationsHostIds: lake.operationsHostIds,
  };
}
