/**
 * The alarm coverage of one planned stack, as `npm start` prints it after the policy verdict and
 * `--json` writes it: how many of the stack's alarmable resources (policy/rules/alarm-coverage.ts,
 * the definition the `cloudwatch-alarm-coverage` rule applies too) have a metric alarm that
 * notifies an SNS topic, which have none, and the components none of whose alarmable resources
 * has one (a component added without metric descriptors). Pure: it reads a StackGraph.
 */
import { ALARMABLE_KINDS, alarmCoverage, type CoverageResource } from "../policy/rules/alarm-coverage";
import type { RecordedResource, StackGraph } from "./graph";
import { topLevelComponentOf } from "./components-of";

/** One alarmable resource as the report holds it. */
export interface CoveredResource {
  type: string;
  /** Logical (Pulumi) name. */
  name: string;
  urn: string;
  region: string;
  /** The alarmable kind's id (`lambda-function`, `sqs-queue`, ...). */
  kind: string;
  /** The top-level component it belongs to, as `name (type)`; absent for a resource the stack creates itself. */
  component?: string;
  /** Logical names of the metric alarms on it that notify an SNS topic; empty when it has none. */
  alarms: string[];
}

export interface AlarmCoverageReport {
  /** How many alarmable resources the stack has. */
  alarmable: number;
  /** How many of them have at least one alarm on an SNS topic. */
  alarmed: number;
  /** Per kind present in the stack, in the kinds' order. */
  kinds: { kind: string; what: string; alarmable: number; alarmed: number }[];
  /** Every alarmable resource, in graph order. */
  resources: CoveredResource[];
  /** Components (`name (type)`) with alarmable resources none of which has an alarm: unobserved. */
  unobservedComponents: string[];
}

/** The view the policy rules see (props = inputs, the region as the provider's), so the report and the rule read the same thing. */
const viewOf = (r: RecordedResource): CoverageResource => ({
  type: r.type,
  name: r.name,
  urn: r.urn,
  props: r.inputs,
  provider: { type: "pulumi:providers:aws", props: { region: r.region } },
  propertyDependencies: r.propertyDependencies ?? {},
});

export function alarmCoverageReport(stack: Pick<StackGraph, "resources">): AlarmCoverageReport {
  const componentOf = topLevelComponentOf(stack.resources);
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const entries = alarmCoverage(stack.resources.map(viewOf));
  const resources = entries.map(({ resource, kind, alarms }): CoveredResource => {
    const recorded = byUrn.get(resource.urn)!;
    const component = componentOf(recorded);
    return {
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      region: recorded.region,
      kind: kind.id,
      ...(component ? { component: `${component.name} (${component.type})` } : {}),
      alarms: alarms.map((a) => a.name),
    };
  });
  const kinds = ALARMABLE_KINDS.map((k) => {
    const of = resources.filter((r) => r.kind === k.id);
    return { kind: k.id, what: k.what, alarmable: of.length, alarmed: of.filter((r) => r.alarms.length).length };
  }).filter((k) => k.alarmable > 0);
  const components = [...new Set(resources.flatMap((r) => (r.component ? [r.component] : [])))];
  return {
    alarmable: resources.length,
    alarmed: resources.filter((r) => r.alarms.length > 0).length,
    kinds,
    resources,
    unobservedComponents: components.filter((c) =>
      resources.filter((r) => r.component === c).every((r) => r.alarms.length === 0),
    ),
  };
}

/** What `npm start` prints per stack: the count, per kind, then each resource with no alarm and the unobserved components. */
export function renderAlarmCoverage(stackName: string, report: AlarmCoverageReport): string {
  const lines = [
    `Alarms of stack ${stackName}: ${report.alarmed} of ${report.alarmable} alarmable resources have an alarm on an SNS topic`,
  ];
  if (report.kinds.length > 0)
    lines.push(`  by kind: ${report.kinds.map((k) => `${k.what} ${k.alarmed}/${k.alarmable}`).join(", ")}`);
  const none = report.resources.filter((r) => r.alarms.length === 0);
  if (none.length === 0) {
    lines.push("  Every alarmable resource has one.");
  } else {
    lines.push(`  ${none.length} with none:`);
    for (const r of none)
      lines.push(
        `    - ${r.type} "${r.name}" (${ALARMABLE_KINDS.find((k) => k.id === r.kind)!.what}, ${r.region}${r.component ? `, in ${r.component}` : ""})`,
      );
  }
  if (report.unobservedComponents.length > 0)
    lines.push(
      `  Unobserved components (no alarm on any of their alarmable resources): ${report.unobservedComponents.join(", ")}`,
    );
  return lines.join("\n");
}
