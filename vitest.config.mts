/**
 * Two kinds of suite (README, "Testing"):
 *   - unit: `tests/**\/*.test.ts`: pure code, function handlers against emulators, the shared plan
 *     of both stacks (tests/support/shared-plan.ts), `npm start` as a process. Worker threads
 *     that keep their loaded modules from file to file.
 *   - pulumi: `tests/**\/*.pulumi.test.ts`: suites that run Pulumi's mocked runtime in their
 *     own process (planProgram, planStack). The runtime is global per process, so each file
 *     gets a process of its own, which loads Pulumi without what a plan never uses.
 * `npm start` runs once per test run (the global setup) and both kinds read what it planned.
 */
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const PULUMI_SUITES = "tests/**/*.pulumi.test.ts";

export default defineConfig({
  test: {
    // Vitest leaves one core idle by default; the suites are CPU-bound.
    maxWorkers: availableParallelism(),
    globalSetup: ["tests/support/shared-plan.setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: [PULUMI_SUITES],
          pool: "threads",
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "pulumi",
          include: [PULUMI_SUITES],
          pool: "forks",
          isolate: true,
          setupFiles: ["tests/support/pulumi-process.setup.ts"],
        },
      },
    ],
  },
});
