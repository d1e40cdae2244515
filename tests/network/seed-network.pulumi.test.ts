/**
 * Seed 002's network (explicit subnet CIDRs over two AZs in us-east-2) and its security-group set,
 * hardened, planned once: the subnets get exactly the given CIDRs, and each group admits exactly
 * its ports from exactly its sources.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  createSeedSecurityGroups,
  RegionalNetwork,
  SEED_SECURITY_GROUP_PORTS,
  type RegionalNetworkArgs,
  type SeedSecurityGroups,
} from "../../components/network";
import { planProgram, type RecordedResource, type ResourceGraph } from "../../offline/testkit";

const KEY_ARN = "arn:aws:kms:us-east-2:123456789012:key/11111111-2222-3333-4444-555555555555";
const SUBNET = "aws:ec2/subnet:Subnet";
const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

const SEED_NETWORK: RegionalNetworkArgs = {
  cidrBlock: "10.0.0.0/16",
  availabilityZoneCount: 2,
  publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
  privateSubnetCidrs: ["10.0.10.0/24", "10.0.20.0/24"],
  databaseSubnetCidrs: ["10.0.100.0/24", "10.0.200.0/24"],
  kmsKeyArn: KEY_ARN,
  region: "us-east-2",
};

let graph: ResourceGraph;
/** What the program's rejected calls threw, by case. */
const rejected: Record<string, string> = {};

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return "(nothing thrown)";
};

beforeAll(async () => {
  ({ graph } = await planProgram(
    () => {
      const net = new RegionalNetwork("seed", SEED_NETWORK);
      const groups: SeedSecurityGroups = createSeedSecurityGroups("sg", net, {
        bastionAllowedCidrs: ["203.0.113.10/32", "198.51.100.0/24"],
        extraGroups: {
          // The extension point the operations hosts use: a group that admits one of the seed's.
          metrics: (seed) => ({
            description: "metrics scraper: 9100 from the app group",
            ingress: [{ fromSecurityGroupId: seed.app.id, port: 9100, description: "node exporter from the app" }],
            egress: [],
          }),
        },
      });
      expect(Object.keys(groups.extra)).toEqual(["metrics"]);
      // The default: no bastion (SSM Session Manager).
      const plain = createSeedSecurityGroups("plain", net);
      rejected.plainBastion = String(plain.bastion);
      rejected.world = messageOf(() => createSeedSecurityGroups("bad1", net, { bastionAllowedCidrs: ["0.0.0.0/0"] }));
      rejected.half = messageOf(() => createSeedSecurityGroups("bad2", net, { bastionAllowedCidrs: ["0.0.0.0/1"] }));
      rejected.subnets = messageOf(
        () => new RegionalNetwork("bad", { ...SEED_NETWORK, privateSubnetCidrs: ["10.0.10.0/24", "10.1.20.0/24"] }),
      );
    },
    { region: "us-east-2" },
  ));
}, 60_000);

/** Each rule of a group as "<port>/<protocol> from|to <source>": a group by its logical name, else the CIDR or prefix list. */
function rulesOf(group: RecordedResource, type: typeof INGRESS | typeof EGRESS): string[] {
  const direction = type === INGRESS ? "from" : "to";
  return graph
    .ofType(type)
    .filter((r) => r.inputs.securityGroupId !== undefined && r.parent === group.urn)
    .map((r) => {
      const referenced = r.propertyDependencies?.referencedSecurityGroupId?.[0];
      const prefixList = r.propertyDependencies?.prefixListId?.[0];
      const peer = referenced
        ? graph.byUrn(referenced).name
        : prefixList
          ? `prefix list of ${graph.byUrn(prefixList).name}`
          : r.inputs.cidrIpv4;
      expect(r.inputs.fromPort, r.name).toBe(r.inputs.toPort);
      expect(r.inputs.description, r.name).toMatch(/\S/);
      return `${r.inputs.fromPort}/${r.inputs.ipProtocol} ${direction} ${peer}`;
    })
    .sort();
}

const group = (name: string) => graph.one(GROUP, name);
const each = (ports: readonly number[], peer: string, direction = "from") =>
  ports.map((p) => `${p}/tcp ${direction} ${peer}`);
const sorted = (items: string[]) => [...items].sort();

describe("RegionalNetwork with seed 002's explicit subnet CIDRs (two AZs, us-east-2)", () => {
  it("gives each subnet exactly its given CIDR, in its tier and AZ", () => {
    const subnets = graph
      .ofType(SUBNET)
      .map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.tags.Tier])
      .sort();
    expect(subnets).toEqual([
      ["seed-database-0", "10.0.100.0/24", "us-east-2a", "database"],
      ["seed-database-1", "10.0.200.0/24", "us-east-2b", "database"],
      ["seed-private-0", "10.0.10.0/24", "us-east-2a", "private"],
      ["seed-private-1", "10.0.20.0/24", "us-east-2b", "private"],
      ["seed-public-0", "10.0.1.0/24", "us-east-2a", "public"],
      ["seed-public-1", "10.0.2.0/24", "us-east-2b", "public"],
    ]);
    expect(graph.ofType("aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).toEqual(["10.0.0.0/16"]);
  });

  it("rejects a subnet outside the VPC before creating anything, naming the arg and the value", () => {
    expect(rejected.subnets).toBe(
      'RegionalNetwork: privateSubnetCidrs[1]: "10.1.20.0/24" is not inside the VPC\'s cidrBlock "10.0.0.0/16"',
    );
    expect(graph.ofType("twin-region:network:RegionalNetwork").map((n) => n.name)).toEqual(["seed"]);
  });
});

