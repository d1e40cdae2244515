/**
 * Builds a Lambda handler of functions/ into the code of its Lambda asset, with esbuild: one
 * minified, tree-shaken CommonJS file with the AWS SDK inside (so the SDK version is the one in
 * package-lock.json, not whatever the runtime carries), and a linked source map without sources
 * content. PlatformFunction wraps it as `AssetArchive({ "index.js": code, "index.js.map": sourceMap })`
 * with handler `index.handler` (NODE_OPTIONS=--enable-source-maps gives stack traces in
 * TypeScript terms). functions/ holds only the handlers' code; building it belongs here.
 *
 * Fast when called again: the offline plan bundles every function on every run. A result is
 * kept in memory for the life of the process and on disk under
 * node_modules/.cache/twin-region-functions/, keyed by the esbuild version and options and
 * checked against every input file esbuild read (the project's own files by content hash,
 * node_modules files by size and modification time); any change rebuilds.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync, version as esbuildVersion, type BuildOptions } from "esbuild";
import { packageRoot } from "../shared/package-root";

/** The Lambda handlers of functions/: each folder's handler.ts. */
export const FUNCTION_NAMES = [
  "consumer",
  "change-processor",
  "forwarder",
  "workflow-step",
  "web-status",
  "record-reader",
  "secret-rotation",
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];
/** The container programs of functions/: each folder's main.ts (see task-image.ts). */
export const PROGRAM_NAMES = ["change-task", "web-app", "data-processor"] as const;
export type ProgramName = (typeof PROGRAM_NAMES)[number];
type BundleName = FunctionName | ProgramName;

const isProgram = (name: BundleName): name is ProgramName => (PROGRAM_NAMES as readonly string[]).includes(name);

/**
 * Modules a bundle takes from a smaller file of its own instead of node_modules, each with why.
 * The rotation function's mysql2 loads iconv-lite (half a megabyte of code pages) only for
 * character sets Node.js cannot decode itself; its connections and statements are utf8.
 */
const BUNDLE_ALIASES: Partial<Record<BundleName, Record<string, string>>> = {
  "secret-rotation": { "iconv-lite": "functions/secret-rotation/node-encodings-only.ts" },
};

/** The handler setting for the bundle wrapped as index.js. */
export const LAMBDA_HANDLER = "index.handler";
/**
 * The syntax the bundles are compiled down to: Node.js 22, which the deployed runtime
 * (FUNCTION_DEFAULTS.runtime, nodejs24.x) runs. The tests here load the bundles on Node.js 20.20
 * (README, "Supported versions"), which runs all of it for this code.
 */
export const BUNDLE_TARGET = "node22";

export interface FunctionBundle {
  /** index.js */
  code: string;
  /** index.js.map */
  sourceMap: string;
  /** Size of the code in bytes (UTF-8). */
  bytes: number;
}

export interface BundleOptions {
  /** Where to keep bundles between processes; `false` for no disk cache. @default node_modules/.cache/twin-region-functions of the working directory */
  cacheDir?: string | false;
}

export interface BundleDetails {
  bundle: FunctionBundle;
  /** Where the result came from. */
  source: "memory" | "disk" | "build";
  /** Files esbuild read. */
  inputs: number;
}

// Found by walking up, not from __dirname: `npm start` runs this file from a bundle under .plan/.
const PROJECT_ROOT = packageRoot();
/** The working directory's (the Pulumi project's) cache, never the installed package's folder. */
export const DEFAULT_CACHE_DIR = path.join(process.cwd(), "node_modules", ".cache", "twin-region-functions");

/** The esbuild options of a function's (or program's) bundle (also what the cache is keyed by). */
export function esbuildOptions(name: BundleName): BuildOptions & { metafile: true; write: false } {
  const [entry, out] = isProgram(name) ? ["main.ts", "main.js"] : ["handler.ts", "index.js"];
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [path.join(PROJECT_ROOT, "functions", name, entry)],
    // Not written (write: false); it names the output so the source map's paths are relative to it.
    outfile: path.join(PROJECT_ROOT, "functions", name, out),
    // Strict mode for every file, wherever it is: esbuild applies no tsconfig.json to files under
    // node_modules (the handlers' sources when the library is installed as a dependency).
    tsconfigRaw: { compilerOptions: { alwaysStrict: true } },
    ...(BUNDLE_ALIASES[name]
      ? {
          alias: Object.fromEntries(
            Object.entries(BUNDLE_ALIASES[name]).map(([module, file]) => [module, path.join(PROJECT_ROOT, file)]),
          ),
        }
      : {}),
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: "node",
    target: BUNDLE_TARGET,
    format: "cjs",
    // ESM builds of the AWS SDK and Powertools tree-shake better than their CommonJS builds.
    mainFields: ["module", "main"],
    // The bundled packages' "legal comments" are coverage pragmas (/* v8 ignore … @preserve */);
    // their licences are in package-lock.json's packages, not needed in the asset.
    legalComments: "none",
    // A separate index.js.map that index.js names in its sourceMappingURL comment (esbuild's
    // "linked"; its "external" leaves the comment out, and Node's --enable-source-maps then finds no map).
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "silent",
  };
}

