/**
 * `npm run test:static`: the suites that read the repository's sources rather than run them, on
 * their own (CI runs them after lint; `npm test` leaves them out):
 *   - tests/typescript.test.ts: the component reference in README.md, the names its prose cites,
 *     the package's public surface and the examples' type-check, each a TypeScript Program over
 *     the library (about 11 s of CPU between them);
 *   - tests/support/suite-kinds.test.ts: every suite's file name against what it loads.
 *   - tests/plugin/schema.test.ts: the component package's schema (plugin/), as Pulumi's analyzer
 *     infers it from a TypeScript Program of its own (about 6 s of CPU).
 * No global setup: they need no shared plan. The resolve aliases are the main config's.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vitest/config";
import main, { STATIC_SUITES } from "../../vitest.config.mjs";

export default mergeConfig(
  { resolve: main.resolve },
  defineConfig({
    root: fileURLToPath(new URL("../..", import.meta.url)),
    test: {
      name: "static",
      include: STATIC_SUITES,
      pool: "threads",
      isolate: false,
      // Each builds a TypeScript Program over the whole library: seconds of CPU, more on a busy
      // runner. Timeouts catch a hang, not slowness (which `npm run bench` measures).
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
