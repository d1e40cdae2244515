/**
 * The package's public surface: what `exports` offers is what the repository resolves by name
 * (TypeScript's paths for the examples, vitest's aliases), each module exists, and each
 * component module exports its components and their args.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
};
// tsconfig.json allows comments.
const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8").replace(/^\s*\/\/.*$/gm, "")) as {
  compilerOptions: { paths: Record<string, string[]> };
};

const sources = Object.entries(pkg.exports).flatMap(([subpath, target]) =>
  typeof target === "object" && target["twin-region:source"]
    ? [[subpath === "." ? "twin-region" : `twin-region/${subpath.slice(2)}`, target["twin-region:source"]] as const]
    : [],
);

describe("the package's exports", () => {
  it("offer the library root, each component module, the test kit and the pack's rules", () => {
    expect(sources.map(([name]) => name)).toEqual([
      "twin-region",
      "twin-region/network",
      "twin-region/security",
      "twin-region/storage",
      "twin-region/compute",
      "twin-region/ingestion",
      "twin-region/observability",
      "twin-region/testing",
      "twin-region/policy",
    ]);
    for (const [name, source] of sources)
      expect(fs.existsSync(path.join(ROOT, source)), `${name} → ${source}`).toBe(true);
  });

  it("are what TypeScript resolves by name in this repository (tsconfig paths), entry for entry", () => {
    expect(tsconfig.compilerOptions.paths).toEqual(
      Object.fromEntries(sources.map(([name, source]) => [name, [source]])),
    );
  });

  it("point types and code at the build of the same source file", () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target !== "object") continue;
      const source = target["twin-region:source"]!.replace(/^\.\//, "").replace(/\.ts$/, "");
      expect(target.types, subpath).toBe(`./dist/${source}.d.ts`);
      expect(target.default, subpath).toBe(`./dist/${source}.js`);
    }
  });
});
