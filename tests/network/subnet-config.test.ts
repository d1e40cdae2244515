/**
 * The stack config keys that give the network explicit subnet CIDRs (twin-region:publicSubnetCidrs,
 * privateSubnetCidrs, databaseSubnetCidrs): optional, all three or none, checked with azCount and
 * vpcCidr before anything is planned; a bad value names its key, quotes it and says what is allowed.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, type PlatformConfig } from "../../stacks/config";

type Values = Record<string, string | undefined>;

const PRIMARY: Values = {
  "aws:region": "us-east-2",
  role: "primary",
  vpcCidr: "10.0.0.0/16",
  azCount: "2",
  alarmEmail: "platform-alerts@example.com",
  dnsDomain: "example.com",
};
const SEED: Values = {
  publicSubnetCidrs: '["10.0.1.0/24","10.0.2.0/24"]',
  privateSubnetCidrs: '["10.0.10.0/24","10.0.20.0/24"]',
  databaseSubnetCidrs: '["10.0.100.0/24","10.0.200.0/24"]',
};

const parse = (changes: Values): PlatformConfig =>
  parseConfig({ project: "twin-region", stack: "test", values: { ...PRIMARY, ...changes } });

function problemsOf(changes: Values): readonly string[] {
  try {
    parse(changes);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(changes)}`);
}

describe("subnet CIDR config keys", () => {
  it("reads seed 002's lists into subnetCidrs, tier by tier", () => {
    expect(parse(SEED).subnetCidrs).toEqual({
      public: ["10.0.1.0/24", "10.0.2.0/24"],
      private: ["10.0.10.0/24", "10.0.20.0/24"],
      database: ["10.0.100.0/24", "10.0.200.0/24"],
    });
  });

  it("leaves subnetCidrs out when the keys are unset or empty (Pulumi.yaml's default), so the layout is computed", () => {
    expect(parse({})).not.toHaveProperty("subnetCidrs");
    expect(parse({ publicSubnetCidrs: "", privateSubnetCidrs: "", databaseSubnetCidrs: "" })).not.toHaveProperty(
      "subnetCidrs",
    );
  });

  it("rejects a value that is not a JSON array of strings, naming the key and quoting the value", () => {
    expect(problemsOf({ ...SEED, publicSubnetCidrs: "10.0.1.0/24,10.0.2.0/24" })).toEqual([
      expect.stringMatching(
        /^twin-region:publicSubnetCidrs = "10\.0\.1\.0\/24,10\.0\.2\.0\/24": it is not valid JSON\. Allowed: unset \(the network's computed layout\), or a JSON array/,
      ),
    ]);
    expect(problemsOf({ ...SEED, databaseSubnetCidrs: '{"a":"10.0.100.0/24"}' })).toEqual([
      expect.stringContaining(
        `twin-region:databaseSubnetCidrs = "{\\"a\\":\\"10.0.100.0/24\\"}": it is not a JSON array of strings`,
      ),
    ]);
  });

  it("requires all three keys or none, naming each one left unset", () => {
    const problems = problemsOf({ publicSubnetCidrs: SEED.publicSubnetCidrs });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^twin-region:privateSubnetCidrs is not set: not given, but publicSubnetCidrs is/);
    expect(problems[1]).toMatch(/^twin-region:databaseSubnetCidrs is not set: not given/);
  });

  it("requires azCount CIDRs in each list, naming azCount (3 by default)", () => {
    const problems = problemsOf({ ...SEED, azCount: undefined });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain(
      `twin-region:publicSubnetCidrs = ${JSON.stringify(SEED.publicSubnetCidrs)}: ["10.0.1.0/24","10.0.2.0/24"] has 2 CIDRs; give one per availability zone, in AZ order (twin-region:azCount is 3)`,
    );
  });

  it("rejects a subnet outside vpcCidr, naming vpcCidr, and overlapping subnets, naming both", () => {
    expect(problemsOf({ ...SEED, vpcCidr: "10.0.0.0/20" })).toEqual([
      expect.stringContaining(
        `privateSubnetCidrs[1]: "10.0.20.0/24" is not inside the VPC's twin-region:vpcCidr "10.0.0.0/20"`,
      ),
      expect.stringContaining(`databaseSubnetCidrs[0]: "10.0.100.0/24" is not inside`),
      expect.stringContaining(`databaseSubnetCidrs[1]: "10.0.200.0/24" is not inside`),
    ]);
    expect(problemsOf({ ...SEED, privateSubnetCidrs: '["10.0.2.0/23","10.0.20.0/24"]' })).toEqual([
      expect.stringContaining(`privateSubnetCidrs[0]: "10.0.2.0/23" overlaps publicSubnetCidrs[1] ("10.0.2.0/24")`),
    ]);
  });

  it("rejects a subnet smaller than AWS allows, saying /16 to /28", () => {
    expect(problemsOf({ ...SEED, publicSubnetCidrs: '["10.0.1.0/29","10.0.2.0/24"]' })).toEqual([
      expect.stringContaining(`publicSubnetCidrs[0]: "10.0.1.0/29" has a prefix of /29; an AWS subnet is /16 to /28`),
    ]);
  });

  it("checks the lists only against a valid azCount and vpcCidr: a bad azCount is reported once, on its own key", () => {
    const problems = problemsOf({ ...SEED, azCount: "4" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`twin-region:azCount = "4"`);
  });
});
