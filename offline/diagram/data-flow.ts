/**
 * The data flow of planned stacks: their main resources (main-resources.ts) as nodes, and an edge
 * wherever data goes from one to another, found in the graph's references (references.ts), turned
 * the way data flows (flow-rules.ts, iam-grants.ts), through the resources that only connect two
 * main ones. renderMermaid (../mermaid.ts) draws it.
 */
import type { RecordedResource, StackGraph } from "../graph";
import { topLevelComponentOf } from "../components-of";
import { accessTo, rolePoliciesOf } from "./iam-grants";
import {
  backupPlanLinks,
  CONNECTORS,
  defaultDirection,
  MAIN_PROP_RULES,
  recordRouting,
  type Direction,
} from "./flow-rules";
import {
  DEAD_LETTER_PROPS,
  IGNORED_PROPS,
  isMainResource,
  MAIN_TYPES,
  OWNED_BY,
  ONLY_PROPS,
  OWNED_BY_REFERRER,
  TABLE_REPLICA_LABEL,
  type NodeKind,
} from "./main-resources";
import { indexStacks, namedIn, referencesOf, type StackIndex } from "./references";

export interface FlowNode {
  /** A Mermaid-safe id: letters, digits and underscores, starting with `n_`. */
  id: string;
  /** The stack that declares it (the first one, for a global record both stacks declare). */
  stack: string;
  /** Where it runs; `global` for Route 53 and CloudFront. */
  region: string;
  /** Its top-level component, without the name prefix all components share (`ingestion`). */
  component: string;
  type: string;
  kind: NodeKind;
  label: string;
  /** How many resources it stands for (same kind, same edges, drawn once as "×N"). */
  count: number;
  resources: RecordedResource[];
}

export interface FlowEdge {
  from: FlowNode;
  to: FlowNode;
  /** Data flows both ways (a job that reads and writes a bucket, replication both ways). */
  both: boolean;
  label?: string;
}

export interface DataFlow {
  stacks: { name: string; region: string }[];
  nodes: FlowNode[];
  edges: FlowEdge[];
}

type Vertex = FlowNode | RecordedResource;
interface Arc {
  label?: string;
  crossStack: boolean;
}

const isNode = (v: Vertex | undefined): v is FlowNode => !!v && "kind" in v && "count" in v;
export const safeId = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");

