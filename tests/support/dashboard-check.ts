/**
 * "Every dashboard body is valid JSON and references only metrics and dimensions of resources that
 * exist in the graph", as a function over a planned stack's graph (an in-process plan, or the
 * shared plan's `primary.graph` / `secondary.graph`): `dashboardProblems(graph)` lists what is
 * wrong, `expectDashboardsValid(graph)` throws with the list.
 *
 * A metric must be one CloudWatch publishes with exactly those dimension names (METRIC_CATALOG),
 * and each dimension value must be the resolved name of a resource of the graph, in the region the
 * widget shows (DIMENSION_VALUES): the stream's name, the load balancer's ARN suffix, the Redis
 * replication group's member clusters, … A shard-level Kinesis metric must be one the stream
 * enables.
 */
import type { RecordedResource, ResourceGraph } from "../../offline/graph";

export const DASHBOARD_TYPE = "aws:cloudwatch/dashboard:Dashboard";

/** Metrics CloudWatch publishes, by namespace and the exact set of dimension names they carry. */
export const METRIC_CATALOG: { namespace: string; dimensions: string[]; metrics: string[] }[] = [
  {
    namespace: "AWS/Kinesis",
    dimensions: ["StreamName"],
    metrics: [
      "IncomingRecords",
      "IncomingBytes",
      "GetRecords.Records",
      "GetRecords.IteratorAgeMilliseconds",
      "WriteProvisionedThroughputExceeded",
      "ReadProvisionedThroughputExceeded",
      "PutRecords.SuccessfulRecords",
    ],
  },
  {
    namespace: "AWS/Kinesis",
    dimensions: ["ShardId", "StreamName"],
    metrics: [
      "IncomingRecords",
      "IncomingBytes",
      "IteratorAgeMilliseconds",
      "OutgoingRecords",
      "OutgoingBytes",
      "WriteProvisionedThroughputExceeded",
      "ReadProvisionedThroughputExceeded",
    ],
  },
  {
    namespace: "AWS/Lambda",
    dimensions: ["FunctionName"],
    metrics: ["Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions", "IteratorAge"],
  },
  {
    namespace: "AWS/SQS",
    dimensions: ["QueueName"],
    metrics: ["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "NumberOfMessagesSent"],
  },
  {
    namespace: "AWS/ApiGateway",
    dimensions: ["ApiName", "Stage"],
    metrics: ["Count", "4XXError", "5XXError", "Latency", "IntegrationLatency"],
  },
  {
    namespace: "AWS/States",
    dimensions: ["StateMachineArn"],
    metrics: ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut"],
  },
  {
    namespace: "AWS/Firehose",
    dimensions: ["DeliveryStreamName"],
    metrics: ["DeliveryToS3.DataFreshness", "DeliveryToS3.Success", "IncomingRecords"],
  },
  {
    namespace: "AWS/DynamoDB",
    dimensions: ["TableName"],
    metrics: ["WriteThrottleEvents", "ReadThrottleEvents", "ConsumedWriteCapacityUnits", "ConsumedReadCapacityUnits"],
  },
  {
    namespace: "AWS/ECS",
    dimensions: ["ClusterName", "ServiceName"],
    metrics: ["CPUUtilization", "MemoryUtilization"],
  },
  {
    namespace: "ECS/ContainerInsights",
    dimensions: ["ClusterName", "ServiceName"],
    metrics: ["RunningTaskCount", "DesiredTaskCount", "CpuUtilized", "MemoryUtilized"],
  },
  {
    namespace: "AWS/ApplicationELB",
    dimensions: ["LoadBalancer"],
    metrics: ["RequestCount", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "TargetResponseTime"],
  },
  {
    namespace: "AWS/ApplicationELB",
    dimensions: ["LoadBalancer", "TargetGroup"],
    metrics: ["HealthyHostCount", "UnHealthyHostCount", "RequestCount", "TargetResponseTime"],
  },
  {
    namespace: "AWS/RDS",
    dimensions: ["DBClusterIdentifier"],
    metrics: ["CPUUtilization", "AuroraGlobalDBReplicationLag", "AuroraReplicaLagMaximum", "DatabaseConnections"],
  },
  {
    namespace: "AWS/ElastiCache",
    dimensions: ["CacheClusterId"],
    metrics: ["EngineCPUUtilization", "CPUUtilization", "Evictions", "CurrConnections"],
  },
  { namespace: "AWS/EFS", dimensions: ["FileSystemId"], metrics: ["PercentIOLimit"] },
  {
    namespace: "AWS/Events",
    dimensions: ["RuleName"],
    metrics: ["TriggeredRules", "Invocations", "FailedInvocations"],
  },
  {
    namespace: "Glue",
    dimensions: ["JobName", "JobRunId", "Type"],
    metrics: ["glue.driver.aggregate.numFailedTasks", "glue.driver.aggregate.numCompletedTasks"],
  },
  {
    namespace: "AWS/Athena",
    dimensions: ["QueryState", "QueryType", "WorkGroup"],
    metrics: ["ProcessedBytes", "TotalExecutionTime"],
  },
];

const byType = (graph: ResourceGraph, region: string, type: string) =>
  graph.ofType(type).filter((r) => r.region === region);
const inputs = (prop: string) => (r: RecordedResource) => [String(r.inputs[prop])];

/** ElastiCache names a replication group's nodes `<id>-001`… (`<id>-0001-001`… per shard in cluster mode). */
function memberClusters(r: RecordedResource): string[] {
  const id = String(r.inputs.replicationGroupId).toLowerCase();
  const shards = Number(r.inputs.numNodeGroups ?? 1);
  const replicas = Number(r.inputs.replicasPerNodeGroup ?? 0);
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  if (r.inputs.clusterMode === "enabled" || shards > 1)
    return Array.from({ length: shards }, (_, s) =>
      Array.from({ length: 1 + replicas }, (_, n) => `${id}-${pad(s + 1, 4)}-${pad(n + 1, 3)}`),
    ).flat();
  const nodes = Number(r.inputs.numCacheClusters ?? 1 + replicas);
  return Array.from({ length: nodes }, (_, n) => `${id}-${pad(n + 1, 3)}`);
}

/** Where a dimension's values come from: resources of a type and what of theirs CloudWatch names, or fixed values. */
export const DIMENSION_VALUES: Record<
  string,
  { type: string; values: (r: RecordedResource) => string[] } | { fixed: string[] }
> = {
  StreamName: { type: "aws:kinesis/stream:Stream", values: inputs("name") },
  FunctionName: { type: "aws:lambda/function:Function", values: inputs("name") },
  QueueName: { type: "aws:sqs/queue:Queue", values: inputs("name") },
  ApiName: { type: "aws:apigateway/restApi:RestApi", values: inputs("name") },
  Stage: { type: "aws:apigateway/stage:Stage", values: inputs("stageName") },
  StateMachineArn: { type: "aws:sfn/stateMachine:StateMachine", values: (r) => [String(r.id)] },
  DeliveryStreamName: { type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", values: inputs("name") },
  TableName: { type: "aws:dynamodb/table:Table", values: inputs("name") },
  ClusterName: { type: "aws:ecs/cluster:Cluster", values: inputs("name") },
  ServiceName: { type: "aws:ecs/service:Service", values: inputs("name") },
  // The ARN suffixes: `app/<name>/<hex>` and `targetgroup/<name>/<hex>`.
  LoadBalancer: { type: "aws:lb/loadBalancer:LoadBalancer", values: (r) => [String(r.id).split(":loadbalancer/")[1]!] },
  TargetGroup: { type: "aws:lb/targetGroup:TargetGroup", values: (r) => [String(r.id).split(":").pop()!] },
  DBClusterIdentifier: { type: "aws:rds/cluster:Cluster", values: inputs("clusterIdentifier") },
  CacheClusterId: { type: "aws:elasticache/replicationGroup:ReplicationGroup", values: memberClusters },
  FileSystemId: { type: "aws:efs/fileSystem:FileSystem", values: (r) => [String(r.id)] },
  RuleName: { type: "aws:cloudwatch/eventRule:EventRule", values: inputs("name") },
  JobName: { type: "aws:glue/job:Job", values: inputs("name") },
  WorkGroup: { type: "aws:athena/workgroup:Workgroup", values: inputs("name") },
  JobRunId: { fixed: ["ALL"] },
  Type: { fixed: ["count", "gauge"] },
  QueryState: { fixed: ["SUCCEEDED", "FAILED", "CANCELED"] },
  QueryType: { fixed: ["DML", "DDL", "UTILITY"] },
};

/** One metric a widget draws: a plain metric row, or a SEARCH over metrics with fixed dimensions. */
export interface ReferencedMetric {
  namespace: string;
  metricName: string;
  /** The dimension names of the metric (SEARCH: its schema, fixed and free). */
  dimensionNames: string[];
  /** Fixed dimension values. */
  dimensions: Record<string, string>;
  stat?: string;
  region?: string;
  search: boolean;
}

const SEARCH = /^SEARCH\('\{([^}]+)\}((?: [A-Za-z0-9_]+="[^"]*")+)', '([A-Za-z0-9.]+)', (\d+)\)$/;
const STAT = /^(Average|Sum|Minimum|Maximum|SampleCount|p(100|\d{1,2}(\.\d{1,2})?))$/;

/** A metric widget's row as a referenced metric, or the reason it is malformed. */
export function parseMetricRow(row: unknown): ReferencedMetric | string {
  if (!Array.isArray(row) || row.length === 0) return `row ${JSON.stringify(row)} is not a non-empty array`;
  const last = row[row.length - 1];
  const options = last !== null && typeof last === "object" ? (last as Record<string, unknown>) : undefined;
  if (row.length === 1 && options && typeof options.expression === "string") {
    const m = SEARCH.exec(options.expression);
    if (!m) return `expression ${options.expression} is not a SEARCH of this generator's form`;
    const [namespace, ...dimensionNames] = m[1]!.split(",");
    const terms = Object.fromEntries([...m[2]!.matchAll(/([A-Za-z0-9_]+)="([^"]*)"/g)].map((t) => [t[1]!, t[2]!]));
    const { MetricName: metricName, ...dimensions } = terms;
    if (!metricName) return `expression ${options.expression} names no MetricName`;
    return {
      namespace: namespace!,
      metricName,
      dimensionNames,
      dimensions,
      stat: m[3],
      region: options.region as string | undefined,
      search: true,
    };
  }
  const tokens = options ? row.slice(0, -1) : row;
  if (!tokens.every((t) => typeof t === "string" && t.length > 0))
    return `row ${JSON.stringify(row)} has a token that is not a non-empty string`;
  if (tokens.length < 2 || tokens.length % 2 !== 0)
    return `row ${JSON.stringify(row)} is not [namespace, metric, name, value, …, options]`;
  const [namespace, metricName, ...pairs] = tokens as string[];
  const dimensions: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]!] = pairs[i + 1]!;
  return {
    namespace: namespace!,
    metricName: metricName!,
    dimensionNames: Object.keys(dimensions),
    dimensions,
    stat: options?.stat as string | undefined,
    region: options?.region as string | undefined,
    search: false,
  };
}

interface Widget {
  type?: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  properties?: Record<string, any>;
}

/** Widgets that overlap or leave CloudWatch's 24-column grid. */
export function layoutProblems(widgets: Widget[]): string[] {
  const out: string[] = [];
  widgets.forEach((w, i) => {
    const { x = -1, y = -1, width = 0, height = 0 } = w;
    if (![x, y, width, height].every(Number.isInteger) || x < 0 || y < 0 || width < 1 || height < 1 || x + width > 24)
      out.push(
        `widget ${i} (${w.properties?.title ?? w.type}) is outside the 24-column grid: ${JSON.stringify({ x, y, width, height })}`,
      );
    widgets.slice(0, i).forEach((o, j) => {
      const overlap = x < o.x! + o.width! && o.x! < x + width && y < o.y! + o.height! && o.y! < y + height;
      if (overlap) out.push(`widget ${i} (${w.properties?.title}) overlaps widget ${j} (${o.properties?.title})`);
    });
  });
  return out;
}

/** What is wrong with one metric, as a dashboard in `region` references it, against the graph. */
function metricProblems(graph: ResourceGraph, region: string, m: ReferencedMetric): string[] {
  const out: string[] = [];
  const what = `${m.namespace} ${m.metricName} ${JSON.stringify(m.dimensions)}`;
  const names = [...m.dimensionNames].sort();
  const entry = METRIC_CATALOG.find(
    (c) => c.namespace === m.namespace && c.dimensions.join() === names.join() && c.metrics.includes(m.metricName),
  );
  if (!entry) out.push(`${what}: CloudWatch publishes no such metric with dimensions ${names.join(", ")}`);
  if (m.region !== region) out.push(`${what}: region ${m.region}, the dashboard's is ${region}`);
  if (m.stat !== undefined && !STAT.test(m.stat)) out.push(`${what}: stat "${m.stat}" is not a statistic`);
  const found: Record<string, RecordedResource> = {};
  for (const [dim, value] of Object.entries(m.dimensions)) {
    const source = DIMENSION_VALUES[dim];
    if (!source) {
      out.push(`${what}: no rule tells which resource a ${dim} names (tests/support/dashboard-check.ts)`);
      continue;
    }
    if ("fixed" in source) {
      if (!source.fixed.includes(value))
        out.push(`${what}: ${dim} "${value}" is not one of ${source.fixed.join(", ")}`);
      continue;
    }
    const match = byType(graph, region, source.type).find((r) => source.values(r).includes(value));
    if (match) found[dim] = match;
    else out.push(`${what}: ${dim} "${value}" names no ${source.type} in ${region}`);
  }
  // Dimensions that must belong together: the service of that cluster, the stage of that API.
  const { ServiceName: service, ClusterName: cluster, Stage: stage, ApiName: api } = found;
  if (service && cluster && service.inputs.cluster !== cluster.id)
    out.push(`${what}: service ${service.inputs.name} is not in cluster ${cluster.inputs.name}`);
  if (stage && api && stage.inputs.restApi !== api.id)
    out.push(`${what}: stage ${stage.inputs.stageName} is not a stage of API ${api.inputs.name}`);
  const stream = found.StreamName;
  if (stream && m.dimensionNames.includes("ShardId")) {
    const enabled: string[] = stream.inputs.shardLevelMetrics ?? [];
    if (!enabled.includes(m.metricName))
      out.push(`${what}: the stream ${stream.inputs.name} does not enable the shard-level metric ${m.metricName}`);
  }
  return out;
}

/** Everything wrong with one dashboard resource of the graph. */
export function dashboardResourceProblems(graph: ResourceGraph, dashboard: RecordedResource): string[] {
  const at = (p: string) => `dashboard ${dashboard.inputs.dashboardName}: ${p}`;
  let body: { widgets?: Widget[] };
  try {
    body = JSON.parse(String(dashboard.inputs.dashboardBody));
  } catch (e) {
    return [at(`body is not JSON (${(e as Error).message})`)];
  }
  const widgets = body.widgets;
  if (!Array.isArray(widgets) || widgets.length === 0) return [at("no widgets")];
  const out = layoutProblems(widgets).map(at);
  const graphs = widgets.filter((w) => w.type === "metric");
  if (graphs.length === 0) out.push(at("no metric widget"));
  for (const w of graphs) {
    const p = w.properties ?? {};
    const title = `widget "${p.title}"`;
    if (!p.title) out.push(at(`a metric widget has no title`));
    if (p.region !== dashboard.region) out.push(at(`${title}: region ${p.region}, the stack's is ${dashboard.region}`));
    if (!Array.isArray(p.metrics) || p.metrics.length === 0) {
      out.push(at(`${title}: no metrics`));
      continue;
    }
    for (const row of p.metrics) {
      const m = parseMetricRow(row);
      if (typeof m === "string") out.push(at(`${title}: ${m}`));
      else out.push(...metricProblems(graph, dashboard.region, m).map((x) => at(`${title}: ${x}`)));
    }
  }
  return out;
}

/** Every problem of every dashboard in the graph (none: all bodies valid and grounded in the graph). */
export function dashboardProblems(graph: ResourceGraph): string[] {
  return graph.ofType(DASHBOARD_TYPE).flatMap((d) => dashboardResourceProblems(graph, d));
}

/** Throws, listing the problems, unless every dashboard of the graph is valid and names only its resources. */
export function expectDashboardsValid(graph: ResourceGraph): void {
  const problems = dashboardProblems(graph);
  if (problems.length) throw new Error(`dashboards reference what the graph does not hold:\n${problems.join("\n")}`);
}
