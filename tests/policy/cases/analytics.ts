/** The analytics rules' cases (Glue crawlers and jobs, Athena workgroups): tests/policy/analytics.test.ts, tests/policy/insecure-graph.test.ts. */
import { analyticsRules } from "../../../policy/rules/analytics";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = analyticsRules.find((r) => r.name === name);
  if (!found) throw new Error(`no analytics rule ${name}`);
  return found;
};

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const ROLE = "arn:aws:iam::123456789012:role/glue";
const CRAWLER = "aws:glue/crawler:Crawler";
const JOB = "aws:glue/job:Job";
const WORKGROUP = "aws:athena/workgroup:Workgroup";
const SECURITY = "aws:glue/securityConfiguration:SecurityConfiguration";

const crawler = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: CRAWLER,
  name,
  inputs: {
    name,
    databaseName: "prod_data_lake_catalog",
    role: ROLE,
    s3Targets: [{ path: "s3://lake/raw/" }],
    securityConfiguration: "lake-security",
    ...inputs,
  },
});
const job = (name: string, inputs: Record<string, unknown> = {}, args: Record<string, string> = {}): Spec => ({
  type: JOB,
  name,
  inputs: {
    name,
    roleArn: ROLE,
    command: { name: "glueetl", pythonVersion: "3", scriptLocation: "s3://lake/glue/scripts/etl.py" },
    glueVersion: "5.0",
    workerType: "G.1X",
    numberOfWorkers: 2,
    timeout: 60,
    securityConfiguration: "lake-security",
    defaultArguments: { "--job-bookmark-option": "job-bookmark-enable", ...args },
    ...inputs,
  },
});
const workgroup = (name: string, configuration: Record<string, unknown>): Spec => ({
  type: WORKGROUP,
  name,
  inputs: {
    name,
    configuration: {
      enforceWorkgroupConfiguration: true,
      publishCloudwatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      resultConfiguration: {
        outputLocation: "s3://lake/athena-results/",
        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY },
      },
      ...configuration,
    },
  },
});

const keyPolicy = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ROOT = {
  Sid: "Root",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::123456789012:root" },
  Action: "kms:*",
  Resource: "*",
};
const LOGS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];
const logsStatement = (logGroupPattern: string) => ({
  Effect: "Allow",
  Principal: { Service: "logs.us-east-1.amazonaws.com" },
  Action: LOGS_ACTIONS,
  Resource: "*",
  Condition: {
    ArnLike: {
      "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:123456789012:log-group:${logGroupPattern}`,
    },
  },
});
/** A key and a security configuration encrypting Glue's logs with it (by property dependency, as a plan records it). */
const keyAndConfig = (prefix: string, policy: string): Spec[] => [
  { type: "aws:kms/key:Key", name: `${prefix}-key`, inputs: { enableKeyRotation: true, policy } },
  {
    type: SECURITY,
    name: `${prefix}-security`,
    inputs: {
      name: `${prefix}-security`,
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY },
      },
    },
    from: { encryptionConfiguration: `${prefix}-key` },
  },
];

