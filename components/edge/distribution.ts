import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KMS_S3_ACCESS_LOGS_ACTIONS, LOG_DELIVERY_PRINCIPAL } from "../security/key-policy";
import { RegionalKey, type KeyPolicyStatement } from "../security/regional-key";
import { createWebAcl } from "../security/web-acl";
import { invalidArg, validating } from "../shared/errors";
import { SecureBucket, type BucketRef, type PolicyStatement } from "../storage/secure-bucket";
import { validatedCertificate } from "../web/certificate";
import { cloudFrontDecryptStatement, cloudFrontReadStatements } from "./cdn-access";
import {
  CDN_DEFAULTS,
  CDN_METHODS,
  CLOUDFRONT_EDGE_REGION,
  CLOUDFRONT_MANAGED_POLICY_IDS,
  CLOUDFRONT_WAF_SCOPE,
  type PriceClass,
} from "./cdn-defaults";
import { validateDistributionArgs } from "./distribution-validation";

/** An S3 bucket the distribution reads through its origin access control. */
export interface CdnBucketOrigin {
  /** The bucket's exact name (S3's rules, no dots), known before the bucket exists. */
  bucketName: pulumi.Input<string>;
  /** The bucket's region: the origin is its regional endpoint, `<bucketName>.s3.<region>.amazonaws.com`. */
  region: string;
}

export interface GlobalDistributionArgs {
  /** The name viewers use (e.g. "www.example.com"): the distribution's alias, its certificate's name and its Route 53 alias records' name, in `hostedZoneId`'s domain. */
  hostName: string;
  /** The public hosted zone of `hostName`'s domain: the certificate's validation record and the alias records go there. */
  hostedZoneId: pulumi.Input<string>;
  /** The application's name (its Route 53 failover name in front of the regions' load balancers, e.g. "app.example.com"): the origin of every path but the static one, over HTTPS with TLS 1.2. */
  applicationHostName: string;
  /** The static-assets bucket (the primary region's). */
  staticOrigin: CdnBucketOrigin;
  /**
   * Its copy in another region (the secondary's replica): with it the static path is served by an
   * origin group that fails over from `staticOrigin` to this bucket on 403, 404, 500, 502, 503 and
   * 504.
   * @default none: the static path is served by `staticOrigin` alone
   */
  staticFailoverOrigin?: CdnBucketOrigin;
  /**
   * A provider for us-east-1, where CloudFront takes its certificate and web ACL from: the
   * certificate, the CLOUDFRONT-scope web ACL, its log group and key, the log bucket, the log
   * delivery and the Shield protection are created with it.
   * @default the component's provider, which must then be in us-east-1 (checked)
   */
  edgeProvider?: pulumi.ProviderResource;
  /** The static assets' path, `/<prefix>/*`: the buckets serve the keys under `<prefix>/`, cached long. @default "/static/*" */
  staticPathPattern?: string;
  /** Dynamic paths named besides the default behaviour (which is dynamic too), never cached. @default ["/api/*"] */
  dynamicPathPatterns?: string[];
  /** The edge locations the distribution is served from. @default "PriceClass_100" (North America, Europe, Israel) */
  priceClass?: PriceClass;
  /** TTLs of the static path, in seconds (the objects' Cache-Control wins within them). @default a day, a year at most */
  staticCache?: { defaultTtlSeconds?: number; maxTtlSeconds?: number };
  /** The web ACL's limit: requests one client IP may send per window before it is blocked. @default 2000 */
  rateLimit?: number;
  /** The rate limit's window: 60, 120, 300 or 600 seconds. @default 300 */
  rateLimitWindowSeconds?: number;
  /** Serve IPv6 too (and create the AAAA alias record). @default true */
  ipv6?: boolean;
  /**
   * Protect the distribution with AWS Shield Advanced (`aws.shield.Protection`). The account must
   * already subscribe to Shield Advanced: USD 3,000 a month per organization, a one-year commitment
   * that renews itself, plus data transfer; without the subscription the protection cannot be
   * created. Shield Standard protects every distribution at no cost either way.
   * @default false
   */
  shieldAdvanced?: boolean;
  /** Days the web ACL's request logs are kept. @default 365 */
  logRetentionInDays?: number;
}

const ORIGIN_IDS = {
  static: "static",
  staticFailover: "static-failover",
  staticGroup: "static-group",
  application: "application",
} as const;

