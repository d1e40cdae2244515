import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CHANGE_PROCESSOR_ENV } from "../../functions/change-processor/environment";
import { CHANGE_TASK_ENV } from "../../functions/change-task/environment";
import { DLQ_RETENTION_SECONDS, FUNCTION_DEFAULTS } from "../compute/defaults";
import { kmsStatements, rolePolicy, serviceRole, type Statement } from "../compute/iam";
import { PlatformFunction } from "../compute/platform-function";
import { buildContainerImage, imagePullStatements } from "../compute/container-image";
import { DYNAMODB_ACTIONS, KMS_ACTIONS, listStreamsStatement, SQS_ACTIONS } from "../shared/actions";
import { validating } from "../shared/errors";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import { applyThresholds, checkThresholds, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { assertRegionName, NAME_PREFIX_SUFFIX_LENGTH, prefixedNamePattern, regionalName } from "../shared/naming";
import { regionContext, type RegionContext } from "../shared/region";
import { objectReadStatements, objectWriteStatements } from "../storage/object-grants";
import { CHANGE_QUEUE_DEFAULTS, PROCESSED_PREFIXES, type ProcessedPrefixes } from "./defaults";
import type { FunctionReleaseArgs } from "../compute/release";

/** EventBridge Pipes' limits on a pipe's name. */
const PIPE_NAME = { maxLength: 64, pattern: /^[.\-_A-Za-z0-9]+$/ } as const;
export { NAME_PREFIX_SUFFIX_LENGTH } from "../shared/naming";

/** The prefix of the change pipe's name (the AWS provider completes it): the KMS grant names the pipe by it. */
export const changePipeNamePrefix = (componentName: string) => `${componentName}-pipe-`;

/**
 * What the pipe's execution role needs to use the region's CMK the pipe is encrypted with
 * (`kmsKeyIdentifier`), as the EventBridge Pipes guide "Encrypting EventBridge Pipes data with AWS
 * KMS keys" states: kms:DescribeKey, and kms:GenerateDataKey with kms:Decrypt under the pipe's
 * encryption context, an ArnLike condition on the pipe's ARN. The guide names the context key two
 * ways (`aws:pipes:arn` in its encryption-context section, `aws:pipe:arn` in its example key
 * policy), so the data-key grant is given once for each, both narrowed to this pipe's ARN: either
 * spelling AWS sends matches, and neither matches another pipe.
 */
export function pipeKeyStatements(keyArn: pulumi.Input<string>, pipeArnPattern: pulumi.Input<string>): Statement[] {
  const dataKey = (sid: string, contextKey: string): Statement => ({
    sid,
    actions: [...KMS_ACTIONS.encrypt],
    resources: [keyArn],
    conditions: [
      { test: "ArnLike", variable: `kms:EncryptionContext:${contextKey}`, values: [pipeArnPattern] },
      { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContextKeys", values: [contextKey] },
    ],
  });
  return [
    { sid: "PipeKeyDescribe", actions: [...KMS_ACTIONS.describe], resources: [keyArn] },
    dataKey("PipeDataKey", "aws:pipes:arn"),
    dataKey("PipeDataKeyExampleContext", "aws:pipe:arn"),
  ];
}

/** ChangeProcessing's health signals (see `metrics()`). */
export const CHANGE_PROCESSING_METRIC_IDS = [
  "change-lambda-errors",
  "change-lambda-throttles",
  "change-lambda-duration",
  "change-lambda-release-errors",
  "change-lambda-dlq",
  "change-task-cpu",
  "change-queue-age",
  "change-queue-dlq",
] as const;
export type ChangeProcessingMetricId = (typeof CHANGE_PROCESSING_METRIC_IDS)[number];

export interface ChangeProcessingArgs {
  /** How CodeDeploy releases new versions of its functions to their live aliases. @default canary, 10% for 5 minutes */
  functionRelease?: FunctionReleaseArgs;
  /** The table's stream (NEW_AND_OLD_IMAGES). */
  tableStreamArn: pulumi.Input<string>;
  /** The table's CMK: reading its stream needs kms:Decrypt. */
  tableKmsKeyArn: pulumi.Input<string>;
  /** The processed-data bucket: L1 writes its change log, F1 the latest images and tombstones (`prefixes`). */
  bucketName: pulumi.Input<string>;
  /** The processed-data bucket's ARN: the processors' grants are scoped to their prefixes of it. */
  bucketArn: pulumi.Input<string>;
  /** The bucket's CMK. */
  bucketKmsKeyArn: pulumi.Input<string>;
  /**
   * Where L1 and F1 write in the bucket (`processedPrefixes(base)`).
   * @default PROCESSED_PREFIXES: raw/changes, processed/entities, tombstones/entities
   */
  prefixes?: ProcessedPrefixes;
  /** The region's CMK: the queues, logs, image repository and function. */
  kmsKeyArn: pulumi.Input<string>;
  /** Private subnets of the Lambda and the Fargate task. */
  privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups of the Lambda and the Fargate task: egress only (from RegionalNetwork.createSecurityGroup). */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The region it deploys to, its provider's (checked): goes into the IAM roles' names. */
  region: string;
  /**
   * Fargate tasks processing changes.
   * @default 1
   */
  taskCount?: number;
  /**
   * Alarm thresholds by metric id (`ChangeProcessingMetricId`); an unknown id is an error.
   * @default each signal's own
   */
  thresholds?: Thresholds<ChangeProcessingMetricId>;
}

/**
 * Processing the table's changes (seed 000's L1 and F1, docs/seed-mapping.md): a Lambda in the private subnets writes
 * every change to the raw zone of the processed-data bucket as hourly-partitioned NDJSON, and a
 * Fargate service fed by an EventBridge Pipe (table stream → encrypted SQS queue) keeps the latest
 * image of every item under processed/entities. The task's image is built (by `awsx.ecr.Image`,
 * so `pulumi up` needs Docker) from the task's esbuild bundle and its Dockerfile
 * (components/compute/task-image.ts) into an ECR repository with scan on push and immutable tags.
 */
export class ChangeProcessing extends pulumi.ComponentResource {
  /** The change processor (L1), for its metrics and grants. */
  public readonly lambda: PlatformFunction;
  /** The queue the Pipe feeds and the Fargate task reads. */
  public readonly queueUrl: pulumi.Output<string>;
  /** The task image's ECR repository (scan on push, immutable tags). */
  public readonly repositoryUrl: pulumi.Output<string>;
  /** The task image, by digest. */
  public readonly imageUri: pulumi.Output<string>;
  /** The ECS cluster of the task (a metric dimension). */
  public readonly clusterName: pulumi.Output<string>;
  /** The ECS service of the task (a metric dimension). */
  public readonly serviceName: pulumi.Output<string>;
  private readonly signals: MetricDescriptor[] = [];
  private readonly logs: LogGroupRef[] = [];
  private readonly thresholds: Thresholds<ChangeProcessingMetricId>;
  private readonly where: RegionContext;

  constructor(name: string, args: ChangeProcessingArgs, opts?: pulumi.ComponentResourceOptions) {
    const taskCount = args.taskCount ?? 1;
    const prefixes = args.prefixes ?? PROCESSED_PREFIXES;
    const thresholds = validating("ChangeProcessing", () => {
      assertRegionName("region", args.region);
      if (!Number.isInteger(taskCount) || taskCount < 0)
        throw new Error(`taskCount: ${taskCount} is not a whole number of tasks (0 or more; 0 stops the service)`);
      const prefix = changePipeNamePrefix(name);
      if (!PIPE_NAME.pattern.test(prefix) || prefix.length + NAME_PREFIX_SUFFIX_LENGTH > PIPE_NAME.maxLength)
        throw new Error(
          `name: "${name}" does not fit the change pipe's name "${prefix}<${NAME_PREFIX_SUFFIX_LENGTH} characters>": ` +
            `EventBridge Pipes allows at most ${PIPE_NAME.maxLength} letters, digits, ".", "-" or "_" ` +
            `(a component name of at most ${PIPE_NAME.maxLength - NAME_PREFIX_SUFFIX_LENGTH - "-pipe-".length} such characters)`,
        );
      return checkThresholds("ChangeProcessing", CHANGE_PROCESSING_METRIC_IDS, args.thresholds);
    });
    super("twin-region:ingestion:ChangeProcessing", name, {}, opts);
    const parent = this;
    this.thresholds = thresholds;
    const where = (this.where = regionContext("ChangeProcessing", args.region, parent));
    // The processed bucket's objects a processor writes (and deletes, on REMOVE), the key through S3 only.
    const bucketWrite = (prefix: string): Statement[] =>
      objectWriteStatements(
        {
          bucketArn: args.bucketArn,
          kmsKeyArn: args.bucketKmsKeyArn,
          s3Endpoint: where.serviceEndpoint("s3"),
          prefix: `${prefix}/`,
        },
        { delete: true },
      );

    // L1: the Lambda in the VPC.
    this.lambda = new PlatformFunction(
      `${name}-lambda`,
      {
        handler: "change-processor",
        release: args.functionRelease,
        description: "L1: writes each change of the global table's items to the processed bucket as hourly NDJSON",
        kmsKeyArn: args.kmsKeyArn,
        region: args.region,
        environment: {
          [CHANGE_PROCESSOR_ENV.bucketName]: args.bucketName,
          [CHANGE_PROCESSOR_ENV.keyPrefix]: prefixes.changes,
        },
        vpc: { subnetIds: args.privateSubnetIds, securityGroupIds: args.securityGroupIds },
        statements: bucketWrite(prefixes.changes),
      },
      { parent },
    );
    const { deadLetterQueue } = this.lambda.addStreamSource("changes", {
      eventSourceArn: args.tableStreamArn,
      sourceKmsKeyArn: args.tableKmsKeyArn,
      kind: "dynamodb",
    });
    this.signals.push(
      ...this.lambda.metrics("change-lambda"),
      queueDepth("change-lambda-dlq", deadLetterQueue, "changes the Lambda could not write"),
    );

    // F1: table stream → Pipe → queue → Fargate service.
    const dlq = new aws.sqs.Queue(
      `${name}-queue-dlq`,
      { kmsMasterKeyId: args.kmsKeyArn, messageRetentionSeconds: DLQ_RETENTION_SECONDS },
      { parent },
    );
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        kmsMasterKeyId: args.kmsKeyArn,
        messageRetentionSeconds: CHANGE_QUEUE_DEFAULTS.messageRetentionSeconds,
        visibilityTimeoutSeconds: CHANGE_QUEUE_DEFAULTS.visibilityTimeoutSeconds,
        redrivePolicy: pulumi.jsonStringify({
          deadLetterTargetArn: dlq.arn,
          maxReceiveCount: CHANGE_QUEUE_DEFAULTS.maxReceiveCount,
        }),
      },
      { parent },
    );
    const pipeRole = serviceRole(
      regionalName(`${name}-pipe-role`, args.region),
      { service: "pipes.amazonaws.com", description: "Feeds table changes to the change queue" },
      { parent },
    );
    // The pipe's name is its prefix and the provider's unique suffix: known before the pipe exists,
    // so the role's key grant can name it (its ARN would make a cycle: the pipe waits for the grant).
    const pipeNamePrefix = changePipeNamePrefix(name);
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const pipeArnPattern = pulumi.interpolate`arn:${where.partition}:pipes:${where.region}:${account}:pipe/${prefixedNamePattern(pipeNamePrefix)}`;
    const pipeAccess = rolePolicy(
      `${name}-pipe-access`,
      pipeRole,
      [
        { sid: "ReadChanges", actions: [...DYNAMODB_ACTIONS.readStream], resources: [args.tableStreamArn] },
        listStreamsStatement(),
        ...kmsStatements(args.tableKmsKeyArn, { decrypt: true }, where.serviceEndpoint("dynamodb")),
        { sid: "SendChanges", actions: [...SQS_ACTIONS.send], resources: [queue.arn, dlq.arn] },
        ...kmsStatements(args.kmsKeyArn, { encrypt: true }, where.serviceEndpoint("sqs")),
        ...pipeKeyStatements(args.kmsKeyArn, pipeArnPattern),
      ],
      { parent },
    );
    new aws.pipes.Pipe(
      `${name}-pipe`,
      {
        namePrefix: pipeNamePrefix,
        roleArn: pipeRole.arn,
        source: args.tableStreamArn,
        target: queue.arn,
        sourceParameters: {
          dynamodbStreamParameters: {
            startingPosition: "LATEST",
            batchSize: 1,
            maximumRetryAttempts: 3,
            maximumRecordAgeInSeconds: 86_400,
            onPartialBatchItemFailure: "AUTOMATIC_BISECT",
            deadLetterConfig: { arn: dlq.arn },
          },
        },
        kmsKeyIdentifier: args.kmsKeyArn,
      },
      { parent, dependsOn: [pipeAccess] },
    );

    const { repository, imageUri } = buildContainerImage(
      name,
      { program: "change-task", kmsKeyArn: args.kmsKeyArn },
      { parent },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-task-logs`,
      { retentionInDays: FUNCTION_DEFAULTS.logRetentionInDays, kmsKeyId: args.kmsKeyArn },
      { parent },
    );
    this.logs.push(...this.lambda.logGroups("change-processor"), {
      id: "change-task",
      name: logGroup.name,
      source: "ecs",
    });
    const executionRole = serviceRole(
      regionalName(`${name}-exec-role`, args.region),
      { service: "ecs-tasks.amazonaws.com", description: "Pulls the change task's image and ships its logs" },
      { parent },
    );
    rolePolicy(
      `${name}-exec-access`,
      executionRole,
      [
        ...imagePullStatements(repository.arn),
        {
          sid: "ShipLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [pulumi.interpolate`${logGroup.arn}:*`],
        },
        ...kmsStatements(args.kmsKeyArn, { decrypt: true }),
      ],
      { parent },
    );
    const taskRole = serviceRole(
      regionalName(`${name}-task-role`, args.region),
      { service: "ecs-tasks.amazonaws.com", description: "Processes table changes" },
      { parent },
    );
    rolePolicy(
      `${name}-task-access`,
      taskRole,
      [
        { sid: "ConsumeChanges", actions: [...SQS_ACTIONS.consume], resources: [queue.arn] },
        ...kmsStatements(args.kmsKeyArn, { decrypt: true }, where.serviceEndpoint("sqs")),
        ...bucketWrite(prefixes.entities),
        ...bucketWrite(prefixes.tombstones),
        // The task reads the image's and the tombstone's metadata before writing (a stale change
        // must not overwrite a newer image nor bring a deleted item back); without ListBucket,
        // HeadObject on a missing key answers 403 instead of 404.
        ...[prefixes.entities, prefixes.tombstones].flatMap((prefix) =>
          objectReadStatements({
            bucketArn: args.bucketArn,
            kmsKeyArn: args.bucketKmsKeyArn,
            s3Endpoint: where.serviceEndpoint("s3"),
            prefix: `${prefix}/`,
          }),
        ),
      ],
      { parent },
    );
    const region = where.region;
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: regionalName(`${name}-task`, args.region),
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        containerDefinitions: pulumi.jsonStringify([
          {
            name: "change-task",
            image: imageUri,
            essential: true,
            // The image's own user (functions/change-task/Dockerfile), stated so nothing can run it as root.
            user: "1000:1000",
            readonlyRootFilesystem: true,
            privileged: false,
            linuxParameters: { initProcessEnabled: true },
            stopTimeout: 30,
            environment: [
              { name: CHANGE_TASK_ENV.queueUrl, value: queue.url },
              { name: CHANGE_TASK_ENV.bucketName, value: args.bucketName },
              { name: CHANGE_TASK_ENV.keyPrefix, value: prefixes.entities },
              { name: CHANGE_TASK_ENV.tombstonePrefix, value: prefixes.tombstones },
            ],
            logConfiguration: {
              logDriver: "awslogs",
              options: {
                "awslogs-group": logGroup.name,
                "awslogs-region": region,
                "awslogs-stream-prefix": "change-task",
              },
            },
          },
        ]),
      },
      { parent },
    );
    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: "enhanced" }] },
      { parent },
    );
    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: taskCount,
        launchType: "FARGATE",
        networkConfiguration: {
          subnets: args.privateSubnetIds,
          securityGroups: args.securityGroupIds,
          assignPublicIp: false,
        },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        propagateTags: "SERVICE",
        enableExecuteCommand: false,
      },
      { parent },
    );
    this.signals.push(
      {
        id: "change-task-cpu",
        description: `${name}: change task CPU`,
        namespace: "AWS/ECS",
        metricName: "CPUUtilization",
        dimensions: { ClusterName: cluster.name, ServiceName: service.name },
        statistic: "Average",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 80,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      queueDepth(
        "change-queue-age",
        queue,
        "changes waiting for the Fargate task",
        "ApproximateAgeOfOldestMessage",
        300,
      ),
      queueDepth("change-queue-dlq", dlq, "changes the Fargate task could not process"),
    );

    this.queueUrl = queue.url;
    this.repositoryUrl = repository.repositoryUrl;
    this.imageUri = imageUri;
    this.clusterName = cluster.name;
    this.serviceName = service.name;
    this.registerOutputs({
      queueUrl: this.queueUrl,
      repositoryUrl: this.repositoryUrl,
      imageUri: this.imageUri,
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      region: where.region,
    });
  }

  /**
   * The signals of change processing, with `thresholds` applied: the Lambda's errors, throttles
   * and duration and its dead letters, the task's CPU, the age of the oldest change waiting for
   * it and its dead letters.
   */
  metrics(): MetricDescriptor[] {
    return applyThresholds(this.signals, this.thresholds);
  }

  /** The log groups it writes to (ids "change-processor", "change-task"), for application-error filters. */
  logGroups(): LogGroupRef[] {
    return [...this.logs];
  }

  /** The change processor (L1), as its X-Ray segments name it; the Fargate task does not trace. */
  tracedResources(): TracedResource[] {
    return this.lambda.tracedResources();
  }
}

/** A queue signal: visible messages (a dead-letter queue should stay empty) or the age of the oldest. */
export function queueDepth(
  id: string,
  queue: aws.sqs.Queue,
  what: string,
  metricName = "ApproximateNumberOfMessagesVisible",
  threshold = 1,
): MetricDescriptor {
  return {
    id,
    description: `${what}`,
    namespace: "AWS/SQS",
    metricName,
    dimensions: { QueueName: queue.name },
    statistic: "Maximum",
    periodSeconds: 300,
    evaluationPeriods: 1,
    threshold,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
  };
}
