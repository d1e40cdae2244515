/**
 * The audit trail's pure parts: the CIS filter patterns read as CloudWatch Logs reads them and catch
 * the CloudTrail records they are for (and only those), and the args createAuditTrail refuses
 * before it creates anything.
 */
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { cisMetricDescriptor } from "../../components/observability/cis-filters";
import { createAuditTrail, type AuditTrailArgs } from "../../components/observability/trail";
import { CIS_FILTER_IDS, CIS_METRIC_FILTERS, type CisFilterId } from "../../components/observability/trail-defaults";
import { matches, parseFilterPattern } from "../support/filter-pattern";

/** CloudTrail records, trimmed to the fields the filters read (CloudTrail record contents reference). */
const iamUser = { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice", userName: "alice" };
const call = (eventSource: string, eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: "1.09",
  userIdentity: iamUser,
  eventSource,
  eventName,
  eventType: "AwsApiCall",
  awsRegion: "us-east-1",
  ...extra,
});
const consoleLogin = (userIdentity: Record<string, unknown>, result: "Success" | "Failure", mfa: "Yes" | "No") => ({
  eventVersion: "1.09",
  userIdentity,
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  eventType: "AwsConsoleSignIn",
  responseElements: { ConsoleLogin: result },
  additionalEventData: { MFAUsed: mfa, LoginTo: "https://console.aws.amazon.com/" },
  ...(result === "Failure" ? { errorMessage: "Failed authentication" } : {}),
});
const root = { type: "Root", arn: "arn:aws:iam::123456789012:root", accountId: "123456789012" };

