import * as path from "node:path";
import type { StackReferenceOutputs } from "./aws-mock";
import { planProgram, type ProgramPlan } from "./run-program";
import { defaultTagsOf, findProjectRoot, readProject, readStackConfig, StackFileError } from "./stack-files";

export interface PlanStackOptions {
  /** Project root (where Pulumi.yaml is). @default the project of the working directory (the nearest Pulumi.yaml at or above it) */
  root?: string;
  /** Config overrides for this run by key (`vpcCidr` or `aws:region`). */
  overrides?: Record<string, string>;
  /** Outputs of the stacks this one references, by the name it passes to StackReference. */
  stackReferences?: Record<string, StackReferenceOutputs>;
  /** The program module to run (`npm start` runs a prebuilt bundle of it). @default Pulumi.yaml's main */
  program?: string;
  /** The AWS account the mock plays for this plan, as planProgram's `accountId`. @default "123456789012" (OFFLINE_ACCOUNT_ID) */
  accountId?: string;
}

/**
 * Plans one stack of the project: reads its config as the CLI would, then runs the project's real
 * program (Pulumi.yaml `main`) under the offline engine.
 */
export async function planStack(stack: string, options: PlanStackOptions = {}): Promise<ProgramPlan> {
  const root = options.root ?? findProjectRoot();
  const project = readProject(root);
  const config = readStackConfig(root, project, stack, options.overrides);
  const region = config.values["aws:region"];
  if (!region) throw new StackFileError(`stack ${stack}: aws:region is not set in Pulumi.${stack}.yaml`);
  const programPath = options.program ?? path.resolve(root, project.main);
  return planProgram(() => runMain(programPath), {
    project: project.name,
    stack,
    region,
    config: config.values,
    secretConfigKeys: config.secretKeys,
    defaultTags: defaultTagsOf(config),
    stackReferences: options.stackReferences,
    accountId: options.accountId,
  });
}

/** Loads the program as the Pulumi Node.js host does: an exported function is called and its result is the stack's outputs. */
async function runMain(programPath: string): Promise<unknown> {
  const mod = await import(programPath);
  const main = typeof mod === "function" ? mod : typeof mod.default === "function" ? mod.default : undefined;
  return main ? main() : (mod.default ?? mod);
}
