/**
 * The AppSpec of a blue/green release of the web service, and the CodeDeploy CreateDeployment
 * request that carries it (`aws deploy create-deployment --cli-input-json`): pure functions, so the
 * stack output a release uses and the tests read the same text.
 *
 * AppSpec for ECS (CodeDeploy User Guide, "AppSpec 'resources' section for Amazon ECS
 * deployments"): version 0.0, one `TargetService` of type AWS::ECS::Service naming the task
 * definition and the container and port the load balancer routes to; the network configuration,
 * platform version and capacity provider strategy of the replacement task set are optional there.
 * They are not optional here: the service ignores those inputs once CodeDeploy owns it, so a
 * release is the only way a change of subnets, security groups or capacity reaches the tasks, and
 * CodeDeploy drops a capacity provider strategy the AppSpec does not repeat
 * (aws/containers-roadmap#1752), which would move EC2-capacity tasks to the cluster's default.
 */

export interface AppSpecTarget {
  /** The task definition revision to release (its ARN, as `pulumi up` registered it). */
  taskDefinitionArn: string;
  /** The container the load balancer routes to, and its port. */
  containerName: string;
  containerPort: number;
  /** The replacement tasks' subnets and security groups (no public IP). */
  subnets: string[];
  securityGroups: string[];
  /** Fargate: the platform version. */
  platformVersion?: string;
  /** EC2 capacity: the capacity provider the tasks run on. */
  capacityProvider?: string;
  /** Lambda functions CodeDeploy calls at a lifecycle event (e.g. AfterAllowTestTraffic: a smoke test of the test listener). */
  hooks?: Partial<Record<AppSpecHookEvent, string>>;
}

/** The lifecycle events of an ECS deployment a hook can run at, in their order. */
export const APPSPEC_HOOK_EVENTS = [
  "BeforeInstall",
  "AfterInstall",
  "AfterAllowTestTraffic",
  "BeforeAllowTraffic",
  "AfterAllowTraffic",
] as const;
export type AppSpecHookEvent = (typeof APPSPEC_HOOK_EVENTS)[number];

const TASK_DEFINITION_ARN = /^arn:[a-z-]+:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/;

/** The AppSpec (as an object; `JSON.stringify` it for CodeDeploy) releasing `target`. */
export function ecsAppSpec(target: AppSpecTarget): Record<string, unknown> {
  if (!TASK_DEFINITION_ARN.test(target.taskDefinitionArn))
    throw new Error(
      `taskDefinitionArn: "${target.taskDefinitionArn}" is not a task definition revision's ARN (…:task-definition/<family>:<revision>)`,
    );
  if (!Number.isInteger(target.containerPort) || target.containerPort < 1 || target.containerPort > 65535)
    throw new Error(`containerPort: ${target.containerPort} is not a port`);
  if (target.subnets.length === 0 || target.securityGroups.length === 0)
    throw new Error("subnets, securityGroups: the replacement tasks need at least one subnet and one security group");
  if ((target.platformVersion === undefined) === (target.capacityProvider === undefined))
    throw new Error(
      "platformVersion, capacityProvider: give exactly one (Fargate's platform version, or the EC2 capacity provider)",
    );
  const properties: Record<string, unknown> = {
    TaskDefinition: target.taskDefinitionArn,
    LoadBalancerInfo: { ContainerName: target.containerName, ContainerPort: target.containerPort },
    NetworkConfiguration: {
      AwsvpcConfiguration: {
        Subnets: [...target.subnets],
        SecurityGroups: [...target.securityGroups],
        AssignPublicIp: "DISABLED",
      },
    },
    ...(target.platformVersion === undefined ? {} : { PlatformVersion: target.platformVersion }),
    ...(target.capacityProvider === undefined
      ? {}
      : { CapacityProviderStrategy: [{ CapacityProvider: target.capacityProvider, Base: 0, Weight: 1 }] }),
  };
  const hooks = APPSPEC_HOOK_EVENTS.filter((e) => target.hooks?.[e] !== undefined).map((e) => ({
    [e]: target.hooks![e]!,
  }));
  return {
    version: 0.0,
    Resources: [{ TargetService: { Type: "AWS::ECS::Service", Properties: properties } }],
    ...(hooks.length ? { Hooks: hooks } : {}),
  };
}

/**
 * The AppSpec as CodeDeploy reads it: JSON, its version written `0.0` as the user guide does
 * (`JSON.stringify` would print `0`).
 */
export function appSpecContent(target: AppSpecTarget): string {
  return JSON.stringify(ecsAppSpec(target)).replace(/^\{"version":0,/, '{"version":0.0,');
}

/**
 * Where the web tier's replacement tasks run: on the tier's EC2 capacity provider when it has one,
 * else on Fargate's latest platform version.
 */
export function appSpecCapacity(
  capacityProvider: string | undefined,
): Pick<AppSpecTarget, "platformVersion" | "capacityProvider"> {
  return capacityProvider === undefined ? { platformVersion: "LATEST" } : { capacityProvider };
}

/** CodeDeploy's CreateDeployment input for a release of `target` (`aws deploy create-deployment --cli-input-json`). */
export function createDeploymentRequest(
  release: { applicationName: string; deploymentGroupName: string; description?: string },
  target: AppSpecTarget,
): Record<string, unknown> {
  return {
    applicationName: release.applicationName,
    deploymentGroupName: release.deploymentGroupName,
    description: release.description ?? `Release ${target.taskDefinitionArn.split("/").pop()}`,
    revision: {
      revisionType: "AppSpecContent",
      appSpecContent: { content: appSpecContent(target) },
    },
  };
}