export function buildDataFlow(stacks: StackGraph[]): DataFlow {
  const indexes = indexStacks(stacks);
  const prefix = sharedPrefix(stacks);
  const ixOf = new Map<RecordedResource, StackIndex>();
  const nodeOf = new Map<RecordedResource, FlowNode>();
  const ownerByReferrer = new Map<RecordedResource, RecordedResource>();
  const nodes = new Map<string, FlowNode>();
  const ids = new Set<string>();

  for (const ix of indexes) {
    const componentOf = topLevelComponentOf(ix.stack.resources);
    const deadLetters = deadLetterQueues(ix);
    for (const r of ix.stack.resources) {
      ixOf.set(r, ix);
      const owned = Object.entries(OWNED_BY_REFERRER).find(([, o]) => o.type === r.type);
      if (owned)
        for (const urn of r.propertyDependencies?.[owned[1].prop] ?? []) {
          const t = ix.byUrn.get(urn);
          if (t?.type === owned[0]) ownerByReferrer.set(t, r);
        }
    }
    for (const r of ix.stack.resources) {
      if (!r.custom || !isMainResource(r) || deadLetters.has(r)) continue;
      const component = (componentOf(r)?.name ?? "stack").slice(prefix.length) || "stack";
      const region = regionOf(r);
      const label = labelOf(r, prefix, component);
      const key = region === "global" ? `global|${r.type}|${label}` : r.urn;
      let node = nodes.get(key);
      if (!node) {
        const base =
          region === "global"
            ? `n_global_${safeId(label)}`
            : `n_${safeId(ix.stack.name)}_${safeId(r.name.slice(prefix.length))}`;
        let id = base;
        for (let i = 2; ids.has(id); i++) id = `${base}_${i}`;
        ids.add(id);
        node = {
          id,
          stack: ix.stack.name,
          region,
          component,
          type: r.type,
          kind: MAIN_TYPES[r.type]!.kind,
          label,
          count: 1,
          resources: [],
        };
        nodes.set(key, node);
      }
      node.resources.push(r);
      nodeOf.set(r, node);
    }
  }

  const vertexOf = (t: RecordedResource, depth = 0): Vertex | undefined => {
    const node = nodeOf.get(t);
    if (node) return node;
    if (depth > 3) return undefined;
    const ownerProp = OWNED_BY[t.type];
    if (ownerProp) {
      const ix = ixOf.get(t)!;
      const owners = [
        ...(t.propertyDependencies?.[ownerProp] ?? []).map((u) => ix.byUrn.get(u)),
        ...namedIn(ix, t.inputs[ownerProp]).map((n) => n.target),
      ];
      for (const owner of owners) {
        const v = owner && owner !== t ? vertexOf(owner, depth + 1) : undefined;
        if (isNode(v)) return v;
      }
      return undefined;
    }
    const referrer = ownerByReferrer.get(t);
    if (referrer) return vertexOf(referrer, depth + 1);
    return t.type in CONNECTORS ? t : undefined;
  };

  // Arcs between vertices (nodes and connectors), the way data flows.
  const arcs = new Map<Vertex, Map<Vertex, Arc>>();
  const arc = (from: Vertex | undefined, to: Vertex | undefined, label?: string, crossStack = false) => {
    if (!from || !to || from === to) return;
    const out = arcs.get(from) ?? new Map<Vertex, Arc>();
    arcs.set(from, out);
    const had = out.get(to);
    out.set(to, { label: had?.label ?? label, crossStack: (had?.crossStack ?? false) || crossStack });
  };
  const directed = (v: Vertex, t: Vertex, direction: Direction, label?: string, crossStack = false) => {
    if (direction !== "in") arc(v, t, label, crossStack);
    if (direction !== "out") arc(t, v, label, crossStack);
  };

  for (const ix of indexes) {
    for (const r of ix.stack.resources) {
      if (!r.custom) continue;
      const v = vertexOf(r);
      if (!v) continue;
      const refs = referencesOf(ix, r);
      const rule = CONNECTORS[r.type];
      if (v === r && rule) {
        for (const ref of refs) {
          if (rule.from.includes(ref.prop)) arc(vertexOf(ref.target), r, rule.label, ref.crossStack);
          if (rule.to.includes(ref.prop)) arc(r, vertexOf(ref.target), rule.label, ref.crossStack);
        }
        if (r.type === "aws:backup/plan:Plan") {
          const { vaults, copies } = backupPlanLinks(r);
          const vaultNodes = namedIn(ix, vaults).map((n) => vertexOf(n.target));
          for (const vault of vaultNodes) {
            arc(r, vault, rule.label);
            for (const copy of namedIn(ix, copies)) arc(vault, vertexOf(copy.target), "backup copy", copy.crossStack);
          }
        }
        continue;
      }
      if (!isNode(v)) continue;
      const policies = rolePoliciesOf(ix, [r]);
      for (const ref of refs) {
        if (IGNORED_PROPS.has(ref.prop) || (ONLY_PROPS[r.type] && !ONLY_PROPS[r.type]!.includes(ref.prop))) continue;
        const t = vertexOf(ref.target);
        if (!t || t === v) continue;
        const propRule = MAIN_PROP_RULES[r.type]?.[ref.prop];
        const label = r.type === "aws:route53/record:Record" ? recordRouting(r) : propRule?.label;
        if (propRule) {
          const { direction } = propRule;
          directed(v, t, typeof direction === "function" ? direction(r, ref.target) : direction, label, ref.crossStack);
        } else if (isNode(t)) {
          const granted = grantedDirection(policies, ref.target);
          directed(v, t, granted ?? defaultDirection(ref.target), label, ref.crossStack);
        } else if (r.type === "aws:route53/record:Record") {
          arc(v, t, label, ref.crossStack);
        }
      }
      // What its role may do with a resource it does not name in its inputs (a bucket prefix it writes).
      for (const policy of policies)
        for (const urn of policy.propertyDependencies?.policy ?? []) {
          const target = ix.byUrn.get(urn);
          const t = target && vertexOf(target);
          const granted = target && isNode(t) && t !== v ? grantedDirection([policy], target) : undefined;
          if (granted) directed(v, t!, granted);
        }
    }
  }

  // Each node's paths through connectors to the next nodes become its edges.
  const found: { from: FlowNode; to: FlowNode; label?: string; crossStack: boolean; asIs?: boolean }[] = [];
  for (const start of new Set(nodes.values())) {
    const seen = new Set<Vertex>([start]);
    const walk = (at: Vertex, label: string | undefined, crossStack: boolean) => {
      for (const [next, a] of arcs.get(at) ?? []) {
        if (seen.has(next)) continue;
        const l = label ?? a.label ?? (isNode(next) ? undefined : CONNECTORS[next.type]?.label);
        const x = crossStack || a.crossStack;
        if (isNode(next)) found.push({ from: start, to: next, label: l, crossStack: x });
        else {
          seen.add(next);
          walk(next, l, x);
        }
      }
    };
    walk(start, undefined, false);
  }

  // A global table's replicas, drawn in their regions: what runs there reads and writes the replica.
  const replicas = new Map<FlowNode, Map<string, FlowNode>>();
  for (const table of new Set(nodes.values())) {
    if (table.type !== "aws:dynamodb/table:Table") continue;
    for (const replica of table.resources[0]!.inputs.replicas ?? []) {
      const region = replica?.regionName;
      if (typeof region !== "string" || region === table.region) continue;
      const node: FlowNode = {
        ...table,
        id: `${table.id}_${safeId(region)}`,
        region,
        label: TABLE_REPLICA_LABEL,
        resources: table.resources,
      };
      nodes.set(`${node.id}|replica`, node);
      replicas.set(table, new Map([...(replicas.get(table) ?? []), [region, node]]));
      found.push({ from: table, to: node, label: "global table", crossStack: false, asIs: true });
      found.push({ from: node, to: table, label: "global table", crossStack: false, asIs: true });
    }
  }
  const inRegionOf = (n: FlowNode, other: FlowNode) => replicas.get(n)?.get(other.region) ?? n;

  const edges = new Map<string, FlowEdge>();
  for (const f of found) {
    const from = f.asIs ? f.from : inRegionOf(f.from, f.to);
    const to = f.asIs ? f.to : inRegionOf(f.to, f.from);
    if (from === to) continue;
    const label = f.label ?? (f.crossStack ? "via StackReference" : undefined);
    const reverse = edges.get(`${to.id}>${from.id}`);
    if (reverse) {
      reverse.both = true;
      reverse.label ??= label;
      continue;
    }
    const key = `${from.id}>${to.id}`;
    const had = edges.get(key);
    if (had) had.label ??= label;
    else edges.set(key, { from, to, both: false, label });
  }

  const linked = new Set([...edges.values()].flatMap((e) => [e.from, e.to]));
  const shown = [...new Set(nodes.values())].filter((n) => linked.has(n) || !MAIN_TYPES[n.type]?.hideIfIsolated);
  return group({
    stacks: stacks.map((s) => ({ name: s.name, region: s.region })),
    nodes: shown,
    edges: [...edges.values()],
  });
}

