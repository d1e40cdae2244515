/**
 * The CIS AWS Foundations Benchmark metric filters on CloudTrail's log group (AWS Security Hub
 * CloudWatch.1-14), each counting its events into a metric of our namespace, with an alarm that
 * notifies the region's topic when one event happens in five minutes.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { MetricDescriptor } from "../shared/metrics";
import { invalidArg } from "../shared/errors";
import { metricAlarmArgs } from "./alarm-set";
import {
  CIS_ALARM_DEFAULTS,
  CIS_FILTER_IDS,
  CIS_METRIC_FILTERS,
  REQUIRED_CIS_FILTER_IDS,
  type CisFilterId,
} from "./trail-defaults";

export interface CisMetricFiltersArgs {
  /** The trail's CloudWatch Logs log group. */
  logGroupName: pulumi.Input<string>;
  /** The region's alarm topic: every filter's alarm notifies it (ALARM and OK). */
  alarmTopicArn: pulumi.Input<string>;
  /**
   * Which filters, by id. The seven the platform requires (REQUIRED_CIS_FILTER_IDS) cannot be left out.
   * @default all fourteen (CloudWatch.1-14)
   */
  filters?: readonly CisFilterId[];
  /**
   * Create an alarm per filter here. `false` when the caller turns `metrics` into alarms itself
   * (one alarm per metric either way, never two).
   * @default true
   */
  createAlarms?: boolean;
}

export interface CisMetricFilters {
  filters: aws.cloudwatch.LogMetricFilter[];
  /** One per filter, in the same order; empty with `createAlarms: false`. */
  alarms: aws.cloudwatch.MetricAlarm[];
  /** The filters' metrics as health signals (threshold 1, Sum over 5 minutes). */
  metrics: MetricDescriptor[];
}

/**
 * The metric descriptor of a CIS filter: `<namespace>/<metricName>` without dimensions, Sum over 5
 * minutes, alarm at 1 or more. The description names the Security Hub control.
 */
export function cisMetricDescriptor(id: CisFilterId): MetricDescriptor {
  const f = CIS_METRIC_FILTERS[id];
  return {
    id: `cis-${id}`,
    description: `[${f.control}] ${f.cis}: ${f.description}`,
    namespace: CIS_ALARM_DEFAULTS.metricNamespace,
    metricName: f.metricName,
    dimensions: {},
    statistic: CIS_ALARM_DEFAULTS.statistic,
    periodSeconds: CIS_ALARM_DEFAULTS.periodSeconds,
    evaluationPeriods: CIS_ALARM_DEFAULTS.evaluationPeriods,
    threshold: CIS_ALARM_DEFAULTS.threshold,
    comparisonOperator: CIS_ALARM_DEFAULTS.comparisonOperator,
    treatMissingData: CIS_ALARM_DEFAULTS.treatMissingData,
  };
}

/** The filter ids, checked: known, each once, and the required ones all there. */
export function checkedCisFilterIds(component: string, given: readonly CisFilterId[] | undefined): CisFilterId[] {
  if (given === undefined) return [...CIS_FILTER_IDS];
  if (!Array.isArray(given)) throw invalidArg(component, "cisFilters", `${JSON.stringify(given)} is not a list of ids`);
  const unknown = given.filter((id) => !(CIS_FILTER_IDS as readonly string[]).includes(id));
  if (unknown.length) {
    throw invalidArg(
      component,
      "cisFilters",
      `no CIS filter ${unknown.map((u) => JSON.stringify(u)).join(", ")}; the filters are ${CIS_FILTER_IDS.join(", ")}`,
    );
  }
  const twice = given.find((id, i) => given.indexOf(id) !== i);
  if (twice) throw invalidArg(component, "cisFilters", `"${twice}" is listed twice`);
  const missing = REQUIRED_CIS_FILTER_IDS.filter((id) => !given.includes(id));
  if (missing.length) {
    throw invalidArg(
      component,
      "cisFilters",
      `${missing.map((m) => `"${m}"`).join(", ")} cannot be left out: the platform requires ${REQUIRED_CIS_FILTER_IDS.join(", ")}`,
    );
  }
  // Control order, whatever order they were given in.
  return CIS_FILTER_IDS.filter((id) => given.includes(id));
}

/** The CIS metric filters on the trail's log group, and their alarms. Children of `parent`. */
export function createCisMetricFilters(
  name: string,
  args: CisMetricFiltersArgs,
  parent: pulumi.Resource,
): CisMetricFilters {
  const ids = checkedCisFilterIds("CisMetricFilters", args.filters);
  const metrics = ids.map(cisMetricDescriptor);
  const filters = ids.map(
    (id) =>
      new aws.cloudwatch.LogMetricFilter(
        `${name}-cis-${id}`,
        {
          logGroupName: args.logGroupName,
          pattern: CIS_METRIC_FILTERS[id].pattern,
          metricTransformation: {
            name: CIS_METRIC_FILTERS[id].metricName,
            namespace: CIS_ALARM_DEFAULTS.metricNamespace,
            value: CIS_ALARM_DEFAULTS.metricValue,
          },
        },
        { parent },
      ),
  );
  const alarms =
    args.createAlarms === false
      ? []
      : metrics.map(
          (m, i) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${m.id}`, metricAlarmArgs(m, args.alarmTopicArn), {
              parent,
              // The metric exists once its filter does.
              dependsOn: [filters[i]!],
            }),
        );
  return { filters, alarms, metrics };
}
