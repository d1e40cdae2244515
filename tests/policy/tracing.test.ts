import { describe, expect, it } from "vitest";
import { tracingRules } from "../../policy/rules/tracing";
import { tracingCases } from "./cases/tracing";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("tracing", tracingCases);

describe("xray-traces-delivered", () => {
  const rule = tracingRules[0]!;
  const [violating] = tracingCases.map((c) => c.violating);

  it("reports each violation on the traced resource, not on its role", () => {
    expect(violationsOf(rule, violating!).map((v) => [v.resourceType, v.resourceName])).toEqual([
      ["aws:lambda/function:Function", "ingest"],
      ["aws:sfn/stateMachine:StateMachine", "orders"],
    ]);
  });
});
