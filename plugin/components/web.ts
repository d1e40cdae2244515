import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invalidArg, validating } from "../../components/shared/errors";
import { ResilientWebTier as WebTier, type ResilientWebTierArgs as WebTierArgs } from "../../components/web";
import type {
  CapacityKind,
  DatabaseEngine,
  DatabaseMode,
  EcsDeploymentConfig,
  PlatformRole,
  WebDeploymentStrategy,
} from "./enums";
import { networkFromRef, type NetworkRef } from "./network-ref";
import { adopt } from "./outputs";
import { functionReleaseArgs, type FunctionRelease } from "./release";

/**
 * The primary's tier, for the secondary, by its outputs, and the primary's region: the facade
 * makes the provider the TypeScript `peer.provider` is (a program in another language cannot pass
 * a provider object across).
 */
export interface WebTierPeer {
  /** The primary's region; the facade creates an aws provider for it (`<name>-peer`). */
  region: string;
  /** Default tags of that provider (the primary's provider's, so what it creates there is tagged alike). Default: none. */
  providerTags?: Record<string, string>;
  /** The primary's key. */
  kmsKeyArn: pulumi.Input<string>;
  /** The primary tier's `globalClusterIdentifier`. */
  globalClusterIdentifier: pulumi.Input<string>;
  /** The primary tier's `databaseSecretArn`. */
  databaseSecretArn: pulumi.Input<string>;
  /** The key of the primary's database secret (the primary's key). */
  databaseSecretKmsKeyArn: pulumi.Input<string>;
  /** The primary tier's `fileSystemId`. */
  fileSystemId: pulumi.Input<string>;
  /** The primary tier's `staticAssetsBucketName`. */
  staticAssetsBucketName: pulumi.Input<string>;
  /** The primary tier's `staticAssetsBucketArn`. */
  staticAssetsBucketArn: pulumi.Input<string>;
}

/** A region (and its key) the database secret is replicated to. */
export interface SecretReplica {
  region: string;
  kmsKeyArn: pulumi.Input<string>;
}

/** The EC2 capacity's instances. */
export interface Ec2Capacity {
  /** Default: m7g.large. */
  instanceType?: string;
  /** Default: 2. */
  minInstances?: number;
  /** Default: 10. */
  maxInstances?: number;
}

/** The application's image, size, scaling and capacity. */
export interface AppSettings {
  /** An image of your own, instead of functions/web-app built into the tier's repository. Default: built. */
  image?: pulumi.Input<string>;
  /** Default: 2. */
  desiredTasks?: number;
  /** Default: 2. */
  minTasks?: number;
  /** Default: 10. */
  maxTasks?: number;
  /** Default: 70. */
  cpuTargetPercent?: number;
  /** Fargate task CPU units. Default: 512. */
  cpu?: number;
  /** Task memory, MiB. Default: 1024. */
  memory?: number;
  /** Default: fargate. */
  capacity?: CapacityKind;
  /** The EC2 capacity's instances. */
  ec2?: Ec2Capacity;
}

/** Database settings (the same in both regions); each one left out is the component's default. */
export interface DatabaseSettings {
  /** Default: aurora-mysql. */
  engine?: DatabaseEngine;
  /** Default: provisioned. */
  mode?: DatabaseMode;
  /** Default: 8.0.mysql_aurora.3.08.2. */
  engineVersion?: string;
  /** Default: db.r6g.large. */
  instanceClass?: string;
  /** Default: 1. */
  readers?: number;
  /** Default: 5. */
  maxReaders?: number;
  readerCpuTargetPercent?: number;
  serverlessMinCapacity?: number;
  serverlessMaxCapacity?: number;
  /** Default: 7. */
  backupRetentionDays?: number;
}

/** The load balancer. */
export interface LoadBalancerSettings {
  /** Default: true; false for ephemeral environments. */
  deletionProtection?: boolean;
  /** Default: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09. */
  sslPolicy?: string;
  /** WAF requests per IP per window. Default: 2000. */
  rateLimit?: number;
  /** Default: 300. */
  rateLimitWindowSeconds?: number;
}

