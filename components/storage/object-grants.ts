import * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../compute/iam";
import { invalidArg } from "../shared/errors";
import { BUCKET_GRANT_ACTIONS } from "./defaults";

/** A bucket's objects a grant covers, and the key they are encrypted with. */
export interface ObjectGrantTarget {
  /**
   * The component whose bucket this is (e.g. "SecureBucket"): it names a rejected `prefix`.
   * @default the helper's own name (e.g. "objectReadStatements")
   */
  component?: string;
  bucketArn: pulumi.Input<string>;
  /** The bucket's key; undefined for an SSE-S3 bucket (ALB access logs): no key statement then. */
  kmsKeyArn: pulumi.Input<string | undefined> | undefined;
  /** `RegionContext.serviceEndpoint("s3")` of the bucket's region: the key is used through S3 only. */
  s3Endpoint: pulumi.Input<string>;
  /** Keys under this prefix only (e.g. "raw/changes/"). @default the whole bucket */
  prefix?: string;
}

/**
 * A key prefix a grant may be limited to: no leading "/", no wildcards. A rejected one is an
 * `InvalidArgError` of `component`: `<component>: prefix: "/raw" must be a key prefix …`.
 */
export function checkPrefix(prefix: string | undefined, component = "checkPrefix"): string {
  if (prefix === undefined) return "";
  if (prefix.startsWith("/") || prefix.includes("*")) {
    throw invalidArg(
      component,
      "prefix",
      `"${prefix}" must be a key prefix without a leading "/" or wildcards (e.g. "raw/")`,
    );
  }
  return prefix;
}

/**
 * The bucket's key, only through S3 in the bucket's region and only for this bucket's objects
 * (with S3 Bucket Keys the encryption context is the bucket's ARN; objects written without one
 * carry their own ARN).
 */
function keyStatements(target: ObjectGrantTarget, actions: readonly string[]): Statement[] {
  if (target.kmsKeyArn === undefined) return [];
  const keyArn = pulumi.output(target.kmsKeyArn);
  return [
    {
      effect: "Allow",
      actions: [...actions],
      resources: [keyArn.apply((arn) => arn ?? "")],
      conditions: [
        { test: "StringEquals", variable: "kms:ViaService", values: [target.s3Endpoint] },
        {
          test: "StringLike",
          variable: "kms:EncryptionContext:aws:s3:arn",
          values: [target.bucketArn, pulumi.interpolate`${target.bucketArn}/*`],
        },
      ],
    },
  ];
}

/** The objects under `prefix`. */
const objectsOf = (target: ObjectGrantTarget, prefix: string) => pulumi.interpolate`${target.bucketArn}/${prefix}*`;

/** s3:GetObject on the objects and s3:ListBucket on the bucket (narrowed by s3:prefix). */
function readObjectStatements(target: ObjectGrantTarget, prefix: string): Statement[] {
  return [
    { effect: "Allow", actions: [...BUCKET_GRANT_ACTIONS.readObjects], resources: [objectsOf(target, prefix)] },
    {
      effect: "Allow",
      actions: [...BUCKET_GRANT_ACTIONS.listBucket],
      resources: [target.bucketArn],
      ...(prefix ? { conditions: [{ test: "StringLike", variable: "s3:prefix", values: [`${prefix}*`] }] } : {}),
    },
  ];
}

/** s3:PutObject and s3:AbortMultipartUpload (and s3:DeleteObject with `withDelete`) on the objects. */
function writeObjectStatement(target: ObjectGrantTarget, prefix: string, withDelete = false): Statement {
  return {
    effect: "Allow",
    actions: [...BUCKET_GRANT_ACTIONS.writeObjects, ...(withDelete ? BUCKET_GRANT_ACTIONS.deleteObjects : [])],
    resources: [objectsOf(target, prefix)],
  };
}

/**
 * Least-privilege statements to read objects (under `prefix`): s3:GetObject on the objects,
 * s3:ListBucket on the bucket (narrowed by s3:prefix) and kms:Decrypt on the bucket's key.
 */
export function objectReadStatements(target: ObjectGrantTarget): Statement[] {
  const prefix = checkPrefix(target.prefix, target.component ?? "objectReadStatements");
  return [...readObjectStatements(target, prefix), ...keyStatements(target, BUCKET_GRANT_ACTIONS.readKey)];
}

/**
 * Least-privilege statements to write objects (under `prefix`): s3:PutObject and
 * s3:AbortMultipartUpload on the objects (and s3:DeleteObject with `delete`), and
 * kms:GenerateDataKey and kms:Decrypt (multipart uploads) on the bucket's key.
 */
export function objectWriteStatements(target: ObjectGrantTarget, options: { delete?: boolean } = {}): Statement[] {
  const prefix = checkPrefix(target.prefix, target.component ?? "objectWriteStatements");
  return [
    writeObjectStatement(target, prefix, options.delete),
    ...keyStatements(target, BUCKET_GRANT_ACTIONS.writeKey),
  ];
}

/**
 * What a delivery service needs to write objects into the bucket (under `prefix`), as Amazon Data
 * Firehose does ("Grant Firehose access to an Amazon S3 destination"): `objectWriteStatements`
 * and `objectReadStatements` (it reads back and resumes its multipart uploads), plus
 * s3:GetBucketLocation and s3:ListBucketMultipartUploads on the bucket; the key once, with
 * kms:GenerateDataKey and kms:Decrypt, through S3 only and for this bucket's objects only.
 */
export function objectDeliveryStatements(target: ObjectGrantTarget): Statement[] {
  const prefix = checkPrefix(target.prefix, target.component ?? "objectDeliveryStatements");
  return [
    writeObjectStatement(target, prefix),
    ...readObjectStatements(target, prefix),
    { effect: "Allow", actions: [...BUCKET_GRANT_ACTIONS.deliveryBucket], resources: [target.bucketArn] },
    ...keyStatements(target, [...new Set([...BUCKET_GRANT_ACTIONS.writeKey, ...BUCKET_GRANT_ACTIONS.readKey])]),
  ];
}
