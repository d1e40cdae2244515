/** The tagging rules' cases: for each rule, resources that comply and resources that break it (tests/policy/tagging.test.ts, tests/policy/insecure-graph.test.ts). */
import { taggingRules } from "../../../policy/rules/tagging";
import type { RuleCase, Spec } from "../harness";

export const rule = (name: string) => {
  const found = taggingRules.find((r) => r.name === name);
  if (!found) throw new Error(`no tagging rule ${name}`);
  return found;
};

const PLATFORM_TAGS = {
  Environment: "prod",
  Owner: "platform-team",
  CostCenter: "platform",
  Stack: "primary",
  Region: "us-east-1",
  ManagedBy: "pulumi",
};
const provider = (name: string, region: string | undefined, tags: Record<string, string> = PLATFORM_TAGS): Spec => ({
  type: "pulumi:providers:aws",
  name,
  inputs: { ...(region ? { region } : {}), defaultTags: JSON.stringify({ tags }) },
});
export const vpc = (name: string, inputs: Record<string, unknown>, via?: string): Spec => ({
  type: "aws:ec2/vpc:Vpc",
  name,
  inputs: { cidrBlock: "10.0.0.0/16", ...inputs },
  ...(via ? { provider: via } : {}),
});
// Not taggable: no tags or tagsAll.
const route: Spec = {
  type: "aws:ec2/route:Route",
  name: "default",
  inputs: { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0" },
};

export const taggingCases: RuleCase[] = [
  {
    rule: rule("aws-required-tags"),
    compliant: [
      // Through the provider's default tags, through tagsAll (what pulumi-aws merges), and as a tag list.
      provider("use1", "us-east-1"),
      vpc("net", { tags: { Name: "net" } }, "use1"),
      vpc("merged", { tagsAll: { ...PLATFORM_TAGS, Name: "merged" } }),
      {
        type: "aws:autoscaling/group:Group",
        name: "asg",
        inputs: {
          tags: Object.entries(PLATFORM_TAGS).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
        },
      },
      route,
    ],
    violating: [
      vpc("bare", { tags: { Name: "bare", Owner: " " } }),
      vpc("partial", {
        tagsAll: {
          Environment: "prod",
          Owner: "platform-team",
          CostCenter: "platform",
          Stack: "primary",
          Region: "us-east-1",
        },
      }),
    ],
    message:
      /aws:ec2\/vpc:Vpc "bare" lacks required tag\(s\) Environment, Owner, CostCenter, Stack, Region, ManagedBy[\s\S]*"partial" lacks required tag\(s\) ManagedBy$/,
  },
  {
    // A team-specific key list changes the verdict on the same resource.
    rule: rule("aws-required-tags"),
    config: { requiredTags: ["Owner", "DataClassification"] },
    compliant: [vpc("classified", { tags: { Owner: "data-team", DataClassification: "internal" } })],
    violating: [vpc("merged", { tagsAll: { ...PLATFORM_TAGS } })],
    message: /"merged" lacks required tag\(s\) DataClassification$/,
  },
  {
    rule: rule("aws-provider-default-tags"),
    compliant: [provider("use1", "us-east-1")],
    violating: [provider("bare", "us-east-1", { Owner: "platform-team" })],
    message: /pulumi:providers:aws "bare" defaultTags lack Environment, CostCenter, Stack, Region, ManagedBy/,
  },
  {
    rule: rule("aws-allowed-regions"),
    compliant: [
      provider("use1", "us-east-1"),
      provider("usw2", "us-west-2"),
      vpc("net", { tags: {} }, "usw2"),
      vpc("pinned", { region: "us-east-1" }),
      route,
    ],
    violating: [
      provider("euw1", "eu-west-1"),
      vpc("net", { tags: {} }, "euw1"),
      vpc("pinned", { region: "ap-southeast-2" }),
      provider("envRegion", undefined),
    ],
    message:
      /pulumi:providers:aws "euw1" region "eu-west-1" is not one of the allowed regions us-east-1, us-west-2[\s\S]*aws:ec2\/vpc:Vpc "net" region "eu-west-1"[\s\S]*"pinned" region "ap-southeast-2"[\s\S]*"envRegion" sets no region/,
  },
  {
    // Moving the pair to Europe: the same resources flip.
    rule: rule("aws-allowed-regions"),
    config: { allowedRegions: ["eu-west-1", "eu-central-1"] },
    compliant: [provider("euw1", "eu-west-1"), vpc("net", { tags: {} }, "euw1")],
    violating: [provider("use1", "us-east-1"), vpc("net", { tags: {} }, "use1")],
    message:
      /"use1" region "us-east-1" is not one of the allowed regions eu-west-1, eu-central-1[\s\S]*"net" region "us-east-1"/,
  },
];
