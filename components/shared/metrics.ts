import type * as pulumi from "@pulumi/pulumi";

/**
 * A health signal a component exposes, with the statistic, period and default threshold that make
 * it an alarm. ObservabilityStack (and the stacks' alarm set) turn descriptors into alarms and
 * dashboards; components never hard-code alarms, and every threshold can be overridden.
 */
export interface MetricDescriptor {
  /** Stable id, unique within the component (`consumer-errors`). */
  id: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
  periodSeconds: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator:
    "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  /** @default "notBreaching" */
  treatMissingData?: "missing" | "ignore" | "breaching" | "notBreaching";
}

/** Threshold overrides by descriptor id. */
export type ThresholdOverrides = Record<string, number>;

export function withThresholds(
  descriptors: MetricDescriptor[],
  overrides: ThresholdOverrides = {},
): MetricDescriptor[] {
  const ids = new Set(descriptors.map((d) => d.id));
  const unknown = Object.keys(overrides).filter((id) => !ids.has(id));
  if (unknown.length)
    throw new Error(
      `thresholds: no metric ${unknown.map((u) => `"${u}"`).join(", ")} (metrics: ${[...ids].join(", ")})`,
    );
  return descriptors.map((d) => (d.id in overrides ? { ...d, threshold: overrides[d.id]! } : d));
}
