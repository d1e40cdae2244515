import { beforeAll, describe, expect, it } from "vitest";
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createRegionalProvider, platformTags, RegionalKey } from "../../components/security";
import { AccessLogBucket, BucketReplication, SecureBucket, type BucketReplicationArgs } from "../../components/storage";
import type { MetricDescriptor } from "../../components/shared/metrics";
import { evaluatePolicies, isBlocking } from "../../offline/policy-runner";
import { OFFLINE_ACCOUNT_ID, planProgram, valueOf, type ResourceGraph } from "../../offline/testkit";
import { ALL_RULES } from "../../policy/rules";
import { dependsOn, failureOf, list, sorted, statements } from "./helpers";

const T = {
  component: "twin-region:storage:BucketReplication",
  config: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  bucket: "aws:s3/bucket:Bucket",
} as const;

/** What the secondary stack knows of the primary's processed-data bucket: its exports. */
const PRIMARY = {
  bucketName: "processed-use1-4f1c2d3",
  bucketArn: "arn:aws:s3:::processed-use1-4f1c2d3",
  kmsKeyArn: `arn:aws:kms:us-east-1:${OFFLINE_ACCOUNT_ID}:key/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0`,
};

const tagsFor = (region: string) =>
  platformTags({ environment: "test", owner: "platform-team", costCenter: "cc-42", stack: "secondary", region });

interface SecondaryOutputs {
  replicaName: string;
  replicaArn: string;
  keyArn: string;
  roleArn: string;
  metrics: MetricDescriptor[];
  dimensions: Record<string, string>;
}

/**
 * The secondary stack (us-west-2) as the README's design has it: its own tagged provider, key, access-log,
 * data, retention and replica buckets, and the replication rule on the primary's bucket, created with
 * an explicit provider for the primary region.
 */
async function planSecondary(
  replication: Partial<BucketReplicationArgs> = {},
  out?: SecondaryOutputs,
): Promise<ResourceGraph> {
  const { graph } = await planProgram(
    async () => {
      const west = createRegionalProvider("secondary", { region: "us-west-2", tags: tagsFor("us-west-2") });
      const east = createRegionalProvider("primary-region", { region: "us-east-1", tags: tagsFor("us-east-1") });
      const key = new RegionalKey("platform", {}, { provider: west });
      const common = { region: "us-west-2", kmsKeyArn: key.keyArn };
      const logs = new AccessLogBucket("access-logs", common, { provider: west });
      new SecureBucket("data", { ...common, accessLogBucket: logs.bucketName }, { provider: west });
      new SecureBucket(
        "archive",
        { ...common, role: "retention", accessLogBucket: logs.bucketName, expirationDays: 730 },
        { provider: west },
      );
      const replica = new SecureBucket(
        "processed-replica",
        { ...common, role: "replica", accessLogBucket: logs.bucketName },
        { provider: west },
      );
      const repl = new BucketReplication(
        "processed",
        {
          sourceBucketName: PRIMARY.bucketName,
          sourceBucketArn: PRIMARY.bucketArn,
          sourceKmsKeyArn: PRIMARY.kmsKeyArn,
          destinationBucketArn: replica.bucketArn,
          destinationKmsKeyArn: key.keyArn,
          destinationVersioning: replica.versioning,
          region: "us-east-1",
          ...replication,
        },
        { provider: east },
      );
      if (out) {
        [out.replicaName, out.replicaArn, out.keyArn, out.roleArn] = await Promise.all([
          valueOf(replica.bucketName),
          valueOf(replica.bucketArn),
          valueOf(key.keyArn),
          valueOf(repl.roleArn),
        ]);
        out.metrics = repl.metrics();
        const first = out.metrics[0];
        out.dimensions = first
          ? Object.fromEntries(
              await Promise.all(Object.entries(first.dimensions).map(async ([k, v]) => [k, await valueOf(v)] as const)),
            )
          : {};
      }
    },
    { region: "us-west-2", stack: "secondary" },
  );
  return graph;
}

