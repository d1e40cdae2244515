import { describe, expect, it } from "vitest";
import { explicitSubnetCidrs, subnetCidrProblems, type SubnetCidrs } from "../../components/network/subnet-layout";

/** Seed 002's layout over two AZs, with the database tier this project adds (the seed has none). */
const SEED: SubnetCidrs = {
  public: ["10.0.1.0/24", "10.0.2.0/24"],
  private: ["10.0.10.0/24", "10.0.20.0/24"],
  database: ["10.0.100.0/24", "10.0.200.0/24"],
};
const VPC = "10.0.0.0/16";

const problemsWith = (changes: Partial<Record<keyof SubnetCidrs, unknown>>, azCount = 2, vpc: string = VPC) =>
  subnetCidrProblems({ ...SEED, ...changes }, azCount, vpc).map((p) => p.message);

describe("explicit subnet CIDRs (requirement: the network accepts per-tier lists instead of its computed layout)", () => {
  it("returns seed 002's lists unchanged, tier by tier, in AZ order", () => {
    expect(explicitSubnetCidrs(SEED, 2, VPC)).toEqual(SEED);
  });

  it("returns undefined when no tier is given, so the computed layout applies", () => {
    expect(explicitSubnetCidrs({}, 3, VPC)).toBeUndefined();
    expect(subnetCidrProblems({}, 3, VPC)).toEqual([]);
  });

  it("accepts the smallest (/28) and the largest (/16) subnets AWS allows", () => {
    const small = {
      public: ["10.9.0.0/28", "10.9.0.16/28"],
      private: ["10.9.1.0/28", "10.9.1.16/28"],
      database: ["10.9.2.0/28", "10.9.2.16/28"],
    };
    expect(subnetCidrProblems(small, 2, "10.9.0.0/16")).toEqual([]);
    const large = { public: ["10.0.0.0/16"], private: ["10.1.0.0/16"], database: ["10.2.0.0/16"] };
    expect(subnetCidrProblems(large, 1, "10.0.0.0/8")).toEqual([]);
  });

  it("skips the inside-the-VPC check when the VPC CIDR is not known yet, and checks everything else", () => {
    expect(subnetCidrProblems({ ...SEED, public: ["172.16.1.0/24", "172.16.2.0/24"] }, 2)).toEqual([]);
    expect(subnetCidrProblems({ ...SEED, public: ["10.0.1.0/24", "10.0.1.0/24"] }, 2)).toHaveLength(1);
  });
});

describe("explicit subnet CIDRs are rejected with messages naming the arg and quoting the value", () => {
  it("requires all three tiers or none, naming each missing one", () => {
    expect(subnetCidrProblems({ public: SEED.public, private: SEED.private }, 2, VPC).map((p) => p.arg)).toEqual([
      "databaseSubnetCidrs",
    ]);
    expect(subnetCidrProblems({ public: SEED.public }, 2, VPC).map((p) => p.message)).toEqual([
      "privateSubnetCidrs: not given, but publicSubnetCidrs is: give the CIDRs of all three tiers (publicSubnetCidrs, privateSubnetCidrs, databaseSubnetCidrs) or of none (the computed layout)",
      "databaseSubnetCidrs: not given, but publicSubnetCidrs is: give the CIDRs of all three tiers (publicSubnetCidrs, privateSubnetCidrs, databaseSubnetCidrs) or of none (the computed layout)",
    ]);
  });

  it("requires one CIDR per availability zone in each tier", () => {
    expect(problemsWith({ private: ["10.0.10.0/24"] })).toEqual([
      'privateSubnetCidrs: ["10.0.10.0/24"] has 1 CIDR; give one per availability zone, in AZ order (availabilityZoneCount is 2)',
    ]);
    expect(problemsWith({}, 3)).toEqual([
      'publicSubnetCidrs: ["10.0.1.0/24","10.0.2.0/24"] has 2 CIDRs; give one per availability zone, in AZ order (availabilityZoneCount is 3)',
      'privateSubnetCidrs: ["10.0.10.0/24","10.0.20.0/24"] has 2 CIDRs; give one per availability zone, in AZ order (availabilityZoneCount is 3)',
      'databaseSubnetCidrs: ["10.0.100.0/24","10.0.200.0/24"] has 2 CIDRs; give one per availability zone, in AZ order (availabilityZoneCount is 3)',
    ]);
  });

  it("rejects a value that is not a list of strings", () => {
    expect(problemsWith({ database: "10.0.100.0/24" })).toEqual([
      'databaseSubnetCidrs: "10.0.100.0/24" is not a list of CIDR strings such as ["10.0.1.0/24", "10.0.2.0/24"]',
    ]);
    expect(problemsWith({ database: [24, 25] })).toEqual([
      'databaseSubnetCidrs: [24,25] is not a list of CIDR strings such as ["10.0.1.0/24", "10.0.2.0/24"]',
    ]);
  });

  it.each([
    ["10.0.1.0", 'publicSubnetCidrs[0]: "10.0.1.0" is not an IPv4 CIDR block such as "10.0.1.0/24"'],
    ["10.0.300.0/24", 'publicSubnetCidrs[0]: "10.0.300.0/24" is not an IPv4 CIDR block'],
    ["fd00::/64", 'publicSubnetCidrs[0]: "fd00::/64" is not an IPv4 CIDR block'],
    ["10.0.1.0/29", 'publicSubnetCidrs[0]: "10.0.1.0/29" has a prefix of /29; an AWS subnet is /16 to /28'],
    ["10.0.0.0/15", 'publicSubnetCidrs[0]: "10.0.0.0/15" has a prefix of /15; an AWS subnet is /16 to /28'],
    ["10.0.1.7/24", 'publicSubnetCidrs[0]: "10.0.1.7/24" is not a network address; did you mean "10.0.1.0/24"?'],
    ["10.1.1.0/24", 'publicSubnetCidrs[0]: "10.1.1.0/24" is not inside the VPC\'s cidrBlock "10.0.0.0/16"'],
  ])("rejects the subnet CIDR %j", (cidr, message) => {
    const problems = problemsWith({ public: [cidr, "10.0.2.0/24"] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("rejects two subnets that share an address, in one tier or across tiers, naming both", () => {
    expect(problemsWith({ public: ["10.0.1.0/24", "10.0.1.0/24"] })).toEqual([
      'publicSubnetCidrs[1]: "10.0.1.0/24" overlaps publicSubnetCidrs[0] ("10.0.1.0/24"): no two subnets may share an address',
    ]);
    expect(problemsWith({ database: ["10.0.10.128/25", "10.0.200.0/24"] })).toEqual([
      'databaseSubnetCidrs[0]: "10.0.10.128/25" overlaps privateSubnetCidrs[0] ("10.0.10.0/24"): no two subnets may share an address',
    ]);
    expect(problemsWith({ private: ["10.0.0.0/22", "10.0.20.0/24"] })).toEqual([
      'privateSubnetCidrs[0]: "10.0.0.0/22" overlaps publicSubnetCidrs[0] ("10.0.1.0/24"): no two subnets may share an address',
      'privateSubnetCidrs[0]: "10.0.0.0/22" overlaps publicSubnetCidrs[1] ("10.0.2.0/24"): no two subnets may share an address',
    ]);
  });

  it("throws the first problem as `<arg>: <problem>`", () => {
    expect(() => explicitSubnetCidrs({ ...SEED, private: ["10.0.10.0/24", "10.0.2.0/24"] }, 2, VPC)).toThrow(
      'privateSubnetCidrs[1]: "10.0.2.0/24" overlaps publicSubnetCidrs[1] ("10.0.2.0/24")',
    );
  });
});
