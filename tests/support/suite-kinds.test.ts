/**
 * The rule for suites (README, "Testing"), held by the file names: a suite that runs or changes
 * Pulumi's process-wide runtime is a `*.pulumi.test.ts`, which gets a process of its own; every
 * other suite is a plain `*.test.ts` and shares worker threads and loaded modules with the others.
 * A suite does so when it loads, directly or through any module of the project:
 *   - offline/run-program.ts, where planProgram sets the mocks;
 *   - offline/promise-bookkeeping.ts, which replaces a runtime function;
 *   - offline/defer-unused-modules.cjs, which patches Node's module loading for the whole process.
 * Loads are what Node and vitest load: imports that TypeScript erases (`import type`, `import {
 * type X }`) do not count, side-effect imports (`import "./x"`), require() (also through
 * createRequire), import() and `twin-region/<module>` (the source its exports entry names, as
 * vitest resolves it) do; .cjs modules are followed like .ts ones.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const RUNTIME = [
  path.join(ROOT, "offline", "run-program.ts"),
  path.join(ROOT, "offline", "promise-bookkeeping.ts"),
  path.join(ROOT, "offline", "defer-unused-modules.cjs"),
];

/** `twin-region` and `twin-region/<module>` → their source, as the exports map's "twin-region:source" condition says. */
const PACKAGE_SOURCES: Record<string, string> = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    exports: Record<string, string | Record<string, string>>;
  };
  return Object.fromEntries(
    Object.entries(pkg.exports).flatMap(([subpath, target]) => {
      const source = typeof target === "object" ? target["twin-region:source"] : undefined;
      return source
        ? [[subpath === "." ? "twin-region" : `twin-region/${subpath.slice(2)}`, path.join(ROOT, source)]]
        : [];
    }),
  );
})();

const stringArgument = (call: ts.CallExpression) => {
  const [arg] = call.arguments;
  return arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
};

/** Whether an import or export declaration only names types (TypeScript and esbuild erase it). */
function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false; // import "./x": loaded for its effects
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    return (
      clause.name === undefined &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((e) => e.isTypeOnly)
    );
  }
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((e) => e.isTypeOnly)
  );
}

/** The modules a source file loads when it runs: the specifiers, in source order. */
function loadedSpecifiers(source: string, fileName = "module.ts"): string[] {
  const kind = /\.[cm]?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, kind);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier) && !typeOnly(node)) found.push(node.moduleSpecifier.text);
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (!node.isTypeOnly && ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression))
        found.push(ref.expression.text);
      return;
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword || // import("./x")
        (ts.isIdentifier(callee) && callee.text === "require") || // require("./x")
        (ts.isCallExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === "createRequire"); // createRequire(f)("./x")
      const spec = loads ? stringArgument(node) : undefined;
      if (spec !== undefined) found.push(spec);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const MODULE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** The project file a specifier names from `file`, or undefined for a package's own module. */
function resolveSpecifier(file: string, spec: string): string | undefined {
  if (PACKAGE_SOURCES[spec]) return PACKAGE_SOURCES[spec];
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(file), spec);
  return [base, `${base}.ts`, path.join(base, "index.ts")].find(
    (f) => MODULE_FILE.test(f) && fs.existsSync(f) && fs.statSync(f).isFile(),
  );
}

/** Each file's specifiers, read once for all the suites. */
const specifiersByFile = new Map<string, string[]>();
const specifiersOf = (file: string): string[] => {
  let specs = specifiersByFile.get(file);
  if (!specs) specifiersByFile.set(file, (specs = loadedSpecifiers(fs.readFileSync(file, "utf8"), file)));
  return specs;
};

/** Whether a file loads one of the targets, directly or through the project's other modules. */
function reaches(file: string, targets: string[], seen = new Set<string>()): boolean {
  if (targets.includes(file)) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  return specifiersOf(file).some((spec) => {
    const resolved = resolveSpecifier(file, spec);
    return resolved !== undefined && reaches(resolved, targets, seen);
  });
}

