/**
 * Which way data flows between a workload and a store, read from what its role may do: a function
 * whose role may `dynamodb:PutItem` on a table writes to it, one that may only `dynamodb:GetItem`
 * reads from it. The inline policies (aws:iam/rolePolicy) of the roles a resource runs as are
 * what the platform's components grant, statement by statement, on the resources' ARNs.
 */
import type { RecordedResource } from "../graph";
import { lastSegment, tokensOf, type StackIndex } from "./references";

export type Access = { reads: boolean; writes: boolean };

interface Statement {
  actions: string[];
  resources: string[];
}

/** Inputs that name the role a resource runs as (an ECS task's execution role only pulls images and secrets). */
const ROLE_PROPS = ["role", "roleArn", "taskRoleArn", "serviceRole", "serviceRoleArn"];
/** Services whose grants are plumbing (keys, logs, traces, network, images, identity), not data. */
const PLUMBING_SERVICES = new Set([
  "kms",
  "logs",
  "cloudwatch",
  "xray",
  "ec2",
  "ecr",
  "iam",
  "sts",
  "secretsmanager",
  "ssm",
]);
const READ = /^(Get|BatchGet|Query|Scan|Receive|Read|Select)/;
const WRITE = /^(Put|BatchWrite|Update|Send|Publish|Start|Invoke|Create|BatchCreate|Write|Upload)/;

/** The roles the given resources run as, and the inline policies granted to them. */
export function rolePoliciesOf(ix: StackIndex, resources: RecordedResource[]): RecordedResource[] {
  const roles = new Set<string>();
  for (const r of resources)
    for (const prop of ROLE_PROPS)
      for (const urn of r.propertyDependencies?.[prop] ?? [])
        if (ix.byUrn.get(urn)?.type === "aws:iam/role:Role") roles.add(urn);
  if (!roles.size) return [];
  return ix.stack.resources.filter(
    (p) => p.type === "aws:iam/rolePolicy:RolePolicy" && (p.propertyDependencies?.role ?? []).some((u) => roles.has(u)),
  );
}

function statementsOf(policy: RecordedResource): Statement[] {
  let doc: any;
  try {
    doc = typeof policy.inputs.policy === "string" ? JSON.parse(policy.inputs.policy) : policy.inputs.policy;
  } catch {
    return [];
  }
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
  const statements: any[] = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  return statements
    .filter((s) => s?.Effect === "Allow")
    .map((s) => ({ actions: list(s.Action), resources: list(s.Resource) }));
}

/** The names a grant's resource ARN would carry for a resource: its id and name, bare. */
const namesOf = (r: RecordedResource) =>
  new Set([r.id, r.inputs.name].filter((v): v is string => typeof v === "string" && v.length > 0).map(lastSegment));

/** What the policies let their roles do with a resource: read it, write it, both or neither. */
export function accessTo(policies: RecordedResource[], target: RecordedResource): Access {
  const names = namesOf(target);
  const access: Access = { reads: false, writes: false };
  for (const policy of policies)
    for (const s of statementsOf(policy)) {
      if (!s.resources.some((arn) => tokensOf(arn).some((t) => names.has(t)))) continue;
      for (const action of s.actions) {
        const [service, verb = ""] = action.split(":");
        if (action === "*" || verb === "*") {
          access.reads = access.writes = true;
          continue;
        }
        if (PLUMBING_SERVICES.has(service ?? "")) continue;
        if (READ.test(verb)) access.reads = true;
        if (WRITE.test(verb)) access.writes = true;
      }
    }
  return access;
}
