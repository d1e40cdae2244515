import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_PROCESSOR_ENV } from "../../functions/data-processor/environment";
import { buildContainerImage, createImageRepository, imagePullStatements } from "../compute/container-image";
import { kmsStatements, rolePolicy, secretReadStatements, serviceRole, type Statement } from "../compute/iam";
import { SQS_ACTIONS } from "../shared/actions";
import { invalidArg } from "../shared/errors";
import { regionalName } from "../shared/naming";
import { regionContext, type RegionContext } from "../shared/region";
import { objectReadStatements, objectWriteStatements } from "../storage/object-grants";
import type { LakeBucketRef, LakeContext } from "./context";
import { FARGATE_TASK_SIZES, PROCESSING_DEFAULTS, type TaskSize } from "./processing-defaults";
import { LAKE_ZONES } from "./zones";

const COMPONENT = "DataLake";

/** Secret ARNs a task may read, by a short name: each is also given to the container as `<NAME>_SECRET_ARN`. */
export type TaskSecretArns = Record<string, pulumi.Input<string>>;

interface CommonTaskArgs {
  /**
   * Secrets the task may read itself (secretsmanager:GetSecretValue and DescribeSecret on exactly
   * these ARNs, and the region's CMK through Secrets Manager), by a short name (letters, digits,
   * "_"): the container gets each ARN as `<NAME>_SECRET_ARN`.
   * @default none
   */
  secretArns?: TaskSecretArns;
  /** Task CPU units and memory (MiB), a Fargate size. */
  size?: TaskSize;
  /** Images the task's repository keeps. @default 10 */
  keepImages?: number;
}

export interface DataProcessingTaskArgs extends CommonTaskArgs {
  /** The work queue the task consumes. */
  queueArn: pulumi.Input<string>;
  queueUrl: pulumi.Input<string>;
  /** The objects it reads. @default "raw/" */
  readPrefix?: string;
  /** Where it writes. @default "processed/hourly/cleaned/" */
  writePrefix?: string;
}

export interface SparkJobTaskArgs extends Omit<CommonTaskArgs, "keepImages"> {
  /** The spark job's repository (`createSparkJobRepository`), where the caller's pipeline pushes its image. */
  repository: aws.ecr.Repository;
  /**
   * The spark job's image in `repository` (the caller's pipeline builds the Spark image and pushes
   * it there): a tag (immutable in that repository) or a digest `sha256:<64 hex>`.
   */
  image: string;
  /** What it reads. @default "processed/" */
  readPrefix?: string;
  /** Where it writes. @default "curated/" */
  writePrefix?: string;
}

export interface ProcessingTask {
  taskDefinition: aws.ecs.TaskDefinition;
  taskRole: aws.iam.Role;
  executionRole: aws.iam.Role;
  logGroup: aws.cloudwatch.LogGroup;
  repository: aws.ecr.Repository;
  /** The image the task runs (by digest for the data processor, by the given tag or digest for the spark job). */
  imageUri: pulumi.Output<string>;
  containerName: string;
}

/** The container's uid:gid: the node image's "node" user for the data processor, apache/spark's "spark" user for the spark job. */
export const TASK_USERS = { dataProcessor: "1000:1000", sparkJob: "185:185" } as const;

/** Where the spark job may write scratch files: the root filesystem is read-only. */
export const SPARK_SCRATCH = { volume: "scratch", path: "/tmp" } as const;

