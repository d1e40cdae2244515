import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogDatabaseName } from "../../components/datalake/catalog";
import type { LakeContext } from "../../components/datalake/context";
import { createLakeAnalytics, type LakeAnalyticsArgs } from "../../components/datalake/analytics";
import { scriptPath } from "../../components/datalake/job-script";
import { createRegionalProvider, platformTags, RegionalKey } from "../../components/security";
import { AccessLogBucket, SecureBucket } from "../../components/storage";
import { AlarmSet } from "../../components/observability/alarm-set";
import type { MetricDescriptor } from "../../components/shared/metrics";
import {
  blocking,
  OFFLINE_ACCOUNT_ID,
  planProgram,
  ProgramError,
  runPolicyPack,
  stackGraphOf,
  valueOf,
} from "../../offline/testkit";
import { ALL_RULES } from "../../policy/rules";
import type { ProgramPlan } from "../../offline/testkit";
import type { ResourceGraph } from "../../offline/testkit";
import { list, statements, type Statement } from "../storage/helpers";
import { matchesEventPattern } from "../support/event-pattern";

const REGION = "us-east-1";
const T = {
  database: "aws:glue/catalogDatabase:CatalogDatabase",
  security: "aws:glue/securityConfiguration:SecurityConfiguration",
  crawler: "aws:glue/crawler:Crawler",
  job: "aws:glue/job:Job",
  trigger: "aws:glue/trigger:Trigger",
  workflow: "aws:glue/workflow:Workflow",
  ruleset: "aws:glue/dataQualityRuleset:DataQualityRuleset",
  workgroup: "aws:athena/workgroup:Workgroup",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  key: "aws:kms/key:Key",
} as const;

class TestLake extends pulumi.ComponentResource {
  constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super("twin-region:test:Lake", name, {}, opts);
  }
}

interface Planned {
  plan: ProgramPlan;
  graph: ResourceGraph;
  bucket: string;
  bucketArn: string;
  keyArn: string;
  secretArn: string;
  securityConfiguration: string;
  names: Record<string, string>;
  arns: Record<string, string>;
  databaseId: string;
  metrics: MetricDescriptor[];
}

async function planLake(args: LakeAnalyticsArgs = {}): Promise<Planned> {
  const out = { names: {}, arns: {} } as Planned;
  const plan = await planProgram(
    async () => {
      const tags = platformTags({
        environment: "test",
        owner: "data-team",
        costCenter: "cc-7",
        stack: "primary",
        region: REGION,
      });
      const provider = createRegionalProvider("regional", { region: REGION, tags });
      const key = new RegionalKey("platform", {}, { provider });
      const logs = new AccessLogBucket("access-logs", { region: REGION, kmsKeyArn: key.keyArn }, { provider });
      const lake = new SecureBucket(
        "lake-data",
        { region: REGION, kmsKeyArn: key.keyArn, accessLogBucket: logs.bucketName },
        { provider },
      );
      const secret = new aws.secretsmanager.Secret("lake-db", { kmsKeyId: key.keyArn }, { provider });
      const parent = new TestLake("lake", { provider });
      const ctx: LakeContext = { name: "lake", environment: "test", region: REGION, kmsKeyArn: key.keyArn, parent };
      const a = createLakeAnalytics(
        ctx,
        { bucketName: lake.bucketName, bucketArn: lake.bucketArn },
        { secretArns: [secret.arn], ...args },
      );
      // Its signals alarmed, as a stack alarms them (the pack wants an alarm on every Glue job).
      new AlarmSet("lake-alarms", { metrics: a.metrics(), kmsKeyArn: key.keyArn }, { provider });
      [out.bucket, out.bucketArn, out.keyArn, out.secretArn, out.securityConfiguration, out.databaseId] =
        await Promise.all([
          valueOf(lake.bucketName),
          valueOf(lake.bucketArn),
          valueOf(key.keyArn),
          valueOf(secret.arn),
          valueOf(a.catalog.securityConfiguration.name),
          valueOf(a.catalog.database.id),
        ]);
      const named = {
        rawCrawler: a.crawlers.raw,
        processedCrawler: a.crawlers.processed,
        etlJob: a.etl.job,
        qualityJob: a.quality.job,
        ruleset: a.quality.ruleset,
        workflow: a.workflow.workflow,
        workgroup: a.workgroup,
        evaluationRole: a.quality.evaluationRole,
        database: a.catalog.database,
      } as const;
      for (const [k, r] of Object.entries(named)) {
        out.names[k] = await valueOf(r.name);
        out.arns[k] = await valueOf(r.arn);
      }
      out.metrics = await Promise.all(
        a.metrics().map(async (m) => ({
          ...m,
          dimensions: Object.fromEntries(
            await Promise.all(Object.entries(m.dimensions).map(async ([k, v]) => [k, await valueOf(v)] as const)),
          ),
        })),
      );
    },
    { region: REGION, stack: "primary" },
  );
  out.plan = plan;
  out.graph = plan.graph;
  return out;
}