function grantedDirection(policies: RecordedResource[], target: RecordedResource): Direction | undefined {
  if (!policies.length) return undefined;
  const { reads, writes } = accessTo(policies, target);
  // A job that reads and writes objects is drawn both ways; a writer that also looks items up, as a writer.
  if (writes && reads && target.type === "aws:s3/bucket:Bucket") return "both";
  if (writes) return "out";
  return reads ? "in" : undefined;
}

/** Queues that are some resource's dead-letter queue: folded into that resource. */
function deadLetterQueues(ix: StackIndex): Set<RecordedResource> {
  const dlq = new Set<RecordedResource>();
  for (const r of ix.stack.resources)
    for (const prop of DEAD_LETTER_PROPS) {
      const targets = [
        ...(r.propertyDependencies?.[prop] ?? []).map((u) => ix.byUrn.get(u)),
        ...namedIn(ix, r.inputs[prop]).map((n) => n.target),
      ];
      for (const t of targets) if (t?.type === "aws:sqs/queue:Queue" && t !== r) dlq.add(t);
    }
  return dlq;
}

/** Where a node is drawn: an EFS replica in the region it replicates to. */
const regionOf = (r: RecordedResource): string =>
  r.type === "aws:efs/replicationConfiguration:ReplicationConfiguration"
    ? String(r.inputs.destination?.region ?? r.region)
    : r.region;

