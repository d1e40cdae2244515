import { fork } from "node:child_process";
import * as path from "node:path";
import type { StackReferenceOutputs } from "./aws-mock";
import type { RecordedResource, StackGraph } from "./graph";
import { listStacks, readProject, readStackConfig, StackFileError } from "./stack-files";
import type { WorkerRequest, WorkerResponse } from "./worker";

export interface StackStep {
  stack: string;
  /** The project stack this one reads through a StackReference, and the name it uses for it. */
  peer?: { stack: string; reference: string };
}

export interface StackFailure {
  stack: string;
  kind: "config" | "program";
  message: string;
}

/**
 * The stacks to plan, each after the stack it references (`peerStack`): a secondary asked for
 * alone brings its primary along, since the secondary needs the primary's outputs.
 */
export function orderStacks(root: string, requested: string[]): StackStep[] {
  const project = readProject(root);
  const all = listStacks(root);
  for (const s of requested) {
    if (!all.includes(s)) throw new StackFileError(`no stack "${s}": this project has ${all.join(", ")} (Pulumi.<stack>.yaml)`);
  }
  const peerOf = (stack: string): StackStep["peer"] => {
    const reference = readStackConfig(root, project, stack).values[`${project.name}:peerStack`];
    if (!reference) return undefined;
    const parts = reference.split("/");
    const local = parts[parts.length - 1]!;
    const sameProject = parts.length < 2 || parts[parts.length - 2] === project.name;
    return sameProject && all.includes(local) ? { stack: local, reference } : undefined;
  };
  const order: StackStep[] = [];
  const visit = (stack: string, path: string[]) => {
    if (order.some((s) => s.stack === stack)) return;
    if (path.includes(stack)) throw new StackFileError(`stacks reference each other in a cycle: ${[...path, stack].join(" → ")}`);
    const peer = peerOf(stack);
    if (peer) visit(peer.stack, [...path, stack]);
    order.push({ stack, ...(peer ? { peer } : {}) });
  };
  const wanted = requested.length ? requested : all;
  // Stacks that others reference go first: primary, then secondary.
  for (const s of [...wanted].sort((a, b) => Number(Boolean(peerOf(a))) - Number(Boolean(peerOf(b))) || a.localeCompare(b))) visit(s, []);
  return order;
}

/** From the start bundle the worker is prebuilt JavaScript; from source it runs through tsx. */
const bundled = __filename.endsWith(".js");
const WORKER = path.join(__dirname, bundled ? "worker.js" : "worker.ts");
const WORKER_NODE_ARGS = bundled ? ["--enable-source-maps"] : ["--import", "tsx"];

/** A process that plans one stack; it starts loading its modules at once and plans when asked. */
export class StackWorker {
  private readonly child = fork(WORKER, [], { execArgv: WORKER_NODE_ARGS, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  private readonly answer: Promise<WorkerResponse>;

  constructor(readonly stack: string) {
    this.answer = new Promise((resolve, reject) => {
      let answered = false;
      this.child.once("message", (m: WorkerResponse) => {
        answered = true;
        resolve(m);
      });
      this.child.once("error", reject);
      this.child.once("exit", (code) => {
        if (!answered) resolve({ ok: false, stack, kind: "program", message: `the plan process for ${stack} exited with code ${code} before answering` });
      });
    });
  }

  plan(request: Omit<WorkerRequest, "stack">): Promise<WorkerResponse> {
    this.child.send({ ...request, stack: this.stack });
    return this.answer;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

export async function planStacksInWorkers(
  order: StackStep[],
  overrides: Record<string, Record<string, string>>,
): Promise<{ stacks: StackGraph[]; elapsedMs: Record<string, number> } | { failure: StackFailure }> {
  for (const stack of Object.keys(overrides)) {
    if (!order.some((s) => s.stack === stack)) throw new StackFileError(`--config names stack "${stack}", which is not being planned`);
  }
  const outputs = new Map<string, StackReferenceOutputs>();
  const stacks: StackGraph[] = [];
  const elapsedMs: Record<string, number> = {};
  const workers = order.map((step) => new StackWorker(step.stack));
  try {
    for (const [i, step] of order.entries()) {
      const stackReferences = step.peer ? { [step.peer.reference]: outputs.get(step.peer.stack)! } : undefined;
      const response = await workers[i]!.plan({ overrides: overrides[step.stack], stackReferences });
      if (!response.ok) return { failure: response };
      outputs.set(step.stack, { outputs: response.outputs, secretOutputNames: response.secretOutputNames });
      // Registration order depends on promise timing; URN order makes the saved graph diffable.
      const resources = (response.resources as RecordedResource[]).sort((a, b) => a.urn.localeCompare(b.urn));
      stacks.push({ name: step.stack, region: response.region, resources, violations: [] });
      elapsedMs[step.stack] = response.elapsedMs;
    }
    return { stacks, elapsedMs };
  } finally {
    for (const w of workers) w.stop();
  }
}
