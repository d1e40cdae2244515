/**
 * The two-stack design, end to end: the real program (stacks/index.ts) as `npm start` planned it
 * for the primary and the secondary (the shared plan), and the secondary planned again in-process
 * against variants of the primary's outputs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { REQUIRED_TAG_KEYS } from "../../components/security";
import { HEALTH_CHECK_METRICS_REGION } from "../../components/edge";
import { regionCode } from "../../components/shared/naming";
import { isTaggable } from "../../offline/resource-catalog";
import type { ProgramPlan } from "../../offline/testkit";
import { PRIMARY_EXPORT_NAMES, PRIMARY_EXPORTS_VERSION, parsePrimaryExports } from "../../stacks/exports";
import { outputsOf, sharedPlan, type PlannedStack } from "../support/shared-plan";
import {
  inputStrings,
  planFailure,
  planSecondary,
  replaceDeep,
  STACK_AND_REFERENCE,
  type RecordedResource,
} from "./helpers";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  key: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  stackReference: "pulumi:pulumi:StackReference",
} as const;

const PRIMARY_REGION = "us-east-1";
/**
 * Route 53 publishes health-check metrics in us-east-1 only (components/edge), so the edge's
 * alarms, and the provider and key a stack makes for them when neither region of the pair is
 * us-east-1, are there whatever the primary's region: they name us-east-1 because AWS does.
 */
const route53MetricsParts = new WeakMap<ProgramPlan, Set<string>>();
const inRoute53MetricsRegion = (plan: ProgramPlan, urn: string) => {
  let parts = route53MetricsParts.get(plan);
  if (!parts) {
    parts = new Set(
      plan.resources
        .filter(
          (r) =>
            [r, ...plan.graph.ancestorsOf(r)].some((a) => a.name.endsWith("-edge-alarms")) ||
            (r.type === "pulumi:providers:aws" &&
              r.inputs.region === HEALTH_CHECK_METRICS_REGION &&
              r.inputs.region !== plan.outputs.primaryRegion),
        )
        .map((r) => r.urn),
    );
    route53MetricsParts.set(plan, parts);
  }
  return parts.has(urn);
};
const SECONDARY_REGION = "us-west-2";

let primary: PlannedStack;
let secondary: PlannedStack;

beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
});

const stacks = () => [primary, secondary];
const onlyStackAndReference = (resources: readonly RecordedResource[]) =>
  resources.filter((r) => !STACK_AND_REFERENCE.has(r.type));

describe("the primary stack", () => {
  it("plans in us-east-1 with the 10.0.0.0/16 VPC, and references no other stack", () => {
    expect(primary.region).toBe(PRIMARY_REGION);
    const [vpc, ...more] = primary.graph.ofType(T.vpc);
    expect(more).toHaveLength(0);
    expect(vpc!.inputs.cidrBlock).toBe("10.0.0.0/16");
    expect(vpc!.region).toBe(PRIMARY_REGION);
    expect(primary.graph.ofType(T.stackReference)).toHaveLength(0);
  });

  it("exports every key of PrimaryExports, and the contract's validator accepts them", () => {
    for (const name of PRIMARY_EXPORT_NAMES) expect(primary.outputs, `export ${name}`).toHaveProperty(name);
    expect(() => parsePrimaryExports("primary", primary.outputs)).not.toThrow();
  });

  it("exports values that describe what it planned", () => {
    const exports = parsePrimaryExports("primary", primary.outputs);
    const vpc = primary.graph.ofType(T.vpc)[0]!;
    // The platform key, by name: the stack has others (the table replica's, the CDN's in us-east-1).
    const key = primary.graph.one(T.key, "prod-platform-key");
    expect(exports.exportsVersion).toBe(PRIMARY_EXPORTS_VERSION);
    expect(exports.region).toBe(PRIMARY_REGION);
    expect(exports.environment).toBe("prod");
    expect(exports.vpcId).toBe(vpc.id);
    expect(exports.vpcCidr).toBe(vpc.inputs.cidrBlock);
    expect(exports.kmsKeyArn).toBe(`arn:aws:kms:${PRIMARY_REGION}:123456789012:key/${key.id}`);
  });
});

