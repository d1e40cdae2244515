/**
 * The primary stack's exports: the one versioned contract between the two stacks. The primary
 * returns a `PrimaryExports`; the secondary reads it back through `readPrimaryExports`, which
 * validates every value at run time and names any output that is missing or malformed.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { bucketNameProblem } from "../components/shared/naming";
import { isCommercialRegion } from "./regions";

/** Bump when an export is removed or changes meaning; adding an export keeps the version. */
export const PRIMARY_EXPORTS_VERSION = 1;

/** A KMS key ARN (not an alias, not another service's ARN): what cross-region grants and replicas name. */
const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
    "it is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)",
  );

/** An ARN of the given service (and resource prefix). */
const arnOf = (service: string, resource: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]*:\\d{0,12}:${resource}.+$`),
      `it is not a ${service} ${resource.replace(/[/:]$/, "")} ARN`,
    );

export const primaryExportsSchema = z.object({
  /** Version of this contract the primary was deployed with. */
  exportsVersion: z.number().int().positive(),
  /** The primary's region (`aws:region`). Typed `string`, as config.region is (`: boolean` keeps the guard from narrowing it). */
  region: z.string().refine((r): boolean => isCommercialRegion(r), "it is not an AWS commercial region"),
  /** The primary's environment name (`twin-region:environment`). */
  environment: z.string().min(1),
  vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, "it is not a VPC id"),
  vpcCidr: z.cidrv4("it is not an IPv4 CIDR of the form a.b.c.d/n"),
  /** The primary region's customer-managed KMS key. */
  kmsKeyArn,
  /** The ingestion stream the secondary's forwarder reads. */
  streamName: z.string().min(1),
  streamArn: arnOf("kinesis", "stream/"),
  /** The global table (created once, by the primary) and its replica in the secondary region. */
  tableName: z.string().min(3),
  tableArn: arnOf("dynamodb", "table/"),
  /** Region of the table's replica ("" when the primary has no secondaryRegion). */
  tableReplicaRegion: z.string(),
  /** The key the replica is encrypted with, in the replica's region ("" without a replica). */
  tableReplicaKmsKeyArn: z.union([z.literal(""), kmsKeyArn]),
  /** The processed-data bucket S1, which the secondary replicates into S2. */
  processedBucketName: z.string().min(3),
  processedBucketArn: z.string().regex(/^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$/, "it is not an S3 bucket ARN"),
  /** The primary's event bus, for cross-region forwarding. */
  eventBusName: z.string().min(1),
  eventBusArn: arnOf("events", "event-bus/"),
  /** The web application's public hosted zone (the primary's, or the one it was given). */
  hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, "it is not a hosted zone id"),
  /** The application's host name, which both regions serve. */
  appHostName: z.string().min(3),
  /** The Aurora global database the secondary's cluster joins. */
  globalClusterIdentifier: z.string().min(1),
  /** The database credentials' secret (replicated into the secondary region, under tableReplicaKmsKeyArn). */
  databaseSecretArn: arnOf("secretsmanager", "secret:"),
  /** The primary's backup vault, into which the secondary's plan copies its recovery points. */
  backupVaultArn: arnOf("backup", "backup-vault:"),
  /** The web tier's file system, which the secondary replicates. */
  fileSystemId: z.string().regex(/^fs-[0-9a-f]+$/, "it is not an EFS file system id"),
  /** The static-assets bucket, which the secondary replicates. */
  staticAssetsBucketName: z.string().min(3),
  staticAssetsBucketArn: z.string().regex(/^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$/, "it is not an S3 bucket ARN"),
  /**
   * The exact name the primary chose for the static assets' replica in the secondary region (the
   * CDN's failover origin, which the secondary creates under it); "" without a secondaryRegion.
   */
  staticAssetsReplicaBucketName: z.union([
    z.literal(""),
    z.string().refine((n): boolean => bucketNameProblem(n) === undefined, "it is not an S3 bucket name without dots"),
  ]),
  /** The CDN's distribution: the secondary lets it read the replica bucket and decrypt with its key. */
  cdnDistributionArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/[A-Z0-9]+$/,
      "it is not a CloudFront distribution ARN (arn:<partition>:cloudfront::<account>:distribution/<id>)",
    ),
});

export type PrimaryExports = z.infer<typeof primaryExportsSchema>;

export const PRIMARY_EXPORT_NAMES = Object.keys(primaryExportsSchema.shape) as (keyof PrimaryExports)[];

/** The secondary cannot use what the primary exported: not deployed yet, or deployed with another version. */
export class PrimaryExportsError extends pulumi.RunError {
  constructor(stack: string, problems: string[]) {
    super(
      `The primary stack "${stack}" does not export what this stack needs (exports v${PRIMARY_EXPORTS_VERSION}):\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        `\nDeploy (or update) the primary stack first: pulumi up --stack ${stack}`,
    );
    this.name = "PrimaryExportsError";
  }
}

/** Validates exports read from the primary; pure, so tests can feed it anything. */
export function parsePrimaryExports(stack: string, values: Record<string, unknown>): PrimaryExports {
  const problems: string[] = [];
  for (const name of PRIMARY_EXPORT_NAMES) {
    if (values[name] === undefined) problems.push(`output "${name}" is missing`);
  }
  const parsed = primaryExportsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "");
      if (values[name] !== undefined)
        problems.push(`output "${name}" = ${JSON.stringify(values[name])}: ${issue.message}`);
    }
  }
  if (parsed.success && parsed.data.exportsVersion !== PRIMARY_EXPORTS_VERSION) {
    problems.push(
      `output "exportsVersion" is ${parsed.data.exportsVersion}, this program reads version ${PRIMARY_EXPORTS_VERSION}`,
    );
  }
  if (problems.length || !parsed.success) throw new PrimaryExportsError(stack, problems);
  return parsed.data;
}

/**
 * Reads the primary's exports through a StackReference as plain values, before the secondary
 * creates anything, so a missing output stops the program with its name.
 */
export async function readPrimaryExports(ref: pulumi.StackReference, stack: string): Promise<PrimaryExports> {
  const values: Record<string, unknown> = {};
  await Promise.all(
    PRIMARY_EXPORT_NAMES.map(async (name) => {
      const details = await ref.getOutputDetails(name);
      values[name] = details.value ?? details.secretValue;
    }),
  );
  return parsePrimaryExports(stack, values);
}
