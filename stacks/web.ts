import type * as pulumi from "@pulumi/pulumi";
import type { ResilientWebTier, ResilientWebTierArgs } from "../components/web";
import type { PlatformConfig } from "./config";
import type { RegionalFoundation } from "./foundation";

/** The ResilientWebTier args both regions fill the same way from their config and foundation. */
export function regionalWebTierArgs(
  config: PlatformConfig,
  f: RegionalFoundation,
  alarmTopicArn: pulumi.Input<string>,
): Omit<ResilientWebTierArgs, "hostedZoneId" | "peer" | "secretReplicas"> {
  return {
    region: config.region,
    kmsKeyArn: f.key.keyArn,
    functionRelease: config.functionRelease,
    network: f.network,
    availabilityZoneCount: config.azCount,
    accessLogBucketName: f.accessLogs.bucketName,
    hostName: config.appHostName,
    platformRole: config.role,
    app: {
      ...(config.appImage ? { image: config.appImage } : {}),
      desiredTasks: config.webDesiredTasks,
      minTasks: config.webMinTasks,
      maxTasks: config.webMaxTasks,
      cpuTargetPercent: config.webCpuTarget,
      capacity: config.webCapacity,
    },
    database: { engine: config.databaseEngine, mode: config.databaseMode },
    lambdaTarget: { path: config.webLambdaPath },
    deployment:
      config.webDeployment === "blue-green"
        ? { strategy: "blue-green", deploymentConfigName: config.webDeploymentConfig }
        : { strategy: "rolling" },
    // The region's ObservabilityStack topic (created after the tier, which it observes: a deferred output).
    alarmTopicArn,
  };
}

/** The names of `webStackOutputs`. */
export const WEB_STACK_OUTPUT_NAMES = [
  "webUrl",
  "albDnsName",
  "webClusterName",
  "webServiceName",
  "databaseClusterIdentifier",
  "databaseClusterArn",
  "databaseWriterEndpoint",
  "databaseReaderEndpoint",
  "cacheSecretArn",
  "webReleaseRequest",
] as const;

/** The web tier's stack outputs for people and runbooks (docs/runbook-web-failover.md), the same in both stacks. */
export function webStackOutputs(web: ResilientWebTier): Record<(typeof WEB_STACK_OUTPUT_NAMES)[number], unknown> {
  return {
    webUrl: web.url,
    albDnsName: web.loadBalancerDnsName,
    webClusterName: web.clusterName,
    webServiceName: web.serviceName,
    databaseClusterIdentifier: web.databaseClusterIdentifier,
    databaseClusterArn: web.databaseClusterArn,
    databaseWriterEndpoint: web.databaseWriterEndpoint,
    databaseReaderEndpoint: web.databaseReaderEndpoint,
    cacheSecretArn: web.cacheSecretArn,
    // Blue/green: `aws deploy create-deployment --cli-input-json "$(pulumi stack output webReleaseRequest)"`; "" for rolling.
    webReleaseRequest: web.releaseRequest.apply((request) => request ?? ""),
  };
}
