import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertRegionName } from "../shared/naming";
import { MANAGED_BY, REQUIRED_TAG_KEYS, type RequiredTagKey } from "./defaults";

export { REQUIRED_TAG_KEYS, type RequiredTagKey };

export interface PlatformTagsArgs {
  environment: string;
  owner: string;
  costCenter: string;
  stack: string;
  region: string;
  /** Extra tags; they may not redefine a required key. @default none */
  extra?: Record<string, string>;
}

/** The platform's one tag set (Environment, Owner, CostCenter, Stack, Region, ManagedBy=pulumi). */
export function platformTags(args: PlatformTagsArgs): Record<string, string> {
  const required: Record<RequiredTagKey, string> = {
    Environment: args.environment,
    Owner: args.owner,
    CostCenter: args.costCenter,
    Stack: args.stack,
    Region: args.region,
    ManagedBy: MANAGED_BY,
  };
  for (const [key, value] of Object.entries(required)) {
    if (typeof value !== "string" || value.trim() === "") {
      throw new Error(`platformTags: tag "${key}" needs a non-empty value, got ${JSON.stringify(value)}`);
    }
  }
  const extra = args.extra ?? {};
  const clashes = Object.keys(extra).filter((k) => (REQUIRED_TAG_KEYS as readonly string[]).includes(k));
  if (clashes.length > 0) {
    throw new Error(`platformTags: extra must not redefine required tag(s) ${clashes.map((k) => `"${k}"`).join(", ")}`);
  }
  return { ...extra, ...required };
}

export interface RegionalProviderArgs {
  region: string;
  /** Applied to every resource through `defaultTags`, never repeated by hand. */
  tags: Record<string, string>;
}

/** An explicit AWS provider for one region, carrying the platform tags as default tags. */
export function createRegionalProvider(
  name: string,
  args: RegionalProviderArgs,
  opts?: pulumi.CustomResourceOptions,
): aws.Provider {
  assertRegionName("region", args.region);
  return new aws.Provider(name, { region: args.region, defaultTags: { tags: args.tags } }, opts);
}
