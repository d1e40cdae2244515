import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { secretReadStatements, type Statement } from "../compute/iam";
import { validating } from "../shared/errors";
import { regionContext } from "../shared/region";
import { BUCKET_GRANT_ACTIONS } from "../storage/defaults";
import { SecureBucket } from "../storage/secure-bucket";
import { createBuildProject, type BuildProject } from "./build-project";
import { loadBuildspec, withTokenSecret } from "./buildspec";
import {
  DELIVERY_DEFAULTS,
  DELIVERY_JOBS,
  DELIVERY_NOTIFICATION_EVENTS,
  type ConnectionProviderType,
  type DeliveryJob,
} from "./delivery-defaults";
import { notificationRule } from "./notifications";
import { createPipeline } from "./pipeline";
import { sourceConnection } from "./source-connection";
import { tokenSecret } from "./token-secret";
import { validateDeliveryArgs } from "./validation";

export interface DeliveryPipelineArgs {
  /** The region the pipeline runs in: the provider's (checked). It goes into the roles' names. */
  region: string;
  /** The region's CMK: the artifact bucket and store, the projects, their log groups, the token's secret. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's access-log bucket, which receives the artifact bucket's S3 server access logs. */
  accessLogBucketName: pulumi.Input<string>;
  /**
   * The ObservabilityStack's topic (`topicArn`): failed executions and builds and the approval
   * are announced there. It is encrypted with the CMK: its policy must carry
   * `deliveryTopicStatements` and the key's `deliveryKeyStatements` (the stacks pass them).
   */
  alarmTopicArn: pulumi.Input<string>;
  /** The repository the pipeline deploys, `owner/name` (GitLab: `group/subgroup/name`), e.g. "acme/twin-region". */
  repository: string;
  /** The branch whose pushes start the pipeline. @default "main" */
  branch?: string;
  /**
   * An existing CodeConnections connection to the Git host, by ARN (bring your own).
   * @default a new connection, PENDING until its handshake is completed in the console
   */
  connectionArn?: pulumi.Input<string>;
  /** The Git host of a new connection: GitHub, GitHubEnterpriseServer, GitLab, GitLabSelfManaged or Bitbucket. @default "GitHub" */
  connectionProviderType?: ConnectionProviderType;
  /** The Pulumi Cloud organization that holds the stacks (`pulumi up --stack <pulumiOrg>/<stack>`). */
  pulumiOrg: string;
  /** The stacks deployed, the primary first. @default { primary: "primary", secondary: "secondary" } */
  stacks?: { primary?: string; secondary?: string };
  /**
   * The deployment role the deploy builds assume to change the account (`pulumi up` creates and
   * deletes everything the platform has, so this role needs broad rights). The build roles may
   * assume only this role; its trust policy must name them (`deployBuildRoleArns`).
   */
  deployRoleArn: pulumi.Input<string>;
  /**
   * An existing Secrets Manager secret holding the Pulumi access token, by ARN (it must be encrypted
   * with `kmsKeyArn`, which the deploy roles may decrypt through Secrets Manager).
   * @default a new empty secret, encrypted with the CMK: put the token in it
   */
  pulumiAccessTokenSecretArn?: pulumi.Input<string>;
  /** The builds' CodeBuild image. @default "aws/codebuild/standard:7.0" */
  buildImage?: string;
  /** The builds' compute type. @default "BUILD_GENERAL1_SMALL" */
  computeType?: string;
  /** Days the builds' logs are kept. @default 365 */
  logRetentionInDays?: number;
  /** The Pulumi CLI release the deploy builds install. @default "3.270.0" (the SDK's release) */
  pulumiCliVersion?: string;
}

/**
 * Seed 004's CI/CD inside AWS: a CodeConnections source, a CMK-encrypted artifact bucket, three
 * non-privileged CodeBuild projects with their own least-privilege roles and encrypted log groups
 * (the tests; `pulumi up` of the primary with the policy pack; the same for the secondary), a
 * CodePipeline V2 that runs them with a manual approval between the regions, the Pulumi access
 * token read from Secrets Manager at build time, and notifications to the alarm topic.
 */
export class DeliveryPipeline extends pulumi.ComponentResource {
  /** The pipeline's name: the component's name. */
  public readonly pipelineName: pulumi.Output<string>;
  /** The pipeline's ARN (the notification rule on it names it). */
  public readonly pipelineArn: pulumi.Output<string>;
  /** The source connection's ARN (created, or the one given). */
  public readonly connectionArn: pulumi.Output<string>;
  /** PENDING until the handshake is completed in the console (then AVAILABLE); "EXISTING" for a connection brought by ARN. */
  public readonly connectionStatus: pulumi.Output<string>;
  /** The secret the deploy builds read the Pulumi access token from. */
  public readonly pulumiAccessTokenSecretArn: pulumi.Output<string>;
  /** The artifact bucket (CMK-encrypted, versioned, access-logged). */
  public readonly artifactBucketName: pulumi.Output<string>;
  /** The CodeBuild projects' names, by job (test, deploy-primary, deploy-secondary). */
  public readonly projectNames: pulumi.Output<Record<DeliveryJob, string>>;
  /** The deploy builds' roles: the deployment role's trust policy must let them assume it. */
  public readonly deployBuildRoleArns: pulumi.Output<string[]>;
  /** The notification rules' ARNs (the pipeline's first, then each project's). */
  public readonly notificationRuleArns: pulumi.Output<string[]>;

