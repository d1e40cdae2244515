/**
 * The IAM statements the lake's Glue roles share: the catalog's ARNs, Glue's log groups, the key
 * for client-side encrypted job bookmarks, and a role that only Glue can assume. Each module adds
 * the statements of its own role's data (prefixes, scripts, secrets).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole, type Statement } from "../compute/iam";
import { KMS_ACTIONS } from "../shared/actions";
import { regionalName } from "../shared/naming";
import type { LakeContext } from "./context";

/** The service principal every Glue role trusts. */
export const GLUE_PRINCIPAL = "glue.amazonaws.com";

/** What a role's statements need to name ARNs: the account, the partition and the region. */
export interface GlueArnContext {
  partition: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
  region: string;
}

/** The partition and account of the lake's region, asked once per call site with the lake's parent. */
export function glueArnContext(ctx: LakeContext): GlueArnContext {
  const opts = { parent: ctx.parent };
  return {
    partition: aws.getPartitionOutput({}, opts).partition,
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    region: ctx.region,
  };
}

const glueArn = (a: GlueArnContext, resource: pulumi.Input<string>) =>
  pulumi.interpolate`arn:${a.partition}:glue:${a.region}:${a.accountId}:${resource}`;

/** The region's Data Catalog, which Glue authorizes with every database and table action. */
export const catalogArn = (a: GlueArnContext) => glueArn(a, "catalog");
export const databaseArn = (a: GlueArnContext, database: pulumi.Input<string>) =>
  glueArn(a, pulumi.interpolate`database/${database}`);
/** The database's tables: every one (`*`) or one by name. */
export const tableArn = (a: GlueArnContext, database: pulumi.Input<string>, table: pulumi.Input<string>) =>
  glueArn(a, pulumi.interpolate`table/${database}/${table}`);
export const dataQualityRulesetArn = (a: GlueArnContext, ruleset: pulumi.Input<string>) =>
  glueArn(a, pulumi.interpolate`dataQualityRuleset/${ruleset}`);

/** A log group ARN (`pattern` may end with `*`), and its streams. */
export const logGroupArns = (a: GlueArnContext, pattern: pulumi.Input<string>) => [
  pulumi.interpolate`arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${pattern}`,
  pulumi.interpolate`arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${pattern}:log-stream:*`,
];

/**
 * Writing the log groups Glue names for a crawler or job: create the group and its streams, put
 * events, and associate the security configuration's key with the group (Glue calls
 * logs:AssociateKmsKey on a group whose logs the security configuration encrypts).
 */
export function glueLogStatements(
  a: GlueArnContext,
  patterns: pulumi.Input<string>[],
  sid = "WriteGlueLogs",
): Statement {
  return {
    sid,
    actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
    resources: patterns.flatMap((p) => logGroupArns(a, p)),
  };
}

/**
 * The key for job bookmarks, which the security configuration encrypts client-side (CSE-KMS):
 * the job's own code calls KMS, not a service on its behalf, so no kms:ViaService condition can
 * hold here (Glue Developer Guide, "Setting up encryption in AWS Glue": kms:Decrypt and
 * kms:Encrypt, plus a data key for each bookmark).
 */
export function bookmarkKeyStatement(kmsKeyArn: pulumi.Input<string>): Statement {
  return {
    sid: "EncryptJobBookmarks",
    actions: [...KMS_ACTIONS.clientSide],
    resources: [kmsKeyArn],
  };
}

/** Read the database and the tables named (`*` for every table of the database, never of another). */
export function catalogReadStatement(
  a: GlueArnContext,
  database: pulumi.Input<string>,
  tables: pulumi.Input<string>[],
  sid = "ReadCatalog",
): Statement {
  return {
    sid,
    actions: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"],
    resources: [catalogArn(a), databaseArn(a, database), ...tables.map((t) => tableArn(a, database, t))],
  };
}

/**
 * A role that only Glue can assume, named for the lake and the region (IAM names are global).
 * Glue's crawlers and jobs send no source context that a trust condition could pin, as its own
 * trust policies show (policy/baseline/identity.ts SERVICES_WITHOUT_SOURCE_CONTEXT).
 */
export function glueRole(ctx: LakeContext, suffix: string, description: string): aws.iam.Role {
  return serviceRole(
    regionalName(`${ctx.name}-${suffix}`, ctx.region),
    { service: GLUE_PRINCIPAL, description, withoutSourceContext: true },
    { parent: ctx.parent },
  );
}
