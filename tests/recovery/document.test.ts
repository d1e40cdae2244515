/** docs/recovery.md is generated from the recovery code's figures and estimators (`npm run docs`). */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderRecoveryDoc } from "../../offline/recovery/document";
import { FIGURES } from "../../offline/recovery/figures";

const file = path.join(__dirname, "..", "..", "docs", "recovery.md");

describe("docs/recovery.md", () => {
  it("is what the code generates: run npm run docs after changing a figure or an estimator", () => {
    expect(fs.readFileSync(file, "utf8")).toBe(renderRecoveryDoc());
  });

  it("cites every figure's source and states the two web verdicts from the computed numbers", () => {
    const doc = renderRecoveryDoc();
    for (const f of Object.values(FIGURES)) expect(doc).toContain(f.source.url);
    expect(doc).toContain("**Default settings: 288 s (4 min 48 s)**, under seed 003's 5 minutes");
    expect(doc).toContain("**The fast option: 228 s (3 min 48 s): not under 2 minutes.**");
  });
});
