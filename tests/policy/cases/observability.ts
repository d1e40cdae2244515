/** The observability rules' cases: for each rule, resources that comply and resources that break it (tests/policy/observability.test.ts, tests/policy/insecure-graph.test.ts). */
import { observabilityRules } from "../../../policy/rules/observability";
import type { RuleCase, Spec } from "../harness";

export const rule = (name: string) => {
  const found = observabilityRules.find((r) => r.name === name);
  if (!found) throw new Error(`no observability rule ${name}`);
  return found;
};

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:prod-alarms";
const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders-1a2b3c4";

const logGroup = (name: string, inputs: Record<string, unknown>): Spec => ({
  type: "aws:cloudwatch/logGroup:LogGroup",
  name,
  inputs: { name: `${name}-1a2b3c4`, ...inputs },
});
const goodTrail = {
  isMultiRegionTrail: true,
  enableLogFileValidation: true,
  kmsKeyId: KEY,
  cloudWatchLogsGroupArn: `${LOGS}:*`,
  cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail-to-logs",
  s3BucketName: "trail-abc1234",
};
export const trail = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:cloudtrail/trail:Trail",
  name: "audit",
  inputs: { ...goodTrail, ...inputs },
});
const stateMachine = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:sfn/stateMachine:StateMachine",
  name: "orders",
  inputs: { definition: "{}", roleArn: "arn:aws:iam::123456789012:role/orders-sfn", ...inputs },
});
export const alarm = (
  name: string,
  inputs: Record<string, unknown>,
  from?: Record<string, string | string[]>,
): Spec => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name,
  inputs: {
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    threshold: 0,
    alarmActions: [TOPIC],
    ...inputs,
  },
  ...(from ? { from } : {}),
});

