/**
 * Cost baseline: the instance families the platform may run, as IAM-style patterns (`*` matches
 * any run of characters). Current-generation burstable, Graviton and Intel/AMD families in sizes
 * the workloads use; anything else is a deliberate pack-config change.
 */

/** EC2 instances and launch templates (the Minikube and monitoring hosts, build runners). */
export const ALLOWED_EC2_INSTANCE_TYPES: readonly string[] = [
  "t3.*",
  "t3a.*",
  "t4g.*",
  "m6g.*",
  "m6i.*",
  "m7g.*",
  "m7i.*",
  "c6g.*",
  "c7g.*",
  "r6g.*",
  "r7g.*",
];

/** RDS and Aurora instances; `db.serverless` is an Aurora Serverless v2 instance. */
export const ALLOWED_RDS_INSTANCE_CLASSES: readonly string[] = [
  "db.serverless",
  "db.t3.*",
  "db.t4g.*",
  "db.m6g.*",
  "db.m7g.*",
  "db.r6g.*",
  "db.r7g.*",
];

/** ElastiCache (Redis/Valkey) nodes. */
export const ALLOWED_ELASTICACHE_NODE_TYPES: readonly string[] = [
  "cache.t3.*",
  "cache.t4g.*",
  "cache.m6g.*",
  "cache.m7g.*",
  "cache.r6g.*",
  "cache.r7g.*",
];
