/**
 * S3 baseline: what the storage rules enforce and what the components that create buckets apply.
 * Plain data, imported by components, their tests and the policy rules alike.
 */

/** Tag that states what a bucket is for; rules that depend on a bucket's role read it. */
export const BUCKET_ROLE_TAG = "BucketRole";

export const BUCKET_ROLES = {
  /** Receives S3 server access logs of other buckets. */
  accessLogs: "access-logs",
  /** Receives ALB access logs: AWS requires SSE-S3 (AES256) there, not SSE-KMS. */
  albAccessLogs: "alb-access-logs",
  /** Keeps records for a retention period (e.g. the Firehose archive). */
  retention: "retention",
  /** The destination of a cross-region replication rule created by this stack. */
  replica: "replica",
  data: "data",
  staticAssets: "static-assets",
} as const;

/** Roles whose objects must age out: lifecycle rules with transitions or expiry are required. */
export const ROLES_NEEDING_LIFECYCLE: readonly string[] = [
  BUCKET_ROLES.accessLogs,
  BUCKET_ROLES.albAccessLogs,
  BUCKET_ROLES.retention,
];

/** Canned ACLs that open a bucket to everyone or to every AWS account. */
export const PUBLIC_CANNED_ACLS: readonly string[] = ["public-read", "public-read-write", "authenticated-read"];

/** The four Block Public Access settings, all of which must be true. */
export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/** Server-side encryption with a customer-managed KMS key. */
export const KMS_SSE_ALGORITHMS: readonly string[] = ["aws:kms", "aws:kms:dsse"];

/** Object ownership that disables ACLs entirely. */
export const OBJECT_OWNERSHIP = "BucketOwnerEnforced";