describe("BucketReplication from the primary's bucket to the secondary's replica, created by the secondary stack", () => {
  let graph: ResourceGraph;
  const out = {} as SecondaryOutputs;
  beforeAll(async () => {
    graph = await planSecondary({}, out);
  });

  const config = () => graph.one(T.config, "processed-config");
  const role = () => graph.one(T.role, "processed-replication-use1");
  const permissions = () => statements(graph.one(T.rolePolicy, "processed-replication").inputs.policy);
  const statement = (sid: string) => {
    const found = permissions().filter((s) => s.Sid === sid);
    expect(found, sid).toHaveLength(1);
    return found[0]!;
  };

  it("is one twin-region:storage:BucketReplication component parenting its role, the role's policy and the replication configuration", () => {
    const component = graph.one(T.component, "processed");
    expect(
      graph
        .childrenOf(component)
        .map((r) => r.type)
        .sort(),
    ).toEqual([T.role, T.rolePolicy, T.config].sort());
  });

  it("configures the source bucket in the primary region, through the explicit primary-region provider", () => {
    expect(config().inputs.bucket).toBe(PRIMARY.bucketName);
    expect(config().region).toBe("us-east-1");
    const provider = graph.one("pulumi:providers:aws", "primary-region");
    expect(config().provider?.startsWith(`${provider.urn}::`)).toBe(true);
    expect(config().inputs.role).toBe(out.roleArn);
  });

  it("the role's name carries the secondary region's code (IAM is global: the two stacks never collide)", () => {
    expect(role().inputs.name).toMatch(/^processed-replication-use1-[0-9a-f]{7}$/);
    expect(out.roleArn).toBe(`arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/${role().inputs.name}`);
  });

  it("trust: only S3 may assume the role, for this account's source bucket (aws:SourceAccount and aws:SourceArn)", () => {
    const [trust, ...more] = statements(role().inputs.assumeRolePolicy);
    expect(more).toEqual([]);
    expect(trust).toEqual({
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: { Service: "s3.amazonaws.com" },
      Condition: {
        StringEquals: { "aws:SourceAccount": OFFLINE_ACCOUNT_ID },
        ArnLike: { "aws:SourceArn": PRIMARY.bucketArn },
      },
    });
  });

  it("permissions: exactly the documented replication actions, each on its exact ARNs", () => {
    expect(
      permissions()
        .map((s) => s.Sid)
        .sort(),
    ).toEqual([
      "DecryptSourceObjects",
      "EncryptReplicas",
      "ReplicateToDestination",
      "SourceBucket",
      "SourceObjectVersions",
    ]);
    expect(permissions().every((s) => s.Effect === "Allow")).toBe(true);
    expect(sorted(statement("SourceBucket").Action)).toEqual(["s3:GetReplicationConfiguration", "s3:ListBucket"]);
    expect(list(statement("SourceBucket").Resource)).toEqual([PRIMARY.bucketArn]);
    expect(sorted(statement("SourceObjectVersions").Action)).toEqual([
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionTagging",
    ]);
    expect(list(statement("SourceObjectVersions").Resource)).toEqual([`${PRIMARY.bucketArn}/*`]);
    expect(sorted(statement("ReplicateToDestination").Action)).toEqual([
      "s3:ReplicateDelete",
      "s3:ReplicateObject",
      "s3:ReplicateTags",
    ]);
    expect(list(statement("ReplicateToDestination").Resource)).toEqual([`${out.replicaArn}/*`]);
    expect(list(statement("DecryptSourceObjects").Action)).toEqual(["kms:Decrypt"]);
    expect(list(statement("DecryptSourceObjects").Resource)).toEqual([PRIMARY.kmsKeyArn]);
    expect(sorted(statement("EncryptReplicas").Action)).toEqual(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]);
    expect(list(statement("EncryptReplicas").Resource)).toEqual([out.keyArn]);
  });

  it('no statement is granted on "*" and none uses a wildcard action', () => {
    for (const s of permissions()) {
      expect(list(s.Resource), s.Sid).not.toContain("*");
      for (const action of list(s.Action)) expect(action, s.Sid).not.toMatch(/\*/);
    }
  });

  it("KMS: decrypts with the source key only through S3 in us-east-1, re-encrypts with the destination key only through S3 in us-west-2", () => {
    expect(statement("DecryptSourceObjects").Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
      StringLike: {
        "kms:EncryptionContext:aws:s3:arn": expect.arrayContaining([PRIMARY.bucketArn, `${PRIMARY.bucketArn}/*`]),
      },
    });
    expect(statement("EncryptReplicas").Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" },
      StringLike: {
        "kms:EncryptionContext:aws:s3:arn": expect.arrayContaining([out.replicaArn, `${out.replicaArn}/*`]),
      },
    });
    expect(statement("ReplicateToDestination").Condition).toEqual({
      StringLikeIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": out.keyArn },
    });
    expect(PRIMARY.kmsKeyArn).not.toBe(out.keyArn);
  });

  it("one Enabled rule: whole bucket, SSE-KMS objects selected, replicas re-encrypted with the destination key, delete markers replicated, metrics on", () => {
    expect(config().inputs.rules).toEqual([
      {
        id: "processed",
        status: "Enabled",
        priority: 1,
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: out.replicaArn,
          encryptionConfiguration: { replicaKmsKeyId: out.keyArn },
          metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        },
      },
    ]);
    expect(out.replicaArn).toBe(`arn:aws:s3:::${out.replicaName}`);
    expect(out.replicaName).toMatch(/^processed-replica-usw2-/);
  });

  it("is created after the destination's versioning and the role's permissions (the source's versioning is the primary stack's)", () => {
    const versioning = graph.one(T.versioning, "processed-replica-versioning");
    expect(dependsOn(config(), versioning)).toBe(true);
    expect(dependsOn(config(), graph.one(T.rolePolicy, "processed-replication"))).toBe(true);
    // Only the replica's versioning: the other buckets of this stack are not the rule's business.
    const versionings = graph.ofType(T.versioning).filter((v) => dependsOn(config(), v));
    expect(versionings.map((v) => v.name)).toEqual(["processed-replica-versioning"]);
  });

  it("describes its alarms: replication latency over 15 minutes and any failed operation, on the rule's dimensions", () => {
    expect(
      out.metrics.map((m) => [m.id, m.namespace, m.metricName, m.statistic, m.threshold, m.comparisonOperator]),
    ).toEqual([
      ["replication-latency", "AWS/S3", "ReplicationLatency", "Maximum", 900, "GreaterThanThreshold"],
      ["replication-failures", "AWS/S3", "OperationsFailedReplication", "Sum", 1, "GreaterThanOrEqualToThreshold"],
    ]);
    expect(out.dimensions).toEqual({
      SourceBucket: PRIMARY.bucketName,
      DestinationBucket: out.replicaName,
      RuleId: "processed",
    });
  });

  it("the secondary stack's graph (data, access-log, retention and replica buckets, replication) has no mandatory policy violation and no storage finding", () => {
    const violations = evaluatePolicies(
      { name: "secondary", region: "us-west-2", resources: [...graph.resources], violations: [] },
      ALL_RULES,
    );
    expect(violations.filter(isBlocking).map((v) => `${v.rule}: ${v.resourceName}: ${v.message}`)).toEqual([]);
    expect(
      violations.filter((v) => v.group === "storage" || v.group === "identity").map((v) => `${v.rule}: ${v.message}`),
    ).toEqual([]);
    // The pack checks the replica: without the replication rule it is a replica nothing feeds.
    const withoutRule = graph.resources.filter((r) => r.type !== T.config);
    const found = evaluatePolicies(
      { name: "secondary", region: "us-west-2", resources: withoutRule, violations: [] },
      ALL_RULES,
    ).filter(isBlocking);
    expect(found.map((v) => v.rule)).toEqual(["s3-replica-has-replication"]);
  });
});

