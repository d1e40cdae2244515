/**
 * The audit trail (seed 004) as the primary stack's ObservabilityStack builds it: the region's key
 * with CloudTrail's statements, the access-log bucket, and createAuditTrail under a component. One
 * plan; every assertion reads the recorded graph.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { createAuditTrail, cloudTrailKeyStatements } from "../../components/observability/trail";
import { RegionalKey } from "../../components/security";
import { AccessLogBucket } from "../../components/storage";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { blocking, planProgram, runPolicyPack, type ProgramPlan } from "../../offline/testkit";

const REGION = "us-east-1";
const ACCOUNT = OFFLINE_ACCOUNT_ID;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:alarms-1a2b3c4`;
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/twin-region-audit`;

/**
 * The patterns as the AWS Security Hub user guide prints them ("Amazon CloudWatch controls"),
 * typed here independently of policy/baseline/audit.ts: Security Hub fails a control whose filter
 * has a term added or removed.
 */
const SECURITY_HUB_PATTERNS: Record<string, [string, string]> = {
  "CloudWatch.1": [
    "RootAccountUsage",
    '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  ],
  "CloudWatch.2": ["UnauthorizedApiCalls", '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'],
  "CloudWatch.3": [
    "ConsoleSignInWithoutMfa",
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  ],
  "CloudWatch.4": [
    "IamPolicyChanges",
    "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
  ],
  "CloudWatch.5": [
    "CloudTrailChanges",
    "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  ],
  "CloudWatch.6": [
    "ConsoleAuthenticationFailures",
    '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  ],
  "CloudWatch.7": [
    "CmkDisabledOrScheduledDeletion",
    "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  ],
  "CloudWatch.8": [
    "S3BucketPolicyChanges",
    "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  ],
  "CloudWatch.9": [
    "AwsConfigChanges",
    "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  ],
  "CloudWatch.10": [
    "SecurityGroupChanges",
    "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  ],
  "CloudWatch.11": [
    "NetworkAclChanges",
    "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  ],
  "CloudWatch.12": [
    "NetworkGatewayChanges",
    "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  ],
  "CloudWatch.13": [
    "RouteTableChanges",
    "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
  ],
  "CloudWatch.14": [
    "VpcChanges",
    "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  ],
};

class Observability extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:observability:Observability", name, {});
  }
}

let plan: ProgramPlan;
let g: ProgramPlan["graph"];
const statementsOf = (doc: unknown) => JSON.parse(String(doc)).Statement as any[];
const bySid = (doc: unknown, sid: string) => statementsOf(doc).find((s) => s.Sid === sid);

beforeAll(async () => {
  plan = await planProgram(() => {
    const identity = aws.getCallerIdentityOutput({});
    const key = new RegionalKey("region-key", {
      policyStatements: cloudTrailKeyStatements({
        trailName: "twin-region-audit",
        region: REGION,
        accountId: identity.accountId,
        partition: "aws",
      }),
    });
    const accessLogs = new AccessLogBucket("access-logs", { region: REGION, kmsKeyArn: key.keyArn });
    const parent = new Observability("observability");
    const audit = createAuditTrail(
      "audit",
      {
        region: REGION,
        kmsKeyArn: key.keyArn,
        accessLogBucketName: accessLogs.bucketName,
        alarmTopicArn: TOPIC,
        trailName: "twin-region-audit",
      },
      parent,
    );
    return {
      trailArn: audit.trailArn,
      metrics: audit.metrics,
      readStatements: audit.readStatements(),
      keyArn: key.keyArn,
    };
  });
  g = plan.graph;
});

const one = (type: string) => {
  const found = g.ofType(type);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const trail = () => one("aws:cloudtrail/trail:Trail");
const keyArn = () => String(plan.outputs.keyArn);
const trailBucket = () => g.one("aws:s3/bucket:Bucket", "audit-trail-logs-use1");
const ofBucket = (type: string, bucket: RecordedResource) => g.ofType(type).find((r) => r.inputs.bucket === bucket.id)!;

describe("the audit trail", () => {
  it("is one multi-Region trail with global service events, log file validation, the CMK and every management event", () => {
    expect(trail().inputs).toMatchObject({
      name: "twin-region-audit",
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: keyArn(),
      eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
    });
  });

  it("has the ARN the key and bucket policies name, known by it (its import id) in its home region", () => {
    expect(plan.outputs.trailArn).toBe(TRAIL_ARN);
    expect(trail().id).toBe(TRAIL_ARN);
    expect(trail().region).toBe(REGION);
  });

  it("delivers to its retention bucket, created after the bucket's policy and the delivery role's policy", () => {
    const t = trail();
    expect(t.inputs.s3BucketName).toBe(trailBucket().id);
    const policy = g.one("aws:s3/bucketPolicy:BucketPolicy", "audit-trail-logs-policy");
    const rolePolicy = g.one("aws:iam/rolePolicy:RolePolicy", "audit-trail-logs");
    expect(t.dependencies).toEqual(expect.arrayContaining([policy.urn, rolePolicy.urn]));
  });

  it("delivers events to a CMK-encrypted log group kept a year, through the role", () => {
    const group = one("aws:cloudwatch/logGroup:LogGroup");
    expect(group.inputs).toMatchObject({ retentionInDays: 365, kmsKeyId: keyArn() });
    expect(trail().inputs.cloudWatchLogsGroupArn).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group.id}:*`);
    expect(trail().inputs.cloudWatchLogsRoleArn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/${one("aws:iam/role:Role").inputs.name}`,
    );
  });
});

describe("the trail's bucket", () => {
  it("is a retention SecureBucket: SSE-KMS with the CMK, versioned, logging to the access-log bucket, aging out", () => {
    const bucket = trailBucket();
    expect(bucket.inputs.tags).toEqual({ BucketRole: "retention" });
    const sse = ofBucket(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      bucket,
    );
    expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault).toEqual({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: keyArn(),
    });
    const accessLogs = g.one("aws:s3/bucket:Bucket", "access-logs-use1");
    expect(ofBucket("aws:s3/bucketLogging:BucketLogging", bucket).inputs).toMatchObject({
      targetBucket: accessLogs.id,
      targetPrefix: "audit-trail-logs/",
    });
    const ageOut = ofBucket(
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      bucket,
    ).inputs.rules.find((r: any) => r.id === "age-out");
    expect(ageOut).toMatchObject({
      transitions: [
        { days: 30, storageClass: "GLACIER_IR" },
        { days: 180, storageClass: "DEEP_ARCHIVE" },
      ],
      expiration: { days: 2555 },
    });
  });

  it("lets CloudTrail, for this trail only, read the ACL and put objects under AWSLogs/<account>/ with the owner's ACL", () => {
    const bucket = trailBucket();
    const doc = ofBucket("aws:s3/bucketPolicy:BucketPolicy", bucket).inputs.policy;
    const bucketArn = `arn:aws:s3:::${bucket.id}`;
    expect(bySid(doc, "CloudTrailChecksBucketAcl")).toEqual({
      Sid: "CloudTrailChecksBucketAcl",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
    });
    expect(bySid(doc, "CloudTrailWritesLogFiles")).toEqual({
      Sid: "CloudTrailWritesLogFiles",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } },
    });
    expect(bySid(doc, "DenyRequestsWithoutTls")).toBeDefined();
  });

  it("gives readers GetObject and ListBucket under AWSLogs/ and kms:Decrypt through S3 for this bucket only", () => {
    const statements = plan.outputs.readStatements as any[];
    const bucketArn = `arn:aws:s3:::${trailBucket().id}`;
    expect(statements).toEqual([
      { effect: "Allow", actions: ["s3:GetObject"], resources: [`${bucketArn}/AWSLogs/*`] },
      {
        effect: "Allow",
        actions: ["s3:ListBucket"],
        resources: [bucketArn],
        conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["AWSLogs/*"] }],
      },
      {
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [keyArn()],
        conditions: [
          { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${REGION}.amazonaws.com`] },
          { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [bucketArn, `${bucketArn}/*`] },
        ],
      },
    ]);
  });
});

describe("the delivery role", () => {
  it("is assumed by CloudTrail, without the source-context condition CloudTrail never sends", () => {
    expect(statementsOf(one("aws:iam/role:Role").inputs.assumeRolePolicy)).toEqual([
      { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  it("may only create and write this account's CloudTrail streams of the trail's log group", () => {
    const group = one("aws:cloudwatch/logGroup:LogGroup");
    const groupArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group.id}`;
    expect(statementsOf(g.one("aws:iam/rolePolicy:RolePolicy", "audit-trail-logs").inputs.policy)).toEqual([
      {
        Sid: "DeliverTrailEvents",
        Effect: "Allow",
        // Rendered as getPolicyDocument renders a statement's actions.
        Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
        Resource: `${groupArn}:log-stream:${ACCOUNT}_CloudTrail_*`,
      },
    ]);
  });
});

describe("the region's key", () => {
  it("lets CloudTrail generate and decrypt data keys for this trail only, in this account's trails' encryption context", () => {
    const doc = one("aws:kms/key:Key").inputs.policy;
    expect(bySid(doc, "CloudTrailEncryptsTrailLogs")).toEqual({
      Sid: "CloudTrailEncryptsTrailLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": TRAIL_ARN },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
      },
    });
    expect(bySid(doc, "CloudTrailDescribesKey")).toEqual({
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
    });
  });
});

describe("the CIS metric filters", () => {
  const filters = () => g.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");

  it("watch the trail's log group with Security Hub's exact patterns (CloudWatch.1-14), counting into TwinRegion/CIS", () => {
    const group = one("aws:cloudwatch/logGroup:LogGroup");
    expect(filters()).toHaveLength(14);
    const seen = filters().map((f) => {
      expect(f.inputs.logGroupName).toBe(group.id);
      // Known by its auto-name, as CloudWatch Logs knows a filter by its name in the group.
      expect(f.id).toBe(f.inputs.name);
      expect(f.inputs.name).toMatch(/^audit-cis-[a-z0-9-]+-[0-9a-f]{7}$/);
      expect(f.inputs.metricTransformation).toMatchObject({ namespace: "TwinRegion/CIS", value: "1" });
      return [f.inputs.metricTransformation.name, f.inputs.pattern];
    });
    expect(seen).toEqual(Object.values(SECURITY_HUB_PATTERNS));
  });

  it("each raise an alarm to the topic on one event in five minutes, and stay OK without events", () => {
    const alarms = g.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms).toHaveLength(14);
    for (const f of filters()) {
      const alarm = alarms.find((a) => a.inputs.metricName === f.inputs.metricTransformation.name)!;
      expect(alarm.inputs).toMatchObject({
        namespace: "TwinRegion/CIS",
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [TOPIC],
        okActions: [TOPIC],
      });
      expect(alarm.inputs.dimensions ?? {}).toEqual({});
      expect(alarm.dependencies).toContain(f.urn);
    }
    expect(alarms.find((a) => a.inputs.metricName === "RootAccountUsage")!.inputs.alarmDescription).toMatch(
      /^\[CloudWatch\.1\] CIS 1\.2\.0 1\.1\/3\.3, 1\.4\.0 1\.7\/4\.3: the root user/,
    );
  });

  it("are exposed as metric descriptors, one per alarm", () => {
    const metrics = plan.outputs.metrics as any[];
    expect(metrics.map((m) => m.metricName)).toEqual(Object.values(SECURITY_HUB_PATTERNS).map(([name]) => name));
    expect(metrics[0]).toEqual({
      id: "cis-root-account-usage",
      description: expect.stringMatching(/^\[CloudWatch\.1\]/),
      namespace: "TwinRegion/CIS",
      metricName: "RootAccountUsage",
      dimensions: {},
      statistic: "Sum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
  });
});

describe("the policy pack", () => {
  it("passes every mandatory rule and flags nothing about the trail, its role or its filters", () => {
    const violations = runPolicyPack(plan);
    // Tags come from the stack's provider, which this program does not set.
    expect(
      blocking(violations)
        .filter((v) => v.rule !== "aws-required-tags")
        .map((v) => `${v.rule}: ${v.message}`),
    ).toEqual([]);
    const audit = violations.filter((v) =>
      /cloudtrail|cis|iam-role-trust|cloudwatch-alarm-actions|log-group/.test(v.rule),
    );
    expect(audit.map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });
});
