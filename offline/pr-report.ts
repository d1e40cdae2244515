/**
 * The pull-request report of `npm start -- --report FILE`: the Markdown a bot posts as its comment
 * (updated in place, found by the marker on its first line) and as the job summary. Resources per
 * stack and component, the plan diff against the base, the policy verdict with every violation,
 * the alarm coverage, the recovery report and the architecture diagram. Pure: evaluated stacks,
 * an optional diff and the diagram in, a string out.
 *
 * GitHub refuses a comment over 65,536 characters, so the report keeps under REPORT_LIMIT: the
 * longest parts go first (the diff's per-resource detail, the diagram, the list of resources
 * without an alarm, the recovery entries that meet their targets), each replaced by a line saying
 * what was left out; the job's log and artifacts hold the full output.
 */
import { isInfrastructure, topLevelComponentOf } from "./components-of";
import type { EvaluatedStack } from "./graph-file";
import { isBlocking } from "./policy-runner";
import { isBlockingRecovery, type RecoveryReport } from "./recovery/report";
import { duration } from "./recovery/graph-reading";
import { keyChangeText, stackDiffSummary, type PlanDiff } from "./plan-diff";
import type { Violation } from "./graph";

/** The report's first line, by which the bot finds its comment to update. */
export const REPORT_MARKER = "<!-- twin-region-plan -->";
/** Under GitHub's 65,536-character limit on a comment, with room for what the bot adds. */
export const REPORT_LIMIT = 60_000;
/** Mermaid's default maxTextSize: GitHub renders no larger diagram. */
export const MERMAID_LIMIT = 50_000;

export interface PrReportInput {
  stacks: readonly EvaluatedStack[];
  /** The diff against the base plan and the base's file name; absent when no base was compared. */
  diff?: { diff: PlanDiff; base: string };
  /** The Mermaid diagram (renderMermaid), without the fence. */
  diagram: string;
}

const LEFT_OUT = "the job's log and artifacts hold the full output";

/** Text for a Markdown table cell: no pipes, newlines or HTML. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/\r?\n/g, " ");
/** Inline code that survives backticks in the text. */
const code = (s: string) => (s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);
const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");

/** A section: its variants from the fullest to the shortest (each shorter one says what it leaves out). */
interface Section {
  id: "head" | "resources" | "diff" | "policy" | "alarms" | "recovery" | "diagram";
  variants: string[];
}

function headSection({ stacks, diff }: PrReportInput): string {
  const blocking = stacks.reduce((n, s) => n + s.violations.filter(isBlocking).length, 0);
  const missed = stacks.filter((s) => s.recovery && isBlockingRecovery(s.recovery));
  const problems = [
    blocking && `${blocking} mandatory policy violation(s)`,
    missed.length && `mandatory recovery targets missed in ${missed.map((s) => s.name).join(", ")}`,
  ].filter(Boolean);
  const verdict = problems.length
    ? `❌ a deployment would be blocked: ${problems.join("; ")}`
    : "✅ every mandatory policy rule and recovery target passes";
  const resources = stacks.reduce((n, s) => n + cloudResources(s).length, 0);
  const changes = !diff
    ? "no base plan compared"
    : diff.diff.differs
      ? `differs from the base plan (${diff.diff.stacks
          .filter((s) => s.status !== "compared" || stackDiffSummary(s) !== "no changes")
          .map((s) => `${s.name}: ${stackDiffSummary(s)}`)
          .join("; ")})`
      : "no changes against the base plan";
  return [
    REPORT_MARKER,
    "## Offline plan",
    "",
    `${verdict}.`,
    "",
    `${stacks.length} stack(s) (${stacks.map((s) => `${s.name} in ${s.region}`).join(", ")}), ${resources} resources; ${changes}.`,
  ].join("\n");
}

const cloudResources = (s: EvaluatedStack) => s.resources.filter((r) => isInfrastructure(r) && (r.custom || r.remote));

