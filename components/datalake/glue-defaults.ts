/**
 * The lake's Glue and Athena defaults, in one place: the catalog's table layout, the jobs' sizes
 * and arguments, the workflow's schedule and the workgroup's limits. The values the pack enforces
 * come from its baselines (policy/baseline/analytics.ts, data.ts), so the modules, their tests and
 * the rules cannot drift apart.
 */
import {
  ATHENA_WORKGROUP_BASELINE,
  GLUE_CRAWLER_RECRAWL,
  GLUE_JOB_BASELINE,
  GLUE_JOB_COMMANDS,
} from "../../policy/baseline/analytics";
import { GLUE_ENCRYPTION_MODES } from "../../policy/baseline/data";
import { LOG_RETENTION } from "../../policy/baseline/observability";
import { areaPrefix, LAKE_SERVICE_PREFIXES, LAKE_ZONES } from "./zones";

export { ATHENA_WORKGROUP_BASELINE, GLUE_CRAWLER_RECRAWL, GLUE_ENCRYPTION_MODES, GLUE_JOB_BASELINE, GLUE_JOB_COMMANDS };

/** Where the ETL job reads (the ingestion pipeline's change records, `dt=…/hour=…/*.ndjson`) and writes. */
export const ETL_PREFIXES = {
  /** The raw change records: newline-delimited JSON, one change per line (functions/change-processor). */
  source: areaPrefix("raw", "events"),
  /** The processed events: Parquet, partitioned `dt=YYYY-MM-DD/hour=HH/`. */
  target: `${areaPrefix("processed", "hourly")}events/`,
} as const;

/**
 * The crawlers: one per zone, its S3 target the zone's prefix, the table at a fixed depth so that
 * every area (raw) or data set (processed) is one table, named with the zone in front
 * (`raw_events`, `processed_events`). Levels count from the bucket's top folder (1 = the zone).
 */
export const CRAWLER_DEFAULTS = {
  raw: { prefix: LAKE_ZONES.raw.prefix, tablePrefix: "raw_", tableLevel: 2 },
  processed: { prefix: LAKE_ZONES.processed.prefix, tablePrefix: "processed_", tableLevel: 3 },
  /**
   * Both zones only grow by new hourly partition folders, so each run crawls the folders added
   * since the last one; AWS then requires LOG for schema updates and deletions.
   */
  recrawlBehavior: GLUE_CRAWLER_RECRAWL.newFoldersOnly,
  updateBehavior: GLUE_CRAWLER_RECRAWL.newFoldersOnlySchemaBehavior,
  deleteBehavior: GLUE_CRAWLER_RECRAWL.newFoldersOnlySchemaBehavior,
} as const;

/** The processed table the crawler makes of ETL_PREFIXES.target, and the data-quality ruleset's target. */
export const PROCESSED_EVENTS_TABLE = `${CRAWLER_DEFAULTS.processed.tablePrefix}events`;

export const ETL_JOB_DEFAULTS = {
  command: GLUE_JOB_COMMANDS.etl,
  /** Glue 5.0: Spark 3.5, Python 3.11. */
  glueVersion: "5.0",
  pythonVersion: "3",
  /** 2 DPU: two G.1X workers (1 DPU each); Glue 2.0+ Spark jobs take workers, not maxCapacity, and at least 2. */
  workerType: "G.1X",
  numberOfWorkers: 2,
  minWorkers: 2,
  timeoutMinutes: 60,
  maxRetries: 0,
  maxConcurrentRuns: 1,
  scriptFile: "raw_to_processed.py",
} as const;

export const QUALITY_JOB_DEFAULTS = {
  /**
   * A Spark job on Glue 5.0, for its current boto3 (StartDataQualityRulesetEvaluationRun is newer
   * than the boto3 of Python shell 3.9); the script itself only calls the Glue API.
   */
  command: GLUE_JOB_COMMANDS.etl,
  glueVersion: "5.0",
  pythonVersion: "3",
  workerType: "G.1X",
  numberOfWorkers: 2,
  timeoutMinutes: 60,
  /** The evaluation run's own limit, under the job's so the job can report it. */
  evaluationTimeoutMinutes: 45,
  /** Workers of the evaluation run (its own G.1X workers, besides the job's). */
  evaluationWorkers: 2,
  pollSeconds: 30,
  scriptFile: "run_quality_evaluation.py",
  rulesetFile: "processed.dqdl",
} as const;

/** The job arguments every job gets: metrics, continuous logging, the temporary directory. */
export const JOB_ARGUMENTS = {
  language: "python",
  bookmarkArgument: GLUE_JOB_BASELINE.bookmarkArgument,
  bookmarkEnabled: GLUE_JOB_BASELINE.bookmarkEnabled,
  bookmarkDisabled: "job-bookmark-disable",
} as const;

export const WORKFLOW_DEFAULTS = {
  /** Every hour at 15 past: the change processor has closed the previous hour's partition by then. */
  schedule: "cron(15 * * * ? *)",
} as const;

export const GLUE_LOG_DEFAULTS = {
  retentionInDays: LOG_RETENTION.defaultRetentionDays,
  /** Glue's log groups (jobs and crawlers) begin with this; the key policy must let CloudWatch Logs use the key for them. */
  logGroupPrefix: "/aws-glue/",
} as const;

export const ATHENA_DEFAULTS = {
  /** 10 GiB per query. */
  bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
  minBytesScannedCutoffPerQuery: ATHENA_WORKGROUP_BASELINE.minBytesScannedCutoffPerQuery,
  engineVersion: "Athena engine version 3",
  encryptionOption: "SSE_KMS",
  resultsPrefix: LAKE_SERVICE_PREFIXES.athenaResults,
} as const;

/** Glue catalog names (databases, tables): lower-case letters, digits and underscores, at most 255 characters. */
export const GLUE_CATALOG_NAME = /^[a-z0-9_]{1,255}$/;
