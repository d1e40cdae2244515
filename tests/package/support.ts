/**
 * The package suite's machinery: pack this repository as npm would publish it, and make scratch
 * consumer projects that install the tarball offline, type-check against it and plan a program
 * through it. Nothing here loads Pulumi: every step is a process of its own.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(__dirname, "fixtures", "consumer");

export interface Run {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion (never rejects on a non-zero exit: the tests judge it). */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const env = { ...process.env, ...options.env };
  // As a user runs it: not in the enclosing npm script's package (npm_config_local_prefix,
  // npm_package_*), without vitest's NODE_OPTIONS; npm's cache and registry settings stay.
  delete env.NODE_OPTIONS;
  for (const key of Object.keys(env))
    if (
      key.startsWith("npm_") &&
      !/^npm_config_(cache|registry|userconfig|globalconfig|cafile|strict_ssl|proxy|https_proxy|noproxy)$/i.test(key)
    )
      delete env[key];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({
        command: `${command} ${args.join(" ")} (in ${options.cwd})`,
        code,
        stdout,
        stderr,
        ms: Math.round(performance.now() - started),
      }),
    );
  });
}

/** A run for a failure message. */
export const shown = (r: Run, max = 8_000) =>
  `${r.command} exited ${r.code} after ${r.ms} ms\n--- stdout\n${r.stdout.slice(-max)}\n--- stderr\n${r.stderr.slice(-max)}`;

// ---------------------------------------------------------------------------------------------
// Packing

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  tarball: string;
  /** sha512 of the tarball, as a lockfile records it. */
  integrity: string;
  files: PackedFile[];
  /** The package.json inside the tarball. */
  manifest: PackageManifest;
  /** Whether an earlier pack of the same sources was reused. */
  reused: boolean;
  ms: number;
}

export interface PackageManifest {
  name: string;
  version: string;
  license?: string;
  engines?: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

/** What the tarball is made from: the build's inputs and every file that ships. */
const PACK_INPUTS = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "index.ts",
  "README.md",
  "components",
  "offline",
  "policy/baseline",
  "policy/rules",
  "functions",
];

function sourcesHash(): string {
  const hash = createHash("sha256");
  const visit = (rel: string) => {
    const full = path.join(ROOT, rel);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const child of fs.readdirSync(full).sort()) visit(path.join(rel, child));
    } else {
      hash.update(rel).update("\0").update(fs.readFileSync(full)).update("\0");
    }
  };
  for (const input of PACK_INPUTS) visit(input);
  return hash.digest("hex").slice(0, 16);
}

/**
 * `npm pack` of the repository (its prepack script builds dist/), into a cache folder keyed by a
 * hash of the sources: a second run with unchanged sources reuses the tarball.
 */
export async function pack(): Promise<Packed> {
  const started = performance.now();
  const cache = path.join(ROOT, "node_modules", ".cache", "twin-region-package");
  const dir = path.join(cache, sourcesHash());
  const record = path.join(dir, "pack.json");
  const packedBefore = () => {
    if (!fs.existsSync(record)) return undefined;
    const [info] = JSON.parse(fs.readFileSync(record, "utf8")) as { filename: string; files: PackedFile[] }[];
    return info && fs.existsSync(path.join(dir, info.filename)) ? info : undefined;
  };
  let info = packedBefore();
  const reused = info !== undefined;
  if (!info) {
    // One tarball is kept: the one of the current sources.
    fs.rmSync(cache, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const r = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT });
    if (r.code !== 0) throw new Error(`npm pack failed\n${shown(r)}`);
    // npm prints the prepack script's output before the JSON.
    fs.writeFileSync(record, r.stdout.slice(r.stdout.search(/^\[/m)));
    info = packedBefore();
    if (!info) throw new Error(`npm pack wrote no tarball into ${dir}\n${shown(r)}`);
  }
  const tarball = path.join(dir, info.filename);
  const bytes = fs.readFileSync(tarball);
  const extracted = await run("tar", ["-xzOf", tarball, "package/package.json"], { cwd: dir });
  if (extracted.code !== 0) throw new Error(shown(extracted));
  return {
    tarball,
    integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
    files: info.files,
    manifest: JSON.parse(extracted.stdout) as PackageManifest,
    reused,
    ms: Math.round(performance.now() - started),
  };
}

// ---------------------------------------------------------------------------------------------
// Consumers

export type ModuleKind = "commonjs" | "esm";

/** The compiler options of the consumers: as strict as a consumer can be, and our declarations checked too. */
export const CONSUMER_COMPILER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2023"],
  module: "nodenext",
  moduleResolution: "nodenext",
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  types: ["node"],
};

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/**
 * The consumer's package-lock.json: the tarball, and the rest of the tree exactly as this
 * repository's lockfile resolves it (the releases the tests here run against, every tarball of
 * which `npm ci` put in npm's cache), pruned to what the consumer's dependencies reach. With it,
 * `npm ci --offline` installs without asking the registry for a single packument.
 */
