/**
 * twin-region as a package other Pulumi programs depend on. The repository is packed as npm would
 * publish it (`npm pack`: prepack builds dist/), then installed offline into two scratch consumer
 * Pulumi projects, one CommonJS and one ES module ("type": "module"). Each type-checks a program
 * and a test script against the package's declarations under the strictest consumer settings
 * (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, skipLibCheck off), then plans
 * the program offline: tests/package/fixtures/consumer/run-plan.cjs registers TypeScript exactly
 * as `pulumi up` does (@pulumi/pulumi's cmd/run/run.js) and runs it under the package's own test
 * kit (`twin-region/testing`).
 *
 * Every step is a process of its own and the suite costs about a minute, so it is not part of
 * `npm test`: `npm run test:package` runs it (tests/package/vitest.config.mts, which sets
 * TWIN_REGION_PACKAGE_TEST; without it the suite is skipped).
 */
import { createHash } from "node:crypto";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction, FUNCTION_NAMES } from "../../components/compute/function-bundle";
import { externalModules, pack, run, shown, writeConsumer, type ModuleKind, type Packed, type Run } from "./support";

const enabled = process.env.TWIN_REGION_PACKAGE_TEST === "1";

interface PlanSummary {
  mode: string;
  ms: number;
  stack: string;
  region: string;
  modules: string[];
  rules: number;
  types: Record<string, number>;
  outputs: string[];
  violations: number;
  blocking: { rule: string; resource: string | null; message: string }[];
  images: { context: string; files: string[]; packageDockerfile: boolean }[];
}

interface Consumer {
  kind: ModuleKind;
  dir: string;
  install: Run;
  tree?: Run;
  typecheck?: Run;
  plan?: Run;
  summary?: PlanSummary;
}

