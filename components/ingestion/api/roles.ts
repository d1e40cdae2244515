/** The IAM roles of the API: the Kinesis integration's, and API Gateway's account-wide CloudWatch role. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole } from "../../compute/iam";
import { regionalName } from "../../shared/naming";
import {
  ACCOUNT_LOG_ACTIONS,
  ACCOUNT_LOG_DISCOVERY_ACTIONS,
  EXECUTION_LOG_GROUP_PREFIX,
  KINESIS_PROXY,
} from "./defaults";

export interface IntegrationRoleArgs {
  regionName: string;
  accountId: pulumi.Input<string>;
  executionArn: pulumi.Input<string>;
  streamArn: pulumi.Input<string>;
  streamKmsKeyArn: pulumi.Input<string>;
  /** `kinesis.<region>.<dns suffix>`: the key may be used only through Kinesis. */
  kinesisEndpoint: pulumi.Input<string>;
}

/**
 * The role the Kinesis integration runs as: only API Gateway acting for this API may assume it,
 * and it may put records on the one stream and generate data keys with the stream's key, through
 * Kinesis only.
 */
export function createIntegrationRole(name: string, args: IntegrationRoleArgs, parent: pulumi.Resource): aws.iam.Role {
  // No aws:SourceAccount/aws:SourceArn: API Gateway does not send them when it assumes integration
  // credentials, and requests then fail with 500. The role can only put records on one stream
  // (policy/baseline/identity.ts SERVICES_WITHOUT_SOURCE_CONTEXT).
  const role = serviceRole(
    regionalName(`${name}-kinesis`, args.regionName),
    {
      service: KINESIS_PROXY.servicePrincipal,
      withoutSourceContext: true,
      description: `API Gateway ${name}: PutRecords on one Kinesis stream`,
    },
    { parent },
  );
  const permissions = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        { sid: "PutRecords", effect: "Allow", actions: [...KINESIS_PROXY.streamActions], resources: [args.streamArn] },
        {
          sid: "EncryptRecords",
          effect: "Allow",
          actions: [...KINESIS_PROXY.keyActions],
          resources: [args.streamKmsKeyArn],
          conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [args.kinesisEndpoint] }],
        },
      ],
    },
    { parent },
  );
  new aws.iam.RolePolicy(`${name}-kinesis-put`, { role: role.id, policy: permissions.json }, { parent });
  return role;
}

export interface AccountRoleArgs {
  regionName: string;
  region: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
  partition: pulumi.Input<string>;
  accessLogGroupArn: pulumi.Input<string>;
}

/**
 * The account-wide (per region) CloudWatch role of API Gateway and the account setting that uses
 * it. It may create and write the execution-log groups of every API in the region and write this
 * API's access-log group.
 */
export function createAccountCloudWatchRole(
  name: string,
  args: AccountRoleArgs,
  parent: pulumi.Resource,
): aws.apigateway.Account {
  // As for the integration role: API Gateway sends no source context for this role.
  const role = serviceRole(
    regionalName(`${name}-cloudwatch`, args.regionName),
    {
      service: KINESIS_PROXY.servicePrincipal,
      withoutSourceContext: true,
      description: "API Gateway account setting: writes API execution and access logs to CloudWatch Logs",
    },
    { parent },
  );
  const accessLogGroupArn = pulumi.output(args.accessLogGroupArn).apply((arn) => arn.replace(/:\*$/, ""));
  const executionLogGroups = pulumi.interpolate`arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:${EXECUTION_LOG_GROUP_PREFIX}*`;
  const permissions = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          sid: "WriteApiLogs",
          effect: "Allow",
          actions: [...ACCOUNT_LOG_ACTIONS],
          resources: [executionLogGroups, accessLogGroupArn, pulumi.interpolate`${accessLogGroupArn}:log-stream:*`],
        },
        // DescribeLogGroups has no resource-level permissions.
        { sid: "FindLogGroups", effect: "Allow", actions: [...ACCOUNT_LOG_DISCOVERY_ACTIONS], resources: ["*"] },
      ],
    },
    { parent },
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-cloudwatch-logs`,
    { role: role.id, policy: permissions.json },
    { parent },
  );
  // API Gateway checks the role when the setting is made: the policy must be in place first.
  return new aws.apigateway.Account(
    `${name}-account`,
    { cloudwatchRoleArn: role.arn },
    { parent, dependsOn: [rolePolicy] },
  );
}