/** The Lambda target behind the load balancer. */
export interface LambdaTarget {
  /** The path it serves. Default: "/api/status". Not with `skip`. */
  path?: string;
  /** No Lambda target. Default: false. */
  skip?: boolean;
}

/**
 * How a new task definition reaches the service (the TypeScript `WebTierDeployment`, a union by
 * `strategy`, flattened): the other fields are blue-green's and refused with `rolling`.
 */
export interface WebDeployment {
  /** rolling (ECS's rolling update) or blue-green (CodeDeploy; needs `alarmTopicArn`). */
  strategy: WebDeploymentStrategy;
  /** Blue-green: CodeDeploy's traffic shift. Default: CodeDeployDefault.ECSCanary10Percent5Minutes. */
  deploymentConfigName?: EcsDeploymentConfig;
  /** Blue-green: the test listener's HTTPS port. Default: 8443. */
  testListenerPort?: number;
  /** Blue-green: who may reach the test listener, IPv4 ranges none wider than a /8. Default: the VPC's CIDR. */
  testListenerCidrs?: string[];
  /** Blue-green: minutes the original tasks keep running after the shift. Default: 30. */
  terminationWaitMinutes?: number;
  /** Blue-green: minutes CodeDeploy holds the replacement tasks on the test listener; 0 shifts once they are healthy. Default: 0. */
  approvalWaitMinutes?: number;
}

/** The blue-green fields of WebDeployment, which `rolling` has none of. */
const BLUE_GREEN_FIELDS = [
  "deploymentConfigName",
  "testListenerPort",
  "testListenerCidrs",
  "terminationWaitMinutes",
  "approvalWaitMinutes",
] as const satisfies readonly (keyof WebDeployment)[];

/** The TypeScript `deployment` from the package's; a blue-green field with `rolling` is an error naming it. */
export function webDeploymentArgs(d: WebDeployment | undefined): WebTierArgs["deployment"] {
  if (d === undefined) return undefined;
  if (d.strategy !== "blue-green") {
    const given = BLUE_GREEN_FIELDS.filter((f) => d[f] !== undefined);
    if (given.length > 0)
      throw invalidArg(
        "ResilientWebTier",
        `deployment.${given[0]}`,
        `a blue-green setting with strategy ${JSON.stringify(d.strategy)}; give strategy "blue-green" or leave ${given.join(", ")} out`,
      );
    // A string that is neither goes on as given too (a YAML program is not held to the enum): the component rejects it by name.
    return { strategy: d.strategy };
  }
  return {
    strategy: d.strategy,
    deploymentConfigName: d.deploymentConfigName,
    testListenerPort: d.testListenerPort,
    testListenerCidrs: d.testListenerCidrs,
    terminationWaitMinutes: d.terminationWaitMinutes,
    approvalWaitMinutes: d.approvalWaitMinutes,
  };
}

/**
 * ResilientWebTier's args in the component package. Where they differ from the TypeScript ones:
 * `network` is a NetworkRef (a RegionalNetwork's outputs) instead of the RegionalNetwork object;
 * `peer` names the primary's region (and its provider's tags) instead of passing a provider;
 * enums for `platformRole`, `app.capacity`, `database.engine` and `database.mode`;
 * `lambdaTarget.skip` and `skipBackup` booleans; `staticAssetsBucketName` without the bucket's
 * extra policy statements; `deployment` one object with a `strategy` enum and blue-green's fields
 * flat; `functionRelease.strategy` an enum; `thresholds` a map of strings.
 */
