/**
 * The lake's Glue and Athena side in one call, for the DataLake component: the catalog and its
 * security configuration, the zones' crawlers, the ETL job, the data-quality ruleset and its
 * evaluation job, the workflow that chains them, the Athena workgroup, the failure rules, and the
 * metric descriptors of all of them.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { checkThresholds, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { checkWorkgroupArgs, createAthenaWorkgroup, type AthenaWorkgroupArgs } from "./athena";
import { createCatalog, type LakeCatalog } from "./catalog";
import type { LakeBucketRef, LakeContext } from "./context";
import { createCrawlers, type LakeCrawlers } from "./crawlers";
import { checkTimeout, checkWorkers, createEtlJob, type EtlJob } from "./etl";
import {
  createFailureRules,
  lakeAnalyticsMetrics,
  LAKE_ANALYTICS_METRIC_IDS,
  type FailureRules,
  type LakeAnalyticsMetricId,
} from "./glue-metrics";
import { ETL_JOB_DEFAULTS } from "./glue-defaults";
import { checkedRuleset, createDataQuality, type DataQuality } from "./quality";
import { checkSchedule, createWorkflow, type LakeWorkflow } from "./workflow";

export interface LakeAnalyticsArgs {
  /**
   * When the workflow (raw crawl → ETL → processed crawl → quality) starts: a Glue cron expression, UTC.
   * @default "cron(15 * * * ? *)" (hourly, at 15 past)
   */
  schedule?: string;
  /**
   * Secrets the ETL job may read (GetSecretValue, DescribeSecret on exactly these).
   * @default none
   */
  secretArns?: pulumi.Input<string>[];
  /** The ETL job's size and limit. @default 2 G.1X workers (2 DPU), 60 minutes */
  etl?: { numberOfWorkers?: number; timeoutMinutes?: number };
  /** The processed table's ruleset (DQDL) and how many days of partitions each evaluation checks. @default scripts/processed.dqdl, 2 days */
  quality?: { ruleset?: string; evaluationDays?: number };
  /** The Athena workgroup. @default named after the lake, 10 GiB per query */
  athena?: AthenaWorkgroupArgs;
  /** Alarm threshold overrides, by metric id. @default each descriptor's own */
  thresholds?: Thresholds<LakeAnalyticsMetricId>;
}

export interface LakeAnalytics {
  catalog: LakeCatalog;
  crawlers: LakeCrawlers;
  etl: EtlJob;
  quality: DataQuality;
  workflow: LakeWorkflow;
  workgroup: aws.athena.Workgroup;
  failureRules: FailureRules;
  /** The health signals, with the thresholds applied. */
  metrics(): MetricDescriptor[];
}

/** Every arg checked before anything is created: a bad value stops the program naming it. */
export function checkLakeAnalyticsArgs(ctx: LakeContext, args: LakeAnalyticsArgs): void {
  checkSchedule(args.schedule);
  checkWorkers("DataLake", "etl.numberOfWorkers", args.etl?.numberOfWorkers, ETL_JOB_DEFAULTS.minWorkers);
  checkTimeout("DataLake", "etl.timeoutMinutes", args.etl?.timeoutMinutes);
  if (args.quality?.ruleset !== undefined) checkedRuleset(args.quality.ruleset, "DataLake");
  checkWorkgroupArgs(ctx, args.athena ?? {});
  checkThresholds("DataLake", LAKE_ANALYTICS_METRIC_IDS, args.thresholds);
}

export function createLakeAnalytics(
  ctx: LakeContext,
  lake: LakeBucketRef,
  args: LakeAnalyticsArgs = {},
): LakeAnalytics {
  checkLakeAnalyticsArgs(ctx, args);
  const catalog = createCatalog(ctx);
  const securityConfigurationName = catalog.securityConfiguration.name;
  const crawlers = createCrawlers(ctx, lake, { databaseName: catalog.database.name, securityConfigurationName });
  const etl = createEtlJob(ctx, lake, {
    securityConfigurationName,
    secretArns: args.secretArns,
    numberOfWorkers: args.etl?.numberOfWorkers,
    timeoutMinutes: args.etl?.timeoutMinutes,
  });
  const quality = createDataQuality(ctx, lake, {
    databaseName: catalog.database.name,
    securityConfigurationName,
    ruleset: args.quality?.ruleset,
    evaluationDays: args.quality?.evaluationDays,
  });
  const workflow = createWorkflow(ctx, {
    rawCrawlerName: crawlers.raw.name,
    etlJobName: etl.job.name,
    processedCrawlerName: crawlers.processed.name,
    qualityJobName: quality.job.name,
    schedule: args.schedule,
  });
  const workgroup = createAthenaWorkgroup(ctx, lake, args.athena);
  const failureRules = createFailureRules(ctx, {
    jobs: [etl.job.name, quality.job.name],
    crawlers: [crawlers.raw.name, crawlers.processed.name],
  });
  return {
    catalog,
    crawlers,
    etl,
    quality,
    workflow,
    workgroup,
    failureRules,
    metrics: () =>
      lakeAnalyticsMetrics(
        ctx.name,
        { failureRules, etlJobName: etl.job.name, workgroupName: workgroup.name },
        args.thresholds,
      ),
  };
}
