import { containsCidr, overlapCidr, parseCidr } from "cidr-tools";
import { ipVersion, normalizeIp, stringifyIp } from "ip-bigint";

export const SUBNET_TIERS = ["public", "private", "database"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export const RFC1918_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 24;
export const MIN_AZ_COUNT = 2;
export const MAX_AZ_COUNT = 3;
/** The largest subnet AWS allows (a /16, as large as the largest VPC). */
export const MIN_SUBNET_PREFIX = 16;
/** The smallest subnet AWS allows (16 addresses, 11 usable: AWS reserves 5 in each subnet). */
export const MAX_SUBNET_PREFIX = 28;
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

/** Explicit subnet CIDRs: per tier, one per AZ, in AZ order. */
export type SubnetCidrs = Record<SubnetTier, string[]>;

/** The arg (and stack config key) that carries each tier's explicit CIDRs. */
export const SUBNET_CIDR_ARGS = {
  public: "publicSubnetCidrs",
  private: "privateSubnetCidrs",
  database: "databaseSubnetCidrs",
} as const satisfies Record<SubnetTier, string>;
export type SubnetCidrArg = (typeof SUBNET_CIDR_ARGS)[SubnetTier];

/** One thing wrong with explicit subnet CIDRs: the arg it concerns, and a message that names it (or its item) and quotes the value. */
export interface SubnetCidrProblem {
  arg: SubnetCidrArg;
  message: string;
}

/**
 * Everything wrong with explicit per-tier subnet CIDRs (an empty list when they are usable):
 * - all three tiers or none: a tier left out would get no subnets, and computed ones could
 *   overlap the given ones;
 * - each tier a list of exactly `availabilityZoneCount` CIDRs, one per AZ, in AZ order;
 * - each an IPv4 CIDR in network form (no host bits), /16 to /28 (the sizes AWS allows for a
 *   subnet), inside `vpcCidr` (when known: checked only when given);
 * - no two subnets, of the same tier or of two tiers, sharing an address.
 * `lists` holds the tiers that were given (`undefined`: not given).
 */
export function subnetCidrProblems(
  lists: Partial<Record<SubnetTier, unknown>>,
  availabilityZoneCount: number,
  vpcCidr?: string,
  /** What the messages call the AZ count and the VPC CIDR (the stack config's keys differ from the args). */
  names: { availabilityZoneCount: string; cidrBlock: string } = {
    availabilityZoneCount: "availabilityZoneCount",
    cidrBlock: "cidrBlock",
  },
): SubnetCidrProblem[] {
  const given = SUBNET_TIERS.filter((tier) => lists[tier] !== undefined);
  if (given.length === 0) return [];
  const problems: SubnetCidrProblem[] = [];
  const add = (tier: SubnetTier, problem: string, index?: number) =>
    problems.push({
      arg: SUBNET_CIDR_ARGS[tier],
      message: `${SUBNET_CIDR_ARGS[tier]}${index === undefined ? "" : `[${index}]`}: ${problem}`,
    });
  if (given.length < SUBNET_TIERS.length) {
    const named = given.map((tier) => SUBNET_CIDR_ARGS[tier]).join(" and ");
    for (const tier of SUBNET_TIERS.filter((t) => !given.includes(t))) {
      add(
        tier,
        `not given, but ${named} ${given.length === 1 ? "is" : "are"}: give the CIDRs of all three tiers (${Object.values(SUBNET_CIDR_ARGS).join(", ")}) or of none (the computed layout)`,
      );
    }
  }
  const valid: { tier: SubnetTier; index: number; cidr: string }[] = [];
  for (const tier of given) {
    const list = lists[tier];
    if (!Array.isArray(list) || list.some((c) => typeof c !== "string")) {
      add(tier, `${quote(list)} is not a list of CIDR strings such as ["10.0.1.0/24", "10.0.2.0/24"]`);
      continue;
    }
    if (list.length !== availabilityZoneCount) {
      add(
        tier,
        `${quote(list)} has ${list.length} CIDR${list.length === 1 ? "" : "s"}; give one per availability zone, in AZ order (${names.availabilityZoneCount} is ${availabilityZoneCount})`,
      );
    }
    (list as string[]).forEach((cidr, index) => {
      const why = subnetCidrProblem(cidr, vpcCidr, names.cidrBlock);
      if (why) add(tier, `"${cidr}" ${why}`, index);
      else valid.push({ tier, index, cidr });
    });
  }
  valid.forEach((a, i) => {
    for (const b of valid.slice(i + 1)) {
      if (overlapCidr(a.cidr, b.cidr)) {
        add(
          b.tier,
          `"${b.cidr}" overlaps ${SUBNET_CIDR_ARGS[a.tier]}[${a.index}] ("${a.cidr}"): no two subnets may share an address`,
          b.index,
        );
      }
    }
  });
  return problems;
}

/**
 * The explicit subnet CIDRs as tiers, or `undefined` when none are given (the computed layout
 * applies). Throws, naming the arg and quoting the value, on the first problem
 * `subnetCidrProblems` finds.
 */
export function explicitSubnetCidrs(
  lists: Partial<Record<SubnetTier, unknown>>,
  availabilityZoneCount: number,
  vpcCidr?: string,
): SubnetCidrs | undefined {
  const [first] = subnetCidrProblems(lists, availabilityZoneCount, vpcCidr);
  if (first) throw new Error(first.message);
  if (SUBNET_TIERS.every((tier) => lists[tier] === undefined)) return undefined;
  return Object.fromEntries(SUBNET_TIERS.map((tier) => [tier, [...(lists[tier] as string[])]])) as SubnetCidrs;
}

/** Why `cidr` cannot be a subnet of `vpcCidr`, or undefined when it can. */
function subnetCidrProblem(cidr: string, vpcCidr: string | undefined, vpcName: string): string | undefined {
  const [address, prefixText, ...rest] = cidr.split("/");
  if (address === undefined || prefixText === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefixText)) {
    return 'is not an IPv4 CIDR block such as "10.0.1.0/24"';
  }
  if (ipVersion(address) !== 4 || normalizeIp(address) !== address) {
    return 'is not an IPv4 CIDR block such as "10.0.1.0/24"';
  }
  const prefix = Number(prefixText);
  if (prefix < MIN_SUBNET_PREFIX || prefix > MAX_SUBNET_PREFIX) {
    return `has a prefix of /${prefix}; an AWS subnet is /${MIN_SUBNET_PREFIX} to /${MAX_SUBNET_PREFIX}`;
  }
  const network = stringifyIp({ number: parseCidr(cidr).start, version: 4 });
  if (network !== address) {
    return `is not a network address; did you mean "${network}/${prefix}"?`;
  }
  if (vpcCidr !== undefined && !containsCidr(vpcCidr, cidr)) {
    return `is not inside the VPC's ${vpcName} "${vpcCidr}"`;
  }
  return undefined;
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