/** An ECR tag ([A-Za-z0-9_.-], up to 128, starting alphanumeric) or a digest. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

export function checkTaskSize(arg: string, size: TaskSize): TaskSize {
  const allowed = FARGATE_TASK_SIZES[size.cpu];
  if (!allowed)
    throw invalidArg(
      COMPONENT,
      `${arg}.cpu`,
      `${size.cpu} is not a Fargate CPU size (one of ${Object.keys(FARGATE_TASK_SIZES).join(", ")})`,
    );
  if (
    !Number.isInteger(size.memory) ||
    size.memory < allowed.min ||
    size.memory > allowed.max ||
    (size.memory - allowed.min) % allowed.step !== 0
  )
    throw invalidArg(
      COMPONENT,
      `${arg}.memory`,
      `${size.memory} MiB is not a Fargate memory size for ${size.cpu} CPU units (${allowed.min}-${allowed.max} in steps of ${allowed.step})`,
    );
  return size;
}

function checkSecretNames(arg: string, secrets: TaskSecretArns | undefined): [string, pulumi.Input<string>][] {
  const entries = Object.entries(secrets ?? {});
  for (const [name] of entries)
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name))
      throw invalidArg(
        COMPONENT,
        `${arg}.secretArns`,
        `"${name}" is not a short name of letters, digits and "_" (it becomes the variable ${name.toUpperCase()}_SECRET_ARN)`,
      );
  return entries;
}

/** A lake key prefix: a zone's (or below it), ending in "/", no wildcard. */
function checkLakePrefix(arg: string, prefix: string): string {
  const zones = Object.values(LAKE_ZONES).map((z) => z.prefix);
  if (!zones.some((z) => prefix.startsWith(z)) || !prefix.endsWith("/") || prefix.includes("*"))
    throw invalidArg(
      COMPONENT,
      arg,
      `"${prefix}" is not a prefix of the lake's zones (${zones.join(", ")}) ending in "/" without wildcards`,
    );
  return prefix;
}

function checkSeparate(arg: string, read: string, write: string): void {
  if (read.startsWith(write) || write.startsWith(read))
    throw invalidArg(
      COMPONENT,
      arg,
      `reads "${read}" and writes "${write}": one contains the other, so the task would process its own output`,
    );
}

interface TaskSpec {
  /** `data-processing` or `spark-job`: names the children. */
  id: string;
  description: string;
  where: RegionContext;
  size: TaskSize;
  image: { repository: aws.ecr.Repository; imageUri: pulumi.Output<string> };
  containerName: string;
  user: string;
  environment: { name: string; value: pulumi.Input<string> }[];
  secrets: [string, pulumi.Input<string>][];
  /** The task role's own statements beside the secrets'. */
  statements: Statement[];
  scratch?: boolean;
}

