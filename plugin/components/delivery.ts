import * as pulumi from "@pulumi/pulumi";
import {
  DeliveryPipeline as Delivery,
  type DeliveryPipelineArgs as DeliveryArgs,
} from "../../components/delivery/delivery-pipeline";
import type { ConnectionProviderType } from "./enums";
import { adopt } from "./outputs";

/** The Pulumi stacks the pipeline deploys, the primary first (`<pulumiOrg>/<stack>`). */
export interface DeliveryStacks {
  /** Default: "primary". */
  primary?: string;
  /** Default: "secondary". */
  secondary?: string;
}

/**
 * DeliveryPipeline's args in the component package. Where they differ from the TypeScript ones:
 * `connectionProviderType` an enum; `stacks` a named type. The others are the TypeScript args.
 */
export interface DeliveryPipelineArgs {
  /** The region the pipeline runs in, its provider's (checked). */
  region: string;
  /** The region's CMK: the artifact bucket and store, the projects, their log groups, the token's secret. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's S3 server access log bucket (the artifact bucket's access logs). */
  accessLogBucketName: pulumi.Input<string>;
  /**
   * The region's alarm topic (ObservabilityStack's `topicArn`): failed executions and builds and
   * the approval are announced there. Its policy and its key's must let CodeStar Notifications in
   * (plugin/README.md, "DeliveryPipeline").
   */
  alarmTopicArn: pulumi.Input<string>;
  /** The repository deployed, `owner/name` (GitLab: `group/subgroup/name`). */
  repository: string;
  /** The branch whose pushes start the pipeline. Default: "main". */
  branch?: string;
  /** An existing CodeConnections connection, by ARN. Default: a new one, PENDING until its handshake is completed in the console. Not with `connectionProviderType`. */
  connectionArn?: pulumi.Input<string>;
  /** The Git host of a new connection. Default: GitHub. */
  connectionProviderType?: ConnectionProviderType;
  /** The Pulumi Cloud organization that holds the stacks. */
  pulumiOrg: string;
  /** The stacks deployed. Default: primary, then secondary. */
  stacks?: DeliveryStacks;
  /** The deployment role the deploy builds assume (its trust policy must name `deployBuildRoleArns`). */
  deployRoleArn: pulumi.Input<string>;
  /** An existing secret holding the Pulumi access token (encrypted with `kmsKeyArn`). Default: a new empty secret to put the token in. */
  pulumiAccessTokenSecretArn?: pulumi.Input<string>;
  /** The builds' CodeBuild image. Default: aws/codebuild/standard:7.0. */
  buildImage?: string;
  /** The builds' compute type. Default: BUILD_GENERAL1_SMALL. */
  computeType?: string;
  /** Days the builds' logs are kept. Default: 365. */
  logRetentionInDays?: number;
  /** The Pulumi CLI release the deploy builds install. Default: the SDK's release. */
  pulumiCliVersion?: string;
}

/**
 * Seed 004's CI/CD inside AWS: a CodeConnections source, a CMK-encrypted artifact bucket, CodeBuild
 * projects (the tests; `pulumi up` of the primary, then of the secondary after a manual approval)
 * in a CodePipeline V2, the Pulumi token from Secrets Manager, notifications to the alarm topic.
 * The TypeScript DeliveryPipeline (components/delivery) with the args above.
 */
export class DeliveryPipeline extends pulumi.ComponentResource {
  /** The pipeline's name. */
  public readonly pipelineName!: pulumi.Output<string>;
  public readonly pipelineArn!: pulumi.Output<string>;
  /** The source connection's ARN (created, or the one given). */
  public readonly connectionArn!: pulumi.Output<string>;
  /** PENDING until the handshake is completed in the console (then AVAILABLE); EXISTING for a connection given by ARN. */
  public readonly connectionStatus!: pulumi.Output<string>;
  /** The secret the deploy builds read the Pulumi access token from. */
  public readonly pulumiAccessTokenSecretArn!: pulumi.Output<string>;
  /** The artifact bucket. */
  public readonly artifactBucketName!: pulumi.Output<string>;
  /** The CodeBuild projects' names by job: test, deploy-primary, deploy-secondary. */
  public readonly projectNames!: pulumi.Output<Record<string, string>>;
  /** The deploy builds' roles: the deployment role's trust policy must let them assume it. */
  public readonly deployBuildRoleArns!: pulumi.Output<string[]>;
  /** The notification rules (the pipeline's first, then each project's). */
  public readonly notificationRuleArns!: pulumi.Output<string[]>;

  constructor(name: string, args: DeliveryPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("twin-region:index:DeliveryPipeline", name, {}, opts);
    const tsArgs: DeliveryArgs = {
      region: args.region,
      kmsKeyArn: args.kmsKeyArn,
      accessLogBucketName: args.accessLogBucketName,
      alarmTopicArn: args.alarmTopicArn,
      repository: args.repository,
      branch: args.branch,
      connectionArn: args.connectionArn,
      connectionProviderType: args.connectionProviderType,
      pulumiOrg: args.pulumiOrg,
      stacks: args.stacks,
      deployRoleArn: args.deployRoleArn,
      pulumiAccessTokenSecretArn: args.pulumiAccessTokenSecretArn,
      buildImage: args.buildImage,
      computeType: args.computeType,
      logRetentionInDays: args.logRetentionInDays,
      pulumiCliVersion: args.pulumiCliVersion,
    };
    const d = new Delivery(name, tsArgs, { parent: this });
    this.registerOutputs(
      adopt(this, {
        pipelineName: d.pipelineName,
        pipelineArn: d.pipelineArn,
        connectionArn: d.connectionArn,
        connectionStatus: d.connectionStatus,
        pulumiAccessTokenSecretArn: d.pulumiAccessTokenSecretArn,
        artifactBucketName: d.artifactBucketName,
        projectNames: d.projectNames as pulumi.Output<Record<string, string>>,
        deployBuildRoleArns: d.deployBuildRoleArns,
        notificationRuleArns: d.notificationRuleArns,
      }),
    );
  }
}