export const analyticsCases: RuleCase[] = [
  {
    rule: rule("glue-crawler-security-configuration"),
    compliant: [crawler("raw")],
    violating: [crawler("raw", { securityConfiguration: undefined }), crawler("blank", { securityConfiguration: " " })],
    message:
      /Crawler "raw" runs without a security configuration[\s\S]*Crawler "blank" runs without a security configuration/,
  },
  {
    rule: rule("glue-job-security-configuration"),
    compliant: [job("etl")],
    violating: [job("etl", { securityConfiguration: undefined })],
    message: /Job "etl" runs without a security configuration: its S3 output, logs and bookmarks are not encrypted/,
  },
  {
    rule: rule("glue-job-timeout"),
    compliant: [
      job("etl"),
      job("shell", { command: { name: "pythonshell", scriptLocation: "s3://lake/q.py" }, timeout: 30 }),
      // A streaming job runs until stopped: its unlimited default is the point.
      job("stream", { command: { name: "gluestreaming", scriptLocation: "s3://lake/s.py" }, timeout: undefined }),
    ],
    violating: [job("etl", { timeout: undefined }), job("long", { timeout: 2880 })],
    message:
      /Job "etl" sets no timeout: Glue's default lets a run last 2880 minutes[\s\S]*Job "long" has timeout 2880 minutes, more than 480/,
  },
  {
    rule: rule("glue-etl-job-bookmarks"),
    compliant: [
      job("etl"),
      job("gate", {}, { "--job-bookmark-option": "job-bookmark-disable" }),
      job("shell", { command: { name: "pythonshell", scriptLocation: "s3://lake/q.py" }, defaultArguments: {} }),
    ],
    violating: [job("etl", { defaultArguments: {} }), job("typo", {}, { "--job-bookmark-option": "enable" })],
    message:
      /Job "etl" sets no --job-bookmark-option: Glue disables bookmarks[\s\S]*Job "typo" has --job-bookmark-option "enable", which Glue does not know/,
  },
  {
    rule: rule("glue-crawler-recrawl-schema-policy"),
    compliant: [
      crawler("raw", {
        recrawlPolicy: { recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" },
        schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
      }),
      crawler("all", {
        recrawlPolicy: { recrawlBehavior: "CRAWL_EVERYTHING" },
        schemaChangePolicy: { updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "DEPRECATE_IN_DATABASE" },
      }),
    ],
    violating: [
      crawler("raw", { recrawlPolicy: { recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" } }),
      crawler("half", {
        recrawlPolicy: { recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" },
        schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "DELETE_FROM_DATABASE" },
      }),
    ],
    message:
      /Crawler "raw" crawls new folders only with schema change policy UPDATE_IN_DATABASE\/DEPRECATE_IN_DATABASE; AWS accepts only LOG\/LOG[\s\S]*"half" crawls new folders only with schema change policy LOG\/DELETE_FROM_DATABASE/,
  },
  {
    rule: rule("glue-log-encryption-key-allows-logs"),
    compliant: [
      ...keyAndConfig("account", keyPolicy(ROOT, logsStatement("*"))),
      ...keyAndConfig("glue", keyPolicy(ROOT, logsStatement("/aws-glue/*"))),
    ],
    violating: [
      ...keyAndConfig("root-only", keyPolicy(ROOT)),
      ...keyAndConfig("jobs-only", keyPolicy(ROOT, logsStatement("/aws-glue/jobs/*"))),
    ],
    message:
      /"root-only-security" encrypts Glue's logs with aws:kms\/key:Key "root-only-key", whose key policy does not let CloudWatch Logs use it[\s\S]*"jobs-only-security" encrypts Glue's logs with aws:kms\/key:Key "jobs-only-key"/,
  },
  {
    rule: rule("athena-workgroup-scan-cutoff"),
    compliant: [workgroup("analytics", {})],
    violating: [
      workgroup("open", { bytesScannedCutoffPerQuery: undefined }),
      workgroup("tiny", { bytesScannedCutoffPerQuery: 1024 }),
      workgroup("huge", { bytesScannedCutoffPerQuery: 2 * 1024 ** 4 }),
    ],
    message:
      /"open" sets no bytesScannedCutoffPerQuery[\s\S]*"tiny" has bytesScannedCutoffPerQuery 1024, under Athena's minimum of 10485760[\s\S]*"huge" has bytesScannedCutoffPerQuery 2199023255552, more than 1099511627776/,
  },
  {
    rule: rule("athena-workgroup-cloudwatch-metrics"),
    compliant: [workgroup("analytics", {}), workgroup("default-on", { publishCloudwatchMetricsEnabled: undefined })],
    violating: [workgroup("dark", { publishCloudwatchMetricsEnabled: false })],
    message: /Workgroup "dark" has publishCloudwatchMetricsEnabled false/,
  },
];
