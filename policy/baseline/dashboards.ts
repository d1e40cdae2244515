/**
 * CloudWatch dashboard limits and formats: what the dashboard rule enforces and what the dashboards
 * generator (components/observability/dashboard-body.ts) keeps to. Plain data.
 */

/** The dashboard grid (DashboardBody): 24 columns, widgets 1-24 wide and 1-1000 high, 0-500 widgets. */
export const DASHBOARD_GRID = { columns: 24, maxHeight: 1000, maxWidgets: 500 } as const;

/** A statistic a metric widget graphs: CloudWatch's five, or a percentile `p0`-`p100` (decimals allowed: `p99.9`). */
export const DASHBOARD_STAT = /^(Average|Sum|Minimum|Maximum|SampleCount|p(100|\d{1,2}(\.\d{1,2})?))$/;

/** PutDashboard's DashboardName: 1-255 letters, digits, "-" and "_". */
export const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
