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
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

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

const PULUMI_SUITES = "tests/**/*.pulumi.test.ts";

export default defineConfig({
  resolve: { alias: sourceAliases },
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
          // The package test (npm run test:package) packs and installs the library: about a minute, run by CI on its own.
          exclude: [PULUMI_SUITES, "tests/package/**"],
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
