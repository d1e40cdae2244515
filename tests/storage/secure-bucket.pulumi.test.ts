import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { createRegionalProvider, platformTags, RegionalKey } from "../../components/security";
import { AccessLogBucket, SecureBucket, type PolicyStatement, type SecureBucketArgs } from "../../components/storage";
import { evaluatePolicies, isBlocking } from "../../offline/policy-runner";
import { OFFLINE_ACCOUNT_ID, planProgram, valueOf, type ResourceGraph } from "../../offline/testkit";
import { ALL_RULES } from "../../policy/rules";
import { dependsOn, failureOf, list, sorted, statements } from "./helpers";

const T = {
  component: "twin-region:storage:SecureBucket",
  bucket: "aws:s3/bucket:Bucket",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  key: "aws:kms/key:Key",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const tagsFor = (region: string) =>
  platformTags({ environment: "test", owner: "platform-team", costCenter: "cc-42", stack: "primary", region });

interface Outputs {
  dataName: string;
  dataArn: string;
  dataDomain: string;
  logsName: string;
  keyArn: string;
  writerRole: string;
}

/** The region's buckets as a stack builds them: a tagged provider, the region's key, an access-log bucket and its users. */
async function planRegion(region: string, out?: Outputs): Promise<ResourceGraph> {
  const { graph } = await planProgram(
    async () => {
      const provider = createRegionalProvider("regional", { region, tags: tagsFor(region) });
      const opts = { provider };
      const key = new RegionalKey("platform", {}, opts);
      const logs = new AccessLogBucket("access-logs", { region, kmsKeyArn: key.keyArn }, opts);
      const data = new SecureBucket("data", { region, kmsKeyArn: key.keyArn, accessLogBucket: logs.bucketName }, opts);
      new SecureBucket(
        "archive",
        {
          region,
          role: "retention",
          kmsKeyArn: key.keyArn,
          accessLogBucket: logs.bucketName,
          transitions: [
            { days: 30, storageClass: "GLACIER_IR" },
            { days: 120, storageClass: "DEEP_ARCHIVE" },
          ],
          expirationDays: 400,
        },
        opts,
      );
      new SecureBucket("alb-logs", { region, role: "alb-access-logs", accessLogBucket: logs.bucketName }, opts);
      const reader = new aws.iam.Role("reader", { assumeRolePolicy: "{}" }, opts);
      const writer = new aws.iam.Role("writer", { assumeRolePolicy: "{}" }, opts);
      data.grantRead("reader", reader);
      data.grantWrite("writer", writer.name, { prefix: "raw/" });
      if (out) {
        [out.dataName, out.dataArn, out.dataDomain, out.logsName, out.keyArn, out.writerRole] = await Promise.all([
          valueOf(data.bucketName),
          valueOf(data.bucketArn),
          valueOf(data.bucketRegionalDomainName),
          valueOf(logs.bucketName),
          valueOf(key.keyArn),
          valueOf(writer.name),
        ]);
      }
    },
    { region, stack: "primary" },
  );
  return graph;
}

describe("SecureBucket in the primary region (us-east-1), next to its key, access-log bucket and users", () => {
  let graph: ResourceGraph;
  const out = {} as Outputs;
  beforeAll(async () => {
    graph = await planRegion("us-east-1", out);
  });

  const bucketOf = (name: string, region = "use1") => graph.one(T.bucket, `${name}-${region}`);

  it("is one twin-region:storage:SecureBucket component parenting the bucket and its seven configuration resources", () => {
    const component = graph.one(T.component, "data");
    expect(
      graph
        .childrenOf(component)
        .map((r) => r.type)
        .sort(),
    ).toEqual(
      [
        T.bucket,
        T.ownership,
        T.publicAccessBlock,
        T.policy,
        T.encryption,
        T.versioning,
        T.lifecycle,
        T.logging,
        T.rolePolicy,
        T.rolePolicy,
      ].sort(),
    );
  });

  it("auto-names the bucket <name>-<region code>-<random>, in the provider's region, and exposes its name, ARN and regional domain", () => {
    expect(out.dataName).toMatch(/^data-use1-[0-9a-f]{7}$/);
    expect(bucketOf("data").inputs.bucket).toBe(out.dataName);
    expect(bucketOf("data").region).toBe("us-east-1");
    expect(out.dataArn).toBe(`arn:aws:s3:::${out.dataName}`);
    expect(out.dataDomain).toBe(`${out.dataName}.s3.us-east-1.amazonaws.com`);
  });

  it("never force-destroys a bucket, and tags each with its BucketRole (platform tags come from the provider)", () => {
    const roles = { data: "data", "access-logs": "access-logs", archive: "retention", "alb-logs": "alb-access-logs" };
    for (const [name, role] of Object.entries(roles)) {
      const bucket = bucketOf(name);
      expect(bucket.inputs.forceDestroy, name).toBe(false);
      expect(bucket.inputs.tags, name).toEqual({ BucketRole: role });
      expect(bucket.inputs.tagsAll, name).toEqual({ ...tagsFor("us-east-1"), BucketRole: role });
    }
  });

  it("blocks public access with all four settings and disables ACLs (BucketOwnerEnforced) on every bucket", () => {
    for (const name of ["data", "access-logs", "archive", "alb-logs"]) {
      const bucket = bucketOf(name);
      expect(graph.one(T.publicAccessBlock, `${name}-public-access-block`).inputs, name).toMatchObject({
        bucket: bucket.inputs.bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      const ownership = graph.one(T.ownership, `${name}-ownership`);
      expect(ownership.inputs.bucket, name).toBe(bucket.inputs.bucket);
      expect(ownership.inputs.rule, name).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    }
  });

  it("encrypts with SSE-KMS under the region's key with S3 Bucket Keys; SSE-S3 (AES256) only for the ALB access-log bucket", () => {
    for (const name of ["data", "access-logs", "archive"]) {
      const encryption = graph.one(T.encryption, `${name}-encryption`);
      expect(encryption.inputs.bucket, name).toBe(bucketOf(name).inputs.bucket);
      expect(encryption.inputs.rules, name).toEqual([
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: out.keyArn },
          bucketKeyEnabled: true,
        },
      ]);
    }
    expect(out.keyArn).toBe(`arn:aws:kms:us-east-1:${OFFLINE_ACCOUNT_ID}:key/${graph.one(T.key, "platform-key").id}`);
    expect(graph.one(T.encryption, "alb-logs-encryption").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
  });

  it("enables versioning on every bucket", () => {
    for (const name of ["data", "access-logs", "archive", "alb-logs"]) {
      const versioning = graph.one(T.versioning, `${name}-versioning`);
      expect(versioning.inputs.bucket, name).toBe(bucketOf(name).inputs.bucket);
      expect(versioning.inputs.versioningConfiguration, name).toEqual({ status: "Enabled" });
    }
  });

  it("bucket policy denies every request without TLS, for everyone, on the bucket and its objects", () => {
    const name = out.dataName;
    const [deny, ...more] = statements(graph.one(T.policy, "data-policy").inputs.policy);
    expect(more).toEqual([]);
    expect(deny).toEqual({
      Sid: "DenyRequestsWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: expect.any(Array),
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(sorted(deny!.Resource)).toEqual([`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`]);
  });

  it("access-log bucket policy: the TLS deny, and S3 server access logging may only put objects, for this account's buckets", () => {
    const [deny, delivery, ...more] = statements(graph.one(T.policy, "access-logs-policy").inputs.policy);
    expect(more).toEqual([]);
    expect(deny!.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    expect(delivery).toEqual({
      Sid: "S3ServerAccessLogsDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${out.logsName}/*`,
      Condition: { StringEquals: { "aws:SourceAccount": OFFLINE_ACCOUNT_ID } },
    });
  });

  it("ALB access-log bucket policy: the TLS deny, and the region's load balancing account may put objects only under this account's AWSLogs/ folder", () => {
    const alb = bucketOf("alb-logs").inputs.bucket as string;
    const [deny, delivery, ...more] = statements(graph.one(T.policy, "alb-logs-policy").inputs.policy);
    expect(more).toEqual([]);
    expect(deny!.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    expect(delivery).toEqual({
      Sid: "AlbAccessLogsDelivery",
      Effect: "Allow",
      // Elastic Load Balancing's account in us-east-1, as the ALB guide lists it.
      Principal: { AWS: "arn:aws:iam::127311923021:root" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${alb}/*AWSLogs/${OFFLINE_ACCOUNT_ID}/*`,
    });
  });

  it("every other bucket sends server access logs to the access-log bucket under <name>/; the access-log bucket logs nowhere", () => {
    for (const name of ["data", "archive", "alb-logs"]) {
      const logging = graph.one(T.logging, `${name}-logging`);
      expect(logging.inputs, name).toMatchObject({
        bucket: bucketOf(name).inputs.bucket,
        targetBucket: out.logsName,
        targetPrefix: `${name}/`,
      });
    }
    expect(graph.ofType(T.logging).filter((l) => l.inputs.bucket === out.logsName)).toEqual([]);
  });

  it("lifecycle: every bucket aborts incomplete multipart uploads after 7 days; a data bucket keeps its objects", () => {
    for (const name of ["data", "access-logs", "archive", "alb-logs"]) {
      const rules = graph.one(T.lifecycle, `${name}-lifecycle`).inputs.rules as Record<string, unknown>[];
      expect(rules[0], name).toEqual({
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      });
    }
    expect(graph.one(T.lifecycle, "data-lifecycle").inputs.rules).toHaveLength(1);
  });

  it("lifecycle: the retention bucket moves to GLACIER_IR, then DEEP_ARCHIVE, and expires on the caller's schedule", () => {
    const [, ageOut, ...more] = graph.one(T.lifecycle, "archive-lifecycle").inputs.rules as Record<string, unknown>[];
    expect(more).toEqual([]);
    expect(ageOut).toEqual({
      id: "age-out",
      status: "Enabled",
      filter: {},
      transitions: [
        { days: 30, storageClass: "GLACIER_IR" },
        { days: 120, storageClass: "DEEP_ARCHIVE" },
      ],
      expiration: { days: 400 },
      noncurrentVersionExpiration: { noncurrentDays: 30 },
    });
  });

  it("lifecycle: log buckets age out by default: GLACIER_IR after 90 days, expiry after 365, noncurrent versions after 30", () => {
    for (const name of ["access-logs", "alb-logs"]) {
      const [, ageOut] = graph.one(T.lifecycle, `${name}-lifecycle`).inputs.rules as Record<string, unknown>[];
      expect(ageOut, name).toEqual({
        id: "age-out",
        status: "Enabled",
        filter: {},
        transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
        expiration: { days: 365 },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
      });
    }
  });

  it("applies the configuration in one chain: ownership, public access block, policy, encryption, versioning, lifecycle, logging", () => {
    const chain = [
      graph.one(T.bucket, "data-use1"),
      graph.one(T.ownership, "data-ownership"),
      graph.one(T.publicAccessBlock, "data-public-access-block"),
      graph.one(T.policy, "data-policy"),
      graph.one(T.encryption, "data-encryption"),
      graph.one(T.versioning, "data-versioning"),
      graph.one(T.lifecycle, "data-lifecycle"),
      graph.one(T.logging, "data-logging"),
    ];
    for (let i = 1; i < chain.length; i++) {
      expect(dependsOn(chain[i]!, chain[i - 1]!), `${chain[i]!.name} after ${chain[i - 1]!.name}`).toBe(true);
    }
  });

  it("writers are created after the bucket is locked down: whatever takes its outputs depends on the end of the chain", () => {
    const grant = graph.one(T.rolePolicy, "data-writer-write");
    expect(dependsOn(grant, graph.one(T.logging, "data-logging"))).toBe(true);
    // The access-log bucket accepts log delivery (its policy is in the chain) before any bucket logs to it.
    expect(dependsOn(graph.one(T.logging, "data-logging"), graph.one(T.lifecycle, "access-logs-lifecycle"))).toBe(true);
  });

  it("grantRead: s3:GetObject on the objects, s3:ListBucket on the bucket, kms:Decrypt only through S3 here, for this bucket", () => {
    const policy = statements(graph.one(T.rolePolicy, "data-reader-read").inputs.policy);
    const arn = out.dataArn;
    expect(policy).toEqual([
      { Effect: "Allow", Action: "s3:GetObject", Resource: `${arn}/*` },
      { Effect: "Allow", Action: "s3:ListBucket", Resource: arn },
      {
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: out.keyArn,
        Condition: {
          StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
          StringLike: { "kms:EncryptionContext:aws:s3:arn": expect.arrayContaining([arn, `${arn}/*`]) },
        },
      },
    ]);
    expect(graph.one(T.rolePolicy, "data-reader-read").inputs.role).toMatch(/^reader-/);
  });

  it("grantWrite with a prefix: s3:PutObject and s3:AbortMultipartUpload under it, kms:GenerateDataKey and kms:Decrypt on the key", () => {
    const grant = graph.one(T.rolePolicy, "data-writer-write");
    expect(grant.inputs.role).toBe(out.writerRole);
    const [objects, key, ...more] = statements(grant.inputs.policy);
    expect(more).toEqual([]);
    expect(sorted(objects!.Action)).toEqual(["s3:AbortMultipartUpload", "s3:PutObject"]);
    expect(objects!.Resource).toBe(`${out.dataArn}/raw/*`);
    expect(sorted(key!.Action)).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(key!.Resource).toBe(out.keyArn);
    expect(key!.Condition?.StringEquals).toEqual({ "kms:ViaService": "s3.us-east-1.amazonaws.com" });
  });

  it('no resource of the buckets or grants is granted on "*"', () => {
    for (const r of graph.ofType(T.rolePolicy)) {
      for (const s of statements(r.inputs.policy)) expect(list(s.Resource), r.name).not.toContain("*");
    }
  });

  it("the region's key lets S3 server access logging use it, for this account only", () => {
    const keyStatements = statements(graph.one(T.key, "platform-key").inputs.policy);
    const logging = keyStatements.filter(
      (s) => s.Principal !== "*" && list(s.Principal?.Service).includes("logging.s3.amazonaws.com"),
    );
    expect(logging).toHaveLength(1);
    expect(sorted(logging[0]!.Action)).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(logging[0]!.Condition).toEqual({ StringEquals: { "aws:SourceAccount": OFFLINE_ACCOUNT_ID } });
  });

  it("the region's graph (key, access-log, data, retention and ALB log buckets, grants) has no mandatory policy violation and no storage finding at all", () => {
    const violations = evaluatePolicies(
      { name: "primary", region: "us-east-1", resources: [...graph.resources], violations: [] },
      ALL_RULES,
    );
    expect(violations.filter(isBlocking).map((v) => `${v.rule}: ${v.resourceName}: ${v.message}`)).toEqual([]);
    expect(violations.filter((v) => v.group === "storage").map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
    // The pack does look at these buckets: without the public access block it objects.
    const withoutBlock = graph.resources.filter((r) => r.name !== "data-public-access-block");
    const found = evaluatePolicies(
      { name: "primary", region: "us-east-1", resources: withoutBlock, violations: [] },
      ALL_RULES,
    ).filter(isBlocking);
    expect(found.map((v) => v.rule)).toEqual(["s3-bucket-public-access-block"]);
  });
});

describe("SecureBucket in both regions", () => {
  it("bucket names carry the region code, so the primary and secondary buckets never collide", async () => {
    const east = {} as Outputs;
    const west = {} as Outputs;
    await planRegion("us-east-1", east);
    const westGraph = await planRegion("us-west-2", west);
    expect(east.dataName).toMatch(/^data-use1-/);
    expect(west.dataName).toMatch(/^data-usw2-/);
    expect(east.logsName).toMatch(/^access-logs-use1-/);
    expect(west.logsName).toMatch(/^access-logs-usw2-/);
    expect(new Set([east.dataName, west.dataName, east.logsName, west.logsName]).size).toBe(4);
    // Each region's ALB logs are delivered by that region's load balancing account.
    const [, delivery] = statements(westGraph.one(T.policy, "alb-logs-policy").inputs.policy);
    expect(delivery).toMatchObject({
      Sid: "AlbAccessLogsDelivery",
      Principal: { AWS: "arn:aws:iam::797873946194:root" },
    });
  });
});

describe("SecureBucket extra policy statements", () => {
  it("appends the caller's statements after the TLS deny, given the bucket's ARN", async () => {
    const { graph } = await planProgram(() => {
      new SecureBucket("assets", {
        region: "us-east-1",
        role: "static-assets",
        kmsKeyArn: KEY,
        accessLogBucket: "logs-use1-0000000",
        policyStatements: (bucket) => [
          {
            sid: "CloudFrontReads",
            principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
            actions: ["s3:GetObject"],
            resources: [bucket.arn.apply((arn) => `${arn}/*`)],
            conditions: [
              {
                test: "StringEquals",
                variable: "AWS:SourceArn",
                values: ["arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE"],
              },
            ],
          },
        ],
      });
    });
    const bucket = graph.one(T.bucket, "assets-use1").inputs.bucket as string;
    const [deny, extra, ...more] = statements(graph.one(T.policy, "assets-policy").inputs.policy);
    expect(more).toEqual([]);
    expect(deny!.Sid).toBe("DenyRequestsWithoutTls");
    expect(extra).toMatchObject({ Sid: "CloudFrontReads", Effect: "Allow", Resource: `arn:aws:s3:::${bucket}/*` });
    expect(graph.one(T.bucket, "assets-use1").inputs.tags).toEqual({ BucketRole: "static-assets" });
  });

  const everyone = (resources: PolicyStatement["resources"]): PolicyStatement[] => [
    { principals: [{ type: "AWS", identifiers: ["*"] }], actions: ["s3:GetObject"], resources },
  ];
  const OPEN_MESSAGE =
    /^SecureBucket: policyStatements\[0\]: allows everyone \(Principal "\*"\) without a condition; name the principals/;

  it("refuses an extra statement that allows everyone without a condition, naming the component, before anything is created", async () => {
    const args = { region: "us-east-1", kmsKeyArn: KEY, accessLogBucket: "logs-use1-0000000" };
    expect(() => new SecureBucket("open", { ...args, policyStatements: everyone(["arn:aws:s3:::x/*"]) })).toThrow(
      OPEN_MESSAGE,
    );
    const { messages, types } = await failureOf(
      () => new SecureBucket("open", { ...args, policyStatements: everyone(["arn:aws:s3:::x/*"]) }),
    );
    expect([...new Set(messages)]).toEqual([expect.stringMatching(OPEN_MESSAGE)]);
    expect(types.filter((t) => t.startsWith("twin-region:") || t.startsWith("aws:s3"))).toEqual([]);
  });

  it("refuses the same statement from a policyStatements function (given the bucket's ARN), before anything is created", async () => {
    const { messages, types } = await failureOf(
      () =>
        new SecureBucket("open", {
          region: "us-east-1",
          kmsKeyArn: KEY,
          accessLogBucket: "logs-use1-0000000",
          policyStatements: (bucket) => everyone([pulumi.interpolate`${bucket.arn}/*`]),
        }),
    );
    expect([...new Set(messages)]).toEqual([expect.stringMatching(OPEN_MESSAGE)]);
    expect(types.filter((t) => t.startsWith("twin-region:") || t.startsWith("aws:s3"))).toEqual([]);
  });

  it("names the component when a grant's prefix is refused", async () => {
    const messages: string[] = [];
    await planProgram(() => {
      const bucket = new SecureBucket("data", {
        region: "us-east-1",
        kmsKeyArn: KEY,
        accessLogBucket: "logs-use1-0000000",
      });
      for (const prefix of ["/raw/", "raw/*"]) {
        try {
          bucket.grantRead("reader", "reader-role", { prefix });
        } catch (e) {
          messages.push((e as Error).message);
        }
      }
    });
    expect(messages).toEqual([
      'SecureBucket: prefix: "/raw/" must be a key prefix without a leading "/" or wildcards (e.g. "raw/")',
      'SecureBucket: prefix: "raw/*" must be a key prefix without a leading "/" or wildcards (e.g. "raw/")',
    ]);
  });
});

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

describe("SecureBucket validates its args before creating anything", () => {
  const base: SecureBucketArgs = { region: "us-east-1", kmsKeyArn: KEY, accessLogBucket: "logs-use1-0000000" };
  it.each<[string, Partial<SecureBucketArgs>, string]>([
    ["data", { kmsKeyArn: undefined }, 'kmsKeyArn: required for role "data"'],
    ["logs", { role: "alb-access-logs" }, 'kmsKeyArn: must be omitted for role "alb-access-logs"'],
    ["data", { accessLogBucket: undefined }, 'accessLogBucket: required for role "data"'],
    ["data", { role: "public" as never }, 'role: "public" is not a bucket role'],
    ["data", { region: "useast1" }, 'region: "useast1" is not an AWS region name'],
    ["Data", {}, 'name: "Data" must be lowercase letters, digits and dashes'],
    [
      "a".repeat(51),
      {},
      `name: "${"a".repeat(51)}" is too long: the bucket's name "${"a".repeat(51)}-use1-<7 random>" would exceed 63 characters; use at most 50`,
    ],
    [
      "data",
      {
        transitions: [
          { days: 90, storageClass: "GLACIER_IR" },
          { days: 60, storageClass: "DEEP_ARCHIVE" },
        ],
      },
      "transitions[1].days: 60 must be later than the transition before it (90 days)",
    ],
    [
      "data",
      { transitions: [{ days: 10, storageClass: "STANDARD_IA" }] },
      "transitions[0].days: 10 is too early for STANDARD_IA",
    ],
    ["data", { transitions: [{ days: 30, storageClass: "COLD" as never }] }, 'transitions[0].storageClass: "COLD"'],
    [
      "data",
      { transitions: [{ days: 90, storageClass: "GLACIER_IR" }], expirationDays: 60 },
      "expirationDays: 60 must be later than the last transition (90 days)",
    ],
    ["data", { expirationDays: 0 }, "expirationDays: 0 must be a whole number of days, at least 1"],
    [
      "data",
      { lifecycleRules: [{ id: "age-out", status: "Enabled" }] },
      'lifecycleRules[0].id: "age-out" is the component\'s own rule',
    ],
    ["data", { logSourceBucketArns: ["arn:aws:s3:::x"] }, 'logSourceBucketArns: only for role "access-logs"'],
  ])("%s with %j is refused, naming the component", (name, override, message) => {
    expect(() => new SecureBucket(name, { ...base, ...override })).toThrow(`SecureBucket: ${message}`);
  });

  it("refuses a region that is not the provider's, so the name's region code cannot lie: the bucket is never created", async () => {
    const { messages, types } = await failureOf(() => new SecureBucket("data", base), "us-west-2");
    expect(
      messages.some((m) =>
        m.includes('SecureBucket: region: "us-east-1" is not the region of the component\'s provider ("us-west-2")'),
      ),
    ).toBe(true);
    expect(types).not.toContain(T.bucket);
  });
});
