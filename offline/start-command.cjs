/*
 * The plan command as `npm start` runs it. Most of a plan's start-up cost is loading Pulumi, so
 * the plan processes are forked first and load it while this process bundles the plan command,
 * its worker and the program (offline/plan-bundle.cjs, skipped when nothing changed); then the
 * bundled command runs here and hands each stack to one of those processes.
 */
const { fork } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** One plan process per stack file, unless the command will plan nothing (help, a saved graph). */
function planProcessesWanted(argv) {
  if (argv.some((a) => a === "--help" || a === "-h" || a === "--graph" || a.startsWith("--graph="))) return 0;
  return fs.readdirSync(root).filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f)).length;
}

/**
 * Runs the plan command with ARGV and exits with its code. Options: `program` (relative to the
 * project root; default Pulumi.yaml's main) and `outdir` for its bundle (the benchmark plans a
 * larger program this way).
 */
function startPlanCommand(argv, options = {}) {
  const prewarmed = Array.from({ length: planProcessesWanted(argv) }, () =>
    fork(path.join(__dirname, "worker-boot.cjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  process.on("exit", () => {
    for (const child of prewarmed) if (child.exitCode === null) child.kill();
  });
  const bundle = require("./plan-bundle.cjs").buildPlanBundle(root, options);
  const code = { worker: bundle.worker, preload: bundle.externals.program };
  for (const child of prewarmed) child.send({ kind: "load", ...code });
  // Full stack traces for this process's own errors; the plan processes map theirs when they report one.
  process.setSourceMapsEnabled(true);
  require(bundle.plan).runPlanCommand(argv, { code, program: bundle.program, prewarmed });
}

module.exports = { startPlanCommand };
