/**
 * The insecure graph (tests/policy/fixtures/insecure-graph.json): every rule's violating specs
 * from its case table, written as a plan document, must make every rule of the pack report its
 * own mistake: in process through the offline runner, and end to end through `npm start --graph`.
 *
 * Each case is a stack of its own, its names prefixed with the rule's name. Cases reuse physical
 * names (bucket "archive-abc1234", API "abc123" stage "prod", ...), and rules rightly match
 * resources by them: in one shared stack, the lifecycle from one case would be the lifecycle of
 * another case's bucket, and that rule's mistake would be hidden.
 *
 * The fixture is generated from the cases and committed; the test fails when the committed file
 * differs from what the cases produce. `UPDATE_FIXTURES=1 npx vitest run tests/policy/insecure-graph.test.ts`
 * rewrites it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, shown, start, type Run } from "../support/run-start";
import type { PlanDocument } from "../../offline/graph";
import { planDocumentJson, readGraphFile } from "../../offline/graph-file";
import type { PackConfig } from "../../offline/policy-config";
import { evaluatePolicies, type Violation } from "../../offline/policy-runner";
import { ALL_RULES } from "../../policy/rules";
import { ALL_RULE_CASES } from "./cases";
import { namespaced, stackGraph, type RuleCase } from "./harness";

const FIXTURE = path.join(__dirname, "fixtures", "insecure-graph.json");
const REGION = "us-east-1";

/**
 * Each rule's case in the fixture: its first one. A rule's further cases vary its settings, and
 * one pack config holds one set of settings per rule.
 */
const firstCases = new Map<string, RuleCase>();
for (const c of ALL_RULE_CASES) if (!firstCases.has(c.rule.name)) firstCases.set(c.rule.name, c);
const fixtureCases = ALL_RULES.flatMap((r) => firstCases.get(r.name) ?? []);

/** The settings the cases give their rules, as a pack config. */
const caseConfig: PackConfig = Object.fromEntries(
  fixtureCases.filter((c) => c.config).map((c) => [c.rule.name, c.config as PackConfig[string]]),
);

function insecureGraph(): PlanDocument {
  return {
    stacks: fixtureCases.map((c) =>
      stackGraph(namespaced(c.rule.name, c.violating), { name: c.rule.name, region: REGION }),
    ),
  };
}

/** Where two texts first differ, for a short failure message instead of a diff of the whole file. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? "(end of file)")}, generated ${JSON.stringify(b[at] ?? "(end of file)")}`;
}

/** A violation of `rule` on its own case: on a resource named `rule/...`, or stack-wide (no URN) in the rule's own stack. */
const isOwn = (rule: string, stack: string, v: Violation) =>
  v.rule === rule && (v.resourceName !== undefined ? v.resourceName.startsWith(`${rule}/`) : stack === rule);

/** The violation lines renderViolations prints ("  [level] rule: subject: message"), each with the line after it. */
function violationLines(stdout: string) {
  const lines = stdout.split("\n");
  return lines.flatMap((line, i) => {
    const m = /^ {2}\[([a-z]+)\] (\S+): /.exec(line);
    return m ? [{ line, level: m[1]!, rule: m[2]!, next: lines[i + 1] ?? "" }] : [];
  });
}

let generated = "";
let committed: string | undefined;
let tmp = "";
let runs: Promise<[Run, Run]>;

beforeAll(() => {
  generated = `${planDocumentJson(insecureGraph())}\n`;
  committed = fs.existsSync(FIXTURE) ? fs.readFileSync(FIXTURE, "utf8") : undefined;
  if (committed !== generated && process.env.UPDATE_FIXTURES === "1") {
    fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
    fs.writeFileSync(FIXTURE, generated);
    committed = generated;
  }
  // The command line runs (a few seconds each) start now and run while the in-process tests do.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "insecure-graph-"));
  const mandatoryConfig = path.join(tmp, "policy-config.json");
  const advisoryConfig = path.join(tmp, "advisory-config.json");
  fs.writeFileSync(mandatoryConfig, JSON.stringify(caseConfig));
  fs.writeFileSync(advisoryConfig, JSON.stringify({ all: "advisory", ...caseConfig }));
  const graph = path.relative(PROJECT_ROOT, FIXTURE);
  runs = Promise.all([
    start("--graph", graph, "--policy-config", mandatoryConfig),
    start("--graph", graph, "--policy-config", advisoryConfig),
  ]);
  // Failures are reported by the tests that await the runs.
  runs.catch(() => undefined);
});

