/**
 * The examples (examples/<name>): small consumer programs that import the package by name. Each
 * is planned as its own Pulumi project and stack (its Pulumi.yaml and stack file), from source,
 * and must pass every mandatory rule of the policy pack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { blocking, planStack, runPolicyPack, type PackConfig, type ProgramPlan } from "../../offline/testkit";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
const plans = new Map<string, ProgramPlan>();
const planOf = (name: string) => plans.get(name)!;
const custom = (plan: ProgramPlan) => plan.resources.filter((r) => r.custom && r.type.startsWith("aws:"));

beforeAll(async () => {
  for (const [name, stack] of [
    ["single-region", "dev"],
    ["two-regions", "prod"],
    ["byo-vpc", "dev"],
    ["seed-002-network", "dev"],
  ] as const) {
    plans.set(name, await planStack(stack, { root: path.join(EXAMPLES, name) }));
  }
}, 60_000);

describe("the examples", () => {
  it.each([
    ["single-region", 100],
    ["two-regions", 100],
    ["byo-vpc", 100],
    ["seed-002-network", 60],
  ] as const)(
    "%s plans as its own project (more than %i cloud resources) and passes every mandatory rule of the pack",
    (name, least) => {
      const plan = planOf(name);
      expect(custom(plan).length, name).toBeGreaterThan(least);
      expect(plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn).toContain(`::${name}::`);
      // Each example's pack config allows its regions (the pack's default is us-east-1 and us-west-2).
      const config = JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, "policy-config.json"), "utf8")) as PackConfig;
      const mandatory = blocking(runPolicyPack(plan, { config })).map(
        (v) => `${v.rule}: ${v.resourceType} "${v.resourceName}": ${v.message}`,
      );
      expect(mandatory, name).toEqual([]);
    },
  );

  it("single-region: one region (its stack's aws:region), a 2-AZ network with one NAT gateway, an on-demand stream, an alarm per signal", () => {
    const plan = planOf("single-region");
    expect(
      new Set(
        custom(plan)
          .filter((r) => r.region !== "global")
          .map((r) => r.region),
      ),
    ).toEqual(new Set(["eu-west-1"]));
    expect(plan.graph.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    expect(plan.graph.ofType("aws:ec2/subnet:Subnet")).toHaveLength(6);
    expect(plan.graph.ofType("aws:kinesis/stream:Stream")[0]!.inputs.streamModeDetails).toEqual({
      streamMode: "ON_DEMAND",
    });
    const iteratorAge = plan.graph
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .find((a) => a.name.endsWith("-stream-iterator-age"));
    expect(iteratorAge?.inputs.threshold).toBe(30_000);
    expect(Object.keys(plan.outputs).sort()).toEqual(["apiEndpoint", "streamName", "tableName"]);
  });

  it("two-regions: a pipeline in each region, the global table's replica under the secondary's key, the link's parts in the primary region", () => {
    const plan = planOf("two-regions");
    const tables = plan.graph.ofType("aws:dynamodb/table:Table");
    expect(tables).toHaveLength(1);
    expect(tables[0]!.inputs.replicas.map((r: { regionName: string }) => r.regionName)).toEqual(["eu-central-1"]);
    expect(new Set(plan.graph.ofType("aws:kinesis/stream:Stream").map((s) => s.region))).toEqual(
      new Set(["eu-west-1", "eu-central-1"]),
    );
    const link = plan.graph.ofType("twin-region:ingestion:CrossRegionLink")[0]!;
    const forwarder = plan.graph.descendantsOf(link).find((r) => r.type === "aws:lambda/function:Function")!;
    expect(forwarder.region).toBe("eu-west-1");
  });

  it("byo-vpc: no VPC of its own; the processors run in the given subnets behind an egress-only group", () => {
    const plan = planOf("byo-vpc");
    expect(plan.graph.ofType("aws:ec2/vpc:Vpc")).toEqual([]);
    const group = plan.graph.one("aws:ec2/securityGroup:SecurityGroup", "shared-processors");
    expect(group.inputs.vpcId).toBe("vpc-0a1b2c3d4e5f60718");
    expect(group.inputs.ingress ?? []).toEqual([]);
    const lambda = plan.graph.ofType("aws:lambda/function:Function").find((f) => f.inputs.vpcConfig)!;
    expect(lambda.inputs.vpcConfig.subnetIds).toEqual(["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]);
  });

  it("seed-002-network: seed 002's VPC layout in us-east-2, the subnets exactly as its stack file lists them, one per AZ", () => {
    const plan = planOf("seed-002-network");
    expect(
      new Set(
        custom(plan)
          .filter((r) => r.region !== "global")
          .map((r) => r.region),
      ),
    ).toEqual(new Set(["us-east-2"]));
    expect(plan.graph.ofType("aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).toEqual(["10.0.0.0/16"]);
    const subnets = plan.graph
      .ofType("aws:ec2/subnet:Subnet")
      .map((s) => `${s.inputs.tags.Tier} ${s.inputs.availabilityZone} ${s.inputs.cidrBlock}`)
      .sort();
    expect(subnets).toEqual([
      "database us-east-2a 10.0.100.0/24",
      "database us-east-2b 10.0.200.0/24",
      "private us-east-2a 10.0.10.0/24",
      "private us-east-2b 10.0.20.0/24",
      "public us-east-2a 10.0.1.0/24",
      "public us-east-2b 10.0.2.0/24",
    ]);
    // The seed's NAT gateway in each public subnet.
    const publicSubnets = plan.graph.ofType("aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags.Tier === "public");
    expect(
      plan.graph
        .ofType("aws:ec2/natGateway:NatGateway")
        .map((n) => n.propertyDependencies?.subnetId?.[0])
        .sort(),
    ).toEqual(publicSubnets.map((s) => s.urn).sort());
  });

  it("seed-002-network: the seed's web, app, database, Kubernetes and monitoring groups, the web group the internet-facing load balancer's, and no bastion (SSM)", () => {
    const plan = planOf("seed-002-network");
    const groups = plan.graph.ofType("aws:ec2/securityGroup:SecurityGroup").filter((g) => g.name.includes("-seed-"));
    expect(groups.map((g) => g.name).sort()).toEqual([
      "dev-network-dev-seed-app",
      "dev-network-dev-seed-database",
      "dev-network-dev-seed-kubernetes",
      "dev-network-dev-seed-monitoring",
      "dev-network-dev-seed-web",
    ]);
    const web = plan.graph.one("aws:ec2/securityGroup:SecurityGroup", "dev-network-dev-seed-web");
    const alb = plan.graph.ofType("aws:lb/loadBalancer:LoadBalancer")[0]!;
    expect(alb.inputs.internal).toBe(false);
    expect(alb.propertyDependencies?.securityGroups).toEqual([web.urn]);
    const sshRules = plan.graph
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.inputs.fromPort <= 22 && r.inputs.toPort >= 22);
    expect(sshRules).toEqual([]);
    expect(Object.keys(plan.outputs.securityGroupIds as object).sort()).toEqual([
      "app",
      "database",
      "kubernetes",
      "monitoring",
      "web",
    ]);
    // The Kubernetes and monitoring UIs are admitted from the VPC (the default allow-list) only, on exactly their ports.
    for (const [group, ports] of [
      [
        "kubernetes",
        [
          [8443, 8443],
          [30000, 32767],
        ],
      ],
      [
        "monitoring",
        [
          [3000, 3000],
          [5601, 5601],
          [9090, 9090],
          [16686, 16686],
        ],
      ],
    ] as const) {
      const id = plan.graph.one("aws:ec2/securityGroup:SecurityGroup", `dev-network-dev-seed-${group}`).id;
      const rules = plan.graph
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((r) => r.inputs.securityGroupId === id);
      expect(
        rules.map((r) => [r.inputs.fromPort, r.inputs.toPort]).sort((a, b) => a[0] - b[0]),
        group,
      ).toEqual(ports.map((p) => [...p]));
      for (const r of rules) expect(r.inputs.cidrIpv4, group).toBe("10.0.0.0/16");
    }
  });
});
