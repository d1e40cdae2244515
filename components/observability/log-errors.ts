import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { invalidArg } from "../shared/errors";
import type { LogGroupRef, LogSource } from "../shared/log-groups";
import type { MetricDescriptor } from "../shared/metrics";

const COMPONENT = "ObservabilityStack";

/** The namespace of the application-error metrics the filters publish. */
export const APPLICATION_ERRORS_NAMESPACE = "TwinRegion/ApplicationErrors";

/**
 * What an application error is, per kind of log group, as a CloudWatch Logs JSON filter pattern:
 * - lambda, ecs: a Powertools Logger line (functions/shared/powertools.ts; the ECS tasks log the
 *   same way) at level ERROR or CRITICAL, Powertools' two error levels; Lambda's JSON log format
 *   writes its own errors (an uncaught "Invoke Error") with the same `level` field;
 * - api: an access-log line (components/ingestion/api/defaults.ts ACCESS_LOG_FORMAT) whose
 *   `status` is 5xx; the format writes it as a string, so a wildcard match, not a number;
 * - states: an execution that failed, timed out or was aborted (Step Functions' log event `type`).
 */
export const ERROR_PATTERNS: Record<LogSource, string> = {
  lambda: '{ ($.level = "ERROR") || ($.level = "CRITICAL") }',
  ecs: '{ ($.level = "ERROR") || ($.level = "CRITICAL") }',
  api: '{ $.status = "5*" }',
  states: '{ ($.type = "ExecutionFailed") || ($.type = "ExecutionTimedOut") || ($.type = "ExecutionAborted") }',
};

/** The alarm each filter's metric gets by default: any application error within 5 minutes. */
export const LOG_ERROR_ALARM_DEFAULTS = {
  statistic: "Sum",
  periodSeconds: 300,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
} as const;

/** Log group ids become metric names and descriptor ids: lower-case letters, digits and "-". */
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** CloudWatch metric names may not hold ":", "*" or "$" (PutMetricFilter). */
const METRIC_NAME = /^[^:*$]{1,255}$/;

export interface LogErrorFiltersArgs {
  /** The observed component's name: the metric names start with it (`prod-ingestion/consumer`). */
  component: string;
  /** The component's log groups (its `logGroups()`), ids unique. */
  logGroups: LogGroupRef[];
}

export interface LogErrorFilters {
  /** One metric filter per log group. */
  filters: aws.cloudwatch.LogMetricFilter[];
  /** One descriptor per filter's metric, id `<log group id>-log-errors`: alarm them. */
  metrics: MetricDescriptor[];
}

/**
 * A metric filter per log group of a component that counts its application errors
 * (`ERROR_PATTERNS` by the group's source) into `TwinRegion/ApplicationErrors`, metric
 * `<component>/<log group id>` (a metric filter cannot set a fixed dimension, so the group is in
 * the name), and the descriptors that alarm on them.
 */
export function createLogErrorFilters(
  name: string,
  args: LogErrorFiltersArgs,
  parent: pulumi.Resource,
): LogErrorFilters {
  const metrics = logErrorMetrics(args);
  const filters = args.logGroups.map(
    (group, i) =>
      new aws.cloudwatch.LogMetricFilter(
        `${name}-${group.id}-errors`,
        {
          logGroupName: group.name,
          pattern: ERROR_PATTERNS[group.source],
          metricTransformation: {
            namespace: APPLICATION_ERRORS_NAMESPACE,
            name: metrics[i]!.metricName,
            value: "1",
            defaultValue: "0",
            unit: "Count",
          },
        },
        { parent },
      ),
  );
  return { filters, metrics };
}

/** The descriptors of a component's application-error metrics, one per log group, in its order. */
export function logErrorMetrics(args: LogErrorFiltersArgs): MetricDescriptor[] {
  const { component, logGroups } = args;
  if (typeof component !== "string" || !METRIC_NAME.test(`${component}/`))
    throw invalidArg(
      COMPONENT,
      "component",
      `${JSON.stringify(component)} cannot start a metric name (no ":", "*" or "$")`,
    );
  const seen = new Set<string>();
  for (const group of logGroups) {
    if (!ID.test(group.id))
      throw invalidArg(
        COMPONENT,
        "logGroups",
        `id ${JSON.stringify(group.id)} of ${component} is not lower-case words joined by "-"`,
      );
    if (!METRIC_NAME.test(`${component}/${group.id}`))
      throw invalidArg(COMPONENT, "logGroups", `metric name "${component}/${group.id}" is longer than 255 characters`);
    if (seen.has(group.id)) throw invalidArg(COMPONENT, "logGroups", `id "${group.id}" of ${component} appears twice`);
    seen.add(group.id);
    if (!(group.source in ERROR_PATTERNS))
      throw invalidArg(
        COMPONENT,
        "logGroups",
        `"${group.id}" has source ${JSON.stringify(group.source)}, not lambda, ecs, api or states`,
      );
  }
  return logGroups.map((group) => ({
    ...LOG_ERROR_ALARM_DEFAULTS,
    id: `${group.id}-log-errors`,
    description: `${component}: application errors logged by ${group.id} (${group.source})`,
    namespace: APPLICATION_ERRORS_NAMESPACE,
    metricName: `${component}/${group.id}`,
    dimensions: {},
    treatMissingData: "notBreaching",
  }));
}
