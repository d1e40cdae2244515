import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RegionalNetwork } from "../network";
import type { DashboardPanel } from "../shared/dashboard";
import { invalidArg, validating } from "../shared/errors";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import { applyThresholds, checkThresholds, subset, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { regionContext } from "../shared/region";
import type { SecureBucket } from "../storage";
import type { LakeContext } from "./context";
import { createLakeAnalytics, type LakeAnalytics, type LakeAnalyticsArgs } from "./analytics";
import { dataLakePanels, type DataLakeDashboardSources } from "./dashboard";
import { LAKE_ANALYTICS_METRIC_IDS } from "./glue-metrics";
import { createLakeBucket } from "./lake";
import { createManagedMonitoring, type ManagedMonitoring, type ManagedMonitoringArgs } from "./managed-monitoring";
import { createOpsHosts, type KubernetesHostArgs, type MonitoringHostArgs, type OpsHosts } from "./ops-hosts";
import { createLakeSecrets, type LakeMysqlArgs, type LakeRedisArgs, type LakeSecrets } from "./secrets";
import { LAKE_SECRET_NAMES, type LakeSecretName } from "./secrets-defaults";
import { createDataProcessing, type DataProcessing, type DataProcessingArgs } from "./processing";
import { PROCESSING_METRIC_IDS } from "./processing-metrics";
import { LAKE_SERVICE_PREFIXES, LAKE_ZONES } from "./zones";
import type { FunctionReleaseArgs } from "../compute/release";

/** Every metric id `DataLake.metrics()` can describe and `thresholds` can override. */
export const DATA_LAKE_METRIC_IDS = [
  ...PROCESSING_METRIC_IDS,
  ...LAKE_ANALYTICS_METRIC_IDS,
  "secret-rotation-errors",
  "secret-rotation-throttles",
  "secret-rotation-duration",
  "secret-rotation-release-errors",
] as const;
export type DataLakeMetricId = (typeof DATA_LAKE_METRIC_IDS)[number];

/** Environment names go into bucket, database, cluster and secret names: lower-case letters, digits and hyphens. */
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,19}$/;

export interface DataLakeArgs {
  /** How CodeDeploy releases new versions of its functions to their live aliases. @default canary, 10% for 5 minutes */
  functionRelease?: FunctionReleaseArgs;
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
  /** The region's network: the processing tasks run in its private subnets, in a security group the lake creates in it. Required unless `role` is "replica". */
  network?: RegionalNetwork;
  /**
   * The processing cluster's capacity, sizes, scaling, queue and the secrets its tasks read.
   * @default FARGATE_SPOT weight 4 and FARGATE 1, data processing 1 vCPU / 2 GB scaling 0-10 on the queue, no spark task definition
   */
  processing?: Omit<
    DataProcessingArgs,
    "privateSubnetIds" | "securityGroupIds" | "thresholds" | "dataProcessingSecretArns" | "sparkJobSecretArns"
  >;
  /**
   * The stores the platform's MySQL and Redis credentials are for (seed 002's secrets; e.g. the web
   * tier's Aurora writer and Redis), and the security groups of the MySQL credential's rotation
   * function: one the database admits. Required unless `role` is "replica".
   */
  stores?: {
    mysql: LakeMysqlArgs;
    redis: LakeRedisArgs;
    rotationSecurityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  };
  /** Days between rotations of the MySQL credential. @default 30 */
  rotationDays?: number;
  /**
   * The Glue workflow's schedule, the ETL job's size, the quality ruleset and the Athena workgroup.
   * @default hourly at 15 past, 2 G.1X workers for 60 minutes, scripts/processed.dqdl, 10 GiB per query
   */
  analytics?: Omit<LakeAnalyticsArgs, "secretArns" | "thresholds">;
  /**
   * The seed's operations hosts and the managed monitoring alternative (each off unless given; the
   * hosts read their admin passwords from the lake's grafana and argocd secrets).
   * @default none
   */
  operations?: {
    /** IPv4 CIDRs admitted to the UI ports (never the internet). @default the VPC's CIDR */
    allowedCidrs?: string[];
    /** The Kubernetes host with ArgoCD. @default none */
    kubernetes?: Omit<KubernetesHostArgs, "argocdAdminSecretArn">;
    /** The seed's self-hosted monitoring host (Prometheus, Grafana, ELK, Jaeger). @default none */
    monitoringHost?: Omit<MonitoringHostArgs, "grafanaAdminSecretArn" | "mode">;
    /** Amazon Managed Prometheus and Grafana and OpenSearch: instead of the host, or beside it while moving off it. @default none */
    managedMonitoring?: Omit<ManagedMonitoringArgs, "network" | "allowedCidrs">;
  };
  /** More lifecycle rules for the bucket, after the zones' own (e.g. the ingestion pipeline's tombstone expiry, tombstoneExpiryRule of twin-region/ingestion). @default none */
  lifecycleRules?: aws.types.input.s3.BucketLifecycleConfigurationRule[];
  /** Alarm thresholds by metric id (`DataLakeMetricId`); an unknown id is an error. @default each signal's own */
  thresholds?: Thresholds<DataLakeMetricId>;
}

