/**
 * Vitest global setup: `npm start` runs once per test run, as a user runs it, and its output and
 * the graph it writes are shared by every suite that reads the planned stacks (tests/support/
 * shared-plan.ts) and by the suite of the command itself (tests/plan). A failed run is not an
 * error here: the suites that read it fail with its output.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";
import { start } from "./run-start";

export interface SharedPlanFiles {
  /** The arguments, exit code, stdout and stderr of the run (JSON). */
  run: string;
  /** What it wrote with --json and --mermaid. */
  json: string;
  mermaid: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    sharedPlan: SharedPlanFiles;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-shared-plan-"));
  const files: SharedPlanFiles = {
    run: path.join(dir, "run.json"),
    json: path.join(dir, "plan.json"),
    mermaid: path.join(dir, "plan.mmd"),
  };
  const run = await start("--json", files.json, "--mermaid", files.mermaid);
  fs.writeFileSync(files.run, JSON.stringify(run));
  project.provide("sharedPlan", files);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
