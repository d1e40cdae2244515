import type { StackGraph } from "./graph";
import { buildDataFlow, safeId, type FlowEdge, type FlowNode } from "./diagram/data-flow";
import type { NodeKind } from "./diagram/main-resources";

/** What GitHub's Mermaid renders at most (its defaults: maxTextSize 50,000 characters, maxEdges 500). */
export const GITHUB_MERMAID_LIMITS = { characters: 50_000, edges: 500 };

const SHAPES: Record<NodeKind, [string, string]> = {
  entry: ['(["', '"])'],
  compute: ['["', '"]'],
  channel: ['[/"', '"/]'],
  store: ['[("', '")]'],
};

const STYLES: Record<NodeKind, string> = {
  entry: "fill:#e3f2fd,stroke:#1565c0",
  compute: "fill:#fff3e0,stroke:#ef6c00",
  channel: "fill:#e8f5e9,stroke:#2e7d32",
  store: "fill:#f3e5f5,stroke:#6a1b9a",
};

/**
 * Text as Mermaid shows it inside a quoted label: its entity codes for the characters that would
 * end the label or be read as markup (`"`, `#`, `<`, `>`, a backtick), line breaks as spaces.
 */
export const escapeLabel = (text: string) =>
  text
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;")
    .replace(/[\r\n]+/g, " ");

/**
 * The data-flow diagram of the planned stacks (a Mermaid flowchart): one box per region with, per
 * component, its main resources (API, stream, functions, table, buckets, load balancer, service,
 * databases, lake, trail…) and an edge wherever data goes from one to another, supporting
 * resources folded into them (offline/diagram/); Route 53 and CloudFront in a global box;
 * links between regions dotted.
 */
export function renderMermaid(stacks: StackGraph[]): string {
  const flow = buildDataFlow(stacks);
  const lines = ["flowchart LR"];
  const homeOf = new Map<string, string[]>();
  for (const s of flow.stacks) homeOf.set(s.region, [...(homeOf.get(s.region) ?? []), s.name]);
  const stackOrder = flow.stacks.map((s) => s.name);
  const regions = [...new Set([...flow.stacks.map((s) => s.region), ...flow.nodes.map((n) => n.region).sort()])].filter(
    (r) => r !== "global",
  );
  const byLabel = (a: FlowNode, b: FlowNode) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id);
  const node = (n: FlowNode) => {
    const [open, close] = SHAPES[n.kind];
    return `${n.id}${open}${escapeLabel(n.label)}${close}`;
  };

  for (const region of regions) {
    const home = homeOf.get(region) ?? [];
    const inRegion = flow.nodes.filter((n) => n.region === region);
    if (!inRegion.length) continue;
    lines.push(`  subgraph ${groupId(region)}["${escapeLabel(regionTitle(region, home))}"]`);
    const components = [...new Set(inRegion.map((n) => `${n.stack}\u0000${n.component}`))].sort((a, b) => {
      const [sa, ca] = a.split("\u0000") as [string, string];
      const [sb, cb] = b.split("\u0000") as [string, string];
      const rank = (s: string) => (home.includes(s) ? 0 : 1) * 100 + stackOrder.indexOf(s);
      return rank(sa) - rank(sb) || ca.localeCompare(cb);
    });
    for (const key of components) {
      const [stack, component] = key.split("\u0000") as [string, string];
      const title = home.length === 1 && home[0] === stack ? component : `${component} · ${stack} stack`;
      lines.push(`    subgraph ${groupId(`${region}_${stack}_${component}`)}["${escapeLabel(title)}"]`);
      for (const n of inRegion.filter((x) => x.stack === stack && x.component === component).sort(byLabel))
        lines.push(`      ${node(n)}`);
      lines.push("    end");
    }
    lines.push("  end");
  }
  const global = flow.nodes.filter((n) => n.region === "global").sort(byLabel);
  if (global.length) {
    lines.push(`  subgraph ${groupId("global")}["global: DNS and CDN"]`);
    for (const n of global) lines.push(`    ${node(n)}`);
    lines.push("  end");
  }

  const order = new Map(flow.nodes.map((n, i) => [n, i]));
  const edges = [...flow.edges].sort(
    (a, b) => order.get(a.from)! - order.get(b.from)! || order.get(a.to)! - order.get(b.to)!,
  );
  for (const e of edges) lines.push(`  ${edge(e)}`);

  for (const kind of Object.keys(STYLES) as NodeKind[]) {
    const members = flow.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    if (!members.length) continue;
    lines.push(`  classDef ${kind} ${STYLES[kind]}`);
    lines.push(`  class ${members.join(",")} ${kind}`);
  }
  return lines.join("\n") + "\n";
}

const groupId = (name: string) => `g_${safeId(name)}`;

function regionTitle(region: string, home: string[]): string {
  if (!home.length) return region;
  return `${region}: ${home.join(" and ")} stack${home.length > 1 ? "s" : ""}`;
}

/** Solid within a region, dotted across regions; `<-->` when data flows both ways. */
function edge(e: FlowEdge): string {
  const cross = e.from.region !== e.to.region && e.from.region !== "global" && e.to.region !== "global";
  const arrow = `${e.both ? "<" : ""}${cross ? "-.->" : "-->"}`;
  return `${e.from.id} ${arrow}${e.label ? `|"${escapeLabel(e.label)}"|` : ""} ${e.to.id}`;
}

/**
 * docs/architecture.md: a short introduction and the diagram in a ```mermaid block, which GitHub
 * renders. `npm run diagram` writes it (`--mermaid` to a `.md` file); a test keeps it current.
 */
export function architectureDocument(mermaid: string): string {
  return `<!-- Generated by \`npm run diagram\` from the planned stacks: do not edit (a test checks it is current). -->

# Architecture: data flow

The data flow of the two stacks as \`npm start\` plans them, generated from the recorded graph: one
box per region, inside it one box per component with its main resources, and an arrow wherever data
goes from one to another (found in the resources' references and, for the direction, in what
their IAM roles may do). Supporting resources (roles, policies, keys, alarms, log groups,
security groups, subnets, bucket settings, dead-letter queues) are folded into the resources they
serve; the network and the alarms are not drawn. Dotted arrows cross regions: the global table's
replica, S3 and EFS replication, the Aurora global database, the event and stream forwarding of
the cross-region link, the backup copies, and the secondary's inputs read from the primary through
its StackReference. Route 53 and CloudFront are in the global box.

\`\`\`mermaid
${mermaid.trimEnd()}
\`\`\`
`;
}
