/**
 * Logging, auditing, tracing and alarm rules: log groups kept and encrypted, CloudTrail complete
 * and tamper-evident, Step Functions logged and traced, alarms that notify someone, and an alarm
 * on every component that can fail on its own.
 */
import type { AnyRule } from "./types";
import { DELIVERY_LOG_GROUP_CLASS, LOG_RETENTION, NEVER_EXPIRE, SFN_LOG_LEVELS } from "../baseline/observability";
import { ALARMABLE_KINDS, alarmCoverage, METRIC_ALARM } from "./alarm-coverage";
import { asArray, label, resourceRule, stackRule } from "./helpers";

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const TRAIL = "aws:cloudtrail/trail:Trail";
export const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
export { METRIC_ALARM };
export const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

/** The kinds the coverage rule requires an alarm on (alarm-coverage.ts reports every kind). */
const ENFORCED_KINDS = ALARMABLE_KINDS.filter((k) => k.enforced);
const listed = (words: string[], last: "and" | "or") => `${words.slice(0, -1).join(", ")} ${last} ${words.at(-1)}`;

/** Does the log group keep its events forever (`retentionInDays` 0 or unset)? */
export const neverExpires = (props: Record<string, any>) =>
  props.retentionInDays === undefined ||
  props.retentionInDays === null ||
  Number(props.retentionInDays) === NEVER_EXPIRE;

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === "object";

/** Why a trail does not record every read and write management event, if it does not. */
function managementEventGaps(props: Record<string, any>): string[] {
  const basic = asArray<any>(props.eventSelectors).filter(isObject);
  const advanced = asArray<any>(props.advancedEventSelectors).filter(isObject);
  const gaps: string[] = [];
  if (basic.length > 0) {
    const all = basic.filter((e) => e.includeManagementEvents !== false && (e.readWriteType ?? "All") === "All");
    if (all.length === 0) gaps.push("no event selector records read and write management events");
    const excluded = all.flatMap((e) => asArray<string>(e.excludeManagementEventSources));
    if (all.length > 0 && all.every((e) => asArray(e.excludeManagementEventSources).length > 0))
      gaps.push(`management events of ${excluded.join(", ")} are excluded`);
  } else if (advanced.length > 0) {
    const management = advanced.filter((sel) => {
      const fields = asArray<any>(sel.fieldSelectors).filter(isObject);
      const category = fields.find((f) => f.field === "eventCategory");
      const readOnly = fields.some((f) => f.field === "readOnly");
      const otherFilters = fields.some((f) => f.field === "eventSource");
      return asArray(category?.equals).includes("Management") && !readOnly && !otherFilters;
    });
    if (management.length === 0) gaps.push("no advanced event selector records all read and write management events");
  }
  return gaps;
}

export interface RetentionConfig {
  minRetentionDays: number;
  allowNeverExpire: boolean;
}

