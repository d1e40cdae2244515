/**
 * Analytics rules (registered in the `data` group): Glue crawlers and jobs run with a security
 * configuration, jobs have a timeout and keep bookmarks, a crawler's recrawl and schema change
 * policies are a pair AWS accepts, the key that encrypts Glue's logs lets CloudWatch Logs use it,
 * and Athena workgroups limit the bytes a query scans and publish their metrics. Encryption of the
 * security configuration itself and of a workgroup's results are data rules (policy/rules/data.ts).
 */
import {
  ATHENA_WORKGROUP_BASELINE,
  GLUE_CRAWLER_RECRAWL,
  GLUE_JOB_BASELINE,
  GLUE_JOB_COMMANDS,
} from "../baseline/analytics";
import { GLUE_ENCRYPTION_MODES } from "../baseline/data";
import { ATHENA_WORKGROUP, GLUE_SECURITY_CONFIGURATION, KMS_KEY, KMS_KEY_POLICY } from "./data";
import { asArray, label, regionOf, resourceRule, stackRule, statementsOf, type Statement } from "./helpers";
import { identifiersOf, type StackResourceView, type StackView, type StackViolation } from "./types";

export const GLUE_CRAWLER = "aws:glue/crawler:Crawler";
export const GLUE_JOB = "aws:glue/job:Job";

const q = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
const first = (value: any) => (Array.isArray(value) ? value[0] : value);
/** A Glue job's command name; Glue's default is glueetl. */
const commandOf = (p: Record<string, any>): string => first(p.command)?.name ?? GLUE_JOB_COMMANDS.etl;
const argumentsOf = (p: Record<string, any>): Record<string, unknown> => ({
  ...(p.defaultArguments ?? {}),
  ...(p.nonOverridableArguments ?? {}),
});

/** `*` and `?` glob, as IAM's StringLike/ArnLike and action names match. */
const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\/]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  ).test(value);

/** Log groups Glue writes with a security configuration (a crawler's, a job's): the key must cover them. */
const GLUE_LOG_GROUP_SAMPLES = ["/aws-glue/crawlers", "/aws-glue/jobs/output", "/aws-glue/jobs/error"];
const LOGS_KMS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"];

/** Does this key-policy statement let CloudWatch Logs use the key for every Glue log group? */
function coversGlueLogs(s: Statement, region: string | undefined): boolean {
  if (s.effect !== "Allow" || s.principals === "*") return false;
  const services = asArray(s.principals.Service);
  const logs = services.some(
    (id) =>
      id === "logs.amazonaws.com" ||
      (region ? id === `logs.${region}.amazonaws.com` : /^logs\.[^.]+\.amazonaws\.com$/.test(id)),
  );
  if (!logs) return false;
  if (!LOGS_KMS_ACTIONS.every((a) => s.actions.some((pattern) => glob(pattern, a)))) return false;
  const contexts = Object.entries(s.conditions).flatMap(([, entries]) =>
    Object.entries(entries ?? {})
      .filter(([key]) => key.toLowerCase() === "kms:encryptioncontext:aws:logs:arn")
      .flatMap(([, value]) => asArray(value as string | string[])),
  );
  if (contexts.length === 0) return true;
  return GLUE_LOG_GROUP_SAMPLES.every((group) =>
    contexts.some((pattern) => {
      const at = String(pattern).indexOf(":log-group:");
      return at >= 0 && glob(String(pattern).slice(at + ":log-group:".length), group);
    }),
  );
}

/** The KMS keys a security configuration's CloudWatch encryption names, found in the stack. */
function logKeysOf(stack: StackView, config: StackResourceView): StackResourceView[] {
  const arn = first(config.props.encryptionConfiguration?.cloudwatchEncryption)?.kmsKeyArn;
  const deps = config.propertyDependencies.encryptionConfiguration ?? [];
  return stack
    .ofType(KMS_KEY)
    .filter((key) => deps.includes(key.urn) || (typeof arn === "string" && identifiersOf(key).has(arn)));
}

