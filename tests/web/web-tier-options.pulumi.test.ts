/**
 * ResilientWebTier as a library user meets it beyond the stacks' defaults: the EC2 capacity option,
 * Aurora PostgreSQL Serverless v2, a caller's image, no Lambda target, an ephemeral load balancer;
 * and the args it refuses before anything is created.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { RegionalNetwork } from "../../components/network";
import { AlarmSet } from "../../components/observability/alarm-set";
import { ResilientWebTier, type ResilientWebTierArgs } from "../../components/web";
import { planProgram, ProgramError, type ProgramPlan } from "../../offline/testkit";
import { evaluatePolicies } from "../../offline/policy-runner";
import { ALL_RULES } from "../../policy/rules";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:" + "a".repeat(64);

const failure = (run: Promise<unknown>): Promise<ProgramError> =>
  run.then(
    () => {
      throw new Error("the plan succeeded");
    },
    (e: ProgramError) => e,
  );

function tier(overrides: Partial<ResilientWebTierArgs> = {}) {
  return () => {
    const network = new RegionalNetwork("net", {
      cidrBlock: "10.20.0.0/16",
      availabilityZoneCount: 2,
      natStrategy: "single",
      kmsKeyArn: KEY,
      region: "us-east-1",
    });
    const web = new ResilientWebTier("shop", {
      region: "us-east-1",
      kmsKeyArn: KEY,
      network,
      availabilityZoneCount: 2,
      accessLogBucketName: "access-logs-use1-0000000",
      hostName: "shop.example.com",
      hostedZoneId: "Z0123456789ABCDEFGHIJ",
      ...overrides,
    });
    new AlarmSet("alarms", { metrics: web.metrics(), kmsKeyArn: KEY });
  };
}

describe("ResilientWebTier options", () => {
  let plan: ProgramPlan;
  beforeAll(async () => {
    plan = await planProgram(
      tier({
        app: { image: IMAGE, capacity: "ec2", ec2: { instanceType: "m7g.xlarge", minInstances: 2, maxInstances: 6 } },
        database: { engine: "aurora-postgresql", mode: "serverless", serverlessMaxCapacity: 8 },
        lambdaTarget: { skip: true },
        loadBalancer: { deletionProtection: false, rateLimit: 500, rateLimitWindowSeconds: 60 },
      }),
    );
  });

  it("runs the tasks on EC2 capacity: IMDSv2-only launch template, CMK-encrypted gp3, no public IP, SSM, managed scaling", () => {
    const template = plan.graph.ofType("aws:ec2/launchTemplate:LaunchTemplate")[0]!;
    expect(template.inputs.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(template.inputs.blockDeviceMappings[0].ebs).toMatchObject({
      volumeType: "gp3",
      encrypted: "true",
      kmsKeyId: KEY,
    });
    expect(template.inputs.networkInterfaces[0].associatePublicIpAddress).toBe("false");
    expect(template.inputs.instanceType).toBe("m7g.xlarge");
    const group = plan.graph.ofType("aws:autoscaling/group:Group")[0]!;
    expect(group.inputs.vpcZoneIdentifiers).toHaveLength(2);
    expect([group.inputs.minSize, group.inputs.maxSize]).toEqual([2, 6]);
    const attachments = plan.graph
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .map((a) => a.inputs.policyArn);
    expect(attachments).toContain("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    const provider = plan.graph.ofType("aws:ecs/capacityProvider:CapacityProvider")[0]!;
    expect(provider.inputs.autoScalingGroupProvider.managedScaling.status).toBe("ENABLED");
    const service = plan.graph.ofType("aws:ecs/service:Service")[0]!;
    expect(service.inputs.launchType).toBeUndefined();
    expect(service.inputs.capacityProviderStrategies[0].capacityProvider).toBe(
      provider.inputs.name ?? provider.id?.split("/").pop(),
    );
    expect(plan.graph.ofType("aws:ecs/taskDefinition:TaskDefinition")[0]!.inputs.requiresCompatibilities).toEqual([
      "EC2",
    ]);
  });

  it("runs the caller's image, with no repository of its own, and no Lambda target", () => {
    const [container] = JSON.parse(
      plan.graph.ofType("aws:ecs/taskDefinition:TaskDefinition")[0]!.inputs.containerDefinitions,
    );
    expect(container.image).toBe(IMAGE);
    expect(plan.graph.ofType("aws:ecr/repository:Repository")).toHaveLength(0);
    expect(plan.graph.ofType("aws:lambda/function:Function")).toHaveLength(0);
  });

  it("builds Aurora PostgreSQL Serverless v2 on port 5432, the database group admitting 5432 from the app only", () => {
    const cluster = plan.graph.ofType("aws:rds/cluster:Cluster")[0]!;
    expect(cluster.inputs.engine).toBe("aurora-postgresql");
    expect(cluster.inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 0.5, maxCapacity: 8 });
    expect(cluster.inputs.enabledCloudwatchLogsExports).toEqual(["postgresql"]);
    expect(plan.graph.ofType("aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.instanceClass)).toEqual([
      "db.serverless",
      "db.serverless",
    ]);
    const db = plan.graph.ofType("aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === "net-shop-db")!;
    const ingress = plan.graph
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.inputs.securityGroupId === db.id);
    expect(ingress.map((r) => r.inputs.fromPort)).toEqual([5432]);
    const rotation = plan.graph.ofType("aws:serverlessrepository/cloudFormationStack:CloudFormationStack")[0]!;
    expect(rotation.inputs.applicationId).toMatch(/SecretsManagerRDSPostgreSQLRotationSingleUser$/);
  });

  it("honours an ephemeral load balancer and a tighter rate limit", () => {
    expect(plan.graph.ofType("aws:lb/loadBalancer:LoadBalancer")[0]!.inputs.enableDeletionProtection).toBe(false);
    const acl = plan.graph.ofType("aws:wafv2/webAcl:WebAcl")[0]!;
    const rate = (acl.inputs.rules as any[]).find((r) => r.statement.rateBasedStatement)!;
    expect(rate.statement.rateBasedStatement).toMatchObject({ limit: 500, evaluationWindowSec: 60 });
  });

  it("passes every mandatory policy rule with these options", () => {
    const stack = { name: "options", region: "us-east-1", resources: plan.resources, violations: [] };
    const blocking = evaluatePolicies(stack, ALL_RULES).filter((v) => v.enforcementLevel === "mandatory");
    // Tags come from the stack's provider (not planned here); deletion protection off is the
    // deliberate gap of an ephemeral environment.
    const expected = (v: { rule: string }) => v.rule === "aws-required-tags" || /deletion/.test(v.rule);
    expect(blocking.filter((v) => !expected(v)).map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
    expect(blocking.some((v) => /deletion/.test(v.rule))).toBe(true);
  });
});

describe("ResilientWebTier refuses bad args before creating anything", () => {
  it.each<[string, Partial<ResilientWebTierArgs>, string]>([
    ["a burstable instance class", { database: { instanceClass: "db.t4g.medium" } }, "database.instanceClass"],
    ["a non-TLS 1.3 policy", { loadBalancer: { sslPolicy: "ELBSecurityPolicy-2016-08" } }, "loadBalancer.sslPolicy"],
    ["a rate window WAF lacks", { loadBalancer: { rateLimitWindowSeconds: 30 } }, "loadBalancer.rateLimit"],
    ["more minimum than maximum tasks", { app: { minTasks: 5, maxTasks: 3 } }, "app.maxTasks"],
    ["an unknown capacity", { app: { capacity: "lambda" as never } }, "app.capacity"],
    ["a host name with capitals", { hostName: "Shop.Example.com" }, "hostName"],
    ["a Lambda path without its slash", { lambdaTarget: { path: "api" } }, "lambdaTarget.path"],
    ["a threshold for no metric", { thresholds: { "no-such-metric": 1 } as never }, "no-such-metric"],
  ])("%s", async (_what, overrides, named) => {
    const error = await failure(planProgram(tier(overrides)));
    expect(error.message).toContain("ResilientWebTier");
    expect(error.message).toContain(named);
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
