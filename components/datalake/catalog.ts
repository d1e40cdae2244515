/**
 * The lake's Glue Data Catalog database and the security configuration every crawler and job runs
 * with.
 */
import * as aws from "@pulumi/aws";
import { invalidArg } from "../shared/errors";
import type { LakeContext } from "./context";
import { GLUE_CATALOG_NAME, GLUE_ENCRYPTION_MODES } from "./glue-defaults";

/**
 * `<env>_data_lake_catalog` for an environment. Glue (and Athena, which reads the catalog) takes
 * lower-case letters, digits and underscores in database names, so the environment is lower-cased
 * and every other character (`-`, `.`, a space) becomes `_`: `Prod-EU` → `prod_eu_data_lake_catalog`.
 * An environment with nothing left to name (empty, or only separators) is rejected.
 */
export function catalogDatabaseName(environment: string, component = "DataLake"): string {
  const base = String(environment ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!/[a-z0-9]/.test(base)) {
    throw invalidArg(
      component,
      "environment",
      `"${String(environment)}" leaves no letters or digits for the catalog database name (<env>_data_lake_catalog)`,
    );
  }
  const name = `${base}_data_lake_catalog`;
  if (!GLUE_CATALOG_NAME.test(name)) {
    throw invalidArg(
      component,
      "environment",
      `"${environment}" makes the database name "${name}" longer than 255 characters`,
    );
  }
  return name;
}

export interface LakeCatalog {
  database: aws.glue.CatalogDatabase;
  /** The database's name, `<env>_data_lake_catalog`. */
  databaseName: string;
  securityConfiguration: aws.glue.SecurityConfiguration;
}

/**
 * The catalog database, and a security configuration that encrypts with the lake's CMK what Glue
 * writes to S3 (SSE-KMS), to CloudWatch Logs (SSE-KMS: the only mode Glue offers for logs) and its
 * job bookmarks (CSE-KMS: encrypted by the job before Glue stores them).
 */
export function createCatalog(ctx: LakeContext): LakeCatalog {
  const databaseName = catalogDatabaseName(ctx.environment);
  const database = new aws.glue.CatalogDatabase(
    `${ctx.name}-catalog`,
    {
      name: databaseName,
      description: `Tables of the ${ctx.environment} data lake (${ctx.name}), kept by its crawlers`,
    },
    { parent: ctx.parent },
  );
  const securityConfiguration = new aws.glue.SecurityConfiguration(
    `${ctx.name}-glue-security`,
    {
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: GLUE_ENCRYPTION_MODES.s3EncryptionMode, kmsKeyArn: ctx.kmsKeyArn },
        cloudwatchEncryption: {
          cloudwatchEncryptionMode: GLUE_ENCRYPTION_MODES.cloudwatchEncryptionMode,
          kmsKeyArn: ctx.kmsKeyArn,
        },
        jobBookmarksEncryption: {
          jobBookmarksEncryptionMode: GLUE_ENCRYPTION_MODES.jobBookmarksEncryptionMode,
          kmsKeyArn: ctx.kmsKeyArn,
        },
      },
    },
    { parent: ctx.parent },
  );
  return { database, databaseName, securityConfiguration };
}
