import {
  Descriptors,
  functionPanels,
  servicePanels,
  sibling,
  type DashboardPanel,
  type MetricView,
} from "../shared/dashboard";
import type { MetricDescriptor } from "../shared/metrics";

/**
 * IngestionPipeline's panels (`IngestionPipeline.dashboardMetrics()`), from its descriptors (so from
 * the stream's, functions', queues', API stage's resolved names):
 * - ingestion: incoming records per shard and for the stream, iterator age per shard, write
 *   throttles, the consumer's errors, throttles and duration, dead letters, the workflow, the archive;
 * - api: requests, 4xx/5xx counts and shares, latency p50/p90/p99;
 * - compute: the Lambda functions (consumer, workflow step, record reader, change Lambda) and the
 *   change task on Fargate.
 * Per-shard lines need the stream's enhanced (shard-level) monitoring, which `createStream` turns on.
 */
export function ingestionPanels(component: string, descriptors: MetricDescriptor[]): DashboardPanel[] {
  const d = new Descriptors(descriptors);
  const panels: DashboardPanel[] = [];
  const ingestion = (title: string, unit: string, metrics: MetricView[], periodSeconds = 60) =>
    panels.push({ concern: "ingestion", title: `${component}: ${title}`, unit, periodSeconds, metrics });

  const iteratorAge = d.get("stream-iterator-age");
  if (iteratorAge) {
    const stream = iteratorAge.dimensions;
    ingestion("incoming records per shard", "count", [
      sibling(iteratorAge, "IncomingRecords", "Sum", "shard", { perDimension: "ShardId", dimensions: stream }),
    ]);
    ingestion("stream records and write throttles", "count", [
      sibling(iteratorAge, "IncomingRecords", "Sum", "incoming records"),
      sibling(iteratorAge, "GetRecords.Records", "Sum", "records read"),
      ...d.views([["stream-write-throttles", "write throttles"]]),
    ]);
    ingestion("iterator age per shard", "ms", [
      d.views([["stream-iterator-age", "stream (oldest)"]])[0]!,
      sibling(iteratorAge, "IteratorAgeMilliseconds", "Maximum", "shard", { perDimension: "ShardId" }),
    ]);
  }
  ingestion(
    "consumer errors and throttles",
    "count",
    d.views([
      ["consumer-errors", "errors"],
      ["consumer-throttles", "throttles"],
    ]),
  );
  const duration = d.get("consumer-duration");
  if (duration)
    ingestion("consumer duration", "ms", [
      sibling(duration, "Duration", "p50", "p50"),
      sibling(duration, "Duration", "p99", "p99"),
      ...d.views([["consumer-duration", "max"]]),
    ]);
  ingestion(
    "dead letters",
    "messages",
    d.views([
      ["consumer-dlq", "consumer"],
      ["change-lambda-dlq", "change Lambda"],
      ["change-queue-dlq", "change task"],
      ["events-delivery-dlq", "event delivery"],
    ]),
    300,
  );
  ingestion("change queue: oldest change waiting", "s", d.views([["change-queue-age", "oldest change"]]), 300);
  const failures = d.get("workflow-failures");
  ingestion(
    "workflow executions",
    "count",
    [
      ...(failures ? [sibling(failures, "ExecutionsStarted", "Sum", "started")] : []),
      ...d.views([
        ["workflow-failures", "failed"],
        ["workflow-step-errors", "step errors"],
      ]),
    ],
    300,
  );
  ingestion("table write throttles", "count", d.views([["table-throttles", "write throttles"]]));
  ingestion("archive freshness", "s", d.views([["archive-freshness", "oldest record not delivered"]]), 300);

  const requests = d.get("api-requests");
  if (requests) {
    const api = (title: string, unit: string, metrics: MetricView[]) =>
      panels.push({ concern: "api", title: `${component}: ${title}`, unit, periodSeconds: 300, metrics });
    api("requests", "count", d.views([["api-requests", "requests"]]));
    api("4xx and 5xx answers", "count", [
      sibling(requests, "4XXError", "Sum", "4xx"),
      sibling(requests, "5XXError", "Sum", "5xx"),
    ]);
    api(
      "4xx and 5xx share of requests",
      "share",
      d.views([
        ["api-4xx-rate", "4xx share"],
        ["api-5xx-rate", "5xx share"],
      ]),
    );
    api("latency", "ms", [
      sibling(requests, "Latency", "p50", "p50"),
      sibling(requests, "Latency", "p90", "p90"),
      sibling(requests, "Latency", "p99", "p99"),
      ...d.views([["api-latency", "average"]]),
    ]);
  }

  panels.push(
    ...functionPanels(component, d, {
      consumer: "consumer",
      "workflow-step": "workflow step",
      reader: "record reader",
      "change-lambda": "change Lambda",
    }),
    ...servicePanels(component, d, { cpu: "change-task-cpu" }, "change task"),
  );
  return panels.filter((p) => p.metrics.length > 0);
}
