/**
 * `npm run test:workflows`: the credential-free pull-request job (.github/workflows/pull-request.yml,
 * job "plan") run here, step by step, as GitHub Actions would run it on a pull request whose base
 * is this commit (HEAD): its `run:` steps in bash with the job's env, `${{ }}` expressions filled in
 * from a fake GitHub context, GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY files, and the
 * comment step's github-script run against a fake GitHub.
 *
 * Not run here: the `uses:` steps of checkout and setup-node (this checkout and this Node are
 * theirs), upload-artifact (the test checks the files it would upload exist instead), and the
 * `npm ci` and `npm test` steps: they are what is running this test. The base's plan links this
 * checkout's node_modules (BASE_NODE_MODULES) instead of `npm ci` in the base's tree, so the test
 * needs no network; in Actions the base installs its own lockfile.
 *
 * Slow (it plans both stacks twice, the base and this branch), so not part of `npm test`; CI runs it
 * after `npm test` (.ci/run).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, shown, type Run } from "../../package/support";
import { readWorkflow, ROOT, type Step } from "../workflows";

const MARKER = "<!-- twin-region-plan -->";
/** Run steps that are not run here (see above). */
const NOT_RUN = new Set(["npm ci --no-audit --no-fund", "npm test"]);

interface StepRun {
  step: Step;
  run: Run;
  outputs: Record<string, string>;
}

const job = readWorkflow("pull-request.yml").jobs.plan!;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-pr-job-"));
const runnerTemp = path.join(scratch, "runner-temp");
const summaryFile = path.join(scratch, "step-summary.md");
const envFile = path.join(scratch, "github-env");
const git = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout.trim();
const baseSha = git("rev-parse", "HEAD");
const cleanTree = git("status", "--porcelain", "--untracked-files=no") === "";

/** The environment Actions gives every step, and what earlier steps added through GITHUB_ENV. */
const jobEnv: Record<string, string> = {
  CI: "true",
  GITHUB_ACTIONS: "true",
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_REPOSITORY: "acme/twin-region",
  GITHUB_WORKSPACE: ROOT,
  GITHUB_STEP_SUMMARY: summaryFile,
  GITHUB_ENV: envFile,
  RUNNER_TEMP: runnerTemp,
  RUNNER_OS: "Linux",
  BASE_NODE_MODULES: path.join(ROOT, "node_modules"),
};
const outputs: Record<string, Record<string, string>> = {};
const outcomes: Record<string, "success" | "failure"> = {};

/** `${{ ... }}` as Actions evaluates the few expressions the job's run steps use; anything else fails the test. */
function evaluate(text: string): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (expr === "github.event.pull_request.base.sha") return baseSha;
    if (expr === "runner.temp") return runnerTemp;
    let m = /^env\.(\w+)$/.exec(expr);
    if (m) return jobEnv[m[1]!] ?? "";
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (m) return outputs[m[1]!]?.[m[2]!] ?? "";
    throw new Error(`the pull-request job uses the expression \${{ ${expr} }}, which this test does not evaluate`);
  });
}

/** GITHUB_OUTPUT / GITHUB_ENV lines: name=value (the job writes no multi-line values). */
function keyValues(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

async function runStep(step: Step, index: number): Promise<StepRun> {
  if (step.if) throw new Error(`run step ${index} has an if: (${step.if}), which this test does not evaluate`);
  const outputFile = path.join(scratch, `output-${index}`);
  fs.writeFileSync(outputFile, "");
  const env: Record<string, string> = { ...jobEnv, GITHUB_OUTPUT: outputFile };
  for (const [k, v] of Object.entries({ ...job.env, ...step.env })) env[k] = evaluate(String(v));
  const cwd = step["working-directory"] ? path.join(ROOT, step["working-directory"]) : ROOT;
  // GitHub's `shell: bash`: bash --noprofile --norc -eo pipefail {0}
  const result = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], { cwd, env });
  const stepOutputs = keyValues(outputFile);
  if (step.id) {
    outputs[step.id] = stepOutputs;
    outcomes[step.id] = result.code === 0 ? "success" : "failure";
  }
  Object.assign(jobEnv, keyValues(envFile));
  return { step, run: result, outputs: stepOutputs };
}

