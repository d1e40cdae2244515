import * as pulumi from "@pulumi/pulumi";
import { assertPeerCompatible, type PlatformConfig } from "./config";
import { readPrimaryExports } from "./exports";
import { buildFoundation } from "./foundation";

/**
 * The secondary region: deployed after the primary, it reads the primary's exports (validated
 * before anything is created) and owns everything that joins the two regions.
 */
export async function deploySecondary(config: PlatformConfig) {
  const peerStack = config.peerStack!;
  const primaryRef = new pulumi.StackReference(peerStack);
  const primary = await readPrimaryExports(primaryRef, peerStack);
  assertPeerCompatible(config, primary);
  const { key, network } = buildFoundation(config);
  return {
    region: config.region,
    environment: config.environment,
    primaryRegion: primary.region,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    kmsKeyArn: key.keyArn,
  };
}
