/**
 * Does the program hard-code the account id? Every offline plan runs as 123456789012 by default,
 * and that id legitimately appears in the inputs: in ARNs the mock generated and in values the
 * program got from getCallerIdentity (e.g. `aws:SourceAccount` conditions). Searching a normal plan
 * for it therefore proves nothing. Instead the test run's shared `--all-options` plan runs as
 * another account (`npm start -- --account-id`, tests/support/all-options-run.ts): whatever the
 * program read from AWS follows the account, a hard-coded id does not. With every optional part
 * on, it covers the most code.
 *
 * The same run plans the primary with the most extra tags the config accepts
 * (tests/config/tag-limit.test.ts) and with explicit subnet CIDRs (the layout keys of seed 002).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import { AWS_MAX_TAGS_PER_RESOURCE } from "../../stacks/tags";
import { ALL_OPTIONS_ACCOUNT, ALL_OPTIONS_SUBNET_CIDRS } from "../support/all-options-run";
import { allOptionsPlan, type PlannedStack } from "../support/shared-plan";
import { inputStrings, stringLeaves } from "./input-strings";

const DEFAULT_ACCOUNT = OFFLINE_ACCOUNT_ID;
const OTHER_ACCOUNT = ALL_OPTIONS_ACCOUNT;
const SUBNET_CIDRS = ALL_OPTIONS_SUBNET_CIDRS;

let primary: PlannedStack;
let secondary: PlannedStack;

beforeAll(() => {
  ({ primary, secondary } = allOptionsPlan());
});

describe("the account id", () => {
  it("is the substitute account wherever the mock supplied it (the substitution took effect)", () => {
    const key = primary.graph.one("aws:kms/key:Key", "prod-platform-key");
    expect(primary.outputs.kmsKeyArn).toBe(`arn:aws:kms:us-east-1:${OTHER_ACCOUNT}:key/${key!.id}`);
    for (const plan of [primary, secondary]) {
      const withAccount = [...inputStrings(plan.resources).values()].filter((v) => v.includes(OTHER_ACCOUNT));
      expect(withAccount.length, `${plan.stack}: inputs carrying the account`).toBeGreaterThan(0);
    }
  });

  it("is hard-coded in no input of either stack", () => {
    for (const plan of [primary, secondary]) {
      const hardCoded = [...inputStrings(plan.resources)].filter(([, v]) => v.includes(DEFAULT_ACCOUNT));
      expect(
        hardCoded.map(([where, v]) => `${where} = ${v.replace(/\s+/g, " ").slice(0, 160)}`),
        plan.stack,
      ).toEqual([]);
    }
  });

  it("appears in the inputs only inside ARNs or as a whole account-id value", () => {
    // What remains is the shape of legitimate uses: an ARN naming the account, an ECR registry,
    // or a condition value such as aws:SourceAccount that holds exactly the id (from getCallerIdentity).
    // (its region may be a wildcard: the trail key policy's encryption context names any region's trail).
    const arnWithAccount = new RegExp(`^arn:aws:[a-z0-9-]+:([a-z0-9-]*|\\*):${OTHER_ACCOUNT}:`);
    // An ECR registry host is the account id by AWS's construction (repositoryUrl, image URIs).
    const ecrRegistry = new RegExp(`^${OTHER_ACCOUNT}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/`);
    // So is the path of an SQS queue URL.
    const queueUrl = new RegExp(`^https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/${OTHER_ACCOUNT}/`);
    // And the AWSLogs/<account>/ prefix ELB writes its access logs under (the log bucket's policy).
    const elbLogObjects = new RegExp(`^arn:aws:s3:::[a-z0-9.-]+/\\*?AWSLogs/${OTHER_ACCOUNT}/`);
    // And a Lambda integration's URI: the invoke ARN of the function's alias, which holds its ARN.
    const lambdaInvocation = new RegExp(
      `^arn:aws:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/arn:aws:lambda:[a-z0-9-]+:${OTHER_ACCOUNT}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)?/invocations$`,
    );
    for (const plan of [primary, secondary]) {
      for (const [where, value] of inputStrings(plan.resources)) {
        for (const use of uses(value)) {
          expect(
            use === OTHER_ACCOUNT ||
              arnWithAccount.test(use) ||
              ecrRegistry.test(use) ||
              queueUrl.test(use) ||
              elbLogObjects.test(use) ||
              lambdaInvocation.test(use),
            `${plan.stack}: ${where}: ${use}`,
          ).toBe(true);
        }
      }
    }
  });
});

/**
 * The strings in a value that mention the account: in a JSON document (a policy), each string in
 * it; in a script (an instance's cloud-init), each word of a line, as the shell splits it.
 */
function uses(value: string): string[] {
  if (!value.includes(OTHER_ACCOUNT)) return [];
  try {
    const doc: unknown = JSON.parse(value);
    if (doc && typeof doc === "object") return [...stringLeaves(doc)].flatMap(([, v]) => uses(v));
  } catch {
    // not JSON: the value itself, or its words when it has several lines
  }
  if (!value.includes("\n")) return [value];
  return value.split(/[\s"'=]+/).filter((word) => word.includes(OTHER_ACCOUNT));
}

describe("the primary with the most extra tags the config accepts", () => {
  it("keeps every resource within 50 tags, and fills the fullest to exactly 50", () => {
    const counts = primary.resources
      .filter((r) => r.inputs.tagsAll !== undefined)
      .map((r) => ({ type: r.type, n: Object.keys(r.inputs.tagsAll as Record<string, string>).length }));
    expect(counts.length).toBeGreaterThan(100);
    expect(counts.filter((c) => c.n > AWS_MAX_TAGS_PER_RESOURCE)).toEqual([]);
    expect(Math.max(...counts.map((c) => c.n))).toBe(AWS_MAX_TAGS_PER_RESOURCE);
    expect(new Set(counts.filter((c) => c.n === AWS_MAX_TAGS_PER_RESOURCE).map((c) => c.type))).toEqual(
      new Set(["aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable"]),
    );
  });
});

describe("the primary with explicit subnet CIDRs (twin-region:publicSubnetCidrs, privateSubnetCidrs, databaseSubnetCidrs)", () => {
  it("creates each tier's subnets with exactly the given CIDRs, in AZ order", () => {
    const subnets = primary.graph.ofType("aws:ec2/subnet:Subnet");
    for (const [tier, cidrs] of Object.entries(SUBNET_CIDRS)) {
      const ofTier = subnets.filter((s) => s.name.includes(`-${tier}-`));
      expect(
        ofTier.map((s) => s.inputs.cidrBlock),
        tier,
      ).toEqual(cidrs);
      expect(
        ofTier.map((s) => s.inputs.availabilityZone),
        tier,
      ).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    }
  });
});
