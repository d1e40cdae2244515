/** The delivery rules' cases (policy/rules/delivery.ts, in the compute group): for each rule, resources that comply and resources that break it. */
import { deliveryRules } from "../../../policy/rules/delivery";
import type { RuleCase, Spec } from "../harness";

export const deliveryRule = (name: string) => {
  const found = deliveryRules.find((r) => r.name === name);
  if (!found) throw new Error(`no delivery rule ${name}`);
  return found;
};

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-1111-4222-a333-444455556666`;
const TOKEN_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:delivery/pulumi-token-AbCdEf`;

/** A project that complies with every delivery rule (DeliveryPipeline's deploy project); each case breaks one thing. */
const secureProject = {
  name: "prod-delivery-deploy-primary",
  serviceRole: `arn:aws:iam::${ACCOUNT}:role/prod-delivery-deploy-primary-build-use1`,
  encryptionKey: KEY,
  source: { type: "CODEPIPELINE", buildspec: "version: 0.2\n" },
  artifacts: { type: "CODEPIPELINE" },
  environment: {
    type: "LINUX_CONTAINER",
    image: "aws/codebuild/standard:7.0",
    computeType: "BUILD_GENERAL1_SMALL",
    privilegedMode: false,
    environmentVariables: [
      { name: "STACK", value: "primary", type: "PLAINTEXT" },
      { name: "DEPLOY_ROLE_ARN", value: `arn:aws:iam::${ACCOUNT}:role/pulumi-deploy`, type: "PLAINTEXT" },
      { name: "PULUMI_ACCESS_TOKEN", value: TOKEN_SECRET, type: "SECRETS_MANAGER" },
    ],
  },
  logsConfig: {
    cloudwatchLogs: { status: "ENABLED", groupName: "/aws/codebuild/prod-delivery-deploy-primary" },
    s3Logs: { status: "DISABLED" },
  },
};
const project = (name: string, overrides: Record<string, unknown> = {}): Spec => ({
  type: "aws:codebuild/project:Project",
  name,
  inputs: { ...secureProject, ...overrides },
});
const env = (overrides: Record<string, unknown>) => ({ ...secureProject.environment, ...overrides });

const pipeline = (name: string, artifactStores: unknown[]): Spec => ({
  type: "aws:codepipeline/pipeline:Pipeline",
  name,
  inputs: {
    name,
    pipelineType: "V2",
    roleArn: `arn:aws:iam::${ACCOUNT}:role/prod-delivery-pipeline-use1`,
    artifactStores,
    stages: [],
  },
});

export const deliveryCases: RuleCase[] = [
  {
    rule: deliveryRule("codebuild-project-not-privileged"),
    compliant: [project("deploy"), project("unset", { environment: env({ privilegedMode: undefined }) })],
    violating: [project("docker", { environment: env({ privilegedMode: true }) })],
    message: /"docker" runs its builds in privileged mode \(environment\.privilegedMode\)/,
  },
  {
    rule: deliveryRule("codebuild-project-cmk"),
    compliant: [project("deploy")],
    violating: [project("aws-key", { encryptionKey: "alias/aws/s3" }), project("none", { encryptionKey: undefined })],
    message:
      /"aws-key" has encryptionKey "alias\/aws\/s3", not a customer managed key[\s\S]*"none" has no encryptionKey/,
  },
  {
    rule: deliveryRule("codebuild-project-logging"),
    compliant: [
      project("deploy"),
      project("default", { logsConfig: undefined }),
      project("s3", {
        logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "ENABLED", location: "logs/x" } },
      }),
    ],
    violating: [
      project("silent", { logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED" } } }),
    ],
    message: /"silent" disables CloudWatch Logs and S3 logs \(logsConfig\): its builds leave no log/,
  },
  {
    rule: deliveryRule("codebuild-s3-logs-encrypted"),
    compliant: [
      project("deploy"),
      project("s3", { logsConfig: { s3Logs: { status: "ENABLED", location: "logs/x", encryptionDisabled: false } } }),
    ],
    violating: [
      project("plain", { logsConfig: { s3Logs: { status: "ENABLED", location: "logs/x", encryptionDisabled: true } } }),
    ],
    message: /"plain" writes its S3 logs unencrypted/,
  },
  {
    rule: deliveryRule("codebuild-no-plaintext-secrets"),
    compliant: [project("deploy")],
    violating: [
      project("leaky", {
        environment: env({
          environmentVariables: [
            { name: "STACK", value: "primary" },
            { name: "PULUMI_ACCESS_TOKEN", value: "pul-0123456789abcdef" },
            { name: "DB_PASSWORD", value: "hunter2", type: "PLAINTEXT" },
          ],
        }),
      }),
    ],
    message: /"leaky" holds PULUMI_ACCESS_TOKEN, DB_PASSWORD as PLAINTEXT environment variables/,
  },
  {
    rule: deliveryRule("codebuild-source-no-credentials"),
    compliant: [
      project("deploy"),
      project("clone", { source: { type: "BITBUCKET", location: "https://bitbucket.org/acme/twin-region.git" } }),
    ],
    violating: [
      project("token", {
        source: { type: "BITBUCKET", location: "https://x-token-auth:secret@bitbucket.org/acme/twin-region.git" },
      }),
    ],
    message: /"token" source BITBUCKET has credentials in its URL/,
  },
  {
    rule: deliveryRule("codepipeline-artifact-store-cmk"),
    compliant: [pipeline("delivery", [{ type: "S3", location: "artifacts", encryptionKey: { id: KEY, type: "KMS" } }])],
    violating: [
      pipeline("default-key", [{ type: "S3", location: "artifacts" }]),
      pipeline("aws-key", [{ type: "S3", location: "artifacts", encryptionKey: { id: "alias/aws/s3", type: "KMS" } }]),
    ],
    message:
      /"default-key" artifact store "artifacts" is not encrypted with a customer managed key \(encryptionKey null\)[\s\S]*"aws-key" artifact store/,
  },
];
