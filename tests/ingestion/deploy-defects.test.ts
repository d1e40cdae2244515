/**
 * Deploy defects a review of the plan found (issue 9), each checked on both stacks as the program
 * builds them, against what the AWS documentation requires:
 *   - the change pipe's role and the CMK the pipe is encrypted with (EventBridge Pipes,
 *     "Encrypting EventBridge Pipes data with AWS KMS keys");
 *   - the role that starts the CMK-encrypted workflow (Step Functions, "Data at rest encryption":
 *     StartExecution requires no KMS permission of its caller);
 *   - the task image's platform and the repository's untagged-image rule (ECR: an image a manifest
 *     list refers to cannot be expired before the list).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ResourceGraph, type RecordedResource } from "../../offline/graph";
import type { Statement } from "../../policy/rules/helpers";
import { wildcardMatches } from "../../policy/rules/identity";
import { changePipeNamePrefix, NAME_PREFIX_SUFFIX_LENGTH } from "../../components/ingestion/change-processing";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";
import { changeProcessingStacks, roleByArn, roleStatements } from "./planned-roles";

let stacks: PlannedStack[];
/** The stacks that process the table's changes (the primary, which owns the global table). */
let processing: PlannedStack[];

beforeAll(() => {
  const { primary, secondary } = sharedPlan();
  stacks = [primary, secondary];
  processing = changeProcessingStacks(stacks);
  expect(processing.map((plan) => plan.stack)).toContain("primary");
});

const PIPE = "aws:pipes/pipe:Pipe";
const ACCOUNT = "123456789012";

const condition = (s: Statement, test: string, key: string): string[] => {
  const value = (s.conditions as Record<string, Record<string, string | string[]>>)[test]?.[key];
  return value === undefined ? [] : [value].flat();
};

function fail(message: string): never {
  throw new Error(message);
}

