/** The edge rules' cases: for each rule, resources that comply and resources that break it (tests/policy/edge.test.ts, tests/policy/insecure-graph.test.ts). */
import { edgeRules } from "../../../policy/rules/edge";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = edgeRules.find((r) => r.name === name);
  if (!found) throw new Error(`no edge rule ${name}`);
  return found;
};

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const STAGE = "aws:apigateway/stage:Stage";
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-1111-4222-a333-444455556666";
const WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0b1c2d3e-1111-4222-a333-444455556666";

const alb = (name: string, inputs: Record<string, unknown> = {}, type = LB): Spec => ({
  type,
  name,
  inputs: {
    loadBalancerType: "application",
    subnets: ["subnet-a", "subnet-b"],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: "alb-logs-abc1234", enabled: true },
    ...inputs,
  },
});
const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const forward = {
  type: "forward",
  targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/0123456789abcdef",
};
const listener = (name: string, inputs: Record<string, unknown>): Spec => ({
  type: LISTENER,
  name,
  inputs: {
    loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb/0123456789abcdef",
    ...inputs,
  },
});
const https = (name: string, sslPolicy?: string, protocol = "HTTPS") =>
  listener(name, {
    port: 443,
    protocol,
    certificateArn: CERT,
    ...(sslPolicy ? { sslPolicy } : {}),
    defaultActions: [forward],
  });
const listenerRule = (name: string, on: string, actions: unknown[]): Spec => ({
  type: "aws:lb/listenerRule:ListenerRule",
  name,
  inputs: { listenerArn: `${on}-arn`, actions, conditions: [{ pathPattern: { values: ["/api/*"] } }] },
  from: { listenerArn: on },
});

const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const targetGroup = (name: string, inputs: Record<string, unknown> = {}, type = TARGET_GROUP): Spec => ({
  type,
  name,
  inputs: {
    port: 8080,
    protocol: "HTTP",
    targetType: "ip",
    vpcId: "vpc-0123",
    healthCheck: { enabled: true, path: "/healthz", matcher: "200" },
    ...inputs,
  },
});

const WAF_ACL = "aws:wafv2/webAcl:WebAcl";
const visibility = (metricName: string, extra: Record<string, unknown> = {}) => ({
  cloudwatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
  ...extra,
});
const managedRule = (name: string, priority: number, extra: Record<string, unknown> = {}) => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
  visibilityConfig: visibility(name),
  ...extra,
});
const webAcl = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: WAF_ACL,
  name,
  inputs: {
    name: `${name}-use1`,
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    rules: [managedRule("AWSManagedRulesCommonRuleSet", 1)],
    visibilityConfig: visibility(name),
    ...inputs,
  },
});
const aclArn = (name: string) =>
  `arn:aws:wafv2:us-east-1:123456789012:regional/webacl/${name}-use1/0b1c2d3e-1111-4222-a333-444455556666`;

const ACM = "aws:acm/certificate:Certificate";
const certificate = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: ACM,
  name,
  inputs: { domainName: `${name}.example.com`, validationMethod: "DNS", ...inputs },
});
/** A self-signed certificate with a 1,024-bit RSA key (openssl req -x509 -newkey rsa:1024). */
const RSA_1024_PEM = [
  "-----BEGIN CERTIFICATE-----",
  "MIICFjCCAX+gAwIBAgIUXu+EjkAWkrr+dz9R870hbngvR10wDQYJKoZIhvcNAQEL",
  "BQAwHTEbMBkGA1UEAwwSbGVnYWN5LmV4YW1wbGUuY29tMB4XDTI2MTEyOTIyNTgw",
  "MloXDTM2MTEyNjIyNTgwMlowHTEbMBkGA1UEAwwSbGVnYWN5LmV4YW1wbGUuY29t",
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDKdV9iWHbCIgtka4sEB0HOpJ7J",
  "Iwtx+HHTB2tAEpyYYkRcwMvCg8rNXkYEYPV+YmDPy1rhATLpJL17GPQ/euRSf5CS",
  "18KK2EpWtSzaXeQdHvd7fInnGmrFYX9TEtvS/WQr9iocMKo4OCntV+1kyyLecd7g",
  "ZCVZTjU7dvec0lEkOQIDAQABo1MwUTAdBgNVHQ4EFgQUvm29IRhZNccGD5FPR/4C",
  "G7FbPU0wHwYDVR0jBBgwFoAUvm29IRhZNccGD5FPR/4CG7FbPU0wDwYDVR0TAQH/",
  "BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOBgQBkceVbsPkSxzbAXwip14gaM/gdOI98",
  "VLnS8SIacUwzICb3bReuleE+QolBg9EzKy33YsxBk3ZUzXqeRJsFiqNuEScfzNOb",
  "KTJw1bKrPkk86/BbxQ041wpN/iDAK5CJFU8Die9W+8set3yoU8kOEmk+NzLAeQhA",
  "v9tXWE3lUWTU8A==",
  "-----END CERTIFICATE-----",
].join("\n");
/** A self-signed certificate with a P-256 key. */
const EC_P256_PEM = [
  "-----BEGIN CERTIFICATE-----",
  "MIIBiTCCAS+gAwIBAgIUTzG1Tz1ttLhuMzJs9B7f5eBRJwEwCgYIKoZIzj0EAwIw",
  "GjEYMBYGA1UEAwwPYXBwLmV4YW1wbGUuY29tMB4XDTI2MTEyOTIyNTgwMloXDTM2",
  "MTEyNjIyNTgwMlowGjEYMBYGA1UEAwwPYXBwLmV4YW1wbGUuY29tMFkwEwYHKoZI",
  "zj0CAQYIKoZIzj0DAQcDQgAErDNVKah7do6xFMOC1gLKLgXGFv0AA8saRn5CEYdH",
  "Vd1+eUh+8StArH63H5snK1MbEgu2uHtBCit5097/PPy816NTMFEwHQYDVR0OBBYE",
  "FF4Otr+WFz5UMUNEKuj3STr5EVY6MB8GA1UdIwQYMBaAFF4Otr+WFz5UMUNEKuj3",
  "STr5EVY6MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgXve9amIR",
  "rLQ7jD4mpkCGfalbfJznd6r5qPmMEfgNc5oCIQDz6U9OmOwaEKKqYHPHBwJgnCwS",
  "7n4KjPiA7UiyoBA5dw==",
  "-----END CERTIFICATE-----",
].join("\n");

