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
import {
  dashboardBodyProblems,
  layoutProblems,
  parseMetricRow,
  DASHBOARD,
  type ReferencedMetric,
} from "../../policy/rules/dashboards";

export const DASHBOARD_TYPE = DASHBOARD;

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
    // A version or alias: Resource "<function>:<qualifier>", with FunctionName.
    namespace: "AWS/Lambda",
    dimensions: ["FunctionName", "Resource"],
    metrics: ["Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions"],
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
  Resource: { type: "aws:lambda/alias:Alias", values: (r) => [`${r.inputs.functionName}:${r.inputs.name}`] },
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

export { layoutProblems, parseMetricRow, type ReferencedMetric };

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

/** Everything wrong with one dashboard resource of the graph: its body (the policy rule's checks) and every metric it names. */
export function dashboardResourceProblems(graph: ResourceGraph, dashboard: RecordedResource): string[] {
  const at = (p: string) => `dashboard ${dashboard.inputs.dashboardName}: ${p}`;
  const body = String(dashboard.inputs.dashboardBody);
  const problems = dashboardBodyProblems(body, (m, widget) =>
    metricProblems(graph, dashboard.region, m).map((x) => `${widget}: ${x}`),
  );
  const widgets: { type?: string; properties?: { region?: unknown } }[] = problems.some((p) => p.startsWith("its body"))
    ? []
    : JSON.parse(body).widgets;
  for (const w of widgets.filter((x) => x.type === "metric"))
    if (w.properties?.region !== dashboard.region)
      problems.push(`a graph shows region ${String(w.properties?.region)}, the stack's is ${dashboard.region}`);
  if (widgets.length && !widgets.some((w) => w.type === "metric")) problems.push("no graph");
  return problems.map(at);
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
