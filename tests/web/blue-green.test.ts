/**
 * The web service released blue/green by CodeDeploy, in both stacks as `npm start -- --all-options`
 * planned them (`webDeployment: blue-green`, on EC2 capacity): the shared run's graph, nothing
 * planned again. The default run's rolling update is tests/web/web-tier.test.ts; the args the
 * stacks never pass are tests/web/web-tier-options.pulumi.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_OPTIONS_ACCOUNT } from "../support/all-options-run";
import type { RecordedResource } from "../../offline/graph";
import { allOptionsPlan, type PlannedStack } from "../support/shared-plan";

let both: PlannedStack[];
beforeAll(() => {
  const { primary, secondary } = allOptionsPlan();
  both = [primary, secondary];
});

const T = {
  service: "aws:ecs/service:Service",
  cluster: "aws:ecs/cluster:Cluster",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  group: "aws:codedeploy/deploymentGroup:DeploymentGroup",
  application: "aws:codedeploy/application:Application",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;
const VPC = { primary: "10.0.0.0/16", secondary: "10.1.0.0/16" } as Record<string, string>;
const CODE = { "us-east-1": "use1", "us-west-2": "usw2" } as Record<string, string>;

/** The web tier's parts of one stack, by the names the tier gives them. */
const tier = (plan: PlannedStack) => {
  const g = plan.graph;
  return {
    service: g.one(T.service, "prod-web-app"),
    cluster: g.one(T.cluster, "prod-web-cluster"),
    task: g.one(T.taskDefinition, "prod-web-app-task"),
    blue: g.one(T.targetGroup, "prod-web-app"),
    green: g.one(T.targetGroup, "prod-web-app-green"),
    prod: g.one(T.listener, "prod-web-https"),
    test: g.one(T.listener, "prod-web-test"),
    albGroup: g.one(T.sg, "prod-network-prod-web-alb"),
    appGroup: g.one(T.sg, "prod-network-prod-web-app"),
    deployAlarms: g.ofType(T.alarm).filter((a) => a.name.startsWith("prod-web-deploy-")),
  };
};
/** The CodeDeploy deployment groups that release an ECS service (the functions' groups shift Lambda aliases). */
const ecsGroups = (plan: PlannedStack) => plan.graph.ofType(T.group).filter((d) => d.inputs.ecsService);

