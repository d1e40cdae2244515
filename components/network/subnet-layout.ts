import { containsCidr, parseCidr } from "cidr-tools";
import { ipVersion, normalizeIp, stringifyIp } from "ip-bigint";

export const SUBNET_TIERS = ["public", "private", "database"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export const RFC1918_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 24;
export const MIN_AZ_COUNT = 2;
export const MAX_AZ_COUNT = 3;
const MAX_SUBNET_PREFIX = 28; // the smallest subnet AWS allows
const MAX_TIER_STRIDE = 10;

export interface SubnetLayout {
  vpcCidr: string;
  subnetPrefix: number;
  /** Blocks between the first subnets of two consecutive tiers. */
  tierStride: number;
  /** Subnet CIDRs per tier, one per AZ, in AZ order. */
  tiers: Record<SubnetTier, string[]>;
}

/**
 * Plans the subnets of a VPC: three tiers (public, private, database), one subnet per AZ.
 * Subnets are `min(vpcPrefix + 8, 28)` long; tier `t` starts at block `t * stride`, with
 * `stride = min(10, floor(blocks / 3))` and `blocks = 2^(subnetPrefix - vpcPrefix)`. A /16 gives
 * x.x.0-2.0/24, x.x.10-12.0/24 and x.x.20-22.0/24; a /24 gives /28s at blocks 0-2, 5-7 and 10-12.
 */
export function planSubnetLayout(cidrBlock: string, availabilityZoneCount: number): SubnetLayout {
  const { start, vpcPrefix } = parseVpcCidr(cidrBlock);
  validateAzCount(availabilityZoneCount);

  const subnetPrefix = Math.min(vpcPrefix + 8, MAX_SUBNET_PREFIX);
  const blocks = 2 ** (subnetPrefix - vpcPrefix);
  const tierStride = Math.min(MAX_TIER_STRIDE, Math.floor(blocks / SUBNET_TIERS.length));
  const blockSize = 1n << BigInt(32 - subnetPrefix);

  const subnet = (block: number): string =>
    `${stringifyIp({ number: start + BigInt(block) * blockSize, version: 4 })}/${subnetPrefix}`;
  const tiers = Object.fromEntries(
    SUBNET_TIERS.map((tier, t) => [
      tier,
      Array.from({ length: availabilityZoneCount }, (_, az) => subnet(t * tierStride + az)),
    ]),
  ) as Record<SubnetTier, string[]>;

  return { vpcCidr: cidrBlock, subnetPrefix, tierStride, tiers };
}

/** Throws, naming `cidrBlock` and quoting the value, unless it is a usable VPC CIDR. */
export function validateVpcCidr(cidrBlock: string): void {
  parseVpcCidr(cidrBlock);
}

function parseVpcCidr(cidrBlock: string): { start: bigint; vpcPrefix: number } {
  const fail = (why: string): never => {
    throw new Error(`cidrBlock: "${String(cidrBlock)}" ${why}`);
  };
  if (typeof cidrBlock !== "string") {
    return fail('must be a string such as "10.0.0.0/16"');
  }
  const [address, prefixText, ...rest] = cidrBlock.split("/");
  if (address === undefined || prefixText === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefixText)) {
    return fail('is not an IPv4 CIDR block such as "10.0.0.0/16"');
  }
  // normalizeIp round-trips; a lenient parse of "300.0.0.0" or "10.0.0" would not come back unchanged.
  if (ipVersion(address) !== 4 || normalizeIp(address) !== address) {
    return fail('is not an IPv4 CIDR block such as "10.0.0.0/16"');
  }
  const vpcPrefix = Number(prefixText);
  if (vpcPrefix < MIN_VPC_PREFIX || vpcPrefix > MAX_VPC_PREFIX) {
    return fail(`must have a prefix length from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}`);
  }
  const parsed = parseCidr(cidrBlock);
  const network = stringifyIp({ number: parsed.start, version: 4 });
  if (network !== address) {
    return fail(`is not a network address; did you mean "${network}/${vpcPrefix}"?`);
  }
  if (!containsCidr([...RFC1918_RANGES], cidrBlock)) {
    return fail(`must be inside a private (RFC 1918) range: ${RFC1918_RANGES.join(", ")}`);
  }
  return { start: parsed.start, vpcPrefix };
}

/** Throws, naming `availabilityZoneCount` and quoting the value, unless it is 2 or 3. */
/** How many availability zones a network spans. */
export type AvailabilityZoneCount = 2 | 3;

export function validateAzCount(count: number): asserts count is AvailabilityZoneCount {
  if (!Number.isInteger(count) || count < MIN_AZ_COUNT || count > MAX_AZ_COUNT) {
    throw new Error(
      `availabilityZoneCount: ${typeof count === "string" ? JSON.stringify(count) : String(count)} must be a whole number from ${MIN_AZ_COUNT} to ${MAX_AZ_COUNT}`,
    );
  }
}
