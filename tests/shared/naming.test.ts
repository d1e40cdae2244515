import { describe, expect, it } from "vitest";
import { regionCode, regionalName } from "../../components/shared/naming";

describe("regionCode", () => {
  it.each([
    ["us-east-1", "use1"],
    ["us-west-2", "usw2"],
    ["us-east-2", "use2"],
    ["ap-southeast-2", "apse2"],
    ["ap-northeast-1", "apne1"],
    ["eu-central-1", "euc1"],
    ["eu-west-1", "euw1"],
    ["sa-east-1", "sae1"],
    ["ca-central-1", "cac1"],
    ["cn-northwest-1", "cnnw1"],
    ["us-gov-west-1", "usgovw1"],
  ])("derives a short code for %s (%s)", (region, code) => {
    expect(regionCode(region)).toBe(code);
  });

  it("gives the two default regions different codes", () => {
    expect(regionCode("us-east-1")).not.toBe(regionCode("us-west-2"));
  });

  it.each(["", "useast1", "US-EAST-1", "us-east", "us-east-1a"])("rejects %j, quoting it", (bad) => {
    expect(() => regionCode(bad)).toThrow(`region: "${bad}" is not an AWS region name`);
  });
});

describe("regionalName", () => {
  it("appends the region code so two regional stacks never collide in a global namespace", () => {
    expect(regionalName("net-flow-logs", "us-east-1")).toBe("net-flow-logs-use1");
    expect(regionalName("net-flow-logs", "us-west-2")).toBe("net-flow-logs-usw2");
  });

  it("rejects an empty base name", () => {
    expect(() => regionalName("", "us-east-1")).toThrow('base: ""');
  });
});