/**
 * The platform's CloudFront distribution, owned by the primary stack: a custom host name with an
 * ACM certificate (DNS-validated, TLS 1.2_2021, SNI) and a CLOUDFRONT-scope WAF web ACL, both in
 * us-east-1 through `edgeProvider`; the application's failover name as the origin of dynamic
 * paths (HTTPS, TLS 1.2, no caching, every viewer header but Host forwarded); the static-assets
 * bucket through origin access control (SigV4, always) for the static path, cached long, in an
 * origin group that fails over to the other region's copy; HTTP → HTTPS, compression and a
 * security response headers policy on every behaviour; standard logging (v2) to an encrypted
 * bucket; Route 53 alias records; Shield Advanced on request. The buckets' policies and keys grant
 * the distribution with `bucketPolicyStatements` and `keyPolicyStatements` (or cdn-access's
 * functions, from its ARN).
 */
export class GlobalDistribution extends pulumi.ComponentResource {
  /** The distribution's id (`E…`). */
  public readonly distributionId: pulumi.Output<string>;
  /** The distribution's ARN: what `AWS:SourceArn` conditions name. */
  public readonly distributionArn: pulumi.Output<string>;
  /** The distribution's own domain name (`d….cloudfront.net`). */
  public readonly domainName: pulumi.Output<string>;
  /** The Route 53 zone of CloudFront's domain names (alias targets). */
  public readonly hostedZoneId: pulumi.Output<string>;
  /** `https://<hostName>`. */
  public readonly url: pulumi.Output<string>;
  /** The viewer certificate, issued, in us-east-1. */
  public readonly certificateArn: pulumi.Output<string>;
  /** The CLOUDFRONT-scope web ACL, in us-east-1. */
  public readonly webAclArn: pulumi.Output<string>;
  /** The bucket of the distribution's standard logs (v2), in us-east-1. */
  public readonly logBucketName: pulumi.Output<string>;
  /** The us-east-1 key of the web ACL's logs and the log bucket. */
  public readonly edgeKeyArn: pulumi.Output<string>;
  /** The Shield Advanced protection; undefined without `shieldAdvanced`. */
  public readonly shieldProtectionId: pulumi.Output<string | undefined>;

  private readonly staticPathPattern: string;

