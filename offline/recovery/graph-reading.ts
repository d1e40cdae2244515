import type { RecordedResource } from "../graph";
import type { ResourceGraph } from "../graph";

/**
 * The resource of one of `types` that an input of `r` came from: the recorded property dependency
 * (`healthCheckId: check.id`), or an input whose value is its id or ARN (a graph written by hand).
 */
export function sourceOf(
  graph: ResourceGraph,
  r: RecordedResource,
  prop: string,
  types: readonly string[],
): RecordedResource | undefined {
  const candidates = graph.resources.filter((c) => types.includes(c.type));
  const urns = r.propertyDependencies?.[prop] ?? [];
  const byDependency = candidates.find((c) => urns.includes(c.urn));
  if (byDependency) return byDependency;
  const values = JSON.stringify(r.inputs[prop] ?? null);
  return candidates.find((c) =>
    [c.id, c.inputs.arn].some((v) => typeof v === "string" && v.length > 0 && values.includes(JSON.stringify(v))),
  );
}

const LAMBDA_FUNCTION = "aws:lambda/function:Function";
const LAMBDA_ALIAS = "aws:lambda/alias:Alias";

/**
 * The Lambda function an input invokes: named directly, or through one of its aliases (the
 * platform's invokers name the `live` alias, which CodeDeploy shifts between versions).
 */
export function invokedFunction(graph: ResourceGraph, r: RecordedResource, prop: string): RecordedResource | undefined {
  const target = sourceOf(graph, r, prop, [LAMBDA_FUNCTION, LAMBDA_ALIAS]);
  return target?.type === LAMBDA_ALIAS ? sourceOf(graph, target, "functionName", [LAMBDA_FUNCTION]) : target;
}

/** A number input, or the fallback when it is absent (AWS's default). */
export const numberInput = (r: RecordedResource, prop: string, fallback: number): number => {
  const v = r.inputs[prop];
  return typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : fallback;
};

/** The region part of an ARN (`arn:aws:kinesis:us-east-1:…`), undefined for anything else. */
export const regionOfArn = (arn: unknown): string | undefined =>
  typeof arn === "string" ? /^arn:[^:]+:[^:]+:([a-z0-9-]+):/.exec(arn)?.[1] : undefined;

/** "228 s (3 min 48 s)"; "unbounded" for null. */
export function duration(seconds: number | null): string {
  if (seconds === null) return "unbounded";
  if (seconds < 60) return `${seconds} s`;
  const min = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${seconds} s (${min} min${s ? ` ${s} s` : ""})`;
}
