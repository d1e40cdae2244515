/**
 * The AWS regions a twin-region stack may be deployed to: every region of the commercial `aws`
 * partition. Data, not logic: stacks/config.ts validates `aws:region` and
 * `twin-region:secondaryRegion` against it.
 *
 * Deliberately left out: AWS GovCloud (`us-gov-*`, partition `aws-us-gov`), China (`cn-*`,
 * partition `aws-cn`), the European Sovereign Cloud (`eusc-*`) and the ISO partitions. They differ
 * in ARNs, service availability and account model, and nothing in this platform is built or tested
 * for them. Supporting one is a design change, not a list edit.
 *
 * The `satisfies` clause checks every entry against @pulumi/aws's own `Region` enum at compile
 * time, so a typo (or a region the provider does not know) fails `tsc`. When AWS opens a region,
 * add it here after upgrading @pulumi/aws.
 */
import type { Region } from "@pulumi/aws";

export const AWS_COMMERCIAL_REGIONS = [
  "us-east-1", // N. Virginia
  "us-east-2", // Ohio
  "us-west-1", // N. California
  "us-west-2", // Oregon
  "af-south-1", // Cape Town
  "ap-east-1", // Hong Kong
  "ap-east-2", // Taipei
  "ap-south-1", // Mumbai
  "ap-south-2", // Hyderabad
  "ap-southeast-1", // Singapore
  "ap-southeast-2", // Sydney
  "ap-southeast-3", // Jakarta
  "ap-southeast-4", // Melbourne
  "ap-southeast-5", // Malaysia
  "ap-southeast-6", // New Zealand
  "ap-southeast-7", // Thailand
  "ap-northeast-1", // Tokyo
  "ap-northeast-2", // Seoul
  "ap-northeast-3", // Osaka
  "ca-central-1", // Canada (Central)
  "ca-west-1", // Calgary
  "eu-central-1", // Frankfurt
  "eu-central-2", // Zurich
  "eu-west-1", // Ireland
  "eu-west-2", // London
  "eu-west-3", // Paris
  "eu-south-1", // Milan
  "eu-south-2", // Spain
  "eu-north-1", // Stockholm
  "il-central-1", // Tel Aviv
  "me-south-1", // Bahrain
  "me-central-1", // UAE
  "mx-central-1", // Mexico (Central)
  "sa-east-1", // São Paulo
] as const satisfies readonly Region[];

/** One AWS commercial region name, e.g. `"us-east-1"`. */
export type CommercialRegion = (typeof AWS_COMMERCIAL_REGIONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AWS_COMMERCIAL_REGIONS);

/** True when `name` is exactly one of {@link AWS_COMMERCIAL_REGIONS}. */
export function isCommercialRegion(name: string): name is CommercialRegion {
  return KNOWN.has(name);
}
