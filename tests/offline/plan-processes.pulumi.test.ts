/**
 * How `npm start` runs a plan: the bundle it reuses while nothing changed, the plan processes it
 * forks before bundling, what those processes skip of Pulumi (two packages a plan never uses, the
 * stack stamped on every promise), and errors reported with their stacks in TypeScript terms.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planStacksInWorkers } from "../../offline/plan-order";
import { StackWorker } from "../../offline/stack-worker";
import type { WorkerResponse } from "../../offline/worker";
import { promiseBookkeeping, skipPromiseStacks, UNRECORDED_STACK } from "../../offline/promise-bookkeeping";
import { sourceMappedStack } from "../../offline/source-mapped-stack";
import { packageRoot } from "../../components/shared/package-root";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildPlanBundle } = require("../../offline/plan-bundle.cjs") as {
  buildPlanBundle(
    root: string,
    options?: { program?: string; outdir?: string },
  ): { plan: string; worker: string; program: string; externals: Record<string, string[]>; built: boolean };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deferUnusedModules } = require("../../offline/defer-unused-modules.cjs") as {
  deferUnusedModules(): { request: string; from: string }[];
};

const PROJECT_ROOT = packageRoot();
const PROBE = "tests/offline/fixtures/probe-worker.cjs";
const FIXTURE = "tests/offline/fixtures/failing-program.ts";
const PULUMI = path.join(PROJECT_ROOT, "node_modules", "@pulumi", "pulumi");

// Inside the project, where the bundles' packages resolve.
let outdir: string;
beforeAll(() => {
  fs.mkdirSync(path.join(PROJECT_ROOT, ".plan"), { recursive: true });
  outdir = fs.mkdtempSync(path.join(PROJECT_ROOT, ".plan", "test-bundle-"));
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe("the plan bundle", () => {
  it("is built once and reused while no input changed; a changed input or a missing output rebuilds it", () => {
    const first = buildPlanBundle(PROJECT_ROOT, { program: FIXTURE, outdir });
    expect(first.built).toBe(true);
    for (const file of [first.plan, first.worker, first.program]) expect(fs.existsSync(file), file).toBe(true);
    expect(buildPlanBundle(PROJECT_ROOT, { program: FIXTURE, outdir }).built).toBe(false);

    const fixture = path.join(PROJECT_ROOT, FIXTURE);
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(fixture, later, later);
    expect(buildPlanBundle(PROJECT_ROOT, { program: FIXTURE, outdir }).built).toBe(true);
    expect(buildPlanBundle(PROJECT_ROOT, { program: FIXTURE, outdir }).built).toBe(false);

    fs.rmSync(first.worker);
    expect(buildPlanBundle(PROJECT_ROOT, { program: FIXTURE, outdir }).built).toBe(true);
    expect(fs.existsSync(first.worker)).toBe(true);
  });

  it("names the packages the program loads, for the plan processes to load while they wait", () => {
    // npm start's own bundle, which the test run's shared npm start has just built.
    const bundle = buildPlanBundle(PROJECT_ROOT);
    expect(bundle.externals.program).toEqual(
      expect.arrayContaining(["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx/ecr"]),
    );
    expect(bundle.externals.program!.every((p) => !p.startsWith("node:"))).toBe(true);
  });
});

describe("a program error", () => {
  it("is reported by the plan process with its stack in TypeScript terms: the source file and line of the throw", async () => {
    const bundle = buildPlanBundle(PROJECT_ROOT, { program: FIXTURE, outdir });
    const result = await planStacksInWorkers(
      [{ stack: "primary" }],
      {},
      { code: { worker: bundle.worker, preload: [] }, program: bundle.program },
    );
    if (!("failure" in result)) throw new Error("the fixture program planned");
    const throwLine =
      fs
        .readFileSync(path.join(PROJECT_ROOT, FIXTURE), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("throw new Error")) + 1;
    expect(result.failure.kind).toBe("program");
    expect(result.failure.message).toContain("the fixture component failed");
    expect(result.failure.message).toContain(`${path.join(PROJECT_ROOT, FIXTURE)}:${throwLine}:`);
    expect(result.failure.message).not.toContain("program.js:");
  });

  it("a worker module that cannot load is reported as the plan process failing to start", async () => {
    const result = await planStacksInWorkers(
      [{ stack: "primary" }],
      {},
      { code: { worker: path.join(outdir, "no-such-worker.js"), preload: [] } },
    );
    if (!("failure" in result)) throw new Error("planned without a worker");
    expect(result.failure.message).toContain("the plan process could not start");
    expect(result.failure.message).toContain("no-such-worker.js");
  });

  it("frames outside the project's bundles, and frames of files without a map, are left as they are", () => {
    const stack = [
      "Error: x",
      "    at f (/somewhere/node_modules/pkg/index.js:1:2)",
      "    at /tmp/no-map-here.js:3:4",
      "    at native",
    ].join("\n");
    expect(sourceMappedStack(stack)).toBe(stack);
  });
});

describe("what the plan processes skip of Pulumi", () => {
  it("a plan process as npm start runs it, after planning the primary stack, has not loaded the TypeScript compiler or npm's arborist, and stamps promises without a stack", async () => {
    // The process npm start forks (offline/worker-boot.cjs), its bundled worker wrapped by one that reports on the process.
    // npm start's own bundle: the test run's shared npm start has just built it, so it is reused.
    const bundle = buildPlanBundle(PROJECT_ROOT);
    process.env.TWIN_REGION_PROBED_WORKER = bundle.worker;
    const probe = { worker: path.join(PROJECT_ROOT, PROBE), preload: bundle.externals.program! };
    const response = (await new StackWorker("primary", probe).plan({ program: bundle.program })) as WorkerResponse & {
      probe?: { loaded: Record<string, boolean>; promiseStack: string };
    };
    expect(response.ok, JSON.stringify(response).slice(0, 2_000)).toBe(true);
    expect(response.probe).toEqual({
      loaded: { typescript: false, "@npmcli/arborist": false },
      promiseStack: UNRECORDED_STACK,
    });
  }, 60_000);

  it("load @pulumi/pulumi without the TypeScript compiler and npm's arborist, which load on first use (function serialization still works)", () => {
    const script = `
            require("./offline/defer-unused-modules.cjs").deferUnusedModules();
            const pulumi = require("@pulumi/pulumi");
            const loaded = (p) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + p + "/"));
            const before = { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") };
            pulumi.runtime.serializeFunction(() => 42).then(async (s) => {
                const paths = await pulumi.runtime.computeCodePaths();
                console.log(JSON.stringify({ before, after: { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") }, serialized: s.text.includes("42"), codePaths: paths.size > 0 }));
            });`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      before: { typescript: false, arborist: false },
      after: { typescript: true, arborist: true },
      serialized: true,
      codePaths: true,
    });
  });

  it("defer only modules that the installed @pulumi/pulumi requires from the files named (an upgrade that moves them fails here)", () => {
    for (const { request, from } of deferUnusedModules()) {
      const file = path.join(PROJECT_ROOT, "node_modules", from);
      expect(fs.existsSync(file), file).toBe(true);
      expect(fs.readFileSync(file, "utf8"), from).toContain(`require("${request}")`);
    }
  });

  it("stamp promises without a stack, keeping the leak bookkeeping: a pending promise is a leak candidate until it settles", async () => {
    skipPromiseStacks();
    expect(promiseBookkeeping.isInstalled()).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
      debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
    let resolve!: (v: number) => void;
    const pending = new Promise<number>((r) => (resolve = r));
    const tracked = debuggable.debuggablePromise(pending, "test context");
    expect(state.getStore().leakCandidates.has(pending)).toBe(true);
    expect((pending as unknown as { _debugStackTrace: string; _debugCtx: string })._debugStackTrace).toBe(
      UNRECORDED_STACK,
    );
    expect((pending as unknown as { _debugCtx: string })._debugCtx).toBe("test context");
    resolve(7);
    await expect(tracked).resolves.toBe(7);
    expect(state.getStore().leakCandidates.has(pending)).toBe(false);

    const failing = Promise.reject(new Error("boom"));
    const error = await debuggable.debuggablePromise(failing, "failing").catch((e: Error & { promise?: unknown }) => e);
    expect(error.promise).toBe(failing);
    expect(state.getStore().leakCandidates.has(failing)).toBe(false);
  });

  it("replace a function the whole runtime calls through its module's exports (an upgrade that binds it otherwise fails here)", () => {
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory()
            ? e.name === "node_modules"
              ? []
              : files(path.join(dir, e.name))
            : e.name.endsWith(".js")
              ? [path.join(dir, e.name)]
              : [],
        );
    const calls = files(PULUMI)
      .filter((f) => !f.endsWith(path.join("runtime", "debuggable.js")))
      .flatMap((f) =>
        fs
          .readFileSync(f, "utf8")
          .split("\n")
          .filter((l) => l.includes("debuggablePromise"))
          .map((l) => `${path.relative(PULUMI, f)}: ${l.trim()}`),
      );
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.filter((c) => !/debuggable_1\.debuggablePromise\(/.test(c))).toEqual([]);
  });
});