describe("BucketReplication options: a prefix, Replication Time Control, a replica storage class, delete markers off", () => {
  let graph: ResourceGraph;
  const out = {} as SecondaryOutputs;
  beforeAll(async () => {
    graph = await planSecondary(
      { prefix: "processed/", replicationTimeMinutes: 15, storageClass: "STANDARD_IA", deleteMarkerReplication: false },
      out,
    );
  });

  it("filters on the prefix, and RTC replicates within 15 minutes with metrics; replicas are STANDARD_IA; delete markers stated Disabled", () => {
    const [rule] = graph.one(T.config, "processed-config").inputs.rules as Record<string, any>[];
    expect(rule!.filter).toEqual({ prefix: "processed/" });
    expect(rule!.deleteMarkerReplication).toEqual({ status: "Disabled" });
    expect(rule!.destination).toEqual({
      bucket: out.replicaArn,
      encryptionConfiguration: { replicaKmsKeyId: out.keyArn },
      storageClass: "STANDARD_IA",
      replicationTime: { status: "Enabled", time: { minutes: 15 } },
      metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
    });
  });

  it("scopes the object permissions and the encryption contexts to the prefix", () => {
    const policy = statements(graph.one(T.rolePolicy, "processed-replication").inputs.policy);
    const bySid = (sid: string) => policy.find((s) => s.Sid === sid)!;
    expect(bySid("SourceObjectVersions").Resource).toBe(`${PRIMARY.bucketArn}/processed/*`);
    expect(bySid("ReplicateToDestination").Resource).toBe(`${out.replicaArn}/processed/*`);
    expect(sorted(bySid("DecryptSourceObjects").Condition?.StringLike?.["kms:EncryptionContext:aws:s3:arn"])).toEqual([
      PRIMARY.bucketArn,
      `${PRIMARY.bucketArn}/processed/*`,
    ]);
    expect(sorted(bySid("EncryptReplicas").Condition?.StringLike?.["kms:EncryptionContext:aws:s3:arn"])).toEqual([
      out.replicaArn,
      `${out.replicaArn}/processed/*`,
    ]);
  });
});