export const fn: Spec = {
  type: "aws:lambda/function:Function",
  name: "ingest",
  inputs: { name: "ingest-5d6e7f8", role: "arn:aws:iam::123456789012:role/ingest" },
};
const table: Spec = { type: "aws:dynamodb/table:Table", name: "orders", inputs: { name: "orders-9a8b7c6" } };
const deadLetters: Spec = {
  type: "aws:sqs/queue:Queue",
  name: "dead-letters",
  inputs: { name: "dead-letters-3c4d5e6" },
};
export const stream: Spec = { type: "aws:kinesis/stream:Stream", name: "events", inputs: { name: "events-1f2e3d4" } };
const cluster: Spec = {
  type: "aws:rds/cluster:Cluster",
  name: "aurora",
  inputs: { clusterIdentifier: "prod-aurora", engine: "aurora-postgresql" },
};
const service: Spec = {
  type: "aws:ecs/service:Service",
  name: "processor",
  inputs: { name: "processor", cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod-data" },
};
const alb: Spec = {
  type: "aws:lb/loadBalancer:LoadBalancer",
  name: "web",
  inputs: { name: "web-4b5c6d7", loadBalancerType: "application" },
};
const nlb: Spec = {
  type: "aws:lb/loadBalancer:LoadBalancer",
  name: "tcp",
  inputs: { name: "tcp-4b5c6d7", loadBalancerType: "network" },
};

export const observabilityCases: RuleCase[] = [
  {
    rule: rule("cloudwatch-log-group-retention"),
    compliant: [
      logGroup("app", { retentionInDays: 365, kmsKeyId: KEY }),
      logGroup("forever", { retentionInDays: 0 }),
      logGroup("unset", {}),
      logGroup("vended", { logGroupClass: "DELIVERY" }),
    ],
    violating: [logGroup("app", { retentionInDays: 30, kmsKeyId: KEY })],
    message: /"app" keeps events 30 days, less than the required 365/,
  },
  {
    // Stricter settings: two years, and never-expire no longer complies.
    rule: rule("cloudwatch-log-group-retention"),
    config: { minRetentionDays: 731, allowNeverExpire: false },
    compliant: [logGroup("audit", { retentionInDays: 1096 })],
    violating: [logGroup("app", { retentionInDays: 365 }), logGroup("forever", { retentionInDays: 0 })],
    message:
      /"app" keeps events 365 days, less than the required 731[\s\S]*"forever" never expires its events \(retentionInDays 0\); set a retention of at least 731 days/,
  },
  {
    rule: rule("cloudwatch-log-group-kms"),
    compliant: [logGroup("app", { retentionInDays: 365, kmsKeyId: KEY })],
    violating: [logGroup("app", { retentionInDays: 365 })],
    message: /aws:cloudwatch\/logGroup:LogGroup "app" has no kmsKeyId/,
  },
  {
    rule: rule("cloudtrail-multi-region"),
    compliant: [
      trail({}),
      { ...trail({ eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }] }), name: "selected" },
    ],
    violating: [
      trail({
        isMultiRegionTrail: false,
        eventSelectors: [{ readWriteType: "WriteOnly", includeManagementEvents: true }],
      }),
    ],
    message:
      /"audit" is not a multi-Region trail \(isMultiRegionTrail false\)[\s\S]*no event selector records read and write management events/,
  },
  {
    rule: rule("cloudtrail-log-file-validation"),
    compliant: [trail({})],
    violating: [trail({ enableLogFileValidation: undefined })],
    message: /"audit" does not validate log files \(enableLogFileValidation "unset"\)/,
  },
  {
    rule: rule("cloudtrail-kms-encryption"),
    compliant: [trail({})],
    violating: [trail({ kmsKeyId: undefined })],
    message: /"audit" has no kmsKeyId/,
  },
  {
    rule: rule("cloudtrail-cloudwatch-logs"),
    compliant: [trail({})],
    violating: [trail({ cloudWatchLogsRoleArn: undefined })],
    message: /"audit" does not deliver to CloudWatch Logs \(no cloudWatchLogsRoleArn\)/,
  },
  {
    rule: rule("sfn-logging"),
    compliant: [
      stateMachine({
        loggingConfiguration: { level: "ERROR", includeExecutionData: true, logDestination: `${LOGS}:*` },
      }),
    ],
    violating: [stateMachine({ loggingConfiguration: { level: "FATAL", logDestination: LOGS } })],
    message:
      /"orders" logs at level "FATAL", not ALL or ERROR[\s\S]*logDestination .* must be a log group ARN ending in ":\*"/,
  },
  {
    rule: rule("sfn-xray-tracing"),
    compliant: [stateMachine({ tracingConfiguration: { enabled: true } })],
    violating: [stateMachine({})],
    message: /"orders" does not trace with X-Ray \(tracingConfiguration\.enabled "unset"\)/,
  },
  {
    rule: rule("cloudwatch-alarm-actions"),
    compliant: [
      alarm("errors", { dimensions: { FunctionName: "ingest-5d6e7f8" } }),
      {
        type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
        name: "region",
        inputs: { alarmRule: "ALARM(errors)", alarmActions: [TOPIC] },
      },
    ],
    violating: [alarm("silent", { alarmActions: [] }), alarm("muted", { actionsEnabled: false })],
    message: /"silent" has no alarmActions[\s\S]*"muted" has actionsEnabled false/,
  },
  {
    rule: rule("cloudwatch-alarm-coverage"),
    compliant: [
      fn,
      alarm("ingest-errors", {
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: "ingest-5d6e7f8" },
      }),
      table,
      alarm("orders-throttles", {
        metricQueries: [
          {
            id: "m1",
            returnData: true,
            metric: {
              namespace: "AWS/DynamoDB",
              metricName: "ThrottledRequests",
              period: 60,
              stat: "Sum",
              dimensions: { TableName: "orders-9a8b7c6" },
            },
          },
        ],
      }),
      stream,
      alarm("events-iterator-age", { dimensions: { StreamName: "events-1f2e3d4" } }),
      cluster,
      alarm("aurora-lag", { dimensions: { DBClusterIdentifier: "prod-aurora" } }),
      service,
      alarm("processor-cpu", { dimensions: { ServiceName: "processor", ClusterName: "prod-data" } }),
      // The ALB's arnSuffix is an output: the alarm is tied to it by property dependency.
      alb,
      alarm("web-5xx", { dimensions: { LoadBalancer: "app/web-4b5c6d7/50dc6c495c0c9188" } }, { dimensions: "web" }),
      nlb,
      deadLetters,
      alarm("dead-letters-depth", {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: "dead-letters-3c4d5e6" },
      }),
    ],
    violating: [
      // A dead-letter queue nobody watches: its messages are lost work no one hears of.
      deadLetters,
      fn,
      alarm("other-errors", { dimensions: { FunctionName: "other-0000000" } }),
      service,
      alarm("processor-cpu", { dimensions: { ServiceName: "processor", ClusterName: "other-cluster" } }),
      alb,
      table,
      // An alarm that only scales something notifies nobody.
      stream,
      alarm("events-scale-out", {
        dimensions: { StreamName: "events-1f2e3d4" },
        alarmActions: [
          "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:resource/ecs/service/x/y:policyName/out",
        ],
      }),
    ],
    message:
      /SQS queue .*"dead-letters" has no CloudWatch alarm on an SNS topic[\s\S]*Lambda function aws:lambda\/function:Function "ingest" has no CloudWatch alarm on an SNS topic \(no aws:cloudwatch\/metricAlarm:MetricAlarm with a FunctionName dimension naming it and a topic in alarmActions\)[\s\S]*ECS service .*"processor" has no CloudWatch alarm on an SNS topic[\s\S]*application load balancer .*"web" has no CloudWatch alarm[\s\S]*DynamoDB table .*"orders" has no CloudWatch alarm[\s\S]*Kinesis stream .*"events" has no CloudWatch alarm on an SNS topic/,
  },
];
