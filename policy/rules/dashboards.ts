/**
 * CloudWatch dashboard rules: a dashboard's body is one CloudWatch accepts and draws something (valid
 * JSON, widgets on the 24-column grid without overlaps, every graph with a region and well-formed
 * metric rows). The structural checks are exported for the graph check of the tests
 * (tests/support/dashboard-check.ts), which also grounds every metric in the graph's resources.
 */
import type { AnyRule } from "./types";
import { DASHBOARD_GRID, DASHBOARD_STAT } from "../baseline/dashboards";
import { label, resourceRule } from "./helpers";

export const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

/** One metric a widget row draws: a plain metric, or a SEARCH over metrics with fixed dimensions. */
export interface ReferencedMetric {
  namespace: string;
  metricName: string;
  /** The metric's dimension names (of a SEARCH: its schema, fixed and free). */
  dimensionNames: string[];
  /** Fixed dimension values. */
  dimensions: Record<string, string>;
  stat?: string;
  region?: string;
  search: boolean;
}

/** `SEARCH('{Namespace,Dim,…} MetricName="m" Dim="v" …', 'Stat', period)`, the form the dashboards generator writes. */
const SEARCH = /^SEARCH\('\{([^}]+)\}((?: [A-Za-z0-9_]+="[^"]*")+)', '([A-Za-z0-9.]+)', (\d+)\)$/;

/**
 * A metric widget's row (`[namespace, metric, dimension, value, …, options]`, or `[{ expression }]`
 * for a SEARCH) as the metric it draws, or why it is malformed. Other expressions (metric math
 * over ids) are returned as undefined: they reference rows, not metrics.
 */
export function parseMetricRow(row: unknown): ReferencedMetric | string | undefined {
  if (!Array.isArray(row) || row.length === 0) return `row ${JSON.stringify(row)} is not a non-empty array`;
  const last = row[row.length - 1];
  const options = last !== null && typeof last === "object" ? (last as Record<string, unknown>) : undefined;
  if (row.length === 1 && options && typeof options.expression === "string") {
    if (!options.expression.startsWith("SEARCH(")) return undefined;
    const m = SEARCH.exec(options.expression);
    if (!m)
      return `expression ${options.expression} is not a SEARCH('{namespace,dimension,…} name="value" …', 'stat', period)`;
    const [namespace = "", ...dimensionNames] = m[1]!.split(",");
    const terms = Object.fromEntries([...m[2]!.matchAll(/([A-Za-z0-9_]+)="([^"]*)"/g)].map((t) => [t[1]!, t[2]!]));
    const { MetricName: metricName, ...dimensions } = terms;
    if (!metricName) return `expression ${options.expression} names no MetricName`;
    return {
      namespace,
      metricName,
      dimensionNames,
      dimensions,
      stat: m[3],
      region: typeof options.region === "string" ? options.region : undefined,
      search: true,
    };
  }
  const tokens = options ? row.slice(0, -1) : row;
  if (!tokens.every((t) => typeof t === "string" && t.length > 0))
    return `row ${JSON.stringify(row)} has a token that is not a non-empty string`;
  if (tokens.length < 2 || tokens.length % 2 !== 0)
    return `row ${JSON.stringify(row)} is not [namespace, metric, dimension, value, …, options]`;
  const [namespace, metricName, ...pairs] = tokens as string[];
  const dimensions: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]!] = pairs[i + 1]!;
  return {
    namespace: namespace!,
    metricName: metricName!,
    dimensionNames: Object.keys(dimensions),
    dimensions,
    stat: typeof options?.stat === "string" ? options.stat : undefined,
    region: typeof options?.region === "string" ? options.region : undefined,
    search: false,
  };
}

export interface DashboardWidget {
  type?: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  properties?: Record<string, any>;
}

const titleOf = (w: DashboardWidget, i: number) => `widget ${i} (${w.properties?.title ?? w.type})`;

