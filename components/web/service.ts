import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WEB_APP_ENV } from "../../functions/web-app/environment";
import { buildContainerImage, imagePullStatements } from "../compute/container-image";
import { kmsStatements, rolePolicy, serviceRole, type Statement } from "../compute/iam";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { FILE_SYSTEM_DEFAULTS, WEB_PORTS, WEB_TIER_DEFAULTS } from "./defaults";
import type { FileSystem } from "./file-system";

/** A secret's JSON key injected into the container as an environment variable. */
export interface InjectedSecret {
  /** Environment variable name. */
  name: string;
  secretArn: pulumi.Input<string>;
  jsonKey: string;
}

export interface AppServiceArgs {
  where: RegionContext;
  kmsKeyArn: pulumi.Input<string>;
  /** The cluster (with container insights) the service runs in. */
  cluster: aws.ecs.Cluster;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupId: pulumi.Input<string>;
  targetGroupArn: pulumi.Input<string>;
  /** The caller's image; the tier builds functions/web-app into a repository of its own without it. */
  image?: pulumi.Input<string>;
  cpu: number;
  memory: number;
  desiredTasks: number;
  minTasks: number;
  maxTasks: number;
  cpuTargetPercent: number;
  environment: Record<string, pulumi.Input<string>>;
  secrets: InjectedSecret[];
  /** Secrets the application reads itself (the database secret, again after a rotation): the task role may read them. */
  rereadSecretArns: pulumi.Input<string>[];
  /** Keys the injected secrets are encrypted with (the execution role decrypts them through Secrets Manager). */
  secretKmsKeyArns: pulumi.Input<string>[];
  fileSystem: FileSystem;
  /** The EC2 capacity provider's name, when tasks run on the tier's instances. @default Fargate */
  capacityProviderName?: pulumi.Input<string>;
  /**
   * Who deploys a new task definition: ECS (a rolling update the circuit breaker, and these alarms
   * when given, roll back), or CodeDeploy (blue/green: the deployment group owns the task
   * definition, load balancers, network configuration and capacity from then on).
   */
  release: { controller: "ECS"; alarmNames?: pulumi.Input<string>[] } | { controller: "CODE_DEPLOY" };
  /** Resources the service must wait for (the HTTPS listener that puts the target group behind the load balancer). */
  dependsOn: pulumi.Resource[];
}

/**
 * What CodeDeploy changes on a blue/green service and an update must leave alone: UpdateService
 * refuses a new task definition, load balancer, network configuration or platform version on a
 * CODE_DEPLOY service ("create a new CodeDeploy deployment"), and each release moves the service
 * to its replacement task set (the ECS API reference, UpdateService). `desiredCount` belongs to
 * auto scaling either way.
 */
export const CODE_DEPLOY_OWNED = [
  "taskDefinition",
  "loadBalancers",
  "networkConfiguration",
  "platformVersion",
  "capacityProviderStrategies",
] as const;

export interface AppService {
  cluster: aws.ecs.Cluster;
  service: aws.ecs.Service;
  taskRole: aws.iam.Role;
  executionRole: aws.iam.Role;
  /** The task definition `pulumi up` registers (with CodeDeploy, the revision the next release names). */
  taskDefinition: aws.ecs.TaskDefinition;
  logGroup: aws.cloudwatch.LogGroup;
  /** The Cloud Map name the tasks register under (`app.<namespace>`). */
  discoveryName: pulumi.Output<string>;
}

/** The application's container: the load balancer routes to it, and a blue/green release names it. */
export const APP_CONTAINER = "web-app";
const CONTAINER = APP_CONTAINER;

/**
 * The application's ECS service in the private subnets of every AZ: the task (the image; port 8000; a container health check on /health; awslogs to a
 * CMK-encrypted group; read-only root filesystem; non-root user; credentials injected from Secrets
 * Manager by the execution role; the file system mounted through its access point with IAM and
 * TLS), separate task and execution roles, the load balancer's target group, target tracking on
 * CPU between the min and max, a circuit breaker (and the deployment alarms) that roll back a
 * failing deployment or, with the CODE_DEPLOY controller, CodeDeploy's blue/green releases, and a
 * Cloud Map name in a private DNS namespace. The service ignores `desiredCount` after creation:
 * auto scaling owns it.
 */
