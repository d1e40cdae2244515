/**
 * What the README and docs/seed-mapping.md say about the repository holds: the paths they cite
 * exist, the code they show imports the package as a consumer would, the Node.js version the
 * tests run on is the one stated as tested, the components built are documented as built, and
 * each seed label points at the file that creates it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { USAGE } from "../../offline/plan-args";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const SEED_MAPPING = fs.readFileSync(path.join(ROOT, "docs", "seed-mapping.md"), "utf8");

/** The README without its generated reference blocks (their text is the components' TSDoc). */
const handWritten = README.replace(/<!-- reference:begin (\w+) -->[\s\S]*?<!-- reference:end \1 -->/g, "");

const citedPaths = (text: string) => [
  ...new Set(
    [
      ...text.matchAll(
        /\b((?:components|offline|stacks|tests|policy|functions|docs|examples|bench)\/[\w./-]*\.(?:ts|cjs|mts|md|mmd|json|yaml))\b/g,
      ),
    ].map((m) => m[1]!),
  ),
];

/** A Markdown table's row for `label`, as cells. */
const row = (table: string, label: string) =>
  table
    .split("\n")
    .find((l) => l.startsWith(`| ${label} |`))
    ?.split("|")
    .slice(1, -1)
    .map((c) => c.trim());

describe("the README and the seed mapping", () => {
  it("cite only files the repository has, and no document it does not (the seeds' architecture notes are not part of it)", () => {
    const missing = [...citedPaths(README), ...citedPaths(SEED_MAPPING)].filter(
      (p) => !fs.existsSync(path.join(ROOT, p)),
    );
    expect(missing).toEqual([]);
    expect(handWritten).not.toMatch(/architecture notes/i);
  });

  it("show code that imports the library by its package names (twin-region/testing, …), never by a path into this repository", () => {
    const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const relative = blocks.flatMap((b) =>
      [...b.matchAll(/\bfrom\s+["']([^"']+)["']/g)].map((m) => m[1]!).filter((s) => s.startsWith(".")),
    );
    expect(relative).toEqual([]);
    expect(handWritten).toContain('from "twin-region/testing"');
  });

  it("state the Node.js version the tests run on as the tested one, apart from what engines declares", () => {
    const section = README.slice(README.indexOf("### Supported versions"), README.indexOf("## Configuration"));
    const [major, minor] = process.versions.node.split(".");
    expect(section).toContain(`**Tested:** Node.js ${major}.${minor}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
    expect(section).toContain(`\`engines\` says \`${pkg.engines.node}\``);
  });

  it("document ObservabilityStack, which is built, with its reference, and no longer as future work", () => {
    const mentions = handWritten.split(/(?<=\.)\s/).filter((sentence) => sentence.includes("ObservabilityStack"));
    expect(mentions.length).toBeGreaterThan(0);
    expect(mentions.filter((m) => /not built yet|future work/.test(m))).toEqual([]);
    expect(README).toContain("<!-- reference:begin ObservabilityStack -->");
    expect(fs.readFileSync(path.join(ROOT, "components", "observability", "observability-stack.ts"), "utf8")).toContain(
      "class ObservabilityStack",
    );
  });

  it("list the options of `npm start` as its --help does: the same flags in the options table as in USAGE, and the same exit codes", () => {
    const flags = (text: string) =>
      [...new Set([...text.matchAll(/(?<![\w-])--[a-z][a-z-]+/g)].map((m) => m[0]))].sort();
    const from = README.indexOf("Options (`npm start -- --help`):");
    const table = README.slice(from, README.indexOf("\n\n", README.indexOf("| --- |", from)));
    const tableFlags = table.split("\n").flatMap((l) => (/^\| `--/.test(l) ? [/^\| `(--[a-z-]+)/.exec(l)![1]!] : []));
    expect(tableFlags.sort()).toEqual(flags(USAGE.slice(0, USAGE.indexOf("Exit codes"))).filter((f) => f !== "--help"));
    const codes = (text: string) =>
      [...text.matchAll(/`?(\d)`? (?:ok|a mandatory|a config|with --diff)/g)].map((m) => m[1]);
    const readmeCodes = README.slice(
      README.indexOf("Exit codes:", from),
      README.indexOf("\n\n", README.indexOf("Exit codes:", from)),
    );
    expect(codes(readmeCodes.replace(/`--diff`/g, "--diff"))).toEqual(codes(USAGE.slice(USAGE.indexOf("Exit codes"))));
  });

  it("seed labels S1, S2 and R2 point at the code that creates the bucket: the lake's bucket (both regions) and the pipeline's retention bucket", () => {
    const pipeline = fs.readFileSync(path.join(ROOT, "components", "ingestion", "pipeline.ts"), "utf8");
    const lakeStack = fs.readFileSync(path.join(ROOT, "stacks", "datalake.ts"), "utf8");
    const lake = fs.readFileSync(path.join(ROOT, "components", "datalake", "lake.ts"), "utf8");
    for (const label of ["S1", "S2"]) expect(row(SEED_MAPPING, label)![3]).toContain("stacks/datalake.ts");
    const s2 = row(SEED_MAPPING, "S2")!;
    expect(s2[3]).toContain("components/datalake/lake.ts");
    expect(s2[3]).toContain("`<lake>-bucket`");
    expect(s2[3]).toContain('`role: "replica"`');
    expect(lake).toContain("`${ctx.name}-bucket`");
    expect(lakeStack).toContain('role: config.role === "primary" ? "primary" : "replica"');
    expect(lakeStack).toContain("processedBucket: { existing: lake.bucket, prefixes: INGESTION_LAKE_PREFIXES }");
    const r2 = row(SEED_MAPPING, "R2")!;
    expect(r2[3]).toMatch(/^components\/ingestion\/pipeline\.ts \(`<pipeline>-retention`/);
    expect(pipeline).toContain("`${name}-retention`");
    expect(fs.readFileSync(path.join(ROOT, "components", "ingestion", "retention.ts"), "utf8")).toContain(
      "FirehoseDeliveryStream",
    );
  });
});
