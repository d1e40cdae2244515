import * as pulumi from "@pulumi/pulumi";
import { validating } from "../../components/shared/errors";
import { DataLake as Lake, type DataLakeArgs as LakeArgs } from "../../components/datalake";
import type { LakeRole, RedisEngine } from "./enums";
import { networkFromRef, type NetworkRef } from "./network-ref";
import { adopt } from "./outputs";
import { functionReleaseArgs, type FunctionRelease } from "./release";

/** The processing service's scaling (its other settings are the component's defaults). */
export interface LakeProcessingSettings {
  /** Default: 2. */
  desiredCount?: number;
  minTasks?: number;
  maxTasks?: number;
  cpuTargetPercent?: number;
  /** Images kept in the Spark job repository. */
  keepImages?: number;
}

/** The MySQL the lake's credential is for (the web tier's Aurora writer). */
export interface LakeMysql {
  /** The MySQL endpoint the lake's jobs read (e.g. the web tier's `databaseWriterEndpoint`). */
  host: pulumi.Input<string>;
  /** Default: 3306. */
  port?: pulumi.Input<number>;
  /** The database (schema) the lake reads. */
  database: pulumi.Input<string>;
  /** The lake's own MySQL user; it must exist before the first rotation. Default: "data_lake". */
  username?: string;
}

/** The Redis the lake's credential is for (the web tier's cache). */
export interface LakeRedis {
  /** The Redis endpoint (e.g. the web tier's `cacheEndpoint`). */
  host: pulumi.Input<string>;
  /** Default: 6379. */
  port?: pulumi.Input<number>;
  /** Default: redis. */
  engine?: RedisEngine;
  /** The AUTH token the Redis already has (a secret, e.g. the web tier's `cacheAuthToken`). Default: a generated one. */
  password?: pulumi.Input<string>;
}

/** The stores the platform's MySQL and Redis credentials are for, and the MySQL rotation function's security groups. */
export interface LakeStores {
  mysql: LakeMysql;
  redis: LakeRedis;
  /** Security groups of the MySQL credential's rotation function: one the database admits. */
  rotationSecurityGroupIds: pulumi.Input<string[]>;
}

/**
 * DataLake's args in the component package. Where they differ from the TypeScript ones: `network`
 * is a NetworkRef (a RegionalNetwork's outputs) instead of the RegionalNetwork object; `role` an
 * enum; `stores.redis.engine` an enum; `processing` its scaling only; `functionRelease.strategy`
 * an enum; `thresholds` a map of strings. Not here: `analytics`, `operations` (the hosts) and `lifecycleRules`: the component's
 * defaults apply (no hosts).
 */
export interface DataLakeArgs {
  /** The region the lake deploys to, its provider's (checked). */
  region: string;
  /** `<env>` of the seed's names (`<env>-data-lake-…`): lowercase letters, digits and dashes, up to 20. */
  environment: string;
  /** The region's CMK. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's S3 server access log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /** primary (processing, catalog, operations) or replica (the bucket only). Default: primary. */
  role?: LakeRole;
  /** The region's network, by a RegionalNetwork's outputs. Required unless `role` is replica. */
  network?: NetworkRef;
  /** The stores the lake's credentials are for. Required unless `role` is replica. */
  stores?: LakeStores;
  /** The processing service's scaling. Default: the component's. */
  processing?: LakeProcessingSettings;
  /** Days between rotations of the MySQL credential. Default: 30. */
  rotationDays?: number;
  /** How CodeDeploy releases the lake's functions' new versions (the MySQL rotation's). Default: canary, 10% for 5 minutes. */
  functionRelease?: FunctionRelease;
  /** Alarm thresholds by metric id (a DataLakeMetricId of the TypeScript package); an unknown id is an error. */
  thresholds?: Record<string, number>;
}

/**
 * Seed 003's data lake in one region: the CMK-encrypted lake bucket with its zones, the processing
 * cluster and work queue, the Glue catalog and Athena workgroup. The TypeScript DataLake
 * (components/datalake) with the args above.
 */
export class DataLake extends pulumi.ComponentResource {
  /** The lake bucket's name (`<env>-data-lake-<region code>-<8 hex>`). */
  public readonly bucketName!: pulumi.Output<string>;
  /** The lake bucket's ARN. */
  public readonly bucketArn!: pulumi.Output<string>;
  /** The zones' prefixes and their areas. */
  public readonly zonePrefixes!: pulumi.Output<Record<string, string[]>>;
  /** The processing cluster's ARN (undefined in a replica). */
  public readonly clusterArn!: pulumi.Output<string | undefined>;
  /** The processing service's name (undefined in a replica). */
  public readonly processingServiceName!: pulumi.Output<string | undefined>;
  /** The Glue catalog database (undefined in a replica). */
  public readonly catalogDatabaseName!: pulumi.Output<string | undefined>;
  /** The Athena workgroup (undefined in a replica). */
  public readonly workgroupName!: pulumi.Output<string | undefined>;
  /** The platform's secrets by name (empty in a replica). */
  public readonly secretArns!: pulumi.Output<Record<string, string>>;
  /** The work queue's URL (undefined in a replica). */
  public readonly workQueueUrl!: pulumi.Output<string | undefined>;

  constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    const functionRelease = validating("DataLake", () => functionReleaseArgs("DataLake", args.functionRelease));
    super("twin-region:index:DataLake", name, {}, opts);
    const tsArgs: LakeArgs = {
      region: args.region,
      environment: args.environment,
      kmsKeyArn: args.kmsKeyArn,
      accessLogBucketName: args.accessLogBucketName,
      role: args.role,
      network: args.network && networkFromRef(args.network, name, this),
      stores: args.stores,
      processing: args.processing,
      rotationDays: args.rotationDays,
      functionRelease,
      thresholds: args.thresholds as LakeArgs["thresholds"],
    };
    const lake = new Lake(name, tsArgs, { parent: this });
    this.registerOutputs(
      adopt(this, {
        bucketName: lake.bucketName,
        bucketArn: lake.bucketArn,
        zonePrefixes: lake.zonePrefixes,
        clusterArn: lake.clusterArn,
        processingServiceName: lake.processingServiceName,
        catalogDatabaseName: lake.catalogDatabaseName,
        workgroupName: lake.workgroupName,
        secretArns: lake.secretArns as pulumi.Output<Record<string, string>>,
        workQueueUrl: lake.workQueueUrl,
      }),
    );
  }
}
