import * as pulumi from "@pulumi/pulumi";
import { IngestionPipeline as Pipeline, type IngestionPipelineArgs as PipelineArgs } from "../../components/ingestion";
import { invalidArg, validating } from "../../components/shared/errors";
import type { ProcessedBucketRole } from "./enums";
import { adopt } from "./outputs";
import { functionReleaseArgs, type FunctionRelease } from "./release";

/** The Kinesis stream: a shard count, or on-demand capacity (the TypeScript `shards: number | "on-demand"`). */
export interface StreamSettings {
  /** Provisioned shards, a positive whole number. Default: 4. Not with `onDemand`. */
  shards?: number;
  /** On-demand capacity instead of shards. Default: false. */
  onDemand?: boolean;
  /** Retention, 24 to 8760 hours. Default: 24. */
  retentionPeriodHours?: number;
}

/** A replica of the records table in another region, encrypted with that region's key. */
export interface TableReplica {
  region: string;
  kmsKeyArn: pulumi.Input<string>;
}

/** A records table created elsewhere (the secondary uses the primary's replica in its region). */
export interface ExistingTable {
  name: pulumi.Input<string>;
  arn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
}

/** Change processing (the Lambda L1 and the Fargate task F1) on the table's stream. */
export interface ChangeProcessing {
  /** Fargate tasks of F1. Default: 1. */
  taskCount?: number;
  /** No change processing (and no image to build). Default: false. Not with `taskCount`. */
  skip?: boolean;
}

/** The retention bucket's lifecycle, in days. */
export interface RetentionSettings {
  /** Default: 30. */
  glacierAfterDays?: number;
  /** Default: 180. */
  deepArchiveAfterDays?: number;
  /** Default: 2555. */
  expireAfterDays?: number;
}

/**
 * IngestionPipeline's args in the component package. Where they differ from the TypeScript ones:
 * `stream.shards` and `stream.onDemand` instead of `shards: number | "on-demand"`; `tableReplicas`
 * or `existingTable` instead of `table: { replicas } | { existing }`; `changeProcessing.skip` a
 * boolean; `functionRelease.strategy` an enum; `thresholds` a map of strings (the component rejects
 * an unknown id); no `api` settings
 * and no `processedBucket` of someone else's (a SecureBucket object).
 */
export interface IngestionPipelineArgs {
  /** The region the pipeline deploys to, its provider's (checked). */
  region: string;
  /** The region's CMK: stream, table, buckets, queues, logs, bus and workflow are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Private subnets of the change processors (L1, F1). */
  privateSubnetIds: pulumi.Input<string[]>;
  /** The change processors' egress-only security groups. */
  processingSecurityGroupIds: pulumi.Input<string[]>;
  /** The region's S3 server access log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /** The Kinesis stream. Default: 4 shards, 24 h retention. */
  stream?: StreamSettings;
  /** Create the records table as a global table with these replicas (the primary's way). Default: created, without replicas. Not with `existingTable`. */
  tableReplicas?: TableReplica[];
  /** Use a table created elsewhere instead of creating one. Not with `tableReplicas`. */
  existingTable?: ExistingTable;
  /** The processed-data bucket: data in the primary, replica in the secondary. Default: data. */
  processedBucketRole?: ProcessedBucketRole;
  /** Change processing. Default: on, 1 task. */
  changeProcessing?: ChangeProcessing;
  /** Retention bucket lifecycle. Default: Glacier IR after 30, Deep Archive after 180, expire after 2555. */
  retention?: RetentionSettings;
  /** How CodeDeploy releases the pipeline's functions' new versions. Default: canary, 10% for 5 minutes. */
  functionRelease?: FunctionRelease;
  /** Alarm thresholds by metric id (an IngestionPipelineMetricId of the TypeScript package); an unknown id is an error. */
  thresholds?: Record<string, number>;
}

