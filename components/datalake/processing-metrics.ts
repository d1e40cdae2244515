import type * as aws from "@pulumi/aws";
import { applyThresholds, checkThresholds, type MetricDescriptor, type Thresholds } from "../shared/metrics";

/** The processing cluster's health signals, by id: what `thresholds` can override. */
export const PROCESSING_METRIC_IDS = [
  "processing-cpu",
  "processing-running-tasks",
  "processing-queue-depth",
  "processing-queue-age",
  "processing-dlq-depth",
] as const;
export type ProcessingMetricId = (typeof PROCESSING_METRIC_IDS)[number];

export interface ProcessingMetricSources {
  cluster: aws.ecs.Cluster;
  service: aws.ecs.Service;
  queue: aws.sqs.Queue;
  deadLetterQueue: aws.sqs.Queue;
  /** The service's maximum task count: running at it for long means the work outgrows the cluster. */
  maxTasks: number;
}

/**
 * The processing cluster's signals with their default thresholds:
 * - `processing-cpu`: the service's average CPU ≥ 85 % for 5 minutes (Spot tasks saturated);
 * - `processing-running-tasks`: tasks running (Container Insights) at `maxTasks` for 15 minutes:
 *   the service is at its ceiling and the backlog can only grow. (Not "fewer than 1": the service
 *   rests at 0 tasks when there is no work.)
 * - `processing-queue-depth`: ≥ 1000 messages waiting, 15 minutes;
 * - `processing-queue-age`: the oldest message waiting ≥ 1800 s (30 minutes): work is not being
 *   picked up (scaling from zero takes a few minutes, not half an hour);
 * - `processing-dlq-depth`: any message in the dead-letter queue (work that failed maxReceiveCount times).
 */
export function processingSignals(name: string, src: ProcessingMetricSources): MetricDescriptor[] {
  const service = { ClusterName: src.cluster.name, ServiceName: src.service.name };
  const queue = { QueueName: src.queue.name };
  return [
    {
      id: "processing-cpu",
      description: `${name}: the data processing service's average CPU (%)`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: service,
      statistic: "Average",
      periodSeconds: 60,
      evaluationPeriods: 5,
      threshold: 85,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    },
    {
      id: "processing-running-tasks",
      description: `${name}: data processing tasks running (Container Insights), at the service's maximum`,
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: service,
      statistic: "Minimum",
      periodSeconds: 300,
      evaluationPeriods: 3,
      threshold: src.maxTasks,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    },
    {
      id: "processing-queue-depth",
      description: `${name}: work messages waiting`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: queue,
      statistic: "Maximum",
      periodSeconds: 300,
      evaluationPeriods: 3,
      threshold: 1000,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    },
    {
      id: "processing-queue-age",
      description: `${name}: age of the oldest work message (s)`,
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: queue,
      statistic: "Maximum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 1800,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    },
    {
      id: "processing-dlq-depth",
      description: `${name}: work messages that failed and wait in the dead-letter queue`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: src.deadLetterQueue.name },
      statistic: "Maximum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    },
  ];
}

/** The signals with the overrides applied; an unknown id or a non-number is an error naming it. */
export function processingMetrics(
  name: string,
  src: ProcessingMetricSources,
  thresholds?: Thresholds<ProcessingMetricId>,
): MetricDescriptor[] {
  const checked = checkThresholds("DataLake", PROCESSING_METRIC_IDS, thresholds);
  return applyThresholds(processingSignals(name, src), checked);
}
