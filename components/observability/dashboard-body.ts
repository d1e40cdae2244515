/**
 * CloudWatch dashboard bodies, as pure functions of the panels the components expose
 * (`dashboardMetrics()`, with their dimension values resolved): CloudWatch's DashboardBody JSON,
 * the dashboards' names and console addresses. `dashboards.ts` creates the resources.
 */
import {
  DASHBOARD_CONCERNS,
  DASHBOARD_STAT,
  type DashboardConcern,
  type DashboardPanel,
  type MetricView,
} from "../shared/dashboard";
import { DASHBOARD_GRID, DASHBOARD_NAME } from "../../policy/baseline/dashboards";
import { invalidArg } from "../shared/errors";
import { assertRegionName, regionalName } from "../shared/naming";

/** A metric view with its dimension values known (what the body is written from). */
export type ResolvedView = Omit<MetricView, "dimensions"> & { dimensions: Record<string, string> };
/** A panel with its dimension values known. */
export type ResolvedPanel = Omit<DashboardPanel, "metrics"> & { metrics: ResolvedView[] };

/** What each concern's dashboard is called and says at its top. */
export const CONCERN_TITLES: Record<DashboardConcern, string> = {
  ingestion: "Ingestion: stream, consumer, dead letters, workflow",
  api: "API Gateway: requests, errors, latency",
  compute: "Compute: Fargate tasks and Lambda functions",
  web: "Web tier: load balancer, hosts, Aurora, Redis",
  datalake: "Data lake: Glue, Athena, processing queue",
};

/** The layout: CloudWatch's 24-column grid, a header row, then graphs two by two. */
export const DASHBOARD_LAYOUT = {
  columns: DASHBOARD_GRID.columns,
  headerHeight: 2,
  graphWidth: 12,
  graphHeight: 6,
  maxWidgets: DASHBOARD_GRID.maxWidgets,
  /** @default period of a panel that names none */
  periodSeconds: 300,
} as const;

export { DASHBOARD_NAME };

/**
 * The dashboard of `concern`: `<name>-<concern>-<region code>` (`platform-ingestion-use1`). Dashboard
 * names are one namespace per account (the ARN has no region), so the region's code keeps the two
 * stacks' apart.
 */
export function dashboardName(name: string, concern: DashboardConcern, region: string): string {
  const full = regionalName(`${name}-${concern}`, region);
  if (!DASHBOARD_NAME.test(full))
    throw invalidArg(
      "Dashboards",
      "name",
      `"${name}" makes the dashboard name "${full}", which CloudWatch rejects (1-255 letters, digits, "-" and "_")`,
    );
  return full;
}