/**
 * The data platform of seed 002 in one region: the S3 lake with its raw, processed and curated
 * zones (SecureBucket: the region's CMK, versioning, TLS only, access logs; lifecycle per zone);
 * the Glue catalog, crawlers, ETL job, data-quality gate and workflow, and the Athena workgroup;
 * the Fargate Spot processing cluster fed by the bucket's raw/ notifications; the platform's
 * secrets, the MySQL credential rotated. In the secondary region (`role: "replica"`) only the
 * bucket, which the primary's lake replicates into.
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
  /** The processing cluster's ARN (`<env>-data-processing-cluster`; undefined in a replica). */
  public readonly clusterArn: pulumi.Output<string | undefined>;
  /** The processing service's name (`<env>-data-processing-service`; undefined in a replica). */
  public readonly processingServiceName: pulumi.Output<string | undefined>;
  /** The Glue catalog database (`<env>_data_lake_catalog`; undefined in a replica). */
  public readonly catalogDatabaseName: pulumi.Output<string | undefined>;
  /** The Athena workgroup (results in athena-results/, encrypted; undefined in a replica). */
  public readonly workgroupName: pulumi.Output<string | undefined>;
  /** The platform's secrets by name (mysql, redis, grafana, argocd, application; empty in a replica). */
  public readonly secretArns: pulumi.Output<Partial<Record<LakeSecretName, string>>>;
  /** The operations hosts' instance ids (kubernetes, monitoring: those configured; empty in a replica). */
  public readonly operationsHostIds: pulumi.Output<Record<string, string>>;
  /** The work queue's URL: each message names an object under raw/ (the bucket's notifications send them; undefined in a replica). */
  public readonly workQueueUrl: pulumi.Output<string | undefined>;

  private readonly signals: MetricDescriptor[] = [];
  private readonly thresholds: Thresholds<DataLakeMetricId>;
  private readonly logs: LogGroupRef[] = [];
  private readonly traced: TracedResource[] = [];
  private readonly dashboardSources: { component: string } & DataLakeDashboardSources;

  constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    const thresholds = validating("DataLake", () => {
      if (!ENVIRONMENT.test(args.environment))
        throw invalidArg(
          "DataLake",
          "environment",
          `"${args.environment}" must be 1-20 lower-case letters, digits and hyphens, starting with a letter`,
        );
      if ((args.role ?? "primary") === "primary" && !args.network)
        throw invalidArg(
          "DataLake",
          "network",
          'is required unless role is "replica" (the processing tasks run in it)',
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
    const lake = { bucketName: this.bucket.bucketName, bucketArn: this.bucket.bucketArn };
    let processing: DataProcessing | undefined;
    let analytics: LakeAnalytics | undefined;
    let secrets: LakeSecrets | undefined;
    let operations: { hosts: OpsHosts; managed?: ManagedMonitoring } | undefined;
    if (role === "primary") {
      const network = args.network!;
      const stores = args.stores!;
      secrets = createLakeSecrets(ctx, {
        mysql: stores.mysql,
        redis: stores.redis,
        rotation: {
          subnetIds: network.privateSubnetIds,
          securityGroupIds: stores.rotationSecurityGroupIds,
          automaticallyAfterDays: args.rotationDays,
          functionRelease: args.functionRelease,
        },
      });
      // Each reader gets exactly its own secrets: the processing tasks the application's, the spark job and the ETL job the MySQL credential.
      processing = this.createProcessing(ctx, lake, network, args, {
        dataProcessingSecretArns: { app: secrets.arns.application },
        sparkJobSecretArns: { mysql: secrets.arns.mysql },
      });
      analytics = createLakeAnalytics(ctx, lake, {
        ...args.analytics,
        secretArns: [secrets.arns.mysql],
        thresholds: subset(this.thresholds, LAKE_ANALYTICS_METRIC_IDS),
      });
      this.signals.push(...processing.metrics(), ...analytics.metrics(), ...secrets.metrics);
      this.logs.push(
        { id: "data-processing", name: processing.dataProcessingTask.logGroup.name, source: "ecs" },
        ...(processing.sparkJobTask
          ? [{ id: "spark-job", name: processing.sparkJobTask.logGroup.name, source: "ecs" as const }]
          : []),
        ...secrets.rotation.function.logGroups("secret-rotation"),
      );
      this.traced.push(...secrets.rotation.function.tracedResources());
      operations = this.createOperations(ctx, network, secrets, args.operations ?? {});
    }
    this.dashboardSources = {
      component: name,
      glueJobs: analytics
        ? [
            { label: "ETL", name: analytics.etl.job.name },
            { label: "data quality", name: analytics.quality.job.name },
          ]
        : [],
    };
    this.operationsHostIds = pulumi.output(
      Object.fromEntries(
        Object.entries({ kubernetes: operations?.hosts.kubernetes, monitoring: operations?.hosts.monitoringHost })
          .filter(([, host]) => host !== undefined)
          .map(([kind, host]) => [kind, host!.instance.id]),
      ),
    );
    this.catalogDatabaseName = analytics ? analytics.catalog.database.name : pulumi.output(undefined);
    this.workgroupName = analytics ? analytics.workgroup.name : pulumi.output(undefined);
    this.secretArns = secrets
      ? pulumi.output(Object.fromEntries(LAKE_SECRET_NAMES.map((n) => [n, secrets!.arns[n]])))
      : pulumi.output({});
    this.clusterArn = processing ? processing.cluster.cluster.arn : pulumi.output(undefined);
    this.processingServiceName = processing ? processing.service.name : pulumi.output(undefined);
    this.workQueueUrl = processing ? processing.queue.queue.url : pulumi.output(undefined);
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
      clusterArn: this.clusterArn,
      operationsHostIds: this.operationsHostIds,
      catalogDatabaseName: this.catalogDatabaseName,
      workgroupName: this.workgroupName,
      secretArns: this.secretArns,
      processingServiceName: this.processingServiceName,
      workQueueUrl: this.workQueueUrl,
      athenaResultsPrefix: LAKE_SERVICE_PREFIXES.athenaResults,
      region: where.region,
    });
  }

  /**
   * The processing cluster in the private subnets, egress only to HTTPS (the VPC's interface
   * endpoints and S3), fed by the bucket's notifications of new raw/ objects.
   */
  private createProcessing(
    ctx: LakeContext,
    lake: { bucketName: pulumi.Output<string>; bucketArn: pulumi.Output<string> },
    network: RegionalNetwork,
    args: DataLakeArgs,
    secretArns: Pick<DataProcessingArgs, "dataProcessingSecretArns" | "sparkJobSecretArns">,
  ): DataProcessing {
    const group = network.createSecurityGroup(`${ctx.name}-processing`, {
      description: `${ctx.name} processing tasks: no ingress, HTTPS to the VPC endpoints and S3 only`,
      ingress: [],
    });
    const processing = createDataProcessing(ctx, lake, {
      ...args.processing,
      ...secretArns,
      privateSubnetIds: network.privateSubnetIds,
      securityGroupIds: [group.id],
      thresholds: subset(this.thresholds, PROCESSING_METRIC_IDS),
    });
    new aws.s3.BucketNotification(
      `${ctx.name}-raw-notifications`,
      {
        bucket: lake.bucketName,
        queues: [
          {
            queueArn: processing.queue.queue.arn,
            events: ["s3:ObjectCreated:*"],
            filterPrefix: LAKE_ZONES.raw.prefix,
          },
        ],
      },
      // S3 checks that it may send to the queue when the notification is created.
      { parent: this, dependsOn: [processing.queue.queuePolicy] },
    );
    return processing;
  }

  /** The operations hosts asked for, and the managed monitoring services (each may come alone). */
  private createOperations(
    ctx: LakeContext,
    network: RegionalNetwork,
    secrets: LakeSecrets,
    ops: NonNullable<DataLakeArgs["operations"]>,
  ): { hosts: OpsHosts; managed?: ManagedMonitoring } {
    const allowed = ops.allowedCidrs ? { allowedCidrs: ops.allowedCidrs } : {};
    const hosts = createOpsHosts(ctx, {
      network,
      ...allowed,
      ...(ops.kubernetes ? { kubernetes: { ...ops.kubernetes, argocdAdminSecretArn: secrets.arns.argocd } } : {}),
      ...(ops.monitoringHost
        ? {
            monitoring: {
              ...ops.monitoringHost,
              mode: "self-hosted" as const,
              grafanaAdminSecretArn: secrets.arns.grafana,
            },
          }
        : {}),
    });
    const managed = ops.managedMonitoring
      ? createManagedMonitoring(ctx, { ...ops.managedMonitoring, network, ...allowed })
      : undefined;
    return { hosts, ...(managed ? { managed } : {}) };
  }

  /** The lake's health signals, with `thresholds` applied. Pass them to an AlarmSet. */
  metrics(): MetricDescriptor[] {
    return applyThresholds(this.signals, this.thresholds);
  }

  /**
   * The log groups its tasks ("data-processing", and "spark-job" when processing has a spark job image) and the MySQL
   * credential's rotation function ("secret-rotation") write to; none in the secondary (replica only).
   */
  logGroups(): LogGroupRef[] {
    return [...this.logs];
  }

  /** The MySQL credential's rotation function, as its X-Ray segments name it (primary only). */
  tracedResources(): TracedResource[] {
    return [...this.traced];
  }

  /**
   * The lake's dashboard panels: Glue job tasks, failed runs and crawls, Athena
   * bytes scanned and the work queue on "datalake"; the processing tasks and the rotation Lambda on
   * "compute". Built from `metrics()`, so every alarmed signal is drawn; a replica has none.
   */
  dashboardMetrics(): DashboardPanel[] {
    const { component, ...sources } = this.dashboardSources;
    return dataLakePanels(component, this.metrics(), sources);
  }
}
