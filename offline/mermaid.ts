import type { RecordedResource, StackGraph } from "./graph";
import { isInfrastructure, PLUMBING_TYPES, shortType, topLevelComponentOf } from "./components-of";

const safeId = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");

interface Node {
  id: string;
  stack: string;
  region: string;
  component: string;
  type: string;
  count: number;
}

/**
 * An architecture diagram generated from the recorded graphs: one box per stack and region,
 * inside it one box per component with its main resource types, and the links that cross
 * regions (a resource whose inputs name a resource in another region, a StackReference).
 */
export function renderMermaid(stacks: StackGraph[]): string {
  const lines = ["flowchart LR"];
  const nodes = new Map<string, Node>();
  const nodeOf = new Map<RecordedResource, Node>();
  for (const stack of stacks) {
    const componentOf = topLevelComponentOf(stack.resources);
    for (const r of stack.resources) {
      if (!isInfrastructure(r) || !(r.custom || r.remote) || PLUMBING_TYPES.has(r.type)) continue;
      const component = componentOf(r)?.name ?? "stack";
      const id = safeId(`${stack.name}_${r.region}_${component}_${shortType(r.type)}`);
      const node = nodes.get(id) ?? {
        id,
        stack: stack.name,
        region: r.region,
        component,
        type: shortType(r.type),
        count: 0,
      };
      node.count++;
      nodes.set(id, node);
      nodeOf.set(r, node);
    }
  }
  for (const stack of stacks) {
    const mine = [...nodes.values()].filter((n) => n.stack === stack.name);
    lines.push(`  subgraph ${safeId(`stack_${stack.name}`)}["stack ${stack.name} (${stack.region})"]`);
    for (const region of [...new Set(mine.map((n) => n.region))].sort()) {
      lines.push(`    subgraph ${safeId(`${stack.name}_${region}`)}["${region}"]`);
      const inRegion = mine.filter((n) => n.region === region);
      for (const component of [...new Set(inRegion.map((n) => n.component))].sort()) {
        lines.push(`      subgraph ${safeId(`${stack.name}_${region}_${component}`)}["${component}"]`);
        for (const n of inRegion
          .filter((x) => x.component === component)
          .sort((a, b) => a.type.localeCompare(b.type))) {
          lines.push(`        ${n.id}["${n.type}${n.count > 1 ? ` ×${n.count}` : ""}"]`);
        }
        lines.push("      end");
      }
      lines.push("    end");
    }
    lines.push("  end");
  }
  for (const edge of crossRegionEdges(stacks, nodeOf)) lines.push(`  ${edge}`);
  return lines.join("\n") + "\n";
}

/**
 * Links that cross a region or a stack: a StackReference; inside a stack, an input that came from
 * a resource in another region (the recorded property dependencies); across stacks, an input that
 * names another stack's resource by id or ARN (a bucket's configuration resources share its id,
 * so the resource they all point at wins).
 */
function crossRegionEdges(stacks: StackGraph[], nodeOf: Map<RecordedResource, Node>): string[] {
  const edges = new Set<string>();
  const link = (target: RecordedResource, source: RecordedResource) => {
    const to = nodeOf.get(target);
    const from = nodeOf.get(source);
    if (to && from && to !== from) edges.add(`${to.id} -- "${shortType(source.type)}" --> ${from.id}`);
  };
  const regional = (a: string, b: string) => a !== b && a !== "global" && b !== "global";
  for (const s of stacks) {
    const byUrn = new Map(s.resources.map((r) => [r.urn, r]));
    for (const r of s.resources) {
      if (r.type === "pulumi:pulumi:StackReference") {
        const peer = stacks.find((p) => p !== s && (r.id === p.name || r.id?.endsWith(`/${p.name}`)));
        if (peer)
          edges.add(`${safeId(`stack_${peer.name}`)} -. "outputs via StackReference" .-> ${safeId(`stack_${s.name}`)}`);
        continue;
      }
      for (const urn of Object.values(r.propertyDependencies ?? {}).flat()) {
        const target = byUrn.get(urn);
        if (target && regional(target.region, r.region)) link(target, r);
      }
      // Across stacks, only into the stacks this one reads through a StackReference, and only by
      // names this stack does not also use itself (two stacks may both have a "S3Delivery" stream).
      for (const other of referencedStacks(s, stacks)) {
        for (const value of referencedStrings(r.inputs)) {
          const target = ownerIn(other, value);
          if (target && !ownerIn(s, value)) link(target, r);
        }
      }
    }
  }
  return [...edges].sort();
}

function referencedStacks(stack: StackGraph, stacks: StackGraph[]): StackGraph[] {
  const refs = stack.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.id ?? "");
  return stacks.filter((o) => o !== stack && refs.some((id) => id === o.name || id.endsWith(`/${o.name}`)));
}

const ownerCache = new WeakMap<StackGraph, Map<string, RecordedResource[]>>();

/** The resource of a stack a string names (its id or ARN), preferring the one its siblings point at. */
function ownerIn(stack: StackGraph, value: string): RecordedResource | undefined {
  if (value.length <= 8) return undefined;
  let owners = ownerCache.get(stack);
  if (!owners) {
    owners = new Map();
    for (const r of stack.resources) {
      if (!r.custom) continue;
      for (const key of new Set([r.id, r.inputs.arn].filter((k): k is string => typeof k === "string")))
        owners.set(key, [...(owners.get(key) ?? []), r]);
    }
    ownerCache.set(stack, owners);
  }
  const found = owners.get(value) ?? [];
  const roots = found.filter(
    (o) =>
      !found.some(
        (other) =>
          other !== o &&
          Object.values(o.propertyDependencies ?? {})
            .flat()
            .includes(other.urn),
      ),
  );
  return roots.length === 1 ? roots[0] : undefined;
}

function* referencedStrings(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* referencedStrings(v);
  else if (value && typeof value === "object") for (const v of Object.values(value)) yield* referencedStrings(v);
}
