/** The host rules' cases (policy/rules/hosts.ts, in the compute group): for each rule, resources that comply and resources that break it. */
import { hostRules } from "../../../policy/rules/hosts";
import type { RuleCase, Spec } from "../harness";

export const hostRule = (name: string) => {
  const found = hostRules.find((r) => r.name === name);
  if (!found) throw new Error(`no host rule ${name}`);
  return found;
};

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-1111-4222-a333-444455556666`;
const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];

const instance = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:ec2/instance:Instance",
  name: "monitoring",
  inputs: { ami: "ami-0123456789abcdef0", instanceType: "t3.xlarge", ...inputs },
});
const template = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:ec2/launchTemplate:LaunchTemplate",
  name: "workers",
  inputs: { imageId: "ami-0123456789abcdef0", ...inputs },
});

/** A domain that complies with every OpenSearch rule; each case breaks one thing. */
const secureDomain = {
  domainName: "prod-monitoring",
  engineVersion: "OpenSearch_2.19",
  encryptAtRest: { enabled: true, kmsKeyId: KEY },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
  vpcOptions: { subnetIds: SUBNETS, securityGroupIds: ["sg-0123456789abcdef0"] },
  advancedSecurityOptions: {
    enabled: true,
    anonymousAuthEnabled: false,
    internalUserDatabaseEnabled: false,
    masterUserOptions: { masterUserArn: `arn:aws:iam::${ACCOUNT}:role/observability-admin` },
  },
  logPublishingOptions: [
    {
      logType: "AUDIT_LOGS",
      cloudwatchLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:opensearch-audit`,
      enabled: true,
    },
  ],
};
const domain = (name: string, overrides: Record<string, unknown> = {}): Spec => ({
  type: "aws:opensearch/domain:Domain",
  name,
  inputs: { ...secureDomain, ...overrides },
});

export const hostCases: RuleCase[] = [
  {
    rule: hostRule("ec2-imds-hop-limit"),
    compliant: [
      instance({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }),
      template({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } }),
      { ...template({ metadataOptions: { httpEndpoint: "disabled", httpPutResponseHopLimit: 8 } }), name: "no-imds" },
    ],
    violating: [instance({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 3 } })],
    message: /"monitoring" lets IMDSv2 tokens travel 3 hops \(metadataOptions\.httpPutResponseHopLimit\), more than 2/,
  },
  {
    rule: hostRule("ec2-instance-ebs-customer-managed-key"),
    compliant: [
      instance({
        rootBlockDevice: { encrypted: true, kmsKeyId: KEY },
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true, kmsKeyId: KEY }],
      }),
    ],
    violating: [
      instance({
        rootBlockDevice: { encrypted: true, kmsKeyId: "alias/aws/ebs" },
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
      }),
    ],
    message:
      /"monitoring" root volume has kmsKeyId "alias\/aws\/ebs", not a customer managed key[\s\S]*EBS block device \/dev\/sdf has no kmsKeyId/,
  },
  {
    rule: hostRule("ec2-launch-template-ebs-customer-managed-key"),
    compliant: [
      template({
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY } },
          { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
        ],
      }),
    ],
    violating: [template({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }] })],
    message: /"workers" maps EBS volume \/dev\/xvda with no kmsKeyId, not a customer managed key/,
  },
  {
    rule: hostRule("opensearch-encrypted-at-rest"),
    compliant: [domain("logs")],
    violating: [
      domain("plain", { encryptAtRest: { enabled: false } }),
      domain("aws-key", { encryptAtRest: { enabled: true, kmsKeyId: "alias/aws/es" } }),
    ],
    message:
      /"plain" does not encrypt data at rest[\s\S]*"aws-key" encrypts at rest with kmsKeyId "alias\/aws\/es", not a customer managed key/,
  },
  {
    rule: hostRule("opensearch-node-to-node-encryption"),
    compliant: [domain("logs")],
    violating: [domain("logs", { nodeToNodeEncryption: { enabled: false } })],
    message: /"logs" does not encrypt node-to-node traffic/,
  },
  {
    rule: hostRule("opensearch-https-tls12"),
    compliant: [
      domain("logs"),
      domain("tls12", {
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
      }),
    ],
    violating: [domain("logs", { domainEndpointOptions: { enforceHttps: false } })],
    message:
      /"logs" accepts plain HTTP[\s\S]*"logs" has TLS policy "Policy-Min-TLS-1-0-2019-07", which accepts TLS below 1\.2/,
  },
  {
    rule: hostRule("opensearch-in-vpc"),
    compliant: [domain("logs")],
    violating: [domain("logs", { vpcOptions: undefined })],
    message: /"logs" has a public endpoint \(no vpcOptions\.subnetIds\)/,
  },
  {
    rule: hostRule("opensearch-fine-grained-access-control"),
    compliant: [domain("logs")],
    violating: [
      domain("open", { advancedSecurityOptions: { enabled: false } }),
      domain("passwords", {
        advancedSecurityOptions: {
          enabled: true,
          anonymousAuthEnabled: true,
          internalUserDatabaseEnabled: true,
          masterUserOptions: { masterUserName: "admin", masterUserPassword: "[secret]" },
        },
      }),
    ],
    message:
      /"open" does not enable fine-grained access control[\s\S]*"passwords" lets anonymous users in[\s\S]*"passwords" keeps its master user's password in the internal user database/,
  },
  {
    rule: hostRule("opensearch-audit-logging"),
    compliant: [domain("logs")],
    violating: [
      domain("logs", {
        logPublishingOptions: [
          {
            logType: "ES_APPLICATION_LOGS",
            cloudwatchLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app`,
            enabled: true,
          },
        ],
      }),
    ],
    message: /"logs" does not publish AUDIT_LOGS to CloudWatch Logs/,
  },
  {
    rule: hostRule("amp-workspace-customer-managed-key"),
    compliant: [{ type: "aws:amp/workspace:Workspace", name: "metrics", inputs: { alias: "prod", kmsKeyArn: KEY } }],
    violating: [{ type: "aws:amp/workspace:Workspace", name: "metrics", inputs: { alias: "prod" } }],
    message: /"metrics" encrypts with an AWS owned key \(no kmsKeyArn\), not a customer managed key/,
  },
];
