import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { DeliveryPipeline, deliveryKeyStatements, deliveryTopicStatements } from "../components/delivery";
import type { PlatformConfig } from "./config";
import type { RegionalFoundation } from "./foundation";

/**
 * Seed 004's CI/CD in the primary (`deliveryRepository` set): DeliveryPipeline deploys the primary,
 * then, once approved, the secondary. Its notifications reach the alarm topic, which is encrypted
 * with the platform key: the key and the topic let CodeStar Notifications in (`deliveryKeyArgs`,
 * `deliveryTopicArgs`).
 */
export function deployDelivery(
  config: PlatformConfig,
  f: RegionalFoundation,
  alarmTopicArn: pulumi.Input<string>,
  opts: pulumi.ComponentResourceOptions,
): DeliveryPipeline | undefined {
  const d = deliveryOf(config);
  if (!d) return undefined;
  return new DeliveryPipeline(
    `${config.environment}-delivery`,
    {
      region: config.region,
      kmsKeyArn: f.key.keyArn,
      accessLogBucketName: f.accessLogs.bucketName,
      alarmTopicArn,
      repository: d.repository,
      branch: d.branch,
      ...(d.connectionArn ? { connectionArn: d.connectionArn } : {}),
      pulumiOrg: d.pulumiOrg,
      deployRoleArn: d.deployRoleArn,
      ...(d.tokenSecretArn ? { pulumiAccessTokenSecretArn: d.tokenSecretArn } : {}),
    },
    opts,
  );
}

/** The pipeline's settings from the `delivery*` keys, or undefined without `deliveryRepository` (config.ts checks the others are there). */
export function deliveryOf(config: PlatformConfig) {
  const { deliveryRepository: repository, deliveryPulumiOrg: pulumiOrg, deliveryDeployRoleArn: deployRoleArn } = config;
  if (!repository || !pulumiOrg || !deployRoleArn) return undefined;
  return {
    repository,
    branch: config.deliveryBranch,
    pulumiOrg,
    deployRoleArn,
    connectionArn: config.deliveryConnectionArn,
    tokenSecretArn: config.deliveryTokenSecretArn,
  };
}

/** The platform key's statements for the pipeline's notifications (none without a pipeline). */
export const deliveryKeyArgs = (config: PlatformConfig) =>
  deliveryOf(config) ? deliveryKeyStatements(config.region) : [];

/** The alarm topic's policy statements for the pipeline's notifications (undefined: the topic keeps SNS's default policy). */
export function deliveryTopicArgs(config: PlatformConfig, provider: aws.Provider) {
  if (!deliveryOf(config)) return {};
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
  return { topicPolicyStatements: (topicArn: pulumi.Output<string>) => deliveryTopicStatements(topicArn, accountId) };
}

/** The names of `deliveryStackOutputs`. */
export const DELIVERY_STACK_OUTPUT_NAMES = [
  "deliveryPipelineName",
  "deliveryPipelineArn",
  "deliveryConnectionArn",
  "deliveryConnectionStatus",
  "deliveryTokenSecretArn",
  "deliveryBuildRoleArns",
] as const;

/** What a new connection's status says to do. */
export const PENDING_CONNECTION_NOTE =
  "PENDING: complete the connection's handshake in the console (Developer Tools > Settings > Connections > Update pending connection) before the pipeline's first run";

/** The pipeline's outputs (only with a pipeline): its name and ARN, its connection and what to do about it, the token's secret, the build roles the deployment role must trust. */
export function deliveryStackOutputs(
  d: DeliveryPipeline | undefined,
): Partial<Record<(typeof DELIVERY_STACK_OUTPUT_NAMES)[number], unknown>> {
  if (!d) return {};
  return {
    deliveryPipelineName: d.pipelineName,
    deliveryPipelineArn: d.pipelineArn,
    deliveryConnectionArn: d.connectionArn,
    deliveryConnectionStatus: d.connectionStatus.apply((s) => (s === "PENDING" ? PENDING_CONNECTION_NOTE : s)),
    deliveryTokenSecretArn: d.pulumiAccessTokenSecretArn,
    deliveryBuildRoleArns: d.deployBuildRoleArns,
  };
}
