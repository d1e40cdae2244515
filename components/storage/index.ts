export * from "./defaults";
export { BucketReplication, type BucketReplicationArgs } from "./replication";
export {
  SecureBucket,
  type BucketRef,
  type GranteeRole,
  type GrantOptions,
  type PolicyStatement,
  type SecureBucketArgs,
} from "./secure-bucket";
export { AccessLogBucket, type AccessLogBucketArgs } from "./access-log-bucket";
