import { describe, expect, it } from "vitest";
import { sizeAllowed } from "../../policy/rules/cost";
import { costCases } from "./cases/cost";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("cost", costCases);

describe("instance patterns", () => {
  it("match whole names, with * for any run of characters", () => {
    expect(sizeAllowed("t3.small", ["t3.*"])).toBe(true);
    expect(sizeAllowed("t3a.small", ["t3.*"])).toBe(false);
    expect(sizeAllowed("db.serverless", ["db.serverless"])).toBe(true);
    expect(sizeAllowed("db.serverless2", ["db.serverless"])).toBe(false);
    expect(sizeAllowed("M7G.LARGE", ["m7g.*"])).toBe(true);
  });
});
