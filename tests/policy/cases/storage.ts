/** The storage rules' cases: for each rule, resources that comply and resources that break it (tests/policy/storage.test.ts, tests/policy/insecure-graph.test.ts). */
import { BUCKET_ROLE_TAG } from "../../../policy/baseline/storage";
import { storageRules } from "../../../policy/rules/storage";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = storageRules.find((r) => r.name === name);
  if (!found) throw new Error(`no storage rule ${name}`);
  return found;
};

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const bucket = (name: string, role?: string): Spec => ({
  type: "aws:s3/bucket:Bucket",
  name,
  inputs: { bucket: `${name}-abc1234`, ...(role ? { tagsAll: { [BUCKET_ROLE_TAG]: role } } : {}) },
});
const on = (b: string) => ({ bucket: b });
const sub = (type: string, name: string, target: string, inputs: Record<string, unknown>): Spec => ({
  type,
  name,
  inputs: { bucket: `${target}-abc1234`, ...inputs },
  from: on(target),
});

const pab = (target: string, flags: Partial<Record<string, boolean>> = {}) =>
  sub("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${target}-pab`, target, {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
    ...flags,
  });
const sse = (target: string, d: Record<string, unknown>, bucketKeyEnabled = true) =>
  sub(
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    `${target}-sse`,
    target,
    { rules: [{ applyServerSideEncryptionByDefault: d, bucketKeyEnabled }] },
  );
const versioning = (target: string, status: string) =>
  sub("aws:s3/bucketVersioning:BucketVersioning", `${target}-versioning`, target, {
    versioningConfiguration: { status },
  });
const tlsPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});
const policy = (target: string, document: unknown) =>
  sub("aws:s3/bucketPolicy:BucketPolicy", `${target}-policy`, target, {
    policy: typeof document === "string" ? document : JSON.stringify(document),
  });
