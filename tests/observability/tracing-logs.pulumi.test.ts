/**
 * The tracing and log-error parts planned over a real component (IngestionEvents: a function and a
 * state machine): the X-Ray group selects exactly the traces of the resources in the graph, the
 * metric filters attach to the component's own log groups, and the pack passes.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { IngestionEvents } from "../../components/ingestion/events";
import { createLogErrorFilters, ERROR_PATTERNS } from "../../components/observability/log-errors";
import { createSamplingRule, createTraceGroup } from "../../components/observability/tracing";
import { blocking, planProgram, runPolicyPack, type ProgramPlan } from "../../offline/testkit";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";

describe("X-Ray group, sampling rule and log-error filters of a component", () => {
  let plan: ProgramPlan;
  beforeAll(async () => {
    plan = await planProgram(() => {
      const events = new IngestionEvents("prod-events", { kmsKeyArn: KEY, region: "us-east-1" });
      const observer = new pulumi.ComponentResource("twin-region:test:Observer", "observer");
      createSamplingRule("platform", { ruleName: "prod-platform", serviceNamePattern: "prod-*" }, observer);
      createTraceGroup(
        "events",
        { groupName: "prod-events", traced: events.tracedResources(), insights: true },
        observer,
      );
      createLogErrorFilters("events", { component: "prod-events", logGroups: events.logGroups() }, observer);
    });
  });

  it("groups the traces of the component's function and state machine, by their planned names", () => {
    const fn = plan.graph.one("aws:lambda/function:Function", "prod-events-step-fn");
    const machine = plan.graph.one("aws:sfn/stateMachine:StateMachine", "prod-events-workflow");
    const group = plan.graph.one("aws:xray/group:Group", "events-traces");
    expect(group.inputs.filterExpression).toBe(
      [
        `service(id(name: "${fn.inputs.name}", type: "AWS::Lambda::Function"))`,
        `service(id(name: "${machine.inputs.name}", type: "AWS::StepFunctions::StateMachine"))`,
      ].join(" OR "),
    );
    expect(group.inputs).toMatchObject({
      groupName: "prod-events",
      insightsConfiguration: { insightsEnabled: true, notificationsEnabled: false },
    });
  });

  it("samples the platform's services at X-Ray's default rates, ahead of the Default rule", () => {
    expect(plan.graph.one("aws:xray/samplingRule:SamplingRule", "platform-sampling").inputs).toMatchObject({
      ruleName: "prod-platform",
      serviceName: "prod-*",
      serviceType: "*",
      reservoirSize: 1,
      fixedRate: 0.05,
      priority: 1000,
      version: 1,
    });
  });

  it("filters each of the component's log groups with the pattern of its source", () => {
    const groups = plan.graph.ofType("aws:cloudwatch/logGroup:LogGroup");
    const filters = plan.graph.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
    const byGroup = Object.fromEntries(
      filters.map((f) => [groups.find((g) => g.inputs.name === f.inputs.logGroupName)?.name, f.inputs.pattern]),
    );
    expect(byGroup).toEqual({
      "prod-events-step-logs": ERROR_PATTERNS.lambda,
      "prod-events-workflow-logs": ERROR_PATTERNS.states,
    });
    const stepFilter = filters.find((f) => f.name === "events-workflow-step-errors")!;
    expect(stepFilter.propertyDependencies?.logGroupName).toEqual([
      plan.graph.one("aws:cloudwatch/logGroup:LogGroup", "prod-events-step-logs").urn,
    ]);
    expect(stepFilter.inputs.metricTransformation).toMatchObject({
      namespace: "TwinRegion/ApplicationErrors",
      name: "prod-events/workflow-step",
      value: "1",
    });
  });

  it("breaks no mandatory rule of the pack (tags aside: the stacks' providers add them)", () => {
    const ours = blocking(runPolicyPack(plan)).filter(
      (v) => v.urn?.includes("twin-region:test:Observer$") && v.rule !== "aws-required-tags",
    );
    expect(ours).toEqual([]);
    expect(plan.graph.descendantsOf(plan.graph.one("twin-region:test:Observer", "observer"))).toHaveLength(4);
  });
});