function suites(dir = path.join(ROOT, "tests")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? suites(full) : e.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("the matcher", () => {
  it("counts side-effect imports, require() (also through createRequire) and import()", () => {
    const source = `
      import "../offline/promise-bookkeeping";
      const { deferUnusedModules } = require("./defer-unused-modules.cjs");
      createRequire(__filename)("../../offline/defer-unused-modules.cjs").deferUnusedModules();
      const later = () => import("./lazy");`;
    expect(loadedSpecifiers(source)).toEqual([
      "../offline/promise-bookkeeping",
      "./defer-unused-modules.cjs",
      "../../offline/defer-unused-modules.cjs",
      "./lazy",
    ]);
    expect(
      loadedSpecifiers(`"use strict";\nrequire("./defer-unused-modules.cjs").deferUnusedModules();`, "boot.cjs"),
    ).toEqual(["./defer-unused-modules.cjs"]);
  });

  it("does not count imports TypeScript erases: import type, export type, and named imports that are all `type`", () => {
    const source = `
      import type { A } from "./a";
      import { type B } from "./b";
      import { type C, type D } from "./c";
      export type { E } from "./e";
      export { type F } from "./f";
      import {
        type G,
        h,
      } from "./g";
      import I, { type J } from "./i";
      export * from "./k";
      export { l } from "./l";`;
    expect(loadedSpecifiers(source)).toEqual(["./g", "./i", "./k", "./l"]);
  });

  it("resolves twin-region/<module> to the source its exports entry names, and relative .cjs and .ts modules", () => {
    const suite = path.join(ROOT, "tests", "offline", "a.test.ts");
    expect(resolveSpecifier(suite, "twin-region/testing")).toBe(path.join(ROOT, "offline", "testkit.ts"));
    expect(resolveSpecifier(suite, "twin-region")).toBe(path.join(ROOT, "index.ts"));
    expect(resolveSpecifier(suite, "../../offline/defer-unused-modules.cjs")).toBe(RUNTIME[2]);
    expect(resolveSpecifier(suite, "../../offline/run-program")).toBe(RUNTIME[0]);
    expect(resolveSpecifier(suite, "../../components/storage")).toBe(
      path.join(ROOT, "components", "storage", "index.ts"),
    );
    expect(resolveSpecifier(suite, "@pulumi/pulumi")).toBeUndefined();
  });

  it("follows them: the test kit reaches the runtime, the plan process's boot reaches the deferral, a pure module reaches nothing", () => {
    expect(reaches(path.join(ROOT, "offline", "testkit.ts"), RUNTIME)).toBe(true);
    expect(reaches(path.join(ROOT, "offline", "worker-boot.cjs"), [RUNTIME[2]!])).toBe(true);
    expect(reaches(path.join(ROOT, "components", "shared", "errors.ts"), RUNTIME)).toBe(false);
  });
});

describe("suite kinds", () => {
  const all = suites();

  it("finds the suites and the runtime modules", () => {
    expect(all.length).toBeGreaterThan(30);
    for (const file of RUNTIME) expect(fs.existsSync(file), file).toBe(true);
  });

  it("every suite that runs Pulumi's runtime in its process is named *.pulumi.test.ts", () => {
    const misnamed = all
      .filter((f) => !f.endsWith(".pulumi.test.ts") && reaches(f, RUNTIME))
      .map((f) => path.relative(ROOT, f));
    expect(misnamed).toEqual([]);
  });

  it("every *.pulumi.test.ts runs the runtime (a suite that does not is cheaper as a plain *.test.ts)", () => {
    const needless = all
      .filter((f) => f.endsWith(".pulumi.test.ts") && !reaches(f, RUNTIME))
      .map((f) => path.relative(ROOT, f));
    expect(needless).toEqual([]);
  });
});
