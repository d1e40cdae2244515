/**
 * Which resources need an alarm, and whether one is wired to them: the one definition the
 * `cloudwatch-alarm-coverage` rule (./observability.ts) and the plan's alarm coverage report
 * (offline/alarm-coverage.ts) both apply, so the rule and the report cannot disagree.
 *
 * A resource is covered by a CloudWatch metric alarm that
 *   - watches it: a dimension map of the alarm (its own `dimensions`, or a `metricQueries[].metric.dimensions`
 *     of a metric-math alarm) names it by the dimension CloudWatch publishes its metrics under, by
 *     value (the name the graph records: a set name or the engine's auto-name) or, while the value is
 *     unknown (preview), by a property dependency on it together with that dimension;
 *   - notifies someone: actions enabled and an SNS topic among its `alarmActions` (an ARN, or a
 *     dependency on an `aws:sns/topic:Topic` while the ARN is unknown); an alarm that only scales a
 *     service notifies nobody;
 *   - lives in the resource's region (CloudWatch alarms only see their own region's metrics).
 * Composite alarms carry no dimensions: they cover nothing themselves.
 */
import { asArray, parseJson, regionOf } from "./helpers";
import type { StackResourceView } from "./types";

export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const SNS_TOPIC = "aws:sns/topic:Topic";
export const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
export const REST_API = "aws:apigateway/restApi:RestApi";

/** What the matcher needs of a resource: the stack-rule view (the report builds the same from the recorded graph). */
export type CoverageResource = Pick<
  StackResourceView,
  "type" | "name" | "urn" | "props" | "provider" | "propertyDependencies"
>;

/** Lookups over the stack the matcher resolves references with. */
export interface CoverageContext {
  byUrn(urn: string): CoverageResource | undefined;
  ofType(type: string): CoverageResource[];
}

/** One dimension map of an alarm, and the URNs its values came from (the alarm's `dimensions` or `metricQueries` dependencies). */
interface Watched {
  dimensions: Record<string, unknown>;
  from: readonly string[];
}

export interface AlarmableKind {
  /** Stable id, e.g. `lambda-function`. */
  id: string;
  /** What a person calls it, for messages: "Lambda function". */
  what: string;
  /** The resource types of this kind. */
  types: readonly string[];
  /** The dimensions an alarm names it by, for messages: "FunctionName", "ServiceName and ClusterName". */
  dimensions: string;
  /**
   * Whether the `cloudwatch-alarm-coverage` rule requires it (mandatory). Every kind is reported by
   * the plan; the rule enforces the kinds both stacks fully cover, so that wiring the rest is a
   * one-word change here, not a second definition.
   */
  enforced: boolean;
  /** Whether a resource of these types is of this kind (e.g. only application load balancers). */
  applies?: (r: CoverageResource) => boolean;
  /** Does the dimension map name the resource? */
  names: (target: CoverageResource, watched: Watched, ctx: CoverageContext) => boolean;
}

/** The URNs an input of `r` came from. */
const depsOf = (r: CoverageResource, prop: string): readonly string[] => r.propertyDependencies[prop] ?? [];
const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;
/** The last path segment of an ARN or a plain name (`arn:aws:ecs:...:cluster/prod` → `prod`). */
const lastSegment = (value: unknown) => (str(value) ? value.split("/").pop() : undefined);
/** Did a value of the map come from the resource (preview, when the value itself is unknown)? */
const from = (watched: Watched, target: CoverageResource) => watched.from.includes(target.urn);
/** A dimension whose value equals `expected`, or, while unknown, came from `source`. */
const dimension = (
  watched: Watched,
  key: string,
  expected: readonly unknown[],
  source: CoverageResource | undefined,
): boolean => {
  if (!(key in watched.dimensions)) return false;
  const value = watched.dimensions[key];
  if (str(value) && expected.some((e) => str(e) && e === value)) return true;
  // Preview: the value is unknown (absent, or Pulumi's unknown placeholder) but came from the source.
  return source !== undefined && from(watched, source);
};
/** A kind named by one dimension whose value is one of the resource's props. */
const byProp =
  (key: string, ...props: string[]): AlarmableKind["names"] =>
  (target, watched) =>
    dimension(
      watched,
      key,
      props.map((p) => target.props[p]),
      target,
    );

const loadBalancerType = (r: CoverageResource) => r.props.loadBalancerType ?? "application";
/** The `LoadBalancer` dimension is the ARN suffix `app/<name>/<id>` (`net/...` for network load balancers). */
const loadBalancer =
  (prefix: string): AlarmableKind["names"] =>
  (target, watched) => {
    if (dimension(watched, "LoadBalancer", [target.props.arnSuffix], target)) return true;
    const value = watched.dimensions.LoadBalancer;
    return str(value) && str(target.props.name) && value.startsWith(`${prefix}/${target.props.name}/`);
  };

