import type * as pulumi from "@pulumi/pulumi";
import {
  Descriptors,
  functionPanels,
  servicePanels,
  sibling,
  type DashboardPanel,
  type MetricView,
} from "../shared/dashboard";
import type { MetricDescriptor } from "../shared/metrics";

/** What the lake's panels need beyond its descriptors. */
export interface DataLakeDashboardSources {
  /** The Glue jobs (ETL and data quality), each with `--enable-metrics` (Glue job metrics, JobRunId ALL), and their legends. */
  glueJobs: { label: string; name: pulumi.Input<string> }[];
}

/**
 * DataLake's panels (`DataLake.dashboardMetrics()`), from its descriptors (the failure rules, the
 * Glue jobs, the Athena workgroup, the queues, the processing service, the rotation function):
 * - datalake: Glue job tasks completed and failed, failed job runs and crawls (the EventBridge rules
 *   matching them: Glue publishes no run metric), Athena bytes scanned, the work queue;
 * - compute: the processing service's Fargate tasks, and the secret rotation Lambda.
 * A replica lake (no jobs, no processing) has none.
 */
export function dataLakePanels(
  component: string,
  descriptors: MetricDescriptor[],
  src: DataLakeDashboardSources,
): DashboardPanel[] {
  const d = new Descriptors(descriptors);
  const panels: DashboardPanel[] = [];
  const lake = (title: string, unit: string, metrics: MetricView[], periodSeconds = 300) =>
    panels.push({ concern: "datalake", title: `${component}: ${title}`, unit, periodSeconds, metrics });

  const failedTasks = d.get("etl-failed-tasks");
  if (failedTasks)
    lake("Glue job tasks", "count", [
      ...src.glueJobs.map((job) =>
        sibling(failedTasks, "glue.driver.aggregate.numCompletedTasks", "Sum", `${job.label} completed`, {
          dimensions: { ...failedTasks.dimensions, JobName: job.name },
        }),
      ),
      ...d.views([["etl-failed-tasks", "ETL failed"]]),
    ]);
  lake(
    "failed Glue job runs and crawls",
    "count",
    d.views([
      ["glue-job-failures", "job runs failed"],
      ["glue-crawler-failures", "crawls failed"],
    ]),
  );
  lake("Athena bytes scanned", "bytes", d.views([["athena-bytes-scanned", "bytes scanned (successful DML)"]]), 3600);
  lake(
    "work queue and dead letters",
    "messages",
    d.views([
      ["processing-queue-depth", "waiting"],
      ["processing-dlq-depth", "dead letters"],
    ]),
  );
  lake("oldest work message", "s", d.views([["processing-queue-age", "oldest message"]]));

  panels.push(
    ...servicePanels(component, d, { cpu: "processing-cpu", tasks: "processing-running-tasks" }, "processing"),
    ...functionPanels(component, d, { "secret-rotation": "secret rotation" }),
  );
  return panels.filter((p) => p.metrics.length > 0);
}
