/**
 * What a real deployment of the CDN needs, checked on both stacks as the program builds them (the
 * shared plan: nothing here plans again). The primary owns the distribution; the secondary creates
 * the failover origin under the name the primary chose and grants the distribution from the
 * primary's exports.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "../../offline/graph";
import { statementsOf } from "../../policy/rules/helpers";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

let primary: PlannedStack;
let secondary: PlannedStack;
let distribution: RecordedResource;
beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
  distribution = primary.graph.ofType(T.distribution)[0]!;
});

const T = {
  distribution: "aws:cloudfront/distribution:Distribution",
  oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
  cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
  headersPolicy: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  cert: "aws:acm/certificate:Certificate",
  validation: "aws:acm/certificateValidation:CertificateValidation",
  record: "aws:route53/record:Record",
  acl: "aws:wafv2/webAcl:WebAcl",
  aclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  logSource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
  logDestination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
  logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
  key: "aws:kms/key:Key",
  keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  protection: "aws:shield/protection:Protection",
  provider: "pulumi:providers:aws",
} as const;
const CDN = "twin-region:edge:GlobalDistribution";
const MANAGED = {
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
};

/** The resources of a type inside the CDN component. */
const inCdn = (plan: PlannedStack, type: string): RecordedResource[] =>
  plan.graph.ofType(type).filter((r) => plan.graph.ancestorsOf(r).some((a) => a.type === CDN));
