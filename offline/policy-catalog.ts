/** The rule catalog (docs/policy-rules.md), generated from the rules so it cannot fall behind them. */
import { RULE_GROUPS } from "../policy/rules";
import type { AnyRule } from "../policy/rules/types";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function settingsOf(rule: AnyRule): string {
  if (!rule.config) return "";
  return Object.keys(rule.config.schema.properties)
    .map((key) => `\`${key}\` = \`${JSON.stringify((rule.config!.defaults as Record<string, unknown>)[key])}\``)
    .join("<br>");
}

export function renderRuleCatalog(): string {
  const all = Object.values(RULE_GROUPS).flat();
  const lines = [
    "# Policy rules",
    "",
    "Generated from `policy/rules` by `npm run docs`; a test keeps this file current.",
    "",
    `${all.length} rules: ${all.filter((r) => r.kind === "resource").length} resource rules and ${all.filter((r) => r.kind === "stack").length} stack rules (stack rules see the whole graph: a bucket with its sibling configuration resources, an ALB with its WAF association).`,
    'Set a rule\'s level or settings in the pack config: `{"<rule>": {"enforcementLevel": "advisory", ...settings}}`.',
    "",
  ];
  for (const [group, rules] of Object.entries(RULE_GROUPS)) {
    lines.push(
      `## ${group}`,
      "",
      "| rule | kind | level | severity | enforces | settings (default) |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const r of rules) {
      lines.push(
        `| \`${r.name}\` | ${r.kind} | ${r.enforcementLevel} | ${r.severity} | ${cell(r.description)} | ${settingsOf(r)} |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}
