/**
 * Plan throughput against its limit, Pulumi's bare mocked runtime (bench/bare-runtime.cjs): each
 * plan command and a bare program registering the same number of resources, timed side by side
 * in this run (the runs interleaved, the median kept), process start included; the ratio is the
 * bare program's wall time over the plan's (resources per second, relative).
 *   - `npm start`, both stacks, as typed (npm's own start-up, about 0.2 s, included), and the
 *     command it runs, `node offline/start.cjs`.
 *   - One stack three times the size: bench/scaled-plan.cjs plans bench/scaled-program.ts.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "./stats";

const ROOT = path.resolve(__dirname, "..");

export interface Throughput {
  what: string;
  registrations: number;
  planMs: number;
  bareMs: number;
  /** Peak resident memory of each plan process, and of the bare program. */
  planPeakMb: number[];
  barePeakMb: number;
}

interface Run {
  ms: number;
  stdout: string;
}

/** A command line: `node SCRIPT ARGS` for a script of the project, or a program on the PATH (npm). */
export type Command = string[];

function run([program, ...args]: Command): Run {
  const started = performance.now();
  const [file, argv] = program!.endsWith(".cjs")
    ? [process.execPath, [path.join(ROOT, program!), ...args]]
    : [program!, args];
  const result = spawnSync(file, argv, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(
      `${[program, ...args].join(" ")} exited ${result.status}:\n${result.stderr}${result.stdout.slice(-2000)}`,
    );
  return { ms, stdout: result.stdout };
}

/** "Planned 2 stack(s), 402 registrations, …" and "Peak memory of each stack's plan process: primary 176 MB, …". */
function planFigures(stdout: string): { registrations: number; peakMb: number[] } {
  const registrations = /^Planned \d+ stack\(s\), (\d+) registrations/m.exec(stdout);
  const memory = /^Peak memory of each stack's plan process: (.*)\.$/m.exec(stdout);
  if (!registrations || !memory) throw new Error(`the plan printed no totals:\n${stdout.slice(-1000)}`);
  if (!stdout.includes("passes every rule"))
    throw new Error(`the plan did not pass the policy pack:\n${stdout.slice(-2000)}`);
  return {
    registrations: Number(registrations[1]),
    peakMb: [...memory[1]!.matchAll(/(\d+) MB/g)].map((m) => Number(m[1])),
  };
}

/** Plans with COMMAND and runs the bare runtime at the same count, `runs` times each, interleaved. */
export function throughput(what: string, command: Command, runs: number): Throughput {
  const first = run(command); // also builds the bundle when the sources changed: not counted
  const { registrations, peakMb } = planFigures(first.stdout);
  const plan: number[] = [];
  const bare: number[] = [];
  let barePeakMb = 0;
  for (let i = 0; i < runs; i++) {
    plan.push(run(command).ms);
    const b = run(["bench/bare-runtime.cjs", String(registrations)]);
    const result = JSON.parse(b.stdout) as { registrations: number; maxRssBytes: number };
    if (result.registrations !== registrations)
      throw new Error(`the bare runtime registered ${result.registrations}, not ${registrations}`);
    barePeakMb = Math.round(result.maxRssBytes / 2 ** 20);
    bare.push(b.ms);
  }
  return { what, registrations, planMs: median(plan), bareMs: median(bare), planPeakMb: peakMb, barePeakMb };
}

export const ratioOf = (t: Throughput) => t.bareMs / t.planMs;
