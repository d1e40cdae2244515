import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy, serviceRole, type Statement } from "../compute/iam";
import type { MetricDescriptor } from "../shared/metrics";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { DEPLOYMENT_DEFAULTS } from "./defaults";

/** The tier's signals a release rolls back on: the load balancer's and the application's 5xx, and unhealthy tasks in either target group. */
export const DEPLOYMENT_SIGNALS = ["alb-5xx", "target-5xx", "unhealthy-hosts", "unhealthy-hosts-green"] as const;

/**
 * The deployment alarms: the tier's release signals (with the tier's thresholds) over two one-minute
 * periods instead of five, so a bad release is stopped within minutes; named (`<name>-deploy-<id>-<region
 * code>`) so the service and the deployment group can name them, and notifying the region's topic.
 */
export function createDeploymentAlarms(
  name: string,
  args: { region: string; signals: MetricDescriptor[]; topicArn: pulumi.Input<string> },
  parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm[] {
  return args.signals
    .filter((m) => (DEPLOYMENT_SIGNALS as readonly string[]).includes(m.id))
    .map(
      (m) =>
        new aws.cloudwatch.MetricAlarm(
          `${name}-deploy-${m.id}`,
          {
            name: regionalName(`${name}-deploy-${m.id}`, args.region),
            alarmDescription: `${m.description}: a release in progress rolls back while this is in alarm`,
            namespace: m.namespace,
            metricName: m.metricName,
            dimensions: m.dimensions,
            statistic: m.statistic,
            period: DEPLOYMENT_DEFAULTS.alarmPeriodSeconds,
            evaluationPeriods: DEPLOYMENT_DEFAULTS.alarmEvaluationPeriods,
            threshold: m.threshold,
            comparisonOperator: m.comparisonOperator,
            treatMissingData: m.treatMissingData ?? "notBreaching",
            alarmActions: [args.topicArn],
            okActions: [args.topicArn],
          },
          { parent },
        ),
    );
}

export interface BlueGreenReleaseArgs {
  where: RegionContext;
  cluster: aws.ecs.Cluster;
  service: aws.ecs.Service;
  /** The roles the replacement tasks run with: CodeDeploy passes them to ECS when it creates a task set. */
  taskRoleArns: pulumi.Input<string>[];
  loadBalancer: aws.lb.LoadBalancer;
  prodListener: aws.lb.Listener;
  testListener: aws.lb.Listener;
  blueTargetGroup: aws.lb.TargetGroup;
  greenTargetGroup: aws.lb.TargetGroup;
  alarms: aws.cloudwatch.MetricAlarm[];
  deploymentConfigName: string;
  terminationWaitMinutes: number;
  approvalWaitMinutes: number;
}

export interface BlueGreenRelease {
  application: aws.codedeploy.Application;
  deploymentGroup: aws.codedeploy.DeploymentGroup;
  role: aws.iam.Role;
}

/**
 * CodeDeploy blue/green for the service: an ECS application; a deployment group that starts the
 * replacement task set behind the second target group and the test listener, shifts the production
 * listener to it by the configuration given, keeps the original tasks for the termination wait, and
 * rolls back on a failed or alarm-stopped deployment (the deployment alarms); and its service role,
 * trusted by CodeDeploy for this deployment group only (aws:SourceAccount, aws:SourceArn: CodeDeploy
 * sends both, User Guide "Cross-service confused deputy prevention") and allowed exactly what an ECS
 * blue/green deployment does (the actions of AWSCodeDeployRoleForECS, scoped to this service, its
 * listeners, rules and alarms, and to passing the tasks' roles to ECS).
 */
export function createBlueGreenRelease(
  name: string,
  args: BlueGreenReleaseArgs,
  parent: pulumi.Resource,
): BlueGreenRelease {
  const { where } = args;
  const applicationName = `${name}-app`;
  const deploymentGroupName = `${name}-service`;
  const application = new aws.codedeploy.Application(
    `${name}-release`,
    { name: applicationName, computePlatform: "ECS" },
    { parent },
  );
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const groupArn = pulumi.interpolate`arn:${where.partition}:codedeploy:${where.region}:${account}:deploymentgroup:${applicationName}/${deploymentGroupName}`;
  const role = serviceRole(
    regionalName(`${name}-release-role`, where.name),
    {
      service: "codedeploy.amazonaws.com",
      sourceArn: groupArn,
      description: `CodeDeploy's blue/green releases of ${name}'s service`,
    },
    { parent },
  );
  const ecs = (resource: pulumi.Input<string>) =>
    pulumi.interpolate`arn:${where.partition}:ecs:${where.region}:${account}:${resource}`;
  const statements: Statement[] = [
    {
      sid: "ReplaceTaskSets",
      actions: ["ecs:DescribeServices", "ecs:CreateTaskSet", "ecs:UpdateServicePrimaryTaskSet", "ecs:DeleteTaskSet"],
      resources: [args.service.arn, ecs(pulumi.interpolate`task-set/${args.cluster.name}/${args.service.name}/*`)],
    },
    {
      sid: "PassTaskRoles",
      actions: ["iam:PassRole"],
      resources: args.taskRoleArns,
      conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
    },
    {
      sid: "ReadLoadBalancing",
      actions: [
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeRules",
      ],
      resources: ["*"],
    },
    {
      sid: "ShiftTraffic",
      actions: ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule"],
      resources: [
        args.prodListener.arn,
        args.testListener.arn,
        // The listeners' rules (`listener-rule/app/<name>/<id>/<listener id>/<rule id>`) forwarding to the groups.
        args.loadBalancer.arn.apply((arn) => `${arn.replace(":loadbalancer/", ":listener-rule/")}/*`),
      ],
    },
    { sid: "WatchAlarms", actions: ["cloudwatch:DescribeAlarms"], resources: args.alarms.map((a) => a.arn) },
  ];
  const policy = rolePolicy(`${name}-release-access`, role, statements, { parent });
  const deploymentGroup = new aws.codedeploy.DeploymentGroup(
    `${name}-release`,
    {
      appName: application.name,
      deploymentGroupName,
      serviceRoleArn: role.arn,
      deploymentConfigName: args.deploymentConfigName,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      blueGreenDeploymentConfig: {
        deploymentReadyOption:
          args.approvalWaitMinutes > 0
            ? { actionOnTimeout: "STOP_DEPLOYMENT", waitTimeInMinutes: args.approvalWaitMinutes }
            : { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: {
          action: "TERMINATE",
          terminationWaitTimeInMinutes: args.terminationWaitMinutes,
        },
      },
      autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarmConfiguration: { enabled: true, alarms: args.alarms.map((a) => a.name), ignorePollAlarmFailure: false },
      ecsService: { clusterName: args.cluster.name, serviceName: args.service.name },
      loadBalancerInfo: {
        targetGroupPairInfo: {
          prodTrafficRoute: { listenerArns: [args.prodListener.arn] },
          testTrafficRoute: { listenerArns: [args.testListener.arn] },
          targetGroups: [{ name: args.blueTargetGroup.name }, { name: args.greenTargetGroup.name }],
        },
      },
    },
    // The role must be able to act before the group is used.
    { parent, dependsOn: [policy] },
  );
  return { application, deploymentGroup, role };
}
