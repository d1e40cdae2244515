import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invalidArg } from "../shared/errors";
import type { TracedKind, TracedResource } from "../shared/traced";
import { SAMPLING_DEFAULTS, SEGMENT_TYPES, XRAY_LIMITS, XRAY_NAME } from "./tracing-defaults";

const COMPONENT = "ObservabilityStack";

export interface SamplingRuleArgs {
  /** The rule's name (1-32 letters, digits, "-" or "_"; X-Ray rules are regional). */
  ruleName: string;
  /**
   * The service names the rule matches (X-Ray wildcards `*` and `?`, at most 64 characters): the
   * platform's resources are named after the environment, so `<environment>-*` matches them all.
   */
  serviceNamePattern: string;
  /** Requests a second traced before `fixedRate` applies (an integer, 0 or more). @default 1 */
  reservoirSize?: number;
  /** Share of further requests traced (0-1). @default 0.05 */
  fixedRate?: number;
  /** Evaluation order, lower first (1-9999; X-Ray's Default rule is 10000). @default 1000 */
  priority?: number;
}

/**
 * The platform's X-Ray sampling rule: every service whose name matches `serviceNamePattern`, of
 * any type, host, method and path, traced at `reservoirSize` a second plus `fixedRate` of the rest.
 */
export function createSamplingRule(
  name: string,
  args: SamplingRuleArgs,
  parent: pulumi.Resource,
): aws.xray.SamplingRule {
  const settings = samplingRuleSettings(args);
  return new aws.xray.SamplingRule(
    `${name}-sampling`,
    {
      ruleName: args.ruleName,
      serviceName: args.serviceNamePattern,
      serviceType: "*",
      host: "*",
      httpMethod: "*",
      urlPath: "*",
      resourceArn: "*",
      reservoirSize: settings.reservoirSize,
      fixedRate: settings.fixedRate,
      priority: settings.priority,
      version: SAMPLING_DEFAULTS.version,
    },
    { parent },
  );
}

/** The rule's numbers with their defaults, checked against X-Ray's limits. */
export function samplingRuleSettings(args: SamplingRuleArgs): {
  reservoirSize: number;
  fixedRate: number;
  priority: number;
} {
  checkName("ruleName", args.ruleName, XRAY_LIMITS.ruleNameMaxLength);
  const pattern = args.serviceNamePattern;
  if (typeof pattern !== "string" || pattern.length === 0 || pattern.length > XRAY_LIMITS.serviceNameMaxLength)
    throw invalidArg(
      COMPONENT,
      "serviceNamePattern",
      `${JSON.stringify(pattern)} is not a service name pattern of 1-${XRAY_LIMITS.serviceNameMaxLength} characters`,
    );
  const reservoirSize = args.reservoirSize ?? SAMPLING_DEFAULTS.reservoirSize;
  const fixedRate = args.fixedRate ?? SAMPLING_DEFAULTS.fixedRate;
  const priority = args.priority ?? SAMPLING_DEFAULTS.priority;
  if (!Number.isInteger(reservoirSize) || reservoirSize < 0)
    throw invalidArg(
      COMPONENT,
      "reservoirSize",
      `${reservoirSize} is not a whole number of requests a second (0 or more)`,
    );
  if (!Number.isFinite(fixedRate) || fixedRate < 0 || fixedRate > 1)
    throw invalidArg(COMPONENT, "fixedRate", `${fixedRate} is not a share from 0 to 1 (0.05 traces 5%)`);
  const { min, max } = XRAY_LIMITS.priority;
  if (!Number.isInteger(priority) || priority < min || priority > max)
    throw invalidArg(COMPONENT, "priority", `${priority} is not an integer from ${min} to ${max}`);
  return { reservoirSize, fixedRate, priority };
}

export interface TraceGroupArgs {
  /** The group's name, usually the component's (1-32 letters, digits, "-" or "_"; not "Default"). */
  groupName: string;
  /** The component's traced resources (its `tracedResources()`): at least one. */
  traced: TracedResource[];
  /** X-Ray Insights on the group's traces (anomaly detection; billed per trace). @default false */
  insights?: boolean;
  /** Insights notifications through EventBridge; needs `insights`. @default false */
  insightsNotifications?: boolean;
}

/**
 * An X-Ray group of one component's traces: those that pass through any of its Lambda functions,
 * API Gateway stages or state machines (`traceFilterExpression`), with Insights as an option.
 */
export function createTraceGroup(name: string, args: TraceGroupArgs, parent: pulumi.Resource): aws.xray.Group {
  checkName("groupName", args.groupName, XRAY_LIMITS.groupNameMaxLength);
  if ((XRAY_LIMITS.reservedGroupNames as readonly string[]).includes(args.groupName))
    throw invalidArg(COMPONENT, "groupName", `"${args.groupName}" is X-Ray's own group`);
  if (args.traced.length === 0)
    throw invalidArg(COMPONENT, "traced", `the group "${args.groupName}" has no traced resource to select`);
  if (args.insightsNotifications && !args.insights)
    throw invalidArg(COMPONENT, "insightsNotifications", "true needs insights: true (X-Ray notifies only on Insights)");
  const filterExpression = pulumi
    .all(args.traced.map((t) => pulumi.output(t.name).apply((n) => ({ kind: t.kind, name: n }))))
    .apply(traceFilterExpression);
  return new aws.xray.Group(
    `${name}-traces`,
    {
      groupName: args.groupName,
      filterExpression,
      insightsConfiguration: {
        insightsEnabled: args.insights ?? false,
        notificationsEnabled: args.insightsNotifications ?? false,
      },
    },
    { parent },
  );
}

/**
 * The X-Ray filter expression selecting traces through any of the resources, each by name and
 * segment type: `service(id(name: "prod-ingestion-consumer-fn-1a2b3c4", type: "AWS::Lambda::Function")) OR …`.
 * Duplicates are dropped and the order is stable, so a plan does not show a change that is none.
 */
export function traceFilterExpression(resources: readonly { kind: TracedKind; name: string }[]): string {
  const clauses = resources.map((r) => {
    if (!(r.kind in SEGMENT_TYPES)) throw invalidArg(COMPONENT, "traced", `"${r.kind}" is not lambda, api or states`);
    if (typeof r.name !== "string" || r.name.length === 0)
      throw invalidArg(COMPONENT, "traced", `a ${r.kind} resource has no name (${JSON.stringify(r.name)})`);
    return `service(id(name: ${JSON.stringify(r.name)}, type: ${JSON.stringify(SEGMENT_TYPES[r.kind])}))`;
  });
  return [...new Set(clauses)].sort().join(" OR ");
}

/** The name an API Gateway stage's segments carry: `<rest api name>/<stage name>`. */
export const apiStageServiceName = (restApiName: pulumi.Input<string>, stageName: pulumi.Input<string>) =>
  pulumi.interpolate`${restApiName}/${stageName}`;

function checkName(arg: string, value: string, maxLength: number): void {
  if (typeof value !== "string" || !XRAY_NAME.test(value) || value.length > maxLength)
    throw invalidArg(COMPONENT, arg, `${JSON.stringify(value)} is not 1-${maxLength} letters, digits, "-" or "_"`);
}
