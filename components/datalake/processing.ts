import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { MetricDescriptor, Thresholds } from "../shared/metrics";
import { checkThresholds } from "../shared/metrics";
import { validating } from "../shared/errors";
import type { LakeBucketRef, LakeContext } from "./context";
import {
  capacityStrategy,
  createProcessingCluster,
  type CapacityStrategyArgs,
  type ProcessingCluster,
} from "./processing-cluster";
import { PROCESSING_DEFAULTS } from "./processing-defaults";
import { PROCESSING_METRIC_IDS, processingMetrics, type ProcessingMetricId } from "./processing-metrics";
import { createProcessingQueue, type ProcessingQueue, type ProcessingQueueArgs } from "./processing-queue";
import { checkScalingArgs, createProcessingScaling, type ProcessingScaling } from "./processing-scaling";
import { createProcessingService, processingServiceName } from "./processing-service";
import {
  checkSparkJobImage,
  checkTaskSize,
  createDataProcessingTask,
  createSparkJobRepository,
  createSparkJobTask,
  type ProcessingTask,
  type TaskSecretArns,
} from "./processing-tasks";

export interface DataProcessingArgs extends CapacityStrategyArgs {
  /** Private subnets of the tasks. */
  privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The tasks' security groups: egress only, to HTTPS (VPC endpoints, S3's prefix list, or the NAT). */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Secrets the data processing task may read, by short name. @default none */
  dataProcessingSecretArns?: TaskSecretArns;
  /** Secrets the spark job may read, by short name. @default none */
  sparkJobSecretArns?: TaskSecretArns;
  /**
   * The spark job's image in its repository, by tag or `sha256:` digest (pushed by the caller's
   * pipeline). Without it the repository is created and the spark task definition is not (a
   * first deployment creates the repository to push to).
   * @default no spark task definition
   */
  sparkJobImage?: string;
  /** @default { cpu: 1024, memory: 2048 } */
  dataProcessingSize?: { cpu: number; memory: number };
  /** @default { cpu: 2048, memory: 4096 } */
  sparkJobSize?: { cpu: number; memory: number };
  /** Images each repository keeps. @default 10 */
  keepImages?: number;
  /** @default 0 */
  desiredCount?: number;
  /** @default 0 */
  minTasks?: number;
  /** @default 10 */
  maxTasks?: number;
  /** @default 70 */
  cpuTargetPercent?: number;
  queue?: ProcessingQueueArgs;
  /** Alarm thresholds by metric id (`ProcessingMetricId`). @default each signal's own */
  thresholds?: Thresholds<ProcessingMetricId>;
}

export interface DataProcessing {
  cluster: ProcessingCluster;
  queue: ProcessingQueue;
  dataProcessingTask: ProcessingTask;
  sparkJobRepository: aws.ecr.Repository;
  sparkJobTask?: ProcessingTask;
  service: aws.ecs.Service;
  scaling: ProcessingScaling;
  /** The signals, with `thresholds` applied. */
  metrics(): MetricDescriptor[];
}

/**
 * The data lake's processing cluster, whole: the Spot-first cluster, the work queue (and its
 * dead-letter queue), the "data processing" task and its service scaled on the queue from 0, the
 * "spark job" repository and (with `sparkJobImage`) its task definition, and their metrics.
 * Every arg is checked before anything is created.
 */
export function createDataProcessing(ctx: LakeContext, lake: LakeBucketRef, args: DataProcessingArgs): DataProcessing {
  const { maxTasks, thresholds } = validating("DataLake", () => {
    capacityStrategy(args);
    checkTaskSize("processing.dataProcessingSize", args.dataProcessingSize ?? PROCESSING_DEFAULTS.dataProcessingSize);
    checkTaskSize("processing.sparkJobSize", args.sparkJobSize ?? PROCESSING_DEFAULTS.sparkJobSize);
    if (args.sparkJobImage !== undefined) checkSparkJobImage(args.sparkJobImage);
    processingServiceName(ctx.environment);
    const bounds = checkScalingArgs(args);
    return {
      maxTasks: bounds.maxTasks,
      thresholds: checkThresholds("DataLake", PROCESSING_METRIC_IDS, args.thresholds),
    };
  });
  const cluster = createProcessingCluster(ctx, args);
  const queue = createProcessingQueue(ctx, lake, args.queue);
  const dataProcessingTask = createDataProcessingTask(ctx, lake, {
    queueArn: queue.queue.arn,
    queueUrl: queue.queue.url,
    secretArns: args.dataProcessingSecretArns,
    size: args.dataProcessingSize,
    keepImages: args.keepImages,
  });
  const sparkJobRepository = createSparkJobRepository(ctx, { keepImages: args.keepImages });
  const sparkJobTask =
    args.sparkJobImage === undefined
      ? undefined
      : createSparkJobTask(ctx, lake, {
          repository: sparkJobRepository,
          image: args.sparkJobImage,
          secretArns: args.sparkJobSecretArns,
          size: args.sparkJobSize,
        });
  const service = createProcessingService(ctx, {
    cluster,
    task: dataProcessingTask,
    subnetIds: args.privateSubnetIds,
    securityGroupIds: args.securityGroupIds,
    desiredCount: args.desiredCount,
  });
  const scaling = createProcessingScaling(ctx, {
    cluster: cluster.cluster,
    service,
    queue: queue.queue,
    minTasks: args.minTasks,
    maxTasks: args.maxTasks,
    cpuTargetPercent: args.cpuTargetPercent,
  });
  const sources = {
    cluster: cluster.cluster,
    service,
    queue: queue.queue,
    deadLetterQueue: queue.deadLetterQueue,
    maxTasks,
  };
  return {
    cluster,
    queue,
    dataProcessingTask,
    sparkJobRepository,
    ...(sparkJobTask ? { sparkJobTask } : {}),
    service,
    scaling,
    metrics: () => processingMetrics(ctx.name, sources, thresholds),
  };
}
