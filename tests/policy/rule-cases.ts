import { describe, expect, it } from "vitest";
import { violationsOf, type RuleCase } from "./harness";

/** For each rule: its compliant resources pass, and its violating ones are reported with the expected message. */
export function describeRuleCases(group: string, cases: RuleCase[]): void {
  describe(`${group} rules`, () => {
    for (const c of cases) {
      const config = c.config ? { [c.rule.name]: c.config } : undefined;
      describe(`${c.rule.name}: ${c.rule.description}`, () => {
        it("passes a compliant configuration", () => {
          expect(violationsOf(c.rule, c.compliant, config).map((v) => v.message)).toEqual([]);
        });
        it("reports a non-compliant configuration with the reason", () => {
          const found = violationsOf(c.rule, c.violating, config);
          expect(found.length).toBeGreaterThan(0);
          expect(found.map((v) => v.message).join("\n")).toMatch(c.message);
          expect(found.every((v) => v.rule === c.rule.name)).toBe(true);
        });
      });
    }
  });
}
