/**
 * One stack's plan, in a process of its own (offline/worker-boot.cjs runs it): plans the stack it
 * is asked for and answers with the recorded plan or the error.
 */
import { performance } from "node:perf_hooks";
import { RunError } from "@pulumi/pulumi";
import { planStack, type PlanStackOptions } from "./plan-stack";
import { sourceMappedStack } from "./source-mapped-stack";
import { StackFileError } from "./stack-files";

export interface WorkerRequest extends PlanStackOptions {
  stack: string;
}

export type WorkerResponse =
  | {
      ok: true;
      stack: string;
      region: string;
      resources: unknown[];
      outputs: Record<string, unknown>;
      secretOutputNames: string[];
      /** Time the plan took inside its process. */
      elapsedMs: number;
      /** The process's peak resident memory. */
      maxRssBytes: number;
    }
  | { ok: false; stack: string; kind: "config" | "program"; message: string };

/** Config mistakes (a RunError from the program's validation, a bad stack file) are reported by message alone. */
const isConfigError = (e: Error) => e instanceof StackFileError || RunError.isInstance(e);

/**
 * A config error is reported by its message alone, as the Pulumi CLI does for a RunError; any other
 * error is a bug of the program (or something AWS would reject) and is reported with its stack, in
 * terms of the TypeScript sources.
 */
function describeFailure(stack: string, e: unknown): WorkerResponse {
  const err = e as Error & { causes?: Error[] };
  const causes = err.causes ?? [err];
  const kind = causes.some(isConfigError) ? "config" : "program";
  const message = causes
    .map((c) => (kind === "program" && c.stack ? sourceMappedStack(c.stack) : c.message))
    .join("\n");
  return { ok: false, stack, kind, message };
}

export async function planRequest(req: WorkerRequest): Promise<WorkerResponse> {
  try {
    const started = performance.now();
    const plan = await planStack(req.stack, req);
    const elapsedMs = performance.now() - started;
    const { resources, outputs, secretOutputNames } = plan;
    return {
      ok: true,
      stack: plan.stack,
      region: plan.region,
      resources,
      outputs,
      secretOutputNames,
      elapsedMs,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  } catch (e) {
    return describeFailure(req.stack, e);
  }
}
