/**
 * The lake's Glue workflow: a scheduled crawl of the raw zone, then the ETL job, then a crawl of
 * the processed zone, then the data-quality evaluation, each step started only when the one
 * before it succeeded.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { invalidArg } from "../shared/errors";
import type { LakeContext } from "./context";
import { WORKFLOW_DEFAULTS } from "./glue-defaults";

export interface WorkflowArgs {
  rawCrawlerName: pulumi.Input<string>;
  etlJobName: pulumi.Input<string>;
  processedCrawlerName: pulumi.Input<string>;
  qualityJobName: pulumi.Input<string>;
  /**
   * When the workflow starts: a Glue cron expression, `cron(<minutes> <hours> <day of month> <month> <day of week> <year>)`, in UTC.
   * @default "cron(15 * * * ? *)" (every hour at 15 past)
   */
  schedule?: string;
}

export interface LakeWorkflow {
  workflow: aws.glue.Workflow;
  /** In order: the scheduled start (raw crawl), ETL, processed crawl, quality evaluation. */
  triggers: aws.glue.Trigger[];
}

/** Six fields in `cron(...)`, the day-of-month or the day-of-week a `?` (AWS cron expressions). */
const CRON = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*\)$/;

export function checkSchedule(schedule: string | undefined): void {
  if (schedule === undefined) return;
  const m = CRON.exec(schedule);
  if (!m || (m[3] !== "?" && m[5] !== "?")) {
    throw invalidArg(
      "DataLake",
      "glue.schedule",
      `"${schedule}" is not a Glue cron expression: cron(<minutes> <hours> <day of month> <month> <day of week> <year>) with "?" as the day of month or of week, e.g. "${WORKFLOW_DEFAULTS.schedule}"`,
    );
  }
}

/**
 * A workflow (one run at a time) and its four triggers. The first starts the raw crawler on the
 * schedule; each of the others is CONDITIONAL on the previous step's SUCCEEDED state (a crawl's
 * crawlState, a job's state), so a failed step stops the run there. Every trigger is created
 * activated (startOnCreation).
 */
export function createWorkflow(ctx: LakeContext, args: WorkflowArgs): LakeWorkflow {
  checkSchedule(args.schedule);
  const opts = { parent: ctx.parent };
  const workflow = new aws.glue.Workflow(
    `${ctx.name}-workflow`,
    {
      description: `Raw crawl, ETL, processed crawl and data-quality evaluation of the data lake ${ctx.name}`,
      maxConcurrentRuns: 1,
    },
    opts,
  );
  const start = new aws.glue.Trigger(
    `${ctx.name}-start`,
    {
      description: "Starts the workflow: crawls the raw zone",
      workflowName: workflow.name,
      type: "SCHEDULED",
      schedule: args.schedule ?? WORKFLOW_DEFAULTS.schedule,
      startOnCreation: true,
      actions: [{ crawlerName: args.rawCrawlerName }],
    },
    opts,
  );
  const after = (
    logical: string,
    description: string,
    condition: aws.types.input.glue.TriggerPredicateCondition,
    action: aws.types.input.glue.TriggerAction,
    previous: aws.glue.Trigger,
  ) =>
    new aws.glue.Trigger(
      `${ctx.name}-${logical}`,
      {
        description,
        workflowName: workflow.name,
        type: "CONDITIONAL",
        startOnCreation: true,
        predicate: { logical: "AND", conditions: [{ logicalOperator: "EQUALS", ...condition }] },
        actions: [action],
      },
      // Created in the workflow's order, so the graph (and the console) shows it as it runs.
      { ...opts, dependsOn: [previous] },
    );
  const etl = after(
    "after-raw-crawl",
    "Runs the ETL job once the raw crawl succeeded",
    { crawlerName: args.rawCrawlerName, crawlState: "SUCCEEDED" },
    { jobName: args.etlJobName },
    start,
  );
  const processed = after(
    "after-etl",
    "Crawls the processed zone once the ETL job succeeded",
    { jobName: args.etlJobName, state: "SUCCEEDED" },
    { crawlerName: args.processedCrawlerName },
    etl,
  );
  const quality = after(
    "after-processed-crawl",
    "Evaluates the processed table's data quality once the processed crawl succeeded",
    { crawlerName: args.processedCrawlerName, crawlState: "SUCCEEDED" },
    { jobName: args.qualityJobName },
    processed,
  );
  return { workflow, triggers: [start, etl, processed, quality] };
}
