import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONSUMER_ENV } from "../../functions/consumer/environment";
import { grantPolicy, kmsStatements, type Grantee } from "../compute/iam";
import { PlatformFunction } from "../compute/platform-function";
import { DYNAMODB_ACTIONS, EVENTS_ACTIONS } from "../shared/actions";
import { validating } from "../shared/errors";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import type { DashboardPanel } from "../shared/dashboard";
import { applyThresholds, checkThresholds, subset, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { assertRegionName } from "../shared/naming";
import { regionContext, type RegionContext } from "../shared/region";
import { SecureBucket } from "../storage";
import { IngestionApi, INGESTION_API_METRIC_IDS, type IngestionApiArgs, type IngestionApiMetricId } from "./api";
import {
  ChangeProcessing,
  CHANGE_PROCESSING_METRIC_IDS,
  queueDepth,
  type ChangeProcessingMetricId,
} from "./change-processing";
import {
  checkProcessedPrefixes,
  PROCESSED_PREFIXES,
  RETENTION_DEFAULTS,
  tombstoneExpiryRule,
  type ProcessedPrefixes,
} from "./defaults";
import { IngestionEvents } from "./events";
import { ingestionPanels } from "./dashboard";
import { createRetentionDelivery } from "./retention";
import {
  createStream,
  streamReadStatements,
  streamWriteStatements,
  validateStreamSettings,
  type StreamSettings,
} from "./stream";
import { createTable, replicaTableArn, tableReadStatements, tableWriteStatements, type TableReplica } from "./table";
import type { FunctionReleaseArgs } from "../compute/release";

/** A table created elsewhere: in the secondary region, the primary's global table replica. */
export interface ExistingTable {
  name: pulumi.Input<string>;
  /** ARN of the table in this pipeline's region. */
  arn: pulumi.Input<string>;
  /** The key this region's replica is encrypted with. */
  kmsKeyArn: pulumi.Input<string>;
}

/** The pipeline's own health signals (see `metrics()`); the API's and the change processing's come with theirs. */
export const INGESTION_PIPELINE_OWN_METRIC_IDS = [
  "stream-iterator-age",
  "stream-write-throttles",
  "table-throttles",
  "consumer-errors",
  "consumer-throttles",
  "consumer-duration",
  "consumer-release-errors",
  "consumer-dlq",
  "workflow-step-errors",
  "workflow-step-throttles",
  "workflow-step-duration",
  "workflow-step-release-errors",
  "workflow-failures",
  "events-delivery-dlq",
  "archive-freshness",
] as const;

/** Every metric id `IngestionPipeline.metrics()` can describe and `thresholds` can override. */
export type IngestionPipelineMetricId =
  (typeof INGESTION_PIPELINE_OWN_METRIC_IDS)[number] | IngestionApiMetricId | ChangeProcessingMetricId;

export const INGESTION_PIPELINE_METRIC_IDS: readonly IngestionPipelineMetricId[] = [
  ...INGESTION_PIPELINE_OWN_METRIC_IDS,
  ...INGESTION_API_METRIC_IDS,
  ...CHANGE_PROCESSING_METRIC_IDS,
];

export interface IngestionPipelineArgs {
  /** How CodeDeploy releases new versions of its functions to their live aliases. @default canary, 10% for 5 minutes */
  functionRelease?: FunctionReleaseArgs;
  /**
   * The region the pipeline deploys to, its provider's (checked): goes into global-namespace
   * names (IAM roles, buckets) and the table's replica ARNs.
   */
  region: string;
  /** The region's CMK: stream, table, buckets, queues, logs, bus and workflow are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Private subnets of the change processors (L1, F1). */
  privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The change processors' egress-only security groups (from `RegionalNetwork.createSecurityGroup`). */
  processingSecurityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The region's S3 server access log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /**
   * The Kinesis stream: shards (or "on-demand") and retention.
   * @default 4 shards, 24 h retention
   */
  stream?: StreamSettings;
  /**
   * The records table: `{ replicas }` creates it as a global table (the primary's way), `{ existing }`
   * uses a table created elsewhere (the secondary uses the primary's replica in its region).
   * @default created, without replicas
   */
  table?: { replicas: TableReplica[] } | { existing: ExistingTable };
  /**
   * The processed-data bucket (S1): `data` in the primary; `replica` in the secondary, where S1 replicates
   * into it (the replication rule is created by the secondary stack).
   * @default "data"
   */
  processedBucketRole?: "data" | "replica";
  /**
   * A bucket of someone else's, encrypted with `kmsKeyArn`, for the processed data instead of
   * S1/S2 (the data lake), and where in it L1 writes the change log and F1 the latest images and
   * tombstones (`ProcessedPrefixes`, none inside another); the bucket's owner expires the
   * tombstones (tombstoneExpiryRule of this module). `processedBucketRole` is then unused.
   * @default S1/S2, created by the pipeline, with `PROCESSED_PREFIXES`
   */
  processedBucket?: { existing: SecureBucket; prefixes: ProcessedPrefixes };
  /**
   * Change processing (the Lambda L1 and the Fargate task F1) on the table's stream.
   * @default on, 1 task
   */
  changeProcessing?: { taskCount?: number } | { skip: true };
  /**
   * Retention bucket lifecycle, in days.
   * @default Glacier IR after 30, Deep Archive after 180, expire after 2555
   */
  retention?: { glacierAfterDays?: number; deepArchiveAfterDays?: number; expireAfterDays?: number };
  /**
   * API settings passed to IngestionApi (throttling, custom domain, web ACL…); its alarm thresholds
   * are set with `thresholds`.
   * @default IngestionApi's defaults
   */
  api?: Omit<
    IngestionApiArgs,
    "streamName" | "streamArn" | "streamKmsKeyArn" | "kmsKeyArn" | "region" | "recordsTable" | "thresholds"
  >;
  /**
   * Alarm thresholds by metric id (`IngestionPipelineMetricId`); an unknown id is an error.
   * @default each signal's own
   */
  thresholds?: Thresholds<IngestionPipelineMetricId>;
}

/**
 * The event ingestion path of seeds 000 and 004 (docs/seed-mapping.md) in one region: a regional REST API (WAF, TLS,
 * throttling, access logs, X-Ray) puts records on a KMS-encrypted Kinesis stream; the consumer
 * Lambda stores them idempotently in the DynamoDB table and publishes a domain event per record
 * on the region's EventBridge bus, whose rule starts the Step Functions workflow; Firehose keeps
 * every record in the retention bucket; the table's changes are processed into the processed-data
 * bucket by a Lambda in the VPC and a Fargate task. The API's `GET /records/{id}` reads a stored
 * record back from this region's copy of the table (a Lambda, GetItem only), so each region serves
 * writes and reads. What joins two regions (stream forwarding,
 * bucket replication, event forwarding) is CrossRegionLink's, created by the secondary stack.
 * The policy pack wants an alarm per signal: pass `metrics()` to an AlarmSet.
 */
export class IngestionPipeline extends pulumi.ComponentResource {
  /** `https://<id>.execute-api.<region>.amazonaws.com/<stage>/records`: where producers POST batches, and `GET <apiEndpoint>/<eventId>` reads one back. */
  public readonly apiEndpoint: pulumi.Output<string>;
  /** The Kinesis stream's name. */
  public readonly streamName: pulumi.Output<string>;
  /** The Kinesis stream's ARN. */
  public readonly streamArn: pulumi.Output<string>;
  /** The records table's name (the global table's, the same in every region). */
  public readonly tableName: pulumi.Output<string>;
  /** The records table's ARN in this pipeline's region. */
  public readonly tableArn: pulumi.Output<string>;
  /** The table's stream (undefined for an existing table). */
  public readonly tableStreamArn: pulumi.Output<string | undefined>;
  /** The processed-data bucket's name (S1 in the primary, S2 in the secondary). */
  public readonly processedBucketName: pulumi.Output<string>;
  /** The processed-data bucket's ARN. */
  public readonly processedBucketArn: pulumi.Output<string>;
  /** The retention bucket's name (R2). */
  public readonly retentionBucketName: pulumi.Output<string>;
  /** The region's EventBridge bus that carries the domain events. */
  public readonly busName: pulumi.Output<string>;
  /** The bus's ARN. */
  public readonly busArn: pulumi.Output<string>;
  /** The workflow's Step Functions state machine. */
  public readonly stateMachineArn: pulumi.Output<string>;
  /** The consumer Lambda (E1). */
  public readonly consumerFunctionName: pulumi.Output<string>;
  /** The record reader Lambda of the API's `GET /records/{id}`, reading this region's copy of the table. */
  public readonly readerFunctionName: pulumi.Output<string>;
  /** The processed-data bucket (S1/S2), e.g. for the replication's versioning dependency. */
  public readonly processedBucket: SecureBucket;
  /** The pipeline's IngestionApi, for its outputs and grants. */
  public readonly api: IngestionApi;

  private readonly componentName: string;
  private readonly kmsKeyArn: pulumi.Input<string>;
  private readonly signals: MetricDescriptor[] = [];
  private readonly logs: LogGroupRef[] = [];
  private readonly traced: TracedResource[] = [];
  private readonly thresholds: Thresholds<IngestionPipelineMetricId>;
  private readonly where: RegionContext;
  private readonly tableKmsKeyArn: pulumi.Input<string>;

  constructor(name: string, args: IngestionPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    const thresholds = validating("IngestionPipeline", () => {
      assertRegionName("region", args.region);
      validateStreamSettings(args.stream);
      if (args.processedBucket) checkProcessedPrefixes(args.processedBucket.prefixes);
      return checkThresholds("IngestionPipeline", INGESTION_PIPELINE_METRIC_IDS, args.thresholds);
    });
    super("twin-region:ingestion:IngestionPipeline", name, {}, opts);
    const parent = this;
    this.componentName = name;
    this.kmsKeyArn = args.kmsKeyArn;
    this.thresholds = thresholds;
    this.where = regionContext("IngestionPipeline", args.region, parent);
    const { region, kmsKeyArn } = args;

    const stream = createStream(`${name}-stream`, kmsKeyArn, args.stream ?? {}, { parent });

    const tableSpec = args.table ?? { replicas: [] };
    let table: {
      name: pulumi.Input<string>;
      arn: pulumi.Input<string>;
      kmsKeyArn: pulumi.Input<string>;
      streamArn?: pulumi.Output<string>;
    };
    if ("existing" in tableSpec) {
      table = tableSpec.existing;
    } else {
      const created = createTable(`${name}-table`, kmsKeyArn, tableSpec.replicas, { parent });
      table = { name: created.name, arn: created.arn, kmsKeyArn, streamArn: created.streamArn };
      this.signals.push(tableThrottles(created.name));
    }
    this.tableKmsKeyArn = table.kmsKeyArn;

    // Writes go through the stream; reads (GET /records/{id}) come from this region's copy of the table.
    this.api = new IngestionApi(
      `${name}-api`,
      {
        ...args.api,
        streamName: stream.name,
        streamArn: stream.arn,
        streamKmsKeyArn: kmsKeyArn,
        kmsKeyArn,
        region,
        recordsTable: { name: table.name, arn: table.arn, kmsKeyArn: table.kmsKeyArn },
        thresholds: subset(thresholds, INGESTION_API_METRIC_IDS),
        functionRelease: args.functionRelease,
      },
      { parent },
    );

    const functionRelease = args.functionRelease;
    const events = new IngestionEvents(`${name}-events`, { kmsKeyArn, region, functionRelease }, { parent });

    // E1: the consumer.
    const consumer = new PlatformFunction(
      `${name}-consumer`,
      {
        handler: "consumer",
        release: functionRelease,
        description:
          "E1: stores each record of the ingestion stream in the global table, once per eventId, and announces it on the event bus",
        kmsKeyArn,
        region,
        environment: {
          [CONSUMER_ENV.tableName]: table.name,
          [CONSUMER_ENV.eventBusName]: events.busName,
          POWERTOOLS_METRICS_NAMESPACE: "TwinRegion/Ingestion",
        },
        statements: [
          ...tableWriteStatements(table.arn, table.kmsKeyArn, this.where.serviceEndpoint("dynamodb")),
          // Before it writes the forwarder's copy of a peer's record, it looks for the replica (reads cost less than failed conditional writes).
          { sid: "LookUpReplicas", actions: [...DYNAMODB_ACTIONS.lookUpItems], resources: [table.arn] },
          { sid: "PublishDomainEvents", actions: [...EVENTS_ACTIONS.put], resources: [events.busArn] },
          ...kmsStatements(kmsKeyArn, { encrypt: true }, this.where.serviceEndpoint("events")),
          {
            sid: "Metrics",
            actions: ["cloudwatch:PutMetricData"],
            resources: ["*"],
            conditions: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["TwinRegion/Ingestion"] }],
          },
        ],
      },
      { parent },
    );
    const { deadLetterQueue } = consumer.addStreamSource("records", {
      eventSourceArn: stream.arn,
      sourceKmsKeyArn: kmsKeyArn,
      kind: "kinesis",
    });

    // Buckets: S1 (or S2, or the bucket given) and the retention bucket R2.
    const prefixes = args.processedBucket?.prefixes ?? PROCESSED_PREFIXES;
    this.processedBucket =
      args.processedBucket?.existing ??
      new SecureBucket(
        `${name}-processed`,
        {
          region,
          role: args.processedBucketRole ?? "data",
          kmsKeyArn,
          accessLogBucket: args.accessLogBucketName,
          // F1's tombstones (and their replicas in S2) are only needed while an older change can arrive.
          lifecycleRules: [tombstoneExpiryRule(prefixes)],
        },
        { parent },
      );
    const retention = args.retention ?? {};
    const retentionBucket = new SecureBucket(
      `${name}-retention`,
      {
        region,
        role: "retention",
        kmsKeyArn,
        accessLogBucket: args.accessLogBucketName,
        transitions: [
          { days: retention.glacierAfterDays ?? RETENTION_DEFAULTS.glacierAfterDays, storageClass: "GLACIER_IR" },
          {
            days: retention.deepArchiveAfterDays ?? RETENTION_DEFAULTS.deepArchiveAfterDays,
            storageClass: "DEEP_ARCHIVE",
          },
        ],
        expirationDays: retention.expireAfterDays ?? RETENTION_DEFAULTS.expireAfterDays,
      },
      { parent },
    );
    const firehose = createRetentionDelivery(
      `${name}-archive`,
      {
        streamArn: stream.arn,
        streamKmsKeyArn: kmsKeyArn,
        bucketArn: retentionBucket.bucketArn,
        bucketKmsKeyArn: kmsKeyArn,
        where: this.where,
      },
      { parent },
    );

    // L1 and F1 on the table's changes (only where the table, and so its stream, is ours).
    const processing = args.changeProcessing ?? {};
    if (!("skip" in processing) && table.streamArn) {
      const changes = new ChangeProcessing(
        `${name}-changes`,
        {
          tableStreamArn: table.streamArn,
          tableKmsKeyArn: table.kmsKeyArn,
          bucketName: this.processedBucket.bucketName,
          bucketArn: this.processedBucket.bucketArn,
          bucketKmsKeyArn: kmsKeyArn,
          prefixes,
          kmsKeyArn,
          privateSubnetIds: args.privateSubnetIds,
          securityGroupIds: args.processingSecurityGroupIds,
          region,
          taskCount: processing.taskCount,
          functionRelease,
          thresholds: subset(thresholds, CHANGE_PROCESSING_METRIC_IDS),
        },
        { parent },
      );
      this.signals.push(...changes.metrics());
      this.logs.push(...changes.logGroups());
      this.traced.push(...changes.tracedResources());
    }

    this.signals.push(
      ...this.api.metrics(),
      {
        id: "stream-iterator-age",
        description: `${name}: age of the oldest record the consumer has not read`,
        namespace: "AWS/Kinesis",
        metricName: "GetRecords.IteratorAgeMilliseconds",
        dimensions: { StreamName: stream.name },
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 60_000,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      {
        id: "stream-write-throttles",
        description: `${name}: writes rejected for exceeding the stream's throughput`,
        namespace: "AWS/Kinesis",
        metricName: "WriteProvisionedThroughputExceeded",
        dimensions: { StreamName: stream.name },
        statistic: "Sum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      ...consumer.metrics("consumer"),
      queueDepth("consumer-dlq", deadLetterQueue, `${name}: record batches the consumer gave up on`),
      ...events.workflowFunction.metrics("workflow-step"),
      queueDepth(
        "events-delivery-dlq",
        events.deliveryDeadLetterQueue,
        `${name}: domain events EventBridge could not deliver to the workflow`,
      ),
      {
        id: "workflow-failures",
        description: `${name}: workflow executions that failed`,
        namespace: "AWS/States",
        metricName: "ExecutionsFailed",
        dimensions: { StateMachineArn: events.stateMachineArn },
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      {
        id: "archive-freshness",
        description: `${name}: age of the oldest record not yet delivered to the retention bucket`,
        namespace: "AWS/Firehose",
        metricName: "DeliveryToS3.DataFreshness",
        dimensions: { DeliveryStreamName: firehose.name },
        statistic: "Maximum",
        periodSeconds: 300,
        evaluationPeriods: 2,
        threshold: 900,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
    );

    this.logs.push(...consumer.logGroups("consumer"), ...events.logGroups(), ...this.api.logGroups());
    this.traced.push(...consumer.tracedResources(), ...events.tracedResources(), ...this.api.tracedResources());
    this.apiEndpoint = this.api.invokeUrl;
    this.streamName = stream.name;
    this.streamArn = stream.arn;
    this.tableName = pulumi.output(table.name);
    this.tableArn = pulumi.output(table.arn);
    this.tableStreamArn = table.streamArn ?? pulumi.output(undefined);
    this.processedBucketName = this.processedBucket.bucketName;
    this.processedBucketArn = this.processedBucket.bucketArn;
    this.retentionBucketName = retentionBucket.bucketName;
    this.busName = events.busName;
    this.busArn = events.busArn;
    this.stateMachineArn = events.stateMachineArn;
    this.consumerFunctionName = consumer.functionName;
    this.readerFunctionName = this.api.readerFunctionName as pulumi.Output<string>;
    this.registerOutputs({
      apiEndpoint: this.apiEndpoint,
      streamName: this.streamName,
      streamArn: this.streamArn,
      tableName: this.tableName,
      tableArn: this.tableArn,
      tableStreamArn: this.tableStreamArn,
      processedBucketName: this.processedBucketName,
      retentionBucketName: this.retentionBucketName,
      busArn: this.busArn,
      stateMachineArn: this.stateMachineArn,
      readerFunctionName: this.readerFunctionName,
      region: this.where.region,
    });
  }

  /**
   * Lets `grantee` read the stored records and the stream: GetItem/BatchGetItem/Query on the
   * table (never Scan) and shared-throughput reads of the stream, each key through its service
   * only. An inline policy `<pipeline>-<name>-read`.
   */
  grantRead(name: string, grantee: Grantee): aws.iam.RolePolicy {
    return grantPolicy(`${this.componentName}-${name}-read`, grantee, this.readStatements(), this);
  }

  /**
   * Lets `grantee` put records on the stream directly (PutRecord/PutRecords, the key through
   * Kinesis only), as the API does. An inline policy `<pipeline>-<name>-write`.
   */
  grantWrite(name: string, grantee: Grantee): aws.iam.RolePolicy {
    return grantPolicy(`${this.componentName}-${name}-write`, grantee, this.writeStatements(), this);
  }

  /** `grantRead` and `grantWrite` in one inline policy `<pipeline>-<name>-read-write`. */
  grantReadWrite(name: string, grantee: Grantee): aws.iam.RolePolicy {
    const statements = [...this.readStatements(), ...this.writeStatements()];
    return grantPolicy(`${this.componentName}-${name}-read-write`, grantee, statements, this);
  }

  /** Lets `grantee` call the REST API: execute-api:Invoke on exactly its `POST /records` (`IngestionApi.grantInvoke`). */
  grantApiInvoke(name: string, grantee: Grantee): aws.iam.RolePolicy {
    return this.api.grantInvoke(name, grantee);
  }

  /**
   * Lets `grantee` read records through the REST API: execute-api:Invoke on exactly its
   * `GET /records/{id}` (`IngestionApi.grantReadInvoke`).
   */
  grantApiRead(name: string, grantee: Grantee): aws.iam.RolePolicy {
    return this.api.grantReadInvoke(name, grantee);
  }

  /**
   * The pipeline's health signals, with `thresholds` applied: stream iterator age and write
   * throttles, table throttles, consumer and workflow-step errors/throttles/duration, dead letters,
   * workflow failures, archive freshness, the API's 5xx/4xx/latency/requests and its record
   * reader's errors/throttles/duration, and the change processing's. Pass them to an AlarmSet.
   */
  metrics(): MetricDescriptor[] {
    return applyThresholds(this.signals, this.thresholds);
  }

  /**
   * Every log group the pipeline's functions, task, API stage and workflow write to, for
   * application-error filters: "consumer", "workflow-step", "workflow" (the state machine),
   * "api-access", "reader" (with reads), "change-processor" and "change-task" (with change processing).
   */
  logGroups(): LogGroupRef[] {
    return [...this.logs];
  }

  /** Every resource of the pipeline that writes X-Ray segments: its functions, the API stage and the workflow. */
  tracedResources(): TracedResource[] {
    return [...this.traced];
  }

  /**
   * The pipeline's dashboard panels: per-shard incoming records and iterator
   * age, consumer errors/throttles/duration, dead letters, workflow and archive on "ingestion";
   * requests, 4xx/5xx and latency p50/p90/p99 on "api"; its functions and change task on "compute".
   * Built from `metrics()`, so every alarmed signal is drawn, with its threshold.
   */
  dashboardMetrics(): DashboardPanel[] {
    return ingestionPanels(this.componentName, this.metrics());
  }

  private readStatements() {
    const kinesis = this.where.serviceEndpoint("kinesis");
    return [
      ...tableReadStatements(this.tableArn, this.tableKmsKeyArn, this.where.serviceEndpoint("dynamodb")),
      ...streamReadStatements(this.streamArn, this.kmsKeyArn, kinesis).map((s) => ({ ...s, sid: `Stream${s.sid}` })),
    ];
  }

  private writeStatements() {
    return streamWriteStatements(this.streamArn, this.kmsKeyArn, this.where.serviceEndpoint("kinesis"));
  }
}

function tableThrottles(tableName: pulumi.Output<string>): MetricDescriptor {
  return {
    id: "table-throttles",
    // ThrottledRequests is published per TableName *and* Operation only, so an alarm on TableName
    // alone would never get a data point; WriteThrottleEvents is published per table.
    description: "writes the table throttled",
    namespace: "AWS/DynamoDB",
    metricName: "WriteThrottleEvents",
    dimensions: { TableName: tableName },
    statistic: "Sum",
    periodSeconds: 60,
    evaluationPeriods: 5,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
  };
}

export { replicaTableArn };
