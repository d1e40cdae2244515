import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { IngestionPipeline } from "../components/ingestion";
import { AlarmSet } from "../components/observability/alarm-set";
import { RegionalKey } from "../components/security";
import { ResilientWebTier } from "../components/web";
import type { PlatformConfig } from "./config";
import { PRIMARY_EXPORTS_VERSION, type PrimaryExports } from "./exports";
import type { RecoveryTargets } from "../components/shared/recovery-targets";
import { buildFoundation, providerFor, regionalPipelineArgs } from "./foundation";
import { deployRegionalEdge } from "./edge";
import { edgeStackOutputs } from "./edge-outputs";
import { regionalWebTierArgs, webStackOutputs } from "./web";

type Exported<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Outputs of the primary beyond the versioned contract: for people and runbooks, not read by the secondary. */
export type PrimaryStackExtras = ReturnType<typeof webStackOutputs> &
  ReturnType<typeof edgeStackOutputs> & {
    /** The created zone's name servers (delegate dnsDomain to them); empty when hostedZoneId was given. */
    hostedZoneNameServers: pulumi.Input<string[]>;
    /** The stack's recovery targets, which the offline recovery report reads (components/shared/recovery-targets.ts). */
    recoveryTargets: RecoveryTargets;
  };

/**
 * The primary region: stands alone as a single-region system, owns the global table (with its
 * replica in the secondary region when one is configured) and exports what the secondary reads.
 */
export function deployPrimary(config: PlatformConfig): Exported<PrimaryExports> & PrimaryStackExtras {
  const foundation = buildFoundation(config);
  const { opts, key, network } = foundation;
  // The replica's key must exist before the table, so the primary owns a key in the secondary region.
  const replicaKey = config.secondaryRegion
    ? new RegionalKey(
        `${config.environment}-table-replica`,
        {},
        { providers: { aws: providerFor(config, config.secondaryRegion) } },
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
  const ingestion = new IngestionPipeline(
    `${config.environment}-ingestion`,
    {
      ...regionalPipelineArgs(config, foundation, hostedZoneId),
      table: {
        replicas:
          config.secondaryRegion && replicaKey
            ? [{ region: config.secondaryRegion, kmsKeyArn: replicaKey.keyArn }]
            : [],
      },
    },
    opts,
  );
  const web = new ResilientWebTier(
    `${config.environment}-web`,
    {
      ...regionalWebTierArgs(config, foundation),
      hostedZoneId,
      secretReplicas:
        config.secondaryRegion && replicaKey ? [{ region: config.secondaryRegion, kmsKeyArn: replicaKey.keyArn }] : [],
    },
    opts,
  );
  const alarms = new AlarmSet(
    `${config.environment}-alarms`,
    { metrics: [...ingestion.metrics(), ...web.metrics()], kmsKeyArn: key.keyArn, email: config.alarmEmail },
    opts,
  );
  const edge = deployRegionalEdge(config, foundation, {
    role: "PRIMARY",
    hostedZoneId,
    web,
    ingestion,
    alarmTopicArn: alarms.topicArn,
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
    hostedZoneNameServers: zone?.nameServers ?? [],
    hostedZoneId,
    appHostName: config.appHostName,
    globalClusterIdentifier: web.globalClusterIdentifier,
    databaseSecretArn: web.databaseSecretArn,
    fileSystemId: web.fileSystemId,
    staticAssetsBucketName: web.staticAssetsBucketName,
    staticAssetsBucketArn: web.staticAssetsBucketArn,
    recoveryTargets: config.recoveryTargets,
  };
}
