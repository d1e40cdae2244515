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

export interface SharedPlan {
  /** The `npm start -- --json FILE --mermaid FILE` run itself. */
  run: Run;
  primary: PlannedStack;
  secondary: PlannedStack;
  /** The files it wrote. */
  json: string;
  mermaid: string;
}

let cached: SharedPlan | undefined;

export function sharedPlan(): SharedPlan {
  if (cached) return cached;
  const files = inject("sharedPlan");
  if (!files)
    throw new Error(
      "no shared plan: tests/support/shared-plan.setup.ts is not this project's globalSetup (vitest.config.mts)",
    );
  const run = JSON.parse(fs.readFileSync(files.run, "utf8")) as Run;
  if (run.code !== 0 || !fs.existsSync(files.json)) throw new Error(`the shared npm start run failed:\n${shown(run)}`);
  const stacks = readGraphFile(files.json).stacks.map((s): PlannedStack => ({
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
  const byName = (name: string) => stacks.find((s) => s.stack === name) ?? fail(`the shared plan has no stack ${name}`);
  cached = {
    run,
    primary: byName("primary"),
    secondary: byName("secondary"),
    json: files.json,
    mermaid: files.mermaid,
  };
  return cached;
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