describe("the secondary stack", () => {
  it("plans in us-west-2 with the 10.1.0.0/16 VPC, given the primary's outputs", () => {
    expect(secondary.region).toBe(SECONDARY_REGION);
    const vpcs = secondary.graph.ofType(T.vpc);
    expect(vpcs.map((v) => [v.inputs.cidrBlock, v.region])).toEqual([["10.1.0.0/16", SECONDARY_REGION]]);
    expect(secondary.outputs).toMatchObject({
      region: SECONDARY_REGION,
      primaryRegion: PRIMARY_REGION,
      vpcCidr: "10.1.0.0/16",
    });
  });

  it("reads the primary through one StackReference named by twin-region:peerStack", () => {
    const refs = secondary.graph.ofType(T.stackReference);
    expect(refs.map((r) => r.inputs.name)).toEqual(["primary"]);
  });

  it.each(PRIMARY_EXPORT_NAMES.map((name) => [name]))(
    "given the primary's outputs without %s, fails naming it before creating anything",
    async (name) => {
      const outputs = { ...primary.outputs };
      delete outputs[name];
      const error = await planFailure(planSecondary({ outputs }));
      expect(error.message).toContain(`output "${name}" is missing`);
      expect(error.message).toContain(`pulumi up --stack primary`);
      expect(error.resources.map((r) => r.type).sort()).toEqual(["pulumi:pulumi:Stack", T.stackReference]);
    },
  );

  it("rejects a VPC CIDR overlapping the primary's, naming both values and both stacks, before creating anything", async () => {
    const error = await planFailure(planSecondary(outputsOf(primary), { overrides: { vpcCidr: "10.0.128.0/17" } }));
    expect(error.message).toContain(
      `twin-region:vpcCidr = "10.0.128.0/17" of stack "secondary" overlaps twin-region:vpcCidr = "10.0.0.0/16" of stack "primary"`,
    );
    expect(onlyStackAndReference(error.resources)).toEqual([]);
  });

  it("rejects the primary's region, before creating anything", async () => {
    const error = await planFailure(planSecondary(outputsOf(primary), { overrides: { "aws:region": PRIMARY_REGION } }));
    expect(error.message).toContain(
      `aws:region = "${PRIMARY_REGION}" of stack "secondary" equals aws:region = "${PRIMARY_REGION}" of stack "primary"`,
    );
    expect(onlyStackAndReference(error.resources)).toEqual([]);
  });
});

