/**
 * Tracing that works end to end. The per-resource rules turn X-Ray on (lambda-xray-tracing,
 * apigateway-stage-xray, sfn-xray-tracing); what only the whole stack shows is whether a traced
 * function or state machine may send its segments: tracing on with a role that cannot call
 * xray:PutTraceSegments records nothing, silently. (API Gateway sends a stage's segments itself,
 * with no role; a stage's tracing is set on the stage only, never through method settings.)
 */
import { asArray, label, statementsOf, stackRule, type Statement } from "./helpers";
import { IAM_POLICY, ROLE, ROLE_POLICY, wildcardMatches } from "./identity";
import { STATE_MACHINE } from "./observability";
import type { StackResourceView, StackView } from "./types";

const FUNCTION = "aws:lambda/function:Function";
const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/** What a traced resource needs to send its segments; X-Ray authorizes them only on "*". */
export const TRACE_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"] as const;

/** AWS managed policies that allow TRACE_WRITE_ACTIONS. */
export const TRACE_WRITE_MANAGED_POLICIES = ["AWSXRayDaemonWriteAccess", "AWSXrayWriteOnlyAccess", "AWSXrayFullAccess"];

/** The traced kinds: how each says tracing is on, and which prop holds its role's ARN. */
const TRACED = [
  { type: FUNCTION, traced: (r: StackResourceView) => r.props.tracingConfig?.mode === "Active", roleProp: "role" },
  {
    type: STATE_MACHINE,
    traced: (r: StackResourceView) => r.props.tracingConfiguration?.enabled === true,
    roleProp: "roleArn",
  },
] as const;

/** The role in the stack the prop names (by property dependency, or by ARN); undefined for a role from elsewhere. */
function roleOf(stack: StackView, r: StackResourceView, prop: string): StackResourceView | undefined {
  const byDependency = (r.propertyDependencies[prop] ?? [])
    .map((urn) => stack.byUrn(urn))
    .find((x) => x?.type === ROLE);
  if (byDependency) return byDependency;
  const arn = r.props[prop];
  return typeof arn === "string" ? stack.ofType(ROLE).find((role) => role.props.arn === arn) : undefined;
}

const isManagedTraceWriter = (arn: unknown) =>
  typeof arn === "string" && TRACE_WRITE_MANAGED_POLICIES.some((name) => arn.endsWith(`:policy/${name}`));

/** The Allow statements of every policy the role has: inline, its own RolePolicy resources, and attached customer policies. */
function roleStatements(stack: StackView, role: StackResourceView): { statements: Statement[]; managed: boolean } {
  const documents: unknown[] = asArray<any>(role.props.inlinePolicies).map((p) => p?.policy);
  documents.push(...stack.configuring(role, ROLE_POLICY, "role").map((p) => p.props.policy));
  const attached = [
    ...asArray<unknown>(role.props.managedPolicyArns),
    ...stack.configuring(role, ROLE_POLICY_ATTACHMENT, "role").map((a) => a.props.policyArn),
  ];
  const policies = stack.ofType(IAM_POLICY);
  for (const arn of attached) {
    const policy = policies.find((p) => typeof arn === "string" && p.props.arn === arn);
    if (policy) documents.push(policy.props.policy);
  }
  for (const attachment of stack.configuring(role, ROLE_POLICY_ATTACHMENT, "role")) {
    const urns = attachment.propertyDependencies.policyArn ?? [];
    documents.push(...policies.filter((p) => urns.includes(p.urn)).map((p) => p.props.policy));
  }
  return {
    statements: documents.flatMap((d) => statementsOf(d)).filter((s) => s.effect === "Allow"),
    managed: attached.some(isManagedTraceWriter),
  };
}

/** The trace-write actions the statements do not allow on "*". */
function missingTraceActions(statements: Statement[]): string[] {
  return TRACE_WRITE_ACTIONS.filter(
    (action) =>
      !statements.some(
        (s) => s.actions.some((a) => wildcardMatches(a, action)) && s.resources.some((res) => res === "*"),
      ),
  );
}

export const tracingRules = [
  stackRule({
    name: "xray-traces-delivered",
    description: `Every Lambda function and Step Functions state machine with X-Ray tracing on has a role that may send its segments (${TRACE_WRITE_ACTIONS.join(", ")} on "*", in its policies or through ${TRACE_WRITE_MANAGED_POLICIES[0]}); otherwise tracing is on and no trace arrives.`,
    group: "observability",
    severity: "medium",
    remediation: `Add a statement allowing ${TRACE_WRITE_ACTIONS.join(" and ")} on "*" to the execution role (X-Ray authorizes them only on "*"), or attach the AWS managed policy ${TRACE_WRITE_MANAGED_POLICIES[0]}.`,
    check: (stack) =>
      TRACED.flatMap(({ type, traced, roleProp }) =>
        stack
          .ofType(type)
          .filter(traced)
          .flatMap((r) => {
            const role = roleOf(stack, r, roleProp);
            if (!role) return [];
            const { statements, managed } = roleStatements(stack, role);
            const missing = managed ? [] : missingTraceActions(statements);
            return missing.length === 0
              ? []
              : [
                  {
                    message: `${label(r)} traces with X-Ray, but its role "${role.name}" may not call ${missing.join(", ")} on "*": its segments are dropped`,
                    urn: r.urn,
                  },
                ];
          }),
      ),
  }),
];
