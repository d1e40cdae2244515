/**
 * The alarm coverage matcher (policy/rules/alarm-coverage.ts) and the plan's report of it
 * (offline/alarm-coverage.ts) on hand-made graphs: which alarms count for which resources, and what
 * `npm start` prints. The rule's own cases are in tests/policy/cases/observability.ts.
 */
import { describe, expect, it } from "vitest";
import type { StackGraph } from "../../offline/graph";
import { alarmCoverageReport, renderAlarmCoverage } from "../../offline/alarm-coverage";
import { evaluatePolicies } from "../../offline/policy-runner";
import { ALARMABLE_KINDS } from "../../policy/rules/alarm-coverage";
import { observabilityRules } from "../../policy/rules/observability";
import { stackGraph, type Spec } from "../policy/harness";

const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:prod-alarms-1a2b3c4";
/** Pulumi's placeholder for a value unknown at preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const fn = (name: string): Spec => ({
  type: "aws:lambda/function:Function",
  name,
  inputs: { name: `${name}-5d6e7f8`, role: "arn:aws:iam::123456789012:role/x" },
});
const alarm = (name: string, inputs: Record<string, unknown>, from?: Spec["from"]): Spec => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name,
  inputs: {
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    threshold: 0,
    alarmActions: [TOPIC_ARN],
    ...inputs,
  },
  ...(from ? { from } : {}),
});

/** A graph of the specs, each with a parent (a component's logical name) where `parents` says. */
function graph(specs: Spec[], parents: Record<string, string> = {}): StackGraph {
  const g = stackGraph([{ type: "pulumi:pulumi:Stack", name: "test-stack" }, ...specs]);
  const byName = new Map(g.resources.map((r) => [r.name, r]));
  const stack = byName.get("test-stack")!;
  for (const r of g.resources) {
    if (r === stack) continue;
    r.parent = parents[r.name] ? byName.get(parents[r.name]!)!.urn : stack.urn;
  }
  return g;
}
const report = (specs: Spec[], parents?: Record<string, string>) => alarmCoverageReport(graph(specs, parents));
/** Each alarmable resource's logical name with the alarms counted for it. */
const alarmsOf = (specs: Spec[]) => Object.fromEntries(report(specs).resources.map((r) => [r.name, r.alarms]));

