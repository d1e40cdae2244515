/**
 * `npm run test:package`: the package suites on their own: tests/package/consumers.test.ts packs the
 * repository and installs, type-checks and plans two scratch consumers, about a minute of
 * processes; the others pack the policy pack as `pulumi policy publish` does and build the task
 * image's context from an edited copy of the package. `npm test` leaves them out. No global setup:
 * they need no shared plan.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "package",
    include: ["tests/package/**/*.test.ts"],
    pool: "forks",
    env: { TWIN_REGION_PACKAGE_TEST: "1" },
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
