/**
 * Vitest global setup: `npm start` runs once per test run, as a user runs it, and its output and
 * the graph it writes are shared by every suite that reads the planned stacks (tests/support/
 * shared-plan.ts) and by the suite of the command itself (tests/plan). `npm start -- --all-options`
 * (every optional part on) runs beside it, at the same time, for the suite that holds it to the
 * pack (tests/plan/all-options.test.ts). A failed run is not an error here: the suites that read it
 * fail with its output.
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
  /** The `--all-options --json` run (JSON, as `run`) and the graph it wrote. */
  allOptionsRun: string;
  allOptionsJson: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    sharedPlan: SharedPlanFiles;
  }
}

/**
 * Vitest calls a root globalSetup for the root and again for each project (each `extends: true`
 * project inherits it), loading this module anew each time: the run is made once per process, by
 * the first call (kept on globalThis), and every project is given its files.
 */
interface Shared {
  files: Promise<SharedPlanFiles>;
  users: number;
}
const SHARED = Symbol.for("twin-region.shared-plan");
const holder = globalThis as { [SHARED]?: Shared };

async function runOnce(): Promise<SharedPlanFiles> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-shared-plan-"));
  const files: SharedPlanFiles = {
    run: path.join(dir, "run.json"),
    json: path.join(dir, "plan.json"),
    mermaid: path.join(dir, "plan.mmd"),
    allOptionsRun: path.join(dir, "all-options-run.json"),
    allOptionsJson: path.join(dir, "all-options-plan.json"),
  };
  const [run, allOptions] = await Promise.all([
    start("--json", files.json, "--mermaid", files.mermaid),
    start("--all-options", "--json", files.allOptionsJson),
  ]);
  fs.writeFileSync(files.run, JSON.stringify(run));
  fs.writeFileSync(files.allOptionsRun, JSON.stringify(allOptions));
  return files;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[SHARED] ??= { files: runOnce(), users: 0 });
  shared.users++;
  const files = await shared.files;
  project.provide("sharedPlan", files);
  return async () => {
    if (--shared.users > 0) return;
    delete holder[SHARED];
    fs.rmSync(path.dirname(files.run), { recursive: true, force: true });
  };
}
