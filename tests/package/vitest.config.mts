/**
 * `npm run test:package`: the package suite (tests/package/consumers.test.ts) on its own. It packs
 * the repository and installs, type-checks and plans two scratch consumers, about a minute of
 * processes, so `npm test` leaves it out. No global setup: it needs no shared plan.
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