const oneInCdn = (type: string): RecordedResource => {
  const found = inCdn(primary, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const distributionArn = () => `arn:aws:cloudfront::123456789012:distribution/${distribution.id}`;
const bucketNamed = (plan: PlannedStack, name: string) => plan.graph.ofType(T.bucket).find((b) => b.id === name)!;
const policyOf = (plan: PlannedStack, bucket: RecordedResource) =>
  plan.graph.ofType(T.bucketPolicy).find((p) => p.inputs.bucket === bucket.id)!;
const behaviors = () => [
  distribution.inputs.defaultCacheBehavior,
  ...(distribution.inputs.orderedCacheBehaviors as Record<string, any>[]),
];
const behaviorAt = (pathPattern: string) =>
  (distribution.inputs.orderedCacheBehaviors as Record<string, any>[]).find((b) => b.pathPattern === pathPattern)!;
const originNamed = (id: string) =>
  (distribution.inputs.origins as Record<string, any>[]).find((o) => o.originId === id)!;

describe("the CDN's distribution", () => {
  it("is the primary's alone: one GlobalDistribution in the primary, none in the secondary", () => {
    expect(primary.graph.ofType(CDN)).toHaveLength(1);
    expect(primary.graph.ofType(T.distribution)).toHaveLength(1);
    expect(secondary.graph.ofType(CDN)).toHaveLength(0);
    expect(secondary.graph.ofType(T.distribution)).toHaveLength(0);
    expect(distribution.region).toBe("global");
    expect(distribution.inputs.enabled).toBe(true);
  });

  it("serves cdnHostName (www.<dnsDomain>) with alias A and AAAA records in the hosted zone to the distribution's domain", () => {
    expect(distribution.inputs.aliases).toEqual(["www.twin-region.example.com"]);
    const zone = primary.graph.ofType("aws:route53/zone:Zone")[0]!;
    const aliases = inCdn(primary, T.record).filter((r) => r.inputs.aliases);
    expect(aliases.map((r) => r.inputs.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of aliases) {
      expect(record.inputs.name).toBe("www.twin-region.example.com");
      expect(record.inputs.zoneId).toBe(zone.id);
      expect(record.inputs.ttl).toBeUndefined();
      expect(record.inputs.aliases).toEqual([
        {
          name: primary.outputs.cdnDomainName,
          zoneId: "Z2FDTNDATAQYW2",
          evaluateTargetHealth: false,
        },
      ]);
      expect(record.propertyDependencies?.aliases).toContain(distribution.urn);
    }
    expect(primary.outputs.cdnDomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
  });

  it("takes an ACM certificate for that name from us-east-1, DNS-validated in the zone and issued before the distribution uses it: sni-only, TLSv1.2_2021", () => {
    const cert = oneInCdn(T.cert);
    expect(cert.region).toBe("us-east-1");
    expect(cert.inputs).toMatchObject({ domainName: "www.twin-region.example.com", validationMethod: "DNS" });
    const validation = oneInCdn(T.validation);
    expect(inCdn(primary, T.record).filter((r) => r.inputs.type === "CNAME")).toHaveLength(1);
    expect(distribution.inputs.viewerCertificate).toEqual({
      acmCertificateArn: cert.id,
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    });
    expect(distribution.inputs.viewerCertificate.acmCertificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
    expect(distribution.propertyDependencies?.viewerCertificate).toContain(validation.urn);
  });

  it("is protected by a CLOUDFRONT-scope web ACL in us-east-1, attached through webAclId (its ARN), logging to a CMK-encrypted aws-waf-logs-* group there", () => {
    const acl = oneInCdn(T.acl);
    expect(acl.region).toBe("us-east-1");
    expect(acl.inputs.scope).toBe("CLOUDFRONT");
    expect(distribution.inputs.webAclId).toMatch(/^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\//);
    expect(distribution.propertyDependencies?.webAclId).toContain(acl.urn);
    const rules = acl.inputs.rules as Record<string, any>[];
    expect(rules[0]!.statement.rateBasedStatement).toMatchObject({ limit: 2000, aggregateKeyType: "IP" });
    expect(rules.slice(1).map((r) => r.name)).toEqual([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesCommonRuleSet",
    ]);
    const logging = oneInCdn(T.aclLogging);
    const group = primary.graph
      .ofType(T.logGroup)
      .find((g) => logging.inputs.logDestinationConfigs[0].endsWith(`:${g.inputs.name}`))!;
    expect(group.inputs.name).toMatch(/^aws-waf-logs-/);
    expect(group.region).toBe("us-east-1");
    const edgeKey = primary.graph.one(T.key, "prod-cdn-edge-key");
    expect(group.inputs.kmsKeyId).toMatch(/^arn:aws:kms:us-east-1:/);
    expect(group.propertyDependencies?.kmsKeyId).toContain(edgeKey.urn);
  });

  it("creates its us-east-1 parts with the stack's own provider when the primary runs in us-east-1", () => {
    const stackProvider = primary.graph.ofType(T.provider).find((p) => p.name === "prod-us-east-1")!;
    for (const type of [T.cert, T.acl, T.logSource]) {
      expect(oneInCdn(type).provider?.startsWith(`${stackProvider.urn}::`), type).toBe(true);
    }
    expect(primary.graph.ofType(T.provider).filter((p) => p.inputs.region === "us-east-1")).toHaveLength(1);
  });
});

describe("its origins", () => {
  it("reaches the primary's static-assets bucket by its regional endpoint through an origin access control (s3, sigv4, always)", () => {
    const oac = oneInCdn(T.oac);
    expect(oac.inputs).toMatchObject({
      originAccessControlOriginType: "s3",
      signingProtocol: "sigv4",
      signingBehavior: "always",
    });
    const assets = bucketNamed(primary, primary.outputs.staticAssetsBucketName as string);
    expect(assets.region).toBe("us-east-1");
    expect(originNamed("static")).toEqual({
      originId: "static",
      domainName: `${assets.id}.s3.us-east-1.amazonaws.com`,
      originAccessControlId: oac.id,
    });
  });

  it("falls back to the secondary's replica, which the secondary creates under exactly the name the primary chose and exported", () => {
    const name = primary.outputs.staticAssetsReplicaBucketName as string;
    expect(name).toMatch(/^prod-web-assets-usw2-[0-9a-f]{8}$/);
    expect(primary.graph.ofType(T.bucket).some((b) => b.id === name)).toBe(false);
    const replica = bucketNamed(secondary, name);
    expect(replica.region).toBe("us-west-2");
    expect(replica.inputs.tags).toEqual({ BucketRole: "replica" });
    expect(secondary.outputs.staticAssetsBucketName).toBe(name);
    expect(originNamed("static-failover")).toEqual({
      originId: "static-failover",
      domainName: `${name}.s3.us-west-2.amazonaws.com`,
      originAccessControlId: oneInCdn(T.oac).id,
    });
  });

  it("groups the two in an origin group that fails over on 403, 404, 500, 502, 503 and 504", () => {
    expect(distribution.inputs.originGroups).toEqual([
      {
        originId: "static-group",
        failoverCriteria: { statusCodes: [403, 404, 500, 502, 503, 504] },
        members: [{ originId: "static" }, { originId: "static-failover" }],
      },
    ]);
  });

  it("sends the dynamic paths to the application's failover name over HTTPS only, with TLS 1.2", () => {
    expect(originNamed("application")).toEqual({
      originId: "application",
      domainName: primary.outputs.appHostName,
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
        originReadTimeout: 30,
        originKeepaliveTimeout: 5,
      },
    });
    expect(primary.outputs.appHostName).toBe("app.twin-region.example.com");
  });
});

describe("its behaviours", () => {
  it("sends the default behaviour to the application uncached, with every viewer header but Host, cookies and query strings", () => {
    expect(distribution.inputs.defaultCacheBehavior).toMatchObject({
      targetOriginId: "application",
      cachePolicyId: MANAGED.cachingDisabled,
      originRequestPolicyId: MANAGED.allViewerExceptHostHeader,
      allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
    });
  });

  it("serves /static/* from the origin group with a cache policy of its own: gzip and brotli, a day by default, a year at most", () => {
    const staticBehavior = behaviorAt("/static/*");
    expect(staticBehavior).toMatchObject({
      targetOriginId: "static-group",
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
    });
    expect(staticBehavior.originRequestPolicyId).toBeUndefined();
    const cache = oneInCdn(T.cachePolicy);
    expect(staticBehavior.cachePolicyId).toBe(cache.id);
    expect(cache.inputs).toMatchObject({ minTtl: 0, defaultTtl: 86_400, maxTtl: 31_536_000 });
    expect(cache.inputs.parametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      cookiesConfig: { cookieBehavior: "none" },
      queryStringsConfig: { queryStringBehavior: "none" },
    });
    // Static first: CloudFront matches ordered behaviours in order.
    expect(distribution.inputs.orderedCacheBehaviors[0].pathPattern).toBe("/static/*");
  });

  it("sends /api/* to the application uncached", () => {
    expect(behaviorAt("/api/*")).toMatchObject({
      targetOriginId: "application",
      cachePolicyId: MANAGED.cachingDisabled,
      originRequestPolicyId: MANAGED.allViewerExceptHostHeader,
    });
  });

  it("redirects every behaviour to HTTPS, compresses it and attaches the security headers policy", () => {
    const headers = oneInCdn(T.headersPolicy);
    expect(behaviors()).toHaveLength(3);
    for (const b of behaviors()) {
      expect(b).toMatchObject({
        viewerProtocolPolicy: "redirect-to-https",
        compress: true,
        responseHeadersPolicyId: headers.id,
        cachedMethods: ["GET", "HEAD"],
      });
    }
  });

  it("sends HSTS for a year with subdomains and preload, nosniff, X-Frame-Options DENY, strict-origin-when-cross-origin and XSS protection", () => {
    expect(oneInCdn(T.headersPolicy).inputs.securityHeadersConfig).toEqual({
      strictTransportSecurity: {
        accessControlMaxAgeSec: 31_536_000,
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: "DENY", override: true },
      referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
      xssProtection: { protection: true, modeBlock: true, override: true },
    });
  });

  it("speaks HTTP/2 and HTTP/3 over IPv4 and IPv6 from PriceClass_100, with a default root object", () => {
    expect(distribution.inputs).toMatchObject({
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: "PriceClass_100",
      defaultRootObject: "index.html",
      restrictions: { geoRestriction: { restrictionType: "none" } },
    });
  });
});

describe("its logs", () => {
  it("logs requests with standard logging v2 from a us-east-1 delivery source to a bucket there", () => {
    const source = oneInCdn(T.logSource);
    expect(source.region).toBe("us-east-1");
    expect(source.inputs).toMatchObject({ logType: "ACCESS_LOGS", resourceArn: distributionArn() });
    const destination = oneInCdn(T.logDestination);
    const delivery = oneInCdn(T.logDelivery);
    expect(delivery.inputs.deliverySourceName).toBe(source.inputs.name);
    expect(delivery.inputs.deliveryDestinationArn).toBe(
      `arn:aws:logs:us-east-1:123456789012:delivery-destination:${destination.inputs.name}`,
    );
    const bucket = inCdn(primary, T.bucket)[0]!;
    expect(bucket.region).toBe("us-east-1");
    expect(destination.inputs.deliveryDestinationConfiguration.destinationResourceArn).toBe(
      `arn:aws:s3:::${bucket.id}`,
    );
  });

  it("keeps the log bucket's ACLs disabled and encrypted with the us-east-1 key, writable only by log delivery for this delivery source", () => {
    const bucket = inCdn(primary, T.bucket)[0]!;
    expect(bucket.inputs.tags).toEqual({ BucketRole: "access-logs" });
    expect(primary.graph.ofType(T.ownership).find((o) => o.inputs.bucket === bucket.id)!.inputs.rule).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
    const encryption = primary.graph.ofType(T.encryption).find((e) => e.inputs.bucket === bucket.id)!;
    expect(encryption.inputs.rules[0].applyServerSideEncryptionByDefault).toMatchObject({ sseAlgorithm: "aws:kms" });
    expect(encryption.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toMatch(
      /^arn:aws:kms:us-east-1:/,
    );
    const source = `arn:aws:logs:us-east-1:123456789012:delivery-source:${oneInCdn(T.logSource).inputs.name}`;
    const write = statementsOf(policyOf(primary, bucket).inputs.policy).find(
      (s) => s.sid === "LogDeliveryWritesCdnAccessLogs",
    )!;
    expect(write.principals).toEqual({ Service: ["delivery.logs.amazonaws.com"] });
    expect(write.resources).toEqual([`arn:aws:s3:::${bucket.id}/AWSLogs/123456789012/CloudFront/*`]);
    expect(write.conditions).toEqual({
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": source },
    });
    const keyStatement = statementsOf(primary.graph.one(T.key, "prod-cdn-edge-key").inputs.policy).find(
      (s) => s.sid === "LogDeliveryEncryptsCdnAccessLogs",
    )!;
    expect(keyStatement.actions).toEqual(["kms:GenerateDataKey*", "kms:Decrypt"]);
    expect(keyStatement.conditions).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": source },
    });
  });
});

describe("what the buckets and keys let the distribution do", () => {
  const readStatement = (plan: PlannedStack, bucketName: string) =>
    statementsOf(policyOf(plan, bucketNamed(plan, bucketName)).inputs.policy).find(
      (s) => s.sid === "CloudFrontReadsStaticAssets",
    )!;

  it("the primary's assets bucket lets only this distribution (AWS:SourceArn) get objects under static/", () => {
    const name = primary.outputs.staticAssetsBucketName as string;
    const read = readStatement(primary, name);
    expect(read).toMatchObject({
      effect: "Allow",
      principals: { Service: ["cloudfront.amazonaws.com"] },
      actions: ["s3:GetObject"],
      resources: [`arn:aws:s3:::${name}/static/*`],
      conditions: { StringEquals: { "AWS:SourceArn": distributionArn() } },
    });
  });

  it("the secondary's replica bucket lets the same distribution get objects under static/, from the primary's exports", () => {
    const name = primary.outputs.staticAssetsReplicaBucketName as string;
    expect(primary.outputs.cdnDistributionArn).toBe(distributionArn());
    expect(readStatement(secondary, name)).toMatchObject({
      principals: { Service: ["cloudfront.amazonaws.com"] },
      actions: ["s3:GetObject"],
      resources: [`arn:aws:s3:::${name}/static/*`],
      conditions: { StringEquals: { "AWS:SourceArn": distributionArn() } },
    });
  });

  const decryptOf = (policy: unknown) => statementsOf(policy).find((s) => s.sid === "CloudFrontDecryptsStaticAssets");
  const expectDecrypt = (policy: unknown, bucketName: string) => {
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    expect(decryptOf(policy)).toMatchObject({
      principals: { Service: ["cloudfront.amazonaws.com"] },
      actions: ["kms:Decrypt"],
      conditions: {
        StringEquals: { "AWS:SourceArn": distributionArn() },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
      },
    });
  };

  it("the primary's key lets it decrypt the assets bucket's objects, through a KeyPolicy put once the distribution exists (the key, which everything else uses at once, then leaves its policy to it)", () => {
    const key = primary.graph.one(T.key, "prod-platform-key");
    expect(key.ignoreChanges).toEqual(["policy"]);
    expect(decryptOf(key.inputs.policy)).toBeUndefined();
    const keyPolicy = primary.graph.one(T.keyPolicy, "prod-platform-policy");
    expect(keyPolicy.inputs.keyId).toBe(key.id);
    expectDecrypt(keyPolicy.inputs.policy, primary.outputs.staticAssetsBucketName as string);
    // The whole policy: the platform's statements and the decrypt.
    expect(statementsOf(keyPolicy.inputs.policy).map((s) => s.sid)).toEqual([
      ...statementsOf(key.inputs.policy).map((s) => s.sid),
      "CloudFrontDecryptsStaticAssets",
    ]);
    expect(primary.graph.dependenciesOf(keyPolicy).has(distribution.urn)).toBe(true);
    expect(primary.graph.dependenciesOf(distribution).has(key.urn)).toBe(false);
  });

  it("the secondary's key lets it decrypt the replica's objects from the key's creation", () => {
    const key = secondary.graph.one(T.key, "prod-platform-key");
    expect(key.ignoreChanges).toBeUndefined();
    expect(secondary.graph.ofType(T.keyPolicy)).toHaveLength(0);
    expectDecrypt(key.inputs.policy, primary.outputs.staticAssetsReplicaBucketName as string);
  });

  it("the primary's assets bucket is named before the distribution exists and locked down after it, so the distribution never waits for the bucket", () => {
    const name = primary.outputs.staticAssetsBucketName as string;
    expect(name).toMatch(/^prod-web-assets-use1-[0-9a-f]{8}$/);
    const bucket = bucketNamed(primary, name);
    expect(primary.graph.dependenciesOf(distribution).has(bucket.urn)).toBe(false);
    expect(primary.graph.dependenciesOf(policyOf(primary, bucket)).has(distribution.urn)).toBe(true);
  });
});

describe("Shield Advanced and the stack outputs", () => {
  it("has no Shield Advanced protection unless shieldAdvanced is set (it needs a paid subscription)", () => {
    expect(primary.graph.ofType(T.protection)).toHaveLength(0);
  });

  it("exports the distribution's ARN (the versioned contract the secondary reads), its id, domain name and URL", () => {
    expect(primary.outputs).toMatchObject({
      cdnDistributionArn: distributionArn(),
      cdnDistributionId: distribution.id,
      cdnUrl: "https://www.twin-region.example.com",
    });
  });
});
