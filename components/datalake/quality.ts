/**
 * Data quality of the processed table: a DQDL ruleset (scripts/processed.dqdl, checked by the
 * grammar's own rules before anything is created), the role Glue evaluates it as, and the job the
 * workflow runs to evaluate it and fail on a failed rule.
 */
import * as fs from "node:fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy } from "../compute/iam";
import { invalidArg } from "../shared/errors";
import { regionContext } from "../shared/region";
import { objectReadStatements, objectWriteStatements } from "../storage/object-grants";
import type { LakeBucketRef, LakeContext } from "./context";
import { parseDqdl } from "./dqdl";
import { jobLogGroups } from "./etl";
import {
  catalogReadStatement,
  dataQualityRulesetArn,
  glueArnContext,
  glueLogStatements,
  glueRole,
} from "./glue-access";
import { ETL_PREFIXES, JOB_ARGUMENTS, PROCESSED_EVENTS_TABLE, QUALITY_JOB_DEFAULTS } from "./glue-defaults";
import { scriptPath, uploadScript, type JobScript } from "./job-script";
import { LAKE_SERVICE_PREFIXES } from "./zones";

export interface DataQualityArgs {
  /** The catalog database of the processed table. */
  databaseName: pulumi.Input<string>;
  /** The security configuration (its name) the evaluation job runs with. */
  securityConfigurationName: pulumi.Input<string>;
  /**
   * The ruleset, in DQDL; checked by the grammar (components/datalake/dqdl.ts) at plan time.
   * @default the repository's scripts/processed.dqdl
   */
  ruleset?: string;
  /**
   * Days of dt= partitions each evaluation checks (today included).
   * @default 2
   */
  evaluationDays?: number;
}

export interface DataQuality {
  ruleset: aws.glue.DataQualityRuleset;
  /** The role Glue reads the processed table as during an evaluation run. */
  evaluationRole: aws.iam.Role;
  /** The job that starts an evaluation run, waits for it and fails on a failed rule. */
  job: aws.glue.Job;
  jobRole: aws.iam.Role;
  script: JobScript;
  logGroups: aws.cloudwatch.LogGroup[];
}

/** The repository's ruleset for the processed table. */
export const defaultRuleset = (): string => fs.readFileSync(scriptPath(QUALITY_JOB_DEFAULTS.rulesetFile), "utf8");

/** The DQDL text, or an InvalidArgError naming every problem the grammar finds. */
export function checkedRuleset(text: string, component = "DataQuality"): string {
  const { problems } = parseDqdl(text);
  if (problems.length) throw invalidArg(component, "ruleset", `is not valid DQDL: ${problems.join("; ")}`);
  return text;
}

/**
 * The ruleset on the processed table (`processed_events` of the lake database), its evaluation
 * role (reads exactly that table and processed/hourly/events/, writes the results prefix, writes
 * Glue's logs) and the evaluation job (a Glue 5.0 Python script that calls
 * StartDataQualityRulesetEvaluationRun and waits for it). The job's role may start and read
 * evaluation runs of this ruleset, read its results, and pass the evaluation role to Glue, nothing else.
 */
