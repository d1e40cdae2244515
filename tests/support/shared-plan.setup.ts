/**
 * Vitest global setup: `npm start` runs once per test run, as a user runs it, and its output and
 * the graph it writes are shared by every suite that reads the planned stacks (tests/support/
 * shared-plan.ts) and by the suite of the command itself (tests/plan). `npm start -- --all-options`
 * (every optional part on, as another account, with the primary's config at its edges:
 * tests/support/all-options-run.ts) runs beside it, at the same time, for the suites that hold it
 * to the pack (tests/plan/all-options.test.ts) and look for a hard-coded account id. A failed run is not an error here: the suites that read it
 * fail with its output.
 *
 * The suites start once both runs have finished: the runs bundle every function and program into
 * the project's caches (node_modules/.cache), which the suites then read. Started beside the
 * suites, in a fresh clone every Pulumi suite would bundle the same functions again at the same
 * time (measured: 70 s instead of 55 s for npm test).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";
import { allOptionsRunArgs } from "./all-options-run";
import { start, type Run } from "./run-start";

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
  files: SharedPlanFiles;
  /** Settles once both runs have finished and their files are written. */
  done: Promise<void>;
  users: number;
}
const SHARED = Symbol.for("twin-region.shared-plan");
const holder = globalThis as { [SHARED]?: Shared };

function startOnce(): Shared {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-shared-plan-"));
  const files: SharedPlanFiles = {
    run: path.join(dir, "run.json"),
    json: path.join(dir, "plan.json"),
    mermaid: path.join(dir, "plan.mmd"),
    allOptionsRun: path.join(dir, "all-options-run.json"),
    allOptionsJson: path.join(dir, "all-options-plan.json"),
  };
  const record = (file: string, run: Promise<Run>) =>
    run
      .catch((e: Error): Run => ({ args: [], code: null, stdout: "", stderr: `npm start could not run: ${e.stack}` }))
      .then((r) => fs.writeFileSync(file, JSON.stringify(r)));
  const done = Promise.all([
    record(files.run, start("--json", files.json, "--mermaid", files.mermaid)),
    record(files.allOptionsRun, start(...allOptionsRunArgs(), "--json", files.allOptionsJson)),
  ]).then(() => undefined);
  return { files, done, users: 0 };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[SHARED] ??= startOnce());
  shared.users++;
  await shared.done;
  project.provide("sharedPlan", shared.files);
  return async () => {
    if (--shared.users > 0) return;
    delete holder[SHARED];
    fs.rmSync(path.dirname(shared.files.run), { recursive: true, force: true });
  };
}
