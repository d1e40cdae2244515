import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { MetricDescriptor } from "../shared/metrics";

/** Every metric id `ResilientWebTier.metrics()` can describe and `thresholds` can override. */
export const WEB_TIER_METRIC_IDS = [
  "status-errors",
  "status-throttles",
  "status-duration",
  "status-release-errors",
  "alb-5xx",
  "target-5xx",
  "target-response-time",
  "unhealthy-hosts",
  "unhealthy-hosts-green",
  "service-cpu",
  "service-memory",
  "running-tasks",
  "database-cpu",
  "database-replication-lag",
  "cache-cpu",
  "cache-evictions",
  "file-system-throughput",
] as const;
export type WebTierMetricId = (typeof WEB_TIER_METRIC_IDS)[number];
/** The same ids, under the name the other components' ids follow (`<Component>MetricId`). */
export type ResilientWebTierMetricId = WebTierMetricId;

export interface WebTierMetricSources {
  loadBalancer: aws.lb.LoadBalancer;
  targetGroup: aws.lb.TargetGroup;
  /** Blue/green releases: the second target group, which serves production after every other release. */
  greenTargetGroup?: aws.lb.TargetGroup;
  cluster: aws.ecs.Cluster;
  service: aws.ecs.Service;
  databaseClusterIdentifier: pulumi.Output<string>;
  /** Replication lag is reported by the secondary cluster (AuroraGlobalDBReplicationLag). */
  isSecondary: boolean;
  cacheNodeIds: pulumi.Output<string[]>;
  fileSystemId: pulumi.Output<string>;
}

type Signal = Omit<MetricDescriptor, "comparisonOperator"> & {
  comparisonOperator?: MetricDescriptor["comparisonOperator"];
};
const over = (s: Signal): MetricDescriptor => ({ comparisonOperator: "GreaterThanOrEqualToThreshold", ...s });

/** The load balancer's and target groups' signals: what a release is judged by (components/web/release.ts). */
export function loadBalancerSignals(
  name: string,
  src: Pick<WebTierMetricSources, "loadBalancer" | "targetGroup" | "greenTargetGroup">,
): MetricDescriptor[] {
  const lb = { LoadBalancer: src.loadBalancer.arnSuffix };
  const target = { ...lb, TargetGroup: src.targetGroup.arnSuffix };
  const green = src.greenTargetGroup;
  const five = { periodSeconds: 60, evaluationPeriods: 5 };
  return [
    over({
      id: "alb-5xx",
      description: `${name}: 5xx answered by the load balancer itself`,
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions: lb,
      statistic: "Sum",
      ...five,
      threshold: 10,
    }),
    over({
      id: "target-5xx",
      description: `${name}: 5xx answered by the application`,
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: lb,
      statistic: "Sum",
      ...five,
      threshold: 10,
    }),
    over({
      id: "target-response-time",
      description: `${name}: average time the application takes to answer (s)`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: lb,
      statistic: "Average",
      ...five,
      threshold: 1,
    }),
    over({
      id: "unhealthy-hosts",
      description: `${name}: tasks failing the load balancer's health check`,
      namespace: "AWS/ApplicationELB",
      metricName: "UnHealthyHostCount",
      dimensions: target,
      statistic: "Maximum",
      ...five,
      threshold: 1,
    }),
    // CodeDeploy moves production between the two groups at each release: both are watched.
    ...(green
      ? [
          over({
            id: "unhealthy-hosts-green",
            description: `${name}: tasks failing the health check in the second (blue/green) target group`,
            namespace: "AWS/ApplicationELB",
            metricName: "UnHealthyHostCount",
            dimensions: { ...lb, TargetGroup: green.arnSuffix },
            statistic: "Maximum",
            ...five,
            threshold: 1,
          }),
        ]
      : []),
  ];
}

/** The web tier's health signals, named from the resources' resolved names and dimensions. */
export function webTierSignals(name: string, src: WebTierMetricSources): MetricDescriptor[] {
  const service = { ClusterName: src.cluster.name, ServiceName: src.service.name };
  const db = { DBClusterIdentifier: src.databaseClusterIdentifier };
  // Redis publishes per node; the first member is the primary at creation (failover moves it, the alarm stays useful on either).
  const node = { CacheClusterId: src.cacheNodeIds.apply((ids) => ids[0] ?? "") };
  const five = { periodSeconds: 60, evaluationPeriods: 5 };
  return [
    ...loadBalancerSignals(name, src),
    over({
      id: "service-cpu",
      description: `${name}: the service's average CPU (%)`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: service,
      statistic: "Average",
      ...five,
      threshold: 85,
    }),
    over({
      id: "service-memory",
      description: `${name}: the service's average memory (%)`,
      namespace: "AWS/ECS",
      metricName: "MemoryUtilization",
      dimensions: service,
      statistic: "Average",
      ...five,
      threshold: 85,
    }),
    {
      id: "running-tasks",
      description: `${name}: tasks running (container insights)`,
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: service,
      statistic: "Minimum",
      ...five,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
    },
    over({
      id: "database-cpu",
      description: `${name}: the database cluster's CPU (%)`,
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: db,
      statistic: "Maximum",
      ...five,
      threshold: 80,
    }),
    ...(src.isSecondary
      ? [
          over({
            id: "database-replication-lag",
            description: `${name}: how far this region's cluster trails the primary (ms)`,
            namespace: "AWS/RDS",
            metricName: "AuroraGlobalDBReplicationLag",
            dimensions: db,
            statistic: "Maximum",
            ...five,
            threshold: 1000,
          }),
        ]
      : []),
    over({
      id: "cache-cpu",
      description: `${name}: Redis engine CPU (%)`,
      namespace: "AWS/ElastiCache",
      metricName: "EngineCPUUtilization",
      dimensions: node,
      statistic: "Average",
      ...five,
      threshold: 80,
    }),
    over({
      id: "cache-evictions",
      description: `${name}: keys Redis evicted for memory`,
      namespace: "AWS/ElastiCache",
      metricName: "Evictions",
      dimensions: node,
      statistic: "Sum",
      ...five,
      threshold: 100,
    }),
    over({
      id: "file-system-throughput",
      description: `${name}: share of the file system's permitted throughput in use (%)`,
      namespace: "AWS/EFS",
      metricName: "PercentIOLimit",
      dimensions: { FileSystemId: src.fileSystemId },
      statistic: "Maximum",
      ...five,
      threshold: 90,
    }),
  ];
}
