import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_INTERFACE_ENDPOINTS, RegionalNetwork } from "../components/network";
import { createRegionalProvider, platformTags, RegionalKey, type RegionalKeyArgs } from "../components/security";
import { AccessLogBucket } from "../components/storage";
import type { Notifications } from "../components/observability/notifications";
import { cloudTrailKeyStatements } from "../components/observability/trail";
import type { PlatformConfig } from "./config";
import { MANAGED_MONITORING_ENDPOINTS } from "./datalake";

/** What every regional stack builds first: its tagged provider, its KMS key, its network and its access-log bucket. */
export interface RegionalFoundation {
  provider: aws.Provider;
  /** Options that put a component in this stack's region, with its tags. */
  opts: pulumi.ComponentResourceOptions;
  key: RegionalKey;
  network: RegionalNetwork;
  accessLogs: AccessLogBucket;
  /** Egress-only security group of the workloads in the private subnets. */
  workloadSecurityGroup: aws.ec2.SecurityGroup;
}

/** A tagged provider for a region this stack deploys to (its own, or the peer's for cross-region parts). */
export function providerFor(config: PlatformConfig, region: string): aws.Provider {
  const tags = platformTags({
    environment: config.environment,
    owner: config.owner,
    costCenter: config.costCenter,
    stack: config.stack,
    region,
    extra: config.tags,
  });
  return createRegionalProvider(`${config.environment}-${region}`, { region, tags });
}

/**
 * The IngestionPipeline args every region fills the same way from its foundation. Each region's
 * API gets a custom domain under `apiHostName` (the latency-routed name); the certificate's DNS
 * validation record is the same in both regions, so only the stack given `validationZoneId`
 * (the primary) creates it, and the other waits for it.
 */
export function regionalPipelineArgs(
  config: PlatformConfig,
  f: RegionalFoundation,
  validationZoneId?: pulumi.Input<string>,
) {
  return {
    region: config.region,
    kmsKeyArn: f.key.keyArn,
    functionRelease: config.functionRelease,
    privateSubnetIds: f.network.privateSubnetIds,
    processingSecurityGroupIds: [f.workloadSecurityGroup.id],
    accessLogBucketName: f.accessLogs.bucketName,
    api: {
      customDomain: {
        domainName: config.apiHostName,
        ...(validationZoneId === undefined ? {} : { hostedZoneId: validationZoneId }),
      },
    },
  };
}

/** Who the stack's alarms tell: the config's e-mail address, and its SMS number and HTTPS endpoint when set. */
export function alarmNotifications(config: PlatformConfig): Notifications {
  return {
    emails: [config.alarmEmail],
    ...(config.alarmSms ? { sms: [config.alarmSms] } : {}),
    ...(config.alarmHttpsEndpoint ? { httpsEndpoints: [config.alarmHttpsEndpoint] } : {}),
  };
}

/**
 * `keyArgs`: the platform key's policy statements beyond the platform's (the CDN's and the trail's,
 * which the primary adds), or a function of the region's provider giving them.
 */
export function buildFoundation(
  config: PlatformConfig,
  keyArgs: RegionalKeyArgs | ((provider: aws.Provider) => RegionalKeyArgs) = {},
): RegionalFoundation {
  const provider = providerFor(config, config.region);
  const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
  const key = new RegionalKey(
    `${config.environment}-platform`,
    typeof keyArgs === "function" ? keyArgs(provider) : keyArgs,
    opts,
  );
  const network = new RegionalNetwork(
    `${config.environment}-network`,
    {
      cidrBlock: config.vpcCidr,
      availabilityZoneCount: config.azCount,
      ...(config.subnetCidrs
        ? {
            publicSubnetCidrs: config.subnetCidrs.public,
            privateSubnetCidrs: config.subnetCidrs.private,
            databaseSubnetCidrs: config.subnetCidrs.database,
          }
        : {}),
      natStrategy: config.natStrategy,
      ...(config.monitoring === "managed" || config.monitoring === "both"
        ? { interfaceEndpoints: [...DEFAULT_INTERFACE_ENDPOINTS, ...MANAGED_MONITORING_ENDPOINTS] }
        : {}),
      kmsKeyArn: key.keyArn,
      region: config.region,
    },
    opts,
  );
  const accessLogs = new AccessLogBucket(
    `${config.environment}-access-logs`,
    { region: config.region, kmsKeyArn: key.keyArn },
    opts,
  );
  const workloadSecurityGroup = network.createSecurityGroup("workloads", {
    description: "Private workloads: no ingress, HTTPS egress to AWS APIs only",
    ingress: [],
  });
  return { provider, opts, key, network, accessLogs, workloadSecurityGroup };
}

/** The name of the primary's CloudTrail trail (its key must name it before the trail exists). */
export const trailNameOf = (config: PlatformConfig): string => `${config.environment}-audit-trail`;

/** The statements the region's key needs for the primary's trail to encrypt its log files with it. */
export function trailKeyStatements(config: PlatformConfig, provider: aws.Provider) {
  const opts = { provider };
  return cloudTrailKeyStatements({
    trailName: trailNameOf(config),
    region: config.region,
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    partition: aws.getPartitionOutput({}, opts).partition,
  });
}