describe("seed 002's security groups, hardened", () => {
  it("web admits exactly 80 and 443 from the internet, and sends only the app ports to the app group", () => {
    expect(rulesOf(group("seed-sg-web"), INGRESS)).toEqual(sorted(each([80, 443], "0.0.0.0/0")));
    expect(rulesOf(group("seed-sg-web"), EGRESS)).toEqual(sorted(each([8080, 3000, 5000], "seed-sg-app", "to")));
  });

  it("app admits exactly 8080, 3000 and 5000 from the web group, and sends the data ports to the database group and HTTPS to AWS APIs only", () => {
    expect(rulesOf(group("seed-sg-app"), INGRESS)).toEqual(sorted(each([8080, 3000, 5000], "seed-sg-web")));
    expect(rulesOf(group("seed-sg-app"), EGRESS)).toEqual(
      sorted([
        ...each([3306, 5432, 6379], "seed-sg-database", "to"),
        "443/tcp to 10.0.0.0/16",
        "443/tcp to prefix list of seed-vpce-s3",
        "443/tcp to prefix list of seed-vpce-dynamodb",
      ]),
    );
  });

  it("database admits exactly 3306, 5432 and 6379 from the app group, and sends nothing", () => {
    expect(rulesOf(group("seed-sg-database"), INGRESS)).toEqual(sorted(each([3306, 5432, 6379], "seed-sg-app")));
    expect(rulesOf(group("seed-sg-database"), EGRESS)).toEqual([]);
  });

  it("bastion admits exactly SSH from the allow-listed CIDRs, and reaches only AWS APIs", () => {
    expect(rulesOf(group("seed-sg-bastion"), INGRESS)).toEqual(
      sorted([...each([22], "203.0.113.10/32"), ...each([22], "198.51.100.0/24")]),
    );
    expect(rulesOf(group("seed-sg-bastion"), EGRESS)).toEqual(
      sorted([
        "443/tcp to 10.0.0.0/16",
        "443/tcp to prefix list of seed-vpce-s3",
        "443/tcp to prefix list of seed-vpce-dynamodb",
      ]),
    );
  });

  it("keeps the ports in the defaults module the seed's: web 80/443, app 8080/3000/5000, database 3306/5432/6379, bastion 22", () => {
    expect(SEED_SECURITY_GROUP_PORTS).toEqual({
      web: [80, 443],
      app: [8080, 3000, 5000],
      database: [3306, 5432, 6379],
      bastion: [22],
    });
  });

  it("no group has inline rules: every rule is a described rule resource, and only the web group admits the internet", () => {
    const seedGroups = graph.ofType(GROUP).filter((g) => g.name.startsWith("seed-sg-"));
    expect(seedGroups.map((g) => g.name).sort()).toEqual(
      ["seed-sg-app", "seed-sg-bastion", "seed-sg-database", "seed-sg-metrics", "seed-sg-web"].sort(),
    );
    for (const g of seedGroups) {
      expect(g.inputs.ingress ?? [], g.name).toEqual([]);
      expect(g.inputs.egress ?? [], g.name).toEqual([]);
      expect(g.inputs.vpcId, g.name).toBe(graph.one("aws:ec2/vpc:Vpc", "seed-vpc").id);
    }
    const world = graph.ofType(INGRESS).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0");
    expect(world.map((r) => graph.byUrn(r.parent!).name).sort()).toEqual([
      "seed-plain-web",
      "seed-plain-web",
      "seed-sg-web",
      "seed-sg-web",
    ]);
  });

  it("extra groups (the operations hosts' extension point) are created in the same VPC and can admit the seed's groups", () => {
    expect(rulesOf(group("seed-sg-metrics"), INGRESS)).toEqual(["9100/tcp from seed-sg-app"]);
    expect(rulesOf(group("seed-sg-metrics"), EGRESS)).toEqual([]);
  });

  it("creates no bastion group by default (hosts are reached with SSM Session Manager)", () => {
    expect(rejected.plainBastion).toBe("undefined");
    expect(
      graph
        .ofType(GROUP)
        .filter((g) => g.name.startsWith("seed-plain-"))
        .map((g) => g.name)
        .sort(),
    ).toEqual(["seed-plain-app", "seed-plain-database", "seed-plain-web"]);
    expect(graph.ofType(INGRESS).filter((r) => r.inputs.fromPort === 22 && r.name.startsWith("seed-plain-"))).toEqual(
      [],
    );
  });

  it("rejects a bastion allow-list of 0.0.0.0/0, or of half the internet, naming the entry", () => {
    expect(rejected.world).toBe(
      'SeedSecurityGroups: bastionAllowedCidrs[0]: "0.0.0.0/0" opens SSH to the whole internet; list your own addresses, or give none and use SSM Session Manager',
    );
    expect(rejected.half).toBe(
      'SeedSecurityGroups: bastionAllowedCidrs[0]: "0.0.0.0/1" allows 2147483648 addresses; an allow-list entry is /16 or longer (at most 65536 addresses)',
    );
    expect(graph.ofType(GROUP).filter((g) => g.name.includes("bad"))).toEqual([]);
  });
});
