export * from "./defaults";
export { replicaSecretArn, type DatabaseSettings } from "./database";
export { WEB_TIER_METRIC_IDS, type ResilientWebTierMetricId, type WebTierMetricId } from "./metrics";
export { ResilientWebTier, type ResilientWebTierArgs, type WebTierDeployment, type WebTierPeer } from "./web-tier";
export {
  APPSPEC_HOOK_EVENTS,
  appSpecContent,
  createDeploymentRequest,
  ecsAppSpec,
  type AppSpecHookEvent,
  type AppSpecTarget,
} from "./appspec";
export { InvalidArgError } from "../shared/errors";