export function createDataQuality(ctx: LakeContext, lake: LakeBucketRef, args: DataQualityArgs): DataQuality {
  const text = checkedRuleset(args.ruleset ?? defaultRuleset(), "DataLake");
  const days = args.evaluationDays ?? 2;
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw invalidArg("DataLake", "quality.evaluationDays", `${days} must be a whole number of days from 1 to 366`);
  const where = regionContext("DataLake", ctx.region, ctx.parent);
  const a = glueArnContext(ctx);
  const s3 = {
    component: "DataLake",
    bucketArn: lake.bucketArn,
    kmsKeyArn: ctx.kmsKeyArn,
    s3Endpoint: where.serviceEndpoint("s3"),
  };
  const resultsPrefix = LAKE_SERVICE_PREFIXES.qualityResults;

  const ruleset = new aws.glue.DataQualityRuleset(
    `${ctx.name}-processed-quality`,
    {
      description: `Data quality of ${PROCESSED_EVENTS_TABLE} (data lake ${ctx.name})`,
      ruleset: text,
      targetTable: { databaseName: args.databaseName, tableName: PROCESSED_EVENTS_TABLE },
    },
    { parent: ctx.parent },
  );

  const evaluationRole = glueRole(
    ctx,
    "glue-dq-eval",
    `Reads ${PROCESSED_EVENTS_TABLE} for its data-quality evaluation runs`,
  );
  const evaluationAccess = rolePolicy(
    `${ctx.name}-glue-dq-eval-access`,
    evaluationRole,
    [
      catalogReadStatement(a, args.databaseName, [PROCESSED_EVENTS_TABLE], "ReadProcessedTable"),
      {
        sid: "PublishResults",
        actions: ["glue:PublishDataQuality"],
        resources: [dataQualityRulesetArn(a, ruleset.name)],
      },
      ...objectReadStatements({ ...s3, prefix: ETL_PREFIXES.target }),
      ...objectReadStatements({ ...s3, prefix: resultsPrefix }),
      ...objectWriteStatements({ ...s3, prefix: resultsPrefix }),
      // An evaluation run is a Glue job run of Glue's own, which names its log group itself.
      glueLogStatements(a, ["/aws-glue/*"], "WriteEvaluationLogs"),
    ],
    { parent: ctx.parent },
  );

  const script = uploadScript(ctx, lake, `${ctx.name}-quality-script`, QUALITY_JOB_DEFAULTS.scriptFile);
  const logs = jobLogGroups(ctx, "quality");
  const jobRole = glueRole(ctx, "glue-dq-job", "Starts the processed table's data-quality evaluation and waits for it");
  const jobAccess = rolePolicy(
    `${ctx.name}-glue-dq-job-access`,
    jobRole,
    [
      ...objectReadStatements({ ...s3, prefix: script.key }),
      {
        sid: "EvaluateRuleset",
        actions: [
          "glue:StartDataQualityRulesetEvaluationRun",
          "glue:GetDataQualityRuleset",
          "glue:GetDataQualityResult",
        ],
        resources: [dataQualityRulesetArn(a, ruleset.name)],
      },
      {
        // Glue authorizes reading an evaluation run on the ruleset resource type, not one ruleset:
        // a run's id names no ruleset (Glue Developer Guide, "IAM permissions for AWS Glue Data Quality").
        sid: "ReadEvaluationRuns",
        actions: ["glue:GetDataQualityRulesetEvaluationRun"],
        resources: [dataQualityRulesetArn(a, "*")],
      },
      {
        sid: "PassEvaluationRole",
        actions: ["iam:PassRole"],
        resources: [evaluationRole.arn],
        conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["glue.amazonaws.com"] }],
      },
      glueLogStatements(a, [`${logs.prefix}/*`], "WriteJobLogs"),
    ],
    { parent: ctx.parent },
  );

  const job = new aws.glue.Job(
    `${ctx.name}-quality`,
    {
      description: `Evaluates the data-quality ruleset of ${PROCESSED_EVENTS_TABLE} and fails on a failed rule (data lake ${ctx.name})`,
      roleArn: jobRole.arn,
      command: {
        name: QUALITY_JOB_DEFAULTS.command,
        pythonVersion: QUALITY_JOB_DEFAULTS.pythonVersion,
        scriptLocation: script.location,
      },
      glueVersion: QUALITY_JOB_DEFAULTS.glueVersion,
      workerType: QUALITY_JOB_DEFAULTS.workerType,
      numberOfWorkers: QUALITY_JOB_DEFAULTS.numberOfWorkers,
      timeout: QUALITY_JOB_DEFAULTS.timeoutMinutes,
      maxRetries: 0,
      executionProperty: { maxConcurrentRuns: 1 },
      securityConfiguration: args.securityConfigurationName,
      defaultArguments: {
        "--job-language": JOB_ARGUMENTS.language,
        // Each evaluation checks the recent partitions as they are: nothing to remember between runs.
        [JOB_ARGUMENTS.bookmarkArgument]: JOB_ARGUMENTS.bookmarkDisabled,
        "--enable-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
        "--custom-logGroup-prefix": logs.prefix,
        "--ruleset_name": ruleset.name,
        "--database_name": args.databaseName,
        "--table_name": PROCESSED_EVENTS_TABLE,
        "--evaluation_role_arn": evaluationRole.arn,
        "--results_s3_prefix": pulumi.interpolate`s3://${lake.bucketName}/${resultsPrefix}`,
        "--evaluation_workers": String(QUALITY_JOB_DEFAULTS.evaluationWorkers),
        "--evaluation_timeout_minutes": String(QUALITY_JOB_DEFAULTS.evaluationTimeoutMinutes),
        "--evaluation_days": String(days),
        "--poll_seconds": String(QUALITY_JOB_DEFAULTS.pollSeconds),
      },
    },
    { parent: ctx.parent, dependsOn: [jobAccess, evaluationAccess, script.object, ...logs.groups] },
  );
  return { ruleset, evaluationRole, job, jobRole, script, logGroups: logs.groups };
}
