import type { StackGraph } from "./graph";
import { isInfrastructure, topLevelComponentOf } from "./components-of";

/**
 * The plan as a person reads it: per stack and region, each top-level component with its
 * resource types and counts, then the totals.
 */
export function renderSummary(stack: StackGraph): string {
  const resources = stack.resources.filter((r) => isInfrastructure(r) && (r.custom || r.remote));
  const componentOf = topLevelComponentOf(stack.resources);
  const lines = [`Stack ${stack.name} (${stack.region}): ${resources.length} resources`];
  const regions = [...new Set(resources.map((r) => r.region))].sort((a, b) =>
    a === stack.region ? -1 : b === stack.region ? 1 : a.localeCompare(b),
  );
  for (const region of regions) {
    const inRegion = resources.filter((r) => r.region === region);
    lines.push(`  ${region}: ${inRegion.length}`);
    const groups = new Map<string, Map<string, number>>();
    for (const r of inRegion) {
      const c = componentOf(r);
      const label = c ? `${c.name} (${c.type})` : "(stack)";
      const types = groups.get(label) ?? new Map<string, number>();
      types.set(r.type, (types.get(r.type) ?? 0) + 1);
      groups.set(label, types);
    }
    for (const [label, types] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const total = [...types.values()].reduce((a, b) => a + b, 0);
      lines.push(`    ${label}: ${total}`);
      for (const [type, count] of [...types].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`      ${String(count).padStart(3)}  ${type}`);
      }
    }
  }
  return lines.join("\n");
}