export interface ResilientWebTierArgs {
  /** The region the tier deploys to, its provider's (checked). */
  region: string;
  /** The region's CMK. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's network, by a RegionalNetwork's outputs. */
  network: NetworkRef;
  /** The network's number of AZs (2 or 3). */
  availabilityZoneCount: number;
  /** The region's S3 server access log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /** The application's host name (the certificate's and the DNS record's). */
  hostName: string;
  /** The Route 53 zone of `hostName`. */
  hostedZoneId: pulumi.Input<string>;
  /** Create the certificate's DNS validation record. Default: true without `peer`, false with it. */
  createValidationRecord?: boolean;
  /** Reported by the status function. Default: by `peer`. */
  platformRole?: PlatformRole;
  /** The primary's tier, for the secondary. Default: none (this is the primary). */
  peer?: WebTierPeer;
  /** Regions the database secret is replicated to. Default: none. */
  secretReplicas?: SecretReplica[];
  /** Default: functions/web-app on Fargate, 2 tasks scaling 2-10 on 70% CPU. */
  app?: AppSettings;
  /** Default: aurora-mysql, provisioned db.r6g.large writer + 1 reader (up to 5), backups 7 days. */
  database?: DatabaseSettings;
  /** The Redis node type (two nodes, in two AZs). Default: cache.t4g.medium. */
  cacheNodeType?: string;
  /** Default: deletion protection on, TLS 1.3 policy, WAF 2000 requests per IP per 300 s. */
  loadBalancer?: LoadBalancerSettings;
  /** Default: serves "/api/status". */
  lambdaTarget?: LambdaTarget;
  /** An exact name for the static-assets bucket. Default: auto-named. */
  staticAssetsBucketName?: pulumi.Input<string>;
  /** No AWS Backup plan of the tier's own (the region's ObservabilityStack backs it up). Default: false. */
  skipBackup?: boolean;
  /** How a new task definition reaches the service. Default: rolling. */
  deployment?: WebDeployment;
  /** The region's alarm topic (ObservabilityStack's `topicArn`): the deployment alarms notify it. Required for blue-green. Default: none. */
  alarmTopicArn?: pulumi.Input<string>;
  /** How CodeDeploy releases the tier's functions' new versions. Default: canary, 10% for 5 minutes. */
  functionRelease?: FunctionRelease;
  /** Alarm thresholds by metric id (a WebTierMetricId of the TypeScript package); an unknown id is an error. */
  thresholds?: Record<string, number>;
}

/**
 * The web tier of seed 001 in one region: an internet-facing ALB (TLS, WAF) in front of an ECS
 * service, an Aurora cluster (global in the primary), Redis, EFS and a static-assets bucket. The
 * TypeScript ResilientWebTier (components/web) with the args above.
 */
export class ResilientWebTier extends pulumi.ComponentResource {
  /** `https://<hostName>`. */
  public readonly url!: pulumi.Output<string>;
  public readonly loadBalancerArn!: pulumi.Output<string>;
  public readonly loadBalancerDnsName!: pulumi.Output<string>;
  public readonly loadBalancerZoneId!: pulumi.Output<string>;
  public readonly clusterName!: pulumi.Output<string>;
  public readonly serviceName!: pulumi.Output<string>;
  public readonly databaseClusterIdentifier!: pulumi.Output<string>;
  public readonly databaseClusterArn!: pulumi.Output<string>;
  public readonly databaseWriterEndpoint!: pulumi.Output<string>;
  public readonly databaseReaderEndpoint!: pulumi.Output<string>;
  /** Pass it to the secondary's `peer.globalClusterIdentifier`. */
  public readonly globalClusterIdentifier!: pulumi.Output<string>;
  public readonly databaseSecretArn!: pulumi.Output<string>;
  public readonly cacheSecretArn!: pulumi.Output<string>;
  public readonly cacheEndpoint!: pulumi.Output<string>;
  /** The Redis AUTH token (a secret). */
  public readonly cacheAuthToken!: pulumi.Output<string>;
  public readonly fileSystemId!: pulumi.Output<string>;
  public readonly fileSystemArn!: pulumi.Output<string>;
  public readonly staticAssetsBucketName!: pulumi.Output<string>;
  public readonly staticAssetsBucketArn!: pulumi.Output<string>;
  public readonly discoveryName!: pulumi.Output<string>;
  public readonly appSecurityGroupId!: pulumi.Output<string>;
  /** Blue-green: the CodeDeploy application a release names (undefined for rolling). */
  public readonly codeDeployApplicationName!: pulumi.Output<string | undefined>;
  /** Blue-green: the CodeDeploy deployment group a release names (undefined for rolling). */
  public readonly deploymentGroupName!: pulumi.Output<string | undefined>;
  /** Blue-green: CodeDeploy's CreateDeployment request (JSON) for the task definition this update registered (undefined for rolling). */
  public readonly releaseRequest!: pulumi.Output<string | undefined>;