/** Each record, and exactly the filters that must count it. */
const RECORDS: [string, unknown, CisFilterId[]][] = [
  ["root signs in to the console with MFA", consoleLogin(root, "Success", "Yes"), ["root-account-usage"]],
  [
    "a root call made by an AWS service on the root's behalf",
    call("s3.amazonaws.com", "GetBucketAcl", { userIdentity: { ...root, invokedBy: "cloudtrail.amazonaws.com" } }),
    [],
  ],
  [
    "an AWS service event attributed to root",
    call("sso.amazonaws.com", "Federate", { userIdentity: root, eventType: "AwsServiceEvent" }),
    [],
  ],
  ["an IAM user signs in without MFA", consoleLogin(iamUser, "Success", "No"), ["console-sign-in-without-mfa"]],
  ["an IAM user signs in with MFA", consoleLogin(iamUser, "Success", "Yes"), []],
  ["an IAM user fails to sign in", consoleLogin(iamUser, "Failure", "No"), ["console-authentication-failures"]],
  [
    "a refused EC2 call",
    call("ec2.amazonaws.com", "RunInstances", { errorCode: "Client.UnauthorizedOperation" }),
    ["unauthorized-api-calls"],
  ],
  [
    "a refused S3 call",
    call("s3.amazonaws.com", "GetObject", { errorCode: "AccessDenied" }),
    ["unauthorized-api-calls"],
  ],
  ["a role policy attached", call("iam.amazonaws.com", "AttachRolePolicy"), ["iam-policy-changes"]],
  ["an inline user policy put", call("iam.amazonaws.com", "PutUserPolicy"), ["iam-policy-changes"]],
  ["a role read", call("iam.amazonaws.com", "GetRole"), []],
  ["the trail's logging stopped", call("cloudtrail.amazonaws.com", "StopLogging"), ["cloudtrail-changes"]],
  ["a trail updated", call("cloudtrail.amazonaws.com", "UpdateTrail"), ["cloudtrail-changes"]],
  ["a key disabled", call("kms.amazonaws.com", "DisableKey"), ["cmk-disabled-or-scheduled-deletion"]],
  [
    "a key scheduled for deletion",
    call("kms.amazonaws.com", "ScheduleKeyDeletion"),
    ["cmk-disabled-or-scheduled-deletion"],
  ],
  ["a data key decrypted", call("kms.amazonaws.com", "Decrypt"), []],
  ["a bucket policy put", call("s3.amazonaws.com", "PutBucketPolicy"), ["s3-bucket-policy-changes"]],
  ["AWS Config recording stopped", call("config.amazonaws.com", "StopConfigurationRecorder"), ["config-changes"]],
  ["ingress opened", call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"), ["security-group-changes"]],
  ["security groups listed", call("ec2.amazonaws.com", "DescribeSecurityGroups"), []],
  ["a network ACL entry replaced", call("ec2.amazonaws.com", "ReplaceNetworkAclEntry"), ["network-acl-changes"]],
  ["an internet gateway attached", call("ec2.amazonaws.com", "AttachInternetGateway"), ["network-gateway-changes"]],
  ["a route created", call("ec2.amazonaws.com", "CreateRoute"), ["route-table-changes"]],
  ["a VPC peering accepted", call("ec2.amazonaws.com", "AcceptVpcPeeringConnection"), ["vpc-changes"]],
];

describe("the CIS filter patterns", () => {
  it.each(CIS_FILTER_IDS)("%s parses as a CloudWatch Logs JSON filter pattern", (id) => {
    expect(() => parseFilterPattern(CIS_METRIC_FILTERS[id].pattern)).not.toThrow();
  });

  it.each(RECORDS)("count %s in exactly the right filters", (_, record, expected) => {
    const counted = CIS_FILTER_IDS.filter((id) => matches(CIS_METRIC_FILTERS[id].pattern, record));
    expect(counted).toEqual(expected);
  });

  it("every filter counts at least one of the records", () => {
    const counted = new Set(RECORDS.flatMap(([, , ids]) => ids));
    expect(CIS_FILTER_IDS.filter((id) => !counted.has(id))).toEqual([]);
  });

  it("the reader rejects malformed patterns, so parsing proves something", () => {
    expect(() => parseFilterPattern("{($.eventName=CreateTrail) || ($.eventName=UpdateTrail}")).toThrow(/expected \)/);
    expect(() => parseFilterPattern("($.eventName=CreateTrail)")).toThrow(/expected \{/);
    expect(() => parseFilterPattern("{$.eventName=CreateTrail} extra")).toThrow(/after the closing brace/);
  });

  it("descriptors name their Security Hub control and alarm on one event in five minutes", () => {
    expect(cisMetricDescriptor("network-acl-changes")).toMatchObject({
      id: "cis-network-acl-changes",
      description: expect.stringMatching(/^\[CloudWatch\.11\] CIS 1\.2\.0 3\.11, 1\.4\.0 4\.11: /),
      namespace: "TwinRegion/CIS",
      metricName: "NetworkAclChanges",
      statistic: "Sum",
      periodSeconds: 300,
      threshold: 1,
    });
  });
});

describe("createAuditTrail refuses bad args before creating anything", () => {
  const good: AuditTrailArgs = {
    region: "us-east-1",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666",
    accessLogBucketName: "access-logs-use1-0000000",
    alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
  };
  // Validation runs first: a parent it would need later is never touched.
  const create = (name: string, overrides: Partial<AuditTrailArgs>) => () =>
    createAuditTrail(name, { ...good, ...overrides }, {} as pulumi.Resource);

  it.each<[string, string, Partial<AuditTrailArgs>, RegExp]>([
    [
      "two separators in a row",
      "audit",
      { trailName: "audit--trail" },
      /trailName: "audit--trail" is not a CloudTrail/,
    ],
    ["an IP address", "audit", { trailName: "10.0.0.1" }, /trailName: "10\.0\.0\.1" is not a CloudTrail/],
    ["a name too short", "audit", { trailName: "ab" }, /trailName: "ab" is not/],
    ["a name ending in a dash (the component's)", "audit-", {}, /trailName: "audit-" \(the name given\) is not/],
    ["a retention CloudWatch Logs lacks", "audit", { logRetentionInDays: 100 }, /logRetentionInDays: 100 is not a/],
    ["a region name that is not one", "audit", { region: "useast1" }, /region: "useast1" is not an AWS region/],
    [
      "a required CIS filter left out",
      "audit",
      { cisFilters: CIS_FILTER_IDS.filter((id) => id !== "network-acl-changes") },
      /cisFilters: "network-acl-changes" cannot be left out/,
    ],
    [
      "an unknown CIS filter",
      "audit",
      { cisFilters: [...CIS_FILTER_IDS, "root-login" as CisFilterId] },
      /cisFilters: no CIS filter "root-login"/,
    ],
    [
      "a CIS filter twice",
      "audit",
      { cisFilters: [...CIS_FILTER_IDS, "vpc-changes"] },
      /cisFilters: "vpc-changes" is listed twice/,
    ],
  ])("%s", (_, name, overrides, message) => {
    expect(create(name, overrides)).toThrow(/^AuditTrail: /);
    expect(create(name, overrides)).toThrow(message);
  });
});
