import { describe, expect, it } from "vitest";
import { CIS_FILTER_IDS, CIS_METRIC_FILTERS, normalizedFilterPattern } from "../../policy/baseline/audit";
import { logGroupNameOfArn } from "../../policy/rules/audit";
import { auditCases, auditRule, cisAlarm, cisFilter, cisTrail, trailLogGroup } from "./cases/audit";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("audit", auditCases);

describe("cloudtrail-cis-metric-filters", () => {
  const cis = auditRule("cloudtrail-cis-metric-filters");
  const everything = CIS_FILTER_IDS.flatMap((id) => [cisFilter(id), cisAlarm(id)]);

  it("finds the filters through the log group resource when names are unknown (preview)", () => {
    const unknownName = everything.map((s) =>
      s.type.endsWith("LogMetricFilter") ? { ...s, inputs: { ...s.inputs, logGroupName: undefined } } : s,
    );
    const trail = cisTrail({ cloudWatchLogsGroupArn: undefined });
    expect(
      violationsOf(cis, [
        trailLogGroup,
        { ...trail, inputs: { ...trail.inputs, cloudWatchLogsGroupArn: "x:*" } },
        ...unknownName,
      ]),
    ).toEqual([]);
  });

  it("does not count filters on another log group", () => {
    const elsewhere = everything.map((s) =>
      s.type.endsWith("LogMetricFilter") ? { ...s, inputs: { ...s.inputs, logGroupName: "app-logs" }, from: {} } : s,
    );
    const found = violationsOf(cis, [trailLogGroup, cisTrail(), ...elsewhere]);
    expect(found).toHaveLength(7);
    expect(found.every((v) => /has no metric filter for/.test(v.message))).toBe(true);
  });

  it("does not count an alarm on another namespace or with its actions disabled", () => {
    const found = violationsOf(cis, [
      trailLogGroup,
      cisTrail(),
      ...everything.filter((s) => !s.name.startsWith("cis-root-account-usage")),
      cisFilter("root-account-usage"),
      cisAlarm("root-account-usage", { namespace: "Other" }),
      { ...cisAlarm("root-account-usage", { actionsEnabled: false }), name: "muted" },
    ]);
    expect(found.map((v) => v.message)).toEqual([
      expect.stringMatching(/\[CloudWatch\.1\] root-account-usage\) has no alarm/),
    ]);
  });

  it("passes a stack without a trail", () => {
    expect(violationsOf(cis, [trailLogGroup])).toEqual([]);
  });
});

describe("CIS filter patterns", () => {
  it("normalize whitespace outside quoted strings only", () => {
    expect(normalizedFilterPattern('{ $.a = "x y" && $.b NOT EXISTS }')).toBe('{$.a="x y"&&$.bNOTEXISTS}');
    expect(normalizedFilterPattern('{$.a="x y"}')).not.toBe(normalizedFilterPattern('{$.a="xy"}'));
  });
  it("read their log group from a trail's log-group ARN", () => {
    expect(logGroupNameOfArn("arn:aws:logs:us-east-1:123456789012:log-group:/aws/trail-1a:*")).toBe("/aws/trail-1a");
    expect(logGroupNameOfArn(undefined)).toBeUndefined();
  });
  it("give every filter its own metric", () => {
    const names = Object.values(CIS_METRIC_FILTERS).map((f) => f.metricName);
    expect(new Set(names).size).toBe(14);
  });
});
