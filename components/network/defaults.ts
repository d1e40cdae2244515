/**
 * Secure network defaults. Plain data: RegionalNetwork, its tests and the policy rules import
 * this module, so the three cannot drift apart; what the pack enforces comes from its baseline.
 */
import { FLOW_LOG_TRAFFIC_TYPE } from "../../policy/baseline/network";
import { LOG_RETENTION, LOG_RETENTION_VALUES } from "../../policy/baseline/observability";

export const NAT_STRATEGIES = ["perAz", "single"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

export const NETWORK_DEFAULTS = {
  availabilityZoneCount: 3,
  /** One NAT gateway per AZ, so losing an AZ never cuts the others off. */
  natStrategy: "perAz" as NatStrategy,
  enableDnsSupport: true,
  enableDnsHostnames: true,
  mapPublicIpOnLaunch: false,
} as const;

export const FLOW_LOG_DEFAULTS = {
  retentionInDays: LOG_RETENTION.defaultRetentionDays,
  trafficType: FLOW_LOG_TRAFFIC_TYPE,
  /** Seconds; 60 is the finest AWS offers (the AWS default is 600). */
  maxAggregationInterval: 60,
  logDestinationType: "cloud-watch-logs",
  servicePrincipal: "vpc-flow-logs.amazonaws.com",
  /** The only actions the delivery role gets, on the flow-log group alone. */
  deliveryActions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
} as const;

/** Retention values CloudWatch Logs accepts (0 = never expire). */
export { LOG_RETENTION_VALUES };

/** Service suffixes of `com.amazonaws.<region>.<service>` for the interface endpoints private workloads call. */
export const DEFAULT_INTERFACE_ENDPOINTS = [
  "secretsmanager",
  "ecr.api",
  "ecr.dkr",
  "logs",
  "kinesis-streams",
  "sts",
  "kms",
  "sqs",
] as const;

/** Gateway endpoints (free; traffic stays on the AWS network), attached to the private route tables. */
export const GATEWAY_ENDPOINTS = ["s3", "dynamodb"] as const;
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINTS)[number];

export const HTTPS_PORT = 443;

/**
 * Seed 002's security-group set, hardened (components/network/seed-security-groups.ts): the ports
 * each group admits, each from the group before it; the web group from the internet (a load
 * balancer's), the bastion only from an allow-list and only when one is given.
 */
export const SEED_SECURITY_GROUP_PORTS = {
  web: [80, 443],
  app: [8080, 3000, 5000],
  database: [3306, 5432, 6379],
  bastion: [22],
} as const;

/** The shortest prefix (the most addresses, 65,536) one entry of the bastion's SSH allow-list may have. */
export const BASTION_MIN_ALLOWED_PREFIX = 16;