  constructor(name: string, args: ResilientWebTierArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = validating("ResilientWebTier", () => {
      if (args.lambdaTarget?.skip && args.lambdaTarget.path !== undefined)
        throw invalidArg("ResilientWebTier", "lambdaTarget", "path with skip: true; give one or the other");
      return {
        deployment: webDeploymentArgs(args.deployment),
        functionRelease: functionReleaseArgs("ResilientWebTier", args.functionRelease),
      };
    });
    super("twin-region:index:ResilientWebTier", name, {}, opts);
    const parent = this;
    const { peer, lambdaTarget } = args;
    const tsArgs: WebTierArgs = {
      region: args.region,
      kmsKeyArn: args.kmsKeyArn,
      network: networkFromRef(args.network, name, parent),
      availabilityZoneCount: args.availabilityZoneCount,
      accessLogBucketName: args.accessLogBucketName,
      hostName: args.hostName,
      hostedZoneId: args.hostedZoneId,
      createValidationRecord: args.createValidationRecord,
      platformRole: args.platformRole,
      peer: peer && {
        ...peer,
        provider: new aws.Provider(
          `${name}-peer`,
          { region: peer.region, defaultTags: peer.providerTags && { tags: peer.providerTags } },
          { parent },
        ),
      },
      secretReplicas: args.secretReplicas,
      app: args.app,
      database: args.database,
      cacheNodeType: args.cacheNodeType,
      loadBalancer: args.loadBalancer,
      lambdaTarget: lambdaTarget && (lambdaTarget.skip ? { skip: true } : { path: lambdaTarget.path }),
      staticAssets: args.staticAssetsBucketName === undefined ? undefined : { bucketName: args.staticAssetsBucketName },
      backup: args.skipBackup ? { skip: true } : undefined,
      deployment: checked.deployment,
      alarmTopicArn: args.alarmTopicArn,
      functionRelease: checked.functionRelease,
      thresholds: args.thresholds as WebTierArgs["thresholds"],
    };
    const tier = new WebTier(name, tsArgs, { parent });
    this.registerOutputs(
      adopt(this, {
        url: tier.url,
        loadBalancerArn: tier.loadBalancerArn,
        loadBalancerDnsName: tier.loadBalancerDnsName,
        loadBalancerZoneId: tier.loadBalancerZoneId,
        clusterName: tier.clusterName,
        serviceName: tier.serviceName,
        databaseClusterIdentifier: tier.databaseClusterIdentifier,
        databaseClusterArn: tier.databaseClusterArn,
        databaseWriterEndpoint: tier.databaseWriterEndpoint,
        databaseReaderEndpoint: tier.databaseReaderEndpoint,
        globalClusterIdentifier: tier.globalClusterIdentifier,
        databaseSecretArn: tier.databaseSecretArn,
        cacheSecretArn: tier.cacheSecretArn,
        cacheEndpoint: tier.cacheEndpoint,
        cacheAuthToken: tier.cacheAuthToken,
        fileSystemId: tier.fileSystemId,
        fileSystemArn: tier.fileSystemArn,
        staticAssetsBucketName: tier.staticAssetsBucketName,
        staticAssetsBucketArn: tier.staticAssetsBucketArn,
        discoveryName: tier.discoveryName,
        appSecurityGroupId: tier.appSecurityGroupId,
        codeDeployApplicationName: tier.codeDeployApplicationName,
        deploymentGroupName: tier.deploymentGroupName,
        releaseRequest: tier.releaseRequest,
      }),
    );
  }
}
