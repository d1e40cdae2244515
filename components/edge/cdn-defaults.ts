/**
 * GlobalDistribution's defaults. Plain data: the component, its tests and the policy rules read the
 * same values (the ones the pack enforces come from policy/baseline/edge.ts).
 */
import {
  CLOUDFRONT_EDGE_REGION,
  CLOUDFRONT_FAILOVER_STATUS_CODES,
  CLOUDFRONT_HSTS_MIN_MAX_AGE_SECONDS,
  CLOUDFRONT_MANAGED_POLICY_IDS,
  CLOUDFRONT_MIN_PROTOCOL_VERSIONS,
  CLOUDFRONT_ORIGIN_PROTOCOL_POLICY,
  CLOUDFRONT_ORIGIN_SSL_PROTOCOLS,
  CLOUDFRONT_WAF_SCOPE,
} from "../../policy/baseline/edge";

export { CLOUDFRONT_EDGE_REGION, CLOUDFRONT_MANAGED_POLICY_IDS, CLOUDFRONT_WAF_SCOPE };

/** CloudFront's price classes: the edge locations a distribution is served from. */
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** HTTP methods of the dynamic behaviours (the application takes writes) and of the static one. */
export const CDN_METHODS = {
  dynamic: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
  /** An origin group serves only GET, HEAD and OPTIONS requests. */
  static: ["GET", "HEAD", "OPTIONS"],
  cached: ["GET", "HEAD"],
} as const;

export const CDN_DEFAULTS = {
  /** The static assets' path: served from the assets bucket (keys under `static/`), cached long. */
  staticPathPattern: "/static/*",
  /** Dynamic paths named explicitly besides the default behaviour, never cached. */
  dynamicPathPatterns: ["/api/*"] as readonly string[],
  /** The cheapest price class: North America, Europe and Israel. */
  priceClass: "PriceClass_100" as PriceClass,
  /** HTTP/3 (QUIC) for viewers that support it, HTTP/2 and HTTP/1.1 for the rest. */
  httpVersion: "http2and3",
  ipv6: true,
  /**
   * Requested for `/`. CloudFront.1 wants one wherever a distribution has S3 origins; here `/` goes
   * to the application (the default behaviour), which answers `/index.html` as it answers `/`.
   */
  defaultRootObject: "index.html",
  /** Viewer TLS: TLS 1.2 with forward-secret ciphers at least (CloudFront.15). */
  minimumProtocolVersion: CLOUDFRONT_MIN_PROTOCOL_VERSIONS[0]!,
  sslSupportMethod: "sni-only",
  /** Static assets: a day unless the object's Cache-Control says otherwise, a year at most. */
  staticCache: { minTtlSeconds: 0, defaultTtlSeconds: 86_400, maxTtlSeconds: 31_536_000 },
  /** The longest TTL CloudFront accepts for a cache policy. */
  maxTtlLimitSeconds: 31_536_000,
  /** The static origin group fails over on S3's 403/404 (missing or unreadable object) and on server errors. */
  failoverStatusCodes: [403, 404, ...CLOUDFRONT_FAILOVER_STATUS_CODES] as readonly number[],
  /** Towards the application: HTTPS only, TLS 1.2 (CloudFront.9, CloudFront.10). */
  origin: {
    protocolPolicy: CLOUDFRONT_ORIGIN_PROTOCOL_POLICY,
    sslProtocols: CLOUDFRONT_ORIGIN_SSL_PROTOCOLS,
    httpPort: 80,
    httpsPort: 443,
    readTimeoutSeconds: 30,
    keepaliveTimeoutSeconds: 5,
  },
  /** Security response headers on every behaviour. */
  securityHeaders: {
    hstsMaxAgeSeconds: CLOUDFRONT_HSTS_MIN_MAX_AGE_SECONDS,
    frameOption: "DENY",
    referrerPolicy: "strict-origin-when-cross-origin",
  },
  /** The CloudFront-scope WAF ACL: requests per client IP per window. */
  rateLimit: 2000,
  rateLimitWindowSeconds: 300,
  /** The WAF ACL's request-log group, in days. */
  logRetentionInDays: 365,
  /** Standard logging (v2) to S3: one JSON record per request. */
  accessLogFormat: "json",
  shieldAdvanced: false,
} as const;
