/** S3 rules. Settings AWS splits into sub-resources are checked at stack level, on the bucket's siblings. */
import {
  BUCKET_ROLE_TAG,
  BUCKET_ROLES,
  KMS_SSE_ALGORITHMS,
  OBJECT_OWNERSHIP,
  PUBLIC_ACCESS_BLOCK_FLAGS,
  PUBLIC_CANNED_ACLS,
  ROLES_NEEDING_LIFECYCLE,
} from "../baseline/storage";
import { asArray, effectiveTags, isPublicPrincipal, label, resourceRule, stackRule, statementsOf } from "./helpers";
import type { StackResourceView, StackView, StackViolation } from "./types";

export const BUCKET = "aws:s3/bucket:Bucket";
export const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
export const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const LOGGING = "aws:s3/bucketLogging:BucketLogging";
export const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
export const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
export const BUCKET_ACL = "aws:s3/bucketAcl:BucketAcl";
export const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";

const roleOf = (bucket: StackResourceView) => effectiveTags(bucket)[BUCKET_ROLE_TAG];

/** Buckets that receive ALB access logs: tagged so, or named in a load balancer's accessLogs. */
function isAlbLogBucket(stack: StackView, bucket: StackResourceView): boolean {
  if (roleOf(bucket) === BUCKET_ROLES.albAccessLogs) return true;
  return stack
    .ofType(LOAD_BALANCER)
    .some(
      (lb) =>
        lb.propertyDependencies["accessLogs"]?.includes(bucket.urn) ||
        lb.props.accessLogs?.bucket === bucket.props.bucket,
    );
}

/** One violation per bucket that fails `check`. */
function perBucket(stack: StackView, check: (bucket: StackResourceView) => string | undefined): StackViolation[] {
  return stack.ofType(BUCKET).flatMap((bucket) => {
    const message = check(bucket);
    return message ? [{ message, urn: bucket.urn }] : [];
  });
}

const publicAccessFlagsMissing = (props: Record<string, any>) =>
  PUBLIC_ACCESS_BLOCK_FLAGS.filter((f) => props[f] !== true);

