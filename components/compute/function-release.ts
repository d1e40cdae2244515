import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CODEDEPLOY_ROLLBACK_EVENTS } from "../../policy/baseline/release";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { rolePolicy, serviceRole } from "./iam";
import { FUNCTION_RELEASE_DEFAULTS } from "./defaults";
import type { ResolvedRelease } from "./release";

/** What a release shifts: the function's alias, and the alarm that stops the shift. */
export interface ReleaseTarget {
  region: string;
  where: RegionContext;
  alias: aws.lambda.Alias;
  /** The name the release alarm gets (the deployment group names it before it exists). */
  alarmName: string;
  release: ResolvedRelease;
}

export interface FunctionReleaseParts {
  application: aws.codedeploy.Application;
  deploymentGroup: aws.codedeploy.DeploymentGroup;
  role: aws.iam.Role;
}

/**
 * The CodeDeploy side of a function's release: an application of its own (computePlatform
 * Lambda; 1,000 applications per account and region, adjustable) with one deployment group that
 * shifts the alias by the resolved configuration, rolls back on failure and on the release alarm,
 * and acts through a role only CodeDeploy may assume, for exactly this deployment group (CodeDeploy's
 * confused-deputy guidance: aws:SourceArn is the deployment group's ARN), that may read and move
 * this alias and read this alarm, nothing else.
 */
export function createFunctionRelease(name: string, t: ReleaseTarget, parent: pulumi.Resource): FunctionReleaseParts {
  const opts = { parent };
  const applicationName = regionalName(name, t.region);
  // One group per application: it is named after the alias it shifts.
  const deploymentGroupName = FUNCTION_RELEASE_DEFAULTS.aliasName;
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  const { partition, region } = t.where;
  // Named before it exists: the role's trust names the group, and the group names the role.
  const groupArn = pulumi.interpolate`arn:${partition}:codedeploy:${region}:${account}:deploymentgroup:${applicationName}/${deploymentGroupName}`;
  const role = serviceRole(
    regionalName(`${name}-release`, t.region),
    { service: "codedeploy.amazonaws.com", sourceArn: groupArn, description: `Releases ${name} (CodeDeploy)` },
    opts,
  );
  const access = rolePolicy(
    `${name}-release`,
    role,
    [
      {
        sid: "ShiftAlias",
        actions: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
        resources: [t.alias.arn],
      },
      {
        sid: "ReadReleaseAlarm",
        actions: ["cloudwatch:DescribeAlarms"],
        resources: [pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${account}:alarm:${t.alarmName}`],
      },
    ],
    opts,
  );
  const application = new aws.codedeploy.Application(
    `${name}-release`,
    { name: applicationName, computePlatform: "Lambda" },
    opts,
  );
  const deploymentGroup = new aws.codedeploy.DeploymentGroup(
    `${name}-release`,
    {
      appName: application.name,
      deploymentGroupName,
      serviceRoleArn: role.arn,
      deploymentConfigName: t.release.deploymentConfigName,
      // The only style CodeDeploy supports for Lambda: traffic shifted between two versions.
      deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
      autoRollbackConfiguration: { enabled: true, events: [...CODEDEPLOY_ROLLBACK_EVENTS] },
      // A release whose alarm cannot be read stops (ignorePollAlarmFailure false): no release unwatched.
      alarmConfiguration: { enabled: true, alarms: [t.alarmName], ignorePollAlarmFailure: false },
    },
    { parent, dependsOn: [access] },
  );
  return { application, deploymentGroup, role };
}