afterAll(async () => {
  await runs?.catch(() => undefined);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the insecure graph fixture", () => {
  it("has a case for every rule of the pack, and exactly one of each in the graph", () => {
    const ruleNames = ALL_RULES.map((r) => r.name);
    expect(new Set(ruleNames).size, "rule names are unique").toBe(ruleNames.length);
    const known = new Set(ALL_RULES);
    const strays = ALL_RULE_CASES.filter((c) => !known.has(c.rule)).map((c) => c.rule.name);
    expect(strays, "cases whose rule is not in ALL_RULES").toEqual([]);
    const uncovered = ALL_RULES.filter((r) => !firstCases.has(r.name)).map((r) => r.name);
    expect(uncovered, "rules without a case in tests/policy/cases").toEqual([]);
    expect(insecureGraph().stacks.map((s) => s.name)).toEqual(ruleNames);
  });

  it("is committed as the cases produce it", () => {
    expect(
      committed,
      `${FIXTURE} is missing: run UPDATE_FIXTURES=1 npx vitest run tests/policy/insecure-graph.test.ts`,
    ).toBeDefined();
    expect(
      committed === generated,
      `${path.relative(PROJECT_ROOT, FIXTURE)} differs from what the cases produce (${firstDifference(committed!, generated)}): run UPDATE_FIXTURES=1 npx vitest run tests/policy/insecure-graph.test.ts`,
    ).toBe(true);
  });

  it("makes every rule of the pack report its own case's mistake, with the case's message", () => {
    const doc = readGraphFile(FIXTURE);
    // Every rule runs on every stack; a stack gets only its own rule's settings, the one verdict
    // asserted there (the settings schemas are compiled per call: the whole config 149 times costs seconds).
    const settingsOf = (stack: string) => (caseConfig[stack] ? { [stack]: caseConfig[stack] } : undefined);
    const found = doc.stacks.map((s) => ({
      stack: s.name,
      violations: evaluatePolicies(s, ALL_RULES, settingsOf(s.name)),
    }));
    const silent: string[] = [];
    const wrongMessage: string[] = [];
    for (const c of fixtureCases) {
      const rule = c.rule.name;
      const own = found.flatMap(({ stack, violations }) => violations.filter((v) => isOwn(rule, stack, v)));
      if (own.length === 0) {
        silent.push(rule);
        continue;
      }
      const text = own.map((v) => v.message.split(`${rule}/`).join("")).join("\n");
      if (!c.message.test(text))
        wrongMessage.push(`${rule}: ${JSON.stringify(text)} does not match ${String(c.message)}`);
    }
    expect(silent, "rules that report nothing on their own case").toEqual([]);
    expect(wrongMessage).toEqual([]);
  });
});

describe("npm start --graph on the insecure graph", () => {
  it("exits 1 and prints every rule's violations with their enforcement level and fix", async () => {
    const [run] = await runs;
    expect(run.code, shown(run)).toBe(1);
    const printed = violationLines(run.stdout);
    const missing = ALL_RULES.map((r) => r.name).filter((name) => !printed.some((p) => p.rule === name));
    expect(missing, "rules not named in a violation line").toEqual([]);
    for (const p of printed) {
      expect(["advisory", "mandatory", "remediate"], p.line).toContain(p.level);
      expect(p.next, `the line after ${JSON.stringify(p.line)}`).toMatch(/^ {6}fix: \S/);
    }
    expect(printed.some((p) => p.level === "mandatory")).toBe(true);
    expect(run.stderr).toMatch(/mandatory policy violation\(s\): a deployment would be blocked/);
  });

  it("exits 0 with every rule at advisory, still naming every rule", async () => {
    const [, run] = await runs;
    expect(run.code, shown(run)).toBe(0);
    const printed = violationLines(run.stdout);
    expect(new Set(printed.map((p) => p.rule))).toEqual(new Set(ALL_RULES.map((r) => r.name)));
    expect(printed.filter((p) => p.level !== "advisory").map((p) => p.line)).toEqual([]);
    for (const p of printed) expect(p.next, `the line after ${JSON.stringify(p.line)}`).toMatch(/^ {6}fix: \S/);
  });
});
