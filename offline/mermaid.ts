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
      const node = nodes.get(id) ?? { id, stack: stack.name, region: r.region, component, type: shortType(r.type), count: 0 };
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
        for (const n of inRegion.filter((x) => x.component === component).sort((a, b) => a.type.localeCompare(b.type))) {
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

function crossRegionEdges(stacks: StackGraph[], nodeOf: Map<RecordedResource, Node>): string[] {
  const edges = new Set<string>();
  const owner = new Map<string, RecordedResource>();
  for (const s of stacks) {
    for (const r of s.resources) {
      if (!nodeOf.has(r)) continue;
      for (const key of [r.id, r.inputs.arn]) if (typeof key === "string" && key.length > 8) owner.set(key, r);
    }
  }
  for (const s of stacks) {
    for (const r of s.resources) {
      if (r.type === "pulumi:pulumi:StackReference") {
        const peer = stacks.find((p) => p !== s && (r.id === p.name || r.id?.endsWith(`/${p.name}`)));
        if (peer) edges.add(`${safeId(`stack_${peer.name}`)} -. "outputs via StackReference" .-> ${safeId(`stack_${s.name}`)}`);
        continue;
      }
      const from = nodeOf.get(r);
      if (!from) continue;
      for (const value of referencedStrings(r.inputs)) {
        const target = owner.get(value);
        const to = target && nodeOf.get(target);
        if (to && to.region !== from.region && to.region !== "global" && from.region !== "global") {
          edges.add(`${to.id} -- "${shortType(r.type)}" --> ${from.id}`);
        }
      }
    }
  }
  return [...edges].sort();
}

function* referencedStrings(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* referencedStrings(v);
  else if (value && typeof value === "object") for (const v of Object.values(value)) yield* referencedStrings(v);
}
