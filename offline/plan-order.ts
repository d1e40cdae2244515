import type { ChildProcess } from "node:child_process";
import type { StackReferenceOutputs } from "./aws-mock";
import { shownOutputs, type RecordedResource, type StackGraph } from "./graph";
import { SOURCE_WORKER, StackWorker, type WorkerCode } from "./stack-worker";
import { listStacks, readProject, readStackConfig, StackFileError } from "./stack-files";

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
    if (!all.includes(s))
      throw new StackFileError(`no stack "${s}": this project has ${all.join(", ")} (Pulumi.<stack>.yaml)`);
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
    if (path.includes(stack))
      throw new StackFileError(`stacks reference each other in a cycle: ${[...path, stack].join(" → ")}`);
    const peer = peerOf(stack);
    if (peer) visit(peer.stack, [...path, stack]);
    order.push({ stack, ...(peer ? { peer } : {}) });
  };
  const wanted = requested.length ? requested : all;
  // Stacks that others reference go first: primary, then secondary.
  for (const s of [...wanted].sort(
    (a, b) => Number(Boolean(peerOf(a))) - Number(Boolean(peerOf(b))) || a.localeCompare(b),
  ))
    visit(s, []);
  return order;
}

/** How the plan processes run: the worker's code, the program, and processes forked ahead of time. */
export interface WorkerOptions {
  /** @default the sources (through tsx) */
  code?: WorkerCode;
  /** The program module each stack runs. @default Pulumi.yaml's main, from source */
  program?: string;
  /** The project (where Pulumi.yaml is). @default the project of the working directory */
  root?: string;
  /** The AWS account the mock plays in every stack's plan. @default OFFLINE_ACCOUNT_ID */
  accountId?: string;
  /**
   * Plan processes forked earlier (offline/worker-boot.cjs) and already sent their load message,
   * used before new ones are forked; the unused are stopped.
   */
  prewarmed?: ChildProcess[];
  /**
   * Called with each stack's graph once it is planned, while the next stack plans (the next
   * stack's request goes out first), so that evaluating and printing a stack costs no wall time.
   */
  onPlanned?: (stack: StackGraph) => void;
}

export interface PlannedStacks {
  stacks: StackGraph[];
  /** Each stack's outputs, as its StackReference reads them. */
  outputs: Record<string, StackReferenceOutputs>;
  /** Plan time inside each stack's process. */
  elapsedMs: Record<string, number>;
  /** Peak resident memory of each stack's process. */
  maxRssBytes: Record<string, number>;
}

/** Plans the stacks in order, each in a process of its own, handing each the outputs of the stack it references. */
export async function planStacksInWorkers(
  order: StackStep[],
  overrides: Record<string, Record<string, string>>,
  options: WorkerOptions = {},
): Promise<PlannedStacks | { failure: StackFailure }> {
  for (const stack of Object.keys(overrides)) {
    if (!order.some((s) => s.stack === stack))
      throw new StackFileError(`--config names stack "${stack}", which is not being planned`);
  }
  const code = options.code ?? SOURCE_WORKER;
  const prewarmed = [...(options.prewarmed ?? [])];
  const workers = order.map((step) => new StackWorker(step.stack, code, prewarmed.shift()));
  for (const unused of prewarmed) unused.kill();
  const planned: PlannedStacks = { stacks: [], outputs: {}, elapsedMs: {}, maxRssBytes: {} };
  const reports: Promise<void>[] = [];
  const report = (graph: StackGraph) =>
    new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        try {
          options.onPlanned?.(graph);
          resolve();
        } catch (e) {
          reject(e as Error);
        }
      }),
    );
  try {
    for (const [i, step] of order.entries()) {
      const stackReferences = step.peer ? { [step.peer.reference]: planned.outputs[step.peer.stack]! } : undefined;
      const response = await workers[i]!.plan({
        overrides: overrides[step.stack],
        stackReferences,
        program: options.program,
        root: options.root,
        accountId: options.accountId,
      });
      if (!response.ok) {
        await Promise.all(reports);
        return { failure: response };
      }
      planned.outputs[step.stack] = { outputs: response.outputs, secretOutputNames: response.secretOutputNames };
      // Registration order depends on promise timing; URN order makes the saved graph diffable.
      const resources = (response.resources as RecordedResource[]).sort((a, b) => a.urn.localeCompare(b.urn));
      const graph: StackGraph = {
        name: step.stack,
        region: response.region,
        outputs: shownOutputs(response.outputs, response.secretOutputNames),
        resources,
        violations: [],
      };
      planned.stacks.push(graph);
      planned.elapsedMs[step.stack] = response.elapsedMs;
      planned.maxRssBytes[step.stack] = response.maxRssBytes;
      reports.push(report(graph));
    }
    await Promise.all(reports);
    return planned;
  } finally {
    for (const w of workers) w.stop();
  }
}
