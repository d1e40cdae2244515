/**
 * `npm run bench`: offline plan figures, measured in one run on this machine and printed as
 * times and ratios (never asserted in tests).
 *   1. `npm start` wall time for both stacks (median of 3), the figure the 10 s goal is about.
 *   2. Each stack's plan time inside its process, and resources planned per second.
 *   3. Plan time of the same regional network in 1, 2, 4 and 8 regions of one program, as a
 *      ratio to 1 region (goal: no worse than linear, ratio at 8 ≤ 10).
 *   4. The functions (bench/functions.ts): consumer throughput, batched vs one PutItem per record
 *      (goal ≥ 5×), and each Lambda bundle's size and cold load time (goals < 1 MB, < 250 ms).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { orderStacks, planStacksInWorkers } from "../offline/plan-order";
import { PROJECT_ROOT } from "../offline/stack-files";
import { functionsBenchmark } from "./functions";
import { fmt, median } from "./stats";

const RUNS = 3;

function npmStartWallTime(): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "offline/start.cjs")], { cwd: PROJECT_ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`npm start failed (exit ${result.status}):\n${result.stderr}`);
    times.push(performance.now() - start);
  }
  return times;
}

async function perStack() {
  const rows: { stack: string; ms: number; resources: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await planStacksInWorkers(orderStacks(PROJECT_ROOT, []), {});
    if ("failure" in result) throw new Error(`${result.failure.stack}: ${result.failure.message}`);
    for (const s of result.stacks) rows.push({ stack: s.name, ms: result.elapsedMs[s.name]!, resources: s.resources.filter((r) => r.custom).length });
  }
  return rows;
}

function multiRegion(count: number): { ms: number; resources: number } {
  const samples = Array.from({ length: RUNS }, () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "multi-region.ts"), String(count)], { cwd: PROJECT_ROOT, encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!) as { ms: number; resources: number };
  });
  return { ms: median(samples.map((s) => s.ms)), resources: samples[0]!.resources };
}

async function main() {
  console.log(`twin-region offline plan benchmark (${RUNS} runs each, median; node ${process.version})\n`);

  const wall = npmStartWallTime();
  console.log(`npm start, both stacks, wall time: ${(median(wall) / 1000).toFixed(2)} s (runs: ${wall.map((t) => (t / 1000).toFixed(2)).join(", ")} s; goal < 10 s)\n`);

  const rows = await perStack();
  console.log("stack        plan ms  resources  resources/s");
  for (const stack of [...new Set(rows.map((r) => r.stack))]) {
    const mine = rows.filter((r) => r.stack === stack);
    const ms = median(mine.map((r) => r.ms));
    const resources = mine[0]!.resources;
    console.log(`${stack.padEnd(10)} ${fmt(ms)}   ${fmt(resources)}   ${fmt((resources / ms) * 1000)}`);
  }

  console.log("\nsame network in N regions of one program");
  console.log("regions  plan ms  resources  ratio to 1 region  (linear would be N)");
  const base = multiRegion(1);
  for (const n of [1, 2, 4, 8]) {
    const m = n === 1 ? base : multiRegion(n);
    console.log(`${String(n).padStart(7)} ${fmt(m.ms)}   ${fmt(m.resources)}   ${fmt(m.ms / base.ms, 2)}x`);
  }

  await functionsBenchmark();
}

void main();