export const analyticsRules = [
  resourceRule({
    name: "glue-crawler-security-configuration",
    description:
      "Glue crawlers run with a security configuration, so their CloudWatch logs are encrypted with a KMS key (CIS-aligned Glue logging control).",
    group: "data",
    resourceTypes: [GLUE_CRAWLER],
    remediation:
      "Set securityConfiguration to the name of a Glue security configuration that encrypts S3, CloudWatch and bookmarks with the region's CMK.",
    check: (r) =>
      (typeof r.props.securityConfiguration !== "string" || r.props.securityConfiguration.trim() === "") &&
      `${label(r)} runs without a security configuration: its logs are not encrypted with a KMS key`,
  }),
  resourceRule({
    name: "glue-job-security-configuration",
    description:
      "Glue jobs run with a security configuration, so what they write to S3, their logs and their job bookmarks are encrypted with a KMS key.",
    group: "data",
    resourceTypes: [GLUE_JOB],
    remediation:
      "Set securityConfiguration to the name of a Glue security configuration that encrypts S3, CloudWatch and bookmarks with the region's CMK.",
    check: (r) =>
      (typeof r.props.securityConfiguration !== "string" || r.props.securityConfiguration.trim() === "") &&
      `${label(r)} runs without a security configuration: its S3 output, logs and bookmarks are not encrypted with a KMS key`,
  }),
  resourceRule<{ maxTimeoutMinutes: number }>({
    name: "glue-job-timeout",
    description: `Glue batch jobs (glueetl, pythonshell) set a timeout of at most the configured minutes (default ${GLUE_JOB_BASELINE.maxTimeoutMinutes}); without one Glue lets a run go on for ${GLUE_JOB_BASELINE.awsDefaultTimeoutMinutes} minutes, billing every worker.`,
    group: "data",
    severity: "medium",
    resourceTypes: [GLUE_JOB],
    remediation: "Set timeout (minutes) to a little more than the job's longest expected run.",
    config: {
      schema: { properties: { maxTimeoutMinutes: { type: "integer", minimum: 1 } } },
      defaults: { maxTimeoutMinutes: GLUE_JOB_BASELINE.maxTimeoutMinutes },
    },
    check: (r, c) => {
      const command = commandOf(r.props);
      if (command !== GLUE_JOB_COMMANDS.etl && command !== GLUE_JOB_COMMANDS.pythonShell) return undefined;
      const timeout = r.props.timeout;
      if (typeof timeout !== "number")
        return `${label(r)} sets no timeout: Glue's default lets a run last ${GLUE_JOB_BASELINE.awsDefaultTimeoutMinutes} minutes`;
      return (
        timeout > c.maxTimeoutMinutes && `${label(r)} has timeout ${timeout} minutes, more than ${c.maxTimeoutMinutes}`
      );
    },
  }),
  resourceRule({
    name: "glue-etl-job-bookmarks",
    description: `Glue Spark ETL jobs state their bookmark option (${GLUE_JOB_BASELINE.bookmarkArgument}): "${GLUE_JOB_BASELINE.bookmarkEnabled}" for an incremental job, or an explicit "job-bookmark-disable" for a job that reads no incremental source. Left unset, Glue disables bookmarks and every run reprocesses all its input.`,
    group: "data",
    severity: "medium",
    resourceTypes: [GLUE_JOB],
    remediation: `Set defaultArguments["${GLUE_JOB_BASELINE.bookmarkArgument}"] = "${GLUE_JOB_BASELINE.bookmarkEnabled}" and give each source and sink a transformation_ctx (the script calls job.commit()).`,
    check: (r) => {
      if (commandOf(r.props) !== GLUE_JOB_COMMANDS.etl) return undefined;
      const option = argumentsOf(r.props)[GLUE_JOB_BASELINE.bookmarkArgument];
      if (option === undefined)
        return `${label(r)} sets no ${GLUE_JOB_BASELINE.bookmarkArgument}: Glue disables bookmarks, so every run reprocesses all its input`;
      return (
        !["job-bookmark-enable", "job-bookmark-disable", "job-bookmark-pause"].includes(String(option)) &&
        `${label(r)} has ${GLUE_JOB_BASELINE.bookmarkArgument} ${q(option)}, which Glue does not know`
      );
    },
  }),
  resourceRule({
    name: "glue-crawler-recrawl-schema-policy",
    description: `A Glue crawler that crawls new folders only (${GLUE_CRAWLER_RECRAWL.newFoldersOnly}) logs schema updates and deletions (${GLUE_CRAWLER_RECRAWL.newFoldersOnlySchemaBehavior}/${GLUE_CRAWLER_RECRAWL.newFoldersOnlySchemaBehavior}): CreateCrawler rejects any other schema change policy with it.`,
    group: "data",
    resourceTypes: [GLUE_CRAWLER],
    remediation: `With recrawlPolicy.recrawlBehavior "${GLUE_CRAWLER_RECRAWL.newFoldersOnly}", set schemaChangePolicy { updateBehavior: "LOG", deleteBehavior: "LOG" }; or crawl everything.`,
    check: (r) => {
      if (first(r.props.recrawlPolicy)?.recrawlBehavior !== GLUE_CRAWLER_RECRAWL.newFoldersOnly) return undefined;
      const policy = first(r.props.schemaChangePolicy) ?? {};
      const wanted = GLUE_CRAWLER_RECRAWL.newFoldersOnlySchemaBehavior;
      // The provider's defaults (UPDATE_IN_DATABASE, DEPRECATE_IN_DATABASE) apply when unset.
      const update = policy.updateBehavior ?? "UPDATE_IN_DATABASE";
      const del = policy.deleteBehavior ?? "DEPRECATE_IN_DATABASE";
      return (
        (update !== wanted || del !== wanted) &&
        `${label(r)} crawls new folders only with schema change policy ${update}/${del}; AWS accepts only ${wanted}/${wanted} with it`
      );
    },
  }),
  stackRule({
    name: "glue-log-encryption-key-allows-logs",
    description: `The KMS key of a Glue security configuration's CloudWatch encryption (${GLUE_ENCRYPTION_MODES.cloudwatchEncryptionMode}) lets CloudWatch Logs (logs.<region>.amazonaws.com) encrypt and decrypt with it for Glue's log groups (/aws-glue/...): without that statement in the key policy, crawls and job runs cannot write their logs.`,
    group: "data",
    remediation:
      'Add a key-policy statement: Principal { Service: "logs.<region>.amazonaws.com" }, Action kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*, with ArnLike kms:EncryptionContext:aws:logs:arn covering arn:<partition>:logs:<region>:<account>:log-group:/aws-glue/* (RegionalKey has one for every log group of the account).',
    check: (stack) =>
      stack.ofType(GLUE_SECURITY_CONFIGURATION).flatMap((config): StackViolation[] => {
        const cw = first(config.props.encryptionConfiguration?.cloudwatchEncryption);
        if (cw?.cloudwatchEncryptionMode !== GLUE_ENCRYPTION_MODES.cloudwatchEncryptionMode) return [];
        return logKeysOf(stack, config).flatMap((key): StackViolation[] => {
          const policy = stack.configuring(key, KMS_KEY_POLICY, "keyId")[0]?.props.policy ?? key.props.policy;
          if (statementsOf(policy).some((s) => coversGlueLogs(s, regionOf(key)))) return [];
          return [
            {
              message: `${label(config)} encrypts Glue's logs with ${label(key)}, whose key policy does not let CloudWatch Logs use it for the /aws-glue/ log groups`,
              urn: config.urn,
            },
          ];
        });
      }),
  }),
  resourceRule<{ maxBytesScannedCutoffPerQuery: number }>({
    name: "athena-workgroup-scan-cutoff",
    description: `Athena workgroups cap the bytes one query may scan (bytesScannedCutoffPerQuery), at least Athena's minimum of ${ATHENA_WORKGROUP_BASELINE.minBytesScannedCutoffPerQuery} bytes (10 MB; AWS rejects less) and at most the configured maximum (default 1 TiB).`,
    group: "data",
    severity: "medium",
    resourceTypes: [ATHENA_WORKGROUP],
    remediation: "Set configuration.bytesScannedCutoffPerQuery (e.g. 10 GiB, 10737418240).",
    config: {
      schema: { properties: { maxBytesScannedCutoffPerQuery: { type: "integer", minimum: 10485760 } } },
      defaults: { maxBytesScannedCutoffPerQuery: ATHENA_WORKGROUP_BASELINE.maxBytesScannedCutoffPerQuery },
    },
    check: (r, c) => {
      const cutoff = first(r.props.configuration)?.bytesScannedCutoffPerQuery;
      if (typeof cutoff !== "number")
        return `${label(r)} sets no bytesScannedCutoffPerQuery: a query may scan the whole lake`;
      if (cutoff < ATHENA_WORKGROUP_BASELINE.minBytesScannedCutoffPerQuery)
        return `${label(r)} has bytesScannedCutoffPerQuery ${cutoff}, under Athena's minimum of ${ATHENA_WORKGROUP_BASELINE.minBytesScannedCutoffPerQuery}`;
      return (
        cutoff > c.maxBytesScannedCutoffPerQuery &&
        `${label(r)} has bytesScannedCutoffPerQuery ${cutoff}, more than ${c.maxBytesScannedCutoffPerQuery}`
      );
    },
  }),
  resourceRule({
    name: "athena-workgroup-cloudwatch-metrics",
    description:
      "Athena workgroups publish their query metrics to CloudWatch (AWS Config athena-workgroup-logging-enabled: PublishCloudWatchMetricsEnabled).",
    group: "data",
    severity: "low",
    resourceTypes: [ATHENA_WORKGROUP],
    remediation: "Set configuration.publishCloudwatchMetricsEnabled: true (the provider's default).",
    check: (r) =>
      first(r.props.configuration)?.publishCloudwatchMetricsEnabled === false &&
      `${label(r)} has publishCloudwatchMetricsEnabled false: its bytes scanned and query times reach no alarm`,
  }),
];