const lifecycle = (target: string, rules: unknown[]) =>
  sub("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${target}-lifecycle`, target, { rules });
const replication = (rules: unknown[]): Spec => ({
  type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  name: "replication",
  inputs: { bucket: "source-abc1234", role: "arn:aws:iam::123456789012:role/r", rules },
});
const goodReplicationRule = (dest = "arn:aws:s3:::replica-abc1234") => ({
  id: "to-secondary",
  status: "Enabled",
  destination: { bucket: dest, encryptionConfiguration: { replicaKmsKeyId: KEY.replace("us-east-1", "us-west-2") } },
  sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
  deleteMarkerReplication: { status: "Enabled" },
});

export const storageCases: RuleCase[] = [
  {
    rule: rule("s3-bucket-public-access-block"),
    compliant: [bucket("data"), pab("data")],
    violating: [bucket("data"), bucket("other"), pab("other", { restrictPublicBuckets: false })],
    message:
      /bucket "data" has no public access block[\s\S]*"other" has a public access block without restrictPublicBuckets/,
  },
  {
    rule: rule("s3-public-access-block-all-flags"),
    compliant: [bucket("data"), pab("data")],
    violating: [bucket("data"), pab("data", { blockPublicPolicy: false })],
    message: /leaves blockPublicPolicy off/,
  },
  {
    rule: rule("s3-bucket-encryption-cmk"),
    compliant: [
      bucket("data"),
      sse("data", { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }),
      bucket("alb-logs", "alb-access-logs"),
      sse("alb-logs", { sseAlgorithm: "AES256" }),
    ],
    violating: [bucket("data"), sse("data", { sseAlgorithm: "AES256" }), bucket("plain")],
    message:
      /"data" uses SSE-S3 \(AES256\); only ALB access-log buckets may[\s\S]*"plain" has no server-side encryption/,
  },
  {
    rule: rule("s3-encryption-configuration-kms-key"),
    compliant: [bucket("data"), sse("data", { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY })],
    violating: [bucket("data"), sse("data", { sseAlgorithm: "aws:kms" }, false)],
    message: /without kmsMasterKeyId[\s\S]*Bucket Key/,
  },
  {
    rule: rule("s3-bucket-versioning"),
    compliant: [bucket("data"), versioning("data", "Enabled")],
    violating: [bucket("data"), versioning("data", "Suspended")],
    message: /"data" does not have versioning enabled \(status Suspended\)/,
  },
  {
    rule: rule("s3-versioning-enabled"),
    compliant: [versioning("data", "Enabled")],
    violating: [versioning("data", "Disabled")],
    message: /status "Disabled"/,
  },
  {
    rule: rule("s3-bucket-tls-only"),
    compliant: [bucket("data"), policy("data", tlsPolicy)],
    violating: [
      bucket("data"),
      policy("data", {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "s3:GetObject",
            Resource: "*",
          },
        ],
      }),
    ],
    message: /"data" has no policy statement denying requests without TLS/,
  },
  {
    rule: rule("s3-bucket-policy-not-public"),
    compliant: [policy("data", tlsPolicy)],
    violating: [
      policy("data", {
        Version: "2012-10-17",
        Statement: [
          { Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
        ],
      }),
    ],
    message: /allows s3:GetObject to everyone \(statement Open\)/,
  },
  {
    rule: rule("s3-no-public-acl"),
    compliant: [sub("aws:s3/bucketAcl:BucketAcl", "acl", "data", { acl: "private" })],
    violating: [sub("aws:s3/bucketAcl:BucketAcl", "acl", "data", { acl: "public-read" })],
    message: /public canned ACL "public-read"/,
  },
  {
    rule: rule("s3-acls-disabled"),
    compliant: [
      sub("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own", "data", {
        rule: { objectOwnership: "BucketOwnerEnforced" },
      }),
    ],
    violating: [
      sub("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own", "data", {
        rule: { objectOwnership: "ObjectWriter" },
      }),
    ],
    message: /objectOwnership "ObjectWriter"/,
  },
  {
    rule: rule("s3-bucket-access-logging"),
    compliant: [
      bucket("data"),
      bucket("logs", "access-logs"),
      {
        ...sub("aws:s3/bucketLogging:BucketLogging", "data-logging", "data", {
          targetBucket: "logs-abc1234",
          targetPrefix: "data/",
        }),
      },
    ],
    violating: [bucket("data"), bucket("logs", "access-logs")],
    message: /"data" has no server access logging/,
  },
  {
    rule: rule("s3-log-bucket-lifecycle"),
    compliant: [
      bucket("archive", "retention"),
      lifecycle("archive", [
        {
          id: "age",
          status: "Enabled",
          transitions: [{ days: 30, storageClass: "GLACIER_IR" }],
          expiration: { days: 365 },
        },
      ]),
    ],
    violating: [
      bucket("archive", "retention"),
      lifecycle("archive", [{ id: "age", status: "Disabled", expiration: { days: 365 } }]),
    ],
    message: /retention bucket "archive" has no enabled lifecycle rule/,
  },
  {
    rule: rule("s3-lifecycle-aborts-incomplete-uploads"),
    compliant: [
      lifecycle("archive", [
        { id: "age", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
      ]),
    ],
    violating: [lifecycle("archive", [{ id: "age", status: "Enabled", expiration: { days: 30 } }])],
    message: /aborts incomplete multipart uploads/,
  },
  {
    rule: rule("s3-replication-encrypted"),
    compliant: [replication([goodReplicationRule()])],
    violating: [
      replication([{ id: "bare", status: "Enabled", destination: { bucket: "arn:aws:s3:::replica-abc1234" } }]),
    ],
    message: /rule "bare" does not replicate SSE-KMS[\s\S]*no replicaKmsKeyId[\s\S]*deleteMarkerReplication/,
  },
  {
    rule: rule("s3-replica-has-replication"),
    compliant: [bucket("replica", "replica"), replication([goodReplicationRule()])],
    violating: [bucket("replica", "replica"), replication([{ ...goodReplicationRule(), status: "Disabled" }])],
    message: /replica bucket "replica" is not the destination of any enabled replication rule/,
  },
];
