import { rateLimitProblem } from "../security/web-acl";
import { checkThresholds, type Thresholds } from "../shared/metrics";
import { assertRegionName, DNS_NAME } from "../shared/naming";
import type { DatabaseSettings } from "./database";
import {
  ALB_PATH_PATTERN,
  CAPACITY_KINDS,
  DATABASE_DEFAULTS,
  DATABASE_ENGINES,
  DATABASE_MODES,
  DEPLOYMENT_DEFAULTS,
  DEPLOYMENT_STRATEGIES,
  ECS_DEPLOYMENT_CONFIGS,
  EC2_CAPACITY_DEFAULTS,
  WEB_PORTS,
  WEB_TIER_DEFAULTS,
} from "./defaults";
import { WEB_TIER_METRIC_IDS, type WebTierMetricId } from "./metrics";
import type { ResilientWebTierArgs } from "./web-tier";

function oneOf(arg: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new Error(`${arg}: "${value}" is not one of ${allowed.join(", ")}`);
}

export interface WebTierSettings {
  app: Required<Omit<NonNullable<ResilientWebTierArgs["app"]>, "image" | "ec2">> & {
    ec2: { instanceType: string; minInstances: number; maxInstances: number };
  };
  database: DatabaseSettings;
  loadBalancer: Required<NonNullable<ResilientWebTierArgs["loadBalancer"]>>;
  lambdaPath?: string;
  deployment: DeploymentSettings;
  thresholds: Thresholds<WebTierMetricId>;
}

/** `deployment` completed with its defaults. */
export type DeploymentSettings =
  | { strategy: "rolling" }
  | {
      strategy: "blue-green";
      deploymentConfigName: string;
      testListenerPort: number;
      testListenerCidrs?: string[];
      terminationWaitMinutes: number;
      approvalWaitMinutes: number;
    };

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const isCidr = (c: string) => {
  const m = CIDR.exec(c);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
};

