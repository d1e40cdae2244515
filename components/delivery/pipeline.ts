/**
 * The CodePipeline (V2) and its role: Source (the connection) → Test → Deploy primary → manual
 * approval (announced on the alarm topic) → Deploy secondary, its artifacts in the CMK-encrypted
 * bucket. The role may use exactly the connection, start and watch exactly the three projects,
 * read and write the artifact bucket, and publish the approval to the topic.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsStatements, rolePolicy, serviceRole } from "../compute/iam";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { BUCKET_GRANT_ACTIONS } from "../storage/defaults";
import type { SecureBucket } from "../storage/secure-bucket";
import { DELIVERY_DEFAULTS, DELIVERY_STAGES, type DeliveryJob } from "./delivery-defaults";
import type { BuildProject } from "./build-project";

export interface PipelineSpec {
  name: string;
  region: RegionContext;
  accountId: pulumi.Output<string>;
  kmsKeyArn: pulumi.Input<string>;
  bucket: SecureBucket;
  connectionArn: pulumi.Input<string>;
  repository: string;
  branch: string;
  projects: Record<DeliveryJob, BuildProject>;
  alarmTopicArn: pulumi.Input<string>;
  stacks: { primary: string; secondary: string };
  parent: pulumi.Resource;
}

const SOURCE_ARTIFACT = "source";

const build = (name: string, project: BuildProject) => ({
  name,
  category: "Build",
  owner: "AWS",
  provider: "CodeBuild",
  version: "1",
  inputArtifacts: [SOURCE_ARTIFACT],
  configuration: { ProjectName: project.project.name },
});

export function createPipeline(spec: PipelineSpec): { pipeline: aws.codepipeline.Pipeline; role: aws.iam.Role } {
  const { name, region, parent, projects } = spec;
  const [source, test, deployPrimary, approve, deploySecondary] = DELIVERY_STAGES;
  const arn = pulumi.interpolate`arn:${region.partition}:codepipeline:${region.region}:${spec.accountId}:${name}`;
  const role = serviceRole(
    regionalName(`${name}-pipeline`, region.name),
    { service: "codepipeline.amazonaws.com", sourceArn: arn, description: `Runs the ${name} pipeline` },
    { parent },
  );
  const access = rolePolicy(
    `${name}-pipeline-access`,
    role,
    [
      {
        // A connection made under either service prefix (codeconnections, or codestar-connections
        // before the rename) is authorized by either action; both name only this connection.
        sid: "UseSourceConnection",
        actions: ["codeconnections:UseConnection", "codestar-connections:UseConnection"],
        resources: [spec.connectionArn],
      },
      {
        sid: "RunBuilds",
        actions: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
        resources: Object.values(projects).map((p) => p.arn),
      },
      ...spec.bucket.readStatements(),
      ...spec.bucket.writeStatements(),
      {
        sid: "ArtifactVersions",
        actions: [...BUCKET_GRANT_ACTIONS.readObjectVersions],
        resources: [pulumi.interpolate`${spec.bucket.bucketArn}/*`],
      },
      {
        sid: "ArtifactBucket",
        actions: [...BUCKET_GRANT_ACTIONS.artifactBucket, ...BUCKET_GRANT_ACTIONS.bucketVersioning],
        resources: [spec.bucket.bucketArn],
      },
      { sid: "AnnounceApproval", actions: ["sns:Publish"], resources: [spec.alarmTopicArn] },
      // The topic is encrypted with the region's key: publishing takes a data key through SNS.
      ...kmsStatements(spec.kmsKeyArn, { encrypt: true }, region.serviceEndpoint("sns")),
    ],
    { parent },
  );
  const pipeline = new aws.codepipeline.Pipeline(
    `${name}-pipeline`,
    {
      name,
      pipelineType: "V2",
      executionMode: DELIVERY_DEFAULTS.executionMode,
      roleArn: role.arn,
      artifactStores: [
        {
          type: "S3",
          location: spec.bucket.bucketName,
          encryptionKey: { id: spec.kmsKeyArn, type: DELIVERY_DEFAULTS.artifactKeyType },
        },
      ],
      stages: [
        {
          name: source,
          actions: [
            {
              name: "Source",
              category: "Source",
              owner: "AWS",
              provider: "CodeStarSourceConnection",
              version: "1",
              outputArtifacts: [SOURCE_ARTIFACT],
              configuration: {
                ConnectionArn: spec.connectionArn,
                FullRepositoryId: spec.repository,
                BranchName: spec.branch,
                OutputArtifactFormat: "CODE_ZIP",
                DetectChanges: "true",
              },
            },
          ],
        },
        { name: test, actions: [build("Test", projects.test)] },
        { name: deployPrimary, actions: [build(`Deploy-${spec.stacks.primary}`, projects["deploy-primary"])] },
        {
          name: approve,
          actions: [
            {
              name: "Approve",
              category: "Approval",
              owner: "AWS",
              provider: "Manual",
              version: "1",
              configuration: {
                NotificationArn: spec.alarmTopicArn,
                CustomData: `The ${spec.stacks.primary} stack is deployed. Approve to deploy ${spec.stacks.secondary}.`,
              },
            },
          ],
        },
        { name: deploySecondary, actions: [build(`Deploy-${spec.stacks.secondary}`, projects["deploy-secondary"])] },
      ],
    },
    { parent, dependsOn: [access] },
  );
  return { pipeline, role };
}
