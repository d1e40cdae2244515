import { describe, expect, it } from "vitest";
import { REQUIRED_TAG_KEYS } from "../../components/security/defaults";
import { REQUIRED_TAG_KEYS as BASELINE_TAG_KEYS } from "../../policy/baseline/tagging";
import { rule, taggingCases, vpc } from "./cases/tagging";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("tagging", taggingCases);

describe("tagging baseline", () => {
  it("requires the platform's tag keys (components/security/defaults.ts)", () => {
    expect([...BASELINE_TAG_KEYS].sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
  });

  it("falls back to the stack's region for resources on the default provider", () => {
    const found = violationsOf(rule("aws-allowed-regions"), [vpc("net", { tags: {} })]);
    expect(found).toEqual([]);
  });
});
