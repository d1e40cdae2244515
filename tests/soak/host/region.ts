/** The driver's handle on a region's emulator host (main.ts): its endpoints, its table stream, stop and restart. */
import { buildSync } from "esbuild";
import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { programFile } from "../program-file";
import type { FromHost, HostEndpoints, HostStart, TableChange, ToHost } from "./protocol";

/**
 * main.ts as one CommonJS file (its packages left to node_modules): the hosts start on plain Node
 * instead of compiling TypeScript as they load.
 */
const hostProgramFile = (): string =>
  programFile("host.cjs", () => {
    const [bundle] = buildSync({
      entryPoints: [path.join(__dirname, "main.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      write: false,
      logLevel: "error",
    }).outputFiles;
    return bundle!.contents;
  });

export class RegionHost {
  /** Every change of the region's table, in order. */
  readonly changes: TableChange[] = [];
  up = true;
  faults: Record<string, number> = {};
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly region: string,
    readonly endpoints: HostEndpoints,
    private readonly child: ChildProcess,
  ) {
    child.on("message", (message: FromHost) => {
      if (message.type === "changes") {
        this.changes.push(...message.changes);
        for (const listener of this.listeners) listener();
      }
    });
  }

  static async start(config: Omit<HostStart, "type">): Promise<RegionHost> {
    const child = fork(hostProgramFile(), [], {
      execArgv: process.env.SOAK_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SOAK_PROFILE}`] : [],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const endpoints = await new Promise<HostEndpoints>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`emulator host for ${config.region} exited with ${code}`)));
      child.on("message", (m: FromHost) => {
        if (m.type === "ready") resolve(m.endpoints);
      });
      child.send({ type: "start", ...config } satisfies ToHost);
    });
    child.removeAllListeners("exit");
    return new RegionHost(config.region, endpoints, child);
  }

  /** Called whenever new table changes arrive. */
  onChanges(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private request(message: ToHost, answer: FromHost["type"]): Promise<FromHost> {
    return new Promise((resolve, reject) => {
      // A host that dies (an emulator's uncaught error) fails the run at once instead of at its timeout.
      const exited = (code: number | null) => {
        this.child.off("message", listener);
        reject(new Error(`the emulator host of ${this.region} exited with ${code} before answering "${message.type}"`));
      };
      const listener = (m: FromHost) => {
        if (m.type !== answer) return;
        this.child.off("message", listener);
        this.child.off("exit", exited);
        resolve(m);
      };
      this.child.on("message", listener);
      this.child.once("exit", exited);
      this.child.send(message);
    });
  }

  async stop(): Promise<void> {
    this.up = false;
    await this.request({ type: "stop" }, "stopped");
  }

  async restart(): Promise<void> {
    await this.request({ type: "restart" }, "restarted");
    this.up = true;
  }

  async shutdown(): Promise<void> {
    const stats = await this.request({ type: "shutdown" }, "stats");
    if (stats.type === "stats") this.faults = stats.faults;
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once("exit", () => resolve());
    });
  }
}
