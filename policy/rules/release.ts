/**
 * Release rules: CodeDeploy deployment groups (any compute platform: Lambda aliases, ECS blue/green,
 * EC2) roll a release back on their own when it fails or its alarms fire, and a function released
 * through an alias is invoked through it (an unqualified invoke runs $LATEST, which no release
 * shifts or rolls back).
 */
import { CODEDEPLOY_ROLLBACK_EVENTS } from "../baseline/release";
import { asArray, label, regionOf, resourceRule, stackRule } from "./helpers";
import type { AnyRule, StackResourceView, StackView, StackViolation } from "./types";

export const DEPLOYMENT_GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";
const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const FUNCTION = "aws:lambda/function:Function";
const ALIAS = "aws:lambda/alias:Alias";
const EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const PERMISSION = "aws:lambda/permission:Permission";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const TARGET_GROUP_ATTACHMENT = "aws:lb/targetGroupAttachment:TargetGroupAttachment";
const SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const TOPIC_SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** The alarm names a deployment group watches (its alarmConfiguration.alarms, as names or `{ name }`). */
const alarmNamesOf = (r: { props: Record<string, any> }): unknown[] =>
  asArray<any>(r.props.alarmConfiguration?.alarms).map((a) => (a && typeof a === "object" ? a.name : a));

/** How a value refers to the function: by its unqualified name or ARN, by a qualified ARN, or not at all. */
function reference(fn: StackResourceView, value: unknown): "unqualified" | "qualified" | undefined {
  if (!str(value)) return undefined;
  const { name, arn } = fn.props;
  if (value === arn || value === name) return "unqualified";
  if (str(name) && value.endsWith(`:function:${name}`)) return "unqualified";
  if (str(arn) && value.startsWith(`${arn}:`)) return "qualified";
  if (str(name) && value.includes(`:function:${name}:`)) return "qualified";
  return undefined;
}

/** The functions of the stack that have an alias (a release target). */
const aliasedFunctions = (stack: StackView): StackResourceView[] => {
  const aliases = stack.ofType(ALIAS);
  return stack
    .ofType(FUNCTION)
    .filter((fn) =>
      aliases.some(
        (a) =>
          a.propertyDependencies.functionName?.includes(fn.urn) || reference(fn, a.props.functionName) !== undefined,
      ),
    );
};

/**
 * Whether `r.props[prop]` invokes the function unqualified: its value names the function without a
 * qualifier, or (the value unknown, a preview) it came from the function itself and not from an alias.
 */
function invokesUnqualified(stack: StackView, fn: StackResourceView, r: StackResourceView, prop: string): boolean {
  const value = r.props[prop];
  const ref = reference(fn, value);
  if (ref !== undefined) return ref === "unqualified";
  if (str(value)) return false;
  const deps = r.propertyDependencies[prop] ?? [];
  return deps.includes(fn.urn) && !deps.some((urn) => stack.byUrn(urn)?.type === ALIAS);
}

/** The resources that invoke the function unqualified, with what they set. */
function unqualifiedInvokers(stack: StackView, fn: StackResourceView): string[] {
  const found: string[] = [];
  const check = (type: string, prop: string, also: (r: StackResourceView) => boolean = () => true) => {
    for (const r of stack.ofType(type))
      if (also(r) && invokesUnqualified(stack, fn, r, prop)) found.push(`${label(r)} (${prop})`);
  };
  check(EVENT_SOURCE_MAPPING, "functionName");
  // A permission is for the alias when it has a qualifier or names a qualified ARN.
  check(PERMISSION, "function", (p) => !str(p.props.qualifier));
  check(EVENT_TARGET, "arn");
  check(TARGET_GROUP_ATTACHMENT, "targetId");
  check(SECRET_ROTATION, "rotationLambdaArn");
  check(TOPIC_SUBSCRIPTION, "endpoint", (s) => String(s.props.protocol).toLowerCase() === "lambda");
  return found;
}

