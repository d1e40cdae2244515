/**
 * IAM baseline: what the identity rules enforce and what components that write IAM policies and
 * trust policies apply. Plain data, imported by components, their tests and the policy rules alike.
 */

/** Action patterns that grant every action of every service. */
export const ADMIN_ACTIONS: readonly string[] = ["*", "*:*"];

/** Passing a role to a service is privilege escalation when any role can be passed. */
export const PASS_ROLE_ACTION = "iam:PassRole";

/**
 * Actions an identity policy may grant on `Resource: "*"`: those AWS authorizes only on `*` (no
 * resource-level permissions), plus the ENI actions of VPC-attached Lambda functions, which act
 * on interfaces that do not exist yet (AWS's AWSLambdaVPCAccessExecutionRole grants them on `*`).
 * Everything else is granted on named ARNs. Patterns use IAM wildcards; matching is
 * case-insensitive. Add an action only after checking the Service Authorization Reference
 * ("Resource types" column empty for that action).
 */
export const WILDCARD_RESOURCE_ACTIONS: readonly string[] = [
  // X-Ray: Lambda, API Gateway and Step Functions tracing.
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  // CloudWatch metrics (the namespace is narrowed with the cloudwatch:namespace condition).
  "cloudwatch:PutMetricData",
  "cloudwatch:GetMetricData",
  "cloudwatch:GetMetricStatistics",
  "cloudwatch:ListMetrics",
  // ENIs of VPC-attached Lambda functions (AWSLambdaVPCAccessExecutionRole grants them on *).
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
  "ec2:Describe*",
  // ECR login for image pulls.
  "ecr:GetAuthorizationToken",
  // Listing a table's streams: Lambda event source mappings and EventBridge Pipes that read a
  // DynamoDB stream need it, and it has no resource-level permissions. Exactly this action: the
  // stream reads themselves (dynamodb:GetRecords, ...) are granted on the stream's ARN.
  "dynamodb:ListStreams",
  // CloudWatch Logs vended-log delivery (Step Functions, API Gateway access logs) and discovery.
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
  // CloudWatch Logs Insights results, by query id (Amazon Managed Grafana's CloudWatch data source).
  "logs:GetQueryResults",
  "logs:StopQuery",
  // Listing and identity calls.
  "sts:GetCallerIdentity",
  "kms:ListAliases",
  "kms:ListKeys",
  "s3:ListAllMyBuckets",
  "secretsmanager:GetRandomPassword",
  "secretsmanager:ListSecrets",
  "ssm:DescribeParameters",
  "sns:ListTopics",
  "sqs:ListQueues",
  "tag:GetResources",
  "elasticloadbalancing:Describe*",
  "autoscaling:Describe*",
  "application-autoscaling:Describe*",
];

/** Condition keys that tie a service principal to this account's resources (confused deputy). */
export const SOURCE_CONDITION_KEYS: readonly string[] = [
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
];

/**
 * Service principals that pass no source context when they assume a role, so a trust policy
 * cannot carry aws:SourceAccount / aws:SourceArn for them (EC2 instance profiles).
 */
export const SERVICES_WITHOUT_SOURCE_CONTEXT: readonly string[] = [
  "ec2.amazonaws.com",
  // API Gateway does not send aws:SourceAccount/aws:SourceArn when it assumes an integration's
  // credentials role or its account CloudWatch role: such conditions make every request fail.
  "apigateway.amazonaws.com",
  // Glue documents no source-context condition for the roles its crawlers, jobs and data-quality
  // runs assume (its trust policies name the principal alone): such a condition would risk every
  // crawl and job run failing to assume its role.
  "glue.amazonaws.com",
  // CloudTrail's role for CloudWatch Logs delivery: the CloudTrail User Guide gives its trust policy
  // without conditions (its source-context keys are documented for bucket and key policies only),
  // and trusts conditioned on aws:SourceAccount / aws:SourceArn are reported to stop delivery
  // (prowler-cloud/prowler#4714). Only a principal allowed iam:PassRole on the role can give it to a trail.
  "cloudtrail.amazonaws.com",
  // AWS Backup documents no source-context condition for the role a backup selection passes it (its
  // confused-deputy guidance covers resource policies: SNS topics, KMS keys); its own examples trust
  // the principal alone. A condition would risk every backup, copy and restore job failing to start.
  "backup.amazonaws.com",
];

/**
 * Of those, the services known to send no source context (a condition on it makes every
 * assumption fail): a trust policy that conditions them on it is a role nobody can use. Glue is
 * exempt above only because it documents no such condition, which is not the same as knowing.
 */
export const SERVICES_NEVER_SENDING_SOURCE_CONTEXT: readonly string[] = [
  "ec2.amazonaws.com",
  "apigateway.amazonaws.com",
];

/** The condition key a third party must present to assume a cross-account role. */
export const EXTERNAL_ID_KEY = "sts:ExternalId";

/**
 * Secrets Manager actions that read, change or expose a secret's value or its access: an identity
 * policy grants them on named secrets (their ARNs, or a name prefix), never on every secret of an
 * account. Each supports the `secret` resource type (Service Authorization Reference).
 */
export const SECRET_VALUE_ACTIONS: readonly string[] = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
  "secretsmanager:UpdateSecretVersionStage",
  "secretsmanager:RotateSecret",
  "secretsmanager:CancelRotateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:RestoreSecret",
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:DeleteResourcePolicy",
];

/**
 * Condition keys that narrow a secret grant to some secrets (attribute-based access: tags, the
 * secret's id or name), lower-case.
 */
export const SECRET_NARROWING_CONDITION_KEYS: readonly RegExp[] = [
  /^aws:resourcetag\//,
  /^secretsmanager:resourcetag\//,
  /^secretsmanager:secretid$/,
  /^secretsmanager:name$/,
];