  constructor(name: string, args: DeliveryPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validating("DeliveryPipeline", () => validateDeliveryArgs(args));
    const buildspecs = validating("DeliveryPipeline", () => ({
      test: loadBuildspec(DELIVERY_JOBS.test.buildspec),
      deploy: loadBuildspec(DELIVERY_JOBS["deploy-primary"].buildspec),
    }));
    super("twin-region:delivery:DeliveryPipeline", name, {}, opts);
    const parent = this;
    const region = regionContext("DeliveryPipeline", args.region, parent);
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;

    const connection = sourceConnection(name, args.connectionArn, settings.connectionProviderType, parent);
    const token = tokenSecret(name, args.pulumiAccessTokenSecretArn, args.kmsKeyArn, parent);
    const bucket = new SecureBucket(
      `${name}-artifacts`,
      { region: args.region, kmsKeyArn: args.kmsKeyArn, accessLogBucket: args.accessLogBucketName },
      { parent },
    );

    // Every build reads the source artifact (and decrypts it through S3); deployments also read the
    // token's secret and may assume the deployment role, and nothing else.
    // (CodeBuild fetches the artifact by version and checks the bucket, as its service-role guide lists.)
    const readSource: Statement[] = [
      ...bucket.readStatements(),
      {
        sid: "ReadSourceArtifactVersions",
        actions: [...BUCKET_GRANT_ACTIONS.readObjectVersions],
        resources: [pulumi.interpolate`${bucket.bucketArn}/*`],
      },
      {
        sid: "ArtifactBucket",
        actions: [...BUCKET_GRANT_ACTIONS.artifactBucket],
        resources: [bucket.bucketArn],
      },
    ];
    const deployStatements: Statement[] = [
      ...readSource,
      ...secretReadStatements([token.arn], args.kmsKeyArn, region.serviceEndpoint("secretsmanager")),
      { sid: "AssumeDeploymentRole", actions: ["sts:AssumeRole"], resources: [args.deployRoleArn] },
    ];
    const deployBuildspec = withTokenSecret(buildspecs.deploy, token.arn);
    const project = (job: DeliveryJob, extra: { statements: Statement[]; stack?: string }): BuildProject =>
      createBuildProject({
        name: `${name}-${job}`,
        job,
        region,
        accountId,
        kmsKeyArn: args.kmsKeyArn,
        settings,
        buildspec: extra.stack ? deployBuildspec : buildspecs.test,
        timeoutMinutes: extra.stack ? DELIVERY_DEFAULTS.deployTimeoutMinutes : DELIVERY_DEFAULTS.testTimeoutMinutes,
        variables: extra.stack
          ? {
              STACK: extra.stack,
              PULUMI_ORG: args.pulumiOrg,
              PULUMI_VERSION: settings.pulumiCliVersion,
              POLICY_PACK: DELIVERY_DEFAULTS.policyPackPath,
              DEPLOY_ROLE_ARN: args.deployRoleArn,
            }
          : {},
        statements: extra.statements,
        parent,
      });
    const projects: Record<DeliveryJob, BuildProject> = {
      test: project("test", { statements: readSource }),
      "deploy-primary": project("deploy-primary", { statements: deployStatements, stack: settings.stacks.primary }),
      "deploy-secondary": project("deploy-secondary", {
        statements: deployStatements,
        stack: settings.stacks.secondary,
      }),
    };

    const { pipeline } = createPipeline({
      name,
      region,
      accountId,
      kmsKeyArn: args.kmsKeyArn,
      bucket,
      connectionArn: connection.arn,
      repository: args.repository,
      branch: settings.branch,
      projects,
      alarmTopicArn: args.alarmTopicArn,
      stacks: settings.stacks,
      parent,
    });
    const rules = [
      notificationRule(name, pipeline.arn, DELIVERY_NOTIFICATION_EVENTS.pipeline, args.alarmTopicArn, parent),
      ...Object.entries(projects).map(([job, p]) =>
        notificationRule(
          `${name}-${job}`,
          p.project.arn,
          DELIVERY_NOTIFICATION_EVENTS.build,
          args.alarmTopicArn,
          parent,
        ),
      ),
    ];

    this.pipelineName = pipeline.name;
    this.pipelineArn = pipeline.arn;
    this.connectionArn = connection.arn;
    this.connectionStatus = connection.status;
    this.pulumiAccessTokenSecretArn = token.arn;
    this.artifactBucketName = bucket.bucketName;
    this.projectNames = pulumi
      .all(Object.entries(projects).map(([job, p]) => p.project.name.apply((n) => [job, n] as const)))
      .apply((pairs) => Object.fromEntries(pairs) as Record<DeliveryJob, string>);
    this.deployBuildRoleArns = pulumi.all([projects["deploy-primary"].role.arn, projects["deploy-secondary"].role.arn]);
    this.notificationRuleArns = pulumi.all(rules.map((r) => r.arn));
    this.registerOutputs({
      pipelineName: this.pipelineName,
      pipelineArn: this.pipelineArn,
      connectionArn: this.connectionArn,
      connectionStatus: this.connectionStatus,
      pulumiAccessTokenSecretArn: this.pulumiAccessTokenSecretArn,
      artifactBucketName: this.artifactBucketName,
      projectNames: this.projectNames,
      deployBuildRoleArns: this.deployBuildRoleArns,
      notificationRuleArns: this.notificationRuleArns,
      region: region.region,
    });
  }
}
