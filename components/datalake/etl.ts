/**
 * The ETL job: a PySpark script of this repository (scripts/raw_to_processed.py) that turns the
 * ingestion pipeline's change records in raw/events/ into Parquet in processed/hourly/events/,
 * partitioned by date and hour, remembering with job bookmarks what it has processed.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy, secretReadStatements } from "../compute/iam";
import { invalidArg } from "../shared/errors";
import { regionContext } from "../shared/region";
import { objectReadStatements, objectWriteStatements } from "../storage/object-grants";
import type { LakeBucketRef, LakeContext } from "./context";
import { bookmarkKeyStatement, glueArnContext, glueLogStatements, glueRole } from "./glue-access";
import { ETL_JOB_DEFAULTS, ETL_PREFIXES, GLUE_JOB_BASELINE, GLUE_LOG_DEFAULTS, JOB_ARGUMENTS } from "./glue-defaults";
import { uploadScript, type JobScript } from "./job-script";
import { LAKE_SERVICE_PREFIXES } from "./zones";

export interface EtlJobArgs {
  /** The security configuration (its name) the job runs with. */
  securityConfigurationName: pulumi.Input<string>;
  /**
   * Secrets the job may read (GetSecretValue and DescribeSecret on exactly these ARNs, and the
   * CMK through Secrets Manager): for a script that connects to a store with credentials.
   * @default none
   */
  secretArns?: pulumi.Input<string>[];
  /**
   * G.1X workers (1 DPU each); Glue runs a Spark job on 2 at least.
   * @default 2 (2 DPU)
   */
  numberOfWorkers?: number;
  /**
   * Minutes before Glue stops a run (1-2880).
   * @default 60
   */
  timeoutMinutes?: number;
}

export interface EtlJob {
  job: aws.glue.Job;
  role: aws.iam.Role;
  script: JobScript;
  /** The job's log groups (`<prefix>/error` for Spark and Glue's own logs, `<prefix>/output` for the script's stdout). */
  logGroups: aws.cloudwatch.LogGroup[];
  /** `--custom-logGroup-prefix`: where the job's log groups are. */
  logGroupPrefix: string;
}

/** The longest timeout Glue accepts for a batch job (minutes). */
const MAX_TIMEOUT = GLUE_JOB_BASELINE.awsDefaultTimeoutMinutes;

export function checkWorkers(component: string, arg: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > 299)) {
    throw invalidArg(component, arg, `${value} must be a whole number of workers from ${min} to 299`);
  }
}

export function checkTimeout(component: string, arg: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT)) {
    throw invalidArg(component, arg, `${value} must be a whole number of minutes from 1 to ${MAX_TIMEOUT}`);
  }
}

/** The log groups a Glue 5.0 job writes with `--custom-logGroup-prefix`, created here with the CMK and a retention. */
export function jobLogGroups(ctx: LakeContext, job: string): { prefix: string; groups: aws.cloudwatch.LogGroup[] } {
  const prefix = `${GLUE_LOG_DEFAULTS.logGroupPrefix}jobs/${ctx.name}-${job}`;
  const groups = ["error", "output"].map(
    (stream) =>
      new aws.cloudwatch.LogGroup(
        `${ctx.name}-${job}-${stream}-logs`,
        { name: `${prefix}/${stream}`, retentionInDays: GLUE_LOG_DEFAULTS.retentionInDays, kmsKeyId: ctx.kmsKeyArn },
        { parent: ctx.parent },
      ),
  );
  return { prefix, groups };
}

/**
 * The ETL job (glueetl, Glue 5.0, Python 3, two G.1X workers = 2 DPU, 60 minutes), its script
 * uploaded to the scripts prefix, bookmarks on, metrics and continuous logging to log groups of
 * its own, a temporary directory and Spark event logs under glue/temporary/etl/. Its role reads
 * raw/events/ and the script, writes processed/hourly/events/ and its temporary directory, uses the
 * key for bookmarks and through S3, writes its log groups, and reads exactly `secretArns`. It
 * reads and writes S3 paths, not the catalog: the processed crawler catalogs what it writes.
 */
