/**
 * dynamodb:ListStreams has no resource-level permissions (the Service Authorization Reference lists
 * no resource type for it), yet Lambda's and EventBridge Pipes' documented permissions for a
 * DynamoDB stream source include it. It is granted alone, on "*", to every role that reads a
 * table's stream, and the policy pack's wildcard allowlist admits exactly that action.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { WILDCARD_RESOURCE_ACTIONS } from "../../policy/baseline/identity";
import { statementsOf } from "../../policy/rules/helpers";
import { identityRules } from "../../policy/rules/identity";
import type { ResourceRule } from "../../policy/rules/types";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";
import { changeProcessingStacks, roleByArn, roleStatements } from "./planned-roles";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const PIPE = "aws:pipes/pipe:Pipe";

let stacks: PlannedStack[];
/** The stacks that process the table's changes (the primary, which owns the global table). */
let processing: PlannedStack[];

beforeAll(() => {
  const { primary, secondary } = sharedPlan();
  stacks = [primary, secondary];
  processing = changeProcessingStacks(stacks);
  expect(processing.map((plan) => plan.stack)).toContain("primary");
});

const everyStatement = (plan: PlannedStack) =>
  plan.graph.ofType(ROLE_POLICY).flatMap((p) => statementsOf(p.inputs.policy).map((s) => ({ policy: p, s })));

describe("dynamodb:ListStreams (no resource-level permissions)", () => {
  const STREAM_READS = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

  it('is granted only on "*", in a statement of its own (before, it was granted on the stream ARN with the stream reads)', () => {
    const grants = stacks.flatMap((plan) =>
      everyStatement(plan).filter(({ s }) => s.actions.includes("dynamodb:ListStreams")),
    );
    expect(grants.length).toBeGreaterThanOrEqual(2);
    for (const { policy, s } of grants) {
      expect({ policy: policy.name, actions: s.actions, resources: s.resources, conditions: s.conditions }).toEqual({
        policy: policy.name,
        actions: ["dynamodb:ListStreams"],
        resources: ["*"],
        conditions: {},
      });
    }
  });

  it("goes to every role that reads a DynamoDB stream (the change Lambda's and the pipe's), whose stream reads stay on the stream's ARN", () => {
    for (const plan of stacks) {
      const readers = plan.graph
        .ofType(ROLE)
        .filter((role) => roleStatements(plan, role).some((s) => s.actions.includes("dynamodb:GetRecords")));
      if (processing.includes(plan)) {
        const pipeRole = roleByArn(plan, plan.graph.ofType(PIPE)[0]!.inputs.roleArn);
        expect(readers.map((r) => r.name)).toContain(pipeRole.name);
        expect(readers.length, plan.stack).toBeGreaterThanOrEqual(2);
      }
      for (const role of readers) {
        const statements = roleStatements(plan, role);
        expect(
          statements.some((s) => s.actions.join() === "dynamodb:ListStreams" && s.resources.join() === "*"),
          role.name,
        ).toBe(true);
        for (const s of statements.filter((x) => x.actions.some((a) => STREAM_READS.includes(a)))) {
          expect(s.resources, role.name).not.toContain("*");
          for (const r of s.resources) expect(r).toMatch(/:table\/[^/]+\/stream\//);
        }
      }
    }
  });

  describe("the policy pack's wildcard-resource rule", () => {
    const rule = identityRules.find((r) => r.name === "iam-wildcard-resource-actions") as ResourceRule;
    const check = (actions: string[]) =>
      rule.validate(
        {
          type: ROLE_POLICY,
          name: "reader",
          urn: "urn:pulumi:test::twin-region::aws:iam/rolePolicy:RolePolicy::reader",
          props: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }) },
        },
        {},
      );

    it('allows exactly dynamodb:ListStreams on "*"', () => {
      expect(WILDCARD_RESOURCE_ACTIONS.filter((a) => a.toLowerCase().startsWith("dynamodb:"))).toEqual([
        "dynamodb:ListStreams",
      ]);
      expect(check(["dynamodb:ListStreams"])).toEqual([]);
    });

    it('still rejects every other DynamoDB action, and wildcards that stand for more than ListStreams, on "*"', () => {
      for (const actions of [
        ["dynamodb:GetRecords"],
        ["dynamodb:DescribeStream"],
        ["dynamodb:ListStreams", "dynamodb:GetShardIterator"],
        ["dynamodb:List*"],
        ["dynamodb:ListTables"],
        ["dynamodb:*"],
      ]) {
        const [message, ...more] = check(actions);
        expect(more).toEqual([]);
        expect(message, actions.join()).toMatch(/on "\*"; these support resource-level permissions/);
        expect(message).not.toMatch(/dynamodb:ListStreams[,;]|dynamodb:ListStreams on/);
      }
    });

    it("finds nothing to report in either stack", () => {
      for (const plan of stacks)
        expect(
          plan.violations.filter((v) => v.rule === rule.name),
          plan.stack,
        ).toEqual([]);
    });
  });
});