describe("both stacks", () => {
  it("tag every taggable resource with the platform tags through the regional provider's default tags", () => {
    for (const plan of stacks()) {
      // The Region tag is where the resource lives (a stack may create some in the peer's region).
      const expectedFor = (region: string) => ({
        Environment: "prod",
        Owner: "platform-team",
        CostCenter: "platform",
        Stack: plan.stack,
        Region: region === "global" ? plan.region : region,
        ManagedBy: "pulumi",
      });
      const expected = expectedFor(plan.region);
      expect(Object.keys(expected).sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
      const taggable = plan.resources.filter((r) => r.custom && r.type.startsWith("aws:") && isTaggable(r.type));
      // A global resource (an IAM role) carries the region of the provider that made it.
      const providerRegion = (r: RecordedResource) =>
        r.provider
          ? String(plan.graph.byUrn(r.provider.slice(0, r.provider.lastIndexOf("::"))).inputs.region)
          : plan.region;
      for (const r of taggable) {
        const region = r.region === "global" ? providerRegion(r) : r.region;
        expect(r.inputs.tagsAll, `${plan.stack}: tagsAll of ${r.type} "${r.name}"`).toMatchObject(expectedFor(region));
        // One tag set, applied by the provider: never repeated by hand on a resource.
        const byHand = Object.keys(r.inputs.tags ?? {}).filter((k) => k in expected);
        expect(byHand, `${plan.stack}: ${r.type} "${r.name}" sets platform tags by hand`).toEqual([]);
      }
      // The check is about something: the taggable set holds the platform's main resources,
      // and what AWS cannot tag is left out.
      const types = new Set(taggable.map((r) => r.type));
      for (const type of [
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/natGateway:NatGateway",
        "aws:kms/key:Key",
        "aws:iam/role:Role",
        "aws:cloudwatch/logGroup:LogGroup",
      ]) {
        expect(types, `${plan.stack}: ${type} taggable`).toContain(type);
      }
      for (const type of [
        "aws:ec2/route:Route",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:kms/alias:Alias",
        "aws:iam/rolePolicy:RolePolicy",
      ]) {
        expect(types, `${plan.stack}: ${type} not taggable`).not.toContain(type);
      }
    }
  });

  it("give IAM roles (a global namespace) different names in each stack, each carrying the code of the region it works in", () => {
    const names = (plan: PlannedStack) => plan.graph.ofType(T.role).map((r) => String(r.inputs.name));
    const [inPrimary, inSecondary] = [names(primary), names(secondary)];
    expect(inPrimary.length).toBeGreaterThan(0);
    expect(inSecondary.length).toBeGreaterThan(0);
    expect(inPrimary.filter((n) => inSecondary.includes(n))).toEqual([]);
    const codes = [PRIMARY_REGION, SECONDARY_REGION].map((r) => `-${regionCode(r)}-`);
    for (const n of [...inPrimary, ...inSecondary])
      expect(
        codes.some((c) => n.includes(c)),
        n,
      ).toBe(true);
    // Each stack's own roles are named for its own region; the secondary's roles for the link work in the primary's.
    expect(inPrimary.filter((n) => n.includes(`-${regionCode(PRIMARY_REGION)}-`)).length).toBeGreaterThan(0);
    expect(inSecondary.filter((n) => n.includes(`-${regionCode(SECONDARY_REGION)}-`)).length).toBeGreaterThan(0);
  });

  it("put every regional resource in the stack's own region; only the secondary reaches into the primary's, and the primary only for its table replica's key and its backups' copy vault", () => {
    const allowed = { primary: [PRIMARY_REGION, "global"], secondary: [SECONDARY_REGION, "global", PRIMARY_REGION] };
    // The global table's replica needs a key in the secondary region before the table exists,
    // so the primary owns that one key (deploy order: the primary comes first).
    const replicaKey = (plan: PlannedStack, r: RecordedResource) =>
      plan.graph
        .ancestorsOf(r)
        .some((a) => a.type === "twin-region:security:RegionalKey" && a.name.endsWith("-table-replica"));
    for (const plan of stacks()) {
      const regions = allowed[plan.stack as keyof typeof allowed];
      const elsewhere = plan.resources.filter(
        (r) =>
          r.custom &&
          r.type.startsWith("aws:") &&
          !regions.includes(r.region) &&
          !(plan.stack === "primary" && (replicaKey(plan, r) || r.name === "prod-observability-backup-copy-vault")),
      );
      expect(elsewhere.map((r) => `${r.type} "${r.name}" in ${r.region}`)).toEqual([]);
    }
    const inSecondaryRegion = primary.resources.filter(
      (r) => r.region === SECONDARY_REGION && r.type.startsWith("aws:"),
    );
    expect(inSecondaryRegion.map((r) => r.type).sort()).toEqual([
      "aws:backup/vault:Vault",
      "aws:kms/alias:Alias",
      "aws:kms/key:Key",
    ]);
  });
});

/**
 * Does the secondary hard-code the primary's region anywhere? Seeing "us-east-1" in an input does
 * not say where it came from, so plan the secondary again against a primary that lives in
 * eu-west-1 (its outputs relocated there): a value read from the primary follows it; a hard-coded
 * one stays "us-east-1".
 */
describe("the secondary's inputs name the primary's region only where they read the primary", () => {
  const RELOCATED = "eu-west-1";
  let relocated: ProgramPlan;
  beforeAll(async () => {
    // The region, and its code inside names the primary made (its buckets are named "…-use1-…").
    const outputs = replaceDeep(
      replaceDeep(primary.outputs, PRIMARY_REGION, RELOCATED),
      `-${regionCode(PRIMARY_REGION)}-`,
      `-${regionCode(RELOCATED)}-`,
    );
    expect(outputs.region).toBe(RELOCATED);
    // Every export marked secret, as the reference yields them when the primary marks them: the
    // secondary must plan the same from secret values (one plan serves both checks).
    relocated = await planSecondary({ outputs, secretOutputNames: [...PRIMARY_EXPORT_NAMES] });
  }, 30_000);

  it("plans the same resources against the relocated primary whose exports are all secret (logical names of the parts in the primary's region follow it)", () => {
    const normalize = (urn: string) =>
      urn
        .split(RELOCATED)
        .join(PRIMARY_REGION)
        .split(`-${regionCode(RELOCATED)}`)
        .join(`-${regionCode(PRIMARY_REGION)}`);
    const planned = (plan: ProgramPlan) =>
      plan.resources.filter((r) => !inRoute53MetricsRegion(plan, r.urn)).map((r) => normalize(r.urn));
    expect(planned(relocated).sort()).toEqual(planned(secondary).sort());
    expect(relocated.outputs.primaryRegion).toBe(RELOCATED);
  });

  it("has no input naming us-east-1 (or its code use1) once the primary is elsewhere", () => {
    const hardCoded = [...inputStrings(relocated.resources)].filter(
      ([where, v]) =>
        (v.includes(PRIMARY_REGION) || v.includes(regionCode(PRIMARY_REGION))) &&
        !inRoute53MetricsRegion(relocated, where.split(" ")[0]!),
    );
    expect(hardCoded.map(([where, v]) => `${where} = ${v.slice(0, 120)}`)).toEqual([]);
  });

  it("follows the primary wherever an input did name us-east-1", () => {
    const before = inputStrings(secondary.resources);
    const after = inputStrings(relocated.resources);
    for (const [where, value] of before) {
      if (!value.includes(PRIMARY_REGION) || inRoute53MetricsRegion(secondary, where.split(" ")[0]!)) continue;
      const moved = [...after.entries()].find(
        ([w]) =>
          w
            .split(RELOCATED)
            .join(PRIMARY_REGION)
            .split(`-${regionCode(RELOCATED)}`)
            .join(`-${regionCode(PRIMARY_REGION)}`) === where,
      );
      // Auto-names end in a suffix derived from the URN, which follows the logical name: compare without it.
      const withoutSuffix = (v: string | undefined) => v?.replace(/-[0-9a-f]{7}\b/g, "-<suffix>");
      expect(withoutSuffix(moved?.[1]), where).toBe(
        withoutSuffix(
          // The code ends a name as well as sitting inside one (a deployment group's ARN ends "…-use1/live").
          value
            .split(PRIMARY_REGION)
            .join(RELOCATED)
            .replace(new RegExp(`-${regionCode(PRIMARY_REGION)}(?![a-z0-9])`, "g"), `-${regionCode(RELOCATED)}`),
        ),
      );
    }
  });

  it("alarms its Route 53 health checks in us-east-1 still, through a provider and a key of its own there", () => {
    const alarms = relocated.graph
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .filter((a) => a.inputs.namespace === "AWS/Route53");
    expect(alarms).toHaveLength(relocated.graph.ofType("aws:route53/healthCheck:HealthCheck").length);
    for (const alarm of alarms) expect(alarm.region, alarm.name).toBe(HEALTH_CHECK_METRICS_REGION);
    const keys = relocated.graph.ofType("aws:kms/key:Key").filter((k) => k.region === HEALTH_CHECK_METRICS_REGION);
    expect(keys.map((k) => relocated.graph.ancestorsOf(k)[0]?.name)).toEqual(["prod-edge-alarms"]);
  });
});
