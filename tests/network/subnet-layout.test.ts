import { containsCidr, overlapCidr } from "cidr-tools";
import { describe, expect, it } from "vitest";
import { planSubnetLayout } from "../../components/network/subnet-layout";

describe("subnet layout of a /16 VPC (requirement: public 10.x.0-2.0/24, private 10.x.10-12.0/24, database 10.x.20-22.0/24)", () => {
  it.each([0, 1])("gives the exact three-AZ layout for 10.%i.0.0/16", (x) => {
    const layout = planSubnetLayout(`10.${x}.0.0/16`, 3);
    expect(layout.subnetPrefix).toBe(24);
    expect(layout.tiers).toEqual({
      public: [`10.${x}.0.0/24`, `10.${x}.1.0/24`, `10.${x}.2.0/24`],
      private: [`10.${x}.10.0/24`, `10.${x}.11.0/24`, `10.${x}.12.0/24`],
      database: [`10.${x}.20.0/24`, `10.${x}.21.0/24`, `10.${x}.22.0/24`],
    });
  });

  it("gives the first two subnets of each tier for two AZs", () => {
    expect(planSubnetLayout("10.0.0.0/16", 2).tiers).toEqual({
      public: ["10.0.0.0/24", "10.0.1.0/24"],
      private: ["10.0.10.0/24", "10.0.11.0/24"],
      database: ["10.0.20.0/24", "10.0.21.0/24"],
    });
  });

  it("works in the other RFC 1918 ranges", () => {
    expect(planSubnetLayout("172.20.0.0/16", 3).tiers.database).toEqual([
      "172.20.20.0/24",
      "172.20.21.0/24",
      "172.20.22.0/24",
    ]);
    expect(planSubnetLayout("192.168.0.0/16", 3).tiers.private).toEqual([
      "192.168.10.0/24",
      "192.168.11.0/24",
      "192.168.12.0/24",
    ]);
  });
});

describe("subnet layout of smaller VPCs", () => {
  it("gives a /24 VPC /28 subnets at blocks 0-2, 5-7 and 10-12", () => {
    const layout = planSubnetLayout("10.2.3.0/24", 3);
    expect(layout.subnetPrefix).toBe(28);
    expect(layout.tierStride).toBe(5);
    expect(layout.tiers).toEqual({
      public: ["10.2.3.0/28", "10.2.3.16/28", "10.2.3.32/28"],
      private: ["10.2.3.80/28", "10.2.3.96/28", "10.2.3.112/28"],
      database: ["10.2.3.160/28", "10.2.3.176/28", "10.2.3.192/28"],
    });
  });

  it("gives a /20 VPC /28 subnets with the /16 spacing of 10 blocks", () => {
    const layout = planSubnetLayout("10.0.16.0/20", 3);
    expect(layout.subnetPrefix).toBe(28);
    expect(layout.tierStride).toBe(10);
    expect(layout.tiers.private).toEqual(["10.0.16.160/28", "10.0.16.176/28", "10.0.16.192/28"]);
  });

  it.each([16, 17, 18, 19, 20, 21, 22, 23, 24])("keeps every subnet of a /%i VPC inside it and disjoint", (prefix) => {
    const vpc = `10.0.0.0/${prefix}`;
    const all = Object.values(planSubnetLayout(vpc, 3).tiers).flat();
    expect(new Set(all).size).toBe(9);
    expect(containsCidr(vpc, all)).toBe(true);
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlapCidr(a, b), `${a} overlaps ${b}`).toBe(false)));
  });
});

describe("subnet layout rejects bad inputs with messages naming the arg and the value", () => {
  it.each([
    ["10.0.0.0/8", 'cidrBlock: "10.0.0.0/8" must have a prefix length from /16 to /24'],
    ["10.0.0.0/25", 'cidrBlock: "10.0.0.0/25" must have a prefix length from /16 to /24'],
    ["11.0.0.0/16", 'cidrBlock: "11.0.0.0/16" must be inside a private (RFC 1918) range'],
    ["172.32.0.0/16", 'cidrBlock: "172.32.0.0/16" must be inside a private (RFC 1918) range'],
    ["10.0.1.0/16", 'cidrBlock: "10.0.1.0/16" is not a network address; did you mean "10.0.0.0/16"?'],
    ["10.0.0.0", 'cidrBlock: "10.0.0.0" is not an IPv4 CIDR block'],
    ["300.0.0.0/16", 'cidrBlock: "300.0.0.0/16" is not an IPv4 CIDR block'],
    ["10.0.0/16", 'cidrBlock: "10.0.0/16" is not an IPv4 CIDR block'],
    ["fd00::/16", 'cidrBlock: "fd00::/16" is not an IPv4 CIDR block'],
    ["garbage", 'cidrBlock: "garbage" is not an IPv4 CIDR block'],
  ])("rejects cidrBlock %j", (cidr, message) => {
    expect(() => planSubnetLayout(cidr, 3)).toThrow(message);
  });

  it.each([1, 4, 0, 2.5, Number.NaN])("rejects availabilityZoneCount %s", (count) => {
    expect(() => planSubnetLayout("10.0.0.0/16", count)).toThrow(
      `availabilityZoneCount: ${String(count)} must be a whole number from 2 to 3`,
    );
  });
});