export function consumerLock(
  consumer: {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  },
  packed: Packed,
  tarballSpec: string,
): unknown {
  const repoLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const available: Record<string, LockEntry> = { ...repoLock.packages };
  delete available[""];
  for (const loc of Object.keys(available)) if (loc.startsWith("node_modules/twin-region")) delete available[loc];
  const m = packed.manifest;
  available[`node_modules/${m.name}`] = {
    version: m.version,
    resolved: tarballSpec,
    integrity: packed.integrity,
    license: m.license,
    dependencies: m.dependencies,
    peerDependencies: m.peerDependencies,
    engines: m.engines,
  };

  // Node's lookup: <from>/node_modules/<name>, then each enclosing node_modules folder.
  const resolve = (from: string, name: string): string | undefined => {
    for (let loc = from; ;) {
      const candidate = `${loc ? `${loc}/` : ""}node_modules/${name}`;
      if (available[candidate]) return candidate;
      if (!loc) return undefined;
      const i = loc.lastIndexOf("/node_modules/");
      loc = i < 0 ? "" : loc.slice(0, i);
    }
  };
  const packages: Record<string, LockEntry> = {};
  const queue: { from: string; deps: Record<string, string>; optional: Set<string> }[] = [
    { from: "", deps: { ...consumer.dependencies, ...consumer.devDependencies }, optional: new Set() },
  ];
  for (let item = queue.shift(); item; item = queue.shift()) {
    for (const name of Object.keys(item.deps)) {
      const loc = resolve(item.from, name);
      if (!loc) {
        if (item.optional.has(name)) continue;
        throw new Error(`${item.from || "the consumer"} needs ${name}, which this repository's lockfile does not have`);
      }
      if (packages[loc]) continue;
      const { dev: _dev, devOptional, peer: _peer, ...entry } = available[loc]!;
      if (devOptional) entry.optional = true;
      // This repository's lockfile leaves out the registry URLs; with them npm takes each tarball
      // from its cache by integrity without looking its packument up first.
      entry.resolved ??= registryTarball(
        (entry.name as string | undefined) ?? loc.slice(loc.lastIndexOf("node_modules/") + 13),
        entry.version!,
      );
      packages[loc] = entry;
      const optional = new Set([
        ...Object.keys(entry.optionalDependencies ?? {}),
        ...Object.entries(entry.peerDependenciesMeta ?? {})
          .filter(([, meta]) => meta.optional)
          .map(([n]) => n),
      ]);
      queue.push({
        from: loc,
        deps: { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies },
        optional,
      });
    }
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: consumer.name,
    version: consumer.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": {
        name: consumer.name,
        version: consumer.version,
        dependencies: consumer.dependencies,
        devDependencies: consumer.devDependencies,
      },
      ...sorted,
    },
  };
}

const registryTarball = (name: string, version: string) =>
  `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${version}.tgz`;

/** This repository's exact release of a package (its devDependencies pin the peers). */
function pinned(name: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageManifest;
  const version = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
  if (!version) throw new Error(`package.json pins no ${name}`);
  return version;
}

/**
 * Writes a consumer Pulumi project into `dir`: package.json (with "type": "module" for esm),
 * Pulumi.yaml, a strict tsconfig.json, the fixture's program (index.ts), test script (plan.ts)
 * and driver (run-plan.cjs), and a lockfile that pins the packed tarball.
 */
export function writeConsumer(dir: string, kind: ModuleKind, packed: Packed): void {
  fs.mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, path.basename(packed.tarball));
  fs.copyFileSync(packed.tarball, tarball);
  const tarballSpec = `file:${path.basename(packed.tarball)}`;
  const consumer = {
    name: `orders-${kind}`,
    version: "1.0.0",
    private: true,
    ...(kind === "esm" ? { type: "module" } : {}),
    main: "index.ts",
    dependencies: {
      "@pulumi/aws": pinned("@pulumi/aws"),
      "@pulumi/awsx": pinned("@pulumi/awsx"),
      "@pulumi/pulumi": pinned("@pulumi/pulumi"),
      "@pulumi/random": pinned("@pulumi/random"),
      [packed.manifest.name]: tarballSpec,
    },
    devDependencies: {
      "@types/node": pinned("@types/node"),
      "ts-node": pinned("ts-node"),
      typescript: pinned("typescript"),
    },
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(consumer, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, "package-lock.json"),
    `${JSON.stringify(consumerLock(consumer, packed, tarballSpec), null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    `${JSON.stringify({ compilerOptions: CONSUMER_COMPILER_OPTIONS, include: ["index.ts", "plan.ts"] }, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: orders\ndescription: A consumer of twin-region\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  );
  for (const file of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
}

/** The source without its comments; string-aware, so a string such as "arn:...:bucket/*" starts no comment. */
export function withoutComments(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"' || c === "'" || c === "`") {
      const start = i;
      for (i++; i < source.length && source[i] !== c; i++) if (source[i] === "\\") i++;
      out += source.slice(start, i + 1);
    } else if (c === "/" && source[i + 1] === "/") {
      const end = source.indexOf("\n", i);
      const comment = source.slice(i, end < 0 ? undefined : end);
      if (comment.startsWith("/// <reference")) out += comment;
      i = (end < 0 ? source.length : end) - 1;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 1;
    } else out += c;
  }
  return out;
}

/** Every module the files under `dir` load by name: require()/import() in .js, imports in .d.ts. */
export function externalModules(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.(js|d\.ts)$/.test(entry.name)) {
        const source = withoutComments(fs.readFileSync(file, "utf8"));
        const specifiers = [
          ...source.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g),
          ...source.matchAll(/\bfrom\s+["']([^"']+)["']/g),
          ...source.matchAll(/reference\s+types=["']([^"']+)["']/g),
        ].map((m) => m[1]!);
        for (const spec of specifiers) {
          if (spec.startsWith(".")) continue;
          const name = spec.startsWith("node:")
            ? "node:"
            : spec
                .split("/")
                .slice(0, spec.startsWith("@") ? 2 : 1)
                .join("/");
          found.set(name, [...(found.get(name) ?? []), path.relative(dir, file)]);
        }
      }
    }
  };
  visit(dir);
  return found;
}
