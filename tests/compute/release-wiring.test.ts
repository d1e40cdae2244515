/**
 * Functions are released through their live alias (seed 004's blue/green): on both stacks as
 * `npm start` plans them, every invoker calls an alias, and every function has a CodeDeploy
 * deployment group that rolls back on an alarm of the stack on errors through that alias.
 */
import { describe, expect, it } from "vitest";
import type { RecordedResource } from "../../offline/graph";
import { sharedPlan } from "../support/shared-plan";

const of = (resources: RecordedResource[], type: string) => resources.filter((r) => r.type === type);
const inputs = (r: RecordedResource) => (r as unknown as { inputs: Record<string, any> }).inputs;

describe.each(["primary", "secondary"] as const)("the %s stack's function releases", (stackName) => {
  const resources = () => sharedPlan()[stackName].resources;
  const aliasArns = () => new Set(of(resources(), "aws:lambda/alias:Alias").map((a) => a.id ?? ""));

  it("publishes every function and puts one live alias on it", () => {
    const functions = of(resources(), "aws:lambda/function:Function");
    expect(functions.length).toBeGreaterThan(0);
    const aliases = of(resources(), "aws:lambda/alias:Alias");
    for (const fn of functions) {
      expect(inputs(fn).publish, fn.name).toBe(true);
      expect(aliases.filter((a) => inputs(a).functionName === inputs(fn).name).map((a) => inputs(a).name)).toEqual([
        "live",
      ]);
    }
  });

  it("invokes only aliases: stream mappings, permissions, the API integration, the ALB target, rotations, the workflow", () => {
    const arns = aliasArns();
    for (const m of of(resources(), "aws:lambda/eventSourceMapping:EventSourceMapping"))
      expect(arns, m.name).toContain(inputs(m).functionName);
    for (const p of of(resources(), "aws:lambda/permission:Permission"))
      expect(inputs(p).qualifier, p.name).toBe("live");
    for (const i of of(resources(), "aws:apigateway/integration:Integration").filter(
      (i) => inputs(i).type === "AWS_PROXY",
    ))
      expect(String(inputs(i).uri), i.name).toMatch(/:function:[^/]+:live\/invocations$/);
    for (const t of of(resources(), "aws:lb/targetGroupAttachment:TargetGroupAttachment").filter((t) =>
      String(inputs(t).targetId).includes(":lambda:"),
    ))
      expect(arns, t.name).toContain(inputs(t).targetId);
    // Rotations by the platform's own functions (the database's comes from AWS's rotation application).
    const ownFunctions = of(resources(), "aws:lambda/function:Function").map((f) => `:function:${inputs(f).name}`);
    for (const r of of(resources(), "aws:secretsmanager/secretRotation:SecretRotation").filter((r) =>
      ownFunctions.some((f) => String(inputs(r).rotationLambdaArn).includes(f)),
    ))
      expect(arns, r.name).toContain(inputs(r).rotationLambdaArn);
    for (const sm of of(resources(), "aws:sfn/stateMachine:StateMachine")) {
      const tasks = Object.values(JSON.parse(inputs(sm).definition).States as Record<string, any>).filter((s) =>
        String(s.Resource).endsWith(":states:::lambda:invoke"),
      );
      for (const t of tasks) expect(arns, sm.name).toContain(t.Parameters.FunctionName);
    }
  });

  it("gives every function a deployment group that rolls back on an alarm of the stack on errors through its alias", () => {
    const groups = of(resources(), "aws:codedeploy/deploymentGroup:DeploymentGroup");
    const alarms = of(resources(), "aws:cloudwatch/metricAlarm:MetricAlarm");
    for (const fn of of(resources(), "aws:lambda/function:Function")) {
      const group = groups.find((g) => g.parent === fn.parent);
      expect(group, fn.name).toBeDefined();
      const g = inputs(group!);
      expect(g.deploymentConfigName).toBe("CodeDeployDefault.LambdaCanary10Percent5Minutes");
      expect(g.autoRollbackConfiguration).toEqual({
        enabled: true,
        events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
      });
      const [alarmName] = g.alarmConfiguration.alarms;
      const alarm = alarms.find((a) => inputs(a).name === alarmName);
      expect(alarm, `${fn.name}: alarm ${alarmName}`).toBeDefined();
      expect(inputs(alarm!).dimensions).toEqual({ FunctionName: inputs(fn).name, Resource: `${inputs(fn).name}:live` });
      expect(inputs(alarm!).alarmActions.length).toBeGreaterThan(0);
    }
  });
});
