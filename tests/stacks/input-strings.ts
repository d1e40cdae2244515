/** The string inputs of recorded resources, for suites that search them (no Pulumi runtime: plain suites use it too). */
import type { RecordedResource } from "../../offline/graph";

/** Every string in a value, with its path (`tagsAll.Region`, `ingress.0.cidrBlocks.1`). */
export function* stringLeaves(value: unknown, path = ""): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* stringLeaves(v, path ? `${path}.${i}` : String(i));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* stringLeaves(v, path ? `${path}.${k}` : k);
  }
}

/** Every string input of every resource, keyed `<urn> <path>`. Strings holding JSON documents are searched as text. */
export function inputStrings(resources: readonly RecordedResource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of resources) for (const [path, value] of stringLeaves(r.inputs)) out.set(`${r.urn} ${path}`, value);
  return out;
}