/** The resources of `type` one of `r`'s props came from. */
const sources = (r: CoverageResource, prop: string, type: string, ctx: CoverageContext) =>
  depsOf(r, prop)
    .map((urn) => ctx.byUrn(urn))
    .filter((s): s is CoverageResource => s?.type === type);

/** Does the EventBridge rule match the state changes of the Glue job (components/datalake/glue-metrics.ts)? */
function ruleWatchesJob(rule: CoverageResource, job: CoverageResource): boolean {
  if (depsOf(rule, "eventPattern").includes(job.urn)) return true;
  const pattern = parseJson(rule.props.eventPattern);
  if (!pattern || typeof pattern !== "object") return false;
  return (
    asArray(pattern.source).includes("aws.glue") &&
    str(job.props.name) &&
    asArray(pattern.detail?.jobName).includes(job.props.name)
  );
}

/**
 * Every kind of resource that can fail on its own and so needs an alarm, with the dimension
 * CloudWatch publishes its metrics under. Gateway load balancers, HTTP/WebSocket APIs
 * (apigatewayv2) and REST APIs without a stage are not listed; a REST API is covered stage by stage.
 */
export const ALARMABLE_KINDS: readonly AlarmableKind[] = [
  {
    id: "lambda-function",
    what: "Lambda function",
    types: ["aws:lambda/function:Function"],
    dimensions: "FunctionName",
    enforced: true,
    names: byProp("FunctionName", "name", "functionName"),
  },
  {
    id: "ecs-service",
    what: "ECS service",
    types: ["aws:ecs/service:Service"],
    dimensions: "ServiceName with ClusterName",
    enforced: true,
    // AWS/ECS and ECS/ContainerInsights publish a service's metrics under both dimensions.
    names: (target, watched, ctx) => {
      if (!dimension(watched, "ServiceName", [target.props.name], target)) return false;
      if (!("ClusterName" in watched.dimensions)) return false;
      const cluster = watched.dimensions.ClusterName;
      const own = sources(target, "cluster", "aws:ecs/cluster:Cluster", ctx);
      if (own.some((c) => from(watched, c) || (str(cluster) && c.props.name === cluster))) return true;
      const ownName = lastSegment(target.props.cluster);
      return !str(cluster) || ownName === undefined || cluster === ownName; // unknown on either side (preview)
    },
  },
  {
    id: "application-load-balancer",
    what: "application load balancer",
    types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    dimensions: "LoadBalancer",
    enforced: true,
    applies: (r) => loadBalancerType(r) === "application",
    names: loadBalancer("app"),
  },
  {
    id: "network-load-balancer",
    what: "network load balancer",
    types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    dimensions: "LoadBalancer",
    enforced: false,
    applies: (r) => loadBalancerType(r) === "network",
    names: loadBalancer("net"),
  },
  {
    id: "kinesis-stream",
    what: "Kinesis stream",
    types: ["aws:kinesis/stream:Stream"],
    dimensions: "StreamName",
    enforced: true,
    names: byProp("StreamName", "name"),
  },
  {
    id: "dynamodb-table",
    what: "DynamoDB table",
    types: ["aws:dynamodb/table:Table"],
    dimensions: "TableName",
    enforced: true,
    names: byProp("TableName", "name"),
  },
  {
    id: "rds-cluster",
    what: "Aurora cluster",
    types: ["aws:rds/cluster:Cluster"],
    dimensions: "DBClusterIdentifier",
    enforced: true,
    names: byProp("DBClusterIdentifier", "clusterIdentifier"),
  },
  {
    id: "sqs-queue",
    what: "SQS queue",
    types: ["aws:sqs/queue:Queue"],
    dimensions: "QueueName",
    enforced: true,
    names: byProp("QueueName", "name"),
  },
  {
    id: "glue-job",
    what: "Glue job",
    types: ["aws:glue/job:Job"],
    dimensions: "JobName (Glue job metrics), or RuleName of an EventBridge rule matching its state changes",
    enforced: true,
    // Glue publishes no metric for a failed run: the data lake counts them with an EventBridge rule
    // (AWS/Events TriggeredRules by RuleName) whose pattern names the job.
    names: (target, watched, ctx) => {
      if (byProp("JobName", "name")(target, watched, ctx)) return true;
      if (!("RuleName" in watched.dimensions)) return false;
      const ruleName = watched.dimensions.RuleName;
      // The rule the value names, or (preview, the value unknown) the rule it came from.
      const rules = [
        ...ctx.ofType(EVENT_RULE).filter((r) => str(ruleName) && r.props.name === ruleName),
        ...watched.from.map((urn) => ctx.byUrn(urn)).filter((r): r is CoverageResource => r?.type === EVENT_RULE),
      ];
      return rules.some((r) => ruleWatchesJob(r, target));
    },
  },
  {
    id: "state-machine",
    what: "Step Functions state machine",
    types: ["aws:sfn/stateMachine:StateMachine"],
    dimensions: "StateMachineArn",
    enforced: true,
    names: (target, watched) => {
      if (dimension(watched, "StateMachineArn", [target.props.arn], target)) return true;
      const value = watched.dimensions.StateMachineArn;
      return str(value) && str(target.props.name) && value.endsWith(`:stateMachine:${target.props.name}`);
    },
  },
  {
    id: "api-stage",
    what: "API Gateway REST API stage",
    types: ["aws:apigateway/stage:Stage"],
    dimensions: "ApiName (with Stage, or alone for every stage)",
    enforced: true,
    // AWS/ApiGateway publishes by ApiName and by ApiName with Stage: an API-wide alarm covers every stage.
    names: (target, watched, ctx) => {
      const api = sources(target, "restApi", REST_API, ctx)[0];
      if (!dimension(watched, "ApiName", [api?.props.name], api)) return false;
      if (!("Stage" in watched.dimensions)) return true;
      const stage = watched.dimensions.Stage;
      return !str(stage) || stage === target.props.stageName || from(watched, target);
    },
  },
];

