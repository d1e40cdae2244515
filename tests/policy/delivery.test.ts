import { describe, expect, it } from "vitest";
import { RULE_GROUPS } from "../../policy/rules";
import { deliveryRules } from "../../policy/rules/delivery";
import { deliveryCases } from "./cases/delivery";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("delivery", deliveryCases);

describe("delivery rules", () => {
  it("are in the compute group of the pack, each with a case in tests/policy/cases/delivery.ts, named after its service and its Security Hub control where one exists", () => {
    const cased = deliveryCases.map((c) => c.rule.name);
    for (const r of deliveryRules) {
      expect(r.group).toBe("compute");
      expect(RULE_GROUPS.compute, r.name).toContain(r);
      expect(cased, `${r.name} has a case`).toContain(r.name);
      expect(r.name).toMatch(/^(codebuild|codepipeline)-[a-z0-9-]+$/);
      const control = /^\[([A-Za-z0-9]+)\.\d+\] /.exec(r.description)?.[1];
      if (control !== undefined) expect(control, r.name).toBe("CodeBuild");
    }
    expect(
      deliveryRules
        .filter((r) => r.description.startsWith("[CodeBuild."))
        .map((r) => /\[CodeBuild\.(\d)\]/.exec(r.description)![1])
        .sort(),
    ).toEqual(["1", "2", "3", "4", "5"]);
    expect(new Set(deliveryRules.map((r) => r.name)).size).toBe(deliveryRules.length);
  });
});
