import type * as pulumi from "@pulumi/pulumi";
import {
  Descriptors,
  functionPanels,
  servicePanels,
  sibling,
  viewOf,
  type DashboardPanel,
  type MetricView,
} from "../shared/dashboard";
import type { MetricDescriptor } from "../shared/metrics";

/** What the web tier's panels need beyond its descriptors. */
export interface WebTierDashboardSources {
  /** The Redis replication group's member clusters (ElastiCache publishes per node). */
  cacheNodeIds: pulumi.Output<string[]>;
  /** How many nodes the replication group has (`CACHE_DEFAULTS.nodes`): one line per node. */
  cacheNodes: number;
}

/**
 * ResilientWebTier's panels (`ResilientWebTier.dashboardMetrics()`), from its descriptors (the load
 * balancer's and target group's ARN suffixes, the ECS service, the Aurora cluster id, the Redis
 * nodes):
 * - web: ALB requests, 5xx (load balancer and application), target response time p50/p90/p99,
 *   healthy and unhealthy hosts, Aurora CPU and replication lag, Redis CPU and evictions per node,
 *   EFS throughput;
 * - compute: the service's Fargate (or EC2) tasks, and the status Lambda.
 */
export function webTierPanels(
  component: string,
  descriptors: MetricDescriptor[],
  src: WebTierDashboardSources,
): DashboardPanel[] {
  const d = new Descriptors(descriptors);
  const panels: DashboardPanel[] = [];
  const web = (title: string, unit: string, metrics: MetricView[]) =>
    panels.push({ concern: "web", title: `${component}: ${title}`, unit, periodSeconds: 60, metrics });

  const alb5xx = d.get("alb-5xx");
  if (alb5xx) web("load balancer requests", "count", [sibling(alb5xx, "RequestCount", "Sum", "requests")]);
  web(
    "5xx answers",
    "count",
    d.views([
      ["alb-5xx", "load balancer 5xx"],
      ["target-5xx", "application 5xx"],
    ]),
  );
  const responseTime = d.get("target-response-time");
  if (responseTime)
    web("target response time", "s", [
      sibling(responseTime, "TargetResponseTime", "p50", "p50"),
      sibling(responseTime, "TargetResponseTime", "p90", "p90"),
      sibling(responseTime, "TargetResponseTime", "p99", "p99"),
      viewOf(responseTime, "average"),
    ]);
  const unhealthy = d.get("unhealthy-hosts");
  const unhealthyGreen = d.get("unhealthy-hosts-green");
  if (unhealthy)
    web("healthy and unhealthy hosts", "count", [
      sibling(unhealthy, "HealthyHostCount", "Minimum", unhealthyGreen ? "healthy (blue)" : "healthy"),
      viewOf(unhealthy, unhealthyGreen ? "unhealthy (blue)" : "unhealthy"),
      ...(unhealthyGreen
        ? [
            sibling(unhealthyGreen, "HealthyHostCount", "Minimum", "healthy (green)"),
            viewOf(unhealthyGreen, "unhealthy (green)"),
          ]
        : []),
    ]);
  web("Aurora CPU", "%", d.views([["database-cpu", "cluster CPU"]]));
  const dbCpu = d.get("database-cpu");
  if (dbCpu)
    web("Aurora replication lag", "ms", [
      sibling(dbCpu, "AuroraReplicaLagMaximum", "Maximum", "replicas in this cluster"),
      ...d.views([["database-replication-lag", "behind the primary region"]]),
    ]);
  const cacheCpu = d.get("cache-cpu");
  const evictions = d.get("cache-evictions");
  if (cacheCpu && evictions) {
    const nodes = Array.from({ length: src.cacheNodes }, (_, i) => ({
      label: `node ${i + 1}`,
      dimensions: {
        CacheClusterId: src.cacheNodeIds.apply((ids) => {
          if (ids[i] === undefined) throw new Error(`${component}: the cache has no member cluster ${i + 1}`);
          return ids[i];
        }),
      },
    }));
    // The descriptors watch the first node (the primary at creation); the others are drawn beside it.
    web("Redis engine CPU", "%", [
      viewOf(cacheCpu, `${nodes[0]!.label} (alarmed)`),
      ...nodes.slice(1).map((n) => sibling(cacheCpu, cacheCpu.metricName, cacheCpu.statistic, n.label, n)),
    ]);
    web("Redis evictions", "count", [
      viewOf(evictions, `${nodes[0]!.label} (alarmed)`),
      ...nodes.slice(1).map((n) => sibling(evictions, evictions.metricName, evictions.statistic, n.label, n)),
    ]);
  }
  web("EFS throughput used", "%", d.views([["file-system-throughput", "share of permitted throughput"]]));

  panels.push(
    ...servicePanels(component, d, { cpu: "service-cpu", memory: "service-memory", tasks: "running-tasks" }, "tasks"),
    ...functionPanels(component, d, { status: "status function" }),
  );
  return panels.filter((p) => p.metrics.length > 0);
}
