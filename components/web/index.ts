export * from "./defaults";
export { replicaSecretArn, type DatabaseSettings } from "./database";
export { WEB_TIER_METRIC_IDS, type ResilientWebTierMetricId, type WebTierMetricId } from "./metrics";
export { ResilientWebTier, type ResilientWebTierArgs, type WebTierPeer } from "./web-tier";
export { InvalidArgError } from "../shared/errors";
