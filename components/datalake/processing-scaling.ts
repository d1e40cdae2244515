import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ECS_DESIRED_COUNT_DIMENSION } from "../../policy/baseline/processing";
import { invalidArg } from "../shared/errors";
import type { LakeContext } from "./context";
import { PROCESSING_DEFAULTS } from "./processing-defaults";

export interface ProcessingScalingArgs {
  cluster: aws.ecs.Cluster;
  service: aws.ecs.Service;
  /** The work queue whose depth drives the service. */
  queue: aws.sqs.Queue;
  /** @default 0 */
  minTasks?: number;
  /** @default 10 */
  maxTasks?: number;
  /** The service's average CPU that target tracking adds tasks above (1-100). @default 70 */
  cpuTargetPercent?: number;
}

export interface ProcessingScaling {
  target: aws.appautoscaling.Target;
  /** Step scaling on the backlog: from 0 tasks upwards. */
  scaleOut: aws.appautoscaling.Policy;
  backlogAlarm: aws.cloudwatch.MetricAlarm;
  /** Step scaling to exactly `minTasks` once the queue has been empty for a while. */
  scaleIn: aws.appautoscaling.Policy;
  emptyQueueAlarm: aws.cloudwatch.MetricAlarm;
  /** Target tracking on CPU, scale-out only. */
  cpu: aws.appautoscaling.Policy;
}

const COMPONENT = "DataLake";

/** The scaling bounds, checked. */
export function checkScalingArgs(args: Pick<ProcessingScalingArgs, "minTasks" | "maxTasks" | "cpuTargetPercent">) {
  const minTasks = args.minTasks ?? PROCESSING_DEFAULTS.minTasks;
  const maxTasks = args.maxTasks ?? PROCESSING_DEFAULTS.maxTasks;
  const cpuTargetPercent = args.cpuTargetPercent ?? PROCESSING_DEFAULTS.cpuTargetPercent;
  if (!Number.isInteger(minTasks) || minTasks < 0)
    throw invalidArg(COMPONENT, "processing.minTasks", `${minTasks} is not a whole number of tasks (0 or more)`);
  if (!Number.isInteger(maxTasks) || maxTasks < Math.max(1, minTasks))
    throw invalidArg(
      COMPONENT,
      "processing.maxTasks",
      `${maxTasks} is not a whole number of tasks of at least 1 and at least minTasks (${minTasks})`,
    );
  if (!(cpuTargetPercent > 0 && cpuTargetPercent <= 100))
    throw invalidArg(
      COMPONENT,
      "processing.cpuTargetPercent",
      `${cpuTargetPercent} is not a percentage above 0, at most 100`,
    );
  return { minTasks, maxTasks, cpuTargetPercent };
}

/**
 * The step adjustments of the backlog policy, relative to its alarm's threshold of 1 visible
 * message: `[fromMessages, next fromMessages)` → +addTasks.
 */
export function backlogStepAdjustments(steps = PROCESSING_DEFAULTS.backlogSteps) {
  return steps.map((step, i) => {
    const next = steps[i + 1];
    return {
      metricIntervalLowerBound: String(step.fromMessages - 1),
      ...(next ? { metricIntervalUpperBound: String(next.fromMessages - 1) } : {}),
      scalingAdjustment: step.addTasks,
    };
  });
}

/**
 * Auto scaling of the processing service between `minTasks` (0) and `maxTasks`, on the work queue
 * and on CPU. Target tracking alone cannot start a service from zero: with no task running,
 * ECSServiceAverageCPUUtilization has no data points, so its alarms never fire. So:
 *
 * - scale out from any count, zero included: a CloudWatch alarm on the queue's
 *   ApproximateNumberOfMessagesVisible ≥ 1 (1 minute) triggers a step scaling policy that adds
 *   tasks by the size of the backlog (ChangeInCapacity, `backlogSteps`);
 * - scale in to `minTasks`: an alarm on the queue being empty, nothing visible and nothing in
 *   flight (metric math `visible + notVisible`, so a task still processing is never stopped),
 *   for `emptyQueueMinutes`, triggers a step policy setting the count to exactly `minTasks`
 *   (ExactCapacity). Missing data counts as empty: SQS stops publishing for a queue that has been
 *   idle for hours.
 * - target tracking on ECSServiceAverageCPUUtilization adds tasks while the running ones are busy
 *   (`cpuTargetPercent`), with scale-in disabled: the empty queue decides when to stop, not an
 *   idle-looking CPU while a task waits on S3.
 */
