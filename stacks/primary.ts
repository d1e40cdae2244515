import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CLOUDFRONT_EDGE_REGION,
  cloudFrontDecryptStatement,
  GlobalDistribution,
  originBucketName,
} from "../components/edge";
import { IngestionPipeline } from "../components/ingestion";
import { ObservabilityStack } from "../components/observability/observability-stack";
import { RegionalKey } from "../components/security";
import { DATABASE_DEFAULTS, ResilientWebTier } from "../components/web";
import type { PlatformConfig } from "./config";
import { PRIMARY_EXPORTS_VERSION, type PrimaryExports } from "./exports";
import type { RecoveryTargets } from "../components/shared/recovery-targets";
import {
  alarmNotifications,
  trailKeyStatements,
  trailNameOf,
  buildFoundation,
  providerFor,
  regionalPipelineArgs,
} from "./foundation";
import { dataLakeStackOutputs, deployDataLake } from "./datalake";
import { observabilityStackOutputs } from "./observability";
import { deliveryKeyArgs, deliveryStackOutputs, deliveryTopicArgs, deployDelivery } from "./delivery";
import { deployRegionalEdge } from "./edge";
import { edgeStackOutputs } from "./edge-outputs";
import { regionalWebTierArgs, webStackOutputs } from "./web";

type Exported<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Outputs of the primary beyond the versioned contract: for people and runbooks, not read by the secondary. */
export type PrimaryStackExtras = ReturnType<typeof webStackOutputs> &
  ReturnType<typeof edgeStackOutputs> &
  ReturnType<typeof dataLakeStackOutputs> &
  ReturnType<typeof observabilityStackOutputs> &
  ReturnType<typeof deliveryStackOutputs> & {
    /** The created zone's name servers (delegate dnsDomain to them); empty when hostedZoneId was given. */
    hostedZoneNameServers: pulumi.Input<string[]>;
    /** The stack's recovery targets, which the offline recovery report reads (components/shared/recovery-targets.ts). */
    recoveryTargets: RecoveryTargets;
    /** The CDN: its distribution's id and own domain name, and `https://<cdnHostName>`. */
    cdnDistributionId: pulumi.Input<string>;
    cdnDomainName: pulumi.Input<string>;
    cdnUrl: pulumi.Input<string>;
  };

/** The name the static-assets bucket of a region gets (`<environment>-web-assets-<region code>-<8 hex>`), chosen here for both regions. */
const assetsBucketName = (config: PlatformConfig, region: string) =>
  originBucketName(`${config.environment}-web-assets`, region);

/**
 * The primary region: stands alone as a single-region system, owns the global table (with its
 * replica in the secondary region when one is configured) and exports what the secondary reads.
 */
