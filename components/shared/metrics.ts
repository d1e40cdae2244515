import type * as pulumi from "@pulumi/pulumi";
import { invalidArg } from "./errors";

/**
 * A health signal a component exposes, with the statistic, period and default threshold that make
 * it an alarm. ObservabilityStack (components/observability) turns descriptors into alarms, a
 * region-health composite and dashboards (AlarmSet, into alarms alone); components never
 * hard-code alarms, and every threshold can be overridden.
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
  /**
   * The alarm's exact name, for a resource that names the alarm before it exists (a CodeDeploy
   * deployment group rolls back on it). @default the provider's auto-name
   */
  alarmName?: string;
}

/**
 * Alarm threshold overrides of a component, by metric id: the one way to set a threshold. Each
 * component exports its ids as a union type (`IngestionPipelineMetricId`, …), so an override for
 * a metric that does not exist fails to compile, and is rejected when the component is created.
 */
export type Thresholds<Id extends string> = Partial<Record<Id, number>>;

/**
 * Checks a component's `thresholds` arg against its metric ids, before anything is created:
 * an unknown id, or a value that is not a finite number, stops the program naming both.
 */
export function checkThresholds<Id extends string>(
  component: string,
  ids: readonly Id[],
  thresholds: Thresholds<Id> | undefined,
): Thresholds<Id> {
  const given = (thresholds ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(given).filter((id) => !(ids as readonly string[]).includes(id));
  if (unknown.length) {
    throw invalidArg(
      component,
      "thresholds",
      `no metric ${unknown.map((u) => `"${u}"`).join(", ")}; its metrics are ${ids.join(", ")}`,
    );
  }
  for (const [id, value] of Object.entries(given)) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw invalidArg(component, `thresholds["${id}"]`, `${JSON.stringify(value)} is not a number`);
    }
  }
  return given as Thresholds<Id>;
}

/** The descriptors with the overrides applied. */
export function applyThresholds(descriptors: MetricDescriptor[], overrides: Thresholds<string>): MetricDescriptor[] {
  return descriptors.map((d) => (overrides[d.id] !== undefined ? { ...d, threshold: overrides[d.id]! } : d));
}

/** The overrides of a component's sub-component: those of its ids. */
export function subset<Id extends string>(thresholds: Thresholds<string>, ids: readonly Id[]): Thresholds<Id> {
  return Object.fromEntries(
    Object.entries(thresholds).filter(([id]) => (ids as readonly string[]).includes(id)),
  ) as Thresholds<Id>;
}
