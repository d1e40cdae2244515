/**
 * Secure S3 defaults. Plain data: SecureBucket, BucketReplication, their tests and the policy rules
 * import it, so the three cannot drift apart; what the pack enforces comes from its baseline.
 */
import {
  BUCKET_ROLE_TAG,
  BUCKET_ROLES,
  KMS_SSE_ALGORITHMS,
  OBJECT_OWNERSHIP,
  PUBLIC_ACCESS_BLOCK_FLAGS,
  ROLES_NEEDING_LIFECYCLE,
} from "../../policy/baseline/storage";
import { S3_SERVER_ACCESS_LOGS_PRINCIPAL } from "../security/key-policy";

export {
  BUCKET_ROLE_TAG,
  BUCKET_ROLES,
  OBJECT_OWNERSHIP,
  PUBLIC_ACCESS_BLOCK_FLAGS,
  ROLES_NEEDING_LIFECYCLE,
  S3_SERVER_ACCESS_LOGS_PRINCIPAL,
};

/** What a bucket is for (its `BucketRole` tag): access-logs, alb-access-logs, retention, replica, data, static-assets. */
export type BucketRole = (typeof BUCKET_ROLES)[keyof typeof BUCKET_ROLES];
export const BUCKET_ROLE_VALUES: readonly BucketRole[] = Object.values(BUCKET_ROLES);

/** Roles whose bucket receives logs: they may go without server access logging of their own. */
export const LOG_BUCKET_ROLES: readonly BucketRole[] = [BUCKET_ROLES.accessLogs, BUCKET_ROLES.albAccessLogs];

export const SECURE_BUCKET_DEFAULTS = {
  role: BUCKET_ROLES.data as BucketRole,
  /** A bucket with objects is never deleted by `pulumi destroy`; empty it on purpose first. */
  forceDestroy: false,
  objectOwnership: OBJECT_OWNERSHIP,
  /** SSE-KMS with the region's customer-managed key. */
  sseAlgorithm: KMS_SSE_ALGORITHMS[0]!,
  /** ALB access logs: AWS supports only SSE-S3 (AES256) on their target bucket. */
  albAccessLogsSseAlgorithm: "AES256",
  /** S3 Bucket Keys: one KMS call per bucket key instead of one per object. */
  bucketKeyEnabled: true,
  versioningStatus: "Enabled",
  abortIncompleteMultipartUploadDays: 7,
} as const;

/** Lifecycle rule ids the component owns; caller rules may not reuse them. */
export const LIFECYCLE_RULE_IDS = {
  abortIncompleteUploads: "abort-incomplete-multipart-uploads",
  ageOut: "age-out",
} as const;

/** Storage classes a lifecycle rule may transition current objects to. */
export const TRANSITION_STORAGE_CLASSES = [
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;
export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];
/** S3 refuses transitions to the infrequent-access classes before an object is 30 days old. */
export const MIN_DAYS_BEFORE_IA = 30;

export interface LifecycleTransition {
  /** Days after creation. */
  days: number;
  storageClass: TransitionStorageClass;
}

export interface RoleLifecycle {
  transitions: readonly LifecycleTransition[];
  /** Current versions expire (become noncurrent) this many days after creation. */
  expirationDays?: number;
  /** Noncurrent versions are deleted this many days after they became noncurrent. */
  noncurrentVersionExpirationDays?: number;
}

/**
 * How each role's objects age out unless the caller says otherwise. Log and retention buckets must
 * age out (the pack's `s3-log-bucket-lifecycle`); data, replica and static-asset buckets keep their
 * objects (and their noncurrent versions, for recovery) until the caller adds rules.
 */