export const releaseRules: AnyRule[] = [
  resourceRule({
    name: "codedeploy-auto-rollback",
    description: `CodeDeploy deployment groups (any compute platform) roll a release back automatically: autoRollbackConfiguration enabled with ${CODEDEPLOY_ROLLBACK_EVENTS.join(" and ")}.`,
    group: "compute",
    severity: "high",
    resourceTypes: [DEPLOYMENT_GROUP],
    remediation: `Set autoRollbackConfiguration: { enabled: true, events: [${CODEDEPLOY_ROLLBACK_EVENTS.map((e) => `"${e}"`).join(", ")}] }.`,
    check: (r) => {
      const rollback = r.props.autoRollbackConfiguration;
      if (rollback?.enabled !== true)
        return `${label(r)} does not roll a failed release back (autoRollbackConfiguration.enabled is not true)`;
      const events = asArray<string>(rollback.events);
      const missing = CODEDEPLOY_ROLLBACK_EVENTS.filter((e) => !events.includes(e));
      return (
        missing.length > 0 &&
        `${label(r)} does not roll back on ${missing.join(" or ")} (autoRollbackConfiguration.events ${JSON.stringify(events)})`
      );
    },
  }),
  resourceRule({
    name: "codedeploy-alarm-configuration",
    description:
      "CodeDeploy deployment groups (any compute platform) watch at least one CloudWatch alarm during a release (alarmConfiguration enabled, an alarm named) and stop when they cannot read it (ignorePollAlarmFailure not true).",
    group: "compute",
    severity: "high",
    resourceTypes: [DEPLOYMENT_GROUP],
    remediation:
      "Set alarmConfiguration: { enabled: true, alarms: [<the alarm on the released resource's errors>] } and leave ignorePollAlarmFailure unset or false.",
    check: (r) => {
      const config = r.props.alarmConfiguration;
      if (config?.enabled !== true)
        return `${label(r)} watches no alarm during a release (alarmConfiguration.enabled is not true)`;
      const out: string[] = [];
      if (alarmNamesOf(r).length === 0) out.push(`${label(r)} names no alarm in alarmConfiguration.alarms`);
      if (config.ignorePollAlarmFailure === true)
        out.push(`${label(r)} goes on releasing when it cannot read its alarms (ignorePollAlarmFailure true)`);
      return out;
    },
  }),
  stackRule({
    name: "codedeploy-alarms-exist",
    description:
      "The alarms a CodeDeploy deployment group watches are alarms of the stack, in its region (by name): a release watching an alarm that does not exist is stopped, or watches nothing.",
    group: "compute",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
      "Name the alarm the stack creates for the released resource (a metric descriptor's alarmName, as PlatformFunction's <prefix>-release-errors), or create it.",
    check: (stack) =>
      stack.ofType(DEPLOYMENT_GROUP).flatMap((group): StackViolation[] => {
        const alarms = stack
          .ofType(METRIC_ALARM, COMPOSITE_ALARM)
          .filter((a) => regionOf(a) === undefined || regionOf(group) === undefined || regionOf(a) === regionOf(group));
        const names = new Set(alarms.flatMap((a) => [a.props.name, a.props.alarmName].filter(str)));
        const missing = alarmNamesOf(group).filter((n) => str(n) && !names.has(n));
        return missing.length > 0
          ? [
              {
                message: `${label(group)} watches ${missing.map((n) => `"${n}"`).join(", ")}, which no alarm of the stack in its region is named`,
                urn: group.urn,
              },
            ]
          : [];
      }),
  }),
  stackRule({
    name: "lambda-invoked-through-alias",
    description:
      "A function released through an alias (CodeDeploy shifts it) is invoked only through a qualified ARN: event source mappings, invoke permissions (qualifier), EventBridge targets, load balancer targets, secret rotations and SNS subscriptions never call it unqualified, which runs $LATEST past every canary and rollback.",
    group: "compute",
    severity: "medium",
    remediation:
      "Invoke the alias: its ARN (PlatformFunction's aliasArn / invokeArn), and a permission with qualifier set to the alias's name.",
    check: (stack) =>
      aliasedFunctions(stack).flatMap((fn): StackViolation[] => {
        const invokers = unqualifiedInvokers(stack, fn);
        return invokers.length > 0
          ? [
              {
                message: `function "${fn.name}" has an alias but ${invokers.join(", ")} invoke${invokers.length === 1 ? "s" : ""} it unqualified ($LATEST, never released by the alias)`,
                urn: fn.urn,
              },
            ]
          : [];
      }),
  }),
];