const ran: StepRun[] = [];
const skipped: string[] = [];
/** What the comment step posted (a fake GitHub with no comments yet: it creates one). */
let comment: string | undefined;

/** The comment step's inline script, with github-script's arguments: a fake GitHub, the PR's context. */
async function runCommentScript(step: Step) {
  const posted: string[] = [];
  const github = {
    paginate: async () => [],
    rest: {
      issues: {
        listComments: async () => ({ data: [] }),
        createComment: async ({ body }: { body: string }) => (posted.push(body), { data: {} }),
        updateComment: async () => {},
      },
    },
  };
  const context = {
    repo: { owner: "acme", repo: "twin-region" },
    payload: { pull_request: { number: 1, head: { repo: { full_name: "acme/twin-region" } } } },
  };
  const core = { info: () => {}, notice: () => {} };
  const env = { ...jobEnv };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v));
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const script = new AsyncFunction(
    "require",
    "github",
    "context",
    "core",
    "process",
    `return (async () => {${step.with!.script}})()`,
  );
  await script(createRequire(path.join(ROOT, "package.json")), github, context, core, { env });
  comment = posted.join("\n----\n");
}

beforeAll(async () => {
  fs.mkdirSync(runnerTemp);
  fs.writeFileSync(summaryFile, "");
  fs.writeFileSync(envFile, "");
  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.run?.trim() ?? step.uses!;
    if (step.uses?.startsWith("actions/github-script@")) {
      await runCommentScript(step);
      continue;
    }
    if (step.uses || NOT_RUN.has(step.run!.trim())) {
      skipped.push(name);
      continue;
    }
    const r = await runStep(step, index);
    ran.push(r);
    if (r.run.code !== 0) break; // as Actions stops a job at a failed step
  }
}, 600_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const planDir = () => jobEnv.PLAN_DIR!;

describe("the pull-request job, run locally", () => {
  it("runs every step it can to success, the verdict last", () => {
    for (const r of ran) expect(r.run.code, shown(r.run)).toBe(0);
    expect(ran.map((r) => r.step.run!.trim()).at(-1)).toBe("scripts/pr-plan.sh verdict");
    expect(skipped).toEqual([
      "actions/checkout@v6",
      "actions/setup-node@v6",
      "npm ci --no-audit --no-fund",
      "npm test",
      "upload the plan",
    ]);
  });

  it("plans the base commit and diffs this checkout against it: unchanged for the same commit", () => {
    expect(outputs.plan).toMatchObject({ diff: "true" });
    expect(["0", "3"]).toContain(outputs.plan!["exit-code"]);
    // The same commit on both sides: nothing may differ (unless this tree has uncommitted changes).
    if (cleanTree) expect(outputs.plan!["exit-code"]).toBe("0");
    const base = JSON.parse(fs.readFileSync(path.join(planDir(), "base.json"), "utf8"));
    const head = JSON.parse(fs.readFileSync(path.join(planDir(), "plan.json"), "utf8"));
    for (const doc of [base, head])
      expect(doc.stacks.map((s: { name: string }) => s.name)).toEqual(["primary", "secondary"]);
  });

  it("leaves every file the upload step uploads", () => {
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    const files = evaluate(String(upload.with!.path)).trim().split("\n");
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(fs.existsSync(file), file).toBe(true);
  });

  it("writes the report with the marker first, to the job summary and as the PR comment", () => {
    const report = fs.readFileSync(path.join(planDir(), "plan-report.md"), "utf8");
    expect(report.split("\n")[0]).toBe(MARKER);
    expect(report).not.toMatch(/before writing its report/);
    expect(fs.readFileSync(summaryFile, "utf8")).toBe(report);
    expect(comment).toBe(report);
  });
});
