/**
 * The rule for suites (README, "Testing"), held by the file names: a suite that runs or changes
 * Pulumi's process-wide runtime (it reaches offline/run-program.ts, where planProgram sets the
 * mocks, or offline/promise-bookkeeping.ts, which replaces a runtime function) is a
 * `*.pulumi.test.ts`, which gets a process of its own; every other suite is a plain `*.test.ts`
 * and shares worker threads and loaded modules with the others.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const RUNTIME = [path.join(ROOT, "offline", "run-program.ts"), path.join(ROOT, "offline", "promise-bookkeeping.ts")];

/** Whether a file loads one of the targets, directly or through the project's other modules (relative imports only). */
function reaches(file: string, targets: string[], seen = new Set<string>()): boolean {
  if (targets.includes(file)) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  const source = fs.readFileSync(file, "utf8");
  // Imports that load a module at run time: not `import type` / `export type`, which TypeScript erases.
  const specifiers = [
    ...[...source.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gm)]
      .filter((m) => !m[1])
      .map((m) => m[2]),
    ...[...source.matchAll(/(?:require|import)\s*\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g)].map((m) => m[1]),
  ];
  for (const spec of specifiers) {
    const base = path.resolve(path.dirname(file), spec!);
    const resolved = [base, `${base}.ts`, path.join(base, "index.ts")].find(
      (f) => fs.existsSync(f) && fs.statSync(f).isFile(),
    );
    if (resolved && resolved.endsWith(".ts") && reaches(resolved, targets, seen)) return true;
  }
  return false;
}

function suites(dir = path.join(ROOT, "tests")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? suites(full) : e.name.endsWith(".test.ts") ? [full] : [];
  });
}

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
