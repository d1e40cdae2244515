import * as aws from "@pulumi/aws";
import { FARGATE_CAPACITY_PROVIDERS } from "../../policy/baseline/processing";
import { invalidArg } from "../shared/errors";
import type { LakeContext } from "./context";
import { PROCESSING_DEFAULTS } from "./processing-defaults";

export interface CapacityStrategyArgs {
  /** FARGATE_SPOT's share of the tasks placed beyond the base (0-1000). @default 4 */
  spotWeight?: number;
  /** FARGATE's share of the tasks placed beyond the base (0-1000). @default 1 */
  onDemandWeight?: number;
  /** Tasks always placed on FARGATE before the weights apply (0-100000). @default 0 */
  onDemandBase?: number;
}

/** One entry of a capacity provider strategy, as both the cluster default and a service take it. */
export interface CapacityProviderStrategyItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

export interface ProcessingCluster {
  cluster: aws.ecs.Cluster;
  capacityProviders: aws.ecs.ClusterCapacityProviders;
  /** The strategy the cluster defaults to (and the service states explicitly): Spot first, FARGATE beside it. */
  strategy: CapacityProviderStrategyItem[];
}

const COMPONENT = "DataLake";

/**
 * The capacity provider strategy: FARGATE_SPOT by weight, FARGATE by weight after its base. At
 * least one weight must be positive (ECS rejects a strategy whose weights are all 0), and Spot
 * must carry weight: a cluster named for Spot that places nothing there is a misconfiguration.
 */
export function capacityStrategy(args: CapacityStrategyArgs = {}): CapacityProviderStrategyItem[] {
  const spotWeight = args.spotWeight ?? PROCESSING_DEFAULTS.spotWeight;
  const onDemandWeight = args.onDemandWeight ?? PROCESSING_DEFAULTS.onDemandWeight;
  const onDemandBase = args.onDemandBase ?? PROCESSING_DEFAULTS.onDemandBase;
  const whole = (arg: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max)
      throw invalidArg(COMPONENT, `processing.${arg}`, `${value} is not a whole number from 0 to ${max}`);
  };
  whole("spotWeight", spotWeight, 1000);
  whole("onDemandWeight", onDemandWeight, 1000);
  whole("onDemandBase", onDemandBase, 100_000);
  if (spotWeight === 0)
    throw invalidArg(
      COMPONENT,
      "processing.spotWeight",
      "0 places no task on FARGATE_SPOT; the processing cluster runs on Spot first (give it a weight of 1 or more)",
    );
  return [
    { capacityProvider: FARGATE_CAPACITY_PROVIDERS.spot, weight: spotWeight, base: 0 },
    { capacityProvider: FARGATE_CAPACITY_PROVIDERS.onDemand, weight: onDemandWeight, base: onDemandBase },
  ];
}

/**
 * The ECS cluster `<env>-data-processing-cluster`, with Container Insights (enhanced) and both
 * Fargate capacity providers: FARGATE_SPOT, the default strategy's main weight, and FARGATE
 * beside it, so tasks still start when Spot has no capacity. Tasks may be ARM64 on Spot
 * (FARGATE_SPOT supports ARM64 Linux tasks on platform 1.4.0 and later).
 */
export function createProcessingCluster(ctx: LakeContext, args: CapacityStrategyArgs = {}): ProcessingCluster {
  const strategy = capacityStrategy(args);
  const parent = ctx.parent;
  const cluster = new aws.ecs.Cluster(
    `${ctx.name}-processing-cluster`,
    {
      name: `${ctx.environment}-data-processing-cluster`,
      settings: [{ name: "containerInsights", value: "enhanced" }],
    },
    { parent },
  );
  const capacityProviders = new aws.ecs.ClusterCapacityProviders(
    `${ctx.name}-processing-capacity`,
    {
      clusterName: cluster.name,
      capacityProviders: [FARGATE_CAPACITY_PROVIDERS.spot, FARGATE_CAPACITY_PROVIDERS.onDemand],
      defaultCapacityProviderStrategies: strategy,
    },
    { parent },
  );
  return { cluster, capacityProviders, strategy };
}
