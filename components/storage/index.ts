export * from "./defaults";
export {
  BucketReplication,
  BUCKET_REPLICATION_METRIC_IDS,
  type BucketReplicationArgs,
  type BucketReplicationMetricId,
} from "./replication";
export {
  SecureBucket,
  type BucketRef,
  type GrantOptions,
  type PolicyStatement,
  type SecureBucketArgs,
} from "./secure-bucket";
export {
  checkPrefix,
  objectDeliveryStatements,
  objectReadStatements,
  objectWriteStatements,
  type ObjectGrantTarget,
} from "./object-grants";
export { AccessLogBucket, type AccessLogBucketArgs } from "./access-log-bucket";
export { InvalidArgError } from "../shared/errors";
export { randomBucketName } from "./bucket-name";