/** The TypeScript args from the package's; throws, naming the arg, where the package's shape allows what the component's does not. */
export function pipelineArgs(args: IngestionPipelineArgs): PipelineArgs {
  const fail = (arg: string, problem: string) => invalidArg("IngestionPipeline", arg, problem);
  const stream = args.stream ?? {};
  if (stream.onDemand && stream.shards !== undefined)
    throw fail("stream", "give shards or onDemand, not both (on-demand streams have no shard count)");
  if (args.tableReplicas && args.existingTable)
    throw fail("existingTable", "give tableReplicas (create the table) or existingTable (use one), not both");
  const change = args.changeProcessing;
  if (change?.skip && change.taskCount !== undefined)
    throw fail("changeProcessing", "taskCount with skip: true; give one or the other");
  return {
    region: args.region,
    kmsKeyArn: args.kmsKeyArn,
    privateSubnetIds: args.privateSubnetIds,
    processingSecurityGroupIds: args.processingSecurityGroupIds,
    accessLogBucketName: args.accessLogBucketName,
    stream: args.stream && {
      shards: stream.onDemand ? "on-demand" : stream.shards,
      retentionPeriodHours: stream.retentionPeriodHours,
    },
    table: args.existingTable
      ? { existing: args.existingTable }
      : args.tableReplicas && { replicas: args.tableReplicas },
    processedBucketRole: args.processedBucketRole,
    changeProcessing: change && (change.skip ? { skip: true } : { taskCount: change.taskCount }),
    retention: args.retention,
    functionRelease: functionReleaseArgs("IngestionPipeline", args.functionRelease),
    thresholds: args.thresholds as PipelineArgs["thresholds"],
  };
}

/**
 * The event ingestion path of seeds 000 and 004 in one region: a REST API (WAF, TLS, IAM auth)
 * puts records on a KMS-encrypted Kinesis stream; the consumer Lambda stores them in the DynamoDB
 * table and publishes a domain event per record, which starts the Step Functions workflow;
 * Firehose keeps every record in the retention bucket; the table's changes are processed into the
 * processed-data bucket. The TypeScript IngestionPipeline (components/ingestion) with the args above.
 */
export class IngestionPipeline extends pulumi.ComponentResource {
  /** Where producers POST batches (`GET <apiEndpoint>/<eventId>` reads one back). */
  public readonly apiEndpoint!: pulumi.Output<string>;
  /** The Kinesis stream's name. */
  public readonly streamName!: pulumi.Output<string>;
  /** The Kinesis stream's ARN. */
  public readonly streamArn!: pulumi.Output<string>;
  /** The records table's name. */
  public readonly tableName!: pulumi.Output<string>;
  /** The records table's ARN in this region. */
  public readonly tableArn!: pulumi.Output<string>;
  /** The table's stream (undefined for an existing table). */
  public readonly tableStreamArn!: pulumi.Output<string | undefined>;
  /** The processed-data bucket's name. */
  public readonly processedBucketName!: pulumi.Output<string>;
  /** The processed-data bucket's ARN. */
  public readonly processedBucketArn!: pulumi.Output<string>;
  /** The retention bucket's name (R2). */
  public readonly retentionBucketName!: pulumi.Output<string>;
  /** The region's EventBridge bus of the domain events. */
  public readonly busName!: pulumi.Output<string>;
  /** The bus's ARN. */
  public readonly busArn!: pulumi.Output<string>;
  /** The workflow's Step Functions state machine. */
  public readonly stateMachineArn!: pulumi.Output<string>;
  /** The consumer Lambda (E1). */
  public readonly consumerFunctionName!: pulumi.Output<string>;
  /** The record reader Lambda of the API's `GET /records/{id}`. */
  public readonly readerFunctionName!: pulumi.Output<string>;

  constructor(name: string, args: IngestionPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    const tsArgs = validating("IngestionPipeline", () => pipelineArgs(args));
    super("twin-region:index:IngestionPipeline", name, {}, opts);
    const p = new Pipeline(name, tsArgs, { parent: this });
    this.registerOutputs(
      adopt(this, {
        apiEndpoint: p.apiEndpoint,
        streamName: p.streamName,
        streamArn: p.streamArn,
        tableName: p.tableName,
        tableArn: p.tableArn,
        tableStreamArn: p.tableStreamArn,
        processedBucketName: p.processedBucketName,
        processedBucketArn: p.processedBucketArn,
        retentionBucketName: p.retentionBucketName,
        busName: p.busName,
        busArn: p.busArn,
        stateMachineArn: p.stateMachineArn,
        consumerFunctionName: p.consumerFunctionName,
        readerFunctionName: p.readerFunctionName,
      }),
    );
  }
}
