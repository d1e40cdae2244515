#!/usr/bin/env node
/*
 * `npm start`: bundles the plan command, its worker and the stack program with esbuild (packages
 * stay external), then runs the bundle with plain Node. Loading @pulumi/aws through a TypeScript
 * require hook costs about a second per process; a prebuilt bundle does not pay it.
 */
const esbuild = require("esbuild");
const fs = require("node:fs");
const path = require("node:path");
const { parse } = require("yaml");

const root = path.resolve(__dirname, "..");
const outdir = path.join(root, ".plan", "build");
const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));

// Runs may overlap (parallel test files, two terminals) and share the output folder: write each
// file only when it changed, through a temporary file and a rename, so a concurrent run never
// loads a half-written bundle.
const { outputFiles } = esbuild.buildSync({
  absWorkingDir: root,
  write: false,
  entryPoints: {
    plan: "offline/plan.ts",
    worker: "offline/worker.ts",
    program: project.main,
  },
  outdir,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
fs.mkdirSync(outdir, { recursive: true });
for (const file of outputFiles) {
  let current;
  try {
    current = fs.readFileSync(file.path);
  } catch {
    current = undefined;
  }
  if (current && Buffer.compare(current, file.contents) === 0) continue;
  const temp = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temp, file.contents);
  fs.renameSync(temp, file.path);
}
process.env.TWIN_REGION_PROGRAM = path.join(outdir, "program.js");
process.argv.splice(1, 1, path.join(outdir, "plan.js"));
process.setSourceMapsEnabled(true);
require(path.join(outdir, "plan.js"));