function createTask(ctx: LakeContext, spec: TaskSpec): ProcessingTask {
  const parent = ctx.parent;
  const base = `${ctx.name}-${spec.id}`;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${base}-logs`,
    { retentionInDays: PROCESSING_DEFAULTS.logRetentionInDays, kmsKeyId: ctx.kmsKeyArn },
    { parent },
  );
  const executionRole = serviceRole(
    regionalName(`${base}-exec-role`, ctx.region),
    { service: "ecs-tasks.amazonaws.com", description: `Pulls the ${spec.description} image and ships its logs` },
    { parent },
  );
  rolePolicy(
    `${base}-exec-access`,
    executionRole,
    [
      ...imagePullStatements(spec.image.repository.arn),
      {
        sid: "ShipLogs",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [pulumi.interpolate`${logGroup.arn}:*`],
      },
      // The repository is encrypted with the CMK: image layers are decrypted through ECR.
      ...kmsStatements(ctx.kmsKeyArn, { decrypt: true }, spec.where.serviceEndpoint("ecr")),
    ],
    { parent },
  );
  const taskRole = serviceRole(
    regionalName(`${base}-task-role`, ctx.region),
    { service: "ecs-tasks.amazonaws.com", description: `The ${spec.description}: its lake prefixes and secrets` },
    { parent },
  );
  rolePolicy(
    `${base}-task-access`,
    taskRole,
    [
      ...spec.statements,
      ...secretReadStatements(
        spec.secrets.map(([, arn]) => arn),
        ctx.kmsKeyArn,
        spec.where.serviceEndpoint("secretsmanager"),
      ),
    ],
    { parent },
  );
  const taskDefinition = new aws.ecs.TaskDefinition(
    `${base}-task`,
    {
      family: regionalName(`${ctx.environment}-${spec.id}`, ctx.region),
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(spec.size.cpu),
      memory: String(spec.size.memory),
      // FARGATE_SPOT runs ARM64 Linux tasks on platform 1.4.0 and later (the service asks for LATEST).
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      // A Fargate bind mount: task-local storage for scratch files, so the root filesystem stays read-only.
      ...(spec.scratch ? { volumes: [{ name: SPARK_SCRATCH.volume }] } : {}),
      containerDefinitions: pulumi.jsonStringify([
        {
          name: spec.containerName,
          image: spec.image.imageUri,
          essential: true,
          user: spec.user,
          readonlyRootFilesystem: true,
          privileged: false,
          // An init process forwards SIGTERM to the program and reaps its children.
          linuxParameters: { initProcessEnabled: true },
          // Spot's two-minute notice: ECS sends SIGTERM, waits this long, then SIGKILL.
          stopTimeout: PROCESSING_DEFAULTS.stopTimeoutSeconds,
          environment: [
            ...spec.environment,
            ...spec.secrets.map(([name, arn]) => ({ name: `${name.toUpperCase()}_SECRET_ARN`, value: arn })),
          ],
          ...(spec.scratch
            ? {
                mountPoints: [
                  { sourceVolume: SPARK_SCRATCH.volume, containerPath: SPARK_SCRATCH.path, readOnly: false },
                ],
              }
            : {}),
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": logGroup.name,
              "awslogs-region": ctx.region,
              "awslogs-stream-prefix": spec.containerName,
            },
          },
        },
      ]),
    },
    { parent },
  );
  return {
    taskDefinition,
    taskRole,
    executionRole,
    logGroup,
    repository: spec.image.repository,
    imageUri: spec.image.imageUri,
    containerName: spec.containerName,
  };
}

/** The lake bucket's objects under a prefix, as a task reads or writes them (the CMK through S3 only). */
const lakeTarget = (lake: LakeBucketRef, ctx: LakeContext, where: RegionContext, prefix: string) => ({
  component: COMPONENT,
  bucketArn: lake.bucketArn,
  kmsKeyArn: ctx.kmsKeyArn,
  s3Endpoint: where.serviceEndpoint("s3"),
  prefix,
});

/**
 * The "data processing" task (1 vCPU / 2 GiB on Fargate, ARM64): the data processor
 * (functions/data-processor) built by `awsx.ecr.Image` into an ECR repository of its own (scan on
 * push, immutable tags, the CMK, the newest `keepImages` kept), as uid 1000 with a read-only root
 * filesystem, stopTimeout 120 for Spot's notice, logs to a CMK-encrypted group. Its task role
 * consumes the work queue, reads `readPrefix` (raw/) and writes `writePrefix` (processed/hourly/cleaned/) of
 * the lake, the CMK through S3 and SQS only, and reads exactly the secrets given; its execution
 * role pulls exactly its repository's images and writes exactly its log group.
 */
export function createDataProcessingTask(
  ctx: LakeContext,
  lake: LakeBucketRef,
  args: DataProcessingTaskArgs,
): ProcessingTask {
  const size = checkTaskSize("processing.dataProcessingSize", args.size ?? PROCESSING_DEFAULTS.dataProcessingSize);
  const readPrefix = checkLakePrefix(
    "processing.dataProcessingReadPrefix",
    args.readPrefix ?? PROCESSING_DEFAULTS.dataProcessingReadPrefix,
  );
  const writePrefix = checkLakePrefix(
    "processing.dataProcessingWritePrefix",
    args.writePrefix ?? PROCESSING_DEFAULTS.dataProcessingWritePrefix,
  );
  checkSeparate("processing.dataProcessingWritePrefix", readPrefix, writePrefix);
  const secrets = checkSecretNames("processing.dataProcessing", args.secretArns);
  const where = regionContext(COMPONENT, ctx.region, ctx.parent);
  const image = buildContainerImage(
    `${ctx.name}-data-processing`,
    {
      program: "data-processor",
      kmsKeyArn: ctx.kmsKeyArn,
      keepImages: args.keepImages ?? PROCESSING_DEFAULTS.keepImages,
    },
    { parent: ctx.parent },
  );
  return createTask(ctx, {
    id: "data-processing",
    description: "data processor",
    where,
    size,
    image,
    containerName: "data-processor",
    user: TASK_USERS.dataProcessor,
    environment: [
      { name: DATA_PROCESSOR_ENV.queueUrl, value: args.queueUrl },
      { name: DATA_PROCESSOR_ENV.bucketName, value: lake.bucketName },
      { name: DATA_PROCESSOR_ENV.sourcePrefix, value: readPrefix },
      { name: DATA_PROCESSOR_ENV.outputPrefix, value: writePrefix },
    ],
    secrets,
    statements: [
      { sid: "ConsumeWork", actions: [...SQS_ACTIONS.consume], resources: [args.queueArn] },
      ...kmsStatements(ctx.kmsKeyArn, { decrypt: true }, where.serviceEndpoint("sqs")),
      ...objectReadStatements(lakeTarget(lake, ctx, where, readPrefix)),
      ...objectWriteStatements(lakeTarget(lake, ctx, where, writePrefix)),
    ],
  });
}

/**
 * The spark job's ECR repository (scan on push, immutable tags, the CMK, the newest `keepImages`
 * kept). Its image is not built here: a Spark image (a JVM and Spark, hundreds of MB) is the
 * caller's to build and push; `createSparkJobTask` then runs it by tag or digest.
 */
export function createSparkJobRepository(ctx: LakeContext, args: { keepImages?: number } = {}): aws.ecr.Repository {
  return createImageRepository(
    `${ctx.name}-spark-job`,
    { kmsKeyArn: ctx.kmsKeyArn, keepImages: args.keepImages ?? PROCESSING_DEFAULTS.keepImages },
    { parent: ctx.parent },
  );
}

/** Checks a spark job image reference: an ECR tag or a digest. */
export function checkSparkJobImage(image: unknown): string {
  if (typeof image !== "string" || !(IMAGE_TAG.test(image) || IMAGE_DIGEST.test(image)))
    throw invalidArg(
      COMPONENT,
      "processing.sparkJobImage",
      `${JSON.stringify(image)} is neither an image tag (letters, digits, "_", ".", "-", at most 128) nor a digest "sha256:<64 hex digits>" in the spark job's repository`,
    );
  return image;
}

