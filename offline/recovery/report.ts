/**
 * The recovery report of one planned stack: for each entry point and data store in its graph, the
 * worst-case time to detect and fail over (RTO) and the data-loss window (RPO), each following from
 * the graph's inputs and the AWS-documented figures (figures.ts), held to the stack's targets
 * (its `recoveryTargets` output, components/shared/recovery-targets.ts). Pure: it reads a StackGraph.
 */
import { z } from "zod";
import { ResourceGraph, type StackGraph } from "../graph";
import {
  RECOVERY_TARGET_DEFAULTS,
  RECOVERY_TARGETS_OUTPUT,
  type RecoveryTargets,
} from "../../components/shared/recovery-targets";
import { copies } from "./copies";
import { databases } from "./databases";
import { entryPoints } from "./entry-points";
import { FIGURES } from "./figures";
import { duration } from "./graph-reading";
import type { Estimate, RecoveryEntry, Tier } from "./types";

export type { Estimate, RecoveryEntry, Tier } from "./types";

export interface RecoveryMiss {
  /** The entry's name. */
  entry: string;
  tier: Tier;
  measure: "RTO" | "RPO";
  targetSeconds: number;
  /** null: unbounded. */
  estimateSeconds: number | null;
  /** What would bring it under the target (or why nothing can). */
  fix: string;
}

/** An entry as the report holds and `--json` writes it (without the estimators' fix functions). */
export type ReportedEntry = Omit<RecoveryEntry, "fixes">;

export interface RecoveryReport {
  targets: RecoveryTargets;
  /** Where the targets came from: the stack's `recoveryTargets` output, or the defaults (a graph saved without it). */
  targetsFrom: "stack output" | "defaults";
  entries: ReportedEntry[];
  misses: RecoveryMiss[];
  /**
   * The stack's composite "region health" alarm (ObservabilityStack), where its manual failovers
   * start (docs/runbook-web-failover.md): its name and how many signals it rolls up.
   */
  regionHealthAlarm?: { name: string; signals: number };
}

const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