describe("BucketReplication with both buckets in one program", () => {
  it("depends on the source's and the destination's versioning", async () => {
    const { graph } = await planProgram(() => {
      const east = createRegionalProvider("east", { region: "us-east-1", tags: tagsFor("us-east-1") });
      const west = createRegionalProvider("west", { region: "us-west-2", tags: tagsFor("us-west-2") });
      const eastKey = new RegionalKey("east", {}, { provider: east });
      const westKey = new RegionalKey("west", {}, { provider: west });
      const source = new SecureBucket(
        "source",
        { region: "us-east-1", kmsKeyArn: eastKey.keyArn, accessLogBucket: "logs-use1-0000000" },
        { provider: east },
      );
      const replica = new SecureBucket(
        "replica",
        { region: "us-west-2", role: "replica", kmsKeyArn: westKey.keyArn, accessLogBucket: "logs-usw2-0000000" },
        { provider: west },
      );
      new BucketReplication(
        "both",
        {
          sourceBucketName: source.bucketName,
          sourceBucketArn: source.bucketArn,
          sourceKmsKeyArn: eastKey.keyArn,
          destinationBucketArn: replica.bucketArn,
          destinationKmsKeyArn: westKey.keyArn,
          sourceVersioning: source.versioning,
          destinationVersioning: replica.versioning,
          region: "us-east-1",
        },
        { provider: east },
      );
    });
    const config = graph.one(T.config, "both-config");
    for (const name of ["source-versioning", "replica-versioning"]) {
      expect(config.dependencies, name).toContain(graph.one(T.versioning, name).urn);
    }
    expect(config.inputs.bucket).toBe(graph.one(T.bucket, "source-use1").inputs.bucket);
    expect(config.region).toBe("us-east-1");
  });
});

