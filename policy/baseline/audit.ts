/**
 * Audit baseline: the CIS AWS Foundations Benchmark metric filters on CloudTrail's log group (AWS
 * Security Hub controls CloudWatch.1-14) and what a trail must record. Plain data: the trail module
 * (components/observability), its tests and the audit policy rules import it, so they cannot drift.
 */

/** The principal CloudTrail writes log files, digests and CloudWatch Logs events as. */
export const CLOUDTRAIL_SERVICE_PRINCIPAL = "cloudtrail.amazonaws.com";

/** One CIS metric filter: the exact pattern Security Hub looks for, and the metric it counts. */
export interface CisMetricFilter {
  /** The Security Hub control (`CloudWatch.1`). */
  control: string;
  /** The CIS AWS Foundations Benchmark recommendations it implements (v1.2.0 and v1.4.0 numbering). */
  cis: string;
  /** The metric the filter counts (namespace: the trail module's `TRAIL_DEFAULTS.metricNamespace`). */
  metricName: string;
  description: string;
  /**
   * The filter pattern exactly as the Security Hub user guide gives it: the control fails when the
   * pattern has terms added or removed ("Additional fields or terms cannot be added").
   */
  pattern: string;
}

/**
 * The fourteen CIS metric filters, by our id, in control order. Patterns copied from the AWS
 * Security Hub user guide, "Amazon CloudWatch controls" (CloudWatch.1-14).
 */
export const CIS_METRIC_FILTERS = {
  "root-account-usage": {
    control: "CloudWatch.1",
    cis: "CIS 1.2.0 1.1/3.3, 1.4.0 1.7/4.3",
    metricName: "RootAccountUsage",
    description: "the root user made a call (not a call AWS services make on its behalf)",
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  "unauthorized-api-calls": {
    control: "CloudWatch.2",
    cis: "CIS 1.2.0 3.1",
    metricName: "UnauthorizedApiCalls",
    description: "a call was refused (UnauthorizedOperation or AccessDenied)",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  "console-sign-in-without-mfa": {
    control: "CloudWatch.3",
    cis: "CIS 1.2.0 3.2",
    metricName: "ConsoleSignInWithoutMfa",
    description: "an IAM user signed in to the console without MFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  "iam-policy-changes": {
    control: "CloudWatch.4",
    cis: "CIS 1.2.0 3.4, 1.4.0 4.4",
    metricName: "IamPolicyChanges",
    description: "an IAM policy was created, changed, attached, detached or deleted",
    pattern:
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
  },
  "cloudtrail-changes": {
    control: "CloudWatch.5",
    cis: "CIS 1.2.0 3.5, 1.4.0 4.5",
    metricName: "CloudTrailChanges",
    description: "a trail was created, updated or deleted, or its logging started or stopped",
    pattern:
      "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  },
  "console-authentication-failures": {
    control: "CloudWatch.6",
    cis: "CIS 1.2.0 3.6, 1.4.0 4.6",
    metricName: "ConsoleAuthenticationFailures",
    description: "a console sign-in failed authentication",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  "cmk-disabled-or-scheduled-deletion": {
    control: "CloudWatch.7",
    cis: "CIS 1.2.0 3.7, 1.4.0 4.7",
    metricName: "CmkDisabledOrScheduledDeletion",
    description: "a customer-managed KMS key was disabled or scheduled for deletion",
    pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  },
  "s3-bucket-policy-changes": {
    control: "CloudWatch.8",
    cis: "CIS 1.2.0 3.8, 1.4.0 4.8",
    metricName: "S3BucketPolicyChanges",
    description: "a bucket's ACL, policy, CORS, lifecycle or replication was changed",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  },
  "config-changes": {
    control: "CloudWatch.9",
    cis: "CIS 1.2.0 3.9, 1.4.0 4.9",
    metricName: "AwsConfigChanges",
    description: "AWS Config recording or delivery was stopped or changed",
    pattern:
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  },
  "security-group-changes": {
    control: "CloudWatch.10",
    cis: "CIS 1.2.0 3.10, 1.4.0 4.10",
    metricName: "SecurityGroupChanges",
    description: "a security group or one of its rules was created, changed or deleted",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  },
  "network-acl-changes": {
    control: "CloudWatch.11",
    cis: "CIS 1.2.0 3.11, 1.4.0 4.11",
    metricName: "NetworkAclChanges",
    description: "a network ACL, one of its entries or a subnet association was created, changed or deleted",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  },
  "network-gateway-changes": {
    control: "CloudWatch.12",
    cis: "CIS 1.2.0 3.12, 1.4.0 4.12",
    metricName: "NetworkGatewayChanges",
    description: "a customer or internet gateway was created, attached, detached or deleted",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  },
  "route-table-changes": {
    control: "CloudWatch.13",
    cis: "CIS 1.2.0 3.13, 1.4.0 4.13",
    metricName: "RouteTableChanges",
    description: "a route table, a route or a route-table association was created, replaced or deleted",
    pattern:
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
  },
  "vpc-changes": {
    control: "CloudWatch.14",
    cis: "CIS 1.2.0 3.14, 1.4.0 4.14",
    metricName: "VpcChanges",
    description: "a VPC, one of its attributes or a peering connection was created, changed or deleted",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  },
} as const satisfies Record<string, CisMetricFilter>;

/** Our id of a CIS metric filter (`root-account-usage`). */
export type CisFilterId = keyof typeof CIS_METRIC_FILTERS;
export const CIS_FILTER_IDS = Object.keys(CIS_METRIC_FILTERS) as CisFilterId[];

/**
 * The filters every account's trail must have, whatever else is switched off: those the platform's
 * requirements name for seed 004 (root use, IAM policy changes, console sign-in failures, CMK
 * disabling or deletion, security-group and network ACL changes, CloudTrail changes).
 */
export const REQUIRED_CIS_FILTER_IDS: readonly CisFilterId[] = [
  "root-account-usage",
  "iam-policy-changes",
  "cloudtrail-changes",
  "console-authentication-failures",
  "cmk-disabled-or-scheduled-deletion",
  "security-group-changes",
  "network-acl-changes",
];

/**
 * A pattern as CloudWatch Logs reads it: whitespace outside quoted strings carries no meaning, so
 * two patterns that differ only there are the same filter.
 */
export function normalizedFilterPattern(pattern: string): string {
  let out = "";
  let quoted = false;
  for (const ch of pattern) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) continue;
    out += ch;
  }
  return out;
}
