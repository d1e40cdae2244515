/**
 * One stack's plan in a process of its own (Pulumi's mocked runtime is global per process).
 * Receives a request over IPC, answers with the recorded plan or the error, then exits.
 */
import { performance } from "node:perf_hooks";
import { RunError } from "@pulumi/pulumi";
import { planStack, type PlanStackOptions } from "./plan-stack";
import { StackFileError } from "./stack-files";

export interface WorkerRequest extends PlanStackOptions {
  stack: string;
}

export type WorkerResponse =
  | { ok: true; stack: string; region: string; resources: unknown[]; outputs: Record<string, unknown>; secretOutputNames: string[]; elapsedMs: number }
  | { ok: false; stack: string; kind: "config" | "program"; message: string };

/** Config mistakes (a RunError from the program's validation, a bad stack file) are reported by message alone. */
const kindOf = (e: Error): "config" | "program" => (e instanceof StackFileError || RunError.isInstance(e) ? "config" : "program");

// Load the heavy modules while the parent is still busy with an earlier stack: the secondary's
// process warms up while the primary plans.
// (The program itself is imported only when asked: it may read config at import time.)
const warm = import("@pulumi/aws");

process.once("message", async (req: WorkerRequest) => {
  await warm;
  let response: WorkerResponse;
  try {
    const started = performance.now();
    const plan = await planStack(req.stack, req);
    const elapsedMs = performance.now() - started;
    response = { ok: true, stack: plan.stack, region: plan.region, resources: plan.resources, outputs: plan.outputs, secretOutputNames: plan.secretOutputNames, elapsedMs };
  } catch (e) {
    const err = e as Error & { causes?: Error[] };
    const causes = err.causes ?? [err];
    const kind = causes.some((c) => kindOf(c) === "config") ? "config" : "program";
    const message = causes.map((c) => (kind === "program" && process.env.TWIN_REGION_DEBUG ? c.stack ?? c.message : c.message)).join("\n");
    response = { ok: false, stack: req.stack, kind, message };
  }
  process.send!(response, () => process.exit(0));
});
