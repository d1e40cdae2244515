/**
 * Shared by the stack suites: plans this project's stacks in-process with the offline engine.
 * Pulumi's mocked runtime is global per process, so every plan here is awaited before the next
 * one starts (vitest runs the files of a process one after another).
 */
import type { StackReferenceOutputs } from "../../offline/aws-mock";
import {
  planStack,
  ProgramError,
  type PlanStackOptions,
  type ProgramPlan,
  type RecordedResource,
} from "../../offline/testkit";

export type { ProgramPlan, RecordedResource };
export { inputStrings, stringLeaves } from "./input-strings";

/** The name the secondary passes to its StackReference (`twin-region:peerStack` in Pulumi.secondary.yaml). */
export const PEER_REFERENCE = "primary";

export const STACK_AND_REFERENCE = new Set(["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference"]);

/** What the secondary's StackReference reads: the outputs of a primary plan. */
export function referenceTo(primary: ProgramPlan): StackReferenceOutputs {
  return { outputs: primary.outputs, secretOutputNames: primary.secretOutputNames };
}

export function planSecondary(
  outputs: StackReferenceOutputs,
  options: Omit<PlanStackOptions, "stackReferences"> = {},
): Promise<ProgramPlan> {
  return planStack("secondary", { ...options, stackReferences: { [PEER_REFERENCE]: outputs } });
}

/** The ProgramError a plan failed with (fails the test when the plan succeeds). */
export async function planFailure(plan: Promise<ProgramPlan>): Promise<ProgramError> {
  let result: ProgramPlan;
  try {
    result = await plan;
  } catch (e) {
    if (e instanceof ProgramError) return e;
    throw e;
  }
  throw new Error(
    `the plan of stack ${result.stack} succeeded with ${result.resources.length} registrations; expected it to fail`,
  );
}

/** Replaces a string everywhere in a JSON-like value. */
export function replaceDeep<T>(value: T, from: string, to: string): T {
  if (typeof value === "string") return value.split(from).join(to) as T;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, from, to)])) as T;
  }
  return value;
}