  constructor(name: string, args: GlobalDistributionArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validating("GlobalDistribution", () => validateDistributionArgs(name, args));
    super("twin-region:edge:GlobalDistribution", name, {}, opts);
    const parent = this;
    this.staticPathPattern = settings.staticPathPattern;

    // us-east-1: the given provider, or the component's own, checked either way.
    const edgeRegion = aws
      .getRegionOutput({}, args.edgeProvider ? { parent, provider: args.edgeProvider } : { parent })
      .region.apply((region) => {
        if (region !== CLOUDFRONT_EDGE_REGION)
          throw invalidArg(
            "GlobalDistribution",
            "edgeProvider",
            args.edgeProvider
              ? `the provider is in "${region}"; CloudFront takes its certificate and web ACL only from ${CLOUDFRONT_EDGE_REGION}`
              : `required: the component's provider is in "${region}", and CloudFront takes its certificate and web ACL only from ${CLOUDFRONT_EDGE_REGION}`,
          );
        return region;
      });
    const edge: pulumi.CustomResourceOptions = {
      parent,
      ...(args.edgeProvider ? { provider: args.edgeProvider } : {}),
    };
    const edgeComponent: pulumi.ComponentResourceOptions = {
      parent,
      ...(args.edgeProvider ? { providers: { aws: args.edgeProvider } } : {}),
    };
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const partition = aws.getPartitionOutput({}, { parent });

    // Standard logging (v2): CloudWatch Logs delivers the access logs from a delivery source in
    // us-east-1 to an encrypted bucket there, writing as delivery.logs.amazonaws.com for this
    // source only.
    const logSourceName = `${name}-access-logs`;
    const logSourceArn = pulumi.interpolate`arn:${partition.partition}:logs:${CLOUDFRONT_EDGE_REGION}:${account}:delivery-source:${logSourceName}`;
    const logDelivery = (test: string) => [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
      { test, variable: "aws:SourceArn", values: [logSourceArn] },
    ];
    const edgeKey = new RegionalKey(
      `${name}-edge`,
      {
        description: `twin-region ${name}: the CDN's web ACL logs and access logs (${CLOUDFRONT_EDGE_REGION})`,
        policyStatements: [
          {
            sid: "LogDeliveryEncryptsCdnAccessLogs",
            effect: "Allow",
            principals: [{ type: "Service", identifiers: [LOG_DELIVERY_PRINCIPAL] }],
            // What S3 needs from the key to take an SSE-KMS object with a bucket key, as for server access logs.
            actions: [...KMS_S3_ACCESS_LOGS_ACTIONS],
            resources: ["*"],
            conditions: logDelivery("ArnLike"),
          },
        ],
      },
      edgeComponent,
    );
    const logBucket = new SecureBucket(
      `${name}-logs`,
      {
        region: CLOUDFRONT_EDGE_REGION,
        role: "access-logs",
        kmsKeyArn: edgeKey.keyArn,
        policyStatements: (bucket: BucketRef): PolicyStatement[] => [
          {
            sid: "LogDeliveryWritesCdnAccessLogs",
            effect: "Allow",
            principals: [{ type: "Service", identifiers: [LOG_DELIVERY_PRINCIPAL] }],
            actions: ["s3:PutObject"],
            resources: [pulumi.interpolate`${bucket.arn}/AWSLogs/${account}/CloudFront/*`],
            conditions: [
              { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
              ...logDelivery("ArnLike"),
            ],
          },
        ],
      },
      edgeComponent,
    );

    const { certificateArn } = validatedCertificate(
      name,
      { domainName: args.hostName, hostedZoneId: args.hostedZoneId, createValidationRecord: true },
      edge,
    );
    const webAcl = createWebAcl(
      name,
      {
        region: CLOUDFRONT_EDGE_REGION,
        scope: CLOUDFRONT_WAF_SCOPE,
        description: `CDN ${name}: rate limit per IP and AWS managed rule groups`,
        rateLimitPerIp: settings.rateLimit,
        evaluationWindowSec: settings.rateLimitWindowSeconds,
        kmsKeyArn: edgeKey.keyArn,
        logRetentionInDays: settings.logRetentionInDays,
      },
      edge,
    );

    const oac = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        description: `${name}: CloudFront signs every request to the asset buckets`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      { parent },
    );
    const staticCache = new aws.cloudfront.CachePolicy(
      `${name}-static`,
      {
        comment: `${name}: static assets, compressed, cached long`,
        minTtl: settings.staticCache.minTtlSeconds,
        defaultTtl: settings.staticCache.defaultTtlSeconds,
        maxTtl: settings.staticCache.maxTtlSeconds,
        parametersInCacheKeyAndForwardedToOrigin: {
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
          cookiesConfig: { cookieBehavior: "none" },
          headersConfig: { headerBehavior: "none" },
          queryStringsConfig: { queryStringBehavior: "none" },
        },
      },
      { parent },
    );
    const headers = CDN_DEFAULTS.securityHeaders;
    const securityHeaders = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      {
        comment: `${name}: HSTS, nosniff, no framing, strict referrer, XSS protection`,
        securityHeadersConfig: {
          strictTransportSecurity: {
            accessControlMaxAgeSec: headers.hstsMaxAgeSeconds,
            includeSubdomains: true,
            preload: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: headers.frameOption, override: true },
          referrerPolicy: { referrerPolicy: headers.referrerPolicy, override: true },
          xssProtection: { protection: true, modeBlock: true, override: true },
        },
      },
      { parent },
    );

    const bucketOrigin = (originId: string, origin: CdnBucketOrigin) => ({
      originId,
      domainName: pulumi.interpolate`${origin.bucketName}.s3.${origin.region}.${partition.dnsSuffix}`,
      originAccessControlId: oac.id,
    });
    const failover = args.staticFailoverOrigin;
    const dynamicBehavior = {
      targetOriginId: ORIGIN_IDS.application,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: [...CDN_METHODS.dynamic],
      cachedMethods: [...CDN_METHODS.cached],
      compress: true,
      cachePolicyId: CLOUDFRONT_MANAGED_POLICY_IDS.cachingDisabled,
      originRequestPolicyId: CLOUDFRONT_MANAGED_POLICY_IDS.allViewerExceptHostHeader,
      responseHeadersPolicyId: securityHeaders.id,
    };
    const distribution = new aws.cloudfront.Distribution(
      `${name}-distribution`,
      {
        enabled: true,
        comment: `${name}: ${args.hostName}`,
        aliases: [args.hostName],
        isIpv6Enabled: settings.ipv6,
        httpVersion: CDN_DEFAULTS.httpVersion,
        priceClass: settings.priceClass,
        defaultRootObject: CDN_DEFAULTS.defaultRootObject,
        webAclId: webAcl.arn,
        viewerCertificate: {
          acmCertificateArn: certificateArn,
          sslSupportMethod: CDN_DEFAULTS.sslSupportMethod,
          minimumProtocolVersion: CDN_DEFAULTS.minimumProtocolVersion,
        },
        origins: [
          bucketOrigin(ORIGIN_IDS.static, args.staticOrigin),
          ...(failover ? [bucketOrigin(ORIGIN_IDS.staticFailover, failover)] : []),
          {
            originId: ORIGIN_IDS.application,
            domainName: args.applicationHostName,
            customOriginConfig: {
              httpPort: CDN_DEFAULTS.origin.httpPort,
              httpsPort: CDN_DEFAULTS.origin.httpsPort,
              originProtocolPolicy: CDN_DEFAULTS.origin.protocolPolicy,
              originSslProtocols: [...CDN_DEFAULTS.origin.sslProtocols],
              originReadTimeout: CDN_DEFAULTS.origin.readTimeoutSeconds,
              originKeepaliveTimeout: CDN_DEFAULTS.origin.keepaliveTimeoutSeconds,
            },
          },
        ],
        originGroups: failover
          ? [
              {
                originId: ORIGIN_IDS.staticGroup,
                failoverCriteria: { statusCodes: [...CDN_DEFAULTS.failoverStatusCodes] },
                members: [{ originId: ORIGIN_IDS.static }, { originId: ORIGIN_IDS.staticFailover }],
              },
            ]
          : [],
        defaultCacheBehavior: dynamicBehavior,
        orderedCacheBehaviors: [
          {
            pathPattern: settings.staticPathPattern,
            targetOriginId: failover ? ORIGIN_IDS.staticGroup : ORIGIN_IDS.static,
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: [...CDN_METHODS.static],
            cachedMethods: [...CDN_METHODS.cached],
            compress: true,
            cachePolicyId: staticCache.id,
            responseHeadersPolicyId: securityHeaders.id,
          },
          ...settings.dynamicPathPatterns.map((pathPattern) => ({ pathPattern, ...dynamicBehavior })),
        ],
        restrictions: { geoRestriction: { restrictionType: "none" } },
      },
      { parent },
    );

