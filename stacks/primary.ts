import type { PlatformConfig } from "./config";
import { PRIMARY_EXPORTS_VERSION, type PrimaryExports } from "./exports";
import { buildFoundation } from "./foundation";
import type * as pulumi from "@pulumi/pulumi";

type Exported<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The primary region: stands alone as a single-region system and exports what the secondary reads. */
export function deployPrimary(config: PlatformConfig): Exported<PrimaryExports> {
  const { key, network } = buildFoundation(config);
  return {
    exportsVersion: PRIMARY_EXPORTS_VERSION,
    region: config.region,
    environment: config.environment,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    kmsKeyArn: key.keyArn,
  };
}
