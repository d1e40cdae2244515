import type * as pulumi from "@pulumi/pulumi";
import { BUCKET_ROLES } from "./defaults";
import { SecureBucket, type SecureBucketArgs } from "./secure-bucket";

export interface AccessLogBucketArgs extends Omit<SecureBucketArgs, "role" | "kmsKeyArn"> {
  /**
   * The region's customer-managed KMS key. S3 server access logging writes SSE-KMS objects with
   * it because the platform key policy (components/security `keyPolicyStatements`) lets
   * `logging.s3.amazonaws.com` use the key for this account.
   */
  kmsKeyArn: pulumi.Input<string>;
}

/**
 * The region's target of S3 server access logs: a SecureBucket preset with role "access-logs"
 * (registered as `twin-region:storage:SecureBucket`). Its policy lets `logging.s3.amazonaws.com`
 * put log objects for this account's buckets (aws:SourceAccount, and aws:SourceArn when
 * `logSourceBucketArns` is given); it needs no access logging of its own, and its logs move to
 * GLACIER_IR after 90 days and expire after 365 unless `transitions` / `expirationDays` say otherwise.
 * Other buckets pass its `bucketName` as their `accessLogBucket`.
 */
export class AccessLogBucket extends SecureBucket {
  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, { ...args, role: BUCKET_ROLES.accessLogs }, opts);
  }
}
