/** The tracing rule's cases (tests/policy/tracing.test.ts, tests/policy/insecure-graph.test.ts). */
import { tracingRules } from "../../../policy/rules/tracing";
import type { RuleCase, Spec } from "../harness";

const ACCOUNT = "123456789012";
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const TRACE_WRITE = { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" };
const LOGS_ONLY = { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" };

const role = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:iam/role:Role",
  name,
  inputs: { name, arn: roleArn(name), assumeRolePolicy: "{}", ...inputs },
});
const rolePolicy = (name: string, roleName: string, policy: string): Spec => ({
  type: "aws:iam/rolePolicy:RolePolicy",
  name,
  inputs: { role: roleName, policy },
  from: { role: roleName },
});
const fn = (name: string, roleName: string, mode: "Active" | "PassThrough"): Spec => ({
  type: "aws:lambda/function:Function",
  name,
  inputs: { name: `${name}-5d6e7f8`, role: roleArn(roleName), tracingConfig: { mode } },
  from: { role: roleName },
});
const machine = (name: string, roleName: string): Spec => ({
  type: "aws:sfn/stateMachine:StateMachine",
  name,
  inputs: { definition: "{}", roleArn: roleArn(roleName), tracingConfiguration: { enabled: true } },
  from: { roleArn: roleName },
});

export const tracingCases: RuleCase[] = [
  {
    rule: tracingRules.find((r) => r.name === "xray-traces-delivered")!,
    compliant: [
      // A RolePolicy of its own, as PlatformFunction writes it.
      fn("ingest", "ingest-role", "Active"),
      role("ingest-role"),
      rolePolicy("ingest-logging", "ingest-role", doc(LOGS_ONLY, TRACE_WRITE)),
      // The AWS managed policy, attached.
      machine("orders", "orders-role"),
      role("orders-role"),
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "orders-xray",
        inputs: { role: "orders-role", policyArn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess" },
        from: { role: "orders-role" },
      },
      // An inline policy with a wildcard action.
      fn("report", "report-role", "Active"),
      role("report-role", {
        inlinePolicies: [{ name: "xray", policy: doc({ Effect: "Allow", Action: "xray:Put*", Resource: "*" }) }],
      }),
      // Not traced: nothing to send.
      fn("quiet", "quiet-role", "PassThrough"),
      role("quiet-role"),
      // A role from elsewhere: the stack cannot tell.
      {
        type: "aws:lambda/function:Function",
        name: "imported",
        inputs: { name: "imported-1", role: roleArn("made-by-another-team"), tracingConfig: { mode: "Active" } },
      },
    ],
    violating: [
      fn("ingest", "ingest-role", "Active"),
      role("ingest-role"),
      rolePolicy("ingest-logging", "ingest-role", doc(LOGS_ONLY)),
      machine("orders", "orders-role"),
      role("orders-role", {
        inlinePolicies: [
          {
            name: "xray",
            policy: doc({
              Effect: "Allow",
              Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
              Resource: `arn:aws:xray:us-east-1:${ACCOUNT}:group/orders`,
            }),
          },
        ],
      }),
    ],
    message:
      /aws:lambda\/function:Function "ingest" traces with X-Ray, but its role "ingest-role" may not call xray:PutTraceSegments, xray:PutTelemetryRecords on "\*": its segments are dropped[\s\S]*aws:sfn\/stateMachine:StateMachine "orders" traces with X-Ray, but its role "orders-role" may not call xray:PutTraceSegments, xray:PutTelemetryRecords/,
  },
];
