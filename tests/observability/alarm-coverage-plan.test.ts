/**
 * The alarm coverage of both stacks as `npm start` planned them (the shared plan): what `--json`
 * holds per stack, checked against the graph itself rather than against the matcher.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { alarmCoverageReport, type AlarmCoverageReport } from "../../offline/alarm-coverage";
import type { RecordedResource } from "../../offline/graph";
import { ALARMABLE_KINDS, alarmableKindOf } from "../../policy/rules/alarm-coverage";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const shared = sharedPlan();
const written = (
  JSON.parse(fs.readFileSync(shared.json, "utf8")) as { stacks: { name: string; alarmCoverage: AlarmCoverageReport }[] }
).stacks;
const stacks: PlannedStack[] = [shared.primary, shared.secondary];
const SNS_ARN = /^arn:aws:sns:[a-z0-9-]+:123456789012:/;

/** The strings an alarm's dimensions hold: its own and its metric queries'. */
const dimensionValues = (alarm: RecordedResource): string[] =>
  [alarm.inputs.dimensions, ...(alarm.inputs.metricQueries ?? []).map((q: any) => q?.metric?.dimensions)]
    .filter(Boolean)
    .flatMap((d: Record<string, unknown>) => Object.values(d).map(String));

/**
 * The values that name the resource in a dimension, read from the graph: its name (or cluster
 * identifier), its REST API's name, or the name of an EventBridge rule whose pattern names it.
 */
function namesOf(stack: PlannedStack, r: RecordedResource): string[] {
  if (r.type === "aws:apigateway/stage:Stage")
    return stack.graph
      .ofType("aws:apigateway/restApi:RestApi")
      .filter((a) => a.id === r.inputs.restApi)
      .map((a) => a.inputs.name);
  const own = [r.inputs.name ?? r.inputs.clusterIdentifier];
  if (r.type !== "aws:glue/job:Job") return own;
  const rules = stack.graph
    .ofType("aws:cloudwatch/eventRule:EventRule")
    .filter((rule) => String(rule.inputs.eventPattern).includes(JSON.stringify(r.inputs.name)));
  return [...own, ...rules.map((rule) => rule.inputs.name)];
}
const mentions = (alarm: RecordedResource, names: string[]) =>
  dimensionValues(alarm).some((v) =>
    names.some((n) => v === n || v.endsWith(`:stateMachine:${n}`) || v.startsWith(`app/${n}/`)),
  );

describe.each(stacks.map((s) => [s.stack, s] as const))("alarm coverage of stack %s", (name, stack) => {
  const report = written.find((s) => s.name === name)!.alarmCoverage;

  it("is in --json, as the report computes it from the stack's graph", () => {
    expect(report).toEqual(alarmCoverageReport(stack));
  });

  it("lists every resource of an alarmable kind the graph holds, and adds up", () => {
    const alarmable = stack.resources.filter((r) => alarmableKindOf({ type: r.type, props: r.inputs }));
    expect(report.resources.map((r) => r.urn)).toEqual(alarmable.map((r) => r.urn));
    expect(alarmable.length).toBeGreaterThan(10);
    expect(report.alarmable).toBe(report.resources.length);
    expect(report.alarmed).toBe(report.resources.filter((r) => r.alarms.length > 0).length);
    expect(report.kinds.reduce((n, k) => n + k.alarmable, 0)).toBe(report.alarmable);
    expect(report.kinds.reduce((n, k) => n + k.alarmed, 0)).toBe(report.alarmed);
  });

  it("counts for a resource only metric alarms in its region that notify an SNS topic and name it in a dimension", () => {
    for (const r of report.resources) {
      const resource = stack.graph.byUrn(r.urn);
      for (const alarmName of r.alarms) {
        const alarm = stack.graph.one("aws:cloudwatch/metricAlarm:MetricAlarm", alarmName);
        const where = `${r.name} ← ${alarmName}`;
        expect(alarm.region, where).toBe(resource.region);
        expect(alarm.inputs.actionsEnabled, where).not.toBe(false);
        expect(
          (alarm.inputs.alarmActions as string[]).some((a) => SNS_ARN.test(a)),
          where,
        ).toBe(true);
        expect(mentions(alarm, namesOf(stack, resource)), where).toBe(true);
      }
    }
  });

  it("leaves out no alarm on a topic that names a resource it reports without one", () => {
    const onTopic = stack.graph
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .filter((a) => (a.inputs.alarmActions ?? []).some((x: string) => SNS_ARN.test(x)));
    for (const r of report.resources.filter((x) => x.alarms.length === 0)) {
      const resource = stack.graph.byUrn(r.urn);
      const naming = onTopic.filter((a) => a.region === resource.region && mentions(a, namesOf(stack, resource)));
      expect(
        naming.map((a) => a.name),
        r.name,
      ).toEqual([]);
    }
  });

  it("agrees with the policy verdict: no enforced kind's resource without an alarm, and no cloudwatch-alarm-coverage violation", () => {
    const enforced = new Set(ALARMABLE_KINDS.filter((k) => k.enforced).map((k) => k.id));
    expect(report.resources.filter((r) => enforced.has(r.kind) && r.alarms.length === 0)).toEqual([]);
    expect(stack.violations.filter((v) => v.rule === "cloudwatch-alarm-coverage")).toEqual([]);
  });
});