function resourcesSection({ stacks }: PrReportInput): string {
  const rows: string[][] = [];
  for (const s of stacks) {
    const componentOf = topLevelComponentOf(s.resources);
    const counts = new Map<string, number>();
    for (const r of cloudResources(s)) {
      const c = componentOf(r);
      const label = c ? `${c.name} (${c.type})` : "(stack)";
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    for (const [label, n] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
      rows.push([s.name, cell(label), String(n)]);
    rows.push([s.name, "**total**", `**${cloudResources(s).length}**`]);
  }
  return ["### Resources per stack and component", "", table(["Stack", "Component", "Resources"], rows)].join("\n");
}

/** The diff section at a level of detail: 0 every changed key, 1 resources without their keys, 2 per-component counts only. */
function diffSection({ diff }: PrReportInput, detail: 0 | 1 | 2): string {
  const lines = ["### Changes against the base plan", ""];
  if (!diff) {
    lines.push("No base plan was compared (`npm start -- --diff BASE.json` compares one).");
    return lines.join("\n");
  }
  lines.push(`Base: ${code(diff.base)}.`, "");
  if (!diff.diff.differs) lines.push("No changes: every stack plans the same resources, inputs and outputs.");
  for (const s of diff.diff.stacks) {
    if (!diff.diff.differs) break;
    lines.push(`**${s.name}**: ${stackDiffSummary(s)}.`, "");
    if (s.components.length) {
      lines.push(
        table(
          ["Component", "Added", "Removed", "Changed"],
          s.components.map((c) => [
            cell(c.component),
            String(c.added.length),
            String(c.removed.length),
            String(c.changed.length),
          ]),
        ),
        "",
      );
    }
    if (detail < 2 && (s.components.length || s.outputs.length)) {
      const items: string[] = [];
      const ref = (mark: string, r: { type: string; name: string; region: string }) =>
        `- ${mark} ${code(r.type)} ${code(r.name)} (${r.region})`;
      for (const c of s.components) {
        for (const r of c.added) items.push(ref("➕ added", r));
        for (const r of c.removed) items.push(ref("➖ removed", r));
        for (const r of c.changed) {
          items.push(ref("✏️ changed", r));
          if (detail === 0) {
            for (const k of r.keys) items.push(`  - ${code(keyChangeText(k))}`);
            if (r.moreKeys) items.push(`  - … and ${r.moreKeys} more changed key(s)`);
          }
        }
      }
      for (const k of s.outputs) items.push(`- output ${code(keyChangeText(k))}`);
      if (s.moreOutputs) items.push(`- … and ${s.moreOutputs} more changed output(s)`);
      lines.push("<details><summary>Resources and changed keys</summary>", "", ...items, "", "</details>", "");
    }
  }
  if (diff.diff.notCompared.length)
    lines.push(`Not compared (not planned in this run): ${diff.diff.notCompared.join(", ")}.`, "");
  if (diff.diff.differs && detail === 1)
    lines.push(`_The changed keys of each resource were left out to keep this comment short; ${LEFT_OUT}._`);
  if (diff.diff.differs && detail === 2)
    lines.push(`_The resources and their changed keys were left out to keep this comment short; ${LEFT_OUT}._`);
  return lines.join("\n").trimEnd();
}

const LEVEL_ORDER = (v: Violation) => (isBlocking(v) ? 0 : 1);

/** The policy verdict: every violation, mandatory first; `maxRows` cuts the table (the last resort). */
function policySection({ stacks }: PrReportInput, maxRows = Infinity): string {
  const lines = ["### Policy", ""];
  for (const s of stacks) {
    const blocking = s.violations.filter(isBlocking).length;
    lines.push(
      s.violations.length === 0
        ? `- **${s.name}** passes every rule.`
        : `- **${s.name}**: ${s.violations.length} violation(s), ${blocking} mandatory.`,
    );
  }
  const all = stacks.flatMap((s) => s.violations.map((v) => ({ stack: s.name, v })));
  if (all.length) {
    all.sort((a, b) => LEVEL_ORDER(a.v) - LEVEL_ORDER(b.v) || a.v.rule.localeCompare(b.v.rule));
    const rows = all
      .slice(0, maxRows)
      .map(({ stack, v }) => [
        isBlocking(v) ? `**${v.enforcementLevel}**` : v.enforcementLevel,
        code(v.rule),
        cell(`${stack}: ${v.resourceType ? `${v.resourceType} "${v.resourceName}"` : "stack"}`),
        cell(v.message),
        cell(v.remediation),
      ]);
    lines.push("", table(["Level", "Rule", "Resource", "Message", "Remediation"], rows));
    if (all.length > maxRows)
      lines.push(
        "",
        `_${all.length - maxRows} more violation(s) left out to keep this comment short (the mandatory ones come first); ${LEFT_OUT}._`,
      );
  }
  return lines.join("\n");
}

function alarmsSection({ stacks }: PrReportInput, listUnalarmed: boolean): string {
  const rows = stacks.map((s) => {
    const c = s.alarmCoverage;
    return c
      ? [
          s.name,
          `${c.alarmed} of ${c.alarmable}`,
          cell(c.kinds.map((k) => `${k.what} ${k.alarmed}/${k.alarmable}`).join(", ")),
          cell(c.unobservedComponents.join(", ") || "none"),
        ]
      : [s.name, "not computed", "", ""];
  });
  const lines = [
    "### Alarm coverage",
    "",
    "Alarmable resources with a metric alarm on an SNS topic:",
    "",
    table(["Stack", "Alarmed", "By kind", "Unobserved components"], rows),
  ];
  const none = stacks.flatMap((s) =>
    (s.alarmCoverage?.resources ?? []).filter((r) => r.alarms.length === 0).map((r) => ({ stack: s.name, r })),
  );
  if (none.length && listUnalarmed) {
    lines.push("", "Without an alarm:", "");
    for (const { stack, r } of none)
      lines.push(
        `- ${stack}: ${code(r.type)} ${code(r.name)} (${r.region}${r.component ? `, in ${r.component}` : ""})`,
      );
  } else if (none.length) {
    lines.push(
      "",
      `_The ${none.length} resource(s) without an alarm were left out to keep this comment short; ${LEFT_OUT}._`,
    );
  }
  return lines.join("\n");
}

function recoveryRows(name: string, report: RecoveryReport, onlyMisses: boolean): string[][] {
  const t = report.targets;
  const rows: string[][] = [];
  for (const e of report.entries) {
    const missed = report.misses.filter((m) => m.entry === e.name);
    if (onlyMisses && !missed.length) continue;
    const rpoTarget = e.tier === "copy" ? t.copyRpoSeconds : t.rpoSeconds;
    const rtoShown = e.rto && e.tier !== "copy";
    rows.push([
      name,
      e.tier,
      cell(e.name),
      e.rto ? cell(`${duration(e.rto.seconds)}${e.automated || e.rto.seconds === null ? "" : " (manual)"}`) : "—",
      rtoShown ? duration(t.rtoSeconds) : "—",
      e.rpo ? cell(duration(e.rpo.seconds)) : "—",
      e.rpo ? duration(rpoTarget) : "—",
      missed.length
        ? `❌ ${missed.map((m) => m.measure).join(", ")} missed`
        : e.rto || e.rpo
          ? "✅"
          : cell(`no estimate here: ${e.notes[0] ?? "none"}`),
    ]);
  }
  return rows;
}

function recoverySection({ stacks }: PrReportInput, onlyMisses: boolean): string {
  const lines = ["### Recovery", ""];
  const rows: string[][] = [];
  for (const s of stacks) {
    const r = s.recovery;
    if (!r) {
      lines.push(`- **${s.name}**: no recovery report.`);
      continue;
    }
    const t = r.targets;
    lines.push(
      `- **${s.name}**: targets RTO ${duration(t.rtoSeconds)}, RPO ${duration(t.rpoSeconds)} (databases), ${duration(t.copyRpoSeconds)} (copies), ${t.enforcement}${r.targetsFrom === "defaults" ? " (defaults: the graph has no recoveryTargets output)" : ""}; ${r.misses.length ? `${r.misses.length} target(s) missed` : "every entry meets its target"}.`,
    );
    rows.push(...recoveryRows(s.name, r, onlyMisses));
  }
  if (rows.length)
    lines.push("", table(["Stack", "Tier", "Entry", "RTO", "RTO target", "RPO", "RPO target", "Meets"], rows));
  for (const s of stacks)
    for (const m of s.recovery?.misses ?? [])
      lines.push("", `- ${s.name}: ${cell(m.entry)}: ${m.measure} fix: ${cell(m.fix)}`);
  if (onlyMisses)
    lines.push("", `_The entries that meet their targets were left out to keep this comment short; ${LEFT_OUT}._`);
  return lines.join("\n");
}

function diagramSection({ diagram }: PrReportInput, shown: boolean): string {
  const head = ["### Architecture", ""];
  if (!diagram.trim()) return [...head, "No diagram was drawn."].join("\n");
  if (diagram.length > MERMAID_LIMIT)
    return [
      ...head,
      `_The diagram (${diagram.length} characters) is over the ${MERMAID_LIMIT} characters GitHub renders; ${LEFT_OUT} (plan.mmd)._`,
    ].join("\n");
  if (!shown)
    return [...head, `_The diagram was left out to keep this comment short; ${LEFT_OUT} (plan.mmd)._`].join("\n");
  return [...head, "```mermaid", diagram.trimEnd(), "```"].join("\n");
}

/** The reductions, in the order they are made while the report is over the limit. */
const REDUCTIONS: Section["id"][] = ["diff", "diff", "diagram", "alarms", "recovery"];

/** The report as Markdown, its first line the marker, under `limit` characters. */
export function renderPrReport(input: PrReportInput, limit = REPORT_LIMIT): string {
  const sections: Section[] = [
    { id: "head", variants: [headSection(input)] },
    { id: "resources", variants: [resourcesSection(input)] },
    { id: "diff", variants: [diffSection(input, 0), diffSection(input, 1), diffSection(input, 2)] },
    { id: "policy", variants: [policySection(input)] },
    { id: "alarms", variants: [alarmsSection(input, true), alarmsSection(input, false)] },
    { id: "recovery", variants: [recoverySection(input, false), recoverySection(input, true)] },
    { id: "diagram", variants: [diagramSection(input, true), diagramSection(input, false)] },
  ];
  const level = new Map<Section["id"], number>(sections.map((s) => [s.id, 0]));
  const text = () => `${sections.map((s) => s.variants[level.get(s.id)!]).join("\n\n")}\n`;
  for (const id of REDUCTIONS) {
    if (text().length <= limit) break;
    level.set(id, Math.min(level.get(id)! + 1, sections.find((s) => s.id === id)!.variants.length - 1));
  }
  if (text().length > limit) {
    // The violations table, cut to what fits (the mandatory ones first).
    const policy = sections.find((s) => s.id === "policy")!;
    const others = text().length - policy.variants[0]!.length;
    let rows = input.stacks.reduce((n, s) => n + s.violations.length, 0);
    while (rows > 0 && others + policySection(input, rows).length > limit) rows = Math.floor(rows * 0.8);
    policy.variants = [policySection(input, rows)];
  }
  const out = text();
  if (out.length <= limit) return out;
  const note = `\n\n_The report was cut here to keep this comment under GitHub's limit; ${LEFT_OUT}._\n`;
  return out.slice(0, limit - note.length) + note;
}
