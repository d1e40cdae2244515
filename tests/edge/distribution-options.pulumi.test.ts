/**
 * GlobalDistribution as a library user meets it outside the stacks' defaults, in one plan: a
 * primary in eu-west-1 (CloudFront's certificate, web ACL and their key still in us-east-1, through
 * the explicit provider, and nothing else there), Shield Advanced opted in, and no secondary (one
 * static origin, no origin group); then the args it refuses before anything is created.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import {
  cloudFrontDecryptStatement,
  GlobalDistribution,
  originBucketName,
  type GlobalDistributionArgs,
} from "../../components/edge";
import { createRegionalProvider, platformTags, RegionalKey } from "../../components/security";
import { SecureBucket } from "../../components/storage";
import { evaluatePolicies } from "../../offline/policy-runner";
import { planProgram, ProgramError, type ProgramPlan, type RecordedResource } from "../../offline/testkit";
import { ALL_RULES } from "../../policy/rules";
import { statementsOf } from "../../policy/rules/helpers";

const tags = (region: string) =>
  platformTags({ environment: "shop", owner: "web", costCenter: "web", stack: "test", region });
const T = {
  distribution: "aws:cloudfront/distribution:Distribution",
  cert: "aws:acm/certificate:Certificate",
  validation: "aws:acm/certificateValidation:CertificateValidation",
  acl: "aws:wafv2/webAcl:WebAcl",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  key: "aws:kms/key:Key",
  keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  protection: "aws:shield/protection:Protection",
  record: "aws:route53/record:Record",
} as const;

const failure = (run: Promise<unknown>): Promise<ProgramError> =>
  run.then(
    () => {
      throw new Error("the plan succeeded");
    },
    (e: ProgramError) => e,
  );

const BASE: GlobalDistributionArgs = {
  hostName: "www.shop.example.com",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  applicationHostName: "app.shop.example.com",
  staticOrigin: { bucketName: "shop-assets-euw1-0a1b2c3d", region: "eu-west-1" },
};

/** The primary's side of a distribution in eu-west-1: its key and asset bucket granting the distribution, and the distribution. */
function euWestPrimary() {
  const edgeProvider = createRegionalProvider("use1", { region: "us-east-1", tags: tags("us-east-1") });
  const [distributionArn, resolveDistributionArn] = pulumi.deferredOutput<string>();
  const assetsName = originBucketName("shop-assets", "eu-west-1");
  const assetsArn = pulumi.interpolate`arn:aws:s3:::${assetsName}`;
  // The key exists before the distribution (the distribution's origins hold what it encrypts).
  const key = new RegionalKey("platform", {
    policyStatementsAfterCreation: [cloudFrontDecryptStatement(distributionArn, assetsArn)],
  });
  const cdn = new GlobalDistribution("shop-cdn", {
    ...BASE,
    staticOrigin: { bucketName: assetsName, region: "eu-west-1" },
    edgeProvider,
    shieldAdvanced: true,
  });
  resolveDistributionArn(cdn.distributionArn);
  new SecureBucket("shop-assets", {
    region: "eu-west-1",
    role: "static-assets",
    bucketName: assetsName,
    kmsKeyArn: key.keyArn,
    accessLogBucket: "shop-access-logs-euw1-0000000",
    policyStatements: cdn.bucketPolicyStatements(),
  });
}

