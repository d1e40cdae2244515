/**
 * `npm run bench`: the project's performance figures, measured in one run on this machine and
 * printed as times and ratios with their goals (never asserted in tests). The first lines are the
 * plan's throughput against Pulumi's bare mocked runtime (bench/plan-throughput.ts); then:
 *   - each stack's plan time inside its process, and resources planned per second;
 *   - the same regional network in 1, 2, 4 and 8 regions of one program, as a ratio to 1 region;
 *   - the functions (bench/functions.ts): consumer throughput, batched vs one PutItem per record,
 *     and each Lambda bundle's size and cold load time.
 * `npm run bench -- --tests` also times `npm test` (about 40 s more).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { orderStacks, planStacksInWorkers } from "../offline/plan-order";
import { packageRoot } from "../components/shared/package-root";
import { functionsBenchmark } from "./functions";
import { ratioOf, throughput, type Throughput } from "./plan-throughput";
import { fmt, median } from "./stats";

const PROJECT_ROOT = packageRoot();
const RUNS = 3;
const RATIO_GOAL = 0.7;
const TEST_GOAL_SECONDS = 60;

function printThroughput(rows: Throughput[]): void {
  console.log("what                                         registrations   plan     bare runtime   ratio   goal");
  for (const t of rows) {
    const ratio = ratioOf(t);
    const verdict = ratio >= RATIO_GOAL ? "met" : "MISSED";
    console.log(
      `${t.what.padEnd(44)} ${String(t.registrations).padStart(8)}   ${(t.planMs / 1000).toFixed(2)} s     ${(t.bareMs / 1000).toFixed(2)} s     ${ratio.toFixed(2)}×   ≥ ${RATIO_GOAL}× ${verdict}`,
    );
  }
  for (const t of rows)
    console.log(
      `peak memory, ${t.what}: ${t.planPeakMb.map((mb) => `${mb} MB`).join(" + ")} per plan process (bare runtime: ${t.barePeakMb} MB)`,
    );
}

async function perStack() {
  const rows: { stack: string; ms: number; resources: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await planStacksInWorkers(orderStacks(PROJECT_ROOT, []), {});
    if ("failure" in result) throw new Error(`${result.failure.stack}: ${result.failure.message}`);
    for (const s of result.stacks)
      rows.push({
        stack: s.name,
        ms: result.elapsedMs[s.name]!,
        resources: s.resources.filter((r) => r.custom).length,
      });
  }
  console.log("\nplan time inside each stack's process (from source, through tsx)");
  console.log("stack        plan ms  resources  resources/s");
  for (const stack of [...new Set(rows.map((r) => r.stack))]) {
    const mine = rows.filter((r) => r.stack === stack);
    const ms = median(mine.map((r) => r.ms));
    const resources = mine[0]!.resources;
    console.log(`${stack.padEnd(10)} ${fmt(ms)}   ${fmt(resources)}   ${fmt((resources / ms) * 1000)}`);
  }
}

function multiRegion(count: number): { ms: number; resources: number } {
  const samples = Array.from({ length: RUNS }, () => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "multi-region.ts"), String(count)],
      { cwd: PROJECT_ROOT, encoding: "utf8" },
    );
    return JSON.parse(out.trim().split("\n").pop()!) as { ms: number; resources: number };
  });
  return { ms: median(samples.map((s) => s.ms)), resources: samples[0]!.resources };
}

function regions(): void {
  console.log("\nsame network in N regions of one program");
  console.log("regions  plan ms  resources  ratio to 1 region  (linear would be N; goal ≤ 10× at 8)");
  const base = multiRegion(1);
  for (const n of [1, 2, 4, 8]) {
    const m = n === 1 ? base : multiRegion(n);
    console.log(`${String(n).padStart(7)} ${fmt(m.ms)}   ${fmt(m.resources)}   ${fmt(m.ms / base.ms, 2)}x`);
  }
}

function testSuite(): void {
  const started = performance.now();
  const result = spawnSync("npm", ["test", "--silent"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const seconds = (performance.now() - started) / 1000;
  const tests = /Tests\s+(\d+) passed/.exec(result.stdout)?.[1] ?? "?";
  const verdict = result.status === 0 && seconds < TEST_GOAL_SECONDS ? "met" : "MISSED";
  console.log(
    `\nnpm test: ${tests} tests, exit ${result.status}, ${seconds.toFixed(1)} s wall (goal < ${TEST_GOAL_SECONDS} s) ${verdict}`,
  );
}

async function main() {
  const date = new Date().toISOString().slice(0, 10);
  console.log(
    `twin-region benchmark, ${date}, node ${process.version}, ${os.availableParallelism()} cores (median of ${RUNS} runs each)\n`,
  );
  console.log(
    "plan throughput against Pulumi's bare mocked runtime at the same registration count, process start included",
  );
  printThroughput([
    throughput("npm start, both stacks", ["npm", "start", "--silent"], RUNS),
    throughput("  its command, node offline/start.cjs", ["offline/start.cjs"], RUNS),
    throughput("one stack of 6 environments (3× the graph)", ["bench/scaled-plan.cjs", "6"], RUNS),
  ]);
  if (process.argv.includes("--tests")) testSuite();
  await perStack();
  regions();
  await functionsBenchmark();
}

void main();
