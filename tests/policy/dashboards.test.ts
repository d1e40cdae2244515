import { describe, expect, it } from "vitest";
import { dashboard, dashboardCases } from "./cases/dashboards";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("dashboard", dashboardCases);

describe("cloudwatch-dashboard-body-valid", () => {
  const rule = dashboardCases[0]!.rule;
  it("skips a body not known until deployment (preview)", () => {
    const unknown = { ...dashboard("later", "{}"), inputs: { dashboardName: "later-use1" } };
    expect(violationsOf(rule, [unknown])).toEqual([]);
  });
  it("refuses more widgets than CloudWatch's 500", () => {
    const widgets = Array.from({ length: 501 }, (_, i) => ({
      type: "text",
      x: 0,
      y: i,
      width: 1,
      height: 1,
      properties: { markdown: "x" },
    }));
    const [v] = violationsOf(rule, [dashboard("crowded", { widgets })]);
    expect(v!.message).toMatch(/501 widgets, more than CloudWatch's 500/);
  });
});
