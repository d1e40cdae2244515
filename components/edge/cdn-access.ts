/**
 * What a bucket policy and a key policy need for a distribution to read a bucket through origin
 * access control (CloudFront Developer Guide, "Restrict access to an Amazon S3 origin"): the
 * CloudFront service principal, conditioned on the distribution's ARN (`AWS:SourceArn`), may get
 * the objects and decrypt them with the bucket's key. Free functions, because the secondary stack
 * grants its replica bucket and key from the distribution ARN the primary exports.
 */
import * as pulumi from "@pulumi/pulumi";
import type { KeyPolicyStatement } from "../security/regional-key";
import type { BucketRef, PolicyStatement } from "../storage/secure-bucket";
import { BUCKET_GRANT_ACTIONS } from "../storage/defaults";
import { CDN_DEFAULTS } from "./cdn-defaults";

/** The principal CloudFront signs origin requests as (origin access control). */
export const CLOUDFRONT_SERVICE_PRINCIPAL = "cloudfront.amazonaws.com";

/** The key prefix a static path pattern serves: "/static/*" → "static/". */
export function staticKeyPrefix(pathPattern: string = CDN_DEFAULTS.staticPathPattern): string {
  return pathPattern.replace(/^\//, "").replace(/\*$/, "");
}

/**
 * Bucket-policy statements (SecureBucket's function form) that let `distributionArn` get the
 * objects under the static path's key prefix, and nothing else.
 */
export function cloudFrontReadStatements(
  distributionArn: pulumi.Input<string>,
  pathPattern: string = CDN_DEFAULTS.staticPathPattern,
): (bucket: BucketRef) => PolicyStatement[] {
  return (bucket) => [
    {
      sid: "CloudFrontReadsStaticAssets",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [CLOUDFRONT_SERVICE_PRINCIPAL] }],
      actions: [...BUCKET_GRANT_ACTIONS.readObjects],
      resources: [pulumi.interpolate`${bucket.arn}/${staticKeyPrefix(pathPattern)}*`],
      conditions: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [distributionArn] }],
    },
  ];
}

/**
 * The key-policy statement that lets `distributionArn` decrypt the objects of the bucket `bucketArn`
 * (SSE-KMS with S3 Bucket Keys: the encryption context is the bucket's ARN, or an object's).
 */
export function cloudFrontDecryptStatement(
  distributionArn: pulumi.Input<string>,
  bucketArn: pulumi.Input<string>,
): KeyPolicyStatement {
  return {
    sid: "CloudFrontDecryptsStaticAssets",
    effect: "Allow",
    principals: [{ type: "Service", identifiers: [CLOUDFRONT_SERVICE_PRINCIPAL] }],
    actions: [...BUCKET_GRANT_ACTIONS.readKey],
    resources: ["*"],
    conditions: [
      { test: "StringEquals", variable: "AWS:SourceArn", values: [distributionArn] },
      {
        test: "StringLike",
        variable: "kms:EncryptionContext:aws:s3:arn",
        values: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
      },
    ],
  };
}