describe("GlobalDistribution with the primary in eu-west-1, Shield Advanced and no secondary", () => {
  let plan: ProgramPlan;
  let distribution: RecordedResource;
  beforeAll(async () => {
    plan = await planProgram(euWestPrimary, { region: "eu-west-1", defaultTags: tags("eu-west-1") });
    distribution = plan.graph.ofType(T.distribution)[0]!;
  });

  const inCdn = (type: string) =>
    plan.graph
      .ofType(type)
      .filter((r) => plan.graph.ancestorsOf(r).some((a) => a.type === "twin-region:edge:GlobalDistribution"));

  it("creates its certificate, web ACL, ACL log group, log key and log bucket in us-east-1 through the explicit provider", () => {
    const edgeProvider = plan.graph.ofType("pulumi:providers:aws").find((p) => p.name === "use1")!;
    for (const type of [T.cert, T.validation, T.acl, T.logGroup, T.key, T.bucket]) {
      const [resource, ...more] = inCdn(type);
      expect(more, type).toEqual([]);
      expect(resource!.region, type).toBe("us-east-1");
      expect(resource!.provider?.startsWith(`${edgeProvider.urn}::`), type).toBe(true);
    }
    expect(inCdn(T.cert)[0]!.inputs.domainName).toBe("www.shop.example.com");
    expect(inCdn(T.acl)[0]!.inputs.scope).toBe("CLOUDFRONT");
    expect(distribution.inputs.viewerCertificate.acmCertificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
    expect(distribution.inputs.webAclId).toMatch(/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\//);
  });

  it("keeps the rest in eu-west-1 or global: the asset bucket and its key where the stack runs, CloudFront and Route 53 global", () => {
    const elsewhere = plan.resources.filter(
      (r) =>
        r.custom &&
        r.region === "us-east-1" &&
        !plan.graph.ancestorsOf(r).some((a) => a.type === "twin-region:edge:GlobalDistribution") &&
        r.type !== "pulumi:providers:aws",
    );
    expect(elsewhere.map((r) => `${r.type} ${r.name}`)).toEqual([]);
    expect(plan.graph.one(T.bucket, "shop-assets-euw1").region).toBe("eu-west-1");
    expect(plan.graph.one(T.key, "platform-key").region).toBe("eu-west-1");
    expect(distribution.region).toBe("global");
    expect(inCdn(T.record).every((r) => r.region === "global")).toBe(true);
  });

  it("serves the static path from the one bucket, by its eu-west-1 regional endpoint, with no origin group", () => {
    const bucket = plan.graph.one(T.bucket, "shop-assets-euw1");
    expect(bucket.inputs.bucket).toMatch(/^shop-assets-euw1-[0-9a-f]{8}$/);
    expect(distribution.inputs.origins.map((o: any) => o.domainName)).toEqual([
      `${bucket.inputs.bucket}.s3.eu-west-1.amazonaws.com`,
      "app.shop.example.com",
    ]);
    expect(distribution.inputs.originGroups ?? []).toEqual([]);
    expect(distribution.inputs.orderedCacheBehaviors[0]).toMatchObject({
      pathPattern: "/static/*",
      targetOriginId: "static",
    });
  });

  it("lets the distribution read the bucket and decrypt with the eu-west-1 key, by its ARN, the key's policy put once the distribution exists", () => {
    const policy = plan.graph.one(T.bucketPolicy, "shop-assets-policy");
    const read = statementsOf(policy.inputs.policy).find((s) => s.sid === "CloudFrontReadsStaticAssets")!;
    const distributionArn = `arn:aws:cloudfront::123456789012:distribution/${distribution.id}`;
    expect(distribution.id).toMatch(/^E[A-Z0-9]{13}$/);
    expect(read.conditions).toEqual({ StringEquals: { "AWS:SourceArn": distributionArn } });
    expect(read.resources).toEqual([
      `arn:aws:s3:::${plan.graph.one(T.bucket, "shop-assets-euw1").inputs.bucket}/static/*`,
    ]);
    const key = plan.graph.one(T.key, "platform-key");
    expect(key.ignoreChanges).toEqual(["policy"]);
    expect(statementsOf(key.inputs.policy).some((s) => s.sid === "CloudFrontDecryptsStaticAssets")).toBe(false);
    const keyPolicy = plan.graph.one(T.keyPolicy, "platform-policy");
    expect(keyPolicy.region).toBe("eu-west-1");
    const decrypt = statementsOf(keyPolicy.inputs.policy).find((s) => s.sid === "CloudFrontDecryptsStaticAssets")!;
    expect(decrypt.actions).toEqual(["kms:Decrypt"]);
    const bucketArn = `arn:aws:s3:::${plan.graph.one(T.bucket, "shop-assets-euw1").inputs.bucket}`;
    expect(decrypt.conditions).toEqual({
      StringEquals: { "AWS:SourceArn": distributionArn },
      StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
    });
    expect(keyPolicy.dependencies).toContain(distribution.urn);
  });

  it("protects the distribution with Shield Advanced, through the us-east-1 provider", () => {
    const [protection, ...more] = inCdn(T.protection);
    expect(more).toEqual([]);
    expect(protection!.inputs.resourceArn).toMatch(/^arn:aws:cloudfront::\d{12}:distribution\//);
    expect(protection!.propertyDependencies?.resourceArn).toContain(distribution.urn);
  });

  it("passes every mandatory policy rule", () => {
    const stack = { name: "cdn-eu", region: "eu-west-1", resources: plan.resources, violations: [] };
    const config = { "aws-allowed-regions": { allowedRegions: ["eu-west-1", "us-east-1"] } };
    const blocking = evaluatePolicies(stack, ALL_RULES, config).filter((v) => v.enforcementLevel === "mandatory");
    expect(blocking.map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });
});

describe("GlobalDistribution refuses bad args before creating anything", () => {
  it.each<[string, Partial<GlobalDistributionArgs>, string]>([
    ["its own host name as the application's", { applicationHostName: "www.shop.example.com" }, "applicationHostName"],
    ["a host name with capitals", { hostName: "WWW.shop.example.com" }, "hostName"],
    [
      "a bucket name with dots",
      { staticOrigin: { bucketName: "assets.shop", region: "eu-west-1" } },
      "staticOrigin.bucketName",
    ],
    [
      "a failover origin in the same region",
      { staticFailoverOrigin: { bucketName: "shop-assets-euw1-ffffffff", region: "eu-west-1" } },
      "staticFailoverOrigin.region",
    ],
    ["a static path that is not a prefix", { staticPathPattern: "/static/*.js" }, "staticPathPattern"],
    ["an unknown price class", { priceClass: "PriceClass_Cheap" as never }, "priceClass"],
    ["a rate window WAF lacks", { rateLimitWindowSeconds: 30 }, "rateLimit"],
    [
      "a default TTL above the maximum",
      { staticCache: { defaultTtlSeconds: 7200, maxTtlSeconds: 3600 } },
      "staticCache.defaultTtlSeconds",
    ],
  ])("%s", async (_what, overrides, named) => {
    const error = await failure(
      planProgram(() => new GlobalDistribution("shop-cdn", { ...BASE, ...overrides }), { region: "us-east-1" }),
    );
    expect(error.message).toContain(`GlobalDistribution: ${named}`);
    expect(error.resources.filter((r) => r.custom)).toEqual([]);
  });

  it("needs a us-east-1 provider when its own is elsewhere", async () => {
    const error = await failure(planProgram(() => new GlobalDistribution("shop-cdn", BASE), { region: "eu-west-1" }));
    expect(error.message).toContain(
      'GlobalDistribution: edgeProvider: required: the component\'s provider is in "eu-west-1"',
    );
  });
});
