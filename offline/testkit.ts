/**
 * The offline engine as a test kit (`twin-region/testing`): run a program (or a stack of a Pulumi
 * project) under the mock of AWS, query what it would deploy, check it against the policy pack
 * and save the graph for `npm start -- --graph` or a review. Teams building on the components use
 * it for their own stacks.
 *
 *   const plan = await planProgram(() => new RegionalNetwork("net", {...}), { region: "us-east-1" });
 *   plan.graph.ofType("aws:ec2/subnet:Subnet");
 *   expect(blocking(runPolicyPack(plan))).toEqual([]);
 *
 * A plan runs as the AWS account OFFLINE_ACCOUNT_ID unless its options name another (`accountId`):
 * planned as another account, a program that hard-codes an account id still shows the default.
 *
 *   const other = await planStack("primary", { accountId: "210987654321" });
 *   expect(other.resources.filter((r) => JSON.stringify(r.inputs).includes(OFFLINE_ACCOUNT_ID))).toEqual([]);
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { ALL_RULES } from "../policy/rules";
import type { AnyRule } from "../policy/rules/types";
import { shownOutputs, type StackGraph } from "./graph";
import { planDocumentJson } from "./graph-file";
import type { PackConfig } from "./policy-config";
import { evaluatePolicies, isBlocking, type Violation } from "./policy-runner";
import type { ProgramPlan } from "./run-program";

export { planProgram, ProgramError, type ProgramOptions, type ProgramPlan } from "./run-program";
export { planStack, type PlanStackOptions } from "./plan-stack";
export { ResourceGraph, type RecordedResource, type StackGraph, type PlanDocument, type Violation } from "./graph";
export { readGraphFile } from "./graph-file";
export { renderPolicyDocument, type PolicyDocumentArgs } from "./policy-document";
export type { StackReferenceOutputs } from "./aws-mock";
export type { AnyRule, ResourceRule, StackRule } from "../policy/rules/types";
/** The account a plan runs as unless its `accountId` option names another. */
export { OFFLINE_ACCOUNT_ID } from "./aws-partition";
export type { PackConfig } from "./policy-config";

/**
 * The value of an Output. Unlike a bare `apply` it rejects when the value is unknown or its
 * chain threw, so a test fails instead of hanging.
 */
export async function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
  const o = pulumi.output(output) as pulumi.Output<T> & { promise(): Promise<T>; isKnown: Promise<boolean> };
  const [value, known] = await Promise.all([o.promise(), o.isKnown]);
  if (!known) throw new Error("valueOf: the output is unknown (computed by the provider during an update)");
  return value;
}

/** A plan as the plan document holds it: named after its stack, its outputs shown (secret ones as "[secret]"). */
export function stackGraphOf(plan: ProgramPlan | StackGraph): StackGraph {
  if ("graph" in plan) {
    return {
      name: plan.stack,
      region: plan.region,
      outputs: shownOutputs(plan.outputs, plan.secretOutputNames),
      resources: plan.resources,
      violations: [],
    };
  }
  return plan;
}

export interface PolicyPackOptions {
  /** The pack config, as `pulumi preview --policy-pack-config` takes it: `{ "all": "advisory", "<rule>": {...} }`. @default every rule at its own level */
  config?: PackConfig;
  /** The rules to run: the pack's, plus or instead of your own. @default the whole pack */
  rules?: readonly AnyRule[];
}

/** Every violation of the policy pack on a plan, through the same CrossGuard adapter the Pulumi CLI runs. */
export function runPolicyPack(plan: ProgramPlan | StackGraph, options: PolicyPackOptions = {}): Violation[] {
  return evaluatePolicies(stackGraphOf(plan), options.rules ?? ALL_RULES, options.config);
}

/** The violations that would block a deployment (`mandatory`, or `remediate`, which cannot fix anything offline). */
export const blocking = (violations: readonly Violation[]): Violation[] => violations.filter(isBlocking);

/** Writes plans as a plan document (what `npm start -- --json` writes; `--graph FILE` reads it back). */
export function writeGraphFile(file: string, plans: readonly (ProgramPlan | StackGraph)[]): void {
  fs.writeFileSync(file, planDocumentJson({ stacks: plans.map(stackGraphOf) }));
}
