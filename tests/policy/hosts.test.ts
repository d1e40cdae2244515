import { describe, expect, it } from "vitest";
import { hostRules } from "../../policy/rules/hosts";
import { RULE_GROUPS } from "../../policy/rules";
import { hostCases } from "./cases/hosts";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("host", hostCases);

describe("host rules", () => {
  it("are in the compute group of the pack, each with a case in tests/policy/cases/hosts.ts and a unique name of its service", () => {
    const cased = hostCases.map((c) => c.rule.name);
    for (const r of hostRules) {
      expect(r.group).toBe("compute");
      expect(RULE_GROUPS.compute, r.name).toContain(r);
      expect(cased, `${r.name} has a case`).toContain(r.name);
      expect(r.name).toMatch(/^(ec2|opensearch|amp)-[a-z0-9-]+$/);
      const control = /^\[([A-Za-z0-9]+)\.\d+\] /.exec(r.description)?.[1];
      if (control !== undefined) expect(control, r.name).toBe("Opensearch");
    }
    expect(new Set(hostRules.map((r) => r.name)).size).toBe(hostRules.length);
  });
});
