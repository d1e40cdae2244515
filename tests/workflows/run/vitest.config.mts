/**
 * `npm run test:workflows`: the credential-free pull-request job run locally
 * (tests/workflows/run/pr-job.test.ts). It plans both stacks twice (the base commit and this
 * checkout), so `npm test` leaves it out; CI runs it after `npm test`. No global setup: it needs
 * no shared plan.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../../..", import.meta.url)),
  test: {
    name: "workflows",
    include: ["tests/workflows/run/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});
