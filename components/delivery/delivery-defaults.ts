/**
 * DeliveryPipeline defaults, in one place: the component, its tests, the README and the stack
 * config read them. The values the pack enforces come from its baseline (policy/baseline/delivery.ts).
 */
import { LOG_RETENTION } from "../../policy/baseline/observability";
import { CODEBUILD_LOGS_ENABLED, CODEPIPELINE_KEY_TYPE } from "../../policy/baseline/delivery";

/** The Git hosts a CodeConnections connection can be created for (`providerType`). */
export const CONNECTION_PROVIDER_TYPES = [
  "GitHub",
  "GitHubEnterpriseServer",
  "GitLab",
  "GitLabSelfManaged",
  "Bitbucket",
] as const;
export type ConnectionProviderType = (typeof CONNECTION_PROVIDER_TYPES)[number];

export const DELIVERY_DEFAULTS = {
  /** The branch whose pushes start the pipeline. */
  branch: "main",
  connectionProviderType: "GitHub" as ConnectionProviderType,
  /** The stacks deployed, in order: `<pulumiOrg>/<stack>`. */
  stacks: { primary: "primary", secondary: "secondary" },
  /**
   * CodeBuild's managed Ubuntu image with Node.js 22 among its runtimes (the package needs Node
   * 22); the builds need no Docker daemon, so the projects are never privileged.
   */
  buildImage: "aws/codebuild/standard:7.0",
  computeType: "BUILD_GENERAL1_SMALL",
  environmentType: "LINUX_CONTAINER",
  /** The Pulumi CLI the deploy builds install: the release of the @pulumi/pulumi SDK the program pins. */
  pulumiCliVersion: "3.270.0",
  /** The policy pack folder `pulumi up --policy-pack` runs (its dependencies installed with `npm ci --prefix`). */
  policyPackPath: "policy",
  /** Minutes a build may run: the tests, or one stack's `pulumi up` (a first deployment creates the database and the CDN). */
  testTimeoutMinutes: 30,
  deployTimeoutMinutes: 120,
  logRetentionInDays: LOG_RETENTION.defaultRetentionDays,
  logsStatus: CODEBUILD_LOGS_ENABLED,
  artifactKeyType: CODEPIPELINE_KEY_TYPE,
  /**
   * A newer commit replaces an older execution waiting at a stage (e.g. the approval); a stage runs
   * one execution at a time either way, so two deployments of a stack never overlap.
   */
  executionMode: "SUPERSEDED",
  /** The notification text carries names and states only (BASIC), not the events' full detail. */
  notificationDetail: "BASIC",
} as const;

/** What each CodeBuild project runs (its buildspec file in components/delivery/buildspecs/). */
export const DELIVERY_JOBS = {
  test: {
    buildspec: "test.yml",
    description: "Runs the tests and plans both stacks offline (npm ci, npm test, npm start)",
  },
  "deploy-primary": { buildspec: "deploy.yml", description: "pulumi up of the primary stack with the policy pack" },
  "deploy-secondary": { buildspec: "deploy.yml", description: "pulumi up of the secondary stack with the policy pack" },
} as const;
export type DeliveryJob = keyof typeof DELIVERY_JOBS;

/** The pipeline's stages, in order; the approval stands between the two deployments. */
export const DELIVERY_STAGES = ["Source", "Test", "DeployPrimary", "Approve", "DeploySecondary"] as const;

/** The environment variable the deploy buildspec reads the Pulumi access token into, from Secrets Manager. */
export const PULUMI_TOKEN_ENV = "PULUMI_ACCESS_TOKEN";

/** The value deploy.yml holds for the token's secret until the component fills in the secret's ARN. */
export const TOKEN_SECRET_PLACEHOLDER = "filled-in-by-DeliveryPipeline";

/**
 * Notification events (AWS CodeStar Notifications event type ids): a pipeline execution that
 * failed, an approval waiting, and a build that failed.
 */
export const DELIVERY_NOTIFICATION_EVENTS = {
  pipeline: ["codepipeline-pipeline-pipeline-execution-failed", "codepipeline-pipeline-manual-approval-needed"],
  build: ["codebuild-project-build-state-failed"],
} as const;

/** The service principal AWS CodeStar Notifications publishes to a topic as. */
export const CODESTAR_NOTIFICATIONS_PRINCIPAL = "codestar-notifications.amazonaws.com";

/** `owner/name` (GitLab: `group/subgroup/.../name`): the FullRepositoryId of the source action. */
export const REPOSITORY_ID = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
export const GITLAB_REPOSITORY_ID = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/;

/** A Pulumi Cloud organization (owner) name: 3-40 letters, digits, "-" or "_". */
export const PULUMI_ORG_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{1,38}[a-zA-Z0-9]$/;
/** A Pulumi stack name. */
export const PULUMI_STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** An IAM role ARN. */
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** A CodeConnections (or older CodeStar Connections) connection ARN. */
export const CONNECTION_ARN =
  /^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/;
/** A Secrets Manager secret ARN. */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
