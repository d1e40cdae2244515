import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { definedOnly } from "../shared/defined-only";
import { regionalName } from "../shared/naming";
import type { ResolvedSupporting } from "../shared/supporting";
import { FLOW_LOG_DEFAULTS } from "./defaults";

/** A log group created elsewhere; an `aws.cloudwatch.LogGroup` fits as is. */
export interface ExistingLogGroup {
  arn: pulumi.Input<string>;
  name: pulumi.Input<string>;
}

export interface VpcFlowLogArgs {
  vpcId: pulumi.Input<string>;
  /** Plain region name, for the role's global-namespace name. */
  regionName: string;
  region: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
  partition: pulumi.Input<string>;
  logGroup: Exclude<ResolvedSupporting<ExistingLogGroup, aws.cloudwatch.LogGroupArgs>, { kind: "skip" }>;
  /** Defaults for a created log group (retention, KMS key); `logGroup.args` wins over them. */
  logGroupDefaults: aws.cloudwatch.LogGroupArgs;
}

/**
 * VPC flow log (all traffic) to a CloudWatch log group, delivered by a role that only
 * `vpc-flow-logs.amazonaws.com` acting for this account can assume, and that may only write
 * streams of that one log group.
 */
export function createVpcFlowLog(
  name: string,
  args: VpcFlowLogArgs,
  parent: pulumi.Resource,
): { logGroupName: pulumi.Output<string> } {
  const group: ExistingLogGroup =
    args.logGroup.kind === "existing"
      ? args.logGroup.existing
      : new aws.cloudwatch.LogGroup(
          `${name}-flow-logs`,
          { ...args.logGroupDefaults, ...definedOnly(args.logGroup.args) },
          { parent },
        );
  // Some APIs report log-group ARNs with a trailing ":*"; the policy below appends its own suffix.
  const groupArn = pulumi.output(group.arn).apply((arn) => arn.replace(/:\*$/, ""));

  const trust = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          effect: "Allow",
          principals: [{ type: "Service", identifiers: [FLOW_LOG_DEFAULTS.servicePrincipal] }],
          actions: ["sts:AssumeRole"],
          conditions: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [args.accountId] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: [pulumi.interpolate`arn:${args.partition}:ec2:${args.region}:${args.accountId}:vpc-flow-log/*`],
            },
          ],
        },
      ],
    },
    { parent },
  );
  const role = new aws.iam.Role(
    regionalName(`${name}-flow-logs`, args.regionName),
    { assumeRolePolicy: trust.json, description: `Delivers VPC flow logs of ${name} to CloudWatch Logs` },
    { parent },
  );

  const delivery = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          effect: "Allow",
          actions: [...FLOW_LOG_DEFAULTS.deliveryActions],
          resources: [groupArn, pulumi.interpolate`${groupArn}:log-stream:*`],
        },
      ],
    },
    { parent },
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-flow-logs-delivery`,
    { role: role.id, policy: delivery.json },
    { parent },
  );

  new aws.ec2.FlowLog(
    `${name}-flow-log`,
    {
      vpcId: args.vpcId,
      trafficType: FLOW_LOG_DEFAULTS.trafficType,
      logDestinationType: FLOW_LOG_DEFAULTS.logDestinationType,
      logDestination: groupArn,
      iamRoleArn: role.arn,
      maxAggregationInterval: FLOW_LOG_DEFAULTS.maxAggregationInterval,
    },
    // Without the permissions in place, the first deliveries fail.
    { parent, dependsOn: [rolePolicy] },
  );

  return { logGroupName: pulumi.output(group.name) };
}
