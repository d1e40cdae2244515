/**
 * The rule for suites (README, "Testing"), held by the file names: a suite that runs Pulumi's
 * mocked runtime in its process (it reaches offline/run-program.ts, where planProgram sets the
 * mocks) is a `*.pulumi.test.ts`, which gets a process of its own; every other suite is a plain
 * `*.test.ts` and shares worker threads and loaded modules with the others.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const RUNTIME = path.join(ROOT, "offline", "run-program.ts");

/** The project's own modules a file imports, directly or through others (relative imports only). */
function reaches(file: string, target: string, seen = new Set<string>()): boolean {
    if (file === target) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    for (const [, spec] of source.matchAll(/(?:from|import|require)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
        const base = path.resolve(path.dirname(file), spec!);
        const resolved = [base, `${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
        if (resolved && resolved.endsWith(".ts") && reaches(resolved, target, seen)) return true;
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

    it("finds the suites and the runtime module", () => {
        expect(all.length).toBeGreaterThan(30);
        expect(fs.existsSync(RUNTIME)).toBe(true);
    });

    it("every suite that runs Pulumi's runtime in its process is named *.pulumi.test.ts", () => {
        const misnamed = all.filter((f) => !f.endsWith(".pulumi.test.ts") && reaches(f, RUNTIME)).map((f) => path.relative(ROOT, f));
        expect(misnamed).toEqual([]);
    });

    it("every *.pulumi.test.ts runs the runtime (a suite that does not is cheaper as a plain *.test.ts)", () => {
        const needless = all.filter((f) => f.endsWith(".pulumi.test.ts") && !reaches(f, RUNTIME)).map((f) => path.relative(ROOT, f));
        expect(needless).toEqual([]);
    });
});
