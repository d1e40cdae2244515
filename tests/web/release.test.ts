/**
 * The web service's releases without the Pulumi runtime: the AppSpec and CreateDeployment request a
 * blue/green release hands to CodeDeploy, and the `deployment` arg's checks.
 */
import { describe, expect, it } from "vitest";
import {
  appSpecCapacity,
  appSpecContent,
  createDeploymentRequest,
  ecsAppSpec,
  type AppSpecTarget,
} from "../../components/web/appspec";
import { DEPLOYMENT_DEFAULTS, ECS_DEPLOYMENT_CONFIGS } from "../../components/web/defaults";
import { validateDeployment } from "../../components/web/validation";

const TASK = "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-web-app-use1:7";
const fargate: AppSpecTarget = {
  taskDefinitionArn: TASK,
  containerName: "web-app",
  containerPort: 8000,
  subnets: ["subnet-a", "subnet-b"],
  securityGroups: ["sg-app"],
  platformVersion: "LATEST",
};

describe("the AppSpec of a blue/green release", () => {
  it("names the task definition revision, the container and port the load balancer routes to, and the tasks' private network", () => {
    expect(ecsAppSpec(fargate)).toEqual({
      version: 0.0,
      Resources: [
        {
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: {
              TaskDefinition: TASK,
              LoadBalancerInfo: { ContainerName: "web-app", ContainerPort: 8000 },
              NetworkConfiguration: {
                AwsvpcConfiguration: {
                  Subnets: ["subnet-a", "subnet-b"],
                  SecurityGroups: ["sg-app"],
                  AssignPublicIp: "DISABLED",
                },
              },
              PlatformVersion: "LATEST",
            },
          },
        },
      ],
    });
  });

  it("repeats the EC2 capacity provider, which CodeDeploy would otherwise drop from the service", () => {
    const { platformVersion: _, ...ec2 } = fargate;
    const props = (ecsAppSpec({ ...ec2, capacityProvider: "prod-web-capacity" }).Resources as any[])[0].TargetService
      .Properties;
    expect(props.CapacityProviderStrategy).toEqual([{ CapacityProvider: "prod-web-capacity", Base: 0, Weight: 1 }]);
    expect(props.PlatformVersion).toBeUndefined();
  });

  it("runs the web tier's replacement tasks on its EC2 capacity provider when it has one, else on Fargate's latest platform version", () => {
    expect(appSpecCapacity("prod-web-capacity")).toEqual({ capacityProvider: "prod-web-capacity" });
    expect(appSpecCapacity(undefined)).toEqual({ platformVersion: "LATEST" });
  });

  it("lists hooks in the order of the deployment's lifecycle", () => {
    const spec = ecsAppSpec({
      ...fargate,
      hooks: { AfterAllowTraffic: "check-prod", AfterAllowTestTraffic: "smoke-test" },
    });
    expect(spec.Hooks).toEqual([{ AfterAllowTestTraffic: "smoke-test" }, { AfterAllowTraffic: "check-prod" }]);
    expect(ecsAppSpec(fargate).Hooks).toBeUndefined();
  });

  it("is written as CodeDeploy's user guide writes it, version 0.0", () => {
    const content = appSpecContent(fargate);
    expect(content.startsWith('{"version":0.0,"Resources":')).toBe(true);
    expect(JSON.parse(content)).toEqual(ecsAppSpec(fargate));
  });

  it.each<[string, Partial<AppSpecTarget>, RegExp]>([
    [
      "a task definition family without its revision",
      { taskDefinitionArn: TASK.replace(/:7$/, "") },
      /taskDefinitionArn/,
    ],
    ["no port", { containerPort: 0 }, /containerPort/],
    ["no subnet", { subnets: [] }, /subnets/],
    ["both a platform version and a capacity provider", { capacityProvider: "cp" }, /exactly one/],
  ])("refuses %s", (_what, change, message) => {
    expect(() => ecsAppSpec({ ...fargate, ...change })).toThrow(message);
  });

  it("travels in a CreateDeployment request for the application and deployment group, as AppSpec content", () => {
    const request = createDeploymentRequest(
      { applicationName: "prod-web-app", deploymentGroupName: "prod-web-service" },
      fargate,
    );
    expect(request).toEqual({
      applicationName: "prod-web-app",
      deploymentGroupName: "prod-web-service",
      description: "Release prod-web-app-use1:7",
      revision: { revisionType: "AppSpecContent", appSpecContent: { content: appSpecContent(fargate) } },
    });
  });
});

describe("the deployment arg", () => {
  const reserved = [80, 443];

  it("is a rolling update by default, which needs no alarm topic", () => {
    expect(validateDeployment(undefined, false, reserved)).toEqual({ strategy: "rolling" });
    expect(validateDeployment({ strategy: "rolling" }, false, reserved)).toEqual({ strategy: "rolling" });
  });

  it("completes blue-green with its defaults: a canary, the test listener on 8443 for the VPC, the original tasks kept 30 minutes", () => {
    expect(validateDeployment({ strategy: "blue-green" }, true, reserved)).toEqual({
      strategy: "blue-green",
      deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      testListenerPort: 8443,
      terminationWaitMinutes: 30,
      approvalWaitMinutes: 0,
    });
    expect(DEPLOYMENT_DEFAULTS.deploymentConfigName).toBe(ECS_DEPLOYMENT_CONFIGS[0]);
  });

  it.each<[string, Parameters<typeof validateDeployment>[0], boolean, RegExp]>([
    ["blue-green without the alarm topic it rolls back on", { strategy: "blue-green" }, false, /^alarmTopicArn:/],
    ["an unknown strategy", { strategy: "canary" as never }, true, /^deployment\.strategy: "canary"/],
    [
      "a Lambda deployment configuration",
      { strategy: "blue-green", deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes" as never },
      true,
      /^deployment\.deploymentConfigName: .* is not one of CodeDeployDefault\.ECSCanary10Percent5Minutes/,
    ],
    [
      "the production port as the test port",
      { strategy: "blue-green", testListenerPort: 443 },
      true,
      /testListenerPort: 443/,
    ],
    [
      "a test listener open to the internet",
      { strategy: "blue-green", testListenerCidrs: ["0.0.0.0/0"] },
      true,
      /testListenerCidrs: "0\.0\.0\.0\/0" is wider than a \/8/,
    ],
    [
      "a range that is not one",
      { strategy: "blue-green", testListenerCidrs: ["10.0.0.0/33"] },
      true,
      /not an IPv4 CIDR/,
    ],
    ["an empty allow-list", { strategy: "blue-green", testListenerCidrs: [] }, true, /at least one range/],
    [
      "keeping the original tasks past CodeDeploy's 2 days",
      { strategy: "blue-green", terminationWaitMinutes: 2881 },
      true,
      /terminationWaitMinutes/,
    ],
  ])("refuses %s", (_what, given, topic, message) => {
    expect(() => validateDeployment(given, topic, reserved)).toThrow(message);
  });
});