describe("BucketReplication validates its args", () => {
  const versioning = {} as aws.s3.BucketVersioning;
  const base = (): BucketReplicationArgs => ({
    sourceBucketName: PRIMARY.bucketName,
    sourceBucketArn: PRIMARY.bucketArn,
    sourceKmsKeyArn: PRIMARY.kmsKeyArn,
    destinationBucketArn: "arn:aws:s3:::processed-replica-usw2-0000000",
    destinationKmsKeyArn: `arn:aws:kms:us-west-2:${OFFLINE_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`,
    destinationVersioning: versioning,
    region: "us-east-1",
  });

  it.each<[Partial<BucketReplicationArgs>, string]>([
    [
      { replicationTimeMinutes: 10 as 15 },
      "replicationTimeMinutes: 10 is not allowed; S3 Replication Time Control only accepts 15",
    ],
    [
      { sourceBucketArn: "processed-use1-4f1c2d3" },
      'sourceBucketArn: "processed-use1-4f1c2d3" is not an S3 bucket ARN',
    ],
    [{ sourceBucketName: "other-bucket" }, 'sourceBucketName: "other-bucket" is not the bucket of sourceBucketArn'],
    [{ destinationKmsKeyArn: "alias/platform" }, 'destinationKmsKeyArn: "alias/platform" is not a KMS key ARN'],
    [
      { destinationBucketArn: PRIMARY.bucketArn },
      'destinationBucketArn: "arn:aws:s3:::processed-use1-4f1c2d3" is the source bucket',
    ],
    [{ storageClass: "COLD" as never }, 'storageClass: "COLD" is not one of'],
    [{ prefix: "/processed" }, 'prefix: "/processed" must be a key prefix'],
    [{ region: "west" }, 'region: "west" is not an AWS region name'],
    [{ destinationVersioning: undefined as never }, "destinationVersioning: required"],
    [
      { region: "us-west-2" },
      `sourceKmsKeyArn: "${PRIMARY.kmsKeyArn}" is in us-east-1, but region is "us-west-2"; create BucketReplication with a provider for the source bucket's region`,
    ],
  ])("refuses %j, naming the component", (override, message) => {
    expect(() => new BucketReplication("bad", { ...base(), ...override })).toThrow(`BucketReplication: ${message}`);
  });

  it("refuses Replication Time Control without replication metrics", () => {
    expect(
      () => new BucketReplication("bad", { ...base(), replicationTimeMinutes: 15, replicationMetrics: false }),
    ).toThrow("BucketReplication: replicationMetrics: false is not allowed with replicationTimeMinutes");
  });

  it("refuses a known source key outside its region before anything is created", async () => {
    const { messages, types } = await failureOf(
      () => new BucketReplication("wrong", { ...base(), region: "us-west-2" }),
      "us-west-2",
    );
    expect([...new Set(messages)]).toEqual([
      expect.stringMatching(
        /^BucketReplication: sourceKmsKeyArn: "arn:aws:kms:us-east-1:\d{12}:key\/[0-9a-f-]+" is in us-east-1, but region is "us-west-2"/,
      ),
    ]);
    expect(types.filter((t) => t.startsWith("twin-region:") || t.startsWith("aws:"))).toEqual([]);
  });

  it("names the component in what it can only check when the program runs: a source key from another region's provider, a destination that is not a key ARN", async () => {
    const { messages, types } = await failureOf(() => {
      const east = createRegionalProvider("east", { region: "us-east-1", tags: tagsFor("us-east-1") });
      const west = createRegionalProvider("west", { region: "us-west-2", tags: tagsFor("us-west-2") });
      const eastKey = new RegionalKey("platform", {}, { provider: east });
      const replica = new SecureBucket(
        "replica",
        {
          region: "us-west-2",
          role: "replica",
          kmsKeyArn: base().destinationKmsKeyArn,
          accessLogBucket: "logs-usw2-0000000",
        },
        { provider: west },
      );
      const versioned = { destinationVersioning: replica.versioning };
      // The provider and the region agree (us-west-2), but the source key, known only when the program runs, is in us-east-1.
      new BucketReplication(
        "source-key",
        { ...base(), ...versioned, sourceKmsKeyArn: eastKey.keyArn, region: "us-west-2" },
        { provider: west },
      );
      new BucketReplication(
        "destination-key",
        { ...base(), ...versioned, destinationKmsKeyArn: pulumi.output("alias/platform") },
        { provider: east },
      );
    });
    const about = (arg: string) => messages.filter((m) => m.includes(`: ${arg}: `));
    expect(about("sourceKmsKeyArn").length).toBeGreaterThan(0);
    for (const m of about("sourceKmsKeyArn"))
      expect(m).toMatch(
        /BucketReplication: sourceKmsKeyArn: "arn:aws:kms:us-east-1:\d{12}:key\/[0-9a-f-]+" is in us-east-1, but the component's provider is in us-west-2/,
      );
    expect(about("destinationKmsKeyArn").length).toBeGreaterThan(0);
    for (const m of about("destinationKmsKeyArn"))
      expect(m).toContain('BucketReplication: destinationKmsKeyArn: "alias/platform" is not a KMS key ARN');
    // The region checks gate the replication role, so neither replication creates a role or a rule.
    expect(types).toContain(T.versioning);
    expect(types.filter((t) => t === T.role || t === T.config)).toEqual([]);
  });

  it("no metric descriptors when replication metrics are off", async () => {
    let metrics: MetricDescriptor[] = [];
    await planProgram(() => {
      const east = createRegionalProvider("east", { region: "us-east-1", tags: tagsFor("us-east-1") });
      const west = createRegionalProvider("west", { region: "us-west-2", tags: tagsFor("us-west-2") });
      const replica = new SecureBucket(
        "replica",
        {
          region: "us-west-2",
          role: "replica",
          kmsKeyArn: base().destinationKmsKeyArn,
          accessLogBucket: "logs-usw2-0000000",
        },
        { provider: west },
      );
      metrics = new BucketReplication(
        "quiet",
        { ...base(), destinationVersioning: replica.versioning, replicationMetrics: false },
        { provider: east },
      ).metrics();
    });
    expect(metrics).toEqual([]);
  });
});