describe("the web service released blue/green by CodeDeploy (webDeployment blue-green), in both stacks", () => {
  it("hands the service to CodeDeploy: no circuit breaker or alarm rollback of ECS's own, and an update leaves what a release changes alone", () => {
    for (const plan of both) {
      const { service, task } = tier(plan);
      expect(service.inputs.deploymentController, plan.stack).toEqual({ type: "CODE_DEPLOY" });
      expect(service.inputs.deploymentCircuitBreaker, plan.stack).toBeUndefined();
      expect(service.inputs.alarms, plan.stack).toBeUndefined();
      expect(service.ignoreChanges, plan.stack).toEqual([
        "capacityProviderStrategies",
        "desiredCount",
        "loadBalancers",
        "networkConfiguration",
        "platformVersion",
        "taskDefinition",
      ]);
      // The revision a release names stays registered after the next `pulumi up` registers its successor.
      expect(task.inputs.skipDestroy, plan.stack).toBe(true);
    }
  });

  it("puts two target groups behind the load balancer: production on 443 forwards to the first, the test listener on 8443 (HTTPS, the same certificate and TLS policy) to the second, both left to CodeDeploy", () => {
    for (const plan of both) {
      const { service, blue, green, prod, test } = tier(plan);
      expect(green.inputs, plan.stack).toMatchObject({
        targetType: "ip",
        port: 8000,
        vpcId: blue.inputs.vpcId,
        healthCheck: blue.inputs.healthCheck,
      });
      expect(service.inputs.loadBalancers.map((l: { targetGroupArn: string }) => l.targetGroupArn)).toEqual([blue.id]);
      expect([prod.inputs.port, test.inputs.port], plan.stack).toEqual([443, 8443]);
      expect(prod.inputs.defaultActions).toEqual([{ type: "forward", targetGroupArn: blue.id }]);
      expect(test.inputs.defaultActions).toEqual([{ type: "forward", targetGroupArn: green.id }]);
      expect(test.inputs).toMatchObject({
        protocol: "HTTPS",
        loadBalancerArn: prod.inputs.loadBalancerArn,
        sslPolicy: prod.inputs.sslPolicy,
        certificateArn: prod.inputs.certificateArn,
      });
      for (const listener of [prod, test]) expect(listener.ignoreChanges, listener.name).toEqual(["defaultActions"]);
    }
  });

  it("opens the test listener to the stack's VPC only, never to the internet", () => {
    for (const plan of both) {
      const { albGroup } = tier(plan);
      const rules = plan.graph
        .ofType(T.ingress)
        .filter((r) => r.inputs.securityGroupId === albGroup.id && r.inputs.fromPort === 8443);
      expect(
        rules.map((r) => [r.inputs.cidrIpv4, r.inputs.toPort]),
        plan.stack,
      ).toEqual([[VPC[plan.stack], 8443]]);
    }
  });

  it("shifts traffic by the configured canary through one deployment group of the service that rolls back on failure and on the deployment alarms, keeping the original tasks 30 minutes", () => {
    for (const plan of both) {
      const { service, cluster, blue, green, prod, test, deployAlarms } = tier(plan);
      const [group, ...more] = ecsGroups(plan);
      expect(more, plan.stack).toEqual([]);
      expect(deployAlarms.map((a) => a.name).sort()).toEqual(
        ["alb-5xx", "target-5xx", "unhealthy-hosts", "unhealthy-hosts-green"].map((id) => `prod-web-deploy-${id}`),
      );
      expect(group!.inputs).toMatchObject({
        deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent5Minutes",
        deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
        autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
        alarmConfiguration: { enabled: true, alarms: deployAlarms.map((a) => a.inputs.name) },
        blueGreenDeploymentConfig: {
          // No approval wait by default: the shift starts once the replacement tasks are healthy.
          deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
          terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: 30 },
        },
        ecsService: { clusterName: cluster.inputs.name, serviceName: service.inputs.name },
      });
      expect(group!.propertyDependencies?.ecsService).toEqual(expect.arrayContaining([service.urn, cluster.urn]));
      const pair = group!.inputs.loadBalancerInfo.targetGroupPairInfo;
      expect(pair.prodTrafficRoute.listenerArns).toEqual([prod.id]);
      expect(pair.testTrafficRoute.listenerArns).toEqual([test.id]);
      expect(pair.targetGroups).toEqual([{ name: blue.inputs.name }, { name: green.inputs.name }]);
      const application = plan.graph.one(T.application, "prod-web-release");
      expect(application.inputs).toMatchObject({ name: group!.inputs.appName, computePlatform: "ECS" });
    }
  });

  it("has the deployment alarms (two one-minute periods) notify the region's alarm topic", () => {
    for (const plan of both) {
      const topic = plan.graph.one("aws:sns/topic:Topic", "prod-observability-topic");
      for (const alarm of tier(plan).deployAlarms) {
        expect([alarm.inputs.period, alarm.inputs.evaluationPeriods], alarm.name).toEqual([60, 2]);
        expect(alarm.propertyDependencies?.alarmActions, alarm.name).toEqual([topic.urn]);
      }
    }
  });

  it("gives CodeDeploy a role only this deployment group can use, allowed only this service's task sets, listeners, alarms and task roles", () => {
    for (const plan of both) {
      const { service } = tier(plan);
      const role = plan.graph.one("aws:iam/role:Role", `prod-web-release-role-${CODE[plan.region]}`);
      expect(ecsGroups(plan)[0]!.propertyDependencies?.serviceRoleArn).toEqual([role.urn]);
      const [trust, ...others] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
      expect(others).toEqual([]);
      expect(trust.Principal).toEqual({ Service: "codedeploy.amazonaws.com" });
      expect(trust.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": ALL_OPTIONS_ACCOUNT },
        ArnLike: {
          "aws:SourceArn": `arn:aws:codedeploy:${plan.region}:${ALL_OPTIONS_ACCOUNT}:deploymentgroup:prod-web-app/prod-web-service`,
        },
      });
      const policy = plan.graph.one("aws:iam/rolePolicy:RolePolicy", "prod-web-release-access");
      expect(policy.inputs.role).toBe(role.id);
      const statements = JSON.parse(policy.inputs.policy).Statement as {
        Sid: string;
        Resource: string | string[];
        Condition?: unknown;
      }[];
      const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
      expect(bySid.ReplaceTaskSets!.Resource).toContain(service.id);
      expect([bySid.PassTaskRoles!.Resource].flat()).toHaveLength(2);
      expect(bySid.PassTaskRoles!.Condition).toEqual({
        StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
      });
      expect([bySid.WatchAlarms!.Resource].flat()).toHaveLength(4);
      // Only the read-only Describe* calls, which support no resource-level permissions, are on "*".
      const onAll = statements.filter((st) => st.Resource === "*").map((st) => st.Sid);
      expect(onAll).toEqual(["ReadLoadBalancing"]);
    }
  });

  it("exports the CreateDeployment request (webReleaseRequest) releasing the task definition this update registered, on the tier's EC2 capacity provider", () => {
    for (const plan of both) {
      const { task, service, appGroup } = tier(plan);
      const request = JSON.parse(String(plan.outputs.webReleaseRequest));
      expect(request).toMatchObject({ applicationName: "prod-web-app", deploymentGroupName: "prod-web-service" });
      const spec = JSON.parse(request.revision.appSpecContent.content);
      const provider = plan.graph.one("aws:ecs/capacityProvider:CapacityProvider", "prod-web-ec2");
      expect(spec.Resources[0].TargetService.Properties, plan.stack).toEqual({
        TaskDefinition: expect.stringMatching(new RegExp(`:task-definition/${task.inputs.family}:\\d+$`)),
        LoadBalancerInfo: { ContainerName: "web-app", ContainerPort: 8000 },
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            Subnets: service.inputs.networkConfiguration.subnets,
            SecurityGroups: [appGroup.id],
            AssignPublicIp: "DISABLED",
          },
        },
        CapacityProviderStrategy: [{ CapacityProvider: provider.inputs.name, Base: 0, Weight: 1 }],
      });
    }
  });

  it("alarms the second target group as the first in the ObservabilityStack: it serves production after every other release", () => {
    for (const plan of both) {
      const { green } = tier(plan);
      const signal = (id: string): RecordedResource => plan.graph.one(T.alarm, `prod-observability-${id}`);
      signal("unhealthy-hosts");
      expect(signal("unhealthy-hosts-green").propertyDependencies?.dimensions).toContain(green.urn);
    }
  });
});