/** The console address of a dashboard. */
export function dashboardConsoleUrl(region: string, name: string): string {
  assertRegionName("region", region);
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(name)}`;
}

/** The panels of the components, by concern, in the order given; concerns nobody draws are absent. */
export function panelsByConcern<P extends { concern: DashboardConcern }>(
  panels: P[],
): Partial<Record<DashboardConcern, P[]>> {
  const out: Partial<Record<DashboardConcern, P[]>> = {};
  for (const concern of DASHBOARD_CONCERNS) {
    const mine = panels.filter((p) => p.concern === concern);
    if (mine.length) out[concern] = mine;
  }
  return out;
}

/** `[namespace, metric, dim, value, …, options]` or `[{ expression, … }]`: one row of a metric widget. */
type MetricRow = (string | Record<string, unknown>)[];

const SEARCH_VALUE = /^[^"'\\]+$/;

function checkView(panel: ResolvedPanel, v: ResolvedView): void {
  const where = `panel "${panel.title}": metric ${v.namespace} ${v.metricName}`;
  if (!DASHBOARD_STAT.test(v.stat))
    throw new Error(`${where}: stat "${v.stat}" is not a CloudWatch statistic or percentile (p50, p99.9)`);
  for (const [dim, value] of Object.entries(v.dimensions)) {
    if (typeof value !== "string" || value.length === 0)
      throw new Error(`${where}: dimension ${dim} has no value (${JSON.stringify(value)})`);
  }
  const period = v.periodSeconds ?? panel.periodSeconds;
  if (period !== undefined && (!Number.isInteger(period) || period <= 0 || period % 60 !== 0))
    throw new Error(`${where}: period ${period} is not a positive multiple of 60 seconds`);
  if (v.perDimension !== undefined) {
    if (v.perDimension in v.dimensions)
      throw new Error(`${where}: perDimension ${v.perDimension} is also a fixed dimension`);
    const odd = Object.entries(v.dimensions).find(([, value]) => !SEARCH_VALUE.test(value));
    if (odd) throw new Error(`${where}: dimension ${odd[0]} "${odd[1]}" cannot be quoted in a SEARCH expression`);
  }
}

/**
 * The SEARCH expression of a per-dimension view: every metric of the namespace with exactly these
 * dimension names, this metric name and these values, one line per value of `perDimension`.
 */
export function searchExpression(v: ResolvedView, periodSeconds: number): string {
  const names = [...Object.keys(v.dimensions), v.perDimension!];
  const terms = [
    `MetricName="${v.metricName}"`,
    ...Object.entries(v.dimensions).map(([name, value]) => `${name}="${value}"`),
  ];
  return `SEARCH('{${[v.namespace, ...names].join(",")}} ${terms.join(" ")}', '${v.stat}', ${periodSeconds})`;
}

function metricRow(v: ResolvedView, region: string, panelPeriod: number, index: number): MetricRow {
  const period = v.periodSeconds ?? panelPeriod;
  if (v.perDimension !== undefined) {
    return [
      {
        expression: searchExpression(v, period),
        id: `e${index + 1}`,
        label: `${v.label} \${PROP('Dim.${v.perDimension}')}`,
        region,
      },
    ];
  }
  return [
    v.namespace,
    v.metricName,
    ...Object.entries(v.dimensions).flat(),
    { stat: v.stat, label: v.label, region, ...(period !== panelPeriod ? { period } : {}) },
  ];
}

/** One metric widget's `properties`. */
function graph(panel: ResolvedPanel, region: string): Record<string, unknown> {
  const period = panel.periodSeconds ?? DASHBOARD_LAYOUT.periodSeconds;
  const alarms = panel.metrics.flatMap((v) =>
    v.alarm ? [{ label: `alarm ${v.alarm.id}`, value: v.alarm.threshold }] : [],
  );
  const unique = alarms.filter((a, i) => alarms.findIndex((b) => b.label === a.label) === i);
  return {
    title: panel.title,
    view: "timeSeries",
    stacked: false,
    region,
    period,
    metrics: panel.metrics.map((v, i) => metricRow(v, region, period, i)),
    yAxis: { left: { min: 0, showUnits: false, ...(panel.unit ? { label: panel.unit } : {}) } },
    ...(unique.length ? { annotations: { horizontal: unique } } : {}),
  };
}

/**
 * A dashboard body (CloudWatch's DashboardBody JSON): a header, then one time-series widget per
 * panel, two to a row. Throws on a panel without metrics, a statistic CloudWatch does not know, a
 * dimension without a value or a period that is not whole minutes.
 */
export function dashboardBody(args: {
  title: string;
  concern: DashboardConcern;
  region: string;
  panels: ResolvedPanel[];
}): string {
  assertRegionName("region", args.region);
  if (args.panels.length === 0) throw new Error(`dashboard "${args.title}": no panels`);
  const L = DASHBOARD_LAYOUT;
  if (args.panels.length + 1 > L.maxWidgets)
    throw new Error(`dashboard "${args.title}": ${args.panels.length + 1} widgets, CloudWatch allows ${L.maxWidgets}`);
  for (const panel of args.panels) {
    if (panel.concern !== args.concern)
      throw new Error(`dashboard "${args.title}": panel "${panel.title}" belongs on the ${panel.concern} dashboard`);
    if (panel.metrics.length === 0) throw new Error(`panel "${panel.title}": no metrics`);
    panel.metrics.forEach((v) => checkView(panel, v));
  }
  const perRow = L.columns / L.graphWidth;
  const widgets = [
    {
      type: "text",
      x: 0,
      y: 0,
      width: L.columns,
      height: L.headerHeight,
      properties: {
        markdown: `# ${args.title}\n${CONCERN_TITLES[args.concern]} (${args.region}). Generated from the components' metrics; alarm thresholds drawn as horizontal lines.`,
      },
    },
    ...args.panels.map((panel, i) => ({
      type: "metric",
      x: (i % perRow) * L.graphWidth,
      y: L.headerHeight + Math.floor(i / perRow) * L.graphHeight,
      width: L.graphWidth,
      height: L.graphHeight,
      properties: graph(panel, args.region),
    })),
  ];
  return JSON.stringify({ start: "-PT6H", periodOverride: "inherit", widgets });
}

/** Every concern's body, for the panels given (resolved): the concerns none of them draws have none. */
export function dashboardBodies(
  name: string,
  region: string,
  panels: ResolvedPanel[],
): Partial<Record<DashboardConcern, string>> {
  return Object.fromEntries(
    Object.entries(panelsByConcern(panels)).map(([concern, mine]) => {
      const c = concern as DashboardConcern;
      return [c, dashboardBody({ title: dashboardName(name, c, region), concern: c, region, panels: mine })];
    }),
  );
}