    const logSource = new aws.cloudwatch.LogDeliverySource(
      `${name}-access-logs`,
      { name: logSourceName, logType: "ACCESS_LOGS", resourceArn: distribution.arn },
      edge,
    );
    const logDestination = new aws.cloudwatch.LogDeliveryDestination(
      `${name}-access-logs-s3`,
      {
        name: `${name}-access-logs-s3`,
        outputFormat: CDN_DEFAULTS.accessLogFormat,
        deliveryDestinationConfiguration: { destinationResourceArn: logBucket.bucketArn },
      },
      edge,
    );
    new aws.cloudwatch.LogDelivery(
      `${name}-access-logs-delivery`,
      { deliverySourceName: logSource.name, deliveryDestinationArn: logDestination.arn },
      edge,
    );

    for (const type of settings.ipv6 ? ["A", "AAAA"] : ["A"]) {
      new aws.route53.Record(
        `${name}-alias-${type.toLowerCase()}`,
        {
          zoneId: args.hostedZoneId,
          name: args.hostName,
          type,
          aliases: [{ name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false }],
        },
        { parent },
      );
    }

    const protection = settings.shieldAdvanced
      ? new aws.shield.Protection(
          `${name}-shield`,
          { name: `${name}-distribution`, resourceArn: distribution.arn },
          edge,
        )
      : undefined;

    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.hostedZoneId = distribution.hostedZoneId;
    this.url = pulumi.output(`https://${args.hostName}`);
    this.certificateArn = certificateArn;
    this.webAclArn = webAcl.arn;
    this.logBucketName = logBucket.bucketName;
    this.edgeKeyArn = edgeKey.keyArn;
    this.shieldProtectionId = protection ? protection.id : pulumi.output(undefined);
    this.registerOutputs({
      distributionId: this.distributionId,
      distributionArn: this.distributionArn,
      domainName: this.domainName,
      url: this.url,
      certificateArn: this.certificateArn,
      webAclArn: this.webAclArn,
      logBucketName: this.logBucketName,
      edgeKeyArn: this.edgeKeyArn,
      shieldProtectionId: this.shieldProtectionId,
      edgeRegion,
    });
  }

  /**
   * Bucket-policy statements for an origin bucket (SecureBucket's `policyStatements`, ResilientWebTier's
   * `staticAssets.policyStatements`): this distribution may get the objects under the static path's
   * prefix (`AWS:SourceArn`).
   */
  bucketPolicyStatements(): (bucket: BucketRef) => PolicyStatement[] {
    return cloudFrontReadStatements(this.distributionArn, this.staticPathPattern);
  }

  /** The key-policy statement for an origin bucket's key: this distribution may decrypt that bucket's objects. */
  keyPolicyStatements(bucketArn: pulumi.Input<string>): KeyPolicyStatement[] {
    return [cloudFrontDecryptStatement(this.distributionArn, bucketArn)];
  }
}
