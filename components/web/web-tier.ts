import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WEB_APP_ENV } from "../../functions/web-app/environment";
import type { RegionalNetwork } from "../network";
import { addEgressRules } from "../network/security-group";
import type { DashboardPanel } from "../shared/dashboard";
import { validating } from "../shared/errors";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import { applyThresholds, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { regionalName } from "../shared/naming";
import { regionContext } from "../shared/region";
import { BucketReplication, SecureBucket, type BucketRef, type PolicyStatement } from "../storage";
import { createRegionalBackup } from "../storage/backup";
import { createCache } from "./cache";
import { webTierPanels, type WebTierDashboardSources } from "./dashboard";
import { validatedCertificate } from "./certificate";
import { createPrimaryDatabase, createSecondaryDatabase, databasePort, type DatabaseSettings } from "./database";
import {
  CACHE_DEFAULTS,
  DATABASE_DEFAULTS,
  WEB_PORTS,
  WEB_TIER_DEFAULTS,
  type CapacityKind,
  type EcsDeploymentConfig,
} from "./defaults";
import { createEc2Capacity } from "./ec2-capacity";
import { createFileSystem } from "./file-system";
import { createLambdaTarget } from "./lambda-target";
import { createLoadBalancer } from "./load-balancer";
import { loadBalancerSignals, webTierSignals, type WebTierMetricId } from "./metrics";
import { appSpecCapacity, createDeploymentRequest } from "./appspec";
import { createBlueGreenRelease, createDeploymentAlarms } from "./release";
import { APP_CONTAINER, createAppService } from "./service";
import { validateWebTierArgs } from "./validation";
import type { FunctionReleaseArgs } from "../compute/release";

/** What the secondary region's tier takes from the primary's (its stack's exports). */
export interface WebTierPeer {
  /** A provider for the primary region: the EFS and S3 replication rules live with their sources. */
  provider: pulumi.ProviderResource;
  region: string;
  /** The primary region's CMK (the static-assets source objects). */
  kmsKeyArn: pulumi.Input<string>;
  globalClusterIdentifier: pulumi.Input<string>;
  /** The database secret's ARN in this region (its replica: `replicaSecretArn`). */
  databaseSecretArn: pulumi.Input<string>;
  /** The key of the secret's replica in this region. */
  databaseSecretKmsKeyArn: pulumi.Input<string>;
  fileSystemId: pulumi.Input<string>;
  staticAssetsBucketName: pulumi.Input<string>;
  staticAssetsBucketArn: pulumi.Input<string>;
}

export interface ResilientWebTierArgs {
  /** How CodeDeploy releases new versions of its functions to their live aliases. @default canary, 10% for 5 minutes */
  functionRelease?: FunctionReleaseArgs;
  /** The region the tier deploys to, its provider's (checked): it goes into global-namespace names. */
  region: string;
  /** The region's CMK: database, cache, file system, logs, secrets, image repository, volumes. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's network: its public, private and database subnets and the security groups the tier creates in it. */
  network: RegionalNetwork;
  /** Availability zones the network spans (one mount target per AZ). */
  availabilityZoneCount: number;
  /** The region's S3 server access-log bucket. */
  accessLogBucketName: pulumi.Input<string>;
  /** The application's host name (e.g. "app.example.com"), in `hostedZoneId`'s domain. */
  hostName: string;
  /** The public hosted zone the certificate validates in. */
  hostedZoneId: pulumi.Input<string>;
  /**
   * Create the certificate's DNS validation record (ACM's record for a name is the same in every
   * region): true in the primary, false in the secondary, which validates the same name.
   * @default true without `peer`, false with it
   */
  createValidationRecord?: boolean;
  /** "primary" or "secondary", reported by the status function. @default by `peer` */
  platformRole?: "primary" | "secondary";
  /**
   * The primary's tier, for the secondary: the database cluster joins its global cluster, the
   * file system and the static assets are replicas of its.
   * @default none: this is the primary (it creates the global cluster)
   */
  peer?: WebTierPeer;
  /** Regions (and their keys) the database secret is replicated to. @default none */
  secretReplicas?: { region: string; kmsKeyArn: pulumi.Input<string> }[];
  /** The application's image, size, scaling and capacity. @default functions/web-app on Fargate, 2 tasks scaling 2-10 on 70% CPU */
  app?: {
    /** An image of your own, instead of functions/web-app built into the tier's repository. @default built */
    image?: pulumi.Input<string>;
    /** @default 2 */
    desiredTasks?: number;
    /** @default 2 */
    minTasks?: number;
    /** @default 10 */
    maxTasks?: number;
    /** @default 70 */
    cpuTargetPercent?: number;
    /** Fargate task CPU units. @default 512 */
    cpu?: number;
    /** Task memory, MiB. @default 1024 */
    memory?: number;
    /** @default "fargate" */
    capacity?: CapacityKind;
    /** The EC2 option's instances. @default m7g.large, 2 to 10 */
    ec2?: { instanceType?: string; minInstances?: number; maxInstances?: number };
  };
  /**
   * Database settings (the same in both regions).
   * @default aurora-mysql 8.0.mysql_aurora.3.08.2, provisioned db.r6g.large writer + 1 reader (up to 5), backups 7 days
   */
  database?: Partial<DatabaseSettings>;
  /** The Redis node type (two nodes, in two AZs). @default "cache.t4g.medium" */
  cacheNodeType?: string;
  /** The load balancer. @default deletion protection on, TLS13-1-2-Res-PQ-2025-09, WAF 2000 requests per IP per 300 s */
  loadBalancer?: {
    /** @default true; false for ephemeral environments */
    deletionProtection?: boolean;
    /** @default ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 */
    sslPolicy?: string;
    /** WAF requests per IP per window. @default 2000 */
    rateLimit?: number;
    /** @default 300 */
    rateLimitWindowSeconds?: number;
  };
  /** The path the Lambda target serves, or `{ skip: true }`. @default "/api/status" */
  lambdaTarget?: { path?: string } | { skip: true };
  /**
   * The static-assets bucket (the primary's replica, with `peer`): an exact name for a bucket that
   * something must name before it exists (the CDN's origins: the primary stack chooses both
   * regions' names, and the secondary creates its replica under the one the primary exported),
   * and more bucket-policy statements (the CDN's read: GlobalDistribution's
   * `bucketPolicyStatements`).
   * @default an auto-named bucket (`<name>-assets-<region code>-<7 random>`) with the platform's policy
   */
  staticAssets?: {
    /** SecureBucket's `bucketName`: S3's rules, no dots. @default auto-named */
    bucketName?: pulumi.Input<string>;
    /** SecureBucket's `policyStatements`, after the TLS-only Deny. @default none */
    policyStatements?: PolicyStatement[] | ((bucket: BucketRef) => PolicyStatement[]);
  };
  /**
   * AWS Backup of the tier's database (and, in the primary, file system): `{ skip: true }` when the
   * region's ObservabilityStack backs them up with the rest of its data stores (the stacks do).
   * @default a vault, a daily plan and a selection of its own (components/storage/backup.ts)
   */
  backup?: { skip: true };
  /**
   * How a new task definition reaches the service (README, "Releasing the web service"): ECS's
   * rolling update (the circuit breaker and, with `alarmTopicArn`, the deployment alarms roll a
   * failing one back), or CodeDeploy blue/green (a second target group, a test listener, a
   * deployment group that shifts traffic canary, linear or all at once and rolls back on failure
   * and on the deployment alarms; needs `alarmTopicArn`).
   * @default { strategy: "rolling" }
   */
  deployment?: WebTierDeployment;
  /**
   * The region's alarm topic (ObservabilityStack's `topicArn`): the tier's deployment alarms (its
   * 5xx and unhealthy-host signals over two minutes instead of five) notify it, and the releases roll back on them.
   * @default none: rolling deployments roll back on the circuit breaker alone; blue-green requires it
   */
  alarmTopicArn?: pulumi.Input<string>;
  /** Alarm thresholds by metric id (`WebTierMetricId`); an unknown id is an error. @default each signal's own */
  thresholds?: Thresholds<WebTierMetricId>;
}

/** `ResilientWebTierArgs.deployment`: ECS's rolling update, or CodeDeploy blue/green. */
export type WebTierDeployment =
  | { strategy: "rolling" }
  | {
      strategy: "blue-green";
      /** One of CodeDeploy's ECS configurations (`ECS_DEPLOYMENT_CONFIGS`). @default "CodeDeployDefault.ECSCanary10Percent5Minutes" */
      deploymentConfigName?: EcsDeploymentConfig;
      /** The test listener's HTTPS port, where the replacement tasks answer before production traffic reaches them. @default 8443 */
      testListenerPort?: number;
      /** Who may reach the test listener: IPv4 ranges, none wider than a /8. @default the VPC's CIDR */
      testListenerCidrs?: string[];
      /** Minutes the original tasks keep running after the shift (a rollback meanwhile is a listener change). @default 30 */
      terminationWaitMinutes?: number;
      /** Minutes CodeDeploy holds the replacement tasks on the test listener for `aws deploy continue-deployment`; 0 shifts once they are healthy. @default 0 */
      approvalWaitMinutes?: number;
    };

/**
 * The multi-region web application of seeds 001 and 003, one region of it: an internet-facing
 * ALB (TLS 1.3, HTTP → HTTPS, WAF, access logs) in front of the application's ECS service in the
 * private subnets, with a Lambda target on a path, Redis, a shared EFS file system and an S3
 * static-assets bucket, on the Aurora global database. The primary creates the global cluster;
 * the secondary (`peer`) joins it and replicates the primary's file system and assets. The
 * security groups form one chain: ALB 80/443 from the internet, app 8000 from the ALB, database,
 * cache and file system from the app only.
 */
export class ResilientWebTier extends pulumi.ComponentResource {
  /** `https://<hostName>`. */
  public readonly url: pulumi.Output<string>;
  /** The load balancer's ARN. */
  public readonly loadBalancerArn: pulumi.Output<string>;
  /** The load balancer's DNS name (the Route 53 alias target; `/health` answers there over HTTPS). */
  public readonly loadBalancerDnsName: pulumi.Output<string>;
  /** The ALB's canonical hosted zone (for alias records). */
  public readonly loadBalancerZoneId: pulumi.Output<string>;
  /** The ECS cluster (container insights on). */
  public readonly clusterName: pulumi.Output<string>;
  /** The application's ECS service. */
  public readonly serviceName: pulumi.Output<string>;
  /** This region's Aurora cluster (`<name>-<region code>`, unique across regions). */
  public readonly databaseClusterIdentifier: pulumi.Output<string>;
  /** This region's Aurora cluster's ARN (the failover commands' target). */
  public readonly databaseClusterArn: pulumi.Output<string>;
  /** The cluster's writer endpoint (in the secondary it accepts writes only after a failover). */
  public readonly databaseWriterEndpoint: pulumi.Output<string>;
  /** The cluster's reader endpoint. */
  public readonly databaseReaderEndpoint: pulumi.Output<string>;
  /** The Aurora global database (`<name>-global`), created by the primary. */
  public readonly globalClusterIdentifier: pulumi.Output<string>;
  /** The database credentials' secret in this region. */
  public readonly databaseSecretArn: pulumi.Output<string>;
  /** The Redis AUTH token's secret (`{ "authToken" }`). */
  public readonly cacheSecretArn: pulumi.Output<string>;
  /** The Redis primary endpoint (TLS). */
  public readonly cacheEndpoint: pulumi.Output<string>;
  /**
   * The Redis AUTH token, a Pulumi secret, for a credential of the platform's that must hold the
   * same token (the data lake's Redis secret); applications read `cacheSecretArn` instead.
   */
  public readonly cacheAuthToken: pulumi.Output<string>;
  /** This region's file system (the replica, in the secondary). */
  public readonly fileSystemId: pulumi.Output<string>;
  /** The file system's ARN (for a backup selection). */
  public readonly fileSystemArn: pulumi.Output<string>;
  /** The static-assets bucket (the primary's replica, in the secondary). */
  public readonly staticAssetsBucketName: pulumi.Output<string>;
  /** The static-assets bucket's ARN. */
  public readonly staticAssetsBucketArn: pulumi.Output<string>;
  /** The Cloud Map name of the application's tasks. */
  public readonly discoveryName: pulumi.Output<string>;
  /** The application tasks' security group: the database and the cache admit it, and only it (a database client of yours, such as a rotation function, joins it). */
  public readonly appSecurityGroupId: pulumi.Output<string>;
  /** How the service is released: "rolling" (ECS) or "blue-green" (CodeDeploy). */
  public readonly deploymentStrategy: "rolling" | "blue-green";
  /** Blue/green: the CodeDeploy application a release names (undefined for rolling). */
  public readonly codeDeployApplicationName: pulumi.Output<string | undefined>;
  /** Blue/green: the CodeDeploy deployment group a release names (undefined for rolling). */
  public readonly deploymentGroupName: pulumi.Output<string | undefined>;
  /**
   * Blue/green: CodeDeploy's CreateDeployment request (JSON) releasing the task definition this
   * update registered, for `aws deploy create-deployment --cli-input-json` (README, "Releasing the
   * web service"); undefined for rolling, where `pulumi up` itself deploys.
   */
  public readonly releaseRequest: pulumi.Output<string | undefined>;

  private readonly signals: MetricDescriptor[];
  private readonly logs: LogGroupRef[];
  private readonly traced: TracedResource[];
  private readonly thresholds: Thresholds<WebTierMetricId>;
  private readonly dashboardSources: { component: string } & WebTierDashboardSources;

  constructor(name: string, args: ResilientWebTierArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validating("ResilientWebTier", () => validateWebTierArgs(name, args));
    super("twin-region:web:ResilientWebTier", name, {}, opts);
    const parent = this;
    const where = regionContext("ResilientWebTier", args.region, parent);
    const { network, region, kmsKeyArn, peer } = args;
    this.thresholds = settings.thresholds;
    const dbPort = databasePort(settings.database.engine);
    const blueGreen = settings.deployment.strategy === "blue-green" ? settings.deployment : undefined;

    // The security-group chain: each group admits only the one before it.
    const albGroup = network.createSecurityGroup(
      `${name}-alb`,
      {
        description: `${name} load balancer: HTTP and HTTPS from the internet, the app port to the app only`,
        ingress: [
          ...[WEB_PORTS.http, WEB_PORTS.https].map((port) => ({
            fromCidrIpv4: "0.0.0.0/0",
            acknowledgeInternetIngress: true,
            port,
            description: `Port ${port} from the internet (public load balancer)`,
          })),
          // Blue/green: the test listener answers the VPC (or the ranges given), never the internet.
          ...(blueGreen
            ? (blueGreen.testListenerCidrs ?? [network.vpcCidr]).map((cidr) => ({
                fromCidrIpv4: cidr,
                port: blueGreen.testListenerPort,
                description: `Test listener (blue/green releases) from ${blueGreen.testListenerCidrs ? "an allowed range" : "the VPC"}`,
              }))
            : []),
        ],
        egress: [],
      },
      { parent },
    );
    const appGroup = network.createSecurityGroup(
      `${name}-app`,
      {
        description: `${name} application tasks: the app port from the load balancer only`,
        ingress: [
          { fromSecurityGroupId: albGroup.id, port: WEB_PORTS.app, description: "App port from the load balancer" },
        ],
      },
      { parent },
    );
    const fromApp = (port: number, what: string) => ({
      ingress: [{ fromSecurityGroupId: appGroup.id, port, description: `${what} from the application tasks only` }],
      egress: [],
    });
    const databaseGroup = network.createSecurityGroup(
      `${name}-db`,
      { description: `${name} database: ${dbPort} from the app only`, ...fromApp(dbPort, "Database port") },
      { parent },
    );
    const cacheGroup = network.createSecurityGroup(
      `${name}-cache`,
      { description: `${name} Redis: ${WEB_PORTS.redis} from the app only`, ...fromApp(WEB_PORTS.redis, "Redis") },
      { parent },
    );
    const fileSystemGroup = network.createSecurityGroup(
      `${name}-efs`,
      { description: `${name} file system: NFS from the app only`, ...fromApp(WEB_PORTS.nfs, "NFS") },
      { parent },
    );
    addEgressRules(`${name}-alb-to-app`, albGroup, [
      { toSecurityGroupId: appGroup.id, port: WEB_PORTS.app, description: "App port to the application tasks" },
    ]);
    addEgressRules(`${name}-app-to-stores`, appGroup, [
      { toSecurityGroupId: databaseGroup.id, port: dbPort, description: "Database port to the database" },
      { toSecurityGroupId: cacheGroup.id, port: WEB_PORTS.redis, description: "Redis to the cache" },
      { toSecurityGroupId: fileSystemGroup.id, port: WEB_PORTS.nfs, description: "NFS to the file system" },
    ]);

    const { certificateArn } = validatedCertificate(
      name,
      {
        domainName: args.hostName,
        hostedZoneId: args.hostedZoneId,
        createValidationRecord: args.createValidationRecord ?? peer === undefined,
      },
      { parent },
    );
    const lb = createLoadBalancer(
      name,
      {
        region,
        kmsKeyArn,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        securityGroupId: albGroup.id,
        accessLogBucketName: args.accessLogBucketName,
        certificateArn,
        sslPolicy: settings.loadBalancer.sslPolicy,
        deletionProtection: settings.loadBalancer.deletionProtection,
        healthCheckPath: WEB_TIER_DEFAULTS.healthCheckPath,
        deregistrationDelaySeconds: WEB_TIER_DEFAULTS.deregistrationDelaySeconds,
        rateLimit: settings.loadBalancer.rateLimit,
        rateLimitWindowSeconds: settings.loadBalancer.rateLimitWindowSeconds,
        ...(blueGreen ? { testListenerPort: blueGreen.testListenerPort } : {}),
      },
      parent,
    );
    // The deployment alarms a release rolls back on (with the region's topic to notify).
    const deploymentAlarms =
      args.alarmTopicArn === undefined
        ? []
        : createDeploymentAlarms(
            name,
            {
              region,
              signals: applyThresholds(
                loadBalancerSignals(name, {
                  loadBalancer: lb.loadBalancer,
                  targetGroup: lb.targetGroup,
                  greenTargetGroup: lb.blueGreen?.greenTargetGroup,
                }),
                settings.thresholds,
              ),
              topicArn: args.alarmTopicArn,
            },
            parent,
          );

    // Data: the Aurora global database, Redis, the file system, the static assets.
    const clusterIdentifier = regionalName(name, region);
    const placement = {
      clusterIdentifier,
      kmsKeyArn,
      subnetIds: network.databaseSubnetIds,
      securityGroupId: databaseGroup.id,
      settings: settings.database,
    };
    const database = peer
      ? createSecondaryDatabase(
          name,
          {
            ...placement,
            globalClusterIdentifier: peer.globalClusterIdentifier,
            secretArn: peer.databaseSecretArn,
          },
          parent,
        )
      : createPrimaryDatabase(
          name,
          {
            ...placement,
            globalClusterIdentifier: `${name}-global`,
            secretReplicas: args.secretReplicas ?? [],
            rotation: { where, subnetIds: network.privateSubnetIds, securityGroupId: appGroup.id },
          },
          parent,
        );
    const cache = createCache(
      name,
      {
        region,
        kmsKeyArn,
        subnetIds: network.databaseSubnetIds,
        securityGroupId: cacheGroup.id,
        nodeType: args.cacheNodeType ?? CACHE_DEFAULTS.nodeType,
      },
      parent,
    );
    const fileSystem = createFileSystem(
      name,
      {
        where,
        kmsKeyArn,
        subnetIds: network.privateSubnetIds,
        subnetCount: args.availabilityZoneCount,
        securityGroupId: fileSystemGroup.id,
        replicaOf: peer ? { fileSystemId: peer.fileSystemId, provider: peer.provider } : undefined,
      },
      parent,
    );
    const assets = new SecureBucket(
      `${name}-assets`,
      {
        region,
        role: peer ? "replica" : "static-assets",
        ...(args.staticAssets?.bucketName === undefined ? {} : { bucketName: args.staticAssets.bucketName }),
        ...(args.staticAssets?.policyStatements === undefined
          ? {}
          : { policyStatements: args.staticAssets.policyStatements }),
        kmsKeyArn,
        accessLogBucket: args.accessLogBucketName,
        // S3 Intelligent-Tiering from the first day: no retrieval fees, so hot assets cost what Standard does.
        transitions: [{ days: 1, storageClass: "INTELLIGENT_TIERING" }],
      },
      { parent },
    );
    if (peer) {
      new BucketReplication(
        `${name}-assets-replication`,
        {
          sourceBucketName: peer.staticAssetsBucketName,
          sourceBucketArn: peer.staticAssetsBucketArn,
          sourceKmsKeyArn: peer.kmsKeyArn,
          destinationBucketArn: assets.bucketArn,
          destinationKmsKeyArn: kmsKeyArn,
          destinationVersioning: assets.versioning,
          region: peer.region,
          // Replication Time Control: 99.99% of objects within 15 minutes, the copy RPO the recovery report holds it to.
          replicationTimeMinutes: 15,
        },
        { parent, providers: { aws: peer.provider } },
      );
    }

    if (!args.backup?.skip)
      createRegionalBackup(
        name,
        {
          where,
          kmsKeyArn,
          // The replica file system is backed up by the primary's plan (a replica is a copy already).
          resourceArns: peer ? [database.cluster.arn] : [database.cluster.arn, fileSystem.fileSystemArn],
        },
        parent,
      );

    // Compute: the cluster, its optional EC2 capacity, the service and the Lambda target.
    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: "enhanced" }] },
      { parent },
    );
    let capacityProviderName: pulumi.Output<string> | undefined;
    if (settings.app.capacity === "ec2") {
      const instanceGroup = network.createSecurityGroup(
        `${name}-instances`,
        {
          description: `${name} ECS container instances: no ingress; HTTPS out for the ECS agent and SSM`,
          ingress: [],
          egress: [
            {
              cidrIpv4: "0.0.0.0/0",
              acknowledgeInternetEgress: true,
              port: WEB_PORTS.https,
              description: "HTTPS to the ECS, SSM and ECR APIs through the NAT gateways",
            },
          ],
        },
        { parent },
      );
      capacityProviderName = createEc2Capacity(
        name,
        {
          where,
          kmsKeyArn,
          cluster,
          subnetIds: network.privateSubnetIds,
          securityGroupId: instanceGroup.id,
          ...settings.app.ec2,
        },
        parent,
      );
    }
    const secretKeys = peer ? [peer.databaseSecretKmsKeyArn, kmsKeyArn] : [kmsKeyArn];
    const app = createAppService(
      name,
      {
        where,
        kmsKeyArn,
        cluster,
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        securityGroupId: appGroup.id,
        targetGroupArn: lb.targetGroup.arn,
        image: args.app?.image,
        ...settings.app,
        environment: {
          [WEB_APP_ENV.databaseSecretArn]: database.secretArn,
          [WEB_APP_ENV.databaseHost]: database.cluster.endpoint,
          [WEB_APP_ENV.databasePort]: String(dbPort),
          [WEB_APP_ENV.databaseName]: DATABASE_DEFAULTS.databaseName,
          [WEB_APP_ENV.cacheHost]: cache.replicationGroup.primaryEndpointAddress,
          [WEB_APP_ENV.cachePort]: String(WEB_PORTS.redis),
          [WEB_APP_ENV.cacheSecretArn]: cache.authSecret.secret.arn,
        },
        secrets: [
          { name: WEB_APP_ENV.databaseUsername, secretArn: database.secretArn, jsonKey: "username" },
          { name: WEB_APP_ENV.databasePassword, secretArn: database.secretArn, jsonKey: "password" },
          { name: WEB_APP_ENV.cacheAuthToken, secretArn: cache.authSecret.secret.arn, jsonKey: "authToken" },
        ],
        rereadSecretArns: [database.secretArn],
        secretKmsKeyArns: secretKeys,
        fileSystem,
        capacityProviderName,
        release: blueGreen
          ? { controller: "CODE_DEPLOY" }
          : { controller: "ECS", alarmNames: deploymentAlarms.map((a) => a.name) },
        dependsOn: [lb.httpsListener, ...(lb.blueGreen ? [lb.blueGreen.testListener] : [])],
      },
      parent,
    );
    const release =
      blueGreen && lb.blueGreen
        ? createBlueGreenRelease(
            name,
            {
              where,
              cluster,
              service: app.service,
              taskRoleArns: [app.taskRole.arn, app.executionRole.arn],
              loadBalancer: lb.loadBalancer,
              prodListener: lb.httpsListener,
              testListener: lb.blueGreen.testListener,
              blueTargetGroup: lb.targetGroup,
              greenTargetGroup: lb.blueGreen.greenTargetGroup,
              alarms: deploymentAlarms,
              deploymentConfigName: blueGreen.deploymentConfigName,
              terminationWaitMinutes: blueGreen.terminationWaitMinutes,
              approvalWaitMinutes: blueGreen.approvalWaitMinutes,
            },
            parent,
          )
        : undefined;
    const statusFunction =
      settings.lambdaPath === undefined
        ? undefined
        : createLambdaTarget(
            name,
            {
              region,
              kmsKeyArn,
              listenerArn: lb.httpsListener.arn,
              path: settings.lambdaPath,
              platformRole: args.platformRole ?? (peer ? "secondary" : "primary"),
              priority: 10,
              functionRelease: args.functionRelease,
            },
            parent,
          );

    this.logs = [{ id: "app", name: app.logGroup.name, source: "ecs" }, ...(statusFunction?.logGroups("status") ?? [])];
    this.traced = statusFunction?.tracedResources() ?? [];
    this.signals = [
      ...(statusFunction?.metrics("status") ?? []),
      ...webTierSignals(name, {
        loadBalancer: lb.loadBalancer,
        targetGroup: lb.targetGroup,
        greenTargetGroup: lb.blueGreen?.greenTargetGroup,
        cluster,
        service: app.service,
        databaseClusterIdentifier: database.cluster.clusterIdentifier,
        isSecondary: peer !== undefined,
        cacheNodeIds: cache.replicationGroup.memberClusters,
        fileSystemId: fileSystem.fileSystemId,
      }),
    ];

    this.dashboardSources = {
      component: name,
      cacheNodeIds: cache.replicationGroup.memberClusters,
      cacheNodes: CACHE_DEFAULTS.nodes,
    };
    this.url = pulumi.output(`https://${args.hostName}`);
    this.loadBalancerArn = lb.loadBalancer.arn;
    this.loadBalancerDnsName = lb.loadBalancer.dnsName;
    this.loadBalancerZoneId = lb.loadBalancer.zoneId;
    this.clusterName = cluster.name;
    this.serviceName = app.service.name;
    this.databaseClusterIdentifier = database.cluster.clusterIdentifier;
    this.databaseClusterArn = database.cluster.arn;
    this.databaseWriterEndpoint = database.cluster.endpoint;
    this.databaseReaderEndpoint = database.cluster.readerEndpoint;
    this.globalClusterIdentifier = database.globalClusterIdentifier;
    this.databaseSecretArn = database.secretArn;
    this.cacheSecretArn = cache.authSecret.secret.arn;
    this.cacheEndpoint = cache.replicationGroup.primaryEndpointAddress;
    this.cacheAuthToken = pulumi.secret(cache.authSecret.value);
    this.fileSystemId = fileSystem.fileSystemId;
    this.fileSystemArn = fileSystem.fileSystemArn;
    this.staticAssetsBucketName = assets.bucketName;
    this.staticAssetsBucketArn = assets.bucketArn;
    this.discoveryName = app.discoveryName;
    this.appSecurityGroupId = appGroup.id;
    this.deploymentStrategy = settings.deployment.strategy;
    this.codeDeployApplicationName = release ? release.application.name : pulumi.output(undefined);
    this.deploymentGroupName = release ? release.deploymentGroup.deploymentGroupName : pulumi.output(undefined);
    this.releaseRequest = release
      ? pulumi
          .all([
            release.application.name,
            release.deploymentGroup.deploymentGroupName,
            app.taskDefinition.arn,
            pulumi.output(network.privateSubnetIds),
            appGroup.id,
            pulumi.output(capacityProviderName),
          ])
          .apply(([applicationName, deploymentGroupName, taskDefinitionArn, subnets, group, capacityProvider]) =>
            JSON.stringify(
              createDeploymentRequest(
                { applicationName, deploymentGroupName },
                {
                  taskDefinitionArn,
                  containerName: APP_CONTAINER,
                  containerPort: WEB_PORTS.app,
                  subnets,
                  securityGroups: [group],
                  ...appSpecCapacity(capacityProvider),
                },
              ),
            ),
          )
      : pulumi.output(undefined);
    this.registerOutputs({
      url: this.url,
      loadBalancerDnsName: this.loadBalancerDnsName,
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      databaseClusterIdentifier: this.databaseClusterIdentifier,
      databaseWriterEndpoint: this.databaseWriterEndpoint,
      databaseReaderEndpoint: this.databaseReaderEndpoint,
      globalClusterIdentifier: this.globalClusterIdentifier,
      databaseSecretArn: this.databaseSecretArn,
      cacheSecretArn: this.cacheSecretArn,
      fileSystemId: this.fileSystemId,
      staticAssetsBucketName: this.staticAssetsBucketName,
      appSecurityGroupId: this.appSecurityGroupId,
      codeDeployApplicationName: this.codeDeployApplicationName,
      deploymentGroupName: this.deploymentGroupName,
      releaseRequest: this.releaseRequest,
      region: where.region,
    });
  }

  /**
   * The tier's health signals, with `thresholds` applied: ALB 5xx, target response time and
   * unhealthy hosts, ECS CPU, memory and running tasks, Aurora replication lag (secondary) and
   * CPU, Redis CPU and evictions, EFS throughput. Pass them to an AlarmSet.
   */
  metrics(): MetricDescriptor[] {
    return applyThresholds(this.signals, this.thresholds);
  }

  /** The log groups its application tasks ("app") and status function ("status", with `lambdaTarget`) write to. */
  logGroups(): LogGroupRef[] {
    return [...this.logs];
  }

  /** The status function (with `lambdaTarget`), as its X-Ray segments name it; the application tasks do not trace. */
  tracedResources(): TracedResource[] {
    return [...this.traced];
  }

  /**
   * The tier's dashboard panels: ALB requests and 5xx, target response time
   * p50/p90/p99, healthy hosts (of both target groups, blue/green), Aurora CPU and replication lag, Redis CPU and evictions per node, EFS
   * on "web"; the tasks' CPU, memory and count and the status Lambda on "compute". Built from
   * `metrics()`, so every alarmed signal is drawn, with its threshold.
   */
  dashboardMetrics(): DashboardPanel[] {
    const { component, ...sources } = this.dashboardSources;
    return webTierPanels(component, this.metrics(), sources);
  }
}
