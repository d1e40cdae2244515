import type * as pulumi from "@pulumi/pulumi";
import { DASHBOARD_STAT } from "../../policy/baseline/dashboards";
import type { MetricDescriptor } from "./metrics";

export { DASHBOARD_STAT };

/**
 * What a component shows on the CloudWatch dashboards (components/observability/dashboards.ts):
 * panels of metric views, each panel on the dashboard of one concern. Components build their
 * panels from the same resources (resolved names and dimensions) their `MetricDescriptor`s use,
 * and reuse the descriptors themselves, so an alarmed metric is on a dashboard too; nobody types
 * a metric's dimension value by hand.
 */

/** The dashboards, one per concern, as seed 000 draws them plus the other seeds' parts. */
export const DASHBOARD_CONCERNS = ["ingestion", "api", "compute", "web", "datalake"] as const;
export type DashboardConcern = (typeof DASHBOARD_CONCERNS)[number];

/** A statistic CloudWatch graphs: the alarms' five, or a percentile (`p50`, `p90`, `p99`, `p99.9`). */
export type DashboardStat = MetricDescriptor["statistic"] | `p${number}`;

/** One line (or, with `perDimension`, a line per value of a dimension) on a panel. */
export interface MetricView {
  namespace: string;
  metricName: string;
  /** Dimension name → value, the resource's resolved name (`StreamName: stream.name`). */
  dimensions: Record<string, pulumi.Input<string>>;
  stat: DashboardStat;
  /** The legend's text. */
  label: string;
  /** @default the panel's period */
  periodSeconds?: number;
  /**
   * A dimension published in addition to `dimensions` (`ShardId` of Kinesis shard-level metrics):
   * the panel shows one line per value, found by a CloudWatch SEARCH of the metrics with these
   * `dimensions`, so shards added by resharding or on-demand capacity appear without a deployment.
   * @default none: one line
   */
  perDimension?: string;
  /** The alarm on this metric (a descriptor's id and threshold): drawn as a horizontal line. @default none */
  alarm?: { id: string; threshold: number };
}

/** A graph on the dashboard of `concern`. */
export interface DashboardPanel {
  concern: DashboardConcern;
  title: string;
  metrics: MetricView[];
  /** Seconds each data point covers. @default 300 */
  periodSeconds?: number;
  /** Label of the left Y axis (a unit: "ms", "%", "count"). @default none */
  unit?: string;
}

/** A component that can be drawn: IngestionPipeline, ResilientWebTier, DataLake. */
export interface DashboardSource {
  dashboardMetrics(): DashboardPanel[];
}

/**
 * A descriptor as a dashboard line: same namespace, metric, dimensions, statistic and period,
 * and its alarm's threshold drawn on the panel. `stat` shows another statistic of the same metric
 * (then without the alarm line, whose statistic it is not).
 */
export function viewOf(d: MetricDescriptor, label: string, stat?: DashboardStat): MetricView {
  const same = stat === undefined || stat === d.statistic;
  return {
    namespace: d.namespace,
    metricName: d.metricName,
    dimensions: d.dimensions,
    stat: stat ?? d.statistic,
    label,
    periodSeconds: d.periodSeconds,
    ...(same ? { alarm: { id: d.id, threshold: d.threshold } } : {}),
  };
}

/**
 * Another metric of the resource a descriptor watches: same namespace and dimensions (the ECS
 * service's MemoryUtilization beside the alarmed CPUUtilization, a Lambda's Invocations beside its
 * Errors), or another namespace published with the same dimensions (`namespace`).
 */
export function sibling(
  d: MetricDescriptor,
  metricName: string,
  stat: DashboardStat,
  label: string,
  extra: Partial<Pick<MetricView, "namespace" | "perDimension" | "periodSeconds">> & {
    dimensions?: Record<string, pulumi.Input<string>>;
  } = {},
): MetricView {
  return {
    namespace: extra.namespace ?? d.namespace,
    metricName,
    dimensions: extra.dimensions ?? d.dimensions,
    stat,
    label,
    ...(extra.periodSeconds !== undefined ? { periodSeconds: extra.periodSeconds } : {}),
    ...(extra.perDimension ? { perDimension: extra.perDimension } : {}),
  };
}

/** A component's descriptors by id, for panel builders: `get` the ones a panel shows (absent ones are skipped). */
export class Descriptors {
  private readonly byId: Map<string, MetricDescriptor>;
  constructor(descriptors: MetricDescriptor[]) {
    this.byId = new Map(descriptors.map((d) => [d.id, d]));
  }
  get(id: string): MetricDescriptor | undefined {
    return this.byId.get(id);
  }
  /** Views of the descriptors present among `ids`, each labelled. */
  views(entries: [id: string, label: string][]): MetricView[] {
    return entries.flatMap(([id, label]) => {
      const d = this.byId.get(id);
      return d ? [viewOf(d, label)] : [];
    });
  }
}