/** The deployment strategy and its settings, checked (README, "Releasing the web service"). */
export function validateDeployment(
  given: ResilientWebTierArgs["deployment"],
  alarmTopicGiven: boolean,
  reserved: readonly number[],
): DeploymentSettings {
  const d: NonNullable<ResilientWebTierArgs["deployment"]> = given ?? { strategy: "rolling" };
  oneOf("deployment.strategy", d.strategy, DEPLOYMENT_STRATEGIES);
  if (d.strategy !== "blue-green") return { strategy: "rolling" };
  // CodeDeploy rolls a deployment back on the tier's alarms, which notify the alarm topic.
  if (!alarmTopicGiven)
    throw new Error(
      `alarmTopicArn: a blue-green deployment rolls back on the tier's deployment alarms, which notify the region's alarm topic: give its ARN`,
    );
  const settings = {
    strategy: "blue-green" as const,
    deploymentConfigName: d.deploymentConfigName ?? DEPLOYMENT_DEFAULTS.deploymentConfigName,
    testListenerPort: d.testListenerPort ?? DEPLOYMENT_DEFAULTS.testListenerPort,
    ...(d.testListenerCidrs === undefined ? {} : { testListenerCidrs: d.testListenerCidrs }),
    terminationWaitMinutes: d.terminationWaitMinutes ?? DEPLOYMENT_DEFAULTS.terminationWaitMinutes,
    approvalWaitMinutes: d.approvalWaitMinutes ?? DEPLOYMENT_DEFAULTS.approvalWaitMinutes,
  };
  oneOf("deployment.deploymentConfigName", settings.deploymentConfigName, ECS_DEPLOYMENT_CONFIGS);
  const port = settings.testListenerPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535 || reserved.includes(port))
    throw new Error(
      `deployment.testListenerPort: ${port} is not a free port from 1 to 65535 (the load balancer already listens on ${reserved.join(" and ")})`,
    );
  const cidrs = settings.testListenerCidrs;
  if (cidrs !== undefined) {
    if (cidrs.length === 0)
      throw new Error(`deployment.testListenerCidrs: give at least one range, or leave it out for the VPC's`);
    for (const c of cidrs) {
      if (!isCidr(c)) throw new Error(`deployment.testListenerCidrs: "${c}" is not an IPv4 CIDR range`);
      if (Number(c.split("/")[1]) < 8)
        throw new Error(
          `deployment.testListenerCidrs: "${c}" is wider than a /8: the test listener is not for the internet`,
        );
    }
  }
  const minutes = (arg: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${arg}: ${value} is not a whole number of minutes from ${min} to ${max}`);
  };
  // CodeDeploy's limits: the original tasks are kept up to 2 days, a ready wait lasts up to 2 days.
  minutes("deployment.terminationWaitMinutes", settings.terminationWaitMinutes, 0, 2880);
  minutes("deployment.approvalWaitMinutes", settings.approvalWaitMinutes, 0, 2880);
  return settings;
}

/** RDS cluster identifiers: 63 characters; ElastiCache replication groups: 40. The name carries `-cache-<region code>`. */
const NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const MAX_NAME_LENGTH = 20;

/** The tier's args checked and completed with their defaults, before anything is created. */
export function validateWebTierArgs(name: string, args: ResilientWebTierArgs): WebTierSettings {
  assertRegionName("region", args.region);
  if (!NAME.test(name) || name.length > MAX_NAME_LENGTH || name.includes("--"))
    throw new Error(
      `name: "${name}" must be at most ${MAX_NAME_LENGTH} lower-case letters, digits and single hyphens, starting with a letter (it names the database clusters and the cache)`,
    );
  if (!DNS_NAME.test(args.hostName))
    throw new Error(`hostName: "${args.hostName}" is not a lower-case DNS host name such as "app.example.com"`);
  const a = args.app ?? {};
  const whole = (arg: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${arg}: ${value} is not a whole number from ${min} to ${max}`);
  };
  const app = {
    desiredTasks: a.desiredTasks ?? WEB_TIER_DEFAULTS.desiredTasks,
    minTasks: a.minTasks ?? WEB_TIER_DEFAULTS.minTasks,
    maxTasks: a.maxTasks ?? WEB_TIER_DEFAULTS.maxTasks,
    cpuTargetPercent: a.cpuTargetPercent ?? WEB_TIER_DEFAULTS.cpuTargetPercent,
    cpu: a.cpu ?? WEB_TIER_DEFAULTS.taskCpu,
    memory: a.memory ?? WEB_TIER_DEFAULTS.taskMemory,
    capacity: a.capacity ?? WEB_TIER_DEFAULTS.capacity,
    ec2: {
      instanceType: a.ec2?.instanceType ?? EC2_CAPACITY_DEFAULTS.instanceType,
      minInstances: a.ec2?.minInstances ?? EC2_CAPACITY_DEFAULTS.minInstances,
      maxInstances: a.ec2?.maxInstances ?? EC2_CAPACITY_DEFAULTS.maxInstances,
    },
  };
  whole("app.minTasks", app.minTasks, 1, 1000);
  whole("app.maxTasks", app.maxTasks, app.minTasks, 1000);
  whole("app.desiredTasks", app.desiredTasks, app.minTasks, app.maxTasks);
  whole("app.cpuTargetPercent", app.cpuTargetPercent, 10, 95);
  oneOf("app.capacity", app.capacity, CAPACITY_KINDS);
  whole("app.ec2.minInstances", app.ec2.minInstances, 0, 1000);
  whole("app.ec2.maxInstances", app.ec2.maxInstances, Math.max(1, app.ec2.minInstances), 1000);

  const d = args.database ?? {};
  const engine = d.engine ?? DATABASE_DEFAULTS.engine;
  oneOf("database.engine", engine, DATABASE_ENGINES);
  const database: DatabaseSettings = {
    engine,
    mode: d.mode ?? DATABASE_DEFAULTS.mode,
    engineVersion: d.engineVersion ?? DATABASE_DEFAULTS.engineVersions[engine],
    instanceClass: d.instanceClass ?? DATABASE_DEFAULTS.instanceClass,
    readers: d.readers ?? DATABASE_DEFAULTS.readers,
    maxReaders: d.maxReaders ?? DATABASE_DEFAULTS.maxReaders,
    readerCpuTargetPercent: d.readerCpuTargetPercent ?? DATABASE_DEFAULTS.readerCpuTargetPercent,
    serverlessMinCapacity: d.serverlessMinCapacity ?? DATABASE_DEFAULTS.serverlessMinCapacity,
    serverlessMaxCapacity: d.serverlessMaxCapacity ?? DATABASE_DEFAULTS.serverlessMaxCapacity,
    backupRetentionDays: d.backupRetentionDays ?? DATABASE_DEFAULTS.backupRetentionDays,
  };
  oneOf("database.mode", database.mode, DATABASE_MODES);
  if (database.mode === "provisioned" && !/^db\.(r[5-9]|x[1-9])[a-z0-9-]*\.[a-z0-9]+$/.test(database.instanceClass))
    throw new Error(
      `database.instanceClass: "${database.instanceClass}" cannot serve an Aurora global database (db.r5 or larger memory-optimized classes only)`,
    );
  whole("database.readers", database.readers, 1, 15);
  whole("database.maxReaders", database.maxReaders, database.readers, 15);
  whole("database.backupRetentionDays", database.backupRetentionDays, 7, 35);
  if (
    !(database.serverlessMinCapacity >= 0 && database.serverlessMaxCapacity >= 1) ||
    database.serverlessMinCapacity > database.serverlessMaxCapacity ||
    database.serverlessMaxCapacity > 256
  )
    throw new Error(
      `database.serverlessMinCapacity/serverlessMaxCapacity: ${database.serverlessMinCapacity}-${database.serverlessMaxCapacity} ACUs is not a range within 0-256 (max at least 1)`,
    );

  const lb = args.loadBalancer ?? {};
  const loadBalancer = {
    deletionProtection: lb.deletionProtection ?? WEB_TIER_DEFAULTS.deletionProtection,
    sslPolicy: lb.sslPolicy ?? WEB_TIER_DEFAULTS.sslPolicy,
    rateLimit: lb.rateLimit ?? WEB_TIER_DEFAULTS.rateLimit,
    rateLimitWindowSeconds: lb.rateLimitWindowSeconds ?? WEB_TIER_DEFAULTS.rateLimitWindowSeconds,
  };
  const rate = rateLimitProblem(loadBalancer.rateLimit, loadBalancer.rateLimitWindowSeconds);
  if (rate) throw new Error(`loadBalancer.rateLimit: ${rate}`);
  if (!/^ELBSecurityPolicy-TLS13-/.test(loadBalancer.sslPolicy))
    throw new Error(
      `loadBalancer.sslPolicy: "${loadBalancer.sslPolicy}" is not a TLS 1.3 policy (ELBSecurityPolicy-TLS13-*)`,
    );

  const target = args.lambdaTarget ?? {};
  const lambdaPath = "skip" in target ? undefined : (target.path ?? WEB_TIER_DEFAULTS.lambdaPath);
  if (lambdaPath !== undefined && !ALB_PATH_PATTERN.test(lambdaPath))
    throw new Error(
      `lambdaTarget.path: "${lambdaPath}" is not an ALB path pattern (starting with "/", at most 128 characters)`,
    );

  const deployment = validateDeployment(args.deployment, args.alarmTopicArn !== undefined, [
    WEB_PORTS.http,
    WEB_PORTS.https,
  ]);
  const thresholds = checkThresholds("ResilientWebTier", WEB_TIER_METRIC_IDS, args.thresholds);
  return { app, database, loadBalancer, lambdaPath, deployment, thresholds };
}
