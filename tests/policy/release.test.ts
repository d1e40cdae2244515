import { describe, expect, it } from "vitest";
import { releaseRules } from "../../policy/rules/release";
import { releaseCases } from "./cases/release";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("release", releaseCases);

describe("release rules", () => {
  it("every rule has a case and belongs to the compute group", () => {
    const cased = releaseCases.map((c) => c.rule.name);
    for (const r of releaseRules) {
      expect(r.group).toBe("compute");
      expect(cased, `${r.name} has a case in tests/policy/cases/release.ts`).toContain(r.name);
    }
  });

  it("reads an invoker's reference to the function from the graph while its value is unknown (preview)", () => {
    const rule = releaseRules.find((r) => r.name === "lambda-invoked-through-alias")!;
    const fn = { type: "aws:lambda/function:Function", name: "fn", inputs: {} };
    const alias = {
      type: "aws:lambda/alias:Alias",
      name: "fn-live",
      inputs: { name: "live" },
      from: { functionName: "fn" },
    };
    const mapping = (from: string) => ({
      type: "aws:lambda/eventSourceMapping:EventSourceMapping",
      name: "m",
      inputs: {},
      from: { functionName: from },
    });
    expect(violationsOf(rule, [fn, alias, mapping("fn-live")])).toEqual([]);
    expect(violationsOf(rule, [fn, alias, mapping("fn")]).map((v) => v.message)).toEqual([
      expect.stringMatching(/"m" \(functionName\) invokes it unqualified/),
    ]);
  });
});
