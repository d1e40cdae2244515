/**
 * Audit rules (the observability group): a trail records the global services' events, and the
 * account's multi-Region trail feeds a log group that carries the CIS metric filters, each with an
 * alarm that notifies someone (AWS Security Hub CloudWatch.1-14).
 */
import {
  CIS_FILTER_IDS,
  CIS_METRIC_FILTERS,
  REQUIRED_CIS_FILTER_IDS,
  normalizedFilterPattern,
  type CisFilterId,
} from "../baseline/audit";
import { asArray, label, resourceRule, stackRule } from "./helpers";
import { LOG_GROUP, METRIC_ALARM, TRAIL } from "./observability";
import type { StackResourceView, StackView } from "./types";

export const METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";

/** The log group name in a CloudWatch Logs log-group ARN (`arn:…:log-group:<name>[:*]`). */
export function logGroupNameOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  return /:log-group:([^:]+)/.exec(arn)?.[1];
}

/** The metric filters on the trail's log group: by the group's name, or through the log group resource. */
function filtersOnTrailLogGroup(stack: StackView, trail: StackResourceView): StackResourceView[] {
  const groupName = logGroupNameOfArn(trail.props.cloudWatchLogsGroupArn);
  const groupUrns = (trail.propertyDependencies.cloudWatchLogsGroupArn ?? []).filter(
    (urn) => stack.byUrn(urn)?.type === LOG_GROUP,
  );
  return stack
    .ofType(METRIC_FILTER)
    .filter(
      (f) =>
        (groupName !== undefined && f.props.logGroupName === groupName) ||
        (f.propertyDependencies.logGroupName ?? []).some((urn) => groupUrns.includes(urn)),
    );
}

/** Does an alarm watch the filter's metric and notify someone in the ALARM state? */
function alarmsMetric(alarm: StackResourceView, filter: StackResourceView): boolean {
  const t = filter.props.metricTransformation ?? {};
  return (
    alarm.props.metricName === t.name &&
    alarm.props.namespace === t.namespace &&
    alarm.props.actionsEnabled !== false &&
    asArray(alarm.props.alarmActions).length > 0
  );
}

export interface CisFiltersConfig {
  requiredFilters: CisFilterId[];
}

export const auditRules = [
  resourceRule({
    name: "cloudtrail-global-service-events",
    description:
      "[CloudTrail.1, CIS 3.1] CloudTrail trails record global service events (IAM, STS, CloudFront): without them the CIS filters for root use and IAM policy changes see nothing, and AWS rejects a multi-Region trail that leaves them out.",
    group: "observability",
    severity: "medium",
    resourceTypes: [TRAIL],
    remediation: "Leave includeGlobalServiceEvents unset or set it to true.",
    check: (r) =>
      r.props.includeGlobalServiceEvents === false &&
      `${label(r)} does not record global service events (includeGlobalServiceEvents false): IAM and STS calls go unseen`,
  }),
  stackRule<CisFiltersConfig>({
    name: "cloudtrail-cis-metric-filters",
    description: `[CloudWatch.1-14] The log group of every multi-Region trail that delivers to CloudWatch Logs has the CIS metric filters, with the exact patterns Security Hub checks (by default ${REQUIRED_CIS_FILTER_IDS.map((id) => CIS_METRIC_FILTERS[id].control).join(", ")}), each with a CloudWatch alarm on its metric that notifies someone.`,
    group: "observability",
    severity: "medium",
    remediation:
      "Create the filters with createCisMetricFilters (components/observability/cis-filters.ts) on the trail's log group: an aws.cloudwatch.LogMetricFilter per CIS pattern, and an aws.cloudwatch.MetricAlarm on its metric (same metricName and namespace) with the alarm topic as alarmAction.",
    config: {
      schema: {
        properties: {
          requiredFilters: {
            type: "array",
            items: { type: "string", enum: [...CIS_FILTER_IDS] },
            description: "The CIS filters (by id, e.g. root-account-usage) the trail's log group must have.",
          },
        },
      },
      defaults: { requiredFilters: [...REQUIRED_CIS_FILTER_IDS] },
    },
    check: (stack, config) =>
      stack
        .ofType(TRAIL)
        .filter((t) => t.props.isMultiRegionTrail === true && !!t.props.cloudWatchLogsGroupArn)
        .flatMap((trail) => {
          const filters = filtersOnTrailLogGroup(stack, trail);
          const alarms = stack.ofType(METRIC_ALARM);
          const group = logGroupNameOfArn(trail.props.cloudWatchLogsGroupArn) ?? "of the trail";
          return config.requiredFilters.flatMap((id) => {
            const wanted = CIS_METRIC_FILTERS[id];
            if (!wanted) return [];
            const pattern = normalizedFilterPattern(wanted.pattern);
            const matching = filters.filter(
              (f) => typeof f.props.pattern === "string" && normalizedFilterPattern(f.props.pattern) === pattern,
            );
            if (matching.length === 0) {
              return [
                {
                  message: `${label(trail)}: log group "${group}" has no metric filter for [${wanted.control}] ${id} (pattern ${wanted.pattern})`,
                  urn: trail.urn,
                },
              ];
            }
            if (matching.some((f) => alarms.some((a) => alarmsMetric(a, f)))) return [];
            const t = matching[0]!.props.metricTransformation ?? {};
            return [
              {
                message: `${label(matching[0]!)} ([${wanted.control}] ${id}) has no alarm on its metric ${t.namespace}/${t.name} that notifies anyone (alarmActions)`,
                urn: matching[0]!.urn,
              },
            ];
          });
        }),
  }),
];