/** Widgets outside CloudWatch's grid, and widgets that overlap. */
export function layoutProblems(widgets: DashboardWidget[]): string[] {
  const out: string[] = [];
  const { columns, maxHeight } = DASHBOARD_GRID;
  widgets.forEach((w, i) => {
    const { x = 0, y = 0, width = 6, height = 6 } = w;
    if (
      ![x, y, width, height].every(Number.isInteger) ||
      x < 0 ||
      y < 0 ||
      width < 1 ||
      height < 1 ||
      height > maxHeight ||
      x + width > columns
    )
      out.push(`${titleOf(w, i)} is outside the ${columns}-column grid: ${JSON.stringify({ x, y, width, height })}`);
    // A widget without x and y is placed by CloudWatch, where there is room.
    if (w.x === undefined || w.y === undefined) return;
    widgets.slice(0, i).forEach((o, j) => {
      if (o.x === undefined || o.y === undefined) return;
      const { x: ox, y: oy, width: ow = 6, height: oh = 6 } = o;
      if (x < ox + ow && ox < x + width && y < oy + oh && oy < y + height)
        out.push(`${titleOf(w, i)} overlaps ${titleOf(o, j)}`);
    });
  });
  return out;
}

/**
 * What makes a DashboardBody one CloudWatch rejects or that draws nothing: not JSON, no widgets (or
 * more than 500), widgets off the grid or overlapping, a graph without a region or metrics, a
 * malformed metric row, a statistic CloudWatch does not know. Each metric a graph draws is passed to
 * `onMetric` (with the widget's title), for checks that need more than the body.
 */
export function dashboardBodyProblems(
  body: string,
  onMetric?: (m: ReferencedMetric, widget: string) => string[],
): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return [`its body is not JSON (${(e as Error).message})`];
  }
  const widgets = (parsed as { widgets?: unknown } | null)?.widgets;
  if (!Array.isArray(widgets) || widgets.length === 0) return ["its body has no widgets"];
  if (widgets.length > DASHBOARD_GRID.maxWidgets)
    return [`its body has ${widgets.length} widgets, more than CloudWatch's ${DASHBOARD_GRID.maxWidgets}`];
  const out = layoutProblems(widgets as DashboardWidget[]);
  (widgets as DashboardWidget[]).forEach((w, i) => {
    if (w.type !== "metric") return;
    const p = w.properties ?? {};
    const title = `graph "${p.title ?? i}"`;
    if (!p.title) out.push(`widget ${i}: a graph without a title`);
    if (typeof p.region !== "string") out.push(`${title} has no region`);
    if (!Array.isArray(p.metrics) || p.metrics.length === 0) {
      out.push(`${title} draws no metric`);
      return;
    }
    for (const row of p.metrics) {
      const m = parseMetricRow(row);
      if (m === undefined) continue;
      if (typeof m === "string") {
        out.push(`${title}: ${m}`);
        continue;
      }
      const stat = m.stat ?? p.stat;
      if (stat !== undefined && !DASHBOARD_STAT.test(String(stat)))
        out.push(`${title}: ${m.namespace} ${m.metricName} has stat "${stat}", not a statistic or percentile`);
      if (onMetric) out.push(...onMetric({ ...m, region: m.region ?? p.region }, title));
    }
  });
  return out;
}

export const dashboardRules: AnyRule[] = [
  resourceRule({
    name: "cloudwatch-dashboard-body-valid",
    description:
      "CloudWatch dashboard bodies are valid DashboardBody JSON that draws something: 1-500 widgets on the 24-column grid without overlaps, every graph with a title, a region and well-formed metric rows ([namespace, metric, dimension, value, …, options] or a SEARCH) with known statistics.",
    group: "observability",
    severity: "low",
    resourceTypes: [DASHBOARD],
    remediation:
      "Generate the body from the components' panels (createDashboards of twin-region/observability) rather than by hand; fix the widget or row the message names.",
    check: (r) => {
      const body = r.props.dashboardBody;
      // Unknown until deployment (preview): nothing to check yet.
      if (body === undefined || body === null) return undefined;
      return dashboardBodyProblems(String(body)).map((p) => `${label(r)}: ${p}`);
    },
  }),
];
