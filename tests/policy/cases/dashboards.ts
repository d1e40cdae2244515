/** The dashboard rules' cases: bodies CloudWatch accepts and draws, and bodies it rejects or that draw nothing (tests/policy/dashboards.test.ts, tests/policy/insecure-graph.test.ts). */
import { dashboardRules } from "../../../policy/rules/dashboards";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = dashboardRules.find((r) => r.name === name);
  if (!found) throw new Error(`no dashboard rule ${name}`);
  return found;
};

const graph = (title: string, metrics: unknown[], at: { x: number; y: number } = { x: 0, y: 0 }) => ({
  type: "metric",
  ...at,
  width: 12,
  height: 6,
  properties: { title, region: "us-east-1", period: 60, metrics },
});
const latency = (stat: string) => [
  "AWS/ApiGateway",
  "Latency",
  "ApiName",
  "ingest-api-1a2b3c4",
  "Stage",
  "v1",
  { stat, label: stat, region: "us-east-1" },
];
const perShard = {
  expression: `SEARCH('{AWS/Kinesis,StreamName,ShardId} MetricName="IncomingRecords" StreamName="ingest-stream-1a2b3c4"', 'Sum', 60)`,
  id: "e1",
  label: "shard",
};
export const dashboard = (name: string, body: unknown): Spec => ({
  type: "aws:cloudwatch/dashboard:Dashboard",
  name,
  inputs: {
    dashboardName: `${name}-use1`,
    dashboardBody: typeof body === "string" ? body : JSON.stringify(body),
  },
});

export const dashboardCases: RuleCase[] = [
  {
    rule: rule("cloudwatch-dashboard-body-valid"),
    compliant: [
      dashboard("api", {
        widgets: [
          { type: "text", x: 0, y: 0, width: 24, height: 2, properties: { markdown: "# API" } },
          graph("latency", [latency("p50"), latency("p99")], { x: 0, y: 2 }),
          graph("per shard", [[perShard]], { x: 12, y: 2 }),
        ],
      }),
      // Widgets without x and y are placed by CloudWatch.
      dashboard("placed", {
        widgets: [{ type: "metric", properties: { title: "a", region: "us-east-1", metrics: [latency("Sum")] } }],
      }),
    ],
    violating: [
      dashboard("broken", "{ widgets: [ }"),
      dashboard("empty", { widgets: [] }),
      dashboard("overlapping", {
        widgets: [graph("latency", [latency("p99")]), graph("errors", [latency("Sum")], { x: 6, y: 3 })],
      }),
      dashboard("wide", { widgets: [graph("latency", [latency("p99")], { x: 18, y: 0 })] }),
      dashboard("blank", { widgets: [graph("nothing", [])] }),
      dashboard("malformed", { widgets: [graph("odd", [["AWS/ApiGateway", "Latency", "ApiName"]])] }),
      dashboard("stat", { widgets: [graph("latency", [latency("p999")])] }),
    ],
    message:
      /"broken": its body is not JSON[\s\S]*"empty": its body has no widgets[\s\S]*"overlapping": widget 1 \(errors\) overlaps widget 0 \(latency\)[\s\S]*"wide": widget 0 \(latency\) is outside the 24-column grid[\s\S]*"blank": graph "nothing" draws no metric[\s\S]*"malformed": graph "odd": row .* is not \[namespace, metric, dimension, value, …, options\][\s\S]*"stat": graph "latency": AWS\/ApiGateway Latency has stat "p999", not a statistic or percentile/,
  },
];
