import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsStatements, rolePolicy } from "../compute/iam";
import { PlatformFunction } from "../compute/platform-function";
import { withThresholds, type MetricDescriptor, type ThresholdOverrides } from "../shared/metrics";
import { SecureBucket } from "../storage";
import { IngestionApi, type IngestionApiArgs } from "./api";
import { ChangeProcessing, queueDepth } from "./change-processing";
import { RETENTION_DEFAULTS } from "./defaults";
import { IngestionEvents } from "./events";
import { createRetentionDelivery } from "./retention";
import { createStream, streamReadStatements, streamWriteStatements, type StreamSettings } from "./stream";
import { createTable, replicaTableArn, tableReadStatements, tableWriteStatements, type TableReplica } from "./table";

/** A table created elsewhere: in the secondary region, the primary's global table replica. */
export interface ExistingTable {
  name: pulumi.Input<string>;
  /** ARN of the table in this pipeline's region. */
  arn: pulumi.Input<string>;
  /** The key this region's replica is encrypted with. */
  kmsKeyArn: pulumi.Input<string>;
}

export interface IngestionPipelineArgs {
  /** Plain region name (for global-namespace names and replica ARNs). */
  region: string;
  /** The region's CMK: stream, table, buckets, queues, logs, bus and workflow are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Private subnets and the egress-only security group of the change processors (L1, F1). */
  privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  processingSecurityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The region's S3 server access log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /** @default 4 shards, 24 h retention */
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
  /** Change processing (the Lambda L1 and the Fargate task F1) on the table's stream. @default on, 1 task */
  changeProcessing?: { taskCount?: number } | { skip: true };
  /** Retention bucket lifecycle, in days. @default Glacier IR after 30, Deep Archive after 180, expire after 2555 */
  retention?: { glacierAfterDays?: number; deepArchiveAfterDays?: number; expireAfterDays?: number };
  /** API settings passed to IngestionApi (throttling, custom domain, web ACL…). @default IngestionApi's defaults */
  api?: Omit<IngestionApiArgs, "streamName" | "streamArn" | "streamKmsKeyArn" | "kmsKeyArn" | "region">;
  /** Alarm thresholds by metric id (see `metrics()`). @default the descriptors' own */
  thresholds?: ThresholdOverrides;
}

/**
 * The event ingestion path of seeds 000 and 004 in one region: a regional REST API (WAF, TLS,
 * throttling, access logs, X-Ray) puts records on a KMS-encrypted Kinesis stream; the consumer
 * Lambda stores them idempotently in the DynamoDB table and publishes a domain event per record
 * on the region's EventBridge bus, whose rule starts the Step Functions workflow; Firehose keeps
 * every record in the retention bucket; the table's changes are processed into the processed-data
 * bucket by a Lambda in the VPC and a Fargate task. What joins two regions (stream forwarding,
 * bucket replication, event forwarding) is CrossRegionLink's, created by the secondary stack.
 */
export class IngestionPipeline extends pulumi.ComponentResource {
  public readonly apiEndpoint: pulumi.Output<string>;
  public readonly streamName: pulumi.Output<string>;
  public readonly streamArn: pulumi.Output<string>;
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;
  /** The table's stream (undefined for an existing table). */
  public readonly tableStreamArn: pulumi.Output<string | undefined>;
  public readonly processedBucketName: pulumi.Output<string>;
  public readonly processedBucketArn: pulumi.Output<string>;
  public readonly retentionBucketName: pulumi.Output<string>;
  public readonly busName: pulumi.Output<string>;
  public readonly busArn: pulumi.Output<string>;
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly consumerFunctionName: pulumi.Output<string>;
  /** The processed-data bucket (S1/S2), e.g. for the replication's versioning dependency. */
  public readonly processedBucket: SecureBucket;
  public readonly api: IngestionApi;

  private readonly kmsKeyArn: pulumi.Input<string>;
  private readonly signals: MetricDescriptor[] = [];
  private readonly thresholds: ThresholdOverrides;

  constructor(name: string, args: IngestionPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("twin-region:ingestion:IngestionPipeline", name, {}, opts);
    const parent = this;
    this.kmsKeyArn = args.kmsKeyArn;
    this.thresholds = args.thresholds ?? {};
    const { region, kmsKeyArn } = args;

    const stream = createStream(`${name}-stream`, kmsKeyArn, args.stream ?? {}, { parent });
    this.api = new IngestionApi(
      `${name}-api`,
      { ...args.api, streamName: stream.name, streamArn: stream.arn, streamKmsKeyArn: kmsKeyArn, kmsKeyArn, region },
      { parent },
    );

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

    const events = new IngestionEvents(`${name}-events`, { kmsKeyArn, region }, { parent });

    // E1: the consumer.
    const consumer = new PlatformFunction(
      `${name}-consumer`,
      {
        handler: "consumer",
        description:
          "E1: stores each record of the ingestion stream in the global table, once per eventId, and announces it on the event bus",
        kmsKeyArn,
        region,
        environment: {
          TABLE_NAME: table.name,
          EVENT_BUS_NAME: events.busName,
          POWERTOOLS_METRICS_NAMESPACE: "TwinRegion/Ingestion",
        },
        statements: [
          ...tableWriteStatements(table.arn, table.kmsKeyArn),
          { sid: "PublishDomainEvents", actions: ["events:PutEvents"], resources: [events.busArn] },
          ...kmsStatements(kmsKeyArn, { encrypt: true }),
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

    // Buckets: S1 (or S2) and the retention bucket R2.
    this.processedBucket = new SecureBucket(
      `${name}-processed`,
      { region, role: args.processedBucketRole ?? "data", kmsKeyArn, accessLogBucket: args.accessLogBucketName },
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
        region,
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
          kmsKeyArn,
          privateSubnetIds: args.privateSubnetIds,
          securityGroupIds: args.processingSecurityGroupIds,
          region,
          taskCount: processing.taskCount,
        },
        { parent },
      );
      this.signals.push(...changes.metrics());
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
    });
  }

  /** Lets a producer role put records on the stream directly (and encrypt them with the stream's key). */
  grantPut(name: string, role: aws.iam.Role): aws.iam.RolePolicy {
    return rolePolicy(name, role, streamWriteStatements(this.streamArn, this.kmsKeyArn), { parent: this });
  }

  /** Lets a role call the REST API (execute-api:Invoke on exactly the records method). */
  grantApiInvoke(name: string, role: aws.iam.Role): aws.iam.RolePolicy {
    return this.api.grantInvoke(name, role, { parent: this });
  }

  /** Lets a role read the stored records (table) and the stream. */
  grantRead(name: string, role: aws.iam.Role): aws.iam.RolePolicy {
    return rolePolicy(
      name,
      role,
      [
        ...tableReadStatements(this.tableArn, this.kmsKeyArn),
        ...streamReadStatements(this.streamArn, this.kmsKeyArn).map((s) => ({ ...s, sid: `Stream${s.sid}` })),
      ],
      { parent: this },
    );
  }

  /** The pipeline's health signals (iterator age, consumer errors/throttles, DLQ depth, API 4xx/5xx/latency, delivery freshness…). */
  metrics(): MetricDescriptor[] {
    return withThresholds(this.signals, this.thresholds);
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
