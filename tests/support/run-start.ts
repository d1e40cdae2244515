/** Runs `npm start` (offline/start.cjs) as a user runs it, for the end-to-end suites. */
import { spawn } from "node:child_process";
import * as path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

export function start(...args: string[]): Promise<Run> {
  const env = { ...process.env };
  // As a user runs it: no debug output, and no program path left over from an enclosing run.
  delete env.TWIN_REGION_DEBUG;
  delete env.TWIN_REGION_PROGRAM;
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join("offline", "start.cjs"), ...args], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ args, code, stdout, stderr }));
  });
}

/** The run's output, for failure messages (the end of stdout, where the verdict is). */
export const shown = (run: Run, maxStdout = 20_000) =>
  `npm start -- ${run.args.join(" ")} exited ${run.code}\n--- stdout\n${run.stdout.slice(-maxStdout)}\n--- stderr\n${run.stderr}`;
