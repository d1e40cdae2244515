import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { randomSecretValue, storedSecret } from "../security/generated-secret";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { DATABASE_DEFAULTS, WEB_PORTS, type DatabaseEngine, type DatabaseMode } from "./defaults";

/** How the clusters are sized: the same in both regions, so the secondary can take over the primary's load. */
export interface DatabaseSettings {
  engine: DatabaseEngine;
  mode: DatabaseMode;
  engineVersion: string;
  /** Provisioned mode's instance class (db.r5 or larger: a global database has no burstable classes). */
  instanceClass: string;
  /** Aurora Replicas beside the writer. */
  readers: number;
  /** Read-replica auto scaling's ceiling (primary). */
  maxReaders: number;
  readerCpuTargetPercent: number;
  serverlessMinCapacity: number;
  serverlessMaxCapacity: number;
  backupRetentionDays: number;
}

interface ClusterPlacement {
  /** The regional cluster's identifier, unique across regions (it carries the region's code). */
  clusterIdentifier: string;
  kmsKeyArn: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupId: pulumi.Input<string>;
}

export interface Database {
  cluster: aws.rds.Cluster;
  instances: aws.rds.ClusterInstance[];
  globalClusterIdentifier: pulumi.Output<string>;
  /** The credentials' secret in this region (the primary's, or its replica). */
  secretArn: pulumi.Output<string>;
  /** The global cluster (primary only). */
  globalCluster?: aws.rds.GlobalCluster;
  /** The credentials' secret resource (primary only; the secondary reads the replica). */
  secret?: aws.secretsmanager.Secret;
}

/** The port of an engine. */
export const databasePort = (engine: DatabaseEngine) =>
  engine === "aurora-mysql" ? WEB_PORTS.mysql : WEB_PORTS.postgres;

/** The ARN of a secret's replica in `region`: the same name and suffix, in that region. */
export function replicaSecretArn(primaryArn: pulumi.Input<string>, region: string): pulumi.Output<string> {
  return pulumi.output(primaryArn).apply((arn) => {
    const parts = arn.split(":");
    if (parts.length < 7 || parts[2] !== "secretsmanager")
      throw new Error(`"${arn}" is not a Secrets Manager secret ARN`);
    parts[3] = region;
    return parts.join(":");
  });
}

/** What every regional cluster of the global database sets, primary or secondary. */
function clusterArgs(p: ClusterPlacement, s: DatabaseSettings, subnetGroup: aws.rds.SubnetGroup): aws.rds.ClusterArgs {
  return {
    clusterIdentifier: p.clusterIdentifier,
    engine: s.engine,
    engineVersion: s.engineVersion,
    engineMode: "provisioned",
    port: databasePort(s.engine),
    dbSubnetGroupName: subnetGroup.name,
    vpcSecurityGroupIds: [p.securityGroupId],
    storageEncrypted: true,
    kmsKeyId: p.kmsKeyArn,
    backupRetentionPeriod: s.backupRetentionDays,
    preferredBackupWindow: "03:00-04:00",
    copyTagsToSnapshot: true,
    deletionProtection: true,
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: DATABASE_DEFAULTS.logExports[s.engine],
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: `${p.clusterIdentifier}-final`,
    ...(s.mode === "serverless"
      ? {
          serverlessv2ScalingConfiguration: {
            minCapacity: s.serverlessMinCapacity,
            maxCapacity: s.serverlessMaxCapacity,
          },
        }
      : {}),
  };
}

function instancesOf(
  name: string,
  cluster: aws.rds.Cluster,
  p: ClusterPlacement,
  s: DatabaseSettings,
  parent: pulumi.Resource,
): aws.rds.ClusterInstance[] {
  return Array.from({ length: 1 + s.readers }, (_, i) => {
    return new aws.rds.ClusterInstance(
      `${name}-db-${i + 1}`,
      {
        identifier: `${p.clusterIdentifier}-${i + 1}`,
        clusterIdentifier: cluster.id,
        engine: s.engine,
        instanceClass: s.mode === "serverless" ? "db.serverless" : s.instanceClass,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: p.kmsKeyArn,
        promotionTier: i,
      },
      // Minor versions are upgraded in place by RDS and follow the cluster.
      { parent, ignoreChanges: ["engineVersion"] },
    );
  });
}

