import { describe, expect, it } from "vitest";
import { observabilityRules } from "../../policy/rules/observability";
import type { AnyRule } from "../../policy/rules/types";
import { violationsOf, type Spec } from "./harness";
import { describeRuleCases } from "./rule-cases";

const rule = (name: string) => {
  const found = observabilityRules.find((r) => r.name === name);
  if (!found) throw new Error(`no observability rule ${name}`);
  return found;
};

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:prod-alarms";
const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders-1a2b3c4";

const logGroup = (name: string, inputs: Record<string, unknown>): Spec => ({ type: "aws:cloudwatch/logGroup:LogGroup", name, inputs: { name: `${name}-1a2b3c4`, ...inputs } });
const goodTrail = {
  isMultiRegionTrail: true,
  enableLogFileValidation: true,
  kmsKeyId: KEY,
  cloudWatchLogsGroupArn: `${LOGS}:*`,
  cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail-to-logs",
  s3BucketName: "trail-abc1234",
};
const trail = (inputs: Record<string, unknown>): Spec => ({ type: "aws:cloudtrail/trail:Trail", name: "audit", inputs: { ...goodTrail, ...inputs } });
const stateMachine = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:sfn/stateMachine:StateMachine",
  name: "orders",
  inputs: { definition: "{}", roleArn: "arn:aws:iam::123456789012:role/orders-sfn", ...inputs },
});
const alarm = (name: string, inputs: Record<string, unknown>, from?: Record<string, string | string[]>): Spec => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name,
  inputs: { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, threshold: 0, alarmActions: [TOPIC], ...inputs },
  ...(from ? { from } : {}),
});

const fn: Spec = { type: "aws:lambda/function:Function", name: "ingest", inputs: { name: "ingest-5d6e7f8", role: "arn:aws:iam::123456789012:role/ingest" } };
const table: Spec = { type: "aws:dynamodb/table:Table", name: "orders", inputs: { name: "orders-9a8b7c6" } };
const stream: Spec = { type: "aws:kinesis/stream:Stream", name: "events", inputs: { name: "events-1f2e3d4" } };
const cluster: Spec = { type: "aws:rds/cluster:Cluster", name: "aurora", inputs: { clusterIdentifier: "prod-aurora", engine: "aurora-postgresql" } };
const service: Spec = { type: "aws:ecs/service:Service", name: "processor", inputs: { name: "processor", cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod-data" } };
const alb: Spec = { type: "aws:lb/loadBalancer:LoadBalancer", name: "web", inputs: { name: "web-4b5c6d7", loadBalancerType: "application" } };
const nlb: Spec = { type: "aws:lb/loadBalancer:LoadBalancer", name: "tcp", inputs: { name: "tcp-4b5c6d7", loadBalancerType: "network" } };

describeRuleCases("observability", [
  {
    rule: rule("cloudwatch-log-group-retention"),
    compliant: [logGroup("app", { retentionInDays: 365, kmsKeyId: KEY }), logGroup("forever", { retentionInDays: 0 }), logGroup("unset", {}), logGroup("vended", { logGroupClass: "DELIVERY" })],
    violating: [logGroup("app", { retentionInDays: 30, kmsKeyId: KEY })],
    message: /"app" keeps events 30 days, less than the required 365/,
  },
  {
    // Stricter settings: two years, and never-expire no longer complies.
    rule: rule("cloudwatch-log-group-retention"),
    config: { minRetentionDays: 731, allowNeverExpire: false },
    compliant: [logGroup("audit", { retentionInDays: 1096 })],
    violating: [logGroup("app", { retentionInDays: 365 }), logGroup("forever", { retentionInDays: 0 })],
    message: /"app" keeps events 365 days, less than the required 731[\s\S]*"forever" never expires its events \(retentionInDays 0\); set a retention of at least 731 days/,
  },
  {
    rule: rule("cloudwatch-log-group-kms"),
    compliant: [logGroup("app", { retentionInDays: 365, kmsKeyId: KEY })],
    violating: [logGroup("app", { retentionInDays: 365 })],
    message: /aws:cloudwatch\/logGroup:LogGroup "app" has no kmsKeyId/,
  },
  {
    rule: rule("cloudtrail-multi-region"),
    compliant: [trail({}), { ...trail({ eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }] }), name: "selected" }],
    violating: [trail({ isMultiRegionTrail: false, eventSelectors: [{ readWriteType: "WriteOnly", includeManagementEvents: true }] })],
    message: /"audit" is not a multi-Region trail \(isMultiRegionTrail false\)[\s\S]*no event selector records read and write management events/,
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
    compliant: [stateMachine({ loggingConfiguration: { level: "ERROR", includeExecutionData: true, logDestination: `${LOGS}:*` } })],
    violating: [stateMachine({ loggingConfiguration: { level: "FATAL", logDestination: LOGS } })],
    message: /"orders" logs at level "FATAL", not ALL or ERROR[\s\S]*logDestination .* must be a log group ARN ending in ":\*"/,
  },
  {
    rule: rule("sfn-xray-tracing"),
    compliant: [stateMachine({ tracingConfiguration: { enabled: true } })],
    violating: [stateMachine({})],
    message: /"orders" does not trace with X-Ray \(tracingConfiguration\.enabled "unset"\)/,
  },
  {
    rule: rule("cloudwatch-alarm-actions"),
    compliant: [alarm("errors", { dimensions: { FunctionName: "ingest-5d6e7f8" } }), { type: "aws:cloudwatch/compositeAlarm:CompositeAlarm", name: "region", inputs: { alarmRule: "ALARM(errors)", alarmActions: [TOPIC] } }],
    violating: [alarm("silent", { alarmActions: [] }), alarm("muted", { actionsEnabled: false })],
    message: /"silent" has no alarmActions[\s\S]*"muted" has actionsEnabled false/,
  },
  {
    rule: rule("cloudwatch-alarm-coverage"),
    compliant: [
      fn,
      alarm("ingest-errors", { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "ingest-5d6e7f8" } }),
      table,
      alarm("orders-throttles", { metricQueries: [{ id: "m1", returnData: true, metric: { namespace: "AWS/DynamoDB", metricName: "ThrottledRequests", period: 60, stat: "Sum", dimensions: { TableName: "orders-9a8b7c6" } } }] }),
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
    ],
    violating: [
      fn,
      alarm("other-errors", { dimensions: { FunctionName: "other-0000000" } }),
      service,
      alarm("processor-cpu", { dimensions: { ServiceName: "processor", ClusterName: "other-cluster" } }),
      alb,
      table,
    ],
    message:
      /Lambda function aws:lambda\/function:Function "ingest" has no CloudWatch alarm \(no aws:cloudwatch\/metricAlarm:MetricAlarm with a FunctionName dimension naming it\)[\s\S]*ECS service .*"processor" has no CloudWatch alarm[\s\S]*application load balancer .*"web" has no CloudWatch alarm[\s\S]*DynamoDB table .*"orders" has no CloudWatch alarm/,
  },
]);