const s3Origin = (extra: Record<string, unknown> = {}) => ({
  originId: "assets",
  domainName: "assets-abc1234.s3.us-east-1.amazonaws.com",
  originAccessControlId: "E2OAC0123456789",
  ...extra,
});
const customOrigin = (config: Record<string, unknown> = {}) => ({
  originId: "api",
  domainName: "api.example.com",
  customOriginConfig: {
    httpPort: 80,
    httpsPort: 443,
    originProtocolPolicy: "https-only",
    originSslProtocols: ["TLSv1.2"],
    ...config,
  },
});
/** A cache behavior without a response headers policy. */
const behavior = (targetOriginId: string, pathPattern?: string) => ({
  ...(pathPattern ? { pathPattern } : {}),
  targetOriginId,
  viewerProtocolPolicy: "redirect-to-https",
  allowedMethods: ["GET", "HEAD"],
  cachedMethods: ["GET", "HEAD"],
});
/** A response headers policy named `rhp-<name>` with the security headers; `headers` replaces some. */
const headersPolicy = (name: string, headers: Record<string, unknown> = {}): Spec => ({
  type: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  name,
  inputs: {
    name: `rhp-${name}`,
    securityHeadersConfig: {
      strictTransportSecurity: {
        accessControlMaxAgeSec: 31536000,
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: "DENY", override: true },
      referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
      ...headers,
    },
  },
});
/** The managed SecurityHeadersPolicy (HSTS, nosniff, frame options, referrer policy, XSS protection). */
const SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03";
const distribution = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: DISTRIBUTION,
  name,
  inputs: {
    enabled: true,
    defaultRootObject: "index.html",
    origins: [s3Origin(), customOrigin()],
    defaultCacheBehavior: {
      targetOriginId: "assets",
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      responseHeadersPolicyId: SECURITY_HEADERS,
    },
    orderedCacheBehaviors: [
      {
        pathPattern: "/api/*",
        targetOriginId: "api",
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        responseHeadersPolicyId: SECURITY_HEADERS,
      },
    ],
    viewerCertificate: {
      acmCertificateArn: CERT,
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    },
    webAclId: WEB_ACL,
    loggingConfig: { bucket: "cdn-logs-abc1234.s3.amazonaws.com", prefix: "cdn/" },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    ...inputs,
  },
});

const stage = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: STAGE,
  name,
  inputs: {
    restApi: "abc123",
    stageName: name,
    deployment: "dep123",
    xrayTracingEnabled: true,
    accessLogSettings: {
      destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:api-access",
      format: '{"requestId":"$context.requestId"}',
    },
    ...inputs,
  },
  from: { restApi: "api" },
});
const api: Spec = { type: "aws:apigateway/restApi:RestApi", name: "api", inputs: { name: "api" } };
const method = (name: string, httpMethod: string, authorization: string): Spec => ({
  type: "aws:apigateway/method:Method",
  name,
  inputs: { restApi: "abc123", resourceId: `${name}-resource`, httpMethod, authorization },
});
const methodSettings = (
  name: string,
  stageName: string,
  methodPath: string,
  settings: Record<string, unknown>,
  fromStage = true,
): Spec => ({
  type: METHOD_SETTINGS,
  name,
  inputs: { restApi: "abc123", stageName, methodPath, settings },
  from: fromStage ? { restApi: "api", stageName } : { restApi: "api" },
});
const stageWide = { throttlingRateLimit: 100, throttlingBurstLimit: 50, loggingLevel: "ERROR", metricsEnabled: true };

