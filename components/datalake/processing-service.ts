import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { invalidArg } from "../shared/errors";
import type { LakeContext } from "./context";
import type { ProcessingCluster } from "./processing-cluster";
import { PROCESSING_DEFAULTS } from "./processing-defaults";
import type { ProcessingTask } from "./processing-tasks";

export interface ProcessingServiceArgs {
  cluster: ProcessingCluster;
  /** The "data processing" task (`createDataProcessingTask`). */
  task: ProcessingTask;
  /** Private subnets of the tasks (no public IP). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The tasks' security groups: egress only (e.g. RegionalNetwork.createSecurityGroup with no ingress). */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Tasks at creation; auto scaling owns the count afterwards. @default 0 */
  desiredCount?: number;
}

/** ECS names: letters, digits, hyphens and underscores, at most 255. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** `<env>-data-processing-service`, checked against ECS's naming rules. */
export function processingServiceName(environment: string): string {
  const name = `${environment}-data-processing-service`;
  if (!ECS_NAME.test(name))
    throw invalidArg(
      "DataLake",
      "environment",
      `"${environment}" does not make a valid ECS service name "${name}" (letters, digits, "-" and "_", at most 255)`,
    );
  return name;
}

/**
 * The service `<env>-data-processing-service`: the data processor on the cluster's strategy
 * (FARGATE_SPOT first, FARGATE beside it), the latest platform version, private subnets with no
 * public IP, a circuit breaker that rolls back a failing deployment, no ECS Exec. It starts with
 * `desiredCount` tasks (0: no work, no cost) and ignores desiredCount after creation: auto
 * scaling (processing-scaling.ts) owns it.
 */
export function createProcessingService(ctx: LakeContext, args: ProcessingServiceArgs): aws.ecs.Service {
  const desiredCount = args.desiredCount ?? PROCESSING_DEFAULTS.desiredCount;
  if (!Number.isInteger(desiredCount) || desiredCount < 0)
    throw invalidArg(
      "DataLake",
      "processing.desiredCount",
      `${desiredCount} is not a whole number of tasks (0 or more)`,
    );
  return new aws.ecs.Service(
    `${ctx.name}-processing-service`,
    {
      name: processingServiceName(ctx.environment),
      cluster: args.cluster.cluster.arn,
      taskDefinition: args.task.taskDefinition.arn,
      desiredCount,
      capacityProviderStrategies: args.cluster.strategy,
      platformVersion: "LATEST",
      networkConfiguration: { subnets: args.subnetIds, securityGroups: args.securityGroupIds, assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      enableExecuteCommand: false,
    },
    // A strategy may name only providers associated with the cluster; auto scaling owns the count.
    { parent: ctx.parent, ignoreChanges: ["desiredCount"], dependsOn: [args.cluster.capacityProviders] },
  );
}
