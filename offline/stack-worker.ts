/**
 * A process that plans one stack (offline/worker-boot.cjs). It starts loading Pulumi the moment it
 * is forked; `npm start` forks its workers before it bundles, so that cost overlaps the build.
 */
import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { packageRoot } from "../components/shared/package-root";
import type { WorkerRequest, WorkerResponse } from "./worker";

const BOOT = path.join(packageRoot(), "offline", "worker-boot.cjs");

/** The worker module and the packages to load ahead of the plan: the bundle under `npm start`, the sources otherwise. */
export interface WorkerCode {
  worker: string;
  preload: string[];
}

/** The worker run from its TypeScript source (tests, the benchmark): the process loads it through tsx. */
export const SOURCE_WORKER: WorkerCode = { worker: path.join(packageRoot(), "offline", "worker.ts"), preload: [] };

const isSource = (code: WorkerCode) => code.worker.endsWith(".ts");

/** Forks a plan process and tells it what to load; it loads Pulumi at once, then the worker, and waits for a stack to plan. */
export function loadedWorkerProcess(code: WorkerCode): ChildProcess {
  const child = fork(BOOT, [], {
    execArgv: isSource(code) ? ["--import", "tsx"] : [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  child.send({ kind: "load", ...code });
  return child;
}

export class StackWorker {
  private readonly answer: Promise<WorkerResponse>;

  private readonly child: ChildProcess;

  /** `prewarmed` is a plan process forked earlier and already sent its load message; a new one is forked otherwise. */
  constructor(
    readonly stack: string,
    code: WorkerCode,
    prewarmed?: ChildProcess,
  ) {
    this.child = prewarmed ?? loadedWorkerProcess(code);
    this.answer = new Promise((resolve, reject) => {
      let answered = false;
      this.child.once("message", (m: WorkerResponse) => {
        answered = true;
        resolve(m);
      });
      this.child.once("error", reject);
      this.child.once("exit", (code) => {
        if (!answered)
          resolve({
            ok: false,
            stack,
            kind: "program",
            message: `the plan process for ${stack} exited with code ${code} before answering`,
          });
      });
    });
  }

  plan(request: Omit<WorkerRequest, "stack">): Promise<WorkerResponse> {
    this.child.send({ kind: "plan", request: { ...request, stack: this.stack } });
    return this.answer;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
