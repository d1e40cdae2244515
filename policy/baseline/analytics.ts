/**
 * Analytics baseline: the secure values the analytics rules (Glue crawlers, jobs and data quality,
 * Athena workgroups) enforce and the DataLake's Glue and Athena modules apply. Plain data, imported
 * by the components, their tests and the policy rules alike. The encryption modes of a Glue
 * security configuration are in the data baseline (GLUE_ENCRYPTION_MODES), with its rule.
 */

/** Glue job commands: Spark ETL, Spark streaming, Python shell, Ray. */
export const GLUE_JOB_COMMANDS = {
  etl: "glueetl",
  streaming: "gluestreaming",
  pythonShell: "pythonshell",
  ray: "glueray",
} as const;

export const GLUE_JOB_BASELINE = {
  /**
   * Rule default for the longest run a batch job may be allowed (minutes). Without a timeout Glue
   * lets a glueetl or pythonshell job run 2880 minutes (48 hours), billing every worker throughout.
   */
  maxTimeoutMinutes: 480,
  /** What Glue applies to a batch job without `timeout`. */
  awsDefaultTimeoutMinutes: 2880,
  /** The job argument that turns bookmarks on, and its value. */
  bookmarkArgument: "--job-bookmark-option",
  bookmarkEnabled: "job-bookmark-enable",
  /**
   * Glue versions still supported for Spark jobs: 4.0 (Spark 3.3) and 5.0 (Spark 3.5). Glue 0.9,
   * 1.0, 2.0 and 3.0 reached end of support (AWS Glue version support policy).
   */
  supportedSparkVersions: ["4.0", "5.0"] as readonly string[],
} as const;

/**
 * Crawler recrawl behaviours, and what AWS requires of the schema change policy with each: a
 * crawler that crawls new folders only must LOG both updates and deletions (CreateCrawler rejects
 * any other SchemaChangePolicy with `CRAWL_NEW_FOLDERS_ONLY`).
 */
export const GLUE_CRAWLER_RECRAWL = {
  everything: "CRAWL_EVERYTHING",
  newFoldersOnly: "CRAWL_NEW_FOLDERS_ONLY",
  eventMode: "CRAWL_EVENT_MODE",
  /** The only schema change behaviour AWS accepts with CRAWL_NEW_FOLDERS_ONLY, for both updates and deletions. */
  newFoldersOnlySchemaBehavior: "LOG",
} as const;

export const ATHENA_WORKGROUP_BASELINE = {
  /** The smallest bytesScannedCutoffPerQuery Athena accepts: 10 MB (10,485,760 bytes). */
  minBytesScannedCutoffPerQuery: 10 * 1024 * 1024,
  /** Rule default for the largest per-query cutoff the pack accepts (1 TiB): a guard against runaway scans. */
  maxBytesScannedCutoffPerQuery: 1024 ** 4,
  publishCloudwatchMetricsEnabled: true,
  enforceWorkgroupConfiguration: true,
} as const;
