/** The processing rules' cases (compute group): Fargate Spot services and clusters, scaling from zero (tests/policy/processing.test.ts, tests/policy/insecure-graph.test.ts). */
import { processingRules } from "../../../policy/rules/processing";
import type { RuleCase, Spec } from "../harness";

export const rule = (name: string) => {
  const found = processingRules.find((r) => r.name === name);
  if (!found) throw new Error(`no processing rule ${name}`);
  return found;
};

const ACCOUNT = "123456789012";
const CLUSTER_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod-data-processing-cluster`;
const SERVICE_ID = "service/prod-data-processing-cluster/prod-data-processing-service";
const SPOT_FIRST = [
  { capacityProvider: "FARGATE_SPOT", weight: 4, base: 0 },
  { capacityProvider: "FARGATE", weight: 1, base: 0 },
];

const cluster = (): Spec => ({
  type: "aws:ecs/cluster:Cluster",
  name: "processing",
  inputs: { name: "prod-data-processing-cluster", arn: CLUSTER_ARN },
});
export const capacity = (inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  name: "processing-capacity",
  inputs: {
    clusterName: "prod-data-processing-cluster",
    capacityProviders: ["FARGATE_SPOT", "FARGATE"],
    defaultCapacityProviderStrategies: SPOT_FIRST,
    ...inputs,
  },
});
export const worker = (container: Record<string, unknown>, name = "worker"): Spec => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  name,
  inputs: {
    family: name,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify([{ name: "data-processor", image: "worker@sha256:0123", ...container }]),
  },
});
export const service = (inputs: Record<string, unknown>, task = "worker", name = "processing"): Spec => ({
  type: "aws:ecs/service:Service",
  name,
  inputs: {
    cluster: CLUSTER_ARN,
    taskDefinition: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${task}:1`,
    networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false },
    ...inputs,
  },
  from: { taskDefinition: task, cluster: "processing" },
});
const target = (minCapacity: number): Spec => ({
  type: "aws:appautoscaling/target:Target",
  name: "scaling",
  inputs: {
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: SERVICE_ID,
    minCapacity,
    maxCapacity: 10,
  },
});
const policy = (name: string, policyType: string): Spec => ({
  type: "aws:appautoscaling/policy:Policy",
  name,
  inputs: {
    policyType,
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: SERVICE_ID,
  },
  from: { resourceId: "scaling" },
});
const alarm = (policyName: string): Spec => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name: `${policyName}-alarm`,
  inputs: {
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: "work" },
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    alarmActions: [
      `arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:0000:resource/ecs/${SERVICE_ID}:policyName/${policyName}`,
    ],
  },
  from: { alarmActions: policyName },
});

export const processingCases: RuleCase[] = [
  {
    rule: rule("ecs-spot-service-stop-timeout"),
    compliant: [
      cluster(),
      capacity(),
      // Spot by its own strategy, and Spot by the cluster's default (no launch type, no strategy).
      worker({ stopTimeout: 120 }),
      service({ capacityProviderStrategies: SPOT_FIRST }),
      worker({ stopTimeout: 60 }, "defaulted"),
      service({}, "defaulted", "by-default"),
      // On-demand Fargate: the default stop timeout is its own business.
      worker({}, "on-demand"),
      service({ launchType: "FARGATE" }, "on-demand", "on-demand"),
    ],
    violating: [
      cluster(),
      capacity(),
      worker({}),
      service({ capacityProviderStrategies: SPOT_FIRST }),
      worker({ stopTimeout: 300 }, "defaulted"),
      service({}, "defaulted", "by-default"),
    ],
    message:
      /aws:ecs\/service:Service "processing" runs on FARGATE_SPOT, but container "data-processor" of aws:ecs\/taskDefinition:TaskDefinition "worker" sets no stopTimeout[\s\S]*"by-default" runs on FARGATE_SPOT, but container "data-processor" of aws:ecs\/taskDefinition:TaskDefinition "defaulted" sets stopTimeout 300, outside Fargate's 1-120 s/,
  },
  {
    rule: rule("ecs-cluster-spot-fallback"),
    compliant: [capacity()],
    violating: [
      capacity({
        capacityProviders: ["FARGATE_SPOT"],
        defaultCapacityProviderStrategies: SPOT_FIRST,
      }),
    ],
    message:
      /"processing-capacity" offers FARGATE_SPOT without FARGATE to fall back on[\s\S]*"processing-capacity" defaults to FARGATE, which it does not offer \(capacityProviders: FARGATE_SPOT\)/,
  },
  {
    rule: rule("ecs-scaling-from-zero-step-policy"),
    compliant: [target(0), policy("backlog", "StepScaling"), alarm("backlog"), policy("cpu", "TargetTrackingScaling")],
    violating: [target(0), policy("cpu", "TargetTrackingScaling")],
    message:
      /"scaling" lets service\/prod-data-processing-cluster\/prod-data-processing-service scale to 0 tasks but has no step scaling policy to start it again/,
  },
];