describe("cloudwatch-alarm-coverage", () => {
  const coverage = rule("cloudwatch-alarm-coverage");
  it("matches an alarm whose dimension value is unknown (preview) through the property dependency", () => {
    const unknown = alarm("ingest-errors", { dimensions: { FunctionName: undefined } }, { dimensions: "ingest" });
    expect(violationsOf(coverage, [fn, { ...unknown, inputs: { ...unknown.inputs, dimensions: { FunctionName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } } }])).toEqual([]);
  });
  it("does not count a dependency on the resource when the alarm has no dimension for it", () => {
    const found = violationsOf(coverage, [fn, alarm("odd", { dimensions: { Resource: "x" } }, { dimensions: "ingest" })]);
    expect(found.map((v) => v.resourceName)).toEqual(["ingest"]);
  });
  it("reports the violation on the unalarmed resource", () => {
    const [v] = violationsOf(coverage, [stream]);
    expect(v).toMatchObject({ resourceType: "aws:kinesis/stream:Stream", resourceName: "events", rule: "cloudwatch-alarm-coverage" });
  });
});

describe("cloudtrail-multi-region management events", () => {
  const multiRegion = rule("cloudtrail-multi-region");
  const messages = (inputs: Record<string, unknown>) => violationsOf(multiRegion, [trail(inputs)]).map((v) => v.message);
  const management = { field: "eventCategory", equals: ["Management"] };

  it("accepts an advanced selector for all management events", () => {
    expect(messages({ advancedEventSelectors: [{ name: "management", fieldSelectors: [management] }] })).toEqual([]);
  });
  it("rejects advanced selectors limited to reads or writes", () => {
    expect(messages({ advancedEventSelectors: [{ fieldSelectors: [management, { field: "readOnly", equals: ["false"] }] }] })).toEqual([
      expect.stringMatching(/no advanced event selector records all read and write management events/),
    ]);
  });
  it("rejects selectors that exclude management event sources", () => {
    expect(messages({ eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: ["kms.amazonaws.com"] }] })).toEqual([
      expect.stringMatching(/management events of kms\.amazonaws\.com are excluded/),
    ]);
  });
  it("reports a trail with logging turned off", () => {
    expect(messages({ enableLogging: false })).toEqual([expect.stringMatching(/"audit" has logging turned off/)]);
  });
});

describe("observability rules on missing and malformed props", () => {
  it("do not throw", () => {
    const odd = [{}, { eventSelectors: [null], advancedEventSelectors: [{ fieldSelectors: [null] }], loggingConfiguration: "x", tracingConfiguration: null, alarmActions: "arn", dimensions: "x", metricQueries: [null, { metric: null }] }];
    for (const r of observabilityRules as readonly AnyRule[]) {
      if (r.kind !== "resource") continue;
      for (const type of r.resourceTypes) for (const props of odd) expect(() => r.validate({ type, name: "x", urn: "urn:x", props }, r.config?.defaults ?? {})).not.toThrow();
    }
    const coverage = rule("cloudwatch-alarm-coverage");
    expect(() => violationsOf(coverage, [fn, alarm("odd", { dimensions: "x", metricQueries: [null, { metric: null }] })])).not.toThrow();
  });
});