function subnetGroupOf(name: string, p: ClusterPlacement, parent: pulumi.Resource) {
  return new aws.rds.SubnetGroup(
    `${name}-db-subnets`,
    { description: `Database subnets of ${p.clusterIdentifier}`, subnetIds: p.subnetIds },
    { parent },
  );
}

/**
 * The primary half of the Aurora global database: the global cluster, the primary cluster (a
 * writer and `readers` replicas, or Serverless v2) encrypted with the region's CMK, and its master
 * credentials: a password from @pulumi/random (a Pulumi secret; a global database cannot use the
 * RDS-managed master password), kept in a Secrets Manager secret replicated to the other regions
 * under their own keys, so every region's tasks read it locally. Read replicas scale on CPU.
 */
export function createPrimaryDatabase(
  name: string,
  args: ClusterPlacement & {
    settings: DatabaseSettings;
    globalClusterIdentifier: string;
    secretReplicas: { region: string; kmsKeyArn: pulumi.Input<string> }[];
    /** Where the rotation function runs: subnets that reach the cluster and a security group the cluster admits. */
    rotation: {
      where: RegionContext;
      subnetIds: pulumi.Input<pulumi.Input<string>[]>;
      securityGroupId: pulumi.Input<string>;
    };
  },
  parent: pulumi.Resource,
): Database {
  const s = args.settings;
  const globalCluster = new aws.rds.GlobalCluster(
    `${name}-db-global`,
    {
      globalClusterIdentifier: args.globalClusterIdentifier,
      engine: s.engine,
      engineVersion: s.engineVersion,
      databaseName: DATABASE_DEFAULTS.databaseName,
      storageEncrypted: true,
      deletionProtection: true,
    },
    { parent, ignoreChanges: ["engineVersion"] },
  );
  const password = randomSecretValue(`${name}-db-master`, { length: DATABASE_DEFAULTS.passwordLength }, { parent });
  const subnetGroup = subnetGroupOf(name, args, parent);
  const cluster = new aws.rds.Cluster(
    `${name}-db`,
    {
      ...clusterArgs(args, s, subnetGroup),
      globalClusterIdentifier: globalCluster.id,
      databaseName: DATABASE_DEFAULTS.databaseName,
      masterUsername: DATABASE_DEFAULTS.masterUsername,
      masterPassword: password,
    },
    { parent, ignoreChanges: ["engineVersion"] },
  );
  const instances = instancesOf(name, cluster, args, s, parent);
  const { secret } = storedSecret(
    `${name}-db-master`,
    {
      description: `Master credentials of the Aurora global database ${args.globalClusterIdentifier}`,
      kmsKeyArn: args.kmsKeyArn,
      type: "database-credential",
      replicas: args.secretReplicas,
      // The structure the Secrets Manager rotation functions for RDS expect.
      content: {
        engine: s.engine === "aurora-mysql" ? "mysql" : "postgres",
        host: cluster.endpoint,
        port: cluster.port,
        username: DATABASE_DEFAULTS.masterUsername,
        password,
        dbname: DATABASE_DEFAULTS.databaseName,
        dbClusterIdentifier: cluster.clusterIdentifier,
      },
    },
    { parent },
  );
  rotateMasterPassword(name, { ...args.rotation, engine: s.engine, kmsKeyArn: args.kmsKeyArn, secret }, parent);
  const scaling = new aws.appautoscaling.Target(
    `${name}-db-readers`,
    {
      serviceNamespace: "rds",
      scalableDimension: "rds:cluster:ReadReplicaCount",
      resourceId: pulumi.interpolate`cluster:${cluster.clusterIdentifier}`,
      minCapacity: s.readers,
      maxCapacity: s.maxReaders,
    },
    { parent, dependsOn: instances },
  );
  new aws.appautoscaling.Policy(
    `${name}-db-readers-cpu`,
    {
      policyType: "TargetTrackingScaling",
      serviceNamespace: scaling.serviceNamespace,
      scalableDimension: scaling.scalableDimension,
      resourceId: scaling.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: s.readerCpuTargetPercent,
        predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
        scaleInCooldown: 300,
        scaleOutCooldown: 300,
      },
    },
    { parent },
  );
  return {
    cluster,
    instances,
    globalCluster,
    globalClusterIdentifier: globalCluster.id,
    secret,
    secretArn: secret.arn,
  };
}