describe("alarm coverage: which alarms count", () => {
  it("counts a function whose alarm names it by FunctionName and notifies a topic, and names the one without", () => {
    const r = report([
      fn("ingest"),
      fn("orphan"),
      alarm("ingest-errors", { dimensions: { FunctionName: "ingest-5d6e7f8" } }),
    ]);
    expect([r.alarmed, r.alarmable]).toEqual([1, 2]);
    expect(r.resources.filter((x) => x.alarms.length === 0).map((x) => x.name)).toEqual(["orphan"]);
    expect(r.resources.find((x) => x.name === "ingest")!.alarms).toEqual(["ingest-errors"]);
  });

  it("counts a metric-math alarm through the dimensions of its metric queries", () => {
    const math = alarm("error-rate", {
      metricQueries: [
        { id: "e", expression: "100 * errors / invocations", returnData: true },
        {
          id: "errors",
          metric: { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "ingest-5d6e7f8" } },
        },
      ],
    });
    expect(alarmsOf([fn("ingest"), math])).toEqual({ ingest: ["error-rate"] });
  });

  it("does not count an alarm that notifies no topic: no actions, actions disabled, or only a scaling policy", () => {
    const dims = { dimensions: { FunctionName: "ingest-5d6e7f8" } };
    const scaling =
      "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:resource/ecs/service/c/s:policyName/out";
    expect(
      alarmsOf([
        fn("ingest"),
        alarm("silent", { ...dims, alarmActions: [] }),
        alarm("no-actions", { ...dims, alarmActions: undefined }),
        alarm("muted", { ...dims, actionsEnabled: false }),
        alarm("scales", { ...dims, alarmActions: [scaling] }),
        alarm("ok-only", { ...dims, alarmActions: [], okActions: [TOPIC_ARN] }),
      ]),
    ).toEqual({ ingest: [] });
  });

  it("counts a topic it cannot read the ARN of yet (preview) through the dependency on the topic", () => {
    const topic: Spec = { type: "aws:sns/topic:Topic", name: "alarms", inputs: { name: "alarms-1a2b3c4" } };
    expect(
      alarmsOf([
        fn("ingest"),
        topic,
        alarm(
          "errors",
          { dimensions: { FunctionName: "ingest-5d6e7f8" }, alarmActions: [UNKNOWN] },
          { alarmActions: "alarms" },
        ),
      ]),
    ).toEqual({ ingest: ["errors"] });
  });

  it("counts a dimension value unknown at preview through the dependency on the resource, but not a dependency without the dimension", () => {
    expect(
      alarmsOf([
        fn("ingest"),
        alarm("errors", { dimensions: { FunctionName: UNKNOWN } }, { dimensions: "ingest" }),
        fn("other"),
        alarm("odd", { dimensions: { Resource: UNKNOWN } }, { dimensions: "other" }),
      ]),
    ).toEqual({ ingest: ["errors"], other: [] });
  });

  it("does not count an alarm in another region (CloudWatch alarms see only their own region's metrics)", () => {
    const g = graph([fn("ingest"), alarm("errors", { dimensions: { FunctionName: "ingest-5d6e7f8" } })]);
    g.resources.find((r) => r.name === "errors")!.region = "us-west-2";
    expect(alarmCoverageReport(g).resources[0]!.alarms).toEqual([]);
  });

  it("does not count a composite alarm, which carries no dimensions", () => {
    const composite: Spec = {
      type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
      name: "region-health",
      inputs: { alarmRule: 'ALARM("ingest-errors")', alarmActions: [TOPIC_ARN] },
    };
    expect(alarmsOf([fn("ingest"), composite])).toEqual({ ingest: [] });
  });

  it("matches an ECS service by ServiceName with its own cluster's ClusterName only", () => {
    const cluster: Spec = { type: "aws:ecs/cluster:Cluster", name: "data", inputs: { name: "prod-data" } };
    const service: Spec = {
      type: "aws:ecs/service:Service",
      name: "processor",
      inputs: { name: "processor", cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod-data" },
      from: { cluster: "data" },
    };
    expect(
      alarmsOf([
        cluster,
        service,
        alarm("cpu", { dimensions: { ServiceName: "processor", ClusterName: "prod-data" } }),
        alarm("elsewhere", { dimensions: { ServiceName: "processor", ClusterName: "other" } }),
        alarm("no-cluster", { dimensions: { ServiceName: "processor" } }),
      ]),
    ).toEqual({ processor: ["cpu"] });
  });

  it("matches a load balancer by its ARN suffix: application and network ones, each by its own prefix", () => {
    const lb = (name: string, loadBalancerType: string): Spec => ({
      type: "aws:lb/loadBalancer:LoadBalancer",
      name,
      inputs: { name: `${name}-4b5c6d7`, loadBalancerType },
    });
    const r = report([
      lb("web", "application"),
      alarm("web-5xx", { dimensions: { LoadBalancer: "app/web-4b5c6d7/50dc6c495c0c9188" } }),
      lb("tcp", "network"),
      alarm("tcp-wrong-prefix", { dimensions: { LoadBalancer: "app/tcp-4b5c6d7/50dc6c495c0c9188" } }),
      lb("gateway", "gateway"),
    ]);
    expect(r.resources.map((x) => [x.name, x.kind, x.alarms])).toEqual([
      ["web", "application-load-balancer", ["web-5xx"]],
      ["tcp", "network-load-balancer", []],
    ]);
  });

  it("matches queues, streams, tables and clusters by QueueName, StreamName, TableName and DBClusterIdentifier", () => {
    const r = report([
      { type: "aws:sqs/queue:Queue", name: "dlq", inputs: { name: "dlq-1a2b3c4" } },
      alarm("dlq-depth", { dimensions: { QueueName: "dlq-1a2b3c4" } }),
      { type: "aws:kinesis/stream:Stream", name: "events", inputs: { name: "events-1f2e3d4" } },
      alarm("age", { dimensions: { StreamName: "events-1f2e3d4" } }),
      { type: "aws:dynamodb/table:Table", name: "orders", inputs: { name: "orders-9a8b7c6" } },
      alarm("throttles", { dimensions: { TableName: "orders-other" } }),
      { type: "aws:rds/cluster:Cluster", name: "aurora", inputs: { clusterIdentifier: "prod-aurora" } },
      alarm("lag", { dimensions: { DBClusterIdentifier: "prod-aurora" } }),
    ]);
    expect(r.resources.map((x) => [x.kind, x.alarms])).toEqual([
      ["sqs-queue", ["dlq-depth"]],
      ["kinesis-stream", ["age"]],
      ["dynamodb-table", []],
      ["rds-cluster", ["lag"]],
    ]);
  });

  it("matches a Glue job by JobName, or by an EventBridge rule whose pattern names the job (TriggeredRules by RuleName)", () => {
    const job = (name: string): Spec => ({ type: "aws:glue/job:Job", name, inputs: { name: `${name}-1a2b3c4` } });
    const rule: Spec = {
      type: "aws:cloudwatch/eventRule:EventRule",
      name: "job-failed",
      inputs: {
        name: "job-failed-7e8f9a0",
        eventPattern: JSON.stringify({
          source: ["aws.glue"],
          "detail-type": ["Glue Job State Change"],
          detail: { jobName: ["quality-1a2b3c4"], state: ["FAILED"] },
        }),
      },
    };
    expect(
      alarmsOf([
        job("etl"),
        alarm("etl-failed-tasks", {
          namespace: "Glue",
          dimensions: { JobName: "etl-1a2b3c4", JobRunId: "ALL", Type: "count" },
        }),
        job("quality"),
        rule,
        alarm("job-failures", {
          namespace: "AWS/Events",
          metricName: "TriggeredRules",
          dimensions: { RuleName: "job-failed-7e8f9a0" },
        }),
        job("unwatched"),
      ]),
    ).toEqual({ etl: ["etl-failed-tasks"], quality: ["job-failures"], unwatched: [] });
  });

  it("matches a Glue job through the rule's recorded dependency on it when the names are unknown (preview)", () => {
    const rule: Spec = {
      type: "aws:cloudwatch/eventRule:EventRule",
      name: "job-failed",
      inputs: { name: "job-failed-7e8f9a0", eventPattern: UNKNOWN },
      from: { eventPattern: "etl" },
    };
    expect(
      alarmsOf([
        { type: "aws:glue/job:Job", name: "etl", inputs: { name: "etl-1a2b3c4" } },
        rule,
        alarm("job-failures", { dimensions: { RuleName: UNKNOWN } }, { dimensions: "job-failed" }),
      ]),
    ).toEqual({ etl: ["job-failures"] });
  });

  it("matches a state machine by its StateMachineArn", () => {
    const sm: Spec = { type: "aws:sfn/stateMachine:StateMachine", name: "flow", inputs: { name: "flow-786928c0" } };
    expect(
      alarmsOf([
        sm,
        alarm("failed", {
          dimensions: { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:flow-786928c0" },
        }),
        alarm("other", {
          dimensions: { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:flow-786928c0x" },
        }),
      ]),
    ).toEqual({ flow: ["failed"] });
  });

  it("matches a REST API stage by its API's ApiName with its Stage, or by ApiName alone (every stage)", () => {
    const api: Spec = { type: "aws:apigateway/restApi:RestApi", name: "api", inputs: { name: "api-6a96514" } };
    const stage = (name: string, stageName: string): Spec => ({
      type: "aws:apigateway/stage:Stage",
      name,
      inputs: { stageName, restApi: "22ae2952ea" },
      from: { restApi: "api" },
    });
    expect(
      alarmsOf([
        api,
        stage("v1", "v1"),
        stage("v2", "v2"),
        alarm("v1-5xx", { dimensions: { ApiName: "api-6a96514", Stage: "v1" } }),
        alarm("all-4xx", { dimensions: { ApiName: "api-6a96514" } }),
        alarm("other-api", { dimensions: { ApiName: "other", Stage: "v2" } }),
      ]),
    ).toEqual({ v1: ["v1-5xx", "all-4xx"], v2: ["all-4xx"] });
  });
});

describe("alarm coverage report", () => {
  const specs: Spec[] = [
    { type: "twin-region:web:Web", name: "web" },
    fn("status"),
    alarm("status-errors", { dimensions: { FunctionName: "status-5d6e7f8" } }),
    { type: "aws:sqs/queue:Queue", name: "web-dlq", inputs: { name: "web-dlq-1a2b3c4" } },
    // A component added without metric descriptors: nothing of it is alarmed.
    { type: "twin-region:reports:Reports", name: "reports" },
    fn("render"),
    { type: "aws:sqs/queue:Queue", name: "render-dlq", inputs: { name: "render-dlq-1a2b3c4" } },
    // A function the stack creates itself, outside any component.
    fn("loose"),
  ];
  const parents = {
    status: "web",
    "status-errors": "web",
    "web-dlq": "web",
    render: "reports",
    "render-dlq": "reports",
  };
  const r = report(specs, parents);

  it("counts per stack and per kind, names every resource without an alarm, and the components nothing of which is alarmed", () => {
    expect([r.alarmed, r.alarmable]).toEqual([1, 5]);
    expect(r.kinds).toEqual([
      { kind: "lambda-function", what: "Lambda function", alarmable: 3, alarmed: 1 },
      { kind: "sqs-queue", what: "SQS queue", alarmable: 2, alarmed: 0 },
    ]);
    expect(r.resources.find((x) => x.name === "render")).toMatchObject({
      type: "aws:lambda/function:Function",
      region: "us-east-1",
      kind: "lambda-function",
      component: "reports (twin-region:reports:Reports)",
      alarms: [],
    });
    expect(r.resources.find((x) => x.name === "loose")!.component).toBeUndefined();
    expect(r.unobservedComponents).toEqual(["reports (twin-region:reports:Reports)"]);
  });

  it("prints the count, the kinds, each resource with none and the unobserved components", () => {
    expect(renderAlarmCoverage("test", r)).toBe(
      [
        "Alarms of stack test: 1 of 5 alarmable resources have an alarm on an SNS topic",
        "  by kind: Lambda function 1/3, SQS queue 0/2",
        "  4 with none:",
        '    - aws:sqs/queue:Queue "web-dlq" (SQS queue, us-east-1, in web (twin-region:web:Web))',
        '    - aws:lambda/function:Function "render" (Lambda function, us-east-1, in reports (twin-region:reports:Reports))',
        '    - aws:sqs/queue:Queue "render-dlq" (SQS queue, us-east-1, in reports (twin-region:reports:Reports))',
        '    - aws:lambda/function:Function "loose" (Lambda function, us-east-1)',
        "  Unobserved components (no alarm on any of their alarmable resources): reports (twin-region:reports:Reports)",
      ].join("\n"),
    );
  });

  it("says so when every alarmable resource has an alarm", () => {
    const all = report([fn("status"), alarm("status-errors", { dimensions: { FunctionName: "status-5d6e7f8" } })]);
    expect(renderAlarmCoverage("test", all)).toBe(
      [
        "Alarms of stack test: 1 of 1 alarmable resources have an alarm on an SNS topic",
        "  by kind: Lambda function 1/1",
        "  Every alarmable resource has one.",
      ].join("\n"),
    );
  });

  it("agrees with the cloudwatch-alarm-coverage rule: it fails exactly the enforced kinds' resources the report finds without an alarm", () => {
    const mixed = graph([
      ...specs,
      { type: "aws:kinesis/stream:Stream", name: "events", inputs: { name: "events-1f2e3d4" } },
      alarm("scale-only", {
        dimensions: { StreamName: "events-1f2e3d4" },
        alarmActions: ["arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:resource/x:policyName/y"],
      }),
    ]);
    const rule = observabilityRules.find((x) => x.name === "cloudwatch-alarm-coverage")!;
    const failed = evaluatePolicies(mixed, [rule]).map((v) => v.resourceName);
    const enforced = new Set(ALARMABLE_KINDS.filter((k) => k.enforced).map((k) => k.id));
    const unalarmed = alarmCoverageReport(mixed)
      .resources.filter((x) => enforced.has(x.kind) && x.alarms.length === 0)
      .map((x) => x.name);
    // Queues are enforced too: the two dead-letter queues nobody watches fail as well.
    expect([...failed].sort()).toEqual(["events", "loose", "render", "render-dlq", "web-dlq"]);
    expect(unalarmed).toEqual(failed);
  });
});

describe("the alarmable kinds", () => {
  it("are defined once, each type in one kind unless the kinds split it by a property", () => {
    const ids = ALARMABLE_KINDS.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const k of ALARMABLE_KINDS) {
      const sharing = ALARMABLE_KINDS.filter((o) => o !== k && o.types.some((t) => k.types.includes(t)));
      for (const o of sharing) expect(Boolean(k.applies && o.applies), `${k.id} and ${o.id} split a type`).toBe(true);
    }
  });
});
