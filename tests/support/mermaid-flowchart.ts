/**
 * Reads back the flowcharts offline/mermaid.ts writes (one statement a line), so tests can ask
 * for edges by the labels people see, and checks the shape Mermaid needs: every line a known
 * statement, ids safe, subgraphs closed.
 */
export interface ChartNode {
  id: string;
  label: string;
  /** The ids of the subgraphs around it, outermost first. */
  groups: string[];
}

export interface ChartEdge {
  from: string;
  to: string;
  /** `-->`, `-.->`, `<-->` or `<-.->`. */
  arrow: string;
  label?: string;
}

export interface Chart {
  nodes: Map<string, ChartNode>;
  /** Subgraph id → its title. */
  groups: Map<string, string>;
  edges: ChartEdge[];
}

const ID = "[A-Za-z][A-Za-z0-9_]*";
const LABEL = '"([^"]*)"';
const NODE = new RegExp(`^(${ID})(?:\\(\\[${LABEL}\\]\\)|\\[${LABEL}\\]|\\[/${LABEL}/\\]|\\[\\(${LABEL}\\)\\])$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
const EDGE = new RegExp(`^(${ID}) (<?-\\.?->|<?-->)(?:\\|${LABEL}\\|)? (${ID})$`);
const CLASS_DEF = /^classDef [a-z]+ [a-z-]+:#[0-9a-f]{6}(,[a-z-]+:#[0-9a-f]{6})*$/;
const CLASS = new RegExp(`^class ${ID}(,${ID})* [a-z]+$`);
/** Words Mermaid's flowchart grammar reserves: never an id. */
const RESERVED = new Set(["end", "subgraph", "graph", "flowchart", "style", "class", "classDef", "click", "linkStyle"]);

/** Parses the flowchart; throws on a line that is none of the statements it writes, naming the line. */
export function parseFlowchart(text: string): Chart {
  const [header, ...lines] = text.trimEnd().split("\n");
  if (!/^flowchart (LR|TB|TD|RL|BT)$/.test(header ?? "")) throw new Error(`not a flowchart header: ${header}`);
  const chart: Chart = { nodes: new Map(), groups: new Map(), edges: [] };
  const open: string[] = [];
  const useId = (id: string, line: string) => {
    if (RESERVED.has(id)) throw new Error(`reserved word as an id: ${line}`);
  };
  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = line.match(SUBGRAPH))) {
      useId(m[1]!, line);
      if (chart.groups.has(m[1]!) || chart.nodes.has(m[1]!)) throw new Error(`id used twice: ${line}`);
      chart.groups.set(m[1]!, m[2]!);
      open.push(m[1]!);
    } else if (line === "end") {
      if (!open.pop()) throw new Error("an end without a subgraph");
    } else if ((m = line.match(NODE))) {
      useId(m[1]!, line);
      if (chart.nodes.has(m[1]!) || chart.groups.has(m[1]!)) throw new Error(`id used twice: ${line}`);
      chart.nodes.set(m[1]!, { id: m[1]!, label: m.slice(2).find((x) => x !== undefined)!, groups: [...open] });
    } else if ((m = line.match(EDGE))) {
      chart.edges.push({ from: m[1]!, arrow: m[2]!, label: m[3], to: m[4]! });
    } else if (!CLASS_DEF.test(line) && !CLASS.test(line)) {
      throw new Error(`a line the diagram does not write: ${raw}`);
    }
  }
  if (open.length) throw new Error(`subgraphs not closed: ${open.join(", ")}`);
  for (const e of chart.edges)
    for (const id of [e.from, e.to]) if (!chart.nodes.has(id)) throw new Error(`an edge to an undeclared node: ${id}`);
  return chart;
}

/** The nodes with this label, optionally only inside a subgraph whose title contains `within`. */
export function nodesLabelled(chart: Chart, label: string | RegExp, within?: string): ChartNode[] {
  return [...chart.nodes.values()].filter(
    (n) =>
      (typeof label === "string" ? n.label === label : label.test(n.label)) &&
      (within === undefined || n.groups.some((g) => chart.groups.get(g)!.includes(within))),
  );
}

/** The edges between the nodes with these labels (either way round for `<-->`), as "from → to [arrow label]". */
export function edgesBetween(chart: Chart, from: ChartNode[], to: ChartNode[]): ChartEdge[] {
  const a = new Set(from.map((n) => n.id));
  const b = new Set(to.map((n) => n.id));
  return chart.edges.filter(
    (e) => (a.has(e.from) && b.has(e.to)) || (e.arrow.startsWith("<") && a.has(e.to) && b.has(e.from)),
  );
}
