import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WEB_STATUS_ENV } from "../../functions/web-status/environment";
import { PlatformFunction } from "../compute/platform-function";
import type { FunctionReleaseArgs } from "../compute/release";

export interface LambdaTargetArgs {
  functionRelease?: FunctionReleaseArgs;
  region: string;
  kmsKeyArn: pulumi.Input<string>;
  /** The HTTPS listener the path rule is added to. */
  listenerArn: pulumi.Input<string>;
  /** Path pattern the rule sends to the function, e.g. "/api/status". */
  path: string;
  /** "primary" or "secondary": what the function reports. */
  platformRole: string;
  /** The listener rule's priority (1-50000, unique per listener). */
  priority: number;
}

/**
 * Seed 001's ALB → Lambda path: the web-status function (PlatformFunction) behind a target group of
 * type lambda (its live alias), invocable only by Elastic Load Balancing on behalf of exactly that
 * target group, and registered after the permission exists (ELB checks it when the target is registered), with a
 * listener rule that sends `path` to it.
 */
export function createLambdaTarget(name: string, args: LambdaTargetArgs, parent: pulumi.Resource): PlatformFunction {
  const fn = new PlatformFunction(
    `${name}-status`,
    {
      handler: "web-status",
      release: args.functionRelease,
      description: "Answers the web tier's status path behind the load balancer (seed 001: ALB -> Lambda)",
      kmsKeyArn: args.kmsKeyArn,
      region: args.region,
      environment: { [WEB_STATUS_ENV.role]: args.platformRole },
    },
    { parent },
  );
  const targetGroup = new aws.lb.TargetGroup(
    `${name}-status-tg`,
    { targetType: "lambda", lambdaMultiValueHeadersEnabled: false },
    { parent },
  );
  const permission = new aws.lambda.Permission(
    `${name}-status-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: fn.functionName,
      // The alias the target group calls: a permission on the function alone would not cover it.
      qualifier: fn.aliasName,
      principal: "elasticloadbalancing.amazonaws.com",
      sourceArn: targetGroup.arn,
    },
    { parent },
  );
  new aws.lb.TargetGroupAttachment(
    `${name}-status-target`,
    { targetGroupArn: targetGroup.arn, targetId: fn.aliasArn },
    { parent, dependsOn: [permission] },
  );
  new aws.lb.ListenerRule(
    `${name}-status-route`,
    {
      listenerArn: args.listenerArn,
      priority: args.priority,
      conditions: [{ pathPattern: { values: [args.path] } }],
      actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    },
    { parent },
  );
  return fn;
}