/** Every type some kind lists. */
export const ALARMABLE_TYPES: readonly string[] = [...new Set(ALARMABLE_KINDS.flatMap((k) => k.types))];

/** The kind of the resource, if it is alarmable. */
export const alarmableKindOf = (r: Pick<CoverageResource, "type" | "props">): AlarmableKind | undefined =>
  ALARMABLE_KINDS.find((k) => k.types.includes(r.type) && (k.applies?.(r as CoverageResource) ?? true));

const SNS_ARN = /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[^:]+$/;

/** Does the alarm notify an SNS topic when it goes to ALARM (actions enabled, a topic among its alarmActions)? */
export function notifiesTopic(alarm: CoverageResource, ctx: CoverageContext): boolean {
  if (alarm.props.actionsEnabled === false) return false;
  if (asArray<unknown>(alarm.props.alarmActions).some((a) => typeof a === "string" && SNS_ARN.test(a))) return true;
  return depsOf(alarm, "alarmActions").some((urn) => ctx.byUrn(urn)?.type === SNS_TOPIC);
}

/** The dimension maps the alarm watches: its own and those of its metric queries, with the URNs they came from. */
function watchedBy(alarm: CoverageResource): Watched[] {
  const deps = (prop: string) => depsOf(alarm, prop);
  const isMap = (d: unknown): d is Record<string, unknown> => !!d && typeof d === "object" && !Array.isArray(d);
  const own = isMap(alarm.props.dimensions) ? [{ dimensions: alarm.props.dimensions, from: deps("dimensions") }] : [];
  const queries = asArray<any>(alarm.props.metricQueries)
    .map((q) => (q && typeof q === "object" ? q.metric?.dimensions : undefined))
    .filter(isMap)
    .map((dimensions) => ({ dimensions, from: deps("metricQueries") }));
  return [...own, ...queries];
}

/** Is the metric alarm about the target (a dimension map names it, in the target's region)? */
export function watches(alarm: CoverageResource, target: CoverageResource, ctx: CoverageContext): boolean {
  const kind = alarmableKindOf(target);
  if (!kind || alarm.type !== METRIC_ALARM) return false;
  const [a, t] = [regionOf(alarm), regionOf(target)];
  if (a !== undefined && t !== undefined && a !== t) return false;
  return watchedBy(alarm).some((w) => kind.names(target, w, ctx));
}

/** One alarmable resource and the alarms on it that notify a topic (none: it is unalarmed). */
export interface CoverageEntry {
  resource: CoverageResource;
  kind: AlarmableKind;
  alarms: CoverageResource[];
}

/** A context over the stack's resources. */
export function coverageContext(resources: readonly CoverageResource[]): CoverageContext {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return { byUrn: (urn) => byUrn.get(urn), ofType: (type) => resources.filter((r) => r.type === type) };
}

/** Every alarmable resource of the stack, in graph order, with the metric alarms on it that notify a topic. */
export function alarmCoverage(resources: readonly CoverageResource[]): CoverageEntry[] {
  const ctx = coverageContext(resources);
  const alarms = resources.filter((r) => r.type === METRIC_ALARM && notifiesTopic(r, ctx));
  return resources.flatMap((resource) => {
    const kind = alarmableKindOf(resource);
    return kind ? [{ resource, kind, alarms: alarms.filter((a) => watches(a, resource, ctx)) }] : [];
  });
}
