/**
 * ResilientWebTier as a library user meets it beyond the stacks' defaults: the EC2 capacity option,
 * Aurora PostgreSQL Serverless v2, a caller's image, no Lambda target, an ephemeral load balancer;
 * CodeDeploy blue/green releases (a second plan); and the args it refuses before anything is created.
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

describe("ResilientWebTier released blue/green by CodeDeploy", () => {
  let plan: ProgramPlan;
  const T = {
    service: "aws:ecs/service:Service",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    listener: "aws:lb/listener:Listener",
    group: "aws:codedeploy/deploymentGroup:DeploymentGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  };
  const named = (type: string, name: string) => plan.graph.ofType(type).find((r) => r.name === name)!;
  beforeAll(async () => {
    plan = await planProgram(
      tier({
        deployment: {
          strategy: "blue-green",
          deploymentConfigName: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
          approvalWaitMinutes: 10,
        },
        alarmTopicArn: TOPIC,
      }),
    );
  });

  it("hands the service to CodeDeploy: no circuit breaker, and an update leaves what a release changes alone", () => {
    const service = plan.graph.ofType(T.service)[0]!;
    expect(service.inputs.deploymentController).toEqual({ type: "CODE_DEPLOY" });
    expect(service.inputs.deploymentCircuitBreaker).toBeUndefined();
    expect(service.inputs.alarms).toBeUndefined();
    expect(service.ignoreChanges).toEqual([
      "capacityProviderStrategies",
      "desiredCount",
      "loadBalancers",
      "networkConfiguration",
      "platformVersion",
      "taskDefinition",
    ]);
    // The revision a release names stays registered after the next `pulumi up` registers its successor.
    expect(plan.graph.ofType("aws:ecs/taskDefinition:TaskDefinition")[0]!.inputs.skipDestroy).toBe(true);
  });

  it("puts two target groups behind the load balancer: production on 443 forwards to the first, the test listener on 8443 to the second, both left to CodeDeploy", () => {
    const blue = named(T.targetGroup, "shop-app");
    const green = named(T.targetGroup, "shop-app-green");
    expect(green.inputs).toMatchObject({ targetType: "ip", port: 8000, healthCheck: blue.inputs.healthCheck });
    const prod = named(T.listener, "shop-https");
    const test = named(T.listener, "shop-test");
    expect([prod.inputs.port, test.inputs.port]).toEqual([443, 8443]);
    expect(prod.inputs.defaultActions).toEqual([{ type: "forward", targetGroupArn: blue.id }]);
    expect(test.inputs.defaultActions).toEqual([{ type: "forward", targetGroupArn: green.id }]);
    expect(test.inputs).toMatchObject({ protocol: "HTTPS", sslPolicy: prod.inputs.sslPolicy });
    for (const listener of [prod, test]) expect(listener.ignoreChanges).toEqual(["defaultActions"]);
  });

  it("opens the test listener to the VPC only, never to the internet", () => {
    const rules = plan.graph
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.inputs.fromPort === 8443);
    expect(rules.map((r) => [r.inputs.cidrIpv4, r.inputs.toPort])).toEqual([["10.20.0.0/16", 8443]]);
  });

  it("shifts traffic by the configuration given through a deployment group that rolls back on failure and on the deployment alarms", () => {
    const groups = plan.graph.ofType(T.group).filter((g) => g.inputs.ecsService);
    expect(groups).toHaveLength(1);
    const group = groups[0]!;
    const deployAlarms = plan.graph.ofType(T.alarm).filter((a) => /^shop-deploy-/.test(a.name));
    expect(deployAlarms.map((a) => a.name).sort()).toEqual([
      "shop-deploy-alb-5xx",
      "shop-deploy-target-5xx",
      "shop-deploy-unhealthy-hosts",
      "shop-deploy-unhealthy-hosts-green",
    ]);
    for (const alarm of deployAlarms) expect(alarm.inputs.alarmActions).toEqual([TOPIC]);
    expect(group.inputs).toMatchObject({
      deploymentConfigName: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarmConfiguration: { enabled: true, alarms: deployAlarms.map((a) => a.inputs.name) },
      blueGreenDeploymentConfig: {
        deploymentReadyOption: { actionOnTimeout: "STOP_DEPLOYMENT", waitTimeInMinutes: 10 },
        terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: 30 },
      },
    });
    const service = plan.graph.ofType(T.service)[0]!;
    expect(group.inputs.ecsService.serviceName).toBe(service.inputs.name);
    const pair = group.inputs.loadBalancerInfo.targetGroupPairInfo;
    expect(pair.prodTrafficRoute.listenerArns).toEqual([named(T.listener, "shop-https").id]);
    expect(pair.testTrafficRoute.listenerArns).toEqual([named(T.listener, "shop-test").id]);
    expect(pair.targetGroups.map((g: { name: string }) => g.name)).toEqual(
      ["shop-app", "shop-app-green"].map((n) => named(T.targetGroup, n).inputs.name),
    );
    expect(plan.graph.ofType("aws:codedeploy/application:Application")[0]!.inputs.computePlatform).toBe("ECS");
  });

  it("gives CodeDeploy a role only this deployment group can use, allowed only this service's task sets, listeners, alarms and task roles", () => {
    const role = plan.graph.ofType("aws:iam/role:Role").find((r) => /release-role/.test(r.name))!;
    const [trust] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
    expect(trust.Principal).toEqual({ Service: "codedeploy.amazonaws.com" });
    expect(trust.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:shop-app/shop-service" },
    });
    const policy = plan.graph.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "shop-release-access")!;
    const statements = JSON.parse(policy.inputs.policy).Statement as {
      Sid: string;
      Resource: string | string[];
      Condition?: unknown;
    }[];
    const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
    const service = plan.graph.ofType(T.service)[0]!;
    expect(bySid.ReplaceTaskSets!.Resource).toContain(service.id);
    expect([bySid.PassTaskRoles!.Resource].flat()).toHaveLength(2);
    expect(bySid.PassTaskRoles!.Condition).toEqual({
      StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    });
    expect([bySid.WatchAlarms!.Resource].flat()).toHaveLength(4);
    // Only the read-only Describe* calls, which support no resource-level permissions, are on "*".
    const onAll = statements.filter((st) => st.Resource === "*").map((st) => st.Sid);
    expect(onAll).toEqual(["ReadLoadBalancing"]);
  });

  it("exports the CreateDeployment request releasing the task definition this update registered", () => {
    const request = JSON.parse(String(plan.outputs.releaseRequest));
    expect(request).toMatchObject({ applicationName: "shop-app", deploymentGroupName: "shop-service" });
    const spec = JSON.parse(request.revision.appSpecContent.content);
    const task = plan.graph.ofType("aws:ecs/taskDefinition:TaskDefinition")[0]!;
    expect(spec.Resources[0].TargetService.Properties).toMatchObject({
      TaskDefinition: expect.stringMatching(new RegExp(`:task-definition/${task.inputs.family}:\\d+$`)),
      LoadBalancerInfo: { ContainerName: "web-app", ContainerPort: 8000 },
      PlatformVersion: "LATEST",
    });
    expect(plan.outputs.deploymentGroupName).toBe("shop-service");
  });

  it("alarms the second target group with the first (ObservabilityStack's signals and the dashboard)", () => {
    const alarmed = plan.graph
      .ofType(T.alarm)
      .filter((a) => a.name.startsWith("alarms-"))
      .map((a) => a.name);
    expect(alarmed).toEqual(expect.arrayContaining(["alarms-unhealthy-hosts", "alarms-unhealthy-hosts-green"]));
  });

  it("passes every mandatory policy rule released blue/green", () => {
    const stack = { name: "blue-green", region: "us-east-1", resources: plan.resources, violations: [] };
    const blocking = evaluatePolicies(stack, ALL_RULES).filter((v) => v.enforcementLevel === "mandatory");
    expect(blocking.filter((v) => v.rule !== "aws-required-tags").map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
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
    [
      "blue/green without the alarm topic it rolls back on",
      { deployment: { strategy: "blue-green" } },
      "alarmTopicArn",
    ],
  ])("%s", async (_what, overrides, named) => {
    const error = await failure(planProgram(tier(overrides)));
    expect(error.message).toContain("ResilientWebTier");
    expect(error.message).toContain(named);
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
