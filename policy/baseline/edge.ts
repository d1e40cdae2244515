/**
 * Edge baseline (load balancers, CloudFront, API Gateway): the TLS policies and settings the edge
 * rules enforce and that the components creating listeners, distributions and APIs apply. Plain
 * data, imported by components, their tests and the policy rules alike.
 */

/** What an HTTPS/TLS listener without sslPolicy gets from the API: it still accepts TLS 1.0. */
export const LB_DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08";

/**
 * Predefined ELB security policies that negotiate TLS 1.3 and accept nothing older than TLS 1.2,
 * from the ALB/NLB "Security policies" tables (2021-06 TLS 1.3, 2023-04 FIPS, 2023-07 RFC 9151 and
 * 2025-09 post-quantum families).
 */
export const LB_TLS13_SSL_POLICIES: readonly string[] = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

/** Every predefined ELB security policy whose minimum is TLS 1.2: the TLS 1.3 ones and the older TLS 1.2-only ones. */
export const LB_TLS12_SSL_POLICIES: readonly string[] = [
  ...LB_TLS13_SSL_POLICIES,
  "ELBSecurityPolicy-TLS-1-2-2017-01",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
  "ELBSecurityPolicy-FS-1-2-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

/** Security Hub's ELB.17 list (not customizable): the TLS 1.3 policies it recommends. */
export const ELB17_RECOMMENDED_SSL_POLICIES: readonly string[] = [
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

/** The policy components give new HTTPS listeners: TLS 1.3 and 1.2, the restricted cipher set, post-quantum key exchange. */
export const LB_PREFERRED_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/** Listener protocols that terminate TLS (ALB HTTPS, NLB TLS). */
export const LB_TLS_PROTOCOLS: readonly string[] = ["HTTPS", "TLS"];

/** ALB desync mitigation modes Security Hub accepts (ELB.12); "monitor" lets ambiguous requests through. */
export const LB_DESYNC_MITIGATION_MODES: readonly string[] = ["defensive", "strictest"];

/** CloudFront viewer protocol policies that never serve plain HTTP. */
export const CLOUDFRONT_VIEWER_PROTOCOL_POLICIES: readonly string[] = ["redirect-to-https", "https-only"];

/** CloudFront viewer security policies with TLS 1.2 or newer, as CloudFront.15 recommends them. */
export const CLOUDFRONT_MIN_PROTOCOL_VERSIONS: readonly string[] = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/** What a distribution without minimumProtocolVersion (or with the default certificate) accepts. */
export const CLOUDFRONT_DEFAULT_MIN_PROTOCOL_VERSION = "TLSv1";

/** Origin protocol policy for custom origins. */
export const CLOUDFRONT_ORIGIN_PROTOCOL_POLICY = "https-only";

/** SSL/TLS protocols CloudFront may use towards custom origins. */
export const CLOUDFRONT_ORIGIN_SSL_PROTOCOLS: readonly string[] = ["TLSv1.2"];

/** S3 REST endpoints (global, regional, dual-stack, China); S3 website endpoints (`s3-website`) are custom origins. */
export const S3_ORIGIN_DOMAIN = /\.s3(?!-website)([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i;

/** Standard logging v2 log type for CloudFront (aws.cloudwatch.LogDeliverySource). */
export const CLOUDFRONT_LOG_TYPE = "ACCESS_LOGS";

/**
 * API Gateway domain-name security policies with a TLS 1.2 minimum: the legacy TLS_1_2 and every
 * enhanced `SecurityPolicy_*` policy (API_DomainName securityPolicy valid values). TLS_1_0 is the
 * only one left out.
 */
export const APIGATEWAY_TLS12_SECURITY_POLICIES: readonly string[] = [
  "TLS_1_2",
  "SecurityPolicy_TLS13_1_3_2025_09",
  "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
  "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_2021_06",
  "SecurityPolicy_TLS13_2025_EDGE",
  "SecurityPolicy_TLS12_PFS_2025_EDGE",
  "SecurityPolicy_TLS12_2018_EDGE",
];

/** Security Hub's APIGateway.11 list (not customizable). */
export const APIGATEWAY_RECOMMENDED_SECURITY_POLICIES: readonly string[] = [
  "SecurityPolicy_TLS13_1_3_2025_09",
  "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
  "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
  "SecurityPolicy_TLS13_2025_EDGE",
  "SecurityPolicy_TLS12_PFS_2025_EDGE",
];

/** Execution logging levels that count as enabled (APIGateway.1). */
export const APIGATEWAY_LOGGING_LEVELS: readonly string[] = ["ERROR", "INFO"];

/** The MethodSettings path that applies to every method of a stage. */
export const APIGATEWAY_ALL_METHODS = "*/*";

/**
 * REST API method authorization types that make the caller authenticate (API_Method
 * authorizationType: every valid value but NONE): SigV4 with IAM, a Lambda authorizer, a Cognito
 * user pool.
 */
export const APIGATEWAY_AUTHENTICATED_AUTHORIZATIONS: readonly string[] = ["AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];

/** Methods that may stay open: a CORS preflight, which browsers send without credentials. */
export const APIGATEWAY_UNAUTHENTICATED_METHODS: readonly string[] = ["OPTIONS"];

/** Target group protocols whose health checks are HTTP requests to a path. */
export const LB_HTTP_HEALTH_CHECK_PROTOCOLS: readonly string[] = ["HTTP", "HTTPS"];

/** ACM (ACM.2): the shortest RSA key, in bits, a certificate may have. */
export const ACM_MIN_RSA_KEY_BITS = 2048;

/**
 * How ACM validates a certificate it issues. DNS (and HTTP, for CloudFront) validation lets ACM
 * renew on its own while the record stays; EMAIL needs someone to approve every renewal.
 */
export const ACM_MANUAL_VALIDATION_METHODS: readonly string[] = ["EMAIL"];

/** The certificate transparency preference that keeps a public certificate out of the CT logs. */
export const ACM_TRANSPARENCY_LOGGING_DISABLED = "DISABLED";

/** WAF visibility settings every web ACL, rule group and rule keeps on (WAF.12, and sampled requests for investigations). */
export const WAF_VISIBILITY_FLAGS = ["cloudwatchMetricsEnabled", "sampledRequestsEnabled"] as const;

/** The vended-log type of AWS WAF (aws.cloudwatch.LogDeliverySource logType). */
export const WAF_LOG_TYPE = "WAF_LOGS";

/**
 * The only region CloudFront takes a viewer certificate (ACM) and a web ACL (WAF, CLOUDFRONT scope)
 * from, wherever the rest of a stack runs; its standard logging (v2) delivery sources and the ACL's
 * log groups live there too.
 */
export const CLOUDFRONT_EDGE_REGION = "us-east-1";

/** The WAF scope of web ACLs a CloudFront distribution can use. */
export const CLOUDFRONT_WAF_SCOPE = "CLOUDFRONT";

/** AWS-managed CloudFront policies by name (CloudFront Developer Guide, "Use managed … policies"). */
export const CLOUDFRONT_MANAGED_POLICY_IDS = {
  /** Cache policy: TTLs 0, nothing in the cache key; for dynamic content. */
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  /** Origin request policy: every viewer header but Host, every cookie and query string. */
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
  /** Response headers policy: HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection. */
  securityHeaders: "67f7725c-6f97-4210-82d7-5512b31e9d03",
  /** The same security headers with CORS. */
  corsAndSecurityHeaders: "eaab4381-ed33-4a86-88ca-d9558dc6cd63",
  /** The same security headers with CORS and preflight. */
  corsWithPreflightAndSecurityHeaders: "e61eb60c-9c35-4d20-a928-2b84e02af89c",
} as const;

/** HSTS: one year at least (what browsers' preload lists require), subdomains included. */
export const CLOUDFRONT_HSTS_MIN_MAX_AGE_SECONDS = 31_536_000;

/** X-Frame-Options values that stop other sites framing the pages (clickjacking). */
export const CLOUDFRONT_FRAME_OPTIONS: readonly string[] = ["DENY", "SAMEORIGIN"];

/**
 * Status codes an origin group must fail over on: the primary origin's server errors. A group of
 * S3 origins adds 403 and 404 (what S3 answers for an object it does not have or cannot read).
 */
export const CLOUDFRONT_FAILOVER_STATUS_CODES: readonly number[] = [500, 502, 503, 504];