describe("the change pipe's execution role and the CMK the pipe is encrypted with", () => {
  const pipeOf = (plan: PlannedStack) => {
    const [pipe, ...others] = plan.graph.ofType(PIPE);
    expect(others).toEqual([]);
    return pipe ?? fail(`no pipe in ${plan.stack}`);
  };
  const pipeArn = (plan: PlannedStack, pipe: RecordedResource) =>
    `arn:aws:pipes:${plan.region}:${ACCOUNT}:pipe/${pipe.inputs.name}`;
  /** The statements of the pipe's role that use the pipe's own key (not through SQS or DynamoDB). */
  const keyStatements = (plan: PlannedStack) => {
    const pipe = pipeOf(plan);
    return roleStatements(plan, roleByArn(plan, pipe.inputs.roleArn)).filter(
      (s) =>
        s.resources.includes(pipe.inputs.kmsKeyIdentifier) &&
        condition(s, "StringEquals", "kms:ViaService").length === 0,
    );
  };

  it("encrypts the pipe with the region's CMK (kmsKeyIdentifier), so the role needs the key", () => {
    for (const plan of processing) {
      expect(pipeOf(plan).inputs.kmsKeyIdentifier, plan.stack).toMatch(
        new RegExp(`^arn:aws:kms:${plan.region}:${ACCOUNT}:key/`),
      );
    }
  });

  it("grants kms:DescribeKey on the pipe's key (missing before)", () => {
    for (const plan of processing) {
      const describe = keyStatements(plan).filter((s) => s.actions.includes("kms:DescribeKey"));
      expect(
        describe.map((s) => s.actions),
        plan.stack,
      ).toEqual([["kms:DescribeKey"]]);
      expect(describe[0]?.resources).toEqual([pipeOf(plan).inputs.kmsKeyIdentifier]);
    }
  });

  it("grants kms:GenerateDataKey and kms:Decrypt on the key only under the pipe's encryption context, an ArnLike that matches this pipe's ARN and no other pipe's", () => {
    for (const plan of processing) {
      const pipe = pipeOf(plan);
      const arn = pipeArn(plan, pipe);
      const dataKey = keyStatements(plan).filter((s) => s.actions.includes("kms:GenerateDataKey"));
      // The guide writes the context key as aws:pipes:arn (encryption context) and aws:pipe:arn
      // (example key policy): one statement for each, each narrowed to this pipe.
      expect(dataKey.map((s) => Object.keys(s.conditions.ArnLike ?? {})).sort(), plan.stack).toEqual([
        ["kms:EncryptionContext:aws:pipe:arn"],
        ["kms:EncryptionContext:aws:pipes:arn"],
      ]);
      for (const s of dataKey) {
        expect(s.actions.sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
        expect(s.resources).toEqual([pipe.inputs.kmsKeyIdentifier]);
        const [contextKey] = Object.keys(s.conditions.ArnLike ?? {});
        const [pattern, ...more] = condition(s, "ArnLike", contextKey!);
        expect(more).toEqual([]);
        expect(wildcardMatches(pattern!, arn), `${pattern} matches ${arn}`).toBe(true);
        const prefix = arn.slice(0, arn.length - NAME_PREFIX_SUFFIX_LENGTH);
        for (const other of [
          `${prefix}x`, // a shorter name with the same prefix
          `${arn}x`, // a longer one
          arn.replace(`:pipe/`, `:pipe/other-`),
          arn.replace(`:${plan.region}:`, ":eu-west-1:"),
          arn.replace(`:${ACCOUNT}:`, ":210987654321:"),
        ])
          expect(wildcardMatches(pattern!, other), `${pattern} must not match ${other}`).toBe(false);
        expect(condition(s, "ForAnyValue:StringEquals", "kms:EncryptionContextKeys")).toEqual([
          contextKey!.replace("kms:EncryptionContext:", ""),
        ]);
      }
    }
  });

  it("names the pipe by a prefix of its component's name, which the grant's pattern is built from", () => {
    for (const plan of processing) {
      const pipe = pipeOf(plan);
      const component = plan.graph.byUrn(pipe.parent!);
      expect(pipe.inputs.namePrefix).toBe(changePipeNamePrefix(component.name));
      expect(pipe.inputs.name).toMatch(
        new RegExp(`^${changePipeNamePrefix(component.name)}[0-9a-z]{${NAME_PREFIX_SUFFIX_LENGTH}}$`),
      );
    }
  });
});

describe("the rule that starts the CMK-encrypted workflow", () => {
  it("gives its role states:StartExecution on the state machine and no KMS permission: Step Functions lists none for StartExecution's caller", () => {
    for (const plan of stacks) {
      const target = plan.graph
        .ofType("aws:cloudwatch/eventTarget:EventTarget")
        .find((t) => String(t.inputs.arn).includes(":stateMachine:"));
      expect(target, plan.stack).toBeDefined();
      const machine = plan.graph
        .ofType("aws:sfn/stateMachine:StateMachine")
        .find((m) => ResourceGraph.prop(m, "encryptionConfiguration.type") === "CUSTOMER_MANAGED_KMS_KEY");
      expect(machine?.id).toBe(target!.inputs.arn);
      const statements = roleStatements(plan, roleByArn(plan, target!.inputs.roleArn));
      expect(statements.map((s) => ({ actions: s.actions, resources: s.resources }))).toEqual([
        { actions: ["states:StartExecution"], resources: [machine!.id] },
      ]);
    }
  });
});

describe("the workflow's execution role and the CMK its state machine is encrypted with", () => {
  const machineOf = (plan: PlannedStack): RecordedResource =>
    plan.graph
      .ofType("aws:sfn/stateMachine:StateMachine")
      .find((m) => ResourceGraph.prop(m, "encryptionConfiguration.type") === "CUSTOMER_MANAGED_KMS_KEY") ??
    fail(`no CMK-encrypted state machine in ${plan.stack}`);
  const keyStatementsOf = (plan: PlannedStack, machine: RecordedResource) =>
    roleStatements(plan, roleByArn(plan, machine.inputs.roleArn)).filter((s) =>
      s.actions.some((a) => a.startsWith("kms:")),
    );

  it("uses the key under its own state machine's encryption context, never under kms:ViaService (which Step Functions says can stop executions)", () => {
    for (const plan of stacks) {
      const machine = machineOf(plan);
      const arn = `arn:aws:states:${plan.region}:${ACCOUNT}:stateMachine:${machine.inputs.name}`;
      const statements = keyStatementsOf(plan, machine);
      for (const s of statements)
        expect(Object.keys(s.conditions.StringEquals ?? {}), plan.stack).not.toContain("kms:ViaService");
      const state = statements.filter((s) => s.actions.includes("kms:Decrypt"));
      expect(
        state.map((s) => s.actions.sort()),
        plan.stack,
      ).toEqual([["kms:Decrypt", "kms:GenerateDataKey"]]);
      expect(state[0]!.resources).toEqual([ResourceGraph.prop(machine, "encryptionConfiguration.kmsKeyId")]);
      const [pattern, ...more] = condition(state[0]!, "StringLike", "kms:EncryptionContext:aws:states:stateMachineArn");
      expect(more).toEqual([]);
      expect(wildcardMatches(pattern!, arn), `${pattern} matches ${arn}`).toBe(true);
      const prefix = arn.slice(0, arn.length - NAME_PREFIX_SUFFIX_LENGTH);
      for (const other of [`${prefix}x`, `${arn}x`, arn.replace(":stateMachine:", ":stateMachine:other-")])
        expect(wildcardMatches(pattern!, other), `${pattern} must not match ${other}`).toBe(false);
    }
  });

  it("may ask for a data key for its CMK-encrypted logs, under the logs' encryption context only", () => {
    for (const plan of stacks) {
      const logs = keyStatementsOf(plan, machineOf(plan)).filter((s) => !s.actions.includes("kms:Decrypt"));
      expect(
        logs.map((s) => s.actions),
        plan.stack,
      ).toEqual([["kms:GenerateDataKey"]]);
      expect(condition(logs[0]!, "StringLike", "kms:EncryptionContext:SourceArn")).toEqual([
        `arn:aws:logs:${plan.region}:${ACCOUNT}:*`,
      ]);
    }
  });
});

describe("the change task's image and its repository", () => {
  it("is built for one platform, the one the task runs on (linux/arm64 for ARM64 Fargate)", () => {
    for (const plan of processing) {
      const image = plan.graph.ofType("awsx:ecr:Image")[0] ?? fail(`no image in ${plan.stack}`);
      expect(image.inputs.platform, plan.stack).toBe("linux/arm64");
      expect(image.inputs.platforms).toBeUndefined();
      const task = plan.graph.ofType("aws:ecs/taskDefinition:TaskDefinition")[0]!;
      expect(task.inputs.runtimePlatform).toEqual({ operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" });
    }
  });

  it("expires untagged images with a rule ECR applies only to images no tagged image index refers to", () => {
    for (const plan of processing) {
      const [policy] = plan.graph.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy");
      const { rules } = JSON.parse(policy!.inputs.policy) as {
        rules: { rulePriority: number; selection: { tagStatus: string }; action: { type: string } }[];
      };
      // "If an image is referenced by a manifest list, it cannot be expired or archived without the
      // manifest list being deleted or archived first." (ECR, lifecycle policy evaluation rules):
      // an image index's untagged per-platform and attestation manifests outlive this rule while the
      // index is tagged. The rule selects untagged images and nothing else.
      const untagged = rules.filter((r) => r.selection.tagStatus === "untagged");
      expect(
        untagged.map((r) => [r.rulePriority, r.action.type]),
        plan.stack,
      ).toEqual([[1, "expire"]]);
    }
  });
});
