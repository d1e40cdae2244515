/**
 * ResilientWebTier as a library user meets it beyond the stacks' defaults: the EC2 capacity option,
 * Aurora PostgreSQL Serverless v2, a caller's image, no Lambda target, an ephemeral load balancer,
 * and blue/green releases under args the stacks never pass (one plan); and the args it refuses
 * before anything is created. The blue/green releases as the stacks configure them are
 * tests/web/blue-green.test.ts (the --all-options run); the refusals of each arg are pure
 * (validateWebTierArgs, below, and tests/web/release.test.ts).
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

const TOPIC = "arn:aws:sns:us-east-1:123456789012:alarms";
/** Who may reach the blue/green test listener, instead of the VPC. */
const ALLOWED = ["10.30.0.0/16", "192.168.10.0/24"];

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
    // Blue/green: what a release reads from the stack (rolling exports none).
    return web.deploymentStrategy === "blue-green"
      ? { releaseRequest: web.releaseRequest, deploymentGroupName: web.deploymentGroupName }
      : {};
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
        deployment: {
          strategy: "blue-green",
          deploymentConfigName: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
          testListenerPort: 9443,
          testListenerCidrs: ALLOWED,
          terminationWaitMinutes: 60,
          approvalWaitMinutes: 10,
        },
        alarmTopicArn: TOPIC,
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

  it("releases blue/green by the args given: the configuration, the test listener's port open to the allowed ranges only, the approval wait and how long the original tasks stay", () => {
    const group = plan.graph
      .ofType("aws:codedeploy/deploymentGroup:DeploymentGroup")
      .find((g) => g.name === "shop-release")!;
    expect(group.inputs).toMatchObject({
      deploymentConfigName: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
      blueGreenDeploymentConfig: {
        deploymentReadyOption: { actionOnTimeout: "STOP_DEPLOYMENT", waitTimeInMinutes: 10 },
        terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: 60 },
      },
    });
    const test = plan.graph.ofType("aws:lb/listener:Listener").find((l) => l.name === "shop-test")!;
    expect(test.inputs.port).toBe(9443);
    const alb = plan.graph.ofType("aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === "net-shop-alb")!;
    const opened = plan.graph
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.inputs.securityGroupId === alb.id && r.inputs.cidrIpv4 !== "0.0.0.0/0");
    expect(opened.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort])).toEqual(
      ALLOWED.map((cidr) => [cidr, 9443, 9443]),
    );
    // What a release reads from the component, for a program that exports it under names of its own.
    expect(plan.outputs.deploymentGroupName).toBe("shop-service");
    expect(JSON.parse(String(plan.outputs.releaseRequest))).toMatchObject({
      applicationName: "shop-app",
      deploymentGroupName: "shop-service",
    });
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
  // Each arg's refusal is pure: tests/web/web-tier-args.test.ts. This is how one reaches a plan.
  it("fails the plan with one message naming the component and the arg, and no stack trace", async () => {
    const error = await failure(planProgram(tier({ hostName: "Shop.Example.com" })));
    expect(error.message).toContain('ResilientWebTier: hostName: "Shop.Example.com"');
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
