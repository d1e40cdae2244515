/**
 * CloudWatch dashboards drawn from what the components expose (`dashboardMetrics()`): one dashboard
 * per concern (ingestion, API Gateway, compute, web tier, data lake) that at least one component
 * given has panels for, its body (dashboard-body.ts) naming only the resources' resolved names and
 * dimensions.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DashboardConcern, DashboardPanel, DashboardSource } from "../shared/dashboard";
import { assertRegionName } from "../shared/naming";
import {
  dashboardBody,
  dashboardConsoleUrl,
  dashboardName,
  panelsByConcern,
  type ResolvedPanel,
} from "./dashboard-body";

export {
  CONCERN_TITLES,
  DASHBOARD_LAYOUT,
  DASHBOARD_NAME,
  dashboardBodies,
  dashboardBody,
  dashboardConsoleUrl,
  dashboardName,
  panelsByConcern,
  searchExpression,
  type ResolvedPanel,
  type ResolvedView,
} from "./dashboard-body";

export interface DashboardsArgs {
  /** The region the dashboards show (the stack's): every widget's and metric's `region`. */
  region: string;
  /** The components to draw (their `dashboardMetrics()`), or panels built elsewhere. */
  sources: (DashboardSource | DashboardPanel[])[];
}

export interface Dashboards {
  /** The dashboards by concern; a concern none of the sources draws has none. */
  dashboards: Partial<Record<DashboardConcern, aws.cloudwatch.Dashboard>>;
  /** Their names (known before deployment). */
  names: Partial<Record<DashboardConcern, string>>;
  /** Their console addresses. */
  urls: Partial<Record<DashboardConcern, string>>;
}

/**
 * One `aws.cloudwatch.Dashboard` per concern the sources draw (`<name>-<concern>-<region code>`),
 * its body written once the dimension values are known. Children of `parent`.
 */
export function createDashboards(name: string, args: DashboardsArgs, parent: pulumi.Resource): Dashboards {
  assertRegionName("region", args.region);
  const panels = args.sources.flatMap((s) => (Array.isArray(s) ? s : s.dashboardMetrics()));
  const out: Dashboards = { dashboards: {}, names: {}, urls: {} };
  for (const [concern, mine] of Object.entries(panelsByConcern(panels))) {
    const c = concern as DashboardConcern;
    const dashboard = dashboardName(name, c, args.region);
    const body = pulumi
      .output(mine)
      .apply((resolved) =>
        dashboardBody({ title: dashboard, concern: c, region: args.region, panels: resolved as ResolvedPanel[] }),
      );
    out.dashboards[c] = new aws.cloudwatch.Dashboard(
      `${name}-${c}-dashboard`,
      { dashboardName: dashboard, dashboardBody: body },
      { parent },
    );
    out.names[c] = dashboard;
    out.urls[c] = dashboardConsoleUrl(args.region, dashboard);
  }
  return out;
}
