/**
 * A deployed Lambda function for the soak: its esbuild bundle (the very code PlatformFunction
 * deploys) in worker threads, one per concurrent invocation slot (one per shard, as a stream's
 * event source mapping with a parallelization factor of 1 runs them), with the function's
 * environment. `crash` kills a slot's environment in the middle of an invocation, as an
 * out-of-memory error or a timeout does; the next invocation in that slot starts a new one.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { bundleFunction, type FunctionName } from "../../../components/compute/function-bundle";
import { programFile } from "../program-file";

export type Invocation = { ok: true; result: unknown } | { ok: false; error: string };

interface Slot {
  worker?: Worker;
  pending?: { id: number; resolve: (outcome: Invocation) => void };
}

/** The function's bundle on disk, written once per process. */
const bundleFile = (name: FunctionName): string => programFile(`${name}.cjs`, () => bundleFunction(name).code);

/** What every function's environment has in the soak: quiet Powertools, the region's endpoints. */
export function lambdaEnvironment(region: string, endpoints: Record<string, string>): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_TRACE_ENABLED: "false",
    AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
    ...Object.fromEntries(Object.entries(endpoints).map(([service, url]) => [`AWS_ENDPOINT_URL_${service}`, url])),
  };
}

export class LambdaFunction {
  private readonly slots: Slot[];
  private nextId = 0;
  invocations = 0;
  crashes = 0;

  constructor(
    readonly name: string,
    private readonly handler: FunctionName,
    private readonly env: Record<string, string>,
    slots: number,
  ) {
    this.slots = Array.from({ length: slots }, () => ({}));
  }

  /** Runs one invocation in the slot; with `crashAfterMs`, its environment is killed then if it is still running. */
  invoke(slot: number, event: unknown, crashAfterMs?: number): Promise<Invocation> {
    const s = this.slots[slot]!;
    if (s.pending) throw new Error(`${this.name}: slot ${slot} is busy`);
    const worker = (s.worker ??= this.spawn(s));
    this.invocations++;
    const id = ++this.nextId;
    if (crashAfterMs !== undefined) setTimeout(() => void this.crash(slot, id), crashAfterMs);
    return new Promise((resolve) => {
      s.pending = { id, resolve };
      worker.postMessage({ id, event });
    });
  }

  private async crash(slot: number, id: number): Promise<void> {
    const s = this.slots[slot]!;
    const worker = s.worker;
    if (!worker || s.pending?.id !== id) return;
    this.crashes++;
    s.worker = undefined;
    const pending = s.pending;
    s.pending = undefined;
    await worker.terminate();
    pending.resolve({ ok: false, error: "Runtime exited: the environment crashed in the middle of the invocation" });
  }

  async stop(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(path.join(__dirname, "lambda-worker.cjs"), {
      // The bundle is plain JavaScript: no TypeScript loader the driver may run under.
      execArgv: [],
      workerData: { file: bundleFile(this.handler), functionName: this.name },
      env: this.env,
    });
    worker.on("message", (m: { id: number } & Invocation) => {
      if (slot.worker !== worker || slot.pending?.id !== m.id) return;
      const { resolve } = slot.pending;
      slot.pending = undefined;
      resolve(m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
    });
    worker.on("error", (error) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const pending = slot.pending;
      slot.pending = undefined;
      pending?.resolve({ ok: false, error: `Runtime error: ${error.message}` });
    });
    return worker;
  }
}
