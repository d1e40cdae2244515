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

/** How a new task definition reaches the web service. */
export const WebDeploymentStrategy = {
  /** ECS's rolling update (the circuit breaker, and the deployment alarms with `alarmTopicArn`, roll a failing one back). */
  Rolling: "rolling",
  /** CodeDeploy blue/green: a test listener, a traffic shift and a rollback on the deployment alarms (needs `alarmTopicArn`). */
  BlueGreen: "blue-green",
} as const;
export type WebDeploymentStrategy = (typeof WebDeploymentStrategy)[keyof typeof WebDeploymentStrategy];

/** CodeDeploy's predefined ECS configurations a blue/green release of the web service shifts traffic by. */
export const EcsDeploymentConfig = {
  /** 10% of the traffic, the rest 5 minutes later. */
  Canary10Percent5Minutes: "CodeDeployDefault.ECSCanary10Percent5Minutes",
  /** 10% of the traffic, the rest 15 minutes later. */
  Canary10Percent15Minutes: "CodeDeployDefault.ECSCanary10Percent15Minutes",
  /** 10% more every minute. */
  Linear10PercentEvery1Minutes: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
  /** 10% more every 3 minutes. */
  Linear10PercentEvery3Minutes: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
  /** All the traffic at once. */
  AllAtOnce: "CodeDeployDefault.ECSAllAtOnce",
} as const;
export type EcsDeploymentConfig = (typeof EcsDeploymentConfig)[keyof typeof EcsDeploymentConfig];

/** How CodeDeploy shifts a function's `live` alias to a new version. */
export const FunctionReleaseStrategy = {
  /** 10% first, the rest after `minutes`. */
  Canary: "canary",
  /** 10% more every `minutes`. */
  Linear: "linear",
  /** Everything at once. */
  AllAtOnce: "all-at-once",
} as const;
export type FunctionReleaseStrategy = (typeof FunctionReleaseStrategy)[keyof typeof FunctionReleaseStrategy];

/** The Git host of the delivery pipeline's new CodeConnections connection. */
export const ConnectionProviderType = {
  GitHub: "GitHub",
  GitHubEnterpriseServer: "GitHubEnterpriseServer",
  GitLab: "GitLab",
  GitLabSelfManaged: "GitLabSelfManaged",
  Bitbucket: "Bitbucket",
} as const;
export type ConnectionProviderType = (typeof ConnectionProviderType)[keyof typeof ConnectionProviderType];
