/**
 * `twin-region:tags` against AWS's 50 tags per resource: the config accepts only as many extra tags
 * as fit on the most-tagged resource the platform creates (its default tags and a subnet's Name and
 * Tier leave 42), and no extra tag may reuse a key the platform sets. Before, it accepted 45, which
 * put 53 tags on every subnet. The primary planned with the most extra tags it accepts is in
 * tests/stacks/account-id.pulumi.test.ts, which plans the primary of its own anyway.
 */
import { describe, expect, it } from "vitest";
import { extraTags } from "../support/extra-tags";
import { ConfigError, parseConfig } from "../../stacks/config";
import { MAX_USER_TAGS, PLATFORM_TAG_KEYS } from "../../stacks/tags";

const PROJECT = "twin-region";
const primary = {
  "aws:region": "us-east-1",
  role: "primary",
  vpcCidr: "10.0.0.0/16",
  alarmEmail: "platform-alerts@example.com",
  dnsDomain: "example.com",
};

/** The problems parseConfig reports for these tags (none when it accepts them). */
function tagProblems(tags: Record<string, string>): readonly string[] {
  try {
    parseConfig({ project: PROJECT, stack: "primary", values: { ...primary, tags: JSON.stringify(tags) } });
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe("twin-region:tags and AWS's 50 tags per resource", () => {
  it("accepts 42 extra tags, as many as fit on a subnet beside the 6 default tags and its Name and Tier", () => {
    expect(MAX_USER_TAGS).toBe(42);
    expect(tagProblems(extraTags(42))).toEqual([]);
  });

  it("rejects 43, naming the resource types that would carry 51 tags and what they carry", () => {
    const [problem, ...more] = tagProblems(extraTags(43));
    expect(more).toEqual([]);
    expect(problem).toMatch(/^twin-region:tags = "\{.*\}": /);
    expect(problem).toContain(
      "43 tags plus the platform's 6 default tags (Environment, Owner, CostCenter, Stack, Region, ManagedBy) is 49, " +
        "and with the tags of their own 51 on an aws:ec2/subnet:Subnet or aws:ec2/routeTable:RouteTable (Name, Tier): " +
        "over AWS's 50 tags per resource; at most 42 extra tags fit",
    );
    expect(problem).toContain("Allowed: a JSON object of at most 42 string values");
  });

  it("rejects 44, where a VPC, a NAT gateway or a bucket (one tag of its own) would carry 51", () => {
    const [problem] = tagProblems(extraTags(44));
    expect(problem).toContain("is 50, and with the tags of their own 52 on an aws:ec2/subnet:Subnet");
    expect(problem).toMatch(/51 on an [^(]*aws:ec2\/vpc:Vpc[^(]*aws:ec2\/natGateway:NatGateway[^(]*\(Name\)/);
    expect(problem).toContain("51 on an aws:s3/bucket:Bucket (BucketRole)");
  });

  it("rejects the 45 it used to accept: 51 tags on every resource, 53 on a subnet", () => {
    const [problem] = tagProblems(extraTags(45));
    expect(problem).toContain("is 51 on every resource, and with the tags of their own 53 on an aws:ec2/subnet:Subnet");
  });

  it.each(PLATFORM_TAG_KEYS)("rejects an extra tag with the platform's key %s, naming the key", (key) => {
    const [problem, ...more] = tagProblems({ team: "data", [key]: "mine" });
    expect(more).toEqual([]);
    expect(problem).toContain(`tag key "${key}" is the platform's own (`);
  });

  it("says where the platform sets a colliding key: everywhere, or on the types that carry it", () => {
    expect(tagProblems({ Owner: "me" })[0]).toContain(
      `tag key "Owner" is the platform's own (a default tag of every resource)`,
    );
    expect(tagProblems({ Tier: "gold" })[0]).toContain(
      `tag key "Tier" is the platform's own (set on every aws:ec2/subnet:Subnet, aws:ec2/routeTable:RouteTable)`,
    );
    expect(tagProblems({ BucketRole: "x" })[0]).toContain("(set on every aws:s3/bucket:Bucket)");
  });
});
