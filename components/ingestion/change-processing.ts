import * as aws from "@pulumi/aws";
// The ecr module alone: the package index loads every awsx module (about 90 ms per process).
import * as awsxEcr from "@pulumi/awsx/ecr";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { DLQ_RETENTION_SECONDS, FUNCTION_DEFAULTS } from "../compute/defaults";
import { kmsStatements, rolePolicy, serviceRole, type Statement } from "../compute/iam";
import { PlatformFunction } from "../compute/platform-function";
import type { MetricDescriptor } from "../shared/metrics";
import { regionalName } from "../shared/naming";
import { packageRoot } from "../shared/package-root";
import { PROCESSED_PREFIXES } from "./defaults";
import { sourceHash } from "./source-hash";

export interface ChangeProcessingArgs {
  tableStreamArn: pulumi.Input<string>;
  /** The table's CMK: reading its stream needs kms:Decrypt. */
  tableKmsKeyArn: pulumi.Input<string>;
  bucketName: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
  bucketKmsKeyArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups of the Lambda and the Fargate task: egress only (from RegionalNetwork.createSecurityGroup). */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  region: string;
  /** Fargate tasks processing changes. @default 1 */
  taskCount?: number;
}

/** What the image is built from: its code, and the dependencies and compiler settings it is built with. */
const TASK_SOURCES = [
  "functions/change-task",
  "functions/shared",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

const bucketWrite = (bucketArn: pulumi.Input<string>, prefix: string, keyArn: pulumi.Input<string>): Statement[] => [
  {
    sid: "WriteObjects",
    actions: ["s3:PutObject", "s3:DeleteObject"],
    resources: [pulumi.interpolate`${bucketArn}/${prefix}/*`],
  },
  ...kmsStatements(keyArn, { encrypt: true }),
];

/**
 * Processing the table's changes (seed 000's L1 and F1): a Lambda in the private subnets writes
 * every change to the raw zone of the processed-data bucket as hourly-partitioned NDJSON, and a
 * Fargate service fed by an EventBridge Pipe (table stream → encrypted SQS queue) keeps the latest
 * image of every item under processed/entities. The task's image is built from its Dockerfile
 * into an ECR repository with scan on push and immutable tags.
 */
export class ChangeProcessing extends pulumi.ComponentResource {
  public readonly lambda: PlatformFunction;
  public readonly queueUrl: pulumi.Output<string>;
  public readonly repositoryUrl: pulumi.Output<string>;
  public readonly imageUri: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  private readonly signals: MetricDescriptor[] = [];

  constructor(name: string, args: ChangeProcessingArgs, opts?: pulumi.ComponentResourceOptions) {
    const taskCount = args.taskCount ?? 1;
    if (!Number.isInteger(taskCount) || taskCount < 0)
      throw new Error(`ChangeProcessing: taskCount must be a whole number, got ${taskCount}`);
    super("twin-region:ingestion:ChangeProcessing", name, {}, opts);
    const parent = this;

    // L1: the Lambda in the VPC.
    this.lambda = new PlatformFunction(
      `${name}-lambda`,
      {
        handler: "change-processor",
        description: "L1: writes each change of the global table's items to the processed bucket as hourly NDJSON",
        kmsKeyArn: args.kmsKeyArn,
        region: args.region,
        environment: { BUCKET_NAME: args.bucketName, KEY_PREFIX: PROCESSED_PREFIXES.changes },
        vpc: { subnetIds: args.privateSubnetIds, securityGroupIds: args.securityGroupIds },
        statements: bucketWrite(args.bucketArn, PROCESSED_PREFIXES.changes, args.bucketKmsKeyArn),
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
        visibilityTimeoutSeconds: 120,
        redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
      },
      { parent },
    );
    const pipeRole = serviceRole(
      regionalName(`${name}-pipe-role`, args.region),
      { service: "pipes.amazonaws.com", description: "Feeds table changes to the change queue" },
      { parent },
    );
    const pipeAccess = rolePolicy(
      `${name}-pipe-access`,
      pipeRole,
      [
        {
          sid: "ReadChanges",
          actions: [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
          ],
          resources: [args.tableStreamArn],
        },
        ...kmsStatements(args.tableKmsKeyArn, { decrypt: true }),
        { sid: "SendChanges", actions: ["sqs:SendMessage"], resources: [queue.arn, dlq.arn] },
        ...kmsStatements(args.kmsKeyArn, { encrypt: true, decrypt: true }),
      ],
      { parent },
    );
    new aws.pipes.Pipe(
      `${name}-pipe`,
      {
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

    const repository = new aws.ecr.Repository(
      `${name}-repo`,
      {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
      },
      { parent },
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-repo-lifecycle`,
      {
        repository: repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: "Expire untagged images after 7 days",
              selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
              action: { type: "expire" },
            },
            {
              rulePriority: 2,
              description: "Keep the last 20 images",
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 },
              action: { type: "expire" },
            },
          ],
        }),
      },
      { parent },
    );
    // Immutable tags: the tag is the hash of the task's sources, so it changes exactly when they do.
    const root = packageRoot();
    const image = new awsxEcr.Image(
      `${name}-image`,
      {
        repositoryUrl: repository.repositoryUrl,
        context: root,
        dockerfile: path.join(root, "functions", "change-task", "Dockerfile"),
        platform: "linux/arm64",
        imageTag: sourceHash(root, TASK_SOURCES),
      },
      { parent },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-task-logs`,
      { retentionInDays: FUNCTION_DEFAULTS.logRetentionInDays, kmsKeyId: args.kmsKeyArn },
      { parent },
    );
    const executionRole = serviceRole(
      regionalName(`${name}-exec-role`, args.region),
      { service: "ecs-tasks.amazonaws.com", description: "Pulls the change task's image and ships its logs" },
      { parent },
    );
    rolePolicy(
      `${name}-exec-access`,
      executionRole,
      [
        {
          sid: "PullImage",
          actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
          resources: [repository.arn],
        },
        { sid: "EcrLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
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
        {
          sid: "ConsumeChanges",
          actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
          resources: [queue.arn],
        },
        ...kmsStatements(args.kmsKeyArn, { decrypt: true }),
        ...bucketWrite(args.bucketArn, PROCESSED_PREFIXES.entities, args.bucketKmsKeyArn),
        // The task reads an object's metadata before writing (a stale change must not overwrite a
        // newer image); without ListBucket, HeadObject on a missing key answers 403 instead of 404.
        {
          sid: "ReadEntityMetadata",
          actions: ["s3:GetObject"],
          resources: [pulumi.interpolate`${args.bucketArn}/${PROCESSED_PREFIXES.entities}/*`],
        },
        {
          sid: "ListEntities",
          actions: ["s3:ListBucket"],
          resources: [args.bucketArn],
          conditions: [{ test: "StringLike", variable: "s3:prefix", values: [`${PROCESSED_PREFIXES.entities}/*`] }],
        },
      ],
      { parent },
    );
    const region = aws.getRegionOutput({}, { parent }).region;
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
            image: image.imageUri,
            essential: true,
            readonlyRootFilesystem: true,
            privileged: false,
            linuxParameters: { initProcessEnabled: true },
            stopTimeout: 30,
            environment: [
              { name: "QUEUE_URL", value: queue.url },
              { name: "BUCKET_NAME", value: args.bucketName },
              { name: "KEY_PREFIX", value: PROCESSED_PREFIXES.entities },
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
    this.imageUri = image.imageUri;
    this.clusterName = cluster.name;
    this.serviceName = service.name;
    this.registerOutputs({
      queueUrl: this.queueUrl,
      repositoryUrl: this.repositoryUrl,
      imageUri: this.imageUri,
      clusterName: this.clusterName,
      serviceName: this.serviceName,
    });
  }

  metrics(): MetricDescriptor[] {
    return [...this.signals];
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
