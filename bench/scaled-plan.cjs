#!/usr/bin/env node
/*
 * The plan command on the benchmark's large graph: bench/scaled-program.ts (the primary's program
 * for several environments in one stack) planned exactly as `npm start -- --stack primary` plans
 * the project's program. `node bench/scaled-plan.cjs [ENVIRONMENTS]`.
 */
const path = require("node:path");

if (process.argv[2]) process.env.TWIN_REGION_BENCH_ENVIRONMENTS = process.argv[2];
require("../offline/start-command.cjs").startPlanCommand(["--stack", "primary"], {
  program: "bench/scaled-program.ts",
  outdir: path.join(__dirname, "..", ".plan", "bench"),
});
