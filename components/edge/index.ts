/**
 * The global edge: each region's members of the shared Route 53 names (failover for the web
 * application, latency for the API), and the primary's CloudFront distribution.
 */
export * from "./defaults";
export * from "./failover-endpoint";
export * from "./health-check-metrics";
export * from "./latency-endpoint";
export type { HealthCheckTiming } from "./validation";
export * from "./cdn-defaults";
export {
  CLOUDFRONT_SERVICE_PRINCIPAL,
  cloudFrontDecryptStatement,
  cloudFrontReadStatements,
  staticKeyPrefix,
} from "./cdn-access";
/** The CDN origins' bucket names, drawn before the buckets exist (storage's `randomBucketName`). */
export { randomBucketName as originBucketName } from "../storage/bucket-name";
export { GlobalDistribution, type CdnBucketOrigin, type GlobalDistributionArgs } from "./distribution";
export { InvalidArgError } from "../shared/errors";
