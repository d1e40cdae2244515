/**
 * One CodeBuild project of the pipeline: its KMS-encrypted log group, its own role (trusted by
 * CodeBuild for this project only) with exactly the statements its job needs, and the project,
 * never privileged, encrypted with the region's CMK, taking its buildspec from the repository.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy, serviceRole, type Statement } from "../compute/iam";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { DELIVERY_DEFAULTS, DELIVERY_JOBS, type DeliveryJob } from "./delivery-defaults";
import type { DeliverySettings } from "./validation";

export interface BuildProjectSpec {
  /** `<component>-<job>`: the project's name, its log group's and its role's base. */
  name: string;
  job: DeliveryJob;
  region: RegionContext;
  accountId: pulumi.Output<string>;
  kmsKeyArn: pulumi.Input<string>;
  settings: DeliverySettings;
  buildspec: pulumi.Input<string>;
  timeoutMinutes: number;
  /** Plain (non-secret) environment variables the buildspec reads. */
  variables: Record<string, pulumi.Input<string>>;
  /** The job's statements beside its logs': reading the source artifact, and for a deployment its secret and role. */
  statements: Statement[];
  parent: pulumi.Resource;
}

export interface BuildProject {
  project: aws.codebuild.Project;
  role: aws.iam.Role;
  logGroup: aws.cloudwatch.LogGroup;
  /** The project's ARN, known before it exists (its role's trust names it). */
  arn: pulumi.Output<string>;
}

export function createBuildProject(spec: BuildProjectSpec): BuildProject {
  const { name, region, parent } = spec;
  const arn = pulumi.interpolate`arn:${region.partition}:codebuild:${region.region}:${spec.accountId}:project/${name}`;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    { name: `/aws/codebuild/${name}`, retentionInDays: spec.settings.logRetentionInDays, kmsKeyId: spec.kmsKeyArn },
    { parent },
  );
  const role = serviceRole(
    regionalName(`${name}-build`, region.name),
    { service: "codebuild.amazonaws.com", sourceArn: arn, description: DELIVERY_JOBS[spec.job].description },
    { parent },
  );
  const access = rolePolicy(
    `${name}-access`,
    role,
    [
      {
        sid: "WriteBuildLogs",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [pulumi.interpolate`${logGroup.arn}:*`],
      },
      ...spec.statements,
    ],
    { parent },
  );
  const project = new aws.codebuild.Project(
    `${name}-project`,
    {
      name,
      description: DELIVERY_JOBS[spec.job].description,
      serviceRole: role.arn,
      encryptionKey: spec.kmsKeyArn,
      buildTimeout: spec.timeoutMinutes,
      source: { type: "CODEPIPELINE", buildspec: spec.buildspec },
      artifacts: { type: "CODEPIPELINE" },
      environment: {
        type: DELIVERY_DEFAULTS.environmentType,
        image: spec.settings.buildImage,
        computeType: spec.settings.computeType,
        privilegedMode: false,
        imagePullCredentialsType: "CODEBUILD",
        environmentVariables: Object.entries(spec.variables).map(([variable, value]) => ({
          name: variable,
          value,
          type: "PLAINTEXT",
        })),
      },
      logsConfig: {
        cloudwatchLogs: { status: DELIVERY_DEFAULTS.logsStatus, groupName: logGroup.name },
        s3Logs: { status: "DISABLED" },
      },
    },
    // The role must be able to write its logs before the first build.
    { parent, dependsOn: [access] },
  );
  return { project, role, logGroup, arn };
}
