import type * as pulumi from "@pulumi/pulumi";
import type { MetricDescriptor } from "../shared/metrics";

/**
 * A Route 53 health check's status as a metric descriptor (AWS/Route53 HealthCheckStatus: 1
 * healthy, 0 not). Route 53 publishes it in us-east-1 only (HEALTH_CHECK_METRICS_REGION): alarm
 * it there, through an AlarmSet whose provider is in us-east-1.
 */
export function healthCheckStatusMetric(
  id: string,
  healthCheckId: pulumi.Input<string>,
  what: string,
  periodSeconds: number,
): MetricDescriptor {
  return {
    id,
    description: `${what}: the Route 53 health check reports unhealthy (traffic fails over)`,
    namespace: "AWS/Route53",
    metricName: "HealthCheckStatus",
    dimensions: { HealthCheckId: healthCheckId },
    statistic: "Minimum",
    periodSeconds,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "LessThanThreshold",
  };
}