/** The `prod-` every top-level component's name starts with (the environment), if they all do. */
function sharedPrefix(stacks: StackGraph[]): string {
  const names = stacks.flatMap((s) => {
    const stack = s.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return s.resources.filter((r) => !r.custom && stack && r.parent === stack.urn).map((r) => r.name);
  });
  const first = names[0]?.split("-")[0];
  return names.length > 1 && first && names.every((n) => n.startsWith(`${first}-`)) ? `${first}-` : "";
}

const ACRONYMS: Record<string, string> = {
  api: "API",
  etl: "ETL",
  alb: "ALB",
  mysql: "MySQL",
  s3: "S3",
  cdn: "CDN",
  dns: "DNS",
};
const ALWAYS_GENERIC = new Set(["fn", "function", "lambda"]);

/** A readable label: the type's, with the resource's own name in it where the type has `{name}`. */
export function labelOf(r: RecordedResource, prefix: string, component: string): string {
  const template = MAIN_TYPES[r.type]!.label;
  if (!template.includes("{name}")) return template;
  let name: string;
  if (r.type === "aws:route53/record:Record") name = String(r.inputs.name ?? r.name);
  else {
    const generic = new Set([...ALWAYS_GENERIC, ...template.toLowerCase().split(/\s+/)]);
    const words = r.name
      .slice(r.name.startsWith(`${prefix}${component}-`) ? `${prefix}${component}-`.length : 0)
      .replace(/-[a-z]{2,4}\d$/, "")
      .split("-")
      .filter((w, i, all) => w && !generic.has(w) && w !== all[i - 1]);
    name = words.map((w) => ACRONYMS[w] ?? w).join(" ");
    if (!name && r.type === "aws:s3/bucket:Bucket") name = component.replace(/-/g, " ");
  }
  return template.replace("{name}", name).replace(/\s+/g, " ").trim();
}

/** Nodes of one kind in one component with the same edges are drawn once, "×N". */
function group(flow: DataFlow): DataFlow {
  const signature = (n: FlowNode) =>
    flow.edges
      .flatMap((e) =>
        e.from === n ? [`>${e.to.id}|${e.both}|${e.label}`] : e.to === n ? [`<${e.from.id}|${e.both}|${e.label}`] : [],
      )
      .sort()
      .join(",");
  const groups = new Map<string, FlowNode[]>();
  for (const n of flow.nodes) {
    const key = [n.stack, n.region, n.component, n.type, signature(n)].join("#");
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const dropped = new Set<FlowNode>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const [keep, ...rest] = members.sort((a, b) => a.label.localeCompare(b.label));
    const same = members.every((m) => m.label === keep!.label);
    keep!.label = `${same ? keep!.label : (MAIN_TYPES[keep!.type]?.plural ?? keep!.label)} ×${members.length}`;
    keep!.count = members.length;
    keep!.resources = members.flatMap((m) => m.resources);
    for (const m of rest) dropped.add(m);
  }
  return {
    stacks: flow.stacks,
    nodes: flow.nodes.filter((n) => !dropped.has(n)),
    edges: flow.edges.filter((e) => !dropped.has(e.from) && !dropped.has(e.to)),
  };
}
