/**
 * The change task (F1) as its container runs it: the bundled program in a process of its own,
 * with the task definition's environment; `kill` stops it abruptly (SIGKILL, as a host failure
 * does) and a new one starts, `stop` sends SIGTERM as ECS does and waits for it to finish.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { bundleProgram } from "../../components/compute/function-bundle";
import { programFile } from "./program-file";

const EXIT_WITH_PARENT = path.join(__dirname, "exit-with-parent.cjs");

export class ChangeTask {
  private child?: ChildProcess;
  kills = 0;
  exitCodes: (number | null)[] = [];

  constructor(private readonly env: Record<string, string>) {}

  start(): void {
    const program = programFile("change-task.cjs", () => bundleProgram("change-task").code);
    const profile = process.env.SOAK_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SOAK_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, "--require", EXIT_WITH_PARENT, program], {
      env: this.env,
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    child.on("exit", (code) => {
      this.exitCodes.push(code);
      if (this.child === child) this.child = undefined;
    });
    this.child = child;
  }

  /** Kills the running task and starts another, as ECS replaces a task whose host failed. */
  kill(): void {
    const child = this.child;
    if (!child) return;
    this.kills++;
    this.child = undefined;
    child.kill("SIGKILL");
    this.start();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}