/**
 * The secondary half: a cluster that joins the global cluster, with the same engine, version and
 * size, encrypted with its own region's CMK, and no master credentials or database name (it
 * replicates the primary's). RDS changes what it reports for a member when the global database
 * switches over or fails over, so later updates ignore those properties: the cluster is never
 * detached or replaced by an update.
 */
export function createSecondaryDatabase(
  name: string,
  args: ClusterPlacement & {
    settings: DatabaseSettings;
    globalClusterIdentifier: pulumi.Input<string>;
    secretArn: pulumi.Input<string>;
  },
  parent: pulumi.Resource,
): Database {
  const s = args.settings;
  const subnetGroup = subnetGroupOf(name, args, parent);
  const cluster = new aws.rds.Cluster(
    `${name}-db`,
    { ...clusterArgs(args, s, subnetGroup), globalClusterIdentifier: args.globalClusterIdentifier },
    { parent, ignoreChanges: ["replicationSourceIdentifier", "globalClusterIdentifier", "engineVersion"] },
  );
  const instances = instancesOf(name, cluster, args, s, parent);
  return {
    cluster,
    instances,
    globalClusterIdentifier: pulumi.output(args.globalClusterIdentifier),
    secretArn: pulumi.output(args.secretArn),
  };
}

/** The AWS-published single-user rotation applications (AWS Serverless Application Repository), by engine. */
const ROTATION_APPLICATIONS: Record<DatabaseEngine, string> = {
  "aurora-mysql": "SecretsManagerRDSMySQLRotationSingleUser",
  "aurora-postgresql": "SecretsManagerRDSPostgreSQLRotationSingleUser",
};
/** The account AWS publishes them from; their ARNs name us-east-1 whatever the region they are deployed to. */
const ROTATION_PUBLISHER = "297356227824";

/**
 * Rotates the master password every `DATABASE_DEFAULTS.rotationDays`: AWS's single-user rotation
 * function for the engine, deployed from the Serverless Application Repository into the private
 * subnets with the application's security group (the only one the database admits), and the
 * secret's rotation schedule. The secret's replicas follow the rotated value. Running tasks keep
 * the connections they have; new tasks read the new value (ECS injects it at start).
 */
function rotateMasterPassword(
  name: string,
  args: {
    where: RegionContext;
    engine: DatabaseEngine;
    kmsKeyArn: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupId: pulumi.Input<string>;
    secret: aws.secretsmanager.Secret;
  },
  parent: pulumi.Resource,
): aws.secretsmanager.SecretRotation {
  const { where } = args;
  const functionName = regionalName(`${name}-db-rotation`, where.name);
  const application = new aws.serverlessrepository.CloudFormationStack(
    `${name}-db-rotation`,
    {
      applicationId: pulumi.interpolate`arn:${where.partition}:serverlessrepo:us-east-1:${ROTATION_PUBLISHER}:applications/${ROTATION_APPLICATIONS[args.engine]}`,
      capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
      parameters: {
        endpoint: pulumi.interpolate`https://${where.serviceEndpoint("secretsmanager")}`,
        functionName,
        kmsKeyArn: args.kmsKeyArn,
        vpcSubnetIds: pulumi.output(args.subnetIds).apply((ids) => ids.join(",")),
        vpcSecurityGroupIds: args.securityGroupId,
      },
    },
    { parent },
  );
  return new aws.secretsmanager.SecretRotation(
    `${name}-db-rotation`,
    {
      secretId: args.secret.id,
      rotationLambdaArn: application.outputs.apply((o) => o["RotationLambdaARN"] ?? ""),
      rotationRules: { automaticallyAfterDays: DATABASE_DEFAULTS.rotationDays },
    },
    { parent },
  );
}
