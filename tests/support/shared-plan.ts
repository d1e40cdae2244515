/**
 * Both stacks as `npm start` planned them, once per test run (tests/support/shared-plan.setup.ts):
 * suites that check what the program deploys read this instead of planning again. Reading it
 * needs no Pulumi runtime, so such suites run in the unit project.
 */
import * as fs from "node:fs";
import { inject } from "vitest";
import { SECRET_OUTPUT, ResourceGraph, type Violation } from "../../offline/graph";
import { readGraphFile } from "../../offline/graph-file";
import type { StackReferenceOutputs } from "../../offline/aws-mock";
import type { ProgramPlan } from "../../offline/run-program";
import { shown, type Run } from "./run-start";

/** One stack of the shared plan: what an in-process plan gives, plus its policy verdict. */
export interface PlannedStack extends ProgramPlan {
  violations: Violation[];
}

/** A run of `npm start` and both stacks it planned. */
export interface PlannedRun {
  /** The `npm start -- ...` run itself. */
  run: Run;
  primary: PlannedStack;
  secondary: PlannedStack;
}

/** The `npm start -- --json FILE --mermaid FILE` run, and the files it wrote. */
export interface SharedPlan extends PlannedRun {
  json: string;
  mermaid: string;
}

/** Both stacks as `npm start -- --all-options --json FILE` planned them: every optional part on. */
export type AllOptionsPlan = PlannedRun;

let cached: SharedPlan | undefined;
let cachedAllOptions: AllOptionsPlan | undefined;

function sharedFiles() {
  const files = inject("sharedPlan");
  if (!files)
    throw new Error(
      "no shared plan: tests/support/shared-plan.setup.ts is not this project's globalSetup (vitest.config.mts)",
    );
  return files;
}

export function sharedPlan(): SharedPlan {
  if (cached) return cached;
  const files = sharedFiles();
  const { run, primary, secondary } = readRun(files.run, files.json, "the shared npm start run");
  cached = { run, primary, secondary, json: files.json, mermaid: files.mermaid };
  return cached;
}

/** The shared `npm start -- --all-options` run (made beside the shared plan, once per test run). */
export function allOptionsPlan(): AllOptionsPlan {
  if (cachedAllOptions) return cachedAllOptions;
  const files = sharedFiles();
  cachedAllOptions = readRun(files.allOptionsRun, files.allOptionsJson, "the shared npm start -- --all-options run");
  return cachedAllOptions;
}

function readRun(runFile: string, json: string, what: string): PlannedRun {
  const run = JSON.parse(fs.readFileSync(runFile, "utf8")) as Run;
  if (run.code !== 0 || !fs.existsSync(json)) throw new Error(`${what} failed:\n${shown(run)}`);
  const stacks = readGraphFile(json).stacks.map((s): PlannedStack => ({
    stack: s.name,
    region: s.region,
    resources: s.resources,
    graph: new ResourceGraph(s.resources),
    outputs: s.outputs ?? {},
    secretOutputNames: Object.entries(s.outputs ?? {})
      .filter(([, v]) => v === SECRET_OUTPUT)
      .map(([k]) => k),
    violations: s.violations,
  }));
  const byName = (name: string) => stacks.find((s) => s.stack === name) ?? fail(`${what} has no stack ${name}`);
  return { run, primary: byName("primary"), secondary: byName("secondary") };
}

/** What the secondary's StackReference reads from a planned primary (a secret output is not in the saved graph: plan in-process to read it). */
export function outputsOf(stack: PlannedStack): StackReferenceOutputs {
  if (stack.secretOutputNames.length)
    throw new Error(
      `stack ${stack.stack} has secret outputs (${stack.secretOutputNames.join(", ")}) the saved graph does not hold; plan it in-process`,
    );
  return { outputs: stack.outputs, secretOutputNames: [] };
}

function fail(message: string): never {
  throw new Error(message);
}
