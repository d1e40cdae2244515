import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { FailoverEndpoint, HEALTH_CHECK_METRICS_REGION, LatencyEndpoint, type FailoverRole } from "../components/edge";
import type { IngestionPipeline } from "../components/ingestion";
import { AlarmSet } from "../components/observability/alarm-set";
import { RegionalKey } from "../components/security";
import type { ResilientWebTier } from "../components/web";
import type { PlatformConfig } from "./config";
import { providerFor, type RegionalFoundation } from "./foundation";

/** The API's signal a latency member leaves the answers on: its 5xx share, judged per minute. */
const API_HEALTH_SIGNAL = "api-5xx-rate";
const API_HEALTH_PERIOD_SECONDS = 60;
const API_HEALTH_EVALUATION_PERIODS = 2;

/** A provider and a key in a region the stack reaches besides its own, when it already has them. */
export interface KnownRegion {
  region: string;
  provider: aws.Provider;
  kmsKeyArn: pulumi.Input<string>;
}

export interface RegionalEdgeArgs {
  role: FailoverRole;
  hostedZoneId: pulumi.Input<string>;
  web: ResilientWebTier;
  ingestion: IngestionPipeline;
  /** The region's alarm topic. */
  alarmTopicArn: pulumi.Input<string>;
  /** The peer region's provider and key (the secondary has them): reused when the peer is in us-east-1. */
  peer?: KnownRegion;
  /** The stack's one provider per region, when it keeps them (a second provider of the same name would collide). */
  providerIn?: (region: string) => aws.Provider;
}

/**
 * This stack's members of the shared Route 53 names: the web application's failover record
 * (PRIMARY or SECONDARY) with its health check, the ingestion API's latency record with its
 * health check, and their HealthCheckStatus alarms in us-east-1, where Route 53 publishes them.
 */
export function deployRegionalEdge(config: PlatformConfig, f: RegionalFoundation, args: RegionalEdgeArgs) {
  const failover = new FailoverEndpoint(
    `${config.environment}-app-failover`,
    {
      region: config.region,
      hostedZoneId: args.hostedZoneId,
      recordName: config.appHostName,
      role: args.role,
      loadBalancer: { dnsName: args.web.loadBalancerDnsName, zoneId: args.web.loadBalancerZoneId },
      healthCheck: {
        requestIntervalSeconds: config.healthCheckInterval,
        failureThreshold: config.healthCheckFailureThreshold,
      },
    },
    f.opts,
  );
  const apiSignal = args.ingestion.api.metrics().find((m) => m.id === API_HEALTH_SIGNAL)!;
  const latency = new LatencyEndpoint(
    `${config.environment}-api-latency`,
    {
      region: config.region,
      hostedZoneId: args.hostedZoneId,
      recordName: config.apiHostName,
      target: args.ingestion.api.customDomainTarget,
      healthSignal: {
        ...apiSignal,
        periodSeconds: API_HEALTH_PERIOD_SECONDS,
        evaluationPeriods: API_HEALTH_EVALUATION_PERIODS,
      },
      alarmTopicArn: args.alarmTopicArn,
    },
    f.opts,
  );
  const metricsRegion = healthCheckMetricsRegion(config, f, args);
  const alarms = new AlarmSet(
    `${config.environment}-edge-alarms`,
    {
      metrics: [...failover.metrics(), ...latency.metrics()],
      kmsKeyArn: metricsRegion.kmsKeyArn,
      email: config.alarmEmail,
    },
    { providers: { aws: metricsRegion.provider } },
  );
  return { failover, latency, alarms };
}

/** A provider and key in us-east-1: the stack's own, the peer's, or a key of the stack's there. */
function healthCheckMetricsRegion(
  config: PlatformConfig,
  f: RegionalFoundation,
  { peer, providerIn }: RegionalEdgeArgs,
): KnownRegion {
  if (config.region === HEALTH_CHECK_METRICS_REGION)
    return { region: config.region, provider: f.provider, kmsKeyArn: f.key.keyArn };
  if (peer?.region === HEALTH_CHECK_METRICS_REGION) return peer;
  const provider = providerIn?.(HEALTH_CHECK_METRICS_REGION) ?? providerFor(config, HEALTH_CHECK_METRICS_REGION);
  const key = new RegionalKey(`${config.environment}-edge-alarms`, {}, { providers: { aws: provider } });
  return { region: HEALTH_CHECK_METRICS_REGION, provider, kmsKeyArn: key.keyArn };
}
