import type { RecordedResource } from "./graph";

/** Resources that are plumbing rather than architecture: counted in summaries, left out of diagrams. */
export const PLUMBING_TYPES = new Set([
  "aws:ec2/route:Route",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:kms/alias:Alias",
]);

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

/** `aws:ec2/subnet:Subnet` → `Subnet`; `twin-region:network:RegionalNetwork` → `RegionalNetwork`. */
export const shortType = (type: string) => type.split(":").pop() ?? type;
