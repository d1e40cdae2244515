// The component package's choices among fixed values. Each is an object `as const` with a type of
// the same name, the shape Pulumi's analyzer turns into an enum of the generated SDKs
// (`NatStrategy.PER_AZ` in Python); the TypeScript components take the same strings as unions of
// literals, which the analyzer does not read. tests/plugin/schema.test.ts checks at compile time
// that each holds exactly the component's strings.
// (Line comments: a JSDoc block here would become the first enum's description.)

/** How the private subnets reach the internet. */
export const NatStrategy = {
  /** One NAT gateway per AZ: an AZ outage cuts no other AZ off. */
  PerAz: "perAz",
  /** One NAT gateway shared by all private subnets, for cost-saving environments. */
  Single: "single",
} as const;
export type NatStrategy = (typeof NatStrategy)[keyof typeof NatStrategy];

/** The processed-data bucket's part in the pair of regions. */
export const ProcessedBucketRole = {
  /** The primary's bucket (S1). */
  Data: "data",
  /** The secondary's bucket, which S1 replicates into (the rule belongs to the secondary stack). */
  Replica: "replica",
} as const;
export type ProcessedBucketRole = (typeof ProcessedBucketRole)[keyof typeof ProcessedBucketRole];

/** The region's part in the pair, as the web tier's status function reports it. */
export const PlatformRole = {
  Primary: "primary",
  Secondary: "secondary",
} as const;
export type PlatformRole = (typeof PlatformRole)[keyof typeof PlatformRole];

/** Where the web application's tasks run. */
export const CapacityKind = {
  Fargate: "fargate",
  Ec2: "ec2",
} as const;
export type CapacityKind = (typeof CapacityKind)[keyof typeof CapacityKind];

/** The web tier's Aurora engine. */
export const DatabaseEngine = {
  AuroraMysql: "aurora-mysql",
  AuroraPostgresql: "aurora-postgresql",
} as const;
export type DatabaseEngine = (typeof DatabaseEngine)[keyof typeof DatabaseEngine];

/** The web tier's Aurora capacity. */
export const DatabaseMode = {
  Provisioned: "provisioned",
  Serverless: "serverless",
} as const;
export type DatabaseMode = (typeof DatabaseMode)[keyof typeof DatabaseMode];

/** The data lake's part in the pair of regions. */
export const LakeRole = {
  /** The lake with its processing, catalog and operations. */
  Primary: "primary",
  /** Only the bucket the primary's replicates into. */
  Replica: "replica",
} as const;
export type LakeRole = (typeof LakeRole)[keyof typeof LakeRole];

/** The engine of the Redis the data lake's credential is for. */
export const RedisEngine = {
  Redis: "redis",
  Valkey: "valkey",
} as const;
export type RedisEngine = (typeof RedisEngine)[keyof typeof RedisEngine];
