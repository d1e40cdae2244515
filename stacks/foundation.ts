import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionalNetwork } from "../components/network";
import { createRegionalProvider, platformTags, RegionalKey } from "../components/security";
import type { PlatformConfig } from "./config";

/** What every regional stack builds first: its tagged provider, its KMS key and its network. */
export interface RegionalFoundation {
  provider: aws.Provider;
  key: RegionalKey;
  network: RegionalNetwork;
}

export function buildFoundation(config: PlatformConfig): RegionalFoundation {
  const tags = platformTags({
    environment: config.environment,
    owner: config.owner,
    costCenter: config.costCenter,
    stack: config.stack,
    region: config.region,
    extra: config.tags,
  });
  const provider = createRegionalProvider(`${config.environment}-${config.region}`, { region: config.region, tags });
  const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
  const key = new RegionalKey(`${config.environment}-platform`, {}, opts);
  const network = new RegionalNetwork(
    `${config.environment}-network`,
    {
      cidrBlock: config.vpcCidr,
      availabilityZoneCount: config.azCount,
      natStrategy: config.natStrategy,
      kmsKeyArn: key.keyArn,
      region: config.region,
    },
    opts,
  );
  return { provider, key, network };
}