export function createEtlJob(ctx: LakeContext, lake: LakeBucketRef, args: EtlJobArgs): EtlJob {
  checkWorkers("DataLake", "etl.numberOfWorkers", args.numberOfWorkers, ETL_JOB_DEFAULTS.minWorkers);
  checkTimeout("DataLake", "etl.timeoutMinutes", args.timeoutMinutes);
  const where = regionContext("DataLake", ctx.region, ctx.parent);
  const a = glueArnContext(ctx);
  const s3 = {
    component: "DataLake",
    bucketArn: lake.bucketArn,
    kmsKeyArn: ctx.kmsKeyArn,
    s3Endpoint: where.serviceEndpoint("s3"),
  };
  const tempPrefix = `${LAKE_SERVICE_PREFIXES.glueTemp}etl/`;
  const script = uploadScript(ctx, lake, `${ctx.name}-etl-script`, ETL_JOB_DEFAULTS.scriptFile);
  const logs = jobLogGroups(ctx, "etl");

  const role = glueRole(ctx, "glue-etl", "The data lake's ETL job: raw/events/ to processed/hourly/events/");
  const access = rolePolicy(
    `${ctx.name}-glue-etl-access`,
    role,
    [
      ...objectReadStatements({ ...s3, prefix: script.key }),
      ...objectReadStatements({ ...s3, prefix: ETL_PREFIXES.source }),
      ...objectReadStatements({ ...s3, prefix: ETL_PREFIXES.target }),
      ...objectWriteStatements({ ...s3, prefix: ETL_PREFIXES.target }),
      ...objectReadStatements({ ...s3, prefix: tempPrefix }),
      ...objectWriteStatements({ ...s3, prefix: tempPrefix }, { delete: true }),
      bookmarkKeyStatement(ctx.kmsKeyArn),
      glueLogStatements(a, [`${logs.prefix}/*`], "WriteJobLogs"),
      ...secretReadStatements(args.secretArns ?? [], ctx.kmsKeyArn, where.serviceEndpoint("secretsmanager")),
    ],
    { parent: ctx.parent },
  );

  const path = (prefix: string) => pulumi.interpolate`s3://${lake.bucketName}/${prefix}`;
  const job = new aws.glue.Job(
    `${ctx.name}-etl`,
    {
      description: `Turns the change records of raw/events/ into partitioned Parquet in processed/hourly/events/ (data lake ${ctx.name})`,
      roleArn: role.arn,
      command: {
        name: ETL_JOB_DEFAULTS.command,
        pythonVersion: ETL_JOB_DEFAULTS.pythonVersion,
        scriptLocation: script.location,
      },
      glueVersion: ETL_JOB_DEFAULTS.glueVersion,
      workerType: ETL_JOB_DEFAULTS.workerType,
      numberOfWorkers: args.numberOfWorkers ?? ETL_JOB_DEFAULTS.numberOfWorkers,
      timeout: args.timeoutMinutes ?? ETL_JOB_DEFAULTS.timeoutMinutes,
      maxRetries: ETL_JOB_DEFAULTS.maxRetries,
      executionProperty: { maxConcurrentRuns: ETL_JOB_DEFAULTS.maxConcurrentRuns },
      securityConfiguration: args.securityConfigurationName,
      defaultArguments: {
        "--job-language": JOB_ARGUMENTS.language,
        [JOB_ARGUMENTS.bookmarkArgument]: JOB_ARGUMENTS.bookmarkEnabled,
        "--enable-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
        "--custom-logGroup-prefix": logs.prefix,
        "--TempDir": path(tempPrefix),
        "--enable-spark-ui": "true",
        "--spark-event-logs-path": path(`${tempPrefix}spark-events/`),
        "--source_path": path(ETL_PREFIXES.source),
        "--target_path": path(ETL_PREFIXES.target),
      },
    },
    { parent: ctx.parent, dependsOn: [access, script.object, ...logs.groups] },
  );
  return { job, role, script, logGroups: logs.groups, logGroupPrefix: logs.prefix };
}
