/**
 * Dashboard bodies as pure functions of the panels: CloudWatch's body format (metric arrays,
 * percentiles, SEARCH for per-shard lines), a grid without overlaps, no empty widget, names and
 * addresses; and the components' panel builders drawing every signal they alarm on.
 */
import { describe, expect, it } from "vitest";
import { dataLakePanels } from "../../components/datalake/dashboard";
import { ingestionPanels } from "../../components/ingestion/dashboard";
import {
  dashboardBodies,
  dashboardBody,
  dashboardConsoleUrl,
  dashboardName,
  searchExpression,
  type ResolvedPanel,
  type ResolvedView,
} from "../../components/observability/dashboard-body";
import { descriptorPanels, type DashboardPanel } from "../../components/shared/dashboard";
import type { MetricDescriptor } from "../../components/shared/metrics";
import { webTierPanels } from "../../components/web/dashboard";
import { WEB_TIER_METRIC_IDS } from "../../components/web/metrics";
import { layoutProblems, parseMetricRow } from "../support/dashboard-check";

const REGION = "eu-west-2";
const latency: ResolvedView = {
  namespace: "AWS/ApiGateway",
  metricName: "Latency",
  dimensions: { ApiName: "ingest-api", Stage: "v1" },
  stat: "p99",
  label: "p99",
};
const panel = (title: string, metrics: ResolvedView[], extra: Partial<ResolvedPanel> = {}): ResolvedPanel => ({
  concern: "api",
  title,
  metrics,
  ...extra,
});
const body = (panels: ResolvedPanel[], concern: ResolvedPanel["concern"] = "api") =>
  JSON.parse(dashboardBody({ title: "platform-api-euw2", concern, region: REGION, panels }));

