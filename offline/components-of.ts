import type { RecordedResource } from "./graph";

export const isInfrastructure = (r: RecordedResource) =>
  r.type !== "pulumi:pulumi:Stack" &&
  !r.type.startsWith("pulumi:providers:") &&
  r.type !== "pulumi:pulumi:StackReference";

/** The top-level component each resource belongs to (the stack's direct child it sits under). */
export function topLevelComponentOf(
  resources: readonly RecordedResource[],
): (r: RecordedResource) => RecordedResource | undefined {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  return (r) => {
    let at = r;
    for (let parent = byUrn.get(at.parent ?? ""); parent && parent !== stack; parent = byUrn.get(at.parent ?? ""))
      at = parent;
    return at === r && r.custom ? undefined : at;
  };
}