/** The region-health composite alarm of a graph, if it has one. */
function regionHealthAlarmOf(stack: Pick<StackGraph, "resources">): RecoveryReport["regionHealthAlarm"] {
  const alarm = stack.resources.find(
    (r) => r.type === COMPOSITE_ALARM && String(r.inputs.alarmName ?? "").includes("region-health"),
  );
  if (!alarm) return undefined;
  return {
    name: String(alarm.inputs.alarmName),
    signals: (String(alarm.inputs.alarmRule ?? "").match(/ALARM\(/g) ?? []).length,
  };
}

const targetsSchema = z.object({
  rtoSeconds: z.number().int().min(0),
  rpoSeconds: z.number().int().min(0),
  copyRpoSeconds: z.number().int().min(0),
  enforcement: z.enum(["mandatory", "advisory"]),
});

export class RecoveryTargetsError extends Error {
  override name = "RecoveryTargetsError";
}

/**
 * The stack's targets, from its `recoveryTargets` output. A graph without one (written by hand, or
 * before the output existed) is reported against the default targets, advisory: it carries no
 * enforcement the stack's owners chose, so it fails nothing.
 */
export function targetsOf(
  stack: Pick<StackGraph, "name" | "outputs">,
): Pick<RecoveryReport, "targets" | "targetsFrom"> {
  const value = stack.outputs?.[RECOVERY_TARGETS_OUTPUT];
  if (value === undefined)
    return { targets: { ...RECOVERY_TARGET_DEFAULTS, enforcement: "advisory" }, targetsFrom: "defaults" };
  const parsed = targetsSchema.safeParse(value);
  if (!parsed.success)
    throw new RecoveryTargetsError(
      `stack ${stack.name}: output ${RECOVERY_TARGETS_OUTPUT} = ${JSON.stringify(value)} is not { rtoSeconds, rpoSeconds, copyRpoSeconds, enforcement: "mandatory" | "advisory" }`,
    );
  return { targets: parsed.data, targetsFrom: "stack output" };
}

/** Every entry of the graph, in the order entry points, databases, copies. */
export function recoveryEntries(stack: Pick<StackGraph, "resources">): RecoveryEntry[] {
  const graph = new ResourceGraph(stack.resources);
  return [...entryPoints(graph), ...databases(graph), ...copies(graph)];
}

const misses = (entry: RecoveryEntry, targets: RecoveryTargets): RecoveryMiss[] => {
  const out: RecoveryMiss[] = [];
  const check = (measure: "RTO" | "RPO", estimate: Estimate | undefined, target: number) => {
    if (!estimate) return;
    if (estimate.seconds !== null && estimate.seconds <= target) return;
    const fix = (measure === "RTO" ? entry.fixes?.rto : entry.fixes?.rpo)?.(target) ?? "no fix known";
    out.push({
      entry: entry.name,
      tier: entry.tier,
      measure,
      targetSeconds: target,
      estimateSeconds: estimate.seconds,
      fix,
    });
  };
  if (entry.tier !== "copy") check("RTO", entry.rto, targets.rtoSeconds);
  check("RPO", entry.rpo, entry.tier === "copy" ? targets.copyRpoSeconds : targets.rpoSeconds);
  return out;
};

export function recoveryReport(stack: Pick<StackGraph, "name" | "outputs" | "resources">): RecoveryReport {
  const { targets, targetsFrom } = targetsOf(stack);
  const entries = recoveryEntries(stack);
  const regionHealthAlarm = regionHealthAlarmOf(stack);
  return {
    targets,
    targetsFrom,
    entries: entries.map(({ fixes: _fixes, ...entry }) => entry),
    misses: entries.flatMap((e) => misses(e, targets)),
    ...(regionHealthAlarm ? { regionHealthAlarm } : {}),
  };
}

/** Whether the report fails the run: a missed target under mandatory enforcement. */
export const isBlockingRecovery = (report: RecoveryReport): boolean =>
  report.targets.enforcement === "mandatory" && report.misses.length > 0;

/** Figures AWS states as typical, not as a bound, are marked so. */
const shown = (e: Estimate | undefined, typical: boolean) =>
  e === undefined
    ? undefined
    : `${duration(e.seconds)}${e.lowerBound ? " at least" : ""}${typical && e.seconds !== null ? " typical" : ""}`;

/** What `npm start` prints per stack: one line per entry, then the missed targets with their fixes. */
export function renderRecovery(stackName: string, report: RecoveryReport): string {
  const t = report.targets;
  const lines = [
    `Recovery of stack ${stackName}: targets RTO ${duration(t.rtoSeconds)}, RPO ${duration(t.rpoSeconds)} (databases), ${duration(t.copyRpoSeconds)} (copies); ${t.enforcement}${report.targetsFrom === "defaults" ? " (the defaults, advisory: the graph has no recoveryTargets output)" : ""}`,
  ];
  const width = Math.max(0, ...report.entries.map((e) => e.tier.length));
  for (const e of report.entries) {
    const typical = (est: Estimate | undefined) => Boolean(est?.figures.some((f) => FIGURES[f].kind === "typical"));
    const parts = [
      e.rto
        ? `RTO ${shown(e.rto, typical(e.rto))}${e.automated || e.rto.seconds === null ? "" : " (manual)"}`
        : undefined,
      e.rpo ? `RPO ${shown(e.rpo, typical(e.rpo))}` : undefined,
    ].filter(Boolean);
    lines.push(
      `  ${e.tier.padEnd(width)}  ${e.name} — ${parts.length ? parts.join(", ") : (e.notes[0] ?? "no estimate")}`,
    );
  }
  if (report.misses.length === 0) {
    lines.push(`  Every entry meets its target.`);
  } else {
    const verdict = t.enforcement === "mandatory" ? "a deployment would not meet them" : "advisory, not enforced";
    lines.push(`  ${report.misses.length} recovery target(s) missed (${verdict}):`);
    for (const m of report.misses)
      lines.push(
        `    - ${m.entry}: ${m.measure} ${duration(m.estimateSeconds)} over the ${duration(m.targetSeconds)} target. Fix: ${m.fix}.`,
      );
  }
  if (report.regionHealthAlarm)
    lines.push(
      `  The manual steps (database failover, scaling up) start when the composite alarm ${report.regionHealthAlarm.name} fires (${report.regionHealthAlarm.signals} signals); docs/runbook-web-failover.md`,
    );
  if (report.entries.some((e) => e.tier === "copy"))
    lines.push(
      "  No copy can lose less than a second: S3 replication (15 min even with RTC), EFS replication (15 min), stream forwarding (1 s polling + batching window); docs/recovery.md",
    );
  return lines.join("\n");
}
