import * as pulumi from "@pulumi/pulumi";
import { cloudFrontDecryptStatement, cloudFrontReadStatements } from "../components/edge";
import { CrossRegionLink, IngestionPipeline, replicaTableArn } from "../components/ingestion";
import { AlarmSet } from "../components/observability/alarm-set";
import { ObservabilityStack } from "../components/observability/observability-stack";
import { replicaSecretArn, ResilientWebTier } from "../components/web";
import { assertPeerCompatible, ConfigError, type PlatformConfig } from "./config";
import { readPrimaryExports } from "./exports";
import { alarmNotifications, buildFoundation, providerFor, regionalPipelineArgs } from "./foundation";
import { dataLakeStackOutputs, deployDataLake } from "./datalake";
import { observabilityStackOutputs } from "./observability";
import { deployRegionalEdge } from "./edge";
import { edgeStackOutputs } from "./edge-outputs";
import { regionalWebTierArgs, webStackOutputs } from "./web";

/**
 * The secondary region: deployed after the primary, it reads the primary's exports (validated
 * before anything is created), runs the same ingestion path on its own stream R1 against the
 * global table's replica, and owns everything that joins the two regions.
 */
export async function deploySecondary(config: PlatformConfig) {
  const peerStack = config.peerStack!;
  const primary = await readPrimaryExports(new pulumi.StackReference(peerStack), peerStack);
  assertPeerCompatible(config, primary);
  if (primary.tableReplicaRegion !== config.region) {
    throw new ConfigError(config.stack, [
      `stack "${peerStack}" has its table replica in ${JSON.stringify(primary.tableReplicaRegion || "no region")}, not in aws:region = "${config.region}". ` +
        `Set twin-region:secondaryRegion: ${config.region} on the primary and update it first.`,
    ]);
  }
  if (!primary.staticAssetsReplicaBucketName)
    throw new ConfigError(config.stack, [
      `stack "${peerStack}" names no static-assets replica bucket for this region. Set twin-region:secondaryRegion: ${config.region} on the primary and update it first.`,
    ]);
  // The CDN's failover origin: the replica bucket under the name the primary chose, which the
  // primary's distribution (its ARN exported) may read and decrypt with this region's key.
  const replicaName = primary.staticAssetsReplicaBucketName;
  const partition = primary.staticAssetsBucketArn.split(":")[1];
  const foundation = buildFoundation(config, {
    policyStatements: [cloudFrontDecryptStatement(primary.cdnDistributionArn, `arn:${partition}:s3:::${replicaName}`)],
  });
  const { opts, key, network } = foundation;
  // The replica lake: S2 of the ingestion link, into which the primary's lake replicates.
  const { lake, processedBucket } = deployDataLake(config, foundation, opts);
  const ingestion = new IngestionPipeline(
    `${config.environment}-ingestion`,
    {
      ...regionalPipelineArgs(config, foundation),
      table: {
        existing: {
          name: primary.tableName,
          arn: replicaTableArn(primary.tableArn, config.region),
          kmsKeyArn: primary.tableReplicaKmsKeyArn,
        },
      },
      // S2 (the replica lake): the processed data arrives by replication from the primary's lake, so the table's changes are processed once, in the primary.
      processedBucket,
      changeProcessing: { skip: true },
    },
    opts,
  );
  const primaryProvider = providerFor(config, primary.region);
  const link = new CrossRegionLink(
    `${config.environment}-link`,
    {
      primaryProvider,
      functionRelease: config.functionRelease,
      primary: {
        region: primary.region,
        kmsKeyArn: primary.kmsKeyArn,
        streamArn: primary.streamArn,
        processedBucketName: primary.processedBucketName,
        processedBucketArn: primary.processedBucketArn,
        busName: primary.eventBusName,
        busArn: primary.eventBusArn,
      },
      secondary: {
        region: config.region,
        kmsKeyArn: key.keyArn,
        streamArn: ingestion.streamArn,
        processedBucketName: ingestion.processedBucketName,
        processedBucketArn: ingestion.processedBucketArn,
        processedBucketVersioning: ingestion.processedBucket.versioning,
        busName: ingestion.busName,
        busArn: ingestion.busArn,
      },
    },
    opts,
  );
  // The web tier's deployment alarms notify the ObservabilityStack's topic, which observes the tier.
  const [alarmTopicArn, resolveAlarmTopicArn] = pulumi.deferredOutput<string>();
  const web = new ResilientWebTier(
    `${config.environment}-web`,
    {
      ...regionalWebTierArgs(config, foundation, alarmTopicArn),
      hostedZoneId: primary.hostedZoneId,
      peer: {
        provider: primaryProvider,
        region: primary.region,
        kmsKeyArn: primary.kmsKeyArn,
        globalClusterIdentifier: primary.globalClusterIdentifier,
        databaseSecretArn: replicaSecretArn(primary.databaseSecretArn, config.region),
        databaseSecretKmsKeyArn: primary.tableReplicaKmsKeyArn,
        fileSystemId: primary.fileSystemId,
        staticAssetsBucketName: primary.staticAssetsBucketName,
        staticAssetsBucketArn: primary.staticAssetsBucketArn,
      },
      // The region's ObservabilityStack backs the database up; the file system is the primary's replica.
      backup: { skip: true },
      staticAssets: {
        bucketName: replicaName,
        policyStatements: cloudFrontReadStatements(primary.cdnDistributionArn),
      },
    },
    opts,
  );
  const alarms = new ObservabilityStack(
    `${config.environment}-observability`,
    {
      region: config.region,
      kmsKeyArn: key.keyArn,
      components: { ingestion, web, datalake: lake },
      notifications: alarmNotifications(config),
      sampling: { serviceNamePattern: `${config.environment}-*` },
      // The secondary's database (its table is the primary's replica, backed up there), copied to the primary's vault.
      backup: {
        auroraClusterArns: [web.databaseClusterArn],
        copyTo: { region: primary.region, vaultArn: primary.backupVaultArn },
      },
    },
    opts,
  );
  resolveAlarmTopicArn(alarms.topicArn);
  const edge = deployRegionalEdge(config, foundation, {
    role: "SECONDARY",
    hostedZoneId: primary.hostedZoneId,
    web,
    ingestion,
    alarmTopicArn: alarms.topicArn,
    peer: { region: primary.region, provider: primaryProvider, kmsKeyArn: primary.kmsKeyArn },
  });
  // CloudWatch alarms are regional: the link's forwarder and S3 replication report in the primary region.
  new AlarmSet(
    `${config.environment}-link-alarms`,
    { metrics: link.metrics(), kmsKeyArn: primary.kmsKeyArn, email: config.alarmEmail },
    { providers: { aws: primaryProvider } },
  );
  return {
    region: config.region,
    environment: config.environment,
    primaryRegion: primary.region,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    kmsKeyArn: key.keyArn,
    apiEndpoint: ingestion.apiEndpoint,
    streamArn: ingestion.streamArn,
    processedBucketName: ingestion.processedBucketName,
    eventBusArn: ingestion.busArn,
    ...webStackOutputs(web),
    ...edgeStackOutputs(config, edge),
    ...dataLakeStackOutputs(lake),
    ...observabilityStackOutputs(alarms),
    globalClusterIdentifier: web.globalClusterIdentifier,
    databaseSecretArn: web.databaseSecretArn,
    replicaFileSystemId: web.fileSystemId,
    // The region's backup vault (the primary exports its own as backupVaultArn).
    backupVaultArn: alarms.backupVaultArn.apply((arn) => arn ?? ""),
    staticAssetsBucketName: web.staticAssetsBucketName,
    // The offline recovery report reads the targets from here (components/shared/recovery-targets.ts).
    recoveryTargets: config.recoveryTargets,
  };
}
