/**
 * `npm start -- --graph HEAD --diff BASE --report FILE` at the process boundary: the exit code a bot
 * acts on (3 when the plan differs, 0 when not, 2 for a bad base) and the report file it posts. The
 * graphs are two small saved plans (`--graph` runs no program), evaluated with every rule advisory
 * so that only the diff decides the code.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_MARKER } from "../../offline/pr-report";
import { shown, start, type Run } from "../support/run-start";

const STACK = "urn:pulumi:primary::twin-region::pulumi:pulumi:Stack::twin-region-primary";
const SECRET = "base-Db-Password-7f3a";
const NEW_SECRET = "head-Db-Password-91c2";

function graph(bucketVersioning: string, password: string, extra: object[] = []) {
  const resource = (type: string, name: string, inputs: object, secretOutputs: string[] = []) => ({
    urn: `urn:pulumi:primary::twin-region::${type}::${name}`,
    type,
    name,
    parent: STACK,
    region: "us-east-1",
    inputs,
    secretOutputs,
    dependencies: [],
  });
  return JSON.stringify({
    stacks: [
      {
        name: "primary",
        region: "us-east-1",
        outputs: { bucketName: "data-1" },
        resources: [
          { ...resource("pulumi:pulumi:Stack", "twin-region-primary", {}), parent: null, custom: false },
          resource("aws:s3/bucketVersioning:BucketVersioning", "data-versioning", {
            versioningConfiguration: { status: bucketVersioning },
          }),
          resource("aws:rds/cluster:Cluster", "db", { masterPassword: password }, ["masterPassword"]),
          ...extra,
        ],
        violations: [],
      },
    ],
  });
}

let dir: string;
let same: Run;
let differs: Run;
let badBase: Run;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-diff-"));
  fs.writeFileSync(file("base.json"), graph("Enabled", SECRET));
  fs.writeFileSync(file("head.json"), graph("Suspended", NEW_SECRET));
  fs.writeFileSync(file("advisory.json"), JSON.stringify({ all: "advisory" }));
  fs.writeFileSync(file("not.json"), "not a plan");
  const run = (head: string, base: string, report: string) =>
    start(
      "--graph",
      file(head),
      "--diff",
      file(base),
      "--report",
      file(report),
      "--policy-config",
      file("advisory.json"),
    );
  [same, differs, badBase] = await Promise.all([
    run("base.json", "base.json", "same.md"),
    run("head.json", "base.json", "differs.md"),
    run("head.json", "not.json", "bad.md"),
  ]);
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm start -- --diff BASE --report FILE", () => {
  it("exits 0 against an identical base and writes the report, marker first, saying there are no changes", () => {
    expect(same.code, shown(same)).toBe(0);
    expect(same.stdout).toContain(`Plan diff: no changes against the base plan ${file("base.json")}.`);
    const report = fs.readFileSync(file("same.md"), "utf8");
    expect(report.split("\n")[0]).toBe(REPORT_MARKER);
    expect(report).toContain("No changes: every stack plans the same resources, inputs and outputs.");
  });

  it("exits 3 when the plan differs, printing and reporting the changed keys without the secret's values", () => {
    expect(differs.code, shown(differs)).toBe(3);
    expect(differs.stdout).toContain(`Plan diff against the base plan ${file("base.json")}:`);
    expect(differs.stdout).toContain(`versioningConfiguration.status: "Enabled" → "Suspended"`);
    expect(differs.stdout).toContain("masterPassword: changed (secret, value not shown)");
    const report = fs.readFileSync(file("differs.md"), "utf8");
    expect(report.split("\n")[0]).toBe(REPORT_MARKER);
    expect(report).toContain("**primary**: 0 added, 0 removed, 2 changed.");
    for (const text of [differs.stdout, differs.stderr, report]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(NEW_SECRET);
    }
  });

  it("exits 2 on a base that is not a plan, naming the file, and writes no report", () => {
    expect(badBase.code, shown(badBase)).toBe(2);
    expect(badBase.stderr).toContain(`base plan (--diff) ${file("not.json")} is not valid JSON`);
    expect(fs.existsSync(file("bad.md"))).toBe(false);
  });
});
