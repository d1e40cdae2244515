import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderRuleCatalog } from "../../offline/policy-catalog";

describe("docs/policy-rules.md", () => {
  it("lists every rule as the rules define it (run `npm run docs` after changing a rule)", () => {
    const committed = readFileSync(path.join(__dirname, "..", "..", "docs", "policy-rules.md"), "utf8");
    expect(committed).toBe(renderRuleCatalog());
  });
});