export function createAppService(name: string, args: AppServiceArgs, parent: pulumi.Resource): AppService {
  const image = args.image
    ? { imageUri: pulumi.output(args.image), repositoryArn: undefined }
    : buildContainerImage(`${name}-app`, { program: "web-app", kmsKeyArn: args.kmsKeyArn }, { parent });
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-app-logs`,
    { retentionInDays: WEB_TIER_DEFAULTS.logRetentionInDays, kmsKeyId: args.kmsKeyArn },
    { parent },
  );

  const executionRole = serviceRole(
    regionalName(`${name}-exec-role`, args.where.name),
    {
      service: "ecs-tasks.amazonaws.com",
      description: "Pulls the web app's image, ships its logs, reads its injected secrets",
    },
    { parent },
  );
  const secretArns = [...new Set(args.secrets.map((s) => s.secretArn))];
  const secretKeyStatements = args.secretKmsKeyArns.flatMap((key) =>
    kmsStatements(key, { decrypt: true }, args.where.serviceEndpoint("secretsmanager")),
  );
  const executionStatements: Statement[] = [
    ...(image.repositoryArn ? imagePullStatements(image.repositoryArn) : []),
    {
      sid: "ShipLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [pulumi.interpolate`${logGroup.arn}:*`],
    },
    { sid: "ReadInjectedSecrets", actions: ["secretsmanager:GetSecretValue"], resources: secretArns },
    ...secretKeyStatements,
    ...(image.repositoryArn ? kmsStatements(args.kmsKeyArn, { decrypt: true }, args.where.serviceEndpoint("ecr")) : []),
  ];
  rolePolicy(`${name}-exec-access`, executionRole, executionStatements, { parent });

  const taskRole = serviceRole(
    regionalName(`${name}-task-role`, args.where.name),
    {
      service: "ecs-tasks.amazonaws.com",
      description: "The web app: mounts its file system, reads the database secret again after a rotation",
    },
    { parent },
  );
  const fs = args.fileSystem;
  rolePolicy(
    `${name}-task-access`,
    taskRole,
    [
      {
        sid: "MountThroughAccessPoint",
        actions: fs.readOnly
          ? ["elasticfilesystem:ClientMount"]
          : ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        resources: [fs.fileSystemArn],
        conditions: [
          { test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: [fs.accessPoint.arn] },
        ],
      },
      // After a rotation the application reads the database secret again (functions/web-app/database.ts).
      { sid: "RereadRotatedSecrets", actions: ["secretsmanager:GetSecretValue"], resources: args.rereadSecretArns },
      ...secretKeyStatements,
    ],
    { parent },
  );

  const release = args.release;
  const codeDeploy = release.controller === "CODE_DEPLOY";
  const { uid, gid, mountPath } = FILE_SYSTEM_DEFAULTS;
  const onEc2 = args.capacityProviderName !== undefined;
  const taskDefinition = new aws.ecs.TaskDefinition(
    `${name}-app-task`,
    {
      family: regionalName(`${name}-app`, args.where.name),
      requiresCompatibilities: [onEc2 ? "EC2" : "FARGATE"],
      networkMode: "awsvpc",
      cpu: String(args.cpu),
      memory: String(args.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
      // Blue/green: `pulumi up` registers the next revision while the service still runs this one
      // until a release replaces it; it stays ACTIVE (deregistering it would stop its scaling).
      ...(codeDeploy ? { skipDestroy: true } : {}),
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      volumes: [
        {
          name: "app-data",
          efsVolumeConfiguration: {
            fileSystemId: fs.fileSystemId,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: fs.accessPoint.id, iam: "ENABLED" },
          },
        },
      ],
      containerDefinitions: pulumi.jsonStringify([
        {
          name: CONTAINER,
          image: image.imageUri,
          essential: true,
          user: `${uid}:${gid}`,
          readonlyRootFilesystem: true,
          privileged: false,
          linuxParameters: { initProcessEnabled: true },
          stopTimeout: WEB_TIER_DEFAULTS.stopTimeoutSeconds,
          portMappings: [{ containerPort: WEB_PORTS.app, protocol: "tcp", name: "http" }],
          environment: [
            { name: WEB_APP_ENV.port, value: String(WEB_PORTS.app) },
            ...Object.entries(args.environment).map(([key, value]) => ({ name: key, value })),
          ],
          secrets: args.secrets.map((s) => ({
            name: s.name,
            valueFrom: pulumi.interpolate`${s.secretArn}:${s.jsonKey}::`,
          })),
          mountPoints: [{ sourceVolume: "app-data", containerPath: mountPath, readOnly: fs.readOnly }],
          healthCheck: {
            command: [
              "CMD",
              "node",
              "-e",
              `fetch("http://127.0.0.1:${WEB_PORTS.app}${WEB_TIER_DEFAULTS.healthCheckPath}").then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
            ],
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: 30,
          },
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": logGroup.name,
              "awslogs-region": args.where.name,
              "awslogs-stream-prefix": CONTAINER,
            },
          },
        },
      ]),
    },
    { parent },
  );

  const cluster = args.cluster;
  const namespace = new aws.servicediscovery.PrivateDnsNamespace(
    `${name}-discovery`,
    { name: `${name}.internal`, description: `Service discovery of the web tier ${name}`, vpc: args.vpcId },
    { parent },
  );
  const discovery = new aws.servicediscovery.Service(
    `${name}-discovery-app`,
    {
      name: "app",
      namespaceId: namespace.id,
      dnsConfig: { namespaceId: namespace.id, routingPolicy: "MULTIVALUE", dnsRecords: [{ type: "A", ttl: 10 }] },
      healthCheckCustomConfig: {},
    },
    { parent },
  );
  const service = new aws.ecs.Service(
    `${name}-app`,
    {
      cluster: cluster.arn,
      taskDefinition: taskDefinition.arn,
      desiredCount: args.desiredTasks,
      ...(onEc2
        ? { capacityProviderStrategies: [{ capacityProvider: args.capacityProviderName!, weight: 1, base: 0 }] }
        : { launchType: "FARGATE", platformVersion: "LATEST" }),
      networkConfiguration: { subnets: args.subnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
      loadBalancers: [{ targetGroupArn: args.targetGroupArn, containerName: CONTAINER, containerPort: WEB_PORTS.app }],
      healthCheckGracePeriodSeconds: 60,
      serviceRegistries: { registryArn: discovery.arn },
      ...(codeDeploy
        ? // A CODE_DEPLOY service has no circuit breaker: its deployment group rolls back.
          { deploymentController: { type: "CODE_DEPLOY" } }
        : {
            deploymentCircuitBreaker: { enable: true, rollback: true },
            ...(release.controller === "ECS" && release.alarmNames?.length
              ? { alarms: { alarmNames: release.alarmNames, enable: true, rollback: true } }
              : {}),
          }),
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      propagateTags: "SERVICE",
      enableExecuteCommand: false,
      enableEcsManagedTags: true,
    },
    // Auto scaling owns the task count once the service exists; CodeDeploy what its releases change.
    {
      parent,
      ignoreChanges: ["desiredCount", ...(codeDeploy ? CODE_DEPLOY_OWNED : [])],
      dependsOn: [...args.dependsOn, ...args.fileSystem.mountTargets],
    },
  );
  const scaling = new aws.appautoscaling.Target(
    `${name}-app-scaling`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
      minCapacity: args.minTasks,
      maxCapacity: args.maxTasks,
    },
    { parent },
  );
  new aws.appautoscaling.Policy(
    `${name}-app-scaling-cpu`,
    {
      policyType: "TargetTrackingScaling",
      serviceNamespace: scaling.serviceNamespace,
      scalableDimension: scaling.scalableDimension,
      resourceId: scaling.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: args.cpuTargetPercent,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        scaleInCooldown: WEB_TIER_DEFAULTS.scaleInCooldownSeconds,
        scaleOutCooldown: WEB_TIER_DEFAULTS.scaleOutCooldownSeconds,
      },
    },
    { parent },
  );
  return {
    cluster,
    service,
    taskRole,
    executionRole,
    taskDefinition,
    logGroup,
    discoveryName: pulumi.interpolate`${discovery.name}.${namespace.name}`,
  };
}