/**
 * The panels of the Lambda functions whose descriptors carry these prefixes (`<prefix>-errors`,
 * `-throttles`, `-duration` of `PlatformFunction.metrics(prefix)`): invocations, errors and
 * throttles (alarmed; errors also through the live alias, which rolls a release back), concurrency, duration p50/p99 and the alarmed maximum. Each function is
 * labelled `labels[prefix]`; a prefix without descriptors is skipped.
 */
export function functionPanels(
  component: string,
  descriptors: Descriptors,
  labels: Record<string, string>,
): DashboardPanel[] {
  const fns = Object.entries(labels).flatMap(([prefix, label]) => {
    const errors = descriptors.get(`${prefix}-errors`);
    return errors ? [{ prefix, label, errors }] : [];
  });
  if (fns.length === 0) return [];
  const panel = (title: string, unit: string, metrics: MetricView[]): DashboardPanel => ({
    concern: "compute",
    title: `${component}: Lambda ${title}`,
    unit,
    periodSeconds: 60,
    metrics,
  });
  return [
    panel(
      "invocations",
      "count",
      fns.map((f) => sibling(f.errors, "Invocations", "Sum", f.label)),
    ),
    panel(
      "errors and throttles",
      "count",
      fns.flatMap((f) =>
        descriptors.views([
          [`${f.prefix}-errors`, `${f.label} errors`],
          [`${f.prefix}-release-errors`, `${f.label} errors (live alias)`],
          [`${f.prefix}-throttles`, `${f.label} throttles`],
        ]),
      ),
    ),
    panel(
      "concurrency",
      "count",
      fns.map((f) => sibling(f.errors, "ConcurrentExecutions", "Maximum", f.label)),
    ),
    panel(
      "duration",
      "ms",
      fns.flatMap((f) => {
        const max = descriptors.get(`${f.prefix}-duration`);
        return [
          sibling(f.errors, "Duration", "p50", `${f.label} p50`),
          sibling(f.errors, "Duration", "p99", `${f.label} p99`),
          ...(max ? [viewOf(max, `${f.label} max`)] : []),
        ];
      }),
    ),
  ].filter((p) => p.metrics.length > 0);
}

/**
 * Fargate panels of an ECS service whose CPU descriptor is `cpuId`: CPU (alarmed) and memory
 * utilisation, and running tasks (Container Insights, alarmed when `tasksId` is given).
 */
export function servicePanels(
  component: string,
  descriptors: Descriptors,
  ids: { cpu: string; tasks?: string; memory?: string },
  label: string,
): DashboardPanel[] {
  const cpu = descriptors.get(ids.cpu);
  if (!cpu) return [];
  const memory = ids.memory ? descriptors.get(ids.memory) : undefined;
  const tasks = ids.tasks ? descriptors.get(ids.tasks) : undefined;
  return [
    {
      concern: "compute",
      title: `${component}: ${label} CPU and memory`,
      unit: "%",
      periodSeconds: 60,
      metrics: [
        viewOf(cpu, "CPU"),
        memory ? viewOf(memory, "memory") : sibling(cpu, "MemoryUtilization", "Average", "memory"),
      ],
    },
    {
      concern: "compute",
      title: `${component}: ${label} running tasks`,
      unit: "count",
      periodSeconds: 60,
      metrics: [
        tasks
          ? viewOf(tasks, "running tasks")
          : sibling(cpu, "RunningTaskCount", "Minimum", "running tasks", { namespace: "ECS/ContainerInsights" }),
      ],
    },
  ];
}

/**
 * One panel per descriptor, its metric drawn with its alarm line: for a component without panels
 * of its own (CrossRegionLink, BucketReplication), so its signals are drawn with the same resolved
 * names as its alarms. Titled `<component>: <description without the component's prefix>`.
 */
export function descriptorPanels(
  concern: DashboardConcern,
  component: string,
  descriptors: MetricDescriptor[],
  periodSeconds?: number,
): DashboardPanel[] {
  return descriptors.map((d) => {
    const what = d.description.startsWith(`${component}: `) ? d.description.slice(component.length + 2) : d.id;
    return {
      concern,
      title: `${component}: ${what}`,
      ...(periodSeconds !== undefined ? { periodSeconds } : { periodSeconds: d.periodSeconds }),
      metrics: [viewOf(d, d.id)],
    };
  });
}