export const observabilityRules: AnyRule[] = [
  resourceRule<RetentionConfig>({
    name: "cloudwatch-log-group-retention",
    description: `[CloudWatch.16] CloudWatch log groups keep their events at least minRetentionDays (default ${LOG_RETENTION.minRetentionDays}); never-expire (retentionInDays 0 or unset) complies, as in CloudWatch.16, unless allowNeverExpire is false.`,
    group: "observability",
    severity: "medium",
    resourceTypes: [LOG_GROUP],
    remediation: `Set retentionInDays to ${LOG_RETENTION.defaultRetentionDays} or more (one of the values CloudWatch Logs accepts, e.g. 365, 400, 545, 731).`,
    config: {
      schema: {
        properties: {
          minRetentionDays: {
            type: "integer",
            minimum: 1,
            description: "The shortest retention a log group may have, in days.",
          },
          allowNeverExpire: {
            type: "boolean",
            description: "Whether log groups that never expire (retentionInDays 0 or unset) comply.",
          },
        },
      },
      defaults: { minRetentionDays: LOG_RETENTION.minRetentionDays, allowNeverExpire: LOG_RETENTION.allowNeverExpire },
    },
    check: (r, config) => {
      // AWS fixes DELIVERY-class retention at 2 days; the events are kept where they are delivered.
      if (r.props.logGroupClass === DELIVERY_LOG_GROUP_CLASS) return undefined;
      if (neverExpires(r.props))
        return (
          !config.allowNeverExpire &&
          `${label(r)} never expires its events (retentionInDays ${r.props.retentionInDays ?? "unset"}); set a retention of at least ${config.minRetentionDays} days`
        );
      const days = Number(r.props.retentionInDays);
      return (
        days < config.minRetentionDays &&
        `${label(r)} keeps events ${days} days, less than the required ${config.minRetentionDays}`
      );
    },
  }),
  resourceRule({
    name: "cloudwatch-log-group-kms",
    description:
      "CloudWatch log groups are encrypted with a customer-managed KMS key (kmsKeyId), not only the service's default encryption.",
    group: "observability",
    severity: "medium",
    resourceTypes: [LOG_GROUP],
    remediation:
      "Set kmsKeyId to the region's CMK ARN (its key policy must allow logs.<region>.amazonaws.com for this account's log groups).",
    check: (r) => !r.props.kmsKeyId && `${label(r)} has no kmsKeyId (not encrypted with a customer-managed key)`,
  }),
  resourceRule({
    name: "cloudtrail-multi-region",
    description:
      "[CloudTrail.1] CloudTrail trails are multi-Region, logging, and record all read and write management events.",
    group: "observability",
    severity: "high",
    resourceTypes: [TRAIL],
    remediation:
      'Set isMultiRegionTrail: true and enableLogging: true, and keep (or add) an event selector with readWriteType "All" and includeManagementEvents true, without excluded event sources.',
    check: (r) => {
      const out: string[] = [];
      if (r.props.isMultiRegionTrail !== true)
        out.push(
          `${label(r)} is not a multi-Region trail (isMultiRegionTrail ${JSON.stringify(r.props.isMultiRegionTrail ?? "unset")})`,
        );
      if (r.props.enableLogging === false) out.push(`${label(r)} has logging turned off (enableLogging false)`);
      out.push(...managementEventGaps(r.props).map((gap) => `${label(r)}: ${gap}`));
      return out;
    },
  }),
  resourceRule({
    name: "cloudtrail-log-file-validation",
    description: "[CloudTrail.4] CloudTrail log file validation is on, so tampering with delivered logs is detectable.",
    group: "observability",
    severity: "medium",
    resourceTypes: [TRAIL],
    remediation: "Set enableLogFileValidation: true.",
    check: (r) =>
      r.props.enableLogFileValidation !== true &&
      `${label(r)} does not validate log files (enableLogFileValidation ${JSON.stringify(r.props.enableLogFileValidation ?? "unset")})`,
  }),
  resourceRule({
    name: "cloudtrail-kms-encryption",
    description: "[CloudTrail.2] CloudTrail encrypts its log files at rest with a KMS key (SSE-KMS).",
    group: "observability",
    severity: "medium",
    resourceTypes: [TRAIL],
    remediation:
      "Set kmsKeyId to a CMK whose key policy lets cloudtrail.amazonaws.com encrypt for this trail (aws:SourceArn).",
    check: (r) => !r.props.kmsKeyId && `${label(r)} has no kmsKeyId (log files are not encrypted with KMS)`,
  }),
  resourceRule({
    name: "cloudtrail-cloudwatch-logs",
    description:
      "[CloudTrail.5] CloudTrail delivers its events to CloudWatch Logs (log group and delivery role), for metric filters and alarms.",
    group: "observability",
    severity: "low",
    resourceTypes: [TRAIL],
    remediation:
      "Set cloudWatchLogsGroupArn (the log group ARN with :*) and cloudWatchLogsRoleArn (a role cloudtrail.amazonaws.com assumes to write to it).",
    check: (r) => {
      const missing = ["cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"].filter((k) => !r.props[k]);
      return missing.length > 0 && `${label(r)} does not deliver to CloudWatch Logs (no ${missing.join(", ")})`;
    },
  }),
  resourceRule({
    name: "sfn-logging",
    description: `[StepFunctions.1] Step Functions state machines log to CloudWatch Logs at level ${SFN_LOG_LEVELS.join(" or ")}.`,
    group: "observability",
    severity: "medium",
    resourceTypes: [STATE_MACHINE],
    remediation: `Set loggingConfiguration { level: "${SFN_LOG_LEVELS[0]}" (or "ERROR"), includeExecutionData, logDestination: \`\${logGroup.arn}:*\` }.`,
    check: (r) => {
      const logging = r.props.loggingConfiguration ?? {};
      const out: string[] = [];
      if (!SFN_LOG_LEVELS.includes(logging.level))
        out.push(
          `${label(r)} logs at level ${JSON.stringify(logging.level ?? "OFF")}, not ${SFN_LOG_LEVELS.join(" or ")}`,
        );
      if (!logging.logDestination) out.push(`${label(r)} has no logDestination log group`);
      else if (typeof logging.logDestination === "string" && !logging.logDestination.endsWith(":*")) {
        out.push(
          `${label(r)} logDestination ${JSON.stringify(logging.logDestination)} must be a log group ARN ending in ":*"`,
        );
      }
      return out;
    },
  }),
  resourceRule({
    name: "sfn-xray-tracing",
    description:
      "Step Functions state machines have X-Ray tracing on (tracingConfiguration.enabled), as Lambda and API Gateway do.",
    group: "observability",
    severity: "low",
    resourceTypes: [STATE_MACHINE],
    remediation:
      "Set tracingConfiguration: { enabled: true } and allow xray:PutTraceSegments, xray:PutTelemetryRecords and xray:GetSampling* in the state machine's role.",
    check: (r) =>
      r.props.tracingConfiguration?.enabled !== true &&
      `${label(r)} does not trace with X-Ray (tracingConfiguration.enabled ${JSON.stringify(r.props.tracingConfiguration?.enabled ?? "unset")})`,
  }),
  resourceRule({
    name: "cloudwatch-alarm-actions",
    description:
      "[CloudWatch.15] CloudWatch alarms (metric and composite) have actions enabled and at least one action for the ALARM state.",
    group: "observability",
    severity: "high",
    resourceTypes: [METRIC_ALARM, COMPOSITE_ALARM],
    remediation:
      "Set alarmActions to the region's (encrypted) alarm SNS topic ARN and leave actionsEnabled unset or true.",
    check: (r) => {
      const out: string[] = [];
      if (r.props.actionsEnabled === false) out.push(`${label(r)} has actionsEnabled false`);
      if (asArray(r.props.alarmActions).length === 0)
        out.push(`${label(r)} has no alarmActions (nobody is notified in the ALARM state)`);
      return out;
    },
  }),
  stackRule({
    name: "cloudwatch-alarm-coverage",
    description: `Every ${listed(
      ENFORCED_KINDS.map((k) => k.what),
      "and",
    )} has at least one CloudWatch metric alarm on it (a ${listed([...new Set(ENFORCED_KINDS.map((k) => k.dimensions))], "or")} dimension, of the alarm or of one of its metric queries) that notifies an SNS topic (alarmActions). \`npm start\` reports the same coverage for these and the other alarmable kinds (policy/rules/alarm-coverage.ts).`,
    group: "observability",
    severity: "medium",
    remediation:
      "Create an aws.cloudwatch.MetricAlarm whose dimensions (or metricQueries[].metric.dimensions) name the resource — e.g. { FunctionName: fn.name }, { LoadBalancer: alb.arnSuffix }, { ServiceName: svc.name, ClusterName: cluster.name } — with the region's alarm topic in alarmActions.",
    check: (stack) =>
      alarmCoverage(stack.resources)
        .filter((e) => e.kind.enforced && e.alarms.length === 0)
        .map(({ resource, kind }) => ({
          message: `${kind.what} ${label(resource)} has no CloudWatch alarm on an SNS topic (no ${METRIC_ALARM} with a ${kind.dimensions} dimension naming it and a topic in alarmActions)`,
          urn: resource.urn,
        })),
  }),
];
