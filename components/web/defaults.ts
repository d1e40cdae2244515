/** ResilientWebTier's defaults, in one place; the values the pack enforces come from its baselines. */
import { LOG_RETENTION } from "../../policy/baseline/observability";

/** The ports of the security-group chain (README, "ResilientWebTier"). */
export const WEB_PORTS = {
  http: 80,
  https: 443,
  app: 8000,
  mysql: 3306,
  postgres: 5432,
  redis: 6379,
  nfs: 2049,
} as const;

/** A path pattern an ALB listener rule accepts: "/" first, at most 128 characters, with * and ? wildcards. */
export const ALB_PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+*?&]{0,127}$/;

export const CAPACITY_KINDS = ["fargate", "ec2"] as const;
export type CapacityKind = (typeof CAPACITY_KINDS)[number];

export const DATABASE_ENGINES = ["aurora-mysql", "aurora-postgresql"] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

export const DATABASE_MODES = ["provisioned", "serverless"] as const;
export type DatabaseMode = (typeof DATABASE_MODES)[number];

export const WEB_TIER_DEFAULTS = {
  /** Tasks the service starts with, and the auto-scaling range around it. */
  desiredTasks: 2,
  minTasks: 2,
  maxTasks: 10,
  /** Target-tracking on the service's average CPU. */
  cpuTargetPercent: 70,
  scaleInCooldownSeconds: 300,
  scaleOutCooldownSeconds: 60,
  /** Fargate task size: 0.5 vCPU, 1 GiB. */
  taskCpu: 512,
  taskMemory: 1024,
  capacity: "fargate" as CapacityKind,
  /** TLS 1.3 (and 1.2 for older clients) with post-quantum key exchange; the API's own default accepts TLS 1.0. */
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  deletionProtection: true,
  healthCheckPath: "/health",
  /** Requests per source IP in the window before WAF blocks it. */
  rateLimit: 2000,
  rateLimitWindowSeconds: 300,
  logRetentionInDays: LOG_RETENTION.defaultRetentionDays,
  /** The ALB path pattern served by the Lambda target (seed 001: ALB → Lambda). */
  lambdaPath: "/api/status",
  /** Seconds the ALB waits for in-flight requests when a task is deregistered (the app drains on SIGTERM). */
  deregistrationDelaySeconds: 30,
  /** ECS waits this long after SIGTERM before SIGKILL. */
  stopTimeoutSeconds: 30,
} as const;

/** How a new task definition reaches the service: ECS's rolling update, or CodeDeploy's blue/green traffic shift. */
export const DEPLOYMENT_STRATEGIES = ["rolling", "blue-green"] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/**
 * CodeDeploy's predefined configurations for ECS (a canary shifts 10% then the rest, a linear one
 * 10% at a time, all-at-once everything): the only ones a blue/green deployment group of the tier
 * takes (the EC2 and Lambda ones are refused by CodeDeploy for an ECS application).
 */
export const ECS_DEPLOYMENT_CONFIGS = [
  "CodeDeployDefault.ECSCanary10Percent5Minutes",
  "CodeDeployDefault.ECSCanary10Percent15Minutes",
  "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
  "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
  "CodeDeployDefault.ECSAllAtOnce",
] as const;
export type EcsDeploymentConfig = (typeof ECS_DEPLOYMENT_CONFIGS)[number];

export const DEPLOYMENT_DEFAULTS = {
  strategy: "rolling" as DeploymentStrategy,
  /** 10% of the traffic for 5 minutes (the alarms watching), then the rest. */
  deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent5Minutes" as EcsDeploymentConfig,
  /** The test listener's port (HTTPS): the replacement tasks answer there before any production traffic. */
  testListenerPort: 8443,
  /** Minutes the original (blue) tasks keep running after the shift, so a rollback is a listener change. */
  terminationWaitMinutes: 30,
  /** Minutes CodeDeploy waits for `continue-deployment` before shifting; 0 shifts as soon as the replacement tasks are healthy. */
  approvalWaitMinutes: 0,
  /** The deployment alarms: the tier's 5xx and unhealthy-host signals, at one-minute periods, two in a row. */
  alarmPeriodSeconds: 60,
  alarmEvaluationPeriods: 2,
} as const;

/** The EC2 capacity option: instances of the ECS-optimized AMI in an Auto Scaling group. */
export const EC2_CAPACITY_DEFAULTS = {
  instanceType: "m7g.large",
  minInstances: 2,
  maxInstances: 10,
  /** Managed scaling keeps the instances this full. */
  targetCapacityPercent: 90,
  rootVolumeGiB: 30,
  /** The ECS-optimized Amazon Linux 2023 arm64 AMI, from its public SSM parameter. */
  amiParameter: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
} as const;

export const DATABASE_DEFAULTS = {
  engine: "aurora-mysql" as DatabaseEngine,
  mode: "provisioned" as DatabaseMode,
  /** Versions a global database supports in every commercial region (Aurora MySQL 3.01+, PostgreSQL 13.4+). */
  engineVersions: { "aurora-mysql": "8.0.mysql_aurora.3.08.2", "aurora-postgresql": "16.6" } as Record<
    DatabaseEngine,
    string
  >,
  /** Global databases need db.r5 or larger (no burstable classes). */
  instanceClass: "db.r6g.large",
  /** Serverless v2 capacity range, in ACUs. */
  serverlessMinCapacity: 0.5,
  serverlessMaxCapacity: 16,
  backupRetentionDays: 7,
  databaseName: "app",
  masterUsername: "app_admin",
  /** Aurora replicas besides the writer (the primary's read scaling starts here). */
  readers: 1,
  maxReaders: 5,
  readerCpuTargetPercent: 70,
  passwordLength: 32,
  /** Days between rotations of the master password. */
  rotationDays: 30,
  logExports: { "aurora-mysql": ["audit", "error", "slowquery"], "aurora-postgresql": ["postgresql"] } as Record<
    DatabaseEngine,
    string[]
  >,
} as const;

export const CACHE_DEFAULTS = {
  engineVersion: "7.1",
  nodeType: "cache.t4g.medium",
  /** A primary and a replica in another AZ: what automatic failover needs. */
  nodes: 2,
  snapshotRetentionDays: 7,
  /** ElastiCache AUTH tokens: 16-128 printable characters; of the symbols only these are allowed. */
  authTokenLength: 64,
  authTokenSpecials: "!&#$^<>-",
} as const;

/**
 * The file system every task mounts, through an access point as a fixed non-root user. A replica
 * is read-only: the secondary's tasks mount theirs read-only until it is promoted.
 */
export const FILE_SYSTEM_DEFAULTS = {
  rootPath: "/app-data",
  mountPath: "/mnt/app-data",
  uid: 1000,
  gid: 1000,
  permissions: "750",
} as const;