export function createProcessingScaling(ctx: LakeContext, args: ProcessingScalingArgs): ProcessingScaling {
  const { minTasks, maxTasks, cpuTargetPercent } = checkScalingArgs(args);
  const parent = ctx.parent;
  const base = `${ctx.name}-processing-scaling`;
  const target = new aws.appautoscaling.Target(
    base,
    {
      serviceNamespace: "ecs",
      scalableDimension: ECS_DESIRED_COUNT_DIMENSION,
      resourceId: pulumi.interpolate`service/${args.cluster.name}/${args.service.name}`,
      minCapacity: minTasks,
      maxCapacity: maxTasks,
    },
    { parent },
  );
  const on = {
    serviceNamespace: target.serviceNamespace,
    scalableDimension: target.scalableDimension,
    resourceId: target.resourceId,
  };
  const scaleOut = new aws.appautoscaling.Policy(
    `${base}-backlog`,
    {
      ...on,
      policyType: "StepScaling",
      stepScalingPolicyConfiguration: {
        adjustmentType: "ChangeInCapacity",
        cooldown: PROCESSING_DEFAULTS.scaleOutCooldownSeconds,
        metricAggregationType: "Maximum",
        stepAdjustments: backlogStepAdjustments(),
      },
    },
    { parent },
  );
  const queueName = args.queue.name;
  const backlogAlarm = new aws.cloudwatch.MetricAlarm(
    `${base}-backlog`,
    {
      alarmDescription: pulumi.interpolate`Work waiting in ${queueName}: start data processing tasks`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [scaleOut.arn],
    },
    { parent },
  );
  const scaleIn = new aws.appautoscaling.Policy(
    `${base}-empty`,
    {
      ...on,
      policyType: "StepScaling",
      stepScalingPolicyConfiguration: {
        adjustmentType: "ExactCapacity",
        cooldown: PROCESSING_DEFAULTS.scaleInCooldownSeconds,
        metricAggregationType: "Maximum",
        stepAdjustments: [{ metricIntervalUpperBound: "0", scalingAdjustment: minTasks }],
      },
    },
    { parent },
  );
  const minutes = PROCESSING_DEFAULTS.emptyQueueMinutes;
  const sqsMetric = (metricName: string) => ({
    metric: {
      namespace: "AWS/SQS",
      metricName,
      dimensions: { QueueName: queueName },
      stat: "Maximum",
      period: 60,
    },
    returnData: false,
  });
  const emptyQueueAlarm = new aws.cloudwatch.MetricAlarm(
    `${base}-empty`,
    {
      alarmDescription: pulumi.interpolate`${queueName} empty (nothing visible or in flight) for ${minutes} minutes: stop data processing tasks`,
      metricQueries: [
        { id: "visible", ...sqsMetric("ApproximateNumberOfMessagesVisible") },
        { id: "inflight", ...sqsMetric("ApproximateNumberOfMessagesNotVisible") },
        { id: "work", expression: "visible + inflight", label: "Messages waiting or in flight", returnData: true },
      ],
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      threshold: 0,
      comparisonOperator: "LessThanOrEqualToThreshold",
      treatMissingData: "breaching",
      alarmActions: [scaleIn.arn],
    },
    { parent },
  );
  const cpu = new aws.appautoscaling.Policy(
    `${base}-cpu`,
    {
      ...on,
      policyType: "TargetTrackingScaling",
      targetTrackingScalingPolicyConfiguration: {
        targetValue: cpuTargetPercent,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        disableScaleIn: true,
        scaleOutCooldown: PROCESSING_DEFAULTS.scaleOutCooldownSeconds,
        scaleInCooldown: PROCESSING_DEFAULTS.scaleInCooldownSeconds,
      },
    },
    { parent },
  );
  return { target, scaleOut, backlogAlarm, scaleIn, emptyQueueAlarm, cpu };
}