export const storageRules = [
  stackRule({
    name: "s3-bucket-public-access-block",
    description:
      "[S3.8] Every S3 bucket has a public access block with all four settings on (BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets).",
    group: "storage",
    severity: "critical",
    remediation: "Create an aws.s3.BucketPublicAccessBlock for the bucket with all four flags set to true.",
    check: (stack) =>
      perBucket(stack, (bucket) => {
        const blocks = stack.configuring(bucket, PUBLIC_ACCESS_BLOCK, "bucket");
        if (blocks.length === 0) return `bucket "${bucket.name}" has no public access block`;
        const missing = blocks.flatMap((b) => publicAccessFlagsMissing(b.props));
        return missing.length
          ? `bucket "${bucket.name}" has a public access block without ${missing.join(", ")}`
          : undefined;
      }),
  }),
  resourceRule({
    name: "s3-public-access-block-all-flags",
    description: "[S3.8, S3.1] A bucket or account public access block turns on all four settings.",
    group: "storage",
    severity: "critical",
    resourceTypes: [PUBLIC_ACCESS_BLOCK, ACCOUNT_PUBLIC_ACCESS_BLOCK],
    remediation: "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    check: (r) => {
      const missing = publicAccessFlagsMissing(r.props);
      return missing.length > 0 && `${label(r)} leaves ${missing.join(", ")} off`;
    },
  }),
  stackRule({
    name: "s3-bucket-encryption-cmk",
    description:
      "[S3.17] Every S3 bucket is encrypted with SSE-KMS under a customer-managed key; SSE-S3 only for ALB access-log buckets, where AWS requires it.",
    group: "storage",
    remediation:
      "Create an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and kmsMasterKeyId set to the region's CMK (bucketKeyEnabled: true).",
    check: (stack) =>
      perBucket(stack, (bucket) => {
        const configs = stack.configuring(bucket, SSE, "bucket");
        if (configs.length === 0) return `bucket "${bucket.name}" has no server-side encryption configuration`;
        const defaults = configs
          .flatMap((c) => asArray<any>(c.props.rules))
          .map((rule) => rule.applyServerSideEncryptionByDefault ?? {});
        if (defaults.length === 0)
          return `bucket "${bucket.name}" has an encryption configuration without a default rule`;
        for (const d of defaults) {
          if (d.sseAlgorithm === "AES256") {
            if (!isAlbLogBucket(stack, bucket))
              return `bucket "${bucket.name}" uses SSE-S3 (AES256); only ALB access-log buckets may`;
          } else if (!KMS_SSE_ALGORITHMS.includes(d.sseAlgorithm)) {
            return `bucket "${bucket.name}" uses sseAlgorithm "${d.sseAlgorithm}", not aws:kms`;
          } else if (!d.kmsMasterKeyId) {
            return `bucket "${bucket.name}" uses SSE-KMS with the AWS-managed key; set kmsMasterKeyId to a customer-managed key`;
          }
        }
        return undefined;
      }),
  }),
  resourceRule({
    name: "s3-encryption-configuration-kms-key",
    description:
      "[S3.17] A bucket encryption configuration that uses SSE-KMS names its customer-managed key and uses S3 Bucket Keys.",
    group: "storage",
    resourceTypes: [SSE],
    remediation: "Set kmsMasterKeyId to the region's CMK ARN and bucketKeyEnabled to true in every rule.",
    check: (r) =>
      asArray<any>(r.props.rules).flatMap((rule, i) => {
        const d = rule.applyServerSideEncryptionByDefault ?? {};
        if (!KMS_SSE_ALGORITHMS.includes(d.sseAlgorithm)) return [];
        const out: string[] = [];
        if (!d.kmsMasterKeyId)
          out.push(`${label(r)} rule ${i} uses SSE-KMS without kmsMasterKeyId (the AWS-managed key)`);
        if (rule.bucketKeyEnabled !== true)
          out.push(`${label(r)} rule ${i} does not enable the S3 Bucket Key (every object then calls KMS)`);
        return out;
      }),
  }),
  stackRule({
    name: "s3-bucket-versioning",
    description:
      "[S3.14] Every S3 bucket has versioning enabled (required for replication and recovery from overwrites).",
    group: "storage",
    severity: "medium",
    remediation: 'Create an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".',
    check: (stack) =>
      perBucket(stack, (bucket) => {
        const status = stack
          .configuring(bucket, VERSIONING, "bucket")
          .map((v) => v.props.versioningConfiguration?.status);
        return status.includes("Enabled")
          ? undefined
          : `bucket "${bucket.name}" does not have versioning enabled${status.length ? ` (status ${status.join(", ")})` : ""}`;
      }),
  }),
  resourceRule({
    name: "s3-versioning-enabled",
    description: "[S3.14] A bucket versioning configuration is Enabled, not Suspended or Disabled.",
    group: "storage",
    severity: "medium",
    resourceTypes: [VERSIONING],
    remediation: 'Set versioningConfiguration.status to "Enabled".',
    check: (r) =>
      r.props.versioningConfiguration?.status !== "Enabled" &&
      `${label(r)} has status ${JSON.stringify(r.props.versioningConfiguration?.status)}`,
  }),
  stackRule({
    name: "s3-bucket-tls-only",
    description: "[S3.5] Every S3 bucket policy denies requests that do not use TLS (aws:SecureTransport false).",
    group: "storage",
    remediation:
      'Attach an aws.s3.BucketPolicy with a Deny statement for Principal "*", Action s3:*, on the bucket and its objects, when aws:SecureTransport is false.',
    check: (stack) =>
      perBucket(stack, (bucket) => {
        const denies = stack
          .configuring(bucket, BUCKET_POLICY, "bucket")
          .flatMap((p) => statementsOf(p.props.policy))
          .some(
            (s) =>
              s.effect === "Deny" &&
              String((s.conditions.Bool as Record<string, unknown> | undefined)?.["aws:SecureTransport"]) === "false",
          );
        return denies ? undefined : `bucket "${bucket.name}" has no policy statement denying requests without TLS`;
      }),
  }),
  resourceRule({
    name: "s3-bucket-policy-not-public",
    description:
      '[S3.2, S3.3] A bucket policy grants nothing to everyone (Principal "*") without a condition that narrows it.',
    group: "storage",
    severity: "critical",
    resourceTypes: [BUCKET_POLICY],
    remediation:
      'Name the principals that need access (account, role or service with aws:SourceArn); keep Principal "*" only in Deny statements.',
    check: (r) =>
      statementsOf(r.props.policy)
        .filter((s) => s.effect === "Allow" && isPublicPrincipal(s) && Object.keys(s.conditions).length === 0)
        .map(
          (s) =>
            `${label(r)} allows ${s.actions.join(", ") || "actions"} to everyone${s.sid ? ` (statement ${s.sid})` : ""}`,
        ),
  }),
  resourceRule({
    name: "s3-no-public-acl",
    description:
      "[S3.2, S3.3] No bucket ACL grants public read or write (public-read, public-read-write, authenticated-read).",
    group: "storage",
    severity: "critical",
    resourceTypes: [BUCKET_ACL],
    remediation: "Remove the ACL; with object ownership BucketOwnerEnforced, ACLs are disabled.",
    check: (r) => PUBLIC_CANNED_ACLS.includes(r.props.acl) && `${label(r)} sets the public canned ACL "${r.props.acl}"`,
  }),
  resourceRule({
    name: "s3-acls-disabled",
    description: "[S3.12] Bucket ownership controls disable ACLs (BucketOwnerEnforced).",
    group: "storage",
    severity: "medium",
    resourceTypes: [OWNERSHIP],
    remediation: `Set rule.objectOwnership to "${OBJECT_OWNERSHIP}".`,
    check: (r) =>
      r.props.rule?.objectOwnership !== OBJECT_OWNERSHIP &&
      `${label(r)} sets objectOwnership ${JSON.stringify(r.props.rule?.objectOwnership)}`,
  }),
  stackRule({
    name: "s3-bucket-access-logging",
    description: "[S3.9] Every S3 bucket sends server access logs to a log bucket (log buckets themselves excepted).",
    group: "storage",
    severity: "medium",
    remediation: "Create an aws.s3.BucketLogging with targetBucket set to the region's access-log bucket.",
    check: (stack) => {
      const targets = new Set(
        stack.ofType(LOGGING).flatMap((l) => [l.props.targetBucket, ...(l.propertyDependencies.targetBucket ?? [])]),
      );
      return perBucket(stack, (bucket) => {
        const isLogBucket =
          roleOf(bucket) === BUCKET_ROLES.accessLogs || targets.has(bucket.urn) || targets.has(bucket.props.bucket);
        if (isLogBucket || isAlbLogBucket(stack, bucket)) return undefined;
        return stack.configuring(bucket, LOGGING, "bucket").length
          ? undefined
          : `bucket "${bucket.name}" has no server access logging`;
      });
    },
  }),
  stackRule({
    name: "s3-log-bucket-lifecycle",
    description:
      "[S3.13] Log and retention buckets have lifecycle rules that move objects to colder storage or expire them.",
    group: "storage",
    severity: "medium",
    remediation:
      "Create an aws.s3.BucketLifecycleConfiguration with an Enabled rule that transitions (e.g. to GLACIER_IR/DEEP_ARCHIVE) and expires objects.",
    check: (stack) =>
      perBucket(stack, (bucket) => {
        const role = roleOf(bucket);
        const needs = (role && ROLES_NEEDING_LIFECYCLE.includes(role)) || isAlbLogBucket(stack, bucket);
        if (!needs) return undefined;
        const rules = stack
          .configuring(bucket, LIFECYCLE, "bucket")
          .flatMap((l) => asArray<any>(l.props.rules))
          .filter((x) => x.status === "Enabled");
        const ages = rules.some((x) => x.expiration || asArray(x.transitions).length > 0);
        return ages
          ? undefined
          : `${role ?? "log"} bucket "${bucket.name}" has no enabled lifecycle rule that transitions or expires objects`;
      }),
  }),
  resourceRule({
    name: "s3-lifecycle-aborts-incomplete-uploads",
    description:
      "[S3.13] Lifecycle configurations clean up incomplete multipart uploads, which otherwise are stored and billed forever.",
    group: "storage",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: [LIFECYCLE],
    remediation: "Add abortIncompleteMultipartUpload { daysAfterInitiation: 7 } to an Enabled rule.",
    check: (r) =>
      !asArray<any>(r.props.rules).some(
        (x) => x.status === "Enabled" && x.abortIncompleteMultipartUpload?.daysAfterInitiation > 0,
      ) && `${label(r)} has no enabled rule that aborts incomplete multipart uploads`,
  }),
  resourceRule({
    name: "s3-replication-encrypted",
    description:
      "[S3.7] Cross-region replication replicates KMS-encrypted objects, re-encrypts them with the destination region's key, and states delete-marker replication.",
    group: "storage",
    resourceTypes: [REPLICATION],
    remediation:
      "In every rule set sourceSelectionCriteria.sseKmsEncryptedObjects.status Enabled, destination.encryptionConfiguration.replicaKmsKeyId to the destination region's CMK, and deleteMarkerReplication.status.",
    check: (r) =>
      asArray<any>(r.props.rules).flatMap((rule, i) => {
        const out: string[] = [];
        const id = rule.id ? `"${rule.id}"` : String(i);
        if (rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status !== "Enabled")
          out.push(`${label(r)} rule ${id} does not replicate SSE-KMS encrypted objects`);
        if (!rule.destination?.encryptionConfiguration?.replicaKmsKeyId)
          out.push(`${label(r)} rule ${id} has no replicaKmsKeyId for the destination region`);
        if (!rule.deleteMarkerReplication?.status)
          out.push(`${label(r)} rule ${id} does not state deleteMarkerReplication`);
        return out;
      }),
  }),
  stackRule({
    name: "s3-replica-has-replication",
    description:
      "[S3.7] A bucket this stack declares as a replica (BucketRole=replica) is the destination of an enabled replication rule in the same stack.",
    group: "storage",
    remediation:
      "Create the aws.s3.BucketReplicationConfig on the source bucket (with the source region's provider) whose destination is this bucket.",
    check: (stack) => {
      const rules = stack.ofType(REPLICATION).flatMap((c) =>
        asArray<any>(c.props.rules)
          .filter((x) => x.status === "Enabled")
          .map((x) => ({ c, x })),
      );
      return perBucket(stack, (bucket) => {
        if (roleOf(bucket) !== BUCKET_ROLES.replica) return undefined;
        const arn = `arn:aws:s3:::${bucket.props.bucket}`;
        const fed = rules.some(
          ({ c, x }) =>
            x.destination?.bucket === arn ||
            x.destination?.bucket === bucket.props.arn ||
            c.propertyDependencies.rules?.includes(bucket.urn),
        );
        return fed
          ? undefined
          : `replica bucket "${bucket.name}" is not the destination of any enabled replication rule`;
      });
    },
  }),
];
