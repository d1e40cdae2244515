/**
 * Processing rules (compute group): ECS on Fargate Spot and scaling from zero. What the compute
 * rules already cover is not repeated here: ECR scan on push, immutable tags, KMS and lifecycle
 * (ecr-*), Container Insights, circuit breakers, no public IP, non-root read-only containers
 * (ecs-*), and SQS encryption (data group, sqs-queue-encrypted-cmk).
 */
import {
  ECS_DESIRED_COUNT_DIMENSION,
  FARGATE_CAPACITY_PROVIDERS,
  FARGATE_DEFAULT_STOP_TIMEOUT_SECONDS,
  FARGATE_MAX_STOP_TIMEOUT_SECONDS,
  SPOT_INTERRUPTION_NOTICE_SECONDS,
} from "../baseline/processing";
import { asArray, label, parseJson, resourceRule, stackRule } from "./helpers";
import type { StackResourceView, StackView, StackViolation } from "./types";

export const ECS_SERVICE = "aws:ecs/service:Service";
export const ECS_CLUSTER = "aws:ecs/cluster:Cluster";
export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
export const CLUSTER_CAPACITY_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
export const SCALABLE_TARGET = "aws:appautoscaling/target:Target";
export const SCALING_POLICY = "aws:appautoscaling/policy:Policy";
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const { spot: SPOT, onDemand: ON_DEMAND } = FARGATE_CAPACITY_PROVIDERS;

const providersOf = (strategy: unknown): string[] =>
  asArray<any>(strategy)
    .map((s) => s?.capacityProvider)
    .filter((p): p is string => typeof p === "string");

/** The capacity providers a service places tasks with: its own strategy, else (no launch type) its cluster's default. */
function serviceProviders(stack: StackView, service: StackResourceView): string[] {
  const own = providersOf(service.props.capacityProviderStrategies);
  if (own.length > 0 || service.props.launchType) return own;
  const clusters = stack
    .ofType(ECS_CLUSTER)
    .filter((c) => stack.configuring(c, ECS_SERVICE, "cluster").includes(service));
  return clusters.flatMap((cluster) =>
    stack
      .configuring(cluster, CLUSTER_CAPACITY_PROVIDERS, "clusterName")
      .flatMap((ccp) => providersOf(ccp.props.defaultCapacityProviderStrategies)),
  );
}

/** The task definitions a service runs (found through the recorded dependency or by ARN). */
const taskDefinitionsOf = (stack: StackView, service: StackResourceView) =>
  stack.ofType(TASK_DEFINITION).filter((t) => stack.configuring(t, ECS_SERVICE, "taskDefinition").includes(service));

/** Is the policy a target of some alarm (its alarmActions name it)? */
const alarmed = (stack: StackView, policy: StackResourceView) =>
  stack.configuring(policy, METRIC_ALARM, "alarmActions").length > 0 ||
  stack
    .ofType(METRIC_ALARM)
    .some(
      (a) =>
        a.propertyDependencies.alarmActions?.includes(policy.urn) ||
        (typeof policy.props.arn === "string" && asArray<string>(a.props.alarmActions).includes(policy.props.arn)),
    );

/** The policies of a scalable target: same namespace, resource id and dimension (or built from its outputs). */
const policiesOf = (stack: StackView, target: StackResourceView) =>
  stack
    .ofType(SCALING_POLICY)
    .filter(
      (p) =>
        p.propertyDependencies.resourceId?.includes(target.urn) ||
        (p.props.resourceId === target.props.resourceId &&
          p.props.serviceNamespace === target.props.serviceNamespace &&
          p.props.scalableDimension === target.props.scalableDimension),
    );

