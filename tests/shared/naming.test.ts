import { describe, expect, it } from "vitest";
import { bucketNameProblem, regionCode, regionalName } from "../../components/shared/naming";

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

describe("bucketNameProblem (an exact S3 bucket name)", () => {
  it.each(["prod-web-assets-usw2-1a2b3c4d", "abc", "a".repeat(63), "0-bucket-9"])("accepts %j", (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });

  it.each<[string, string]>([
    ["ab", "is not 3-63 characters long"],
    ["a".repeat(64), "is not 3-63 characters long"],
    ["Prod-assets", "has characters S3 does not allow"],
    ["prod_assets", "has characters S3 does not allow"],
    ["-prod-assets", "does not begin and end with a letter or digit"],
    ["prod-assets-", "does not begin and end with a letter or digit"],
    ["prod.assets.example", "has dots, which break TLS on the bucket's virtual-hosted endpoint"],
    ["xn--prod-assets", 'begins with "xn--", which S3 reserves'],
    ["sthree-assets", 'begins with "sthree-", which S3 reserves'],
    ["amzn-s3-demo-assets", 'begins with "amzn-s3-demo-", which S3 reserves'],
    ["prod-assets-s3alias", 'ends with "-s3alias", which S3 reserves'],
    ["prod-assets--ol-s3", 'ends with "--ol-s3", which S3 reserves'],
    ["prod-assets--x-s3", 'ends with "--x-s3", which S3 reserves'],
    ["prod-assets--table-s3", 'ends with "--table-s3", which S3 reserves'],
  ])("refuses %j: it %s", (name, problem) => {
    expect(bucketNameProblem(name)).toContain(problem);
    expect(bucketNameProblem(name)).toContain(JSON.stringify(name));
  });
});