const policyOf = (graph: ResourceGraph, name: string): Statement[] =>
  statements(String(graph.one(T.rolePolicy, name).inputs.policy));
const withAction = (s: Statement[], action: string) => s.filter((x) => list(x.Action).includes(action));
const resourcesOf = (s: Statement[], action: string) =>
  withAction(s, action)
    .flatMap((x) => list(x.Resource))
    .sort();

describe("the lake's Glue catalog, crawlers, ETL, data quality, workflow and Athena workgroup", () => {
  let p: Planned;
  beforeAll(async () => {
    p = await planLake();
  });
  const g = () => p.graph;
  const obj = (prefix: string) => `${p.bucketArn}/${prefix}*`;

  describe("catalog and security configuration", () => {
    it("names the catalog database <env>_data_lake_catalog, with the ARN and id Glue gives it", () => {
      expect(g().one(T.database, "lake-catalog").inputs.name).toBe("test_data_lake_catalog");
      expect(p.arns.database).toBe(`arn:aws:glue:us-east-1:${OFFLINE_ACCOUNT_ID}:database/test_data_lake_catalog`);
      expect(p.databaseId).toBe(`${OFFLINE_ACCOUNT_ID}:test_data_lake_catalog`);
    });

    it("lower-cases the environment and turns every other character into _ for the database name, and rejects one with nothing left", () => {
      expect(catalogDatabaseName("Prod-EU")).toBe("prod_eu_data_lake_catalog");
      expect(catalogDatabaseName("dev.2")).toBe("dev_2_data_lake_catalog");
      expect(() => catalogDatabaseName("--")).toThrow(/DataLake: environment: "--" leaves no letters or digits/);
    });

    it("encrypts S3 output (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) with the lake's CMK", () => {
      const ec = g().one(T.security, "lake-glue-security").inputs.encryptionConfiguration;
      expect(ec).toEqual({
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: p.keyArn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: p.keyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: p.keyArn },
      });
    });

    it("runs every crawler and every job with that security configuration", () => {
      const runners = [...g().ofType(T.crawler), ...g().ofType(T.job)];
      expect(runners).toHaveLength(4);
      for (const r of runners)
        expect([r.name, r.inputs.securityConfiguration]).toEqual([r.name, p.securityConfiguration]);
    });

    it("lets the platform key's policy have CloudWatch Logs use the key for Glue's log groups (/aws-glue/…), which the security configuration's log encryption needs", () => {
      const policy = statements(String(g().one(T.key, "platform-key").inputs.policy));
      const logs = policy.filter((s) =>
        list((s as { Principal?: { Service?: string | string[] } }).Principal?.Service as string | string[]).includes(
          "logs.us-east-1.amazonaws.com",
        ),
      );
      const arnLike = (pattern: string, value: string) =>
        new RegExp(
          `^${pattern
            .split("*")
            .map((x) => x.replace(/[.?+^$()[\]{}|\\/]/g, "\\$&"))
            .join(".*")}$`,
        ).test(value);
      const glueGroup = `arn:aws:logs:us-east-1:${OFFLINE_ACCOUNT_ID}:log-group:/aws-glue/jobs/lake-etl/error`;
      const covering = logs.filter(
        (s) =>
          ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"].every((a) => list(s.Action).includes(a)) &&
          list(s.Condition?.ArnLike?.["kms:EncryptionContext:aws:logs:arn"]).some((pattern) =>
            arnLike(pattern, glueGroup),
          ),
      );
      expect(covering).toHaveLength(1);
    });
  });

  describe("crawlers", () => {
    const crawler = (zone: string) => g().one(T.crawler, `lake-${zone}-crawler`);

    it("crawl exactly the raw and processed zone prefixes into the lake database, as raw_* and processed_* tables", () => {
      expect(crawler("raw").inputs.s3Targets).toEqual([{ path: `s3://${p.bucket}/raw/` }]);
      expect(crawler("processed").inputs.s3Targets).toEqual([{ path: `s3://${p.bucket}/processed/` }]);
      expect([crawler("raw").inputs.tablePrefix, crawler("processed").inputs.tablePrefix]).toEqual([
        "raw_",
        "processed_",
      ]);
      for (const zone of ["raw", "processed"]) expect(crawler(zone).inputs.databaseName).toBe("test_data_lake_catalog");
    });

    it("make one table per raw area (level 2) and per processed data set (level 3), partitions inheriting the table's schema", () => {
      expect(JSON.parse(crawler("raw").inputs.configuration)).toEqual({
        Version: 1,
        Grouping: { TableLevelConfiguration: 2 },
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
      });
      expect(JSON.parse(crawler("processed").inputs.configuration).Grouping.TableLevelConfiguration).toBe(3);
    });

    it("crawl new folders only, with the LOG/LOG schema change policy AWS requires for it, and carry no schedule of their own (the workflow starts them)", () => {
      for (const zone of ["raw", "processed"]) {
        expect(crawler(zone).inputs.recrawlPolicy).toEqual({ recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" });
        expect(crawler(zone).inputs.schemaChangePolicy).toEqual({ updateBehavior: "LOG", deleteBehavior: "LOG" });
        expect(crawler(zone).inputs.schedule).toBeUndefined();
      }
    });

    it("share one role that reads exactly the two zones' objects, lists the bucket only under them and decrypts only through S3", () => {
      const s = policyOf(g(), "lake-glue-crawler-access");
      expect(resourcesOf(s, "s3:GetObject")).toEqual([obj("processed/"), obj("raw/")]);
      const list_ = withAction(s, "s3:ListBucket");
      expect(list_.map((x) => list(x.Resource))).toEqual([[p.bucketArn], [p.bucketArn]]);
      expect(list_.map((x) => x.Condition?.StringLike?.["s3:prefix"])).toEqual(["raw/*", "processed/*"]);
      expect(withAction(s, "s3:PutObject")).toEqual([]);
      for (const k of withAction(s, "kms:Decrypt")) {
        expect(list(k.Resource)).toEqual([p.keyArn]);
        expect(k.Condition?.StringEquals?.["kms:ViaService"]).toBe("s3.us-east-1.amazonaws.com");
      }
    });

    it("may write tables of the lake database only (the catalog, the database, its tables), and Glue's crawler logs", () => {
      const s = policyOf(g(), "lake-glue-crawler-access");
      const arn = `arn:aws:glue:us-east-1:${OFFLINE_ACCOUNT_ID}`;
      expect(resourcesOf(s, "glue:CreateTable")).toEqual(
        [`${arn}:catalog`, `${arn}:database/test_data_lake_catalog`, `${arn}:table/test_data_lake_catalog/*`].sort(),
      );
      expect(s.flatMap((x) => list(x.Action)).filter((a) => /^glue:(Delete|CreateDatabase)/.test(a))).toEqual([]);
      expect(resourcesOf(s, "logs:AssociateKmsKey")).toEqual(
        [
          `arn:aws:logs:us-east-1:${OFFLINE_ACCOUNT_ID}:log-group:/aws-glue/crawlers*`,
          `arn:aws:logs:us-east-1:${OFFLINE_ACCOUNT_ID}:log-group:/aws-glue/crawlers*:log-stream:*`,
        ].sort(),
      );
    });
  });

  describe("the ETL job", () => {
    const job = () => g().one(T.job, "lake-etl");

    it("is a Python 3 glueetl job on Glue 5.0 with 2 DPU (two G.1X workers) and a 60-minute timeout", () => {
      const i = job().inputs;
      expect(i.command).toEqual({
        name: "glueetl",
        pythonVersion: "3",
        scriptLocation: `s3://${p.bucket}/glue/scripts/raw_to_processed.py`,
      });
      expect([i.glueVersion, i.workerType, i.numberOfWorkers, i.timeout, i.maxCapacity]).toEqual([
        "5.0",
        "G.1X",
        2,
        60,
        undefined,
      ]);
    });

    it("keeps bookmarks, publishes metrics, logs continuously to its own log groups, and reads raw/events/ into processed/hourly/events/", () => {
      const args = job().inputs.defaultArguments;
      expect(args).toMatchObject({
        "--job-bookmark-option": "job-bookmark-enable",
        "--enable-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
        "--custom-logGroup-prefix": "/aws-glue/jobs/lake-etl",
        "--TempDir": `s3://${p.bucket}/glue/temporary/etl/`,
        "--source_path": `s3://${p.bucket}/raw/events/`,
        "--target_path": `s3://${p.bucket}/processed/hourly/events/`,
      });
      const groups = g()
        .ofType(T.logGroup)
        .filter((l) => String(l.inputs.name).startsWith("/aws-glue/jobs/lake-etl/"));
      expect(groups.map((l) => l.inputs.name).sort()).toEqual([
        "/aws-glue/jobs/lake-etl/error",
        "/aws-glue/jobs/lake-etl/output",
      ]);
      for (const l of groups) expect([l.inputs.kmsKeyId, l.inputs.retentionInDays]).toEqual([p.keyArn, 365]);
    });

    it("runs the repository's PySpark script, uploaded to the scripts prefix as an object encrypted with the CMK", () => {
      const script = g().one(T.object, "lake-etl-script").inputs;
      expect([script.bucket, script.key, script.serverSideEncryption, script.kmsKeyId]).toEqual([
        p.bucket,
        "glue/scripts/raw_to_processed.py",
        "aws:kms",
        p.keyArn,
      ]);
      // The plan records a file inside the project by its path from the project (the same in every checkout).
      expect(script.source).toEqual({ asset: path.relative(process.cwd(), scriptPath("raw_to_processed.py")) });
      expect(fs.readFileSync(script.source.asset, "utf8")).toMatch(/job\.commit\(\)/);
    });

    it("has a role that reads raw/events/ and its script, writes processed/hourly/events/ and deletes only in its temporary directory", () => {
      const s = policyOf(g(), "lake-glue-etl-access");
      expect(resourcesOf(s, "s3:GetObject")).toEqual(
        [
          obj("glue/scripts/raw_to_processed.py"),
          obj("raw/events/"),
          obj("processed/hourly/events/"),
          obj("glue/temporary/etl/"),
        ].sort(),
      );
      expect(resourcesOf(s, "s3:PutObject")).toEqual(
        [obj("glue/temporary/etl/"), obj("processed/hourly/events/")].sort(),
      );
      expect(resourcesOf(s, "s3:DeleteObject")).toEqual([obj("glue/temporary/etl/")]);
    });

    it("reads exactly the secrets it is given, encrypts its bookmarks with the CMK and writes only its own log groups", () => {
      const s = policyOf(g(), "lake-glue-etl-access");
      expect(resourcesOf(s, "secretsmanager:GetSecretValue")).toEqual([p.secretArn]);
      expect(resourcesOf(s, "secretsmanager:DescribeSecret")).toEqual([p.secretArn]);
      const secretKey = withAction(s, "kms:Decrypt").find(
        (x) => x.Condition?.StringEquals?.["kms:ViaService"] === "secretsmanager.us-east-1.amazonaws.com",
      );
      expect(list(secretKey?.Resource)).toEqual([p.keyArn]);
      const bookmark = s.find((x) => x.Sid === "EncryptJobBookmarks")!;
      expect([list(bookmark.Action).sort(), list(bookmark.Resource)]).toEqual([
        ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        [p.keyArn],
      ]);
      expect(resourcesOf(s, "logs:PutLogEvents")).toEqual(
        [
          `arn:aws:logs:us-east-1:${OFFLINE_ACCOUNT_ID}:log-group:/aws-glue/jobs/lake-etl/*`,
          `arn:aws:logs:us-east-1:${OFFLINE_ACCOUNT_ID}:log-group:/aws-glue/jobs/lake-etl/*:log-stream:*`,
        ].sort(),
      );
    });
  });

  describe("data quality", () => {
    it("keeps the repository's DQDL ruleset on the processed_events table of the lake database", () => {
      const r = g().one(T.ruleset, "lake-processed-quality").inputs;
      expect(r.targetTable).toEqual({ databaseName: "test_data_lake_catalog", tableName: "processed_events" });
      expect(r.ruleset).toBe(fs.readFileSync(scriptPath("processed.dqdl"), "utf8"));
      expect(p.arns.ruleset).toBe(`arn:aws:glue:us-east-1:${OFFLINE_ACCOUNT_ID}:dataQualityRuleset/${p.names.ruleset}`);
    });

    it("evaluates it in a job whose script starts the evaluation run with the evaluation role and waits for it", () => {
      const job = g().one(T.job, "lake-quality").inputs;
      expect(job.command.scriptLocation).toBe(`s3://${p.bucket}/glue/scripts/run_quality_evaluation.py`);
      expect(job.defaultArguments).toMatchObject({
        "--ruleset_name": p.names.ruleset,
        "--database_name": "test_data_lake_catalog",
        "--table_name": "processed_events",
        "--evaluation_role_arn": p.arns.evaluationRole,
        "--results_s3_prefix": `s3://${p.bucket}/glue/data-quality/`,
        "--job-bookmark-option": "job-bookmark-disable",
      });
      const script = fs.readFileSync(scriptPath("run_quality_evaluation.py"), "utf8");
      expect(script).toMatch(/start_data_quality_ruleset_evaluation_run\(/);
      expect(script).toMatch(/raise QualityGateFailed/);
    });

    it("gives the job exactly the data-quality actions on its ruleset and iam:PassRole of the evaluation role only, to Glue only", () => {
      const s = policyOf(g(), "lake-glue-dq-job-access");
      const rulesetArn = p.arns.ruleset;
      expect(resourcesOf(s, "glue:StartDataQualityRulesetEvaluationRun")).toEqual([rulesetArn]);
      expect(resourcesOf(s, "glue:GetDataQualityResult")).toEqual([rulesetArn]);
      expect(resourcesOf(s, "glue:GetDataQualityRulesetEvaluationRun")).toEqual([
        `arn:aws:glue:us-east-1:${OFFLINE_ACCOUNT_ID}:dataQualityRuleset/*`,
      ]);
      const pass = withAction(s, "iam:PassRole");
      expect(pass.map((x) => [list(x.Resource), x.Condition?.StringEquals?.["iam:PassedToService"]])).toEqual([
        [[p.arns.evaluationRole], "glue.amazonaws.com"],
      ]);
      const actions = s.flatMap((x) => list(x.Action)).filter((a) => !a.startsWith("logs:"));
      expect(actions.sort()).toEqual(
        [
          "glue:GetDataQualityResult",
          "glue:GetDataQualityRuleset",
          "glue:GetDataQualityRulesetEvaluationRun",
          "glue:StartDataQualityRulesetEvaluationRun",
          "iam:PassRole",
          "kms:Decrypt",
          "s3:GetObject",
          "s3:ListBucket",
        ].sort(),
      );
    });

    it("lets the evaluation role read exactly the processed table and its prefix, and write only the results prefix", () => {
      const s = policyOf(g(), "lake-glue-dq-eval-access");
      const arn = `arn:aws:glue:us-east-1:${OFFLINE_ACCOUNT_ID}`;
      expect(resourcesOf(s, "glue:GetTable")).toEqual(
        [
          `${arn}:catalog`,
          `${arn}:database/test_data_lake_catalog`,
          `${arn}:table/test_data_lake_catalog/processed_events`,
        ].sort(),
      );
      expect(resourcesOf(s, "s3:GetObject")).toEqual(
        [obj("glue/data-quality/"), obj("processed/hourly/events/")].sort(),
      );
      expect(resourcesOf(s, "s3:PutObject")).toEqual([obj("glue/data-quality/")]);
    });
  });

  describe("workflow", () => {
    const triggers = () => g().ofType(T.trigger);
    const trigger = (name: string) => g().one(T.trigger, name).inputs;

    it("holds four triggers, all in the lake's workflow and activated on creation", () => {
      expect(triggers()).toHaveLength(4);
      for (const t of triggers())
        expect([t.name, t.inputs.workflowName, t.inputs.startOnCreation]).toEqual([t.name, p.names.workflow, true]);
      expect(g().one(T.workflow, "lake-workflow").inputs.maxConcurrentRuns).toBe(1);
    });

    it("starts the raw crawl on the schedule (hourly at 15 past by default)", () => {
      expect(trigger("lake-start")).toMatchObject({
        type: "SCHEDULED",
        schedule: "cron(15 * * * ? *)",
        actions: [{ crawlerName: p.names.rawCrawler }],
      });
    });

    it("chains raw crawl → ETL → processed crawl → quality evaluation, each step on the previous one's success", () => {
      const step = (name: string) => {
        const t = trigger(name);
        expect(t.type).toBe("CONDITIONAL");
        expect(t.predicate.logical).toBe("AND");
        expect(t.predicate.conditions).toHaveLength(1);
        return { when: t.predicate.conditions[0], then: t.actions };
      };
      expect(step("lake-after-raw-crawl")).toEqual({
        when: { logicalOperator: "EQUALS", crawlerName: p.names.rawCrawler, crawlState: "SUCCEEDED" },
        then: [{ jobName: p.names.etlJob }],
      });
      expect(step("lake-after-etl")).toEqual({
        when: { logicalOperator: "EQUALS", jobName: p.names.etlJob, state: "SUCCEEDED" },
        then: [{ crawlerName: p.names.processedCrawler }],
      });
      expect(step("lake-after-processed-crawl")).toEqual({
        when: { logicalOperator: "EQUALS", crawlerName: p.names.processedCrawler, crawlState: "SUCCEEDED" },
        then: [{ jobName: p.names.qualityJob }],
      });
    });
  });

  describe("Athena workgroup", () => {
    it("enforces its configuration: results in athena-results/ encrypted SSE_KMS with the CMK, a 10 GiB scan limit, metrics on, engine 3", () => {
      const w = g().one(T.workgroup, "lake-workgroup").inputs;
      expect(w.name).toBe("lake");
      expect(w.configuration).toMatchObject({
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        engineVersion: { selectedEngineVersion: "Athena engine version 3" },
        resultConfiguration: {
          outputLocation: `s3://${p.bucket}/athena-results/`,
          expectedBucketOwner: OFFLINE_ACCOUNT_ID,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: p.keyArn },
        },
      });
      expect(p.arns.workgroup).toBe(`arn:aws:athena:us-east-1:${OFFLINE_ACCOUNT_ID}:workgroup/lake`);
    });
  });

  describe("IAM", () => {
    const lakePolicies = () =>
      g()
        .ofType(T.rolePolicy)
        .filter((r) => String(r.name).startsWith("lake-"));

    it("grants no statement on * and no service-wide action (s3:*, glue:*, …): every resource is an exact ARN or prefix", () => {
      expect(
        lakePolicies()
          .map((r) => r.name)
          .sort(),
      ).toEqual(
        [
          "lake-glue-crawler-access",
          "lake-glue-dq-eval-access",
          "lake-glue-dq-job-access",
          "lake-glue-etl-access",
        ].sort(),
      );
      for (const policy of lakePolicies()) {
        for (const s of statements(String(policy.inputs.policy))) {
          expect([
            policy.name,
            list(s.Resource).filter((r) => r === "*" || /^arn:[^:]+:[^:]*:[^:]*:[^:]*:\*$/.test(r)),
          ]).toEqual([policy.name, []]);
          expect([policy.name, list(s.Action).filter((a) => a === "*" || a.endsWith(":*"))]).toEqual([policy.name, []]);
        }
      }
    });

    it("attaches no AWS managed policy (AWSGlueServiceRole grants s3 and logs far beyond the lake)", () => {
      expect(g().ofType(T.attachment)).toEqual([]);
    });

    it("has roles only Glue can assume, named with the region (IAM names are global)", () => {
      const roles = g()
        .ofType(T.role)
        .filter((r) => r.name.startsWith("lake-glue"));
      expect(roles.map((r) => r.name).sort()).toEqual(
        ["lake-glue-crawler-use1", "lake-glue-dq-eval-use1", "lake-glue-dq-job-use1", "lake-glue-etl-use1"].sort(),
      );
      for (const r of roles) {
        const trust = statements(String(r.inputs.assumeRolePolicy));
        expect(trust.map((s) => (s as { Principal?: unknown }).Principal)).toEqual([{ Service: "glue.amazonaws.com" }]);
      }
    });
  });

  describe("metrics", () => {
    it("describes job and crawler failures through their EventBridge rules, the ETL job's failed tasks, and Athena's bytes scanned", () => {
      const byId = Object.fromEntries(p.metrics.map((m) => [m.id, m]));
      expect(Object.keys(byId).sort()).toEqual(
        ["athena-bytes-scanned", "etl-failed-tasks", "glue-crawler-failures", "glue-job-failures"].sort(),
      );
      expect(byId["athena-bytes-scanned"]).toMatchObject({
        namespace: "AWS/Athena",
        metricName: "ProcessedBytes",
        dimensions: { WorkGroup: "lake", QueryState: "SUCCEEDED", QueryType: "DML" },
        statistic: "Sum",
      });
      expect(byId["etl-failed-tasks"]).toMatchObject({
        namespace: "Glue",
        metricName: "glue.driver.aggregate.numFailedTasks",
        dimensions: { JobName: p.names.etlJob, JobRunId: "ALL", Type: "count" },
      });
      for (const id of ["glue-job-failures", "glue-crawler-failures"])
        expect(byId[id]).toMatchObject({ namespace: "AWS/Events", metricName: "TriggeredRules", threshold: 1 });
    });

    it("matches the failed states of exactly the lake's own jobs and crawlers", () => {
      const rules = g()
        .ofType(T.eventRule)
        .map((r) => JSON.parse(String(r.inputs.eventPattern)));
      expect(rules).toContainEqual({
        source: ["aws.glue"],
        "detail-type": ["Glue Job State Change"],
        detail: { jobName: [p.names.etlJob, p.names.qualityJob], state: ["FAILED", "TIMEOUT", "ERROR"] },
      });
      expect(rules).toContainEqual({
        source: ["aws.glue"],
        "detail-type": ["Glue Crawler State Change"],
        detail: { crawlerName: [p.names.rawCrawler, p.names.processedCrawler], state: ["Failed"] },
      });
    });
  });

  it("deliver the failure events Glue sends for the lake's jobs and crawlers, and not successes or other jobs' failures", () => {
    const pattern = (name: string) => String(g().one(T.eventRule, name).inputs.eventPattern);
    // As the Glue Developer Guide's "Automating AWS Glue with EventBridge" shows them.
    const event = (detailType: string, detail: Record<string, unknown>) => ({
      version: "0",
      id: "2b1e4d5a-0000-4000-8000-000000000000",
      "detail-type": detailType,
      source: "aws.glue",
      account: OFFLINE_ACCOUNT_ID,
      time: "2026-01-01T00:15:00Z",
      region: REGION,
      resources: [],
      detail,
    });
    const job = (jobName: string, state: string) =>
      event("Glue Job State Change", { jobName, severity: "ERROR", state, jobRunId: "jr_0123", message: "boom" });
    const crawl = (crawlerName: string, state: string) =>
      event("Glue Crawler State Change", {
        crawlerName,
        state,
        message: "Crawler Failed",
        accountId: OFFLINE_ACCOUNT_ID,
      });
    const jobs = pattern("lake-glue-job-failed");
    const crawls = pattern("lake-glue-crawl-failed");
    for (const state of ["FAILED", "TIMEOUT", "ERROR"]) {
      expect(matchesEventPattern(jobs, job(p.names.etlJob!, state))).toBe(true);
      expect(matchesEventPattern(jobs, job(p.names.qualityJob!, state))).toBe(true);
    }
    expect(matchesEventPattern(jobs, job(p.names.etlJob!, "SUCCEEDED"))).toBe(false);
    expect(matchesEventPattern(jobs, job("someone-elses-job", "FAILED"))).toBe(false);
    expect(matchesEventPattern(crawls, crawl(p.names.rawCrawler!, "Failed"))).toBe(true);
    expect(matchesEventPattern(crawls, crawl(p.names.processedCrawler!, "Failed"))).toBe(true);
    expect(matchesEventPattern(crawls, crawl(p.names.rawCrawler!, "Succeeded"))).toBe(false);
  });

  it("get the ids and ARNs Glue gives crawlers, jobs and workflows from the offline mock", () => {
    const arn = `arn:aws:glue:us-east-1:${OFFLINE_ACCOUNT_ID}`;
    expect(p.arns.rawCrawler).toBe(`${arn}:crawler/${p.names.rawCrawler}`);
    expect(p.arns.etlJob).toBe(`${arn}:job/${p.names.etlJob}`);
    expect(p.arns.workflow).toBe(`${arn}:workflow/${p.names.workflow}`);
    expect(p.names.etlJob).toMatch(/^lake-etl-[0-9a-f]{7}$/);
  });

  it("is held by the pack to a key that admits CloudWatch Logs: the same plan with the key's logs statement removed is reported", () => {
    const rule = ALL_RULES.filter((r) => r.name === "glue-log-encryption-key-allows-logs");
    const graph = stackGraphOf(p.plan);
    const resources = graph.resources.map((r) => {
      if (r.type !== T.key || r.name !== "platform-key") return r;
      const policy = JSON.parse(String(r.inputs.policy));
      const kept = policy.Statement.filter((x: { Sid?: string }) => x.Sid !== "CloudWatchLogsEncryptsAccountLogGroups");
      expect(kept.length).toBe(policy.Statement.length - 1);
      return { ...r, inputs: { ...r.inputs, policy: JSON.stringify({ ...policy, Statement: kept }) } };
    });
    expect(runPolicyPack(graph, { rules: rule })).toEqual([]);
    expect(runPolicyPack({ ...graph, resources }, { rules: rule }).map((v) => v.message)).toEqual([
      expect.stringMatching(
        /SecurityConfiguration "lake-glue-security" encrypts Glue's logs with aws:kms\/key:Key "platform-key"/,
      ),
    ]);
  });

  it("passes every rule of the policy pack", () => {
    expect(blocking(runPolicyPack(p.plan))).toEqual([]);
  });
});

describe("the lake's Glue and Athena args", () => {
  const failure = async (args: LakeAnalyticsArgs): Promise<string> => {
    try {
      await planLake(args);
    } catch (e) {
      if (e instanceof ProgramError) return e.causes.map((c) => c.message).join("\n");
      return (e as Error).message;
    }
    throw new Error("the plan succeeded");
  };

  it("take a schedule, a job size, a scan limit and thresholds, and apply them", async () => {
    const p = await planLake({
      schedule: "cron(0 2 * * ? *)",
      etl: { numberOfWorkers: 4, timeoutMinutes: 30 },
      athena: { name: "analysts", bytesScannedCutoffPerQuery: 20 * 1024 ** 2 },
      thresholds: { "athena-bytes-scanned": 5 },
    });
    expect(p.graph.one(T.trigger, "lake-start").inputs.schedule).toBe("cron(0 2 * * ? *)");
    expect(p.graph.one(T.job, "lake-etl").inputs).toMatchObject({ numberOfWorkers: 4, timeout: 30 });
    expect(p.graph.one(T.workgroup, "lake-workgroup").inputs).toMatchObject({
      name: "analysts",
      configuration: { bytesScannedCutoffPerQuery: 20 * 1024 ** 2 },
    });
    expect(p.metrics.find((m) => m.id === "athena-bytes-scanned")?.threshold).toBe(5);
  });

  it("reject a schedule that is not a Glue cron expression", async () => {
    expect(await failure({ schedule: "rate(1 hour)" })).toMatch(
      /DataLake: glue\.schedule: "rate\(1 hour\)" is not a Glue cron expression/,
    );
    expect(await failure({ schedule: "cron(0 * * * * *)" })).toMatch(/with "\?" as the day of month or of week/);
  });

  it("reject fewer than 2 workers and a timeout outside 1-2880 minutes", async () => {
    expect(await failure({ etl: { numberOfWorkers: 1 } })).toMatch(
      /DataLake: etl\.numberOfWorkers: 1 must be a whole number of workers from 2/,
    );
    expect(await failure({ etl: { timeoutMinutes: 0 } })).toMatch(
      /DataLake: etl\.timeoutMinutes: 0 must be a whole number of minutes from 1 to 2880/,
    );
  });

  it("reject a scan limit under Athena's 10 MB minimum and a workgroup name Athena refuses", async () => {
    expect(await failure({ athena: { bytesScannedCutoffPerQuery: 1024 } })).toMatch(
      /DataLake: athena\.bytesScannedCutoffPerQuery: 1024 must be a whole number of bytes, at least Athena's minimum of 10485760/,
    );
    expect(await failure({ athena: { name: "my workgroup" } })).toMatch(
      /DataLake: athena\.name: "my workgroup" is not an Athena workgroup name/,
    );
  });

  it("reject a ruleset that is not valid DQDL and a threshold for a metric that does not exist", async () => {
    expect(await failure({ quality: { ruleset: 'Rules = [ IsCompleted "id" ]' } })).toMatch(
      /DataLake: ruleset: is not valid DQDL: line 1: unknown rule type "IsCompleted"/,
    );
    expect(await failure({ thresholds: { "no-such-metric": 1 } as never })).toMatch(
      /DataLake: thresholds: no metric "no-such-metric"/,
    );
  });
});
