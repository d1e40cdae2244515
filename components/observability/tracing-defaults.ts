/**
 * X-Ray settings and limits shared by components/observability/tracing.ts, its tests and the
 * policy rules: one place, so they cannot drift.
 */
import type { TracedKind } from "../shared/traced";

/**
 * The segment `origin` (the filter language's service type) of each traced kind, and how its
 * segments are named (X-Ray developer guide, "Integrating AWS X-Ray with other AWS services";
 * API Gateway developer guide, "Understanding X-Ray traces": a stage's segment is named
 * `<api name>/<stage>`).
 */
export const SEGMENT_TYPES: Record<TracedKind, string> = {
  lambda: "AWS::Lambda::Function",
  api: "AWS::ApiGateway::Stage",
  states: "AWS::StepFunctions::StateMachine",
};

/**
 * The platform's sampling rule. A Lambda function's own sampling (1 request a second and 5% more)
 * is not configurable per function; API Gateway stages, Step Functions state machines and X-Ray
 * SDKs ask X-Ray for its rules, so this rule decides for them. The rates are those of X-Ray's
 * Default rule, with a priority ahead of it.
 */
export const SAMPLING_DEFAULTS = {
  /** Requests a second traced before `fixedRate` applies (shared by every service the rule matches). */
  reservoirSize: 1,
  /** Share of requests beyond the reservoir that are traced. */
  fixedRate: 0.05,
  /** Lower wins; X-Ray's Default rule is 10000. */
  priority: 1000,
  /** The sampling rule format: X-Ray accepts only 1. */
  version: 1,
} as const;

/** X-Ray's limits (API reference: CreateSamplingRule, CreateGroup). */
export const XRAY_LIMITS = {
  ruleNameMaxLength: 32,
  serviceNameMaxLength: 64,
  priority: { min: 1, max: 9999 },
  groupNameMaxLength: 32,
  /** "Default" names X-Ray's own group. */
  reservedGroupNames: ["Default"],
} as const;

/** The names this module gives rules and groups: letters, digits, "-" and "_". */
export const XRAY_NAME = /^[A-Za-z0-9_-]+$/;
