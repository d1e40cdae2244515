/**
 * Delivery rules, in the compute group: CodeBuild projects (AWS Security Hub CodeBuild.1-5) and
 * CodePipeline pipelines, as DeliveryPipeline builds them: never privileged, encrypted with a
 * customer managed key, logging, no credential in the project, artifacts under a CMK.
 */
import { CODEBUILD_LOGS_DISABLED, CODEBUILD_PLAINTEXT_ENV_TYPE, CODEPIPELINE_KEY_TYPE } from "../baseline/delivery";
import { isSecretEnvName } from "../baseline/compute";
import { isCustomerManagedKey } from "./data";
import { asArray, label, resourceRule } from "./helpers";
import type { ResourceView } from "./types";

export const CODEBUILD_PROJECT = "aws:codebuild/project:Project";
export const CODEPIPELINE = "aws:codepipeline/pipeline:Pipeline";

const isTrue = (value: unknown) => value === true || (typeof value === "string" && value.toLowerCase() === "true");
const sourcesOf = (r: ResourceView): any[] => [
  ...asArray<any>(r.props.source),
  ...asArray<any>(r.props.secondarySources),
];

/** A repository URL that carries credentials: `https://user:password@host/...` or `https://token@host/...`. */
const hasUrlCredentials = (location: unknown): boolean => {
  if (typeof location !== "string") return false;
  try {
    const url = new URL(location);
    return url.username !== "" || url.password !== "";
  } catch {
    return false;
  }
};

export const deliveryRules = [
  resourceRule({
    name: "codebuild-project-not-privileged",
    description:
      "[CodeBuild.5] CodeBuild project environments do not run in privileged mode (environment.privilegedMode), which gives the build's container the host's devices and a Docker daemon.",
    group: "compute",
    resourceTypes: [CODEBUILD_PROJECT],
    remediation:
      "Set environment.privilegedMode to false; build container images with a service that needs no privileged build (e.g. awsx.ecr.Image from the deploy, or Kaniko/buildah rootless).",
    check: (r) =>
      isTrue(r.props.environment?.privilegedMode) &&
      `${label(r)} runs its builds in privileged mode (environment.privilegedMode)`,
  }),
  resourceRule({
    name: "codebuild-project-cmk",
    description:
      "CodeBuild projects encrypt their build output artifacts, caches and logs in S3 with a customer managed KMS key (encryptionKey), not the AWS managed aws/s3 key.",
    group: "compute",
    severity: "medium",
    resourceTypes: [CODEBUILD_PROJECT],
    remediation: "Set encryptionKey to the region's CMK ARN (the project's role needs it through S3).",
    check: (r) =>
      !isCustomerManagedKey(r.props.encryptionKey) &&
      `${label(r)} has ${r.props.encryptionKey ? `encryptionKey ${JSON.stringify(r.props.encryptionKey)}` : "no encryptionKey"}, not a customer managed key`,
  }),
  resourceRule({
    name: "codebuild-project-logging",
    description:
      "[CodeBuild.4] CodeBuild projects send their build logs somewhere: CloudWatch Logs (logsConfig.cloudwatchLogs, on unless DISABLED) or S3 (logsConfig.s3Logs ENABLED).",
    group: "compute",
    severity: "medium",
    resourceTypes: [CODEBUILD_PROJECT],
    remediation:
      'Leave logsConfig.cloudwatchLogs.status "ENABLED" with groupName set to a KMS-encrypted log group with retention.',
    check: (r) => {
      const logs = r.props.logsConfig ?? {};
      const cloudwatch = logs.cloudwatchLogs?.status !== CODEBUILD_LOGS_DISABLED;
      const s3 = logs.s3Logs?.status === "ENABLED";
      return (
        !cloudwatch && !s3 && `${label(r)} disables CloudWatch Logs and S3 logs (logsConfig): its builds leave no log`
      );
    },
  }),
  resourceRule({
    name: "codebuild-s3-logs-encrypted",
    description: "[CodeBuild.3] CodeBuild S3 logs are encrypted (logsConfig.s3Logs.encryptionDisabled is not true).",
    group: "compute",
    severity: "medium",
    resourceTypes: [CODEBUILD_PROJECT],
    remediation: "Remove logsConfig.s3Logs.encryptionDisabled (or set it to false).",
    check: (r) =>
      isTrue(r.props.logsConfig?.s3Logs?.encryptionDisabled) &&
      `${label(r)} writes its S3 logs unencrypted (logsConfig.s3Logs.encryptionDisabled)`,
  }),
  resourceRule({
    name: "codebuild-no-plaintext-secrets",
    description:
      "[CodeBuild.2] CodeBuild projects hold no credential as a PLAINTEXT environment variable (names such as TOKEN, SECRET, PASSWORD, API_KEY, ACCESS_KEY, AWS_SECRET_ACCESS_KEY): secrets come from Secrets Manager or Parameter Store at build time.",
    group: "compute",
    resourceTypes: [CODEBUILD_PROJECT],
    remediation:
      'Give the variable type "SECRETS_MANAGER" (value: the secret\'s ARN) or "PARAMETER_STORE", or read it in the buildspec\'s env.secrets-manager; grant the project\'s role that secret only.',
    check: (r) => {
      const names = asArray<any>(r.props.environment?.environmentVariables)
        .filter((v) => (v?.type ?? CODEBUILD_PLAINTEXT_ENV_TYPE) === CODEBUILD_PLAINTEXT_ENV_TYPE)
        .map((v) => v?.name)
        .filter((n): n is string => typeof n === "string" && isSecretEnvName(n));
      return names.length > 0 && `${label(r)} holds ${names.join(", ")} as PLAINTEXT environment variables`;
    },
  }),
  resourceRule({
    name: "codebuild-source-no-credentials",
    description:
      "[CodeBuild.1] CodeBuild source repository URLs (source.location, secondarySources[].location) carry no user name, password or personal access token.",
    group: "compute",
    severity: "critical",
    resourceTypes: [CODEBUILD_PROJECT],
    remediation:
      "Use a URL without credentials and connect the Git host through CodeConnections (or a CodePipeline source), or a source credential (aws.codebuild.SourceCredential) for the project.",
    check: (r) =>
      sourcesOf(r)
        .filter((s) => hasUrlCredentials(s?.location))
        .map((s) =>
          `${label(r)} source ${s.sourceIdentifier ?? s.type ?? ""} has credentials in its URL`.replace("  ", " "),
        ),
  }),
  resourceRule({
    name: "codepipeline-artifact-store-cmk",
    description:
      "CodePipeline pipelines encrypt every artifact store with a customer managed KMS key (artifactStores[].encryptionKey of type KMS), not the default AWS managed aws/s3 key.",
    group: "compute",
    severity: "medium",
    resourceTypes: [CODEPIPELINE],
    remediation: 'Set artifactStores[].encryptionKey to { id: <the region\'s CMK ARN>, type: "KMS" }.',
    check: (r) =>
      asArray<any>(r.props.artifactStores)
        .filter((s) => s?.encryptionKey?.type !== CODEPIPELINE_KEY_TYPE || !isCustomerManagedKey(s?.encryptionKey?.id))
        .map(
          (s) =>
            `${label(r)} artifact store ${JSON.stringify(s?.location ?? "")} is not encrypted with a customer managed key (encryptionKey ${JSON.stringify(s?.encryptionKey ?? null)})`,
        ),
  }),
];