export function deployPrimary(config: PlatformConfig): Exported<PrimaryExports> & PrimaryStackExtras {
  // The CDN reads the static assets encrypted with the platform key, which exists before the
  // distribution (everything else uses it): the key lets the distribution decrypt once its ARN and
  // the bucket's exist (RegionalKey's policyStatementsAfterCreation).
  const [cdnArn, resolveCdnArn] = pulumi.deferredOutput<string>();
  const [assetsArn, resolveAssetsArn] = pulumi.deferredOutput<string>();
  const foundation = buildFoundation(config, (provider) => ({
    policyStatements: [...trailKeyStatements(config, provider), ...deliveryKeyArgs(config)],
    policyStatementsAfterCreation: [cloudFrontDecryptStatement(cdnArn, assetsArn)],
  }));
  const { opts, key, network } = foundation;
  // One provider per region this stack deploys to: its own, us-east-1 (the CDN's edge) and the secondary's may coincide.
  const providers = new Map<string, aws.Provider>([[config.region, foundation.provider]]);
  const providerIn = (region: string): aws.Provider => {
    if (!providers.has(region)) providers.set(region, providerFor(config, region));
    return providers.get(region)!;
  };
  // The replica's key must exist before the table, so the primary owns a key in the secondary region.
  const replicaKey = config.secondaryRegion
    ? new RegionalKey(
        `${config.environment}-table-replica`,
        {},
        { providers: { aws: providerIn(config.secondaryRegion) } },
      )
    : undefined;
  // The web application's zone: given, or created here (delegate the domain to its name servers).
  const zone = config.hostedZoneId
    ? undefined
    : new aws.route53.Zone(
        `${config.environment}-zone`,
        { name: config.dnsDomain, comment: `twin-region ${config.environment}: the web application's public zone` },
        { provider: foundation.provider },
      );
  const hostedZoneId = config.hostedZoneId ?? zone!.zoneId;
  // The CDN's S3 origins are domain names: this stack names both regions' asset buckets before they
  // exist, and exports the replica's, which the secondary creates under that name.
  const assetsName = assetsBucketName(config, config.region);
  const replicaName = config.secondaryRegion ? assetsBucketName(config, config.secondaryRegion) : undefined;
  const cdn = new GlobalDistribution(
    `${config.environment}-cdn`,
    {
      hostName: config.cdnHostName,
      hostedZoneId,
      applicationHostName: config.appHostName,
      staticOrigin: { bucketName: assetsName, region: config.region },
      ...(config.secondaryRegion && replicaName
        ? { staticFailoverOrigin: { bucketName: replicaName, region: config.secondaryRegion } }
        : {}),
      edgeProvider: providerIn(CLOUDFRONT_EDGE_REGION),
      priceClass: config.cdnPriceClass,
      shieldAdvanced: config.shieldAdvanced,
    },
    opts,
  );
  // The web tier's deployment alarms notify the ObservabilityStack's topic, which observes the tier.
  const [alarmTopicArn, resolveAlarmTopicArn] = pulumi.deferredOutput<string>();
  const web = new ResilientWebTier(
    `${config.environment}-web`,
    {
      ...regionalWebTierArgs(config, foundation, alarmTopicArn),
      hostedZoneId,
      secretReplicas:
        config.secondaryRegion && replicaKey ? [{ region: config.secondaryRegion, kmsKeyArn: replicaKey.keyArn }] : [],
      staticAssets: { bucketName: assetsName, policyStatements: cdn.bucketPolicyStatements() },
      // The region's ObservabilityStack backs the database and file system up with the table.
      backup: { skip: true },
    },
    opts,
  );
  // The data lake's credentials name the web tier's database and cache; its rotation function joins the app's group, which the database admits.
  const { lake, processedBucket } = deployDataLake(config, foundation, opts, {
    mysql: { host: web.databaseWriterEndpoint, database: DATABASE_DEFAULTS.databaseName },
    redis: { host: web.cacheEndpoint, password: web.cacheAuthToken },
    rotationSecurityGroupIds: [web.appSecurityGroupId],
  });
  const ingestion = new IngestionPipeline(
    `${config.environment}-ingestion`,
    {
      ...regionalPipelineArgs(config, foundation, hostedZoneId),
      processedBucket,
      table: {
        replicas:
          config.secondaryRegion && replicaKey
            ? [{ region: config.secondaryRegion, kmsKeyArn: replicaKey.keyArn }]
            : [],
      },
    },
    opts,
  );
  resolveCdnArn(cdn.distributionArn);
  resolveAssetsArn(web.staticAssetsBucketArn);
  const alarms = new ObservabilityStack(
    `${config.environment}-observability`,
    {
      region: config.region,
      kmsKeyArn: key.keyArn,
      components: { ingestion, web, datalake: lake },
      notifications: alarmNotifications(config),
      sampling: { serviceNamePattern: `${config.environment}-*` },
      // The delivery pipeline's notifications (with deliveryRepository) publish to the topic as CodeStar Notifications.
      ...deliveryTopicArgs(config, foundation.provider),
      // The one multi-region trail (seed 004): it records every region, the secondary's included.
      trail: { trailName: trailNameOf(config), accessLogBucketName: foundation.accessLogs.bucketName },
      // Seed 001: the region's data stores, copied to a vault the primary owns in the secondary region.
      backup: {
        auroraClusterArns: [web.databaseClusterArn],
        efsFileSystemArns: [web.fileSystemArn],
        dynamoDbTableArns: [ingestion.tableArn],
        ...(config.secondaryRegion && replicaKey
          ? {
              copyTo: {
                region: config.secondaryRegion,
                createVault: { provider: providerIn(config.secondaryRegion), kmsKeyArn: replicaKey.keyArn },
              },
            }
          : {}),
      },
    },
    opts,
  );
  resolveAlarmTopicArn(alarms.topicArn);
  // Seed 004's CI/CD (with deliveryRepository): deploys this stack, then the secondary once approved.
  const delivery = deployDelivery(config, foundation, alarms.topicArn, opts);
  const edge = deployRegionalEdge(config, foundation, {
    role: "PRIMARY",
    hostedZoneId,
    web,
    ingestion,
    alarmTopicArn: alarms.topicArn,
    providerIn,
  });
  return {
    exportsVersion: PRIMARY_EXPORTS_VERSION,
    region: config.region,
    environment: config.environment,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    kmsKeyArn: key.keyArn,
    streamName: ingestion.streamName,
    streamArn: ingestion.streamArn,
    tableName: ingestion.tableName,
    tableArn: ingestion.tableArn,
    tableReplicaRegion: config.secondaryRegion ?? "",
    tableReplicaKmsKeyArn: replicaKey?.keyArn ?? "",
    processedBucketName: ingestion.processedBucketName,
    processedBucketArn: ingestion.processedBucketArn,
    eventBusName: ingestion.busName,
    eventBusArn: ingestion.busArn,
    ...webStackOutputs(web),
    ...edgeStackOutputs(config, edge),
    ...dataLakeStackOutputs(lake),
    ...observabilityStackOutputs(alarms),
    ...deliveryStackOutputs(delivery),
    hostedZoneNameServers: zone?.nameServers ?? [],
    hostedZoneId,
    appHostName: config.appHostName,
    globalClusterIdentifier: web.globalClusterIdentifier,
    databaseSecretArn: web.databaseSecretArn,
    fileSystemId: web.fileSystemId,
    backupVaultArn: alarms.backupVaultArn.apply((arn) => arn!),
    staticAssetsBucketName: web.staticAssetsBucketName,
    staticAssetsBucketArn: web.staticAssetsBucketArn,
    recoveryTargets: config.recoveryTargets,
    staticAssetsReplicaBucketName: replicaName ?? "",
    cdnDistributionArn: cdn.distributionArn,
    cdnDistributionId: cdn.distributionId,
    cdnDomainName: cdn.domainName,
    cdnUrl: cdn.url,
  };
}