interface CacheFile {
  key: string;
  inputs: Record<string, string>;
  code: string;
  sourceMap: string;
}

const memory = new Map<string, FunctionBundle>();

export function bundleFunction(name: FunctionName, options: BundleOptions = {}): FunctionBundle {
  return bundleFunctionDetails(name, options).bundle;
}

/** A container program of functions/ bundled the same way: `main.js` and `main.js.map`. */
export function bundleProgram(name: ProgramName, options: BundleOptions = {}): FunctionBundle {
  return bundleFunctionDetails(name, options).bundle;
}

export function bundleFunctionDetails(name: BundleName, options: BundleOptions = {}): BundleDetails {
  if (![...FUNCTION_NAMES, ...PROGRAM_NAMES].includes(name))
    throw new Error(
      `bundleFunction: unknown function ${JSON.stringify(name)}; one of ${[...FUNCTION_NAMES, ...PROGRAM_NAMES].join(", ")}`,
    );
  const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  const memoryKey = `${cacheDir || ""}\u0000${name}`;
  const hit = memory.get(memoryKey);
  if (hit) return { bundle: hit, source: "memory", inputs: 0 };

  const buildOptions = esbuildOptions(name);
  const key = sha256(JSON.stringify({ esbuildVersion, name, buildOptions }));
  const cacheFile = cacheDir ? path.join(cacheDir, `${name}.json`) : undefined;
  if (cacheFile) {
    const cached = readCache(cacheFile, key);
    if (cached) {
      const bundle = { code: cached.code, sourceMap: cached.sourceMap, bytes: Buffer.byteLength(cached.code) };
      memory.set(memoryKey, bundle);
      return { bundle, source: "disk", inputs: Object.keys(cached.inputs).length };
    }
  }

  const result = buildSync(buildOptions);
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"));
  if (!js || !map) throw new Error(`bundleFunction(${name}): esbuild produced no code or no source map`);
  const bundle = {
    code: js.text,
    sourceMap: sourcesThroughLinkedModules(map.text, buildOptions.outfile!),
    bytes: js.contents.length,
  };
  const inputs = Object.keys(result.metafile.inputs);
  if (cacheFile) {
    const fingerprints: Record<string, string> = {};
    for (const input of inputs) {
      const fp = fingerprint(input);
      if (fp === undefined) break;
      fingerprints[input] = fp;
    }
    // An input that cannot be read back (a virtual module) cannot be checked: no disk cache then.
    if (Object.keys(fingerprints).length === inputs.length)
      writeCache(cacheFile, { key, inputs: fingerprints, code: bundle.code, sourceMap: bundle.sourceMap });
  }
  memory.set(memoryKey, bundle);
  return { bundle, source: "build", inputs: inputs.length };
}

/** Forgets the in-memory results (the disk cache stays). */
export function clearBundleMemory(): void {
  memory.clear();
}

/**
 * The source map's paths through the project's node_modules when that is a link to another tree
 * (a second checkout sharing one install, as the pull-request job's base plan does locally):
 * esbuild follows the link to the real files, which would make the bundle, and the image tag
 * hashed from it, depend on where the packages physically are rather than on what they are.
 */
function sourcesThroughLinkedModules(mapText: string, outfile: string): string {
  const modules = path.join(PROJECT_ROOT, "node_modules");
  let realModules: string;
  try {
    if (!fs.lstatSync(modules).isSymbolicLink()) return mapText;
    realModules = fs.realpathSync(modules);
  } catch {
    return mapText;
  }
  const outDir = path.dirname(outfile);
  const { sources } = JSON.parse(mapText) as { sources: string[] };
  // Each path rewritten in place, so the map keeps esbuild's own formatting.
  let text = mapText;
  for (const source of sources) {
    const file = path.resolve(outDir, source);
    if (!file.startsWith(realModules + path.sep)) continue;
    const linked = path
      .relative(outDir, path.join(modules, file.slice(realModules.length + 1)))
      .split(path.sep)
      .join("/");
    text = text.split(JSON.stringify(source)).join(JSON.stringify(linked));
  }
  return text;
}

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** The project's own files by content, node_modules by size and mtime (fast, and changed by any install). */
function fingerprint(input: string): string | undefined {
  const file = path.resolve(PROJECT_ROOT, input);
  try {
    if (input.split(/[\\/]/).includes("node_modules")) {
      const stat = fs.statSync(file);
      return `${stat.size}:${stat.mtimeMs}`;
    }
    return sha256(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

function readCache(file: string, key: string): CacheFile | undefined {
  let cached: CacheFile;
  try {
    cached = JSON.parse(fs.readFileSync(file, "utf8")) as CacheFile;
  } catch {
    return undefined;
  }
  if (
    cached.key !== key ||
    typeof cached.code !== "string" ||
    typeof cached.sourceMap !== "string" ||
    typeof cached.inputs !== "object"
  )
    return undefined;
  for (const [input, fp] of Object.entries(cached.inputs)) if (fingerprint(input) !== fp) return undefined;
  return cached;
}

function writeCache(file: string, content: CacheFile): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(content));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only or missing cache directory only costs the next run a rebuild.
  }
}