/**
 * The "spark job" task (2 vCPU / 4 GiB on Fargate, ARM64), run on demand (RunTask with the
 * cluster's Spot-first strategy) rather than as a service, from the image `image` names in the
 * spark job's repository (`createSparkJobRepository`), so the execution role pulls only from that
 * repository. Runs as the apache/spark images' user (uid 185) with a read-only root filesystem
 * and a task-local scratch volume on /tmp (SPARK_LOCAL_DIRS): the image must write nowhere else.
 * Its task role reads `readPrefix` (processed/) and writes `writePrefix` (curated/) of the lake, the
 * CMK through S3 only, and reads exactly the secrets given.
 */
export function createSparkJobTask(ctx: LakeContext, lake: LakeBucketRef, args: SparkJobTaskArgs): ProcessingTask {
  const size = checkTaskSize("processing.sparkJobSize", args.size ?? PROCESSING_DEFAULTS.sparkJobSize);
  const image = checkSparkJobImage(args.image);
  const readPrefix = checkLakePrefix(
    "processing.sparkReadPrefix",
    args.readPrefix ?? PROCESSING_DEFAULTS.sparkReadPrefix,
  );
  const writePrefix = checkLakePrefix(
    "processing.sparkWritePrefix",
    args.writePrefix ?? PROCESSING_DEFAULTS.sparkWritePrefix,
  );
  checkSeparate("processing.sparkWritePrefix", readPrefix, writePrefix);
  const secrets = checkSecretNames("processing.sparkJob", args.secretArns);
  const where = regionContext(COMPONENT, ctx.region, ctx.parent);
  const separator = IMAGE_DIGEST.test(image) ? "@" : ":";
  return createTask(ctx, {
    id: "spark-job",
    description: "spark job",
    where,
    size,
    image: {
      repository: args.repository,
      imageUri: pulumi.interpolate`${args.repository.repositoryUrl}${separator}${image}`,
    },
    containerName: "spark-job",
    user: TASK_USERS.sparkJob,
    environment: [
      { name: "LAKE_BUCKET", value: lake.bucketName },
      { name: "READ_PREFIX", value: readPrefix },
      { name: "WRITE_PREFIX", value: writePrefix },
      { name: "SPARK_LOCAL_DIRS", value: SPARK_SCRATCH.path },
    ],
    secrets,
    statements: [
      ...objectReadStatements(lakeTarget(lake, ctx, where, readPrefix)),
      ...objectWriteStatements(lakeTarget(lake, ctx, where, writePrefix)),
    ],
    scratch: true,
  });
}
