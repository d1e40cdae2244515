/**
 * The health signals of the lake's Glue jobs, crawlers and Athena workgroup.
 *
 * Glue publishes no CloudWatch metric for a failed job run or crawl: a run's end state is an
 * EventBridge event ("Glue Job State Change", "Glue Crawler State Change", source aws.glue, on the
 * default bus). So each kind gets an EventBridge rule matching the failed states of the lake's own
 * jobs or crawlers, and the alarm watches the rule's `TriggeredRules` metric (AWS/Events, by
 * RuleName: how many events matched it). The job's Spark tasks that failed come from Glue's job
 * metrics (`--enable-metrics`: namespace Glue, JobRunId ALL, Type count), and the bytes queries
 * scan from the workgroup's CloudWatch metrics (AWS/Athena ProcessedBytes, published with the
 * query state and type).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { applyThresholds, checkThresholds, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import type { LakeContext } from "./context";

/** Every metric id `lakeAnalyticsMetrics` describes and `thresholds` can override. */
export const LAKE_ANALYTICS_METRIC_IDS = [
  "glue-job-failures",
  "glue-crawler-failures",
  "etl-failed-tasks",
  "athena-bytes-scanned",
] as const;
export type LakeAnalyticsMetricId = (typeof LAKE_ANALYTICS_METRIC_IDS)[number];

/** The end states of a job run that are failures (SUCCEEDED and STOPPED, an operator's stop, are not). */
export const FAILED_JOB_STATES = ["FAILED", "TIMEOUT", "ERROR"] as const;
/** The crawl state a failed crawl reports in its "Glue Crawler State Change" event. */
export const FAILED_CRAWLER_STATES = ["Failed"] as const;

export interface FailureRules {
  jobs: aws.cloudwatch.EventRule;
  crawlers: aws.cloudwatch.EventRule;
}

/** The event pattern of the lake's failed job runs. */
export const jobFailurePattern = (jobNames: pulumi.Input<string>[]) =>
  pulumi.jsonStringify({
    source: ["aws.glue"],
    "detail-type": ["Glue Job State Change"],
    detail: { jobName: jobNames, state: [...FAILED_JOB_STATES] },
  });

/** The event pattern of the lake's failed crawls. */
export const crawlerFailurePattern = (crawlerNames: pulumi.Input<string>[]) =>
  pulumi.jsonStringify({
    source: ["aws.glue"],
    "detail-type": ["Glue Crawler State Change"],
    detail: { crawlerName: crawlerNames, state: [...FAILED_CRAWLER_STATES] },
  });

/** Rules on the default event bus (where Glue sends its events) matching the failures of exactly these jobs and crawlers. */
export function createFailureRules(
  ctx: LakeContext,
  names: { jobs: pulumi.Input<string>[]; crawlers: pulumi.Input<string>[] },
): FailureRules {
  const opts = { parent: ctx.parent };
  const jobs = new aws.cloudwatch.EventRule(
    `${ctx.name}-glue-job-failed`,
    {
      description: `Failed runs of the data lake ${ctx.name}'s Glue jobs`,
      eventPattern: jobFailurePattern(names.jobs),
    },
    opts,
  );
  const crawlers = new aws.cloudwatch.EventRule(
    `${ctx.name}-glue-crawl-failed`,
    {
      description: `Failed crawls of the data lake ${ctx.name}'s crawlers`,
      eventPattern: crawlerFailurePattern(names.crawlers),
    },
    opts,
  );
  return { jobs, crawlers };
}

export interface LakeAnalyticsMetricSources {
  failureRules: FailureRules;
  etlJobName: pulumi.Input<string>;
  workgroupName: pulumi.Input<string>;
}

/** The descriptors with their default thresholds; `thresholds` overrides them by id (checked). */
export function lakeAnalyticsMetrics(
  name: string,
  src: LakeAnalyticsMetricSources,
  thresholds?: Thresholds<LakeAnalyticsMetricId>,
): MetricDescriptor[] {
  const overrides = checkThresholds("DataLake", LAKE_ANALYTICS_METRIC_IDS, thresholds);
  const failures = (id: LakeAnalyticsMetricId, rule: aws.cloudwatch.EventRule, what: string): MetricDescriptor => ({
    id,
    description: `${name}: ${what} (EventBridge rule matches)`,
    namespace: "AWS/Events",
    metricName: "TriggeredRules",
    dimensions: { RuleName: rule.name },
    statistic: "Sum",
    periodSeconds: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  });
  const descriptors: MetricDescriptor[] = [
    failures("glue-job-failures", src.failureRules.jobs, "Glue job runs that failed, timed out or errored"),
    failures("glue-crawler-failures", src.failureRules.crawlers, "Glue crawls that failed"),
    {
      id: "etl-failed-tasks",
      description: `${name}: Spark tasks of the ETL job that failed in the last hour`,
      namespace: "Glue",
      metricName: "glue.driver.aggregate.numFailedTasks",
      dimensions: { JobName: src.etlJobName, JobRunId: "ALL", Type: "count" },
      statistic: "Sum",
      periodSeconds: 3600,
      evaluationPeriods: 1,
      threshold: 5,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    },
    {
      id: "athena-bytes-scanned",
      description: `${name}: bytes the workgroup's successful queries scanned in the last hour`,
      namespace: "AWS/Athena",
      metricName: "ProcessedBytes",
      dimensions: { WorkGroup: src.workgroupName, QueryState: "SUCCEEDED", QueryType: "DML" },
      statistic: "Sum",
      periodSeconds: 3600,
      evaluationPeriods: 1,
      // 100 GiB an hour: ten queries at the per-query cutoff.
      threshold: 100 * 1024 ** 3,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    },
  ];
  return applyThresholds(descriptors, overrides);
}
