/*
 * The bundle `npm start` runs: the plan command, its worker and the stack program, bundled with
 * esbuild (packages stay external) into .plan/build/. Loading @pulumi/aws through a TypeScript
 * require hook costs about a second per process; a prebuilt bundle does not pay it.
 *
 * The build is skipped when nothing it read has changed since the last one: a manifest keeps the
 * size and modification time of every input file, and a key of the esbuild version and options.
 */
const fs = require("node:fs");
const path = require("node:path");
const { parse } = require("yaml");

const MANIFEST = "manifest.json";

function buildOptions(root, outdir, program) {
  const main = program ?? parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")).main;
  return {
    absWorkingDir: root,
    entryPoints: { plan: "offline/plan.ts", worker: "offline/worker.ts", program: main },
    outdir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    // Linked maps: Node finds them when source maps are enabled, and offline/source-mapped-stack.ts
    // reads them to report an error's stack in TypeScript terms.
    sourcemap: "linked",
    metafile: true,
    write: false,
    logLevel: "warning",
  };
}

const stamp = (file) => {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return "missing";
  }
};

function readManifest(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Whether the last build is still the build of these sources (same key, every input unchanged, every output present). */
function isFresh(manifest, key, root, outdir) {
  if (!manifest || manifest.key !== key) return false;
  if (!manifest.outputs.every((name) => fs.existsSync(path.join(outdir, name)))) return false;
  return Object.entries(manifest.inputs).every(([input, was]) => stamp(path.join(root, input)) === was);
}

/**
 * Writes each file only when it changed, through a temporary file and a rename: runs may overlap
 * (parallel test files, two terminals) and share the folder, and must never load a half-written bundle.
 */
function writeAtomically(file, contents) {
  let current;
  try {
    current = fs.readFileSync(file);
  } catch {
    current = undefined;
  }
  if (current && Buffer.compare(current, contents) === 0) return;
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

/** The packages each bundle loads, so a plan process can load them before it is asked to plan. */
function externalsOf(metafile) {
  const out = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith(".js")) continue;
    out[path.basename(file, ".js")] = [
      ...new Set(output.imports.filter((i) => i.external && !i.path.startsWith("node:")).map((i) => i.path)),
    ];
  }
  return out;
}

/**
 * Builds (or reuses) the plan bundle and returns its entry files and the packages they load:
 * `{ plan, worker, program, externals: { plan, worker, program }, built }`.
 * Options: `program`, the program's entry relative to ROOT (default: Pulumi.yaml's main);
 * `outdir` (default: ROOT/.plan/build).
 */
function buildPlanBundle(root, { program, outdir = path.join(root, ".plan", "build") } = {}) {
  const options = buildOptions(root, outdir, program);
  // esbuild is loaded only to build; its version comes from its package.json.
  const key = JSON.stringify({ esbuild: require("esbuild/package.json").version, options });
  const manifestFile = path.join(outdir, MANIFEST);
  let manifest = readManifest(manifestFile);
  const built = !isFresh(manifest, key, root, outdir);
  if (built) {
    const result = require("esbuild").buildSync(options);
    fs.mkdirSync(outdir, { recursive: true });
    for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
    const inputs = {};
    for (const input of Object.keys(result.metafile.inputs)) inputs[input] = stamp(path.join(root, input));
    // The files that decide what is bundled without being read as modules.
    for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json"]) inputs[file] = stamp(path.join(root, file));
    manifest = {
      key,
      inputs,
      outputs: result.outputFiles.map((f) => path.basename(f.path)),
      externals: externalsOf(result.metafile),
    };
    writeAtomically(manifestFile, Buffer.from(JSON.stringify(manifest, null, 1)));
  }
  const entry = (name) => path.join(outdir, `${name}.js`);
  return {
    plan: entry("plan"),
    worker: entry("worker"),
    program: entry("program"),
    externals: manifest.externals,
    built,
  };
}

module.exports = { buildPlanBundle };
