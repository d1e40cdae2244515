export * from "./cdn-defaults";
export {
  CLOUDFRONT_SERVICE_PRINCIPAL,
  cloudFrontDecryptStatement,
  cloudFrontReadStatements,
  staticKeyPrefix,
} from "./cdn-access";
export { originBucketName } from "./cdn-bucket-name";
export { GlobalDistribution, type CdnBucketOrigin, type GlobalDistributionArgs } from "./distribution";
export { InvalidArgError } from "../shared/errors";