/** install, then type-check, then plan; a step that cannot run (its predecessor failed) is left out. */
async function exercise(kind: ModuleKind, dir: string, packed: Packed): Promise<Consumer> {
  writeConsumer(dir, kind, packed);
  const install = await run("npm", ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: dir });
  const consumer: Consumer = { kind, dir, install };
  if (install.code !== 0) return consumer;
  // The tree check costs nothing next to the type-check: run them together.
  [consumer.tree, consumer.typecheck] = await Promise.all([
    run("npm", ["ls", "--all", "--offline"], { cwd: dir }),
    run("npx", ["tsc", "--noEmit", "-p", "."], { cwd: dir }),
  ]);
  // As the Pulumi language host runs a TypeScript program; type-checking is tsc's job above
  // (PULUMI_NODEJS_TRANSPILE_ONLY, for projects with a build step that type-checks).
  consumer.plan = await run(process.execPath, ["run-plan.cjs", "dev"], {
    cwd: dir,
    env: { PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
  if (consumer.plan.code === 0)
    consumer.summary = JSON.parse(consumer.plan.stdout.trim().split("\n").pop()!) as PlanSummary;
  return consumer;
}

describe.skipIf(!enabled)("twin-region as a package (npm run test:package)", () => {
  let scratch: string;
  let packed: Packed;
  const consumers = {} as Record<ModuleKind, Consumer>;
  const timings: string[] = [];

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-consumers-"));
    packed = await pack();
    timings.push(`pack ${packed.ms} ms${packed.reused ? " (reused)" : ""}`);
    const done = await Promise.all(
      (["commonjs", "esm"] as const).map((kind) => exercise(kind, path.join(scratch, kind), packed)),
    );
    for (const c of done) {
      consumers[c.kind] = c;
      const steps = [c.install, c.typecheck, c.plan].map((r) => (r ? `${r.ms}` : "-"));
      timings.push(`${c.kind}: install ${steps[0]} ms, tsc ${steps[1]} ms, plan ${steps[2]} ms`);
    }
  }, 300_000);

  afterAll(() => {
    console.log(`package suite: ${timings.join("; ")}`);
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe("the tarball", () => {
    const paths = () => packed.files.map((f) => f.path);

    it("ships the build, the functions' sources and Dockerfile, and nothing of the repository's own", () => {
      const files = paths();
      expect(files).toContain("package.json");
      expect(files).toContain("README.md");
      expect(files).toContain("dist/index.js");
      expect(files).toContain("dist/index.d.ts");
      expect(files).toContain("functions/change-task/Dockerfile");
      expect(files).toContain("functions/web-app/Dockerfile");
      for (const fn of ["consumer", "change-processor", "forwarder", "workflow-step"])
        expect(files).toContain(`functions/${fn}/handler.ts`);
      const outside = files.filter(
        (f) =>
          !/^(dist\/.+\.(js|d\.ts)|functions\/.+\.ts|functions\/(change-task|web-app|data-processor)\/Dockerfile|functions\/README\.md|components\/datalake\/(scripts|cloud-init)\/[^/]+|components\/delivery\/buildspecs\/[^/]+|README\.md|package\.json)$/.test(
            f,
          ),
      );
      expect(outside).toEqual([]);
      // Not the program, the tests, the benchmark, the policy pack's entry (it starts a server), or TypeScript sources outside functions/.
      expect(files.filter((f) => /^(dist\/)?(stacks|tests|bench)\//.test(f) || f === "dist/policy/index.js")).toEqual(
        [],
      );
    });

    it("has a file for every entry point of the exports map, and no entry point into the sources", () => {
      const files = new Set(paths());
      const exportsMap = packed.manifest.exports;
      expect(Object.keys(exportsMap).sort()).toEqual(
        [
          ".",
          "./compute",
          "./datalake",
          "./delivery",
          "./edge",
          "./ingestion",
          "./network",
          "./observability",
          "./package.json",
          "./policy",
          "./security",
          "./storage",
          "./testing",
          "./web",
        ].sort(),
      );
      for (const [subpath, target] of Object.entries(exportsMap)) {
        if (typeof target === "string") {
          expect(files.has(target.replace(/^\.\//, "")), `${subpath} → ${target}`).toBe(true);
          continue;
        }
        // The source condition is first, for this repository only; the published ones are types, then default.
        expect(Object.keys(target), subpath).toEqual(["twin-region:source", "types", "default"]);
        for (const condition of ["types", "default"])
          expect(
            files.has(target[condition]!.replace(/^\.\//, "")),
            `${subpath} ${condition} → ${target[condition]}`,
          ).toBe(true);
      }
    });

    it("declares the Pulumi SDKs as peers and the engines @pulumi/pulumi needs", () => {
      const m = packed.manifest;
      expect(Object.keys(m.peerDependencies ?? {}).sort()).toEqual([
        "@pulumi/aws",
        "@pulumi/awsx",
        "@pulumi/pulumi",
        "@pulumi/random",
      ]);
      // Only twin-region/web (secrets), twin-region/edge (the CDN's bucket names) and twin-region/datalake (its bucket's name, secrets) draw values with it.
      expect(m.peerDependenciesMeta).toEqual({ "@pulumi/random": { optional: true } });
      for (const peer of Object.keys(m.peerDependencies ?? {})) expect(m.dependencies ?? {}).not.toHaveProperty(peer);
      expect(m.engines?.node).toBe(">=22");
    });
  });

  describe("the installed package", () => {
    it("loads only its dependencies, its peers and Node's built-in modules (code and declarations)", () => {
      const installed = path.join(consumers.commonjs.dir, "node_modules", "twin-region", "dist");
      expect(fs.existsSync(installed), shown(consumers.commonjs.install)).toBe(true);
      const m = packed.manifest;
      const allowed = new Set([
        ...Object.keys(m.dependencies ?? {}),
        ...Object.keys(m.peerDependencies ?? {}),
        ...builtinModules,
        "node:",
      ]);
      const strays = [...externalModules(installed)]
        .filter(([name]) => !allowed.has(name))
        .map(([name, files]) => `${name}: ${files.slice(0, 3).join(", ")}`);
      expect(strays).toEqual([]);
    });
  });

  describe.each(["commonjs", "esm"] as const)("the %s consumer", (kind) => {
    const consumer = () => consumers[kind];

    it("installs the tarball offline, with every dependency and peer satisfied", () => {
      const c = consumer();
      expect(c.install.code, shown(c.install)).toBe(0);
      expect(c.tree?.code, c.tree && shown(c.tree)).toBe(0);
    });

    it("type-checks its program and test script against the package under strict settings, skipLibCheck off", () => {
      const c = consumer();
      expect(c.typecheck, shown(c.install)).toBeDefined();
      expect(c.typecheck!.code, shown(c.typecheck!)).toBe(0);
    });

    it("plans its program, loaded as `pulumi up` loads it, with the package's test kit: a VPC, a key, buckets, the ingestion pipeline with its change processing and an alarm set, no mandatory violation", () => {
      const c = consumer();
      expect(c.plan, shown(c.install)).toBeDefined();
      expect(c.plan!.code, shown(c.plan!)).toBe(0);
      const s = c.summary!;
      expect(s.mode).toBe(kind === "esm" ? "esm (ts-node/esm hooks)" : "commonjs (ts-node register)");
      expect(s.stack).toBe("dev");
      const components = Object.fromEntries(Object.entries(s.types).filter(([t]) => t.startsWith("twin-region:")));
      expect(components).toEqual({
        "twin-region:network:RegionalNetwork": 1,
        "twin-region:security:RegionalKey": 1,
        // The access-log bucket (an AccessLogBucket, a SecureBucket preset), the processed and retention buckets.
        "twin-region:storage:SecureBucket": 3,
        "twin-region:ingestion:IngestionPipeline": 1,
        "twin-region:ingestion:IngestionApi": 1,
        "twin-region:ingestion:IngestionEvents": 1,
        "twin-region:ingestion:ChangeProcessing": 1,
        "twin-region:compute:PlatformFunction": s.types["twin-region:compute:PlatformFunction"],
        "twin-region:observability:AlarmSet": 1,
      });
      expect(s.types["aws:ec2/vpc:Vpc"]).toBe(1);
      expect(s.types["aws:ec2/subnet:Subnet"]).toBe(6); // three tiers over two AZs
      expect(s.types["aws:kms/key:Key"]).toBe(1);
      expect(s.types["aws:s3/bucket:Bucket"]).toBe(3);
      expect(s.types["aws:kinesis/stream:Stream"]).toBe(1);
      expect(s.types["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"]).toBe(1);
      expect(s.types["aws:dynamodb/table:Table"]).toBe(1);
      expect(s.types["aws:ecs/taskDefinition:TaskDefinition"]).toBe(1);
      expect(s.types["pulumi:providers:aws"]).toBe(1);
      // PlatformFunction bundles each handler from the installed package's functions/ sources.
      expect(s.types["twin-region:compute:PlatformFunction"]).toBeGreaterThanOrEqual(3);
      expect(s.types["aws:lambda/function:Function"]).toBe(s.types["twin-region:compute:PlatformFunction"]);
      // The change task's image (@pulumi/awsx/ecr), built from a context of the installed package's own files.
      expect(s.types["awsx:ecr:Image"]).toBe(1);
      expect(s.images).toEqual([
        {
          context: expect.stringMatching(/^node_modules\/\.cache\/twin-region-images\/change-task-[0-9a-f]+$/),
          files: ["Dockerfile", "main.js", "main.js.map"],
          packageDockerfile: true,
        },
      ]);
      // An alarm for every signal the pipeline describes.
      expect(s.types["aws:cloudwatch/metricAlarm:MetricAlarm"]).toBeGreaterThan(20);
      expect(s.outputs).toEqual(["accessLogBucketName", "apiEndpoint", "keyArn", "privateSubnetIds", "vpcId"]);
      expect(s.modules).toEqual([
        "compute",
        "delivery",
        "edge",
        "ingestion",
        "network",
        "observability",
        "security",
        "storage",
      ]);
      expect(s.rules).toBeGreaterThan(100);
      expect(s.blocking).toEqual([]);
    });
  });

  it("plans the same program the same way from CommonJS and from an ES module", () => {
    const { commonjs, esm } = consumers;
    expect(commonjs.summary, commonjs.plan && shown(commonjs.plan)).toBeDefined();
    expect(esm.summary, esm.plan && shown(esm.plan)).toBeDefined();
    const { mode: _m1, ms: _t1, ...cjs } = commonjs.summary!;
    const { mode: _m2, ms: _t2, ...mjs } = esm.summary!;
    expect(mjs).toEqual(cjs);
  });

  it("gives an ES module every named export of every entry point (Node reads them from the CommonJS build)", async () => {
    const c = consumers.esm;
    const subpaths = Object.keys(packed.manifest.exports)
      .filter((s) => s !== "./package.json")
      .map((s) => `twin-region${s.slice(1)}`);
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const missing = {};
      for (const id of ${JSON.stringify(subpaths)}) {
        const names = Object.keys(require(id)).filter((k) => k !== "__esModule");
        const ns = await import(id);
        const absent = names.filter((k) => !(k in ns));
        if (absent.length || names.length === 0) missing[id] = absent.length ? absent : ["(no exports at all)"];
      }
      console.log(JSON.stringify(missing));`;
    const r = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: c.dir });
    expect(r.code, shown(r)).toBe(0);
    expect(JSON.parse(r.stdout.trim()), "named exports an ES module cannot import").toEqual({});
  });

  it("bundles every Lambda handler from the installed package as the repository does, byte for byte", async () => {
    const c = consumers.commonjs;
    const script = `
      const { createHash } = require("node:crypto");
      const { bundleFunction, FUNCTION_NAMES } = require("twin-region/compute");
      const hashes = {};
      for (const name of FUNCTION_NAMES) hashes[name] = createHash("sha256").update(bundleFunction(name, { cacheDir: false }).code).digest("hex");
      console.log(JSON.stringify(hashes));`;
    const r = await run(process.execPath, ["-e", script], { cwd: c.dir });
    expect(r.code, shown(r)).toBe(0);
    // The same code wherever the package is: esbuild applies no tsconfig.json to files under
    // node_modules, so settings that change the output ("use strict") must be esbuild options.
    const repository = Object.fromEntries(
      FUNCTION_NAMES.map((name) => [
        name,
        createHash("sha256")
          .update(bundleFunction(name, { cacheDir: false }).code)
          .digest("hex"),
      ]),
    );
    expect(JSON.parse(r.stdout.trim())).toEqual(repository);
  });
});