export const ROLE_LIFECYCLE_DEFAULTS: Readonly<Record<BucketRole, RoleLifecycle>> = {
  [BUCKET_ROLES.accessLogs]: {
    transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
    expirationDays: 365,
    noncurrentVersionExpirationDays: 30,
  },
  [BUCKET_ROLES.albAccessLogs]: {
    transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
    expirationDays: 365,
    noncurrentVersionExpirationDays: 30,
  },
  [BUCKET_ROLES.retention]: {
    transitions: [
      { days: 30, storageClass: "GLACIER_IR" },
      { days: 180, storageClass: "DEEP_ARCHIVE" },
    ],
    expirationDays: 2555,
    noncurrentVersionExpirationDays: 30,
  },
  [BUCKET_ROLES.replica]: { transitions: [] },
  [BUCKET_ROLES.data]: { transitions: [] },
  [BUCKET_ROLES.staticAssets]: { transitions: [] },
};

/** Object and KMS actions the grant helpers give; nothing else. */
export const BUCKET_GRANT_ACTIONS = {
  readObjects: ["s3:GetObject"],
  listBucket: ["s3:ListBucket"],
  writeObjects: ["s3:PutObject", "s3:AbortMultipartUpload"],
  deleteObjects: ["s3:DeleteObject"],
  /**
   * A delivery service (Amazon Data Firehose) on the bucket itself, besides reading and writing
   * objects: the bucket's region, and its unfinished multipart uploads (to resume or abort them).
   */
  deliveryBucket: ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
  /**
   * A pipeline's artifacts (CodePipeline and CodeBuild, as their service-role guides list them):
   * objects read by version, and the bucket's versioning, ACL and region checked.
   */
  readObjectVersions: ["s3:GetObjectVersion"],
  artifactBucket: ["s3:GetBucketAcl", "s3:GetBucketLocation"],
  /** The pipeline itself also checks that the artifact bucket is versioned. */
  bucketVersioning: ["s3:GetBucketVersioning"],
  /** Reading SSE-KMS objects. */
  readKey: ["kms:Decrypt"],
  /** Writing SSE-KMS objects; multipart uploads also decrypt the data key. */
  writeKey: ["kms:GenerateDataKey", "kms:Decrypt"],
} as const;

/**
 * The replication role's permissions: the documented set for SSE-KMS replication (Amazon S3 User
 * Guide, "Replicating encrypted objects"), nothing more.
 */
export const REPLICATION_DEFAULTS = {
  servicePrincipal: "s3.amazonaws.com",
  /** On the source bucket. */
  sourceBucketActions: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
  /** On the source bucket's objects. */
  sourceObjectActions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
  /** On the destination bucket's objects. */
  destinationObjectActions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
  /** On the source region's key, only through S3 of the source region. */
  sourceKeyActions: ["kms:Decrypt"],
  /**
   * On the destination region's key, only through S3 of the destination region. kms:Encrypt and
   * kms:GenerateDataKey encrypt the replicas (the latter makes the destination's S3 Bucket Key);
   * kms:Decrypt is what S3 calls to verify a Bucket Key before it uses it (User Guide, "Amazon S3
   * Bucket Keys and replication").
   */
  destinationKeyActions: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
  deleteMarkerReplication: true,
  replicationMetrics: true,
  /** The only value S3 Replication Time Control accepts. */
  replicationTimeMinutes: 15,
  /** The only value the replication metrics' event threshold accepts. */
  metricsEventThresholdMinutes: 15,
} as const;

/** Storage classes a replication rule may write replicas in. */
export const REPLICA_STORAGE_CLASSES = [
  "STANDARD",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
  "REDUCED_REDUNDANCY",
] as const;
export type ReplicaStorageClass = (typeof REPLICA_STORAGE_CLASSES)[number];

/** Alarm defaults of the replication metrics (published in the source bucket's region). */
export const REPLICATION_METRIC_DEFAULTS = {
  periodSeconds: 300,
  evaluationPeriods: 3,
  /** Seconds: the 15 minutes Replication Time Control promises. */
  latencyThresholdSeconds: 900,
  failedOperationsThreshold: 1,
} as const;
