/**
 * Each example (examples/<name>) type-checks under its own tsconfig.json, the strict settings a
 * consumer has (exactOptionalPropertyTypes, noUncheckedIndexedAccess, skipLibCheck off), against
 * the library as this repository resolves it by name: `twin-region/<module>` is the module's
 * TypeScript source (the exports map's "twin-region:source" condition, tsconfig.json's paths).
 * Only the example's own diagnostics count: the library is checked under its own settings
 * (`npm run typecheck`) and, built, under a consumer's (`npm run test:package`).
 *
 * One of the suites that tests/typescript.test.ts runs in one worker (they share what TypeScript parsed).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { libraryCompilerHost, unresolvedOnPurpose } from "../../offline/library-compiler-host";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples");
const examples = fs
  .readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(EXAMPLES, e.name, "tsconfig.json")))
  .map((e) => e.name)
  .sort();

/** `twin-region` and `twin-region/<module>` → the source file its exports entry names. */
function sourcePaths(): Record<string, string[]> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    exports: Record<string, string | Record<string, string>>;
  };
  return Object.fromEntries(
    Object.entries(pkg.exports).flatMap(([subpath, target]) => {
      const source = typeof target === "object" ? target["twin-region:source"] : undefined;
      if (!source) return [];
      const name = subpath === "." ? "twin-region" : `twin-region/${subpath.slice(2)}`;
      return [[name, [path.join(ROOT, source)]]];
    }),
  );
}

const format = (d: ts.Diagnostic) => {
  const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
  const file = d.file ? `${path.relative(ROOT, d.file.fileName)}(${where!.line + 1},${where!.character + 1}): ` : "";
  return `${file}TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
};

/** The example's diagnostics under its own tsconfig, the library resolved to its sources. */
function exampleDiagnostics(dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(format(d));
      },
    },
  )!;
  // The example's own settings, plus where the package's names lead (it has no node_modules of its own).
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, paths: sourcePaths(), pathsBasePath: dir };
  const program = ts.createProgram({ rootNames: config.fileNames, options, host: libraryCompilerHost(ROOT, options) });
  const own = program.getSourceFiles().filter((f) => !path.relative(dir, f.fileName).startsWith(".."));
  return [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ]
    .filter((d) => !unresolvedOnPurpose(d))
    .map(format);
}

const diagnostics = new Map<string, string[]>();
// The first example parses the library and @pulumi/pulumi; the others reuse them.
beforeAll(() => {
  for (const name of examples) diagnostics.set(name, exampleDiagnostics(path.join(EXAMPLES, name)));
});

describe("the examples type-check", () => {
  it("finds the examples", () => {
    expect(examples).toEqual(["byo-vpc", "seed-002-network", "single-region", "two-regions"]);
  });

  it.each(examples)(
    "%s: under its own tsconfig (exactOptionalPropertyTypes, skipLibCheck off), against the library",
    (name) => {
      expect(diagnostics.get(name)).toEqual([]);
    },
  );
});