export const processingRules = [
  stackRule({
    name: "ecs-spot-service-stop-timeout",
    description: `ECS services that place tasks on ${SPOT} run containers that set stopTimeout, at most Fargate's ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} s: a Spot interruption gives ${SPOT_INTERRUPTION_NOTICE_SECONDS} s' notice (SIGTERM), and without it ECS kills the container ${FARGATE_DEFAULT_STOP_TIMEOUT_SECONDS} s after SIGTERM, before in-flight work can drain.`,
    group: "compute",
    severity: "medium",
    remediation: `Set stopTimeout (e.g. ${FARGATE_MAX_STOP_TIMEOUT_SECONDS}) on every container of the task definition and handle SIGTERM: stop taking work, finish what is in hand, exit.`,
    check: (stack) =>
      stack.ofType(ECS_SERVICE).flatMap((service): StackViolation[] => {
        if (!serviceProviders(stack, service).includes(SPOT)) return [];
        return taskDefinitionsOf(stack, service).flatMap((task) =>
          asArray<any>(parseJson(task.props.containerDefinitions))
            .filter((c) => c && typeof c === "object")
            .flatMap((c, i): StackViolation[] => {
              const container = c.name ? `container "${c.name}"` : `container ${i}`;
              const timeout = c.stopTimeout;
              if (typeof timeout !== "number")
                return [
                  {
                    urn: task.urn,
                    message: `${label(service)} runs on ${SPOT}, but ${container} of ${label(task)} sets no stopTimeout: ECS kills it ${FARGATE_DEFAULT_STOP_TIMEOUT_SECONDS} s after SIGTERM, not the ${SPOT_INTERRUPTION_NOTICE_SECONDS} s Spot's notice allows`,
                  },
                ];
              if (timeout < 1 || timeout > FARGATE_MAX_STOP_TIMEOUT_SECONDS)
                return [
                  {
                    urn: task.urn,
                    message: `${label(service)} runs on ${SPOT}, but ${container} of ${label(task)} sets stopTimeout ${timeout}, outside Fargate's 1-${FARGATE_MAX_STOP_TIMEOUT_SECONDS} s`,
                  },
                ];
              return [];
            }),
        );
      }),
  }),
  resourceRule({
    name: "ecs-cluster-spot-fallback",
    description: `ECS clusters that offer ${SPOT} also offer ${ON_DEMAND}, and their default strategy names only providers the cluster has: when Spot has no capacity (or reclaims it) tasks still start on ${ON_DEMAND}.`,
    group: "compute",
    severity: "medium",
    resourceTypes: [CLUSTER_CAPACITY_PROVIDERS],
    remediation: `Add "${ON_DEMAND}" to capacityProviders (and to the default strategy with a weight or base) beside "${SPOT}".`,
    check: (r) => {
      const providers = asArray<string>(r.props.capacityProviders);
      const problems: string[] = [];
      if (providers.includes(SPOT) && !providers.includes(ON_DEMAND))
        problems.push(`${label(r)} offers ${SPOT} without ${ON_DEMAND} to fall back on`);
      const unknown = providersOf(r.props.defaultCapacityProviderStrategies).filter((p) => !providers.includes(p));
      if (unknown.length)
        problems.push(
          `${label(r)} defaults to ${unknown.join(", ")}, which it does not offer (capacityProviders: ${providers.join(", ") || "none"})`,
        );
      return problems;
    },
  }),
  stackRule({
    name: "ecs-scaling-from-zero-step-policy",
    description:
      "ECS services that auto scaling may take to 0 tasks (a scalable target with minCapacity 0) have a step scaling policy that a CloudWatch alarm triggers: target tracking on the service's own metrics (CPU, memory, requests per target) has no data with no task running, so it never starts one.",
    group: "compute",
    severity: "medium",
    remediation:
      "Add an aws.appautoscaling.Policy of policyType StepScaling on the target and an aws.cloudwatch.MetricAlarm on the work's source (e.g. the queue's ApproximateNumberOfMessagesVisible ≥ 1) whose alarmActions name it; or keep minCapacity at 1 or more.",
    check: (stack) =>
      stack.ofType(SCALABLE_TARGET).flatMap((target): StackViolation[] => {
        if (target.props.scalableDimension !== ECS_DESIRED_COUNT_DIMENSION || target.props.minCapacity !== 0) return [];
        const steps = policiesOf(stack, target).filter((p) => p.props.policyType === "StepScaling");
        if (steps.some((p) => alarmed(stack, p))) return [];
        return [
          {
            urn: target.urn,
            message:
              steps.length === 0
                ? `${label(target)} lets ${target.props.resourceId ?? "the service"} scale to 0 tasks but has no step scaling policy to start it again`
                : `${label(target)} lets ${target.props.resourceId ?? "the service"} scale to 0 tasks, but no CloudWatch alarm triggers its step scaling policy`,
          },
        ];
      }),
  }),
];
