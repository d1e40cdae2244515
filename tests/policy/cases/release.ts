/** The release rules' cases (tests/policy/release.test.ts, tests/policy/insecure-graph.test.ts). */
import { releaseRules } from "../../../policy/rules/release";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = releaseRules.find((r) => r.name === name);
  if (!found) throw new Error(`no release rule ${name}`);
  return found;
};

const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:consumer-fn";
const ALIAS_ARN = `${FN_ARN}:live`;
const STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/records";

/** A deployment group as PlatformFunction creates one (Lambda), or with `inputs` changed (ECS blue/green too). */
export const deploymentGroup = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:codedeploy/deploymentGroup:DeploymentGroup",
  name,
  inputs: {
    appName: "consumer",
    deploymentGroupName: "live",
    deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
    autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
    alarmConfiguration: { enabled: true, alarms: ["consumer-release-errors"] },
    ...inputs,
  },
});
const alarm = (name: string, alarmName: string): Spec => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name,
  inputs: {
    name: alarmName,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: "consumer-fn", Resource: "consumer-fn:live" },
    alarmActions: ["arn:aws:sns:us-east-1:123456789012:alarms"],
  },
});
const fn: Spec = {
  type: "aws:lambda/function:Function",
  name: "consumer",
  inputs: { name: "consumer-fn", arn: FN_ARN, publish: true },
};
const alias: Spec = {
  type: "aws:lambda/alias:Alias",
  name: "consumer-live",
  inputs: { name: "live", functionName: "consumer-fn", functionVersion: "1", arn: ALIAS_ARN },
  from: { functionName: "consumer" },
};
const mapping = (functionName: string | undefined, from: string): Spec => ({
  type: "aws:lambda/eventSourceMapping:EventSourceMapping",
  name: "consumer-records",
  inputs: { functionName, eventSourceArn: STREAM, startingPosition: "LATEST" },
  from: { functionName: from },
});
const permission = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:lambda/permission:Permission",
  name: "consumer-invoke",
  inputs: {
    action: "lambda:InvokeFunction",
    function: "consumer-fn",
    principal: "apigateway.amazonaws.com",
    ...inputs,
  },
  from: { function: "consumer" },
});

export const releaseCases: RuleCase[] = [
  {
    rule: rule("codedeploy-auto-rollback"),
    compliant: [
      deploymentGroup("fn"),
      deploymentGroup("web", {
        deploymentConfigName: "CodeDeployDefault.ECSAllAtOnce",
        autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_FAILURE"] },
      }),
    ],
    violating: [
      deploymentGroup("fn", { autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE"] } }),
      deploymentGroup("web", { autoRollbackConfiguration: undefined }),
    ],
    message: /"fn" does not roll back on DEPLOYMENT_STOP_ON_ALARM[\s\S]*"web" does not roll a failed release back/,
  },
  {
    rule: rule("codedeploy-alarm-configuration"),
    compliant: [
      deploymentGroup("fn"),
      deploymentGroup("web", {
        alarmConfiguration: { enabled: true, alarms: ["web-5xx"], ignorePollAlarmFailure: false },
      }),
    ],
    violating: [
      deploymentGroup("fn", { alarmConfiguration: { enabled: true, alarms: [] } }),
      deploymentGroup("web", {
        alarmConfiguration: { enabled: true, alarms: ["web-5xx"], ignorePollAlarmFailure: true },
      }),
      deploymentGroup("batch", { alarmConfiguration: undefined }),
    ],
    message:
      /"fn" names no alarm[\s\S]*"web" goes on releasing when it cannot read its alarms[\s\S]*"batch" watches no alarm during a release/,
  },
  {
    rule: rule("codedeploy-alarms-exist"),
    compliant: [deploymentGroup("fn"), alarm("release-errors", "consumer-release-errors")],
    violating: [deploymentGroup("fn"), alarm("release-errors", "consumer-errors")],
    message: /"fn" watches "consumer-release-errors", which no alarm of the stack in its region is named/,
  },
  {
    rule: rule("lambda-invoked-through-alias"),
    compliant: [
      fn,
      alias,
      { ...mapping(ALIAS_ARN, "consumer-live") },
      permission({ qualifier: "live" }),
      // A function without an alias is not released by one: invoking it unqualified is its only way.
      { type: "aws:lambda/function:Function", name: "plain", inputs: { name: "plain-fn" } },
      {
        type: "aws:lambda/eventSourceMapping:EventSourceMapping",
        name: "plain-records",
        inputs: { functionName: "plain-fn", eventSourceArn: STREAM, startingPosition: "LATEST" },
        from: { functionName: "plain" },
      },
    ],
    violating: [fn, alias, mapping(FN_ARN, "consumer"), permission({})],
    message:
      /function "consumer" has an alias but .*"consumer-records" \(functionName\), .*"consumer-invoke" \(function\) invoke it unqualified/,
  },
];
