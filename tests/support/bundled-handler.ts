/**
 * A function's esbuild bundle run as Lambda runs it: `index.handler` from a folder of its own,
 * with the environment the test gives (`undefined` removes a variable), put back afterwards.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { bundleFunction } from "../../components/compute/function-bundle";

export async function withBundledHandler<Handler>(
  functionName: Parameters<typeof bundleFunction>[0],
  dir: string,
  env: Record<string, string | undefined>,
  use: (handler: Handler) => Promise<void>,
): Promise<void> {
  const bundle = bundleFunction(functionName);
  fs.writeFileSync(path.join(dir, "index.js"), bundle.code);
  fs.writeFileSync(path.join(dir, "index.js.map"), bundle.sourceMap);
  const saved = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    const { handler } = createRequire(__filename)(path.join(dir, "index.js")) as { handler: Handler };
    await use(handler);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
