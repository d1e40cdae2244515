/**
 * The pack as `pulumi policy publish` ships it (README, "Policy pack in Pulumi Cloud"): the CLI
 * packs policy/ with `npm pack` (without its lockfile, which npm never packs) and the pack is
 * installed from its package.json where it runs, so everything the pack loads must be in that
 * tarball or among its own dependencies, pinned to the versions the offline runner evaluates with; and the names and version the README and the publish workflow use are
 * the pack's. (That the served pack announces exactly ALL_RULES is tests/policy/pack-server.test.ts;
 * that `npm start` evaluates exactly ALL_RULES is tests/policy/insecure-graph.test.ts.)
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { resolvePackConfig } from "../../offline/policy-config";
import { ALL_RULES } from "../../policy/rules";
import { run, shown } from "./support";

const ROOT = path.resolve(__dirname, "..", "..");
const POLICY = path.join(ROOT, "policy");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const json = (file: string) => JSON.parse(read(file));

const pack = json("policy/package.json") as {
  name: string;
  version: string;
  main: string;
  dependencies: Record<string, string>;
};
const project = json("package.json") as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const packName = /new PolicyPack\("([^"]+)"/.exec(read("policy/index.ts"))![1]!;

/** Every module the pack loads, from its entry point, following relative imports. */
function packModules() {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = fs.readFileSync(file, "utf8");
    const specifiers = [
      ...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)"([^"]+)"/gm),
    ].map((m) => m[1]!);
    for (const spec of specifiers) {
      if (!spec.startsWith(".")) {
        bare.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
        continue;
      }
      const target = path.resolve(path.dirname(file), spec);
      const resolved = [`${target}.ts`, path.join(target, "index.ts"), target].find(
        (f) => fs.existsSync(f) && fs.statSync(f).isFile(),
      );
      if (!resolved) throw new Error(`${path.relative(ROOT, file)} imports ${spec}, which is not a file`);
      if (resolved.endsWith(".ts")) visit(resolved);
      else files.add(resolved);
    }
  };
  visit(path.join(POLICY, pack.main));
  return { files: [...files].map((f) => path.relative(ROOT, f)), bare: [...bare] };
}

/** The files `npm pack` puts in the tarball `pulumi policy publish` uploads. */
let packed: string[] = [];
beforeAll(async () => {
  const r = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: POLICY });
  if (r.code !== 0) throw new Error(shown(r));
  packed = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => `policy/${f.path}`);
});

describe("the published policy pack", () => {
  const { files, bare } = packModules();

  it("ships every module it loads, its project file and its TypeScript config in the tarball npm pack makes", () => {
    const needed = [...files, "policy/PulumiPolicy.yaml", "policy/package.json", "policy/tsconfig.json"];
    expect(needed.filter((f) => !packed.includes(f.split(path.sep).join("/")))).toEqual([]);
  });

  it("pins each dependency to an exact version (the tarball has no lockfile)", () => {
    expect(Object.entries(pack.dependencies).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v))).toEqual([]);
  });

  it("loads nothing from outside policy/, the folder `pulumi policy publish` uploads", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => !f.startsWith(`policy${path.sep}`))).toEqual([]);
  });

  it("depends on every package it imports, and on the versions of @pulumi/policy and @pulumi/pulumi the offline runner uses", () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    expect(bare.filter((m) => !builtins.has(m) && !(m in pack.dependencies))).toEqual([]);
    expect(pack.dependencies["@pulumi/policy"]).toBe(project.dependencies["@pulumi/policy"]);
    expect(pack.dependencies["@pulumi/pulumi"]).toBe(project.devDependencies["@pulumi/pulumi"]);
    const lock = json("policy/package-lock.json") as { packages: Record<string, { version: string }> };
    for (const dep of ["@pulumi/policy", "@pulumi/pulumi"])
      expect(lock.packages[`node_modules/${dep}`]?.version, `policy/package-lock.json ${dep}`).toBe(
        pack.dependencies[dep],
      );
  });

  it("has a semantic version, and PulumiPolicy.yaml does not override it with another", () => {
    expect(pack.version).toMatch(/^\d+\.\d+\.\d+$/);
    const manifest = parse(read("policy/PulumiPolicy.yaml")) as Record<string, unknown>;
    expect(manifest.runtime).toBe("nodejs");
    expect(String(manifest.description ?? "").length).toBeGreaterThan(20);
    if (manifest.version !== undefined) expect(String(manifest.version)).toBe(pack.version);
  });

  it("is the pack the README and the publish workflow enable, at the version and tag they name", () => {
    const readme = read("README.md");
    const start = readme.indexOf("### Policy pack in Pulumi Cloud");
    const section = start === -1 ? "" : readme.slice(start, readme.indexOf("\n## ", start));
    expect(section.length).toBeGreaterThan(500);
    expect(section).toContain(`pulumi policy enable <org>/${packName} `);
    expect(section).toContain(`policy-v${pack.version}`);
    expect(section).toContain(`version ${pack.version}`);
    // The config files it shows are valid configs of this pack.
    const configs = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) expect(() => resolvePackConfig(ALL_RULES, config)).not.toThrow();
    const workflow = read(".github/workflows/policy-publish.yml");
    expect(workflow).toContain(`pulumi policy enable "$PULUMI_ORG/${packName}"`);
  });
});
