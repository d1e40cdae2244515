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

esbuild.buildSync({
  absWorkingDir: root,
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
process.env.TWIN_REGION_PROGRAM = path.join(outdir, "program.js");
process.argv.splice(1, 1, path.join(outdir, "plan.js"));
process.setSourceMapsEnabled(true);
require(path.join(outdir, "plan.js"));