describe("dashboard bodies", () => {
  it("are JSON with a header and one metric widget per panel, each row [namespace, metric, dimension, value, …, options]", () => {
    const b = body([panel("latency", [latency, { ...latency, stat: "p50", label: "p50" }], { unit: "ms" })]);
    expect(b.widgets).toHaveLength(2);
    expect(b.widgets[0]).toMatchObject({ type: "text", x: 0, y: 0, width: 24 });
    expect(b.widgets[1]).toMatchObject({
      type: "metric",
      properties: { title: "latency", region: REGION, period: 300 },
    });
    expect(b.widgets[1].properties.metrics).toEqual([
      [
        "AWS/ApiGateway",
        "Latency",
        "ApiName",
        "ingest-api",
        "Stage",
        "v1",
        { stat: "p99", label: "p99", region: REGION },
      ],
      [
        "AWS/ApiGateway",
        "Latency",
        "ApiName",
        "ingest-api",
        "Stage",
        "v1",
        { stat: "p50", label: "p50", region: REGION },
      ],
    ]);
    expect(b.widgets[1].properties.yAxis.left.label).toBe("ms");
    for (const row of b.widgets[1].properties.metrics) expect(typeof parseMetricRow(row)).toBe("object");
  });

  it("accept percentiles and CloudWatch's statistics, and refuse any other statistic", () => {
    for (const stat of ["p50", "p90", "p99", "p99.9", "p100", "Average", "SampleCount"] as const)
      expect(() => body([panel("x", [{ ...latency, stat }])])).not.toThrow();
    for (const stat of ["p101", "avg", "P99", "p"])
      expect(() => body([panel("x", [{ ...latency, stat: stat as "p99" }])])).toThrow(/stat "/);
  });

  it("give a metric its own period only when it differs from the panel's", () => {
    const b = body([panel("x", [{ ...latency, periodSeconds: 60 }, latency], { periodSeconds: 300 })]);
    const [first, second] = b.widgets[1].properties.metrics;
    expect(first.at(-1)).toMatchObject({ period: 60 });
    expect(second.at(-1)).not.toHaveProperty("period");
    expect(() => body([panel("x", [{ ...latency, periodSeconds: 90 }])])).toThrow(/not a positive multiple of 60/);
  });

  it("lay the graphs out two to a row on CloudWatch's 24 columns, none overlapping", () => {
    const b = body(Array.from({ length: 7 }, (_, i) => panel(`g${i}`, [latency])));
    expect(layoutProblems(b.widgets)).toEqual([]);
    expect(b.widgets.slice(1).map((w: { x: number; y: number }) => [w.x, w.y])).toEqual([
      [0, 2],
      [12, 2],
      [0, 8],
      [12, 8],
      [0, 14],
      [12, 14],
      [0, 20],
    ]);
  });

  it("the layout check finds overlapping widgets and widgets off the grid", () => {
    const w = (x: number, y: number, width = 12) => ({ type: "metric", x, y, width, height: 6, properties: {} });
    expect(layoutProblems([w(0, 0), w(6, 3)])).toHaveLength(1);
    expect(layoutProblems([w(18, 0)])[0]).toMatch(/outside the 24-column grid/);
    expect(layoutProblems([w(0, 0), w(12, 0), w(0, 6, 24)])).toEqual([]);
  });

  it("have no empty widget: a panel without metrics, a dimension without a value or no panel at all is refused", () => {
    expect(() => body([panel("empty", [])])).toThrow(/panel "empty": no metrics/);
    expect(() => body([panel("x", [{ ...latency, dimensions: { ApiName: "" } }])])).toThrow(/ApiName has no value/);
    expect(() => body([])).toThrow(/no panels/);
  });

  it("refuse a panel of another concern", () => {
    expect(() => body([panel("x", [latency], { concern: "web" })])).toThrow(/belongs on the web dashboard/);
  });

  it("draw a line per shard with a SEARCH over the stream's shard-level metric", () => {
    const view: ResolvedView = {
      namespace: "AWS/Kinesis",
      metricName: "IncomingRecords",
      dimensions: { StreamName: "ingest-stream-1a2b3c4" },
      stat: "Sum",
      label: "shard",
      perDimension: "ShardId",
    };
    const expression = searchExpression(view, 60);
    expect(expression).toBe(
      `SEARCH('{AWS/Kinesis,StreamName,ShardId} MetricName="IncomingRecords" StreamName="ingest-stream-1a2b3c4"', 'Sum', 60)`,
    );
    const [row] = body([panel("per shard", [view], { concern: "ingestion", periodSeconds: 60 })], "ingestion")
      .widgets[1].properties.metrics;
    expect(row).toEqual([{ expression, id: "e1", label: "shard ${PROP('Dim.ShardId')}", region: REGION }]);
    expect(parseMetricRow(row)).toMatchObject({
      namespace: "AWS/Kinesis",
      metricName: "IncomingRecords",
      dimensionNames: ["StreamName", "ShardId"],
      dimensions: { StreamName: "ingest-stream-1a2b3c4" },
      search: true,
    });
    expect(() =>
      body([panel("x", [{ ...view, dimensions: { StreamName: 'a"b' } }], { concern: "ingestion" })], "ingestion"),
    ).toThrow(/cannot be quoted/);
  });

  it("draw each alarm's threshold once, as a horizontal line", () => {
    const alarmed = { ...latency, stat: "Average" as const, alarm: { id: "api-latency", threshold: 1000 } };
    const b = body([panel("x", [alarmed, alarmed, latency])]);
    expect(b.widgets[1].properties.annotations).toEqual({ horizontal: [{ label: "alarm api-latency", value: 1000 }] });
    expect(body([panel("x", [latency])]).widgets[1].properties).not.toHaveProperty("annotations");
  });
});

describe("dashboards per concern", () => {
  it("exist only for the concerns some panel belongs to", () => {
    const bodies = dashboardBodies("platform", REGION, [
      panel("a", [latency], { concern: "web" }),
      panel("b", [latency], { concern: "web" }),
    ]);
    expect(Object.keys(bodies)).toEqual(["web"]);
    expect(JSON.parse(bodies.web!).widgets).toHaveLength(3);
  });

  it("are named <name>-<concern>-<region code>, as CloudWatch allows, with their console address", () => {
    expect(dashboardName("platform", "ingestion", "us-east-1")).toBe("platform-ingestion-use1");
    expect(dashboardName("shop_prod", "datalake", "ap-southeast-2")).toBe("shop_prod-datalake-apse2");
    expect(() => dashboardName("my.platform", "web", REGION)).toThrow(/my\.platform-web-euw2.*CloudWatch rejects/);
    expect(() => dashboardName("x".repeat(250), "web", REGION)).toThrow(/CloudWatch rejects/);
    expect(dashboardConsoleUrl("eu-west-2", "platform-web-euw2")).toBe(
      "https://eu-west-2.console.aws.amazon.com/cloudwatch/home?region=eu-west-2#dashboards/dashboard/platform-web-euw2",
    );
    expect(() => dashboardConsoleUrl("europe", "x")).toThrow(/not an AWS region/);
  });
});

/** A descriptor per id, as the components would make them (the planned components are checked in dashboards.pulumi.test.ts). */
const descriptors = (ids: readonly string[]): MetricDescriptor[] =>
  ids.map((id, i) => ({
    id,
    description: id,
    namespace: "Test",
    metricName: id,
    dimensions: { Name: `resource-${i}` },
    statistic: "Maximum",
    periodSeconds: 60,
    evaluationPeriods: 1,
    threshold: i + 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
  }));
const alarmsDrawn = (panels: DashboardPanel[]) =>
  new Set(panels.flatMap((p) => p.metrics.flatMap((m) => m.alarm?.id ?? [])));
const fn = (prefix: string) => [`${prefix}-errors`, `${prefix}-throttles`, `${prefix}-duration`];

describe("the components' panels", () => {
  const pipelineIds = [
    "stream-iterator-age",
    "stream-write-throttles",
    "table-throttles",
    ...fn("consumer"),
    "consumer-dlq",
    ...fn("workflow-step"),
    "workflow-failures",
    "archive-freshness",
    "api-5xx-rate",
    "api-4xx-rate",
    "api-latency",
    "api-requests",
    ...fn("reader"),
    ...fn("change-lambda"),
    "change-lambda-dlq",
    "change-task-cpu",
    "change-queue-age",
    "change-queue-dlq",
  ];

  it("IngestionPipeline draws every signal it alarms on, on the ingestion, api and compute dashboards", () => {
    const panels = ingestionPanels("ingest", descriptors(pipelineIds));
    expect(alarmsDrawn(panels)).toEqual(new Set(pipelineIds));
    expect(new Set(panels.map((p) => p.concern))).toEqual(new Set(["ingestion", "api", "compute"]));
    expect(panels.every((p) => p.metrics.length > 0 && p.title.startsWith("ingest: "))).toBe(true);
  });

  it("IngestionPipeline's per-shard panel follows the stream the iterator-age descriptor watches", () => {
    const [perShard] = ingestionPanels("ingest", descriptors(["stream-iterator-age"]));
    expect(perShard!.metrics).toEqual([
      {
        namespace: "Test",
        metricName: "IncomingRecords",
        dimensions: { Name: "resource-0" },
        stat: "Sum",
        label: "shard",
        perDimension: "ShardId",
      },
    ]);
  });

  it("a pipeline without an API or change processing has no api dashboard panels and no empty ones", () => {
    const panels = ingestionPanels("ingest", descriptors(["stream-iterator-age", ...fn("consumer"), "consumer-dlq"]));
    expect(panels.some((p) => p.concern === "api")).toBe(false);
    expect(panels.every((p) => p.metrics.length > 0)).toBe(true);
  });

  it("ResilientWebTier draws every signal it alarms on, and each Redis node", () => {
    const ids = [...WEB_TIER_METRIC_IDS];
    const nodes = { apply: () => "node" } as never;
    const panels = webTierPanels("shop", descriptors(ids), { cacheNodeIds: nodes, cacheNodes: 3 });
    expect(alarmsDrawn(panels)).toEqual(new Set(ids));
    expect(new Set(panels.map((p) => p.concern))).toEqual(new Set(["web", "compute"]));
    const redis = panels.find((p) => p.title === "shop: Redis engine CPU")!;
    expect(redis.metrics.map((m) => m.label)).toEqual(["node 1 (alarmed)", "node 2", "node 3"]);
  });

  it("DataLake draws every signal it alarms on, and both Glue jobs' completed tasks; a replica draws nothing", () => {
    const ids = [
      "processing-cpu",
      "processing-running-tasks",
      "processing-queue-depth",
      "processing-queue-age",
      "processing-dlq-depth",
      "glue-job-failures",
      "glue-crawler-failures",
      "etl-failed-tasks",
      "athena-bytes-scanned",
      ...fn("secret-rotation"),
    ];
    const glueJobs = [
      { label: "ETL", name: "etl-job" },
      { label: "data quality", name: "quality-job" },
    ];
    const panels = dataLakePanels("lake", descriptors(ids), { glueJobs });
    expect(alarmsDrawn(panels)).toEqual(new Set(ids));
    const tasks = panels.find((p) => p.title === "lake: Glue job tasks")!;
    expect(tasks.metrics.map((m) => [m.metricName, m.dimensions.JobName])).toEqual([
      ["glue.driver.aggregate.numCompletedTasks", "etl-job"],
      ["glue.driver.aggregate.numCompletedTasks", "quality-job"],
      ["etl-failed-tasks", undefined],
    ]);
    expect(dataLakePanels("lake", [], { glueJobs: [] })).toEqual([]);
  });
});

describe("panels of a component without its own", () => {
  it("draw each descriptor on a panel of the concern, with its alarm line and period", () => {
    const [d] = descriptors(["forwarder-dlq"]);
    const panels = descriptorPanels("ingestion", "link", [
      { ...d!, description: "link: records the forwarder gave up on" },
    ]);
    expect(panels).toEqual([
      {
        concern: "ingestion",
        title: "link: records the forwarder gave up on",
        periodSeconds: 60,
        metrics: [
          {
            namespace: "Test",
            metricName: "forwarder-dlq",
            dimensions: { Name: "resource-0" },
            stat: "Maximum",
            label: "forwarder-dlq",
            periodSeconds: 60,
            alarm: { id: "forwarder-dlq", threshold: 1 },
          },
        ],
      },
    ]);
  });
});