export const edgeCases: RuleCase[] = [
  // --- Load balancers ---
  {
    rule: rule("lb-listener-tls12-policy"),
    compliant: [
      https("https", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"),
      https("tls", "ELBSecurityPolicy-TLS-1-2-2017-01", "TLS"),
      listener("http", { port: 80, protocol: "HTTP", defaultActions: [redirect] }),
    ],
    violating: [https("https"), https("tls", "ELBSecurityPolicy-TLS13-1-1-2021-06", "TLS")],
    message:
      /"https" \(HTTPS\) sets no sslPolicy, so it gets ELBSecurityPolicy-2016-08, which accepts TLS 1\.0[\s\S]*"tls" \(TLS\) uses sslPolicy "ELBSecurityPolicy-TLS13-1-1-2021-06", which is not a TLS 1\.2\+ policy/,
  },
  {
    rule: rule("lb-listener-tls13-policy"),
    compliant: [
      https("https", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
      listener("http", { port: 80, protocol: "HTTP", defaultActions: [redirect] }),
    ],
    violating: [https("https", "ELBSecurityPolicy-FS-1-2-Res-2020-10")],
    message: /"https" \(HTTPS\) uses sslPolicy "ELBSecurityPolicy-FS-1-2-Res-2020-10", which is not a TLS 1\.3 policy/,
  },
  {
    rule: rule("lb-http-listener-redirects-https"),
    compliant: [
      listener("http", { port: 80, protocol: "HTTP", defaultActions: [redirect] }),
      https("https", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
    ],
    violating: [
      listener("http", { port: 80, protocol: "HTTP", defaultActions: [forward] }),
      // No protocol: an ALB listener defaults to HTTP; a redirect without protocol keeps HTTP.
      listener("plain", {
        port: 8080,
        defaultActions: [{ type: "redirect", redirect: { port: "443", statusCode: "HTTP_301" } }],
      }),
    ],
    message:
      /"http" \(HTTP\) has a default action that does not redirect to HTTPS: forward[\s\S]*"plain" \(HTTP\) has a default action that does not redirect to HTTPS: redirect to #\{protocol\}/,
  },
  {
    rule: rule("lb-http-listener-rules-redirect-https"),
    compliant: [
      listener("http", { port: 80, protocol: "HTTP", defaultActions: [redirect] }),
      https("https", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
      listenerRule("api-https", "https", [forward]),
      listenerRule("legacy-redirect", "http", [redirect]),
    ],
    violating: [
      listener("http", { port: 80, protocol: "HTTP", defaultActions: [redirect] }),
      listenerRule("api-http", "http", [forward]),
    ],
    message: /"api-http" on HTTP listener "http" does not redirect to HTTPS: forward/,
  },
  {
    rule: rule("lb-drop-invalid-header-fields"),
    compliant: [
      alb("alb"),
      { type: LB, name: "nlb", inputs: { loadBalancerType: "network", enableDeletionProtection: true } },
    ],
    violating: [alb("alb", { dropInvalidHeaderFields: undefined })],
    message: /"alb" does not drop invalid header fields \(dropInvalidHeaderFields false\)/,
  },
  {
    rule: rule("lb-deletion-protection"),
    compliant: [
      alb("alb"),
      { type: LB, name: "nlb", inputs: { loadBalancerType: "network", enableDeletionProtection: true } },
    ],
    violating: [{ type: LB, name: "nlb", inputs: { loadBalancerType: "network", enableDeletionProtection: false } }],
    message:
      /network aws:lb\/loadBalancer:LoadBalancer "nlb" does not enable deletion protection \(enableDeletionProtection false\)/,
  },
  {
    rule: rule("lb-access-logs"),
    compliant: [alb("alb"), { type: LB, name: "nlb", inputs: { loadBalancerType: "network" } }],
    violating: [alb("alb", { accessLogs: { bucket: "alb-logs-abc1234" } }), alb("quiet", { accessLogs: undefined })],
    message: /"alb" has accessLogs with enabled false[\s\S]*"quiet" has no accessLogs/,
  },
  {
    rule: rule("lb-desync-mitigation"),
    compliant: [alb("alb"), alb("strict", { desyncMitigationMode: "strictest" })],
    violating: [alb("alb", { desyncMitigationMode: "monitor" })],
    message: /"alb" uses desyncMitigationMode "monitor"/,
  },
  {
    rule: rule("lb-multi-az"),
    compliant: [
      alb("alb"),
      {
        type: LB,
        name: "nlb",
        inputs: { loadBalancerType: "network", subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b" }] },
      },
    ],
    violating: [alb("alb", { subnets: ["subnet-a"] })],
    message: /"alb" is in 1 subnet\(s\); it needs at least two Availability Zones/,
  },
  {
    rule: rule("lb-target-group-health-check"),
    compliant: [
      targetGroup("web"),
      targetGroup("https", { protocol: "HTTPS", port: 8443, healthCheck: { path: "/healthz", protocol: "HTTPS" } }),
      targetGroup("tcp", { protocol: "TCP", healthCheck: { enabled: true, protocol: "TCP" } }),
      targetGroup("fn", {
        protocol: undefined,
        port: undefined,
        targetType: "lambda",
        healthCheck: { enabled: false },
      }),
    ],
    violating: [
      targetGroup("web", { healthCheck: { enabled: true } }, "aws:alb/targetGroup:TargetGroup"),
      targetGroup("off", { healthCheck: { enabled: false } }),
      targetGroup("nlb-http-check", { protocol: "TCP", healthCheck: { protocol: "HTTP" } }),
    ],
    message:
      /TargetGroup "web" checks health over HTTP without healthCheck.path[\s\S]*"off" turns health checks off[\s\S]*"nlb-http-check" checks health over HTTP without healthCheck.path/,
  },
  {
    rule: rule("lb-waf-association"),
    compliant: [
      alb("alb"),
      {
        type: WAF_ASSOCIATION,
        name: "alb-waf",
        inputs: {
          resourceArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb/0123",
          webAclArn: WEB_ACL,
        },
        from: { resourceArn: "alb" },
      },
      alb("internal", { internal: true }),
    ],
    violating: [
      alb("alb", {}, "aws:alb/loadBalancer:LoadBalancer"),
      alb("other"),
      {
        type: WAF_ASSOCIATION,
        name: "other-waf",
        inputs: {
          resourceArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/0123",
          webAclArn: WEB_ACL,
        },
        from: { resourceArn: "other" },
      },
    ],
    message: /^internet-facing aws:alb\/loadBalancer:LoadBalancer "alb" has no WAF web ACL association$/,
  },

  // --- WAF ---
  {
    rule: rule("waf-web-acl-has-rules"),
    compliant: [
      webAcl("inline"),
      webAcl("from-json", {
        rules: undefined,
        ruleJson: JSON.stringify([
          {
            Name: "AWSManagedRulesCommonRuleSet",
            Priority: 1,
            OverrideAction: { None: {} },
            Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" } },
            VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: "common" },
          },
        ]),
      }),
      webAcl("attached", { rules: undefined }),
      {
        type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
        name: "attached-common",
        inputs: {
          webAclArn: aclArn("attached"),
          ruleName: "common",
          priority: 1,
          managedRuleGroup: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" },
        },
        from: { webAclArn: "attached" },
      },
    ],
    violating: [webAcl("empty", { rules: [] }), webAcl("blocking", { rules: undefined, defaultAction: { block: {} } })],
    message:
      /WebAcl "empty" has no rules or rule groups: every request gets its allow action uninspected[\s\S]*"blocking" has no rules or rule groups: every request gets its block action/,
  },
  {
    rule: rule("waf-cloudwatch-metrics"),
    compliant: [
      webAcl("edge"),
      {
        type: "aws:wafv2/webAclRule:WebAclRule",
        name: "edge-rate",
        inputs: {
          webAclArn: aclArn("edge"),
          name: "rate",
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } },
          visibilityConfig: visibility("rate"),
        },
      },
    ],
    violating: [
      webAcl("edge", {
        visibilityConfig: visibility("edge", { cloudwatchMetricsEnabled: false }),
        rules: [
          managedRule("AWSManagedRulesCommonRuleSet", 1, {
            visibilityConfig: visibility("common", { sampledRequestsEnabled: false }),
          }),
        ],
      }),
      {
        type: "aws:wafv2/webAclRule:WebAclRule",
        name: "edge-rate",
        inputs: {
          webAclArn: aclArn("edge"),
          name: "rate",
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } },
        },
      },
    ],
    message:
      /WebAcl "edge" visibilityConfig leaves cloudwatchMetricsEnabled off[\s\S]*"edge" rule "AWSManagedRulesCommonRuleSet" leaves sampledRequestsEnabled off[\s\S]*WebAclRule "edge-rate" sets no visibilityConfig/,
  },
  {
    rule: rule("waf-web-acl-logging"),
    compliant: [
      webAcl("edge"),
      {
        type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        name: "edge-logging",
        inputs: {
          resourceArn: aclArn("edge"),
          logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-edge"],
        },
        from: { resourceArn: "edge" },
      },
      webAcl("vended"),
      {
        type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
        name: "vended-source",
        inputs: { name: "vended-waf", logType: "WAF_LOGS", resourceArn: aclArn("vended") },
        from: { resourceArn: "vended" },
      },
      {
        type: "aws:cloudwatch/logDelivery:LogDelivery",
        name: "vended-delivery",
        inputs: {
          deliverySourceName: "vended-waf",
          deliveryDestinationArn: "arn:aws:logs:us-east-1:123456789012:delivery-destination:waf",
        },
        from: { deliverySourceName: "vended-source" },
      },
    ],
    violating: [webAcl("edge")],
    message: /WebAcl "edge" has no logging configuration/,
  },

  // --- ACM ---
  {
    rule: rule("acm-certificate-rsa-2048"),
    compliant: [
      certificate("app"),
      certificate("ecdsa", { keyAlgorithm: "EC_prime256v1" }),
      certificate("rsa-4096", { keyAlgorithm: "RSA_4096" }),
      {
        type: ACM,
        name: "imported-ec",
        inputs: { certificateBody: EC_P256_PEM, privateKey: "(secret)" },
        secretOutputs: ["privateKey"],
      },
    ],
    violating: [
      certificate("weak", { keyAlgorithm: "RSA_1024" }),
      {
        type: ACM,
        name: "imported",
        inputs: { certificateBody: RSA_1024_PEM, privateKey: "(secret)" },
        secretOutputs: ["privateKey"],
      },
    ],
    message:
      /Certificate "weak" has keyAlgorithm "RSA_1024", shorter than 2048 bits[\s\S]*"imported" imports a certificate with a 1024-bit RSA key/,
  },
  {
    rule: rule("acm-certificate-dns-validation"),
    compliant: [
      certificate("app"),
      certificate("private", {
        validationMethod: undefined,
        certificateAuthorityArn:
          "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0b1c2d3e-1111-4222-a333-444455556666",
      }),
    ],
    violating: [certificate("mailed", { validationMethod: "EMAIL" })],
    message: /Certificate "mailed" is validated by EMAIL: someone must approve every renewal/,
  },
  {
    rule: rule("acm-certificate-transparency-logging"),
    compliant: [
      certificate("app"),
      certificate("logged", { options: { certificateTransparencyLoggingPreference: "ENABLED" } }),
      certificate("private", {
        validationMethod: undefined,
        certificateAuthorityArn:
          "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0b1c2d3e-1111-4222-a333-444455556666",
        options: { certificateTransparencyLoggingPreference: "DISABLED" },
      }),
    ],
    violating: [certificate("hidden", { options: { certificateTransparencyLoggingPreference: "DISABLED" } })],
    message: /Certificate "hidden" opts out of certificate transparency logging/,
  },

  // --- CloudFront ---
  {
    rule: rule("cloudfront-viewer-https"),
    compliant: [distribution("cdn")],
    violating: [
      distribution("cdn", {
        orderedCacheBehaviors: [{ pathPattern: "/legacy/*", targetOriginId: "api", viewerProtocolPolicy: "allow-all" }],
      }),
    ],
    message: /"cdn" orderedCacheBehaviors\[0\] \(\/legacy\/\*\) has viewerProtocolPolicy "allow-all"/,
  },
  {
    rule: rule("cloudfront-viewer-tls12"),
    compliant: [
      distribution("cdn"),
      distribution("newest", {
        viewerCertificate: {
          acmCertificateArn: CERT,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.3_2025",
        },
      }),
    ],
    violating: [
      distribution("cdn", { viewerCertificate: { cloudfrontDefaultCertificate: true } }),
      distribution("old", {
        viewerCertificate: {
          acmCertificateArn: CERT,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.2_2019",
        },
      }),
    ],
    message:
      /"cdn" uses the default CloudFront certificate, which allows TLSv1[\s\S]*"old" allows viewers minimumProtocolVersion "TLSv1\.2_2019"/,
  },
  {
    rule: rule("cloudfront-sni-only"),
    compliant: [distribution("cdn")],
    violating: [
      distribution("cdn", {
        viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "vip", minimumProtocolVersion: "TLSv1" },
      }),
    ],
    message: /"cdn" serves its custom certificate with sslSupportMethod "vip"/,
  },
  {
    rule: rule("cloudfront-waf"),
    compliant: [distribution("cdn")],
    violating: [distribution("cdn", { webAclId: undefined })],
    message: /"cdn" has no webAclId/,
  },
  {
    rule: rule("cloudfront-access-logging"),
    compliant: [
      distribution("cdn"),
      distribution("cdn-v2", { loggingConfig: undefined }),
      {
        type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
        name: "cdn-v2-logs",
        inputs: {
          name: "cdn-v2-logs",
          logType: "ACCESS_LOGS",
          resourceArn: "arn:aws:cloudfront::123456789012:distribution/E2V2",
        },
        from: { resourceArn: "cdn-v2" },
      },
      {
        type: "aws:cloudwatch/logDelivery:LogDelivery",
        name: "cdn-v2-delivery",
        inputs: {
          deliverySourceName: "cdn-v2-logs",
          deliveryDestinationArn: "arn:aws:logs:us-east-1:123456789012:delivery-destination:s3",
        },
        from: { deliverySourceName: "cdn-v2-logs" },
      },
    ],
    violating: [
      distribution("cdn", { loggingConfig: undefined }),
      distribution("cdn-v2", { loggingConfig: { includeCookies: false } }),
      {
        type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
        name: "cdn-v2-logs",
        inputs: {
          name: "cdn-v2-logs",
          logType: "ACCESS_LOGS",
          resourceArn: "arn:aws:cloudfront::123456789012:distribution/E2V2",
        },
        from: { resourceArn: "cdn-v2" },
      },
    ],
    message:
      /"cdn" does not log requests: it has no loggingConfig\.bucket and no log delivery source[\s\S]*"cdn-v2" does not log requests: its log delivery source "cdn-v2-logs" has no aws\.cloudwatch\.LogDelivery/,
  },
  {
    rule: rule("cloudfront-s3-origin-oac"),
    compliant: [
      distribution("cdn"),
      distribution("site", {
        origins: [
          {
            originId: "site",
            domainName: "site-abc1234.s3-website-us-east-1.amazonaws.com",
            customOriginConfig: customOrigin().customOriginConfig,
          },
        ],
      }),
    ],
    violating: [
      distribution("cdn", {
        origins: [
          {
            originId: "assets",
            domainName: "assets-abc1234.s3.us-east-1.amazonaws.com",
            s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1OAI" },
          },
          { originId: "media", domainName: "media-abc1234.s3.amazonaws.com" },
        ],
      }),
    ],
    message:
      /S3 origin "assets" \(assets-abc1234\.s3\.us-east-1\.amazonaws\.com\) has no originAccessControlId \(it uses a legacy origin access identity\)[\s\S]*S3 origin "media" \(media-abc1234\.s3\.amazonaws\.com\) has no originAccessControlId/,
  },
  {
    rule: rule("cloudfront-default-root-object"),
    compliant: [
      distribution("cdn"),
      distribution("api-only", { defaultRootObject: undefined, origins: [customOrigin()] }),
    ],
    violating: [distribution("cdn", { defaultRootObject: "" })],
    message: /"cdn" has S3 origins and no defaultRootObject/,
  },
  {
    rule: rule("cloudfront-custom-origin-https"),
    compliant: [
      distribution("cdn"),
      distribution("mirror", { origins: [customOrigin({ originProtocolPolicy: "match-viewer" })] }),
    ],
    violating: [
      distribution("cdn", { origins: [s3Origin(), customOrigin({ originProtocolPolicy: "http-only" })] }),
      distribution("mixed", {
        origins: [customOrigin({ originProtocolPolicy: "match-viewer" })],
        defaultCacheBehavior: {
          targetOriginId: "api",
          viewerProtocolPolicy: "allow-all",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: ["GET", "HEAD"],
        },
      }),
    ],
    message:
      /"cdn" custom origin "api" has originProtocolPolicy "http-only"[\s\S]*"mixed" custom origin "api" has originProtocolPolicy "match-viewer" while a behavior allows HTTP viewers/,
  },
  {
    rule: rule("cloudfront-origin-tls12"),
    compliant: [distribution("cdn")],
    violating: [
      distribution("cdn", { origins: [customOrigin({ originSslProtocols: ["SSLv3", "TLSv1", "TLSv1.2"] })] }),
    ],
    message: /"cdn" custom origin "api" allows originSslProtocols SSLv3, TLSv1$/,
  },

  {
    rule: rule("cloudfront-response-headers-policy"),
    compliant: [
      distribution("cdn"),
      headersPolicy("strict"),
      distribution("own", {
        defaultCacheBehavior: { ...behavior("assets"), responseHeadersPolicyId: "rhp-strict" },
        orderedCacheBehaviors: [{ ...behavior("api", "/api/*"), responseHeadersPolicyId: "rhp-strict" }],
      }),
    ],
    violating: [
      distribution("cdn", { orderedCacheBehaviors: [behavior("api", "/api/*")] }),
      headersPolicy("weak", {
        strictTransportSecurity: { accessControlMaxAgeSec: 86400, includeSubdomains: false, override: true },
        frameOptions: { frameOption: "ALLOW-FROM", override: true },
        contentTypeOptions: undefined,
      }),
      {
        ...distribution("framed", {
          defaultCacheBehavior: { ...behavior("assets"), responseHeadersPolicyId: "rhp-weak" },
          orderedCacheBehaviors: [],
        }),
        from: { defaultCacheBehavior: "weak" },
      },
    ],
    message:
      /"cdn" orderedCacheBehaviors\[0\] \(\/api\/\*\) attaches no response headers policy[\s\S]*"framed" attaches response headers policy "weak", which has Strict-Transport-Security max-age 86400 \(under a year\), Strict-Transport-Security without includeSubdomains, no X-Content-Type-Options, X-Frame-Options "ALLOW-FROM"/,
  },
  {
    rule: rule("cloudfront-cert-and-waf-in-us-east-1"),
    compliant: [
      distribution("cdn"),
      { type: "pulumi:providers:aws", name: "use1", inputs: { region: "us-east-1" } },
      { ...certificate("edge-cert"), provider: "use1" },
      { ...webAcl("edge-acl", { scope: "CLOUDFRONT" }), provider: "use1" },
      {
        ...distribution("built", {
          viewerCertificate: { sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
          webAclId: undefined,
        }),
        from: { viewerCertificate: "edge-cert", webAclId: "edge-acl" },
      },
    ],
    violating: [
      distribution("cdn", {
        viewerCertificate: {
          acmCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-1111-4222-a333-444455556666",
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.2_2021",
        },
        webAclId: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0b1c2d3e-1111-4222-a333-444455556666",
      }),
      { type: "pulumi:providers:aws", name: "euw1", inputs: { region: "eu-west-1" } },
      { ...certificate("local-cert"), provider: "euw1" },
      { ...webAcl("local-acl", { scope: "REGIONAL" }), provider: "euw1" },
      {
        ...distribution("built", {
          viewerCertificate: { sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
          webAclId: undefined,
        }),
        from: { viewerCertificate: "local-cert", webAclId: "local-acl" },
      },
    ],
    message:
      /"cdn" uses the ACM certificate arn:aws:acm:eu-west-1:[\s\S]*, in eu-west-1[\s\S]*"cdn" uses the web ACL arn:aws:wafv2:eu-west-1:[\s\S]*not a CLOUDFRONT-scope ACL in us-east-1[\s\S]*"built" takes its certificate from aws:acm\/certificate:Certificate "local-cert", created in eu-west-1[\s\S]*"built" uses aws:wafv2\/webAcl:WebAcl "local-acl", whose scope is "REGIONAL"/,
  },
  {
    rule: rule("cloudfront-origin-group-failover"),
    compliant: [
      distribution("cdn"),
      distribution("failover", {
        origins: [
          s3Origin(),
          s3Origin({ originId: "assets-replica", domainName: "assets-abc1234.s3.us-west-2.amazonaws.com" }),
          customOrigin(),
        ],
        originGroups: [
          {
            originId: "assets-group",
            failoverCriteria: { statusCodes: [403, 404, 500, 502, 503, 504] },
            members: [{ originId: "assets" }, { originId: "assets-replica" }],
          },
        ],
      }),
    ],
    violating: [
      distribution("cdn", {
        originGroups: [
          {
            originId: "assets-group",
            failoverCriteria: { statusCodes: [403, 404] },
            members: [{ originId: "assets" }, { originId: "assets-elsewhere" }],
          },
          {
            originId: "lonely",
            failoverCriteria: { statusCodes: [500, 502, 503, 504] },
            members: [{ originId: "api" }],
          },
        ],
      }),
    ],
    message:
      /"cdn" origin group "assets-group" names "assets-elsewhere", not origins of the distribution[\s\S]*"assets-group" does not fail over on 500, 502, 503, 504[\s\S]*"lonely" has 1 member\(s\), not two/,
  },

  // --- API Gateway ---
  {
    rule: rule("apigateway-stage-access-logs"),
    compliant: [
      api,
      stage("prod"),
      {
        type: "aws:apigatewayv2/stage:Stage",
        name: "http-prod",
        inputs: {
          apiId: "xyz789",
          name: "$default",
          accessLogSettings: {
            destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:http-access",
            format: "$context.requestId",
          },
        },
      },
    ],
    violating: [
      api,
      stage("prod", {
        accessLogSettings: { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:api-access" },
      }),
      { type: "aws:apigatewayv2/stage:Stage", name: "http-prod", inputs: { apiId: "xyz789", name: "$default" } },
    ],
    message: /"prod" has accessLogSettings without format[\s\S]*"http-prod" has no accessLogSettings/,
  },
  {
    rule: rule("apigateway-stage-xray"),
    compliant: [api, stage("prod")],
    violating: [api, stage("prod", { xrayTracingEnabled: false })],
    message: /"prod" does not enable X-Ray tracing \(xrayTracingEnabled false\)/,
  },
  {
    rule: rule("apigateway-stage-waf"),
    compliant: [
      api,
      stage("prod"),
      {
        type: WAF_ASSOCIATION,
        name: "prod-waf",
        inputs: { resourceArn: "arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod", webAclArn: WEB_ACL },
        from: { resourceArn: "prod" },
      },
      // Linked by value only: the ARN names the stage's API and stage name.
      {
        type: STAGE,
        name: "beta",
        inputs: { restApi: "def456", stageName: "beta", deployment: "dep456", xrayTracingEnabled: true },
      },
      {
        type: WAF_ASSOCIATION,
        name: "beta-waf",
        inputs: { resourceArn: "arn:aws:apigateway:us-east-1::/restapis/def456/stages/beta", webAclArn: WEB_ACL },
      },
    ],
    violating: [
      api,
      stage("prod"),
      stage("test"),
      {
        type: WAF_ASSOCIATION,
        name: "test-waf",
        inputs: { resourceArn: "arn:aws:apigateway:us-east-1::/restapis/abc123/stages/test", webAclArn: WEB_ACL },
        from: { resourceArn: "test" },
      },
    ],
    message: /^aws:apigateway\/stage:Stage "prod" \(stage prod\) has no WAF web ACL association$/,
  },
  {
    rule: rule("apigateway-stage-throttling"),
    compliant: [api, stage("prod"), methodSettings("prod-all", "prod", "*/*", stageWide)],
    violating: [
      api,
      stage("prod"),
      methodSettings("prod-users", "prod", "users/GET", { throttlingRateLimit: 10, throttlingBurstLimit: 5 }),
      stage("test"),
      methodSettings("test-all", "test", "*/*", { throttlingRateLimit: -1, throttlingBurstLimit: 10 }, false),
    ],
    message:
      /"prod" \(stage prod\) has no MethodSettings for "\*\/\*", so stage-wide throttling is off[\s\S]*"test" \(stage test\) has "\*\/\*" MethodSettings without throttlingRateLimit and throttlingBurstLimit above 0/,
  },
  {
    rule: rule("apigateway-method-throttling-not-disabled"),
    compliant: [
      methodSettings("prod-all", "prod", "*/*", stageWide),
      methodSettings("prod-users", "prod", "users/GET", { metricsEnabled: true }),
    ],
    violating: [
      methodSettings("prod-all", "prod", "*/*", { throttlingRateLimit: 100 }),
      methodSettings("prod-orders", "prod", "orders/POST", { throttlingRateLimit: -1 }),
    ],
    message:
      /"prod-all" \(\*\/\*\) sets throttlingBurstLimit null; stage-wide throttling needs a value above 0[\s\S]*"prod-orders" \(orders\/POST\) disables throttling with throttlingRateLimit -1/,
  },
  {
    rule: rule("apigateway-stage-execution-logging"),
    compliant: [api, stage("prod"), methodSettings("prod-all", "prod", "*/*", stageWide)],
    violating: [
      api,
      stage("prod"),
      methodSettings("prod-all", "prod", "*/*", { ...stageWide, loggingLevel: "OFF" }),
      stage("test"),
    ],
    message:
      /"prod" \(stage prod\) has no execution logging \(loggingLevel "OFF"\)[\s\S]*"test" \(stage test\) has no execution logging$/,
  },
  {
    rule: rule("apigateway-cache-encrypted"),
    compliant: [
      methodSettings("prod-all", "prod", "*/*", { ...stageWide, cachingEnabled: true, cacheDataEncrypted: true }),
    ],
    violating: [methodSettings("prod-all", "prod", "*/*", { ...stageWide, cachingEnabled: true })],
    message: /"prod-all" \(\*\/\*\) caches responses without cacheDataEncrypted/,
  },
  {
    rule: rule("apigateway-method-authorization"),
    compliant: [
      method("records-post", "POST", "AWS_IAM"),
      method("record-get", "GET", "AWS_IAM"),
      method("orders-get", "GET", "CUSTOM"),
      method("users-get", "GET", "COGNITO_USER_POOLS"),
      // A CORS preflight carries no credentials.
      method("records-options", "OPTIONS", "NONE"),
    ],
    violating: [method("records-post", "POST", "AWS_IAM"), method("record-get", "GET", "NONE")],
    message:
      /^aws:apigateway\/method:Method "record-get" \(GET\) has authorization "NONE": anyone who reaches the API may call it$/,
  },
  {
    rule: rule("apigateway-domain-tls12"),
    compliant: [
      {
        type: "aws:apigateway/domainName:DomainName",
        name: "api-domain",
        inputs: {
          domainName: "api.example.com",
          regionalCertificateArn: CERT,
          securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09",
          endpointAccessMode: "STRICT",
        },
      },
      {
        type: "aws:apigateway/domainName:DomainName",
        name: "legacy-domain",
        inputs: { domainName: "v1.example.com", regionalCertificateArn: CERT, securityPolicy: "TLS_1_2" },
      },
      {
        type: "aws:apigatewayv2/domainName:DomainName",
        name: "http-domain",
        inputs: {
          domainName: "http.example.com",
          domainNameConfiguration: { certificateArn: CERT, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
        },
      },
    ],
    violating: [
      {
        type: "aws:apigateway/domainName:DomainName",
        name: "api-domain",
        inputs: { domainName: "api.example.com", regionalCertificateArn: CERT, securityPolicy: "TLS_1_0" },
      },
      {
        type: "aws:apigateway/domainName:DomainName",
        name: "bare-domain",
        inputs: { domainName: "bare.example.com", regionalCertificateArn: CERT },
      },
    ],
    message:
      /"api-domain" uses securityPolicy "TLS_1_0", which allows TLS older than 1\.2[\s\S]*"bare-domain" sets no securityPolicy/,
  },
  {
    rule: rule("apigateway-domain-recommended-policy"),
    compliant: [
      {
        type: "aws:apigateway/domainName:DomainName",
        name: "api-domain",
        inputs: {
          domainName: "api.example.com",
          regionalCertificateArn: CERT,
          securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09",
          endpointAccessMode: "STRICT",
        },
      },
    ],
    violating: [
      {
        type: "aws:apigateway/domainName:DomainName",
        name: "api-domain",
        inputs: { domainName: "api.example.com", regionalCertificateArn: CERT, securityPolicy: "TLS_1_2" },
      },
    ],
    message: /"api-domain" uses securityPolicy "TLS_1_2", not one of the recommended SecurityPolicy_TLS13_1_3_2025_09/,
  },
];
