/**
 * The offline engine as a test kit: run a program (or one of this project's stacks) under the mock
 * of AWS and query what it would deploy. Teams building on the components use it for their stacks.
 *
 *   const { graph } = await planProgram(() => new RegionalNetwork("net", {...}), { region: "us-east-1" });
 *   graph.ofType("aws:ec2/subnet:Subnet")
 */
import * as pulumi from "@pulumi/pulumi";

export { planProgram, ProgramError, type ProgramOptions, type ProgramPlan } from "./run-program";
export { planStack, type PlanStackOptions } from "./plan-stack";
export { ResourceGraph, type RecordedResource, type StackGraph, type PlanDocument } from "./graph";
export { renderPolicyDocument } from "./policy-document";
export { OFFLINE_ACCOUNT_ID } from "./aws-partition";

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
