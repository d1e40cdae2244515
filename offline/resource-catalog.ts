import * as fs from "node:fs";
import * as path from "node:path";

/**
 * What the @pulumi/aws SDK itself says about a resource type: its input and output-only
 * properties, read from the generated class that registers it. The mock uses it to know which
 * resources are taggable (AWS merges provider default tags into their `tagsAll`), which carry a
 * `region` (v7 regional resources) and which can be auto-named.
 */
export interface ResourceShape {
  inputs: ReadonlySet<string>;
  outputs: ReadonlySet<string>;
}

const awsRoot = path.dirname(require.resolve("@pulumi/aws/package.json"));
const cache = new Map<string, ResourceShape | undefined>();

/** `aws:kms/key:Key` → `<@pulumi/aws>/kms/key.js`. */
function moduleFileOf(type: string): string | undefined {
  const match = /^aws:([^/]+)\/([^:]+):\w+$/.exec(type);
  if (!match) return undefined;
  const [, mod, file] = match;
  return mod === "index" ? path.join(awsRoot, `${file}.js`) : path.join(awsRoot, mod!, `${file}.js`);
}

export function shapeOf(type: string): ResourceShape | undefined {
  if (cache.has(type)) return cache.get(type);
  const file = moduleFileOf(type);
  let shape: ResourceShape | undefined;
  if (file && fs.existsSync(file)) {
    const source = fs.readFileSync(file, "utf8");
    const inputs = new Set<string>();
    const outputs = new Set<string>();
    for (const m of source.matchAll(/resourceInputs\["(\w+)"\] = (.*);/g)) {
      const [, prop, rhs] = m;
      if (rhs!.startsWith("undefined /*out*/")) outputs.add(prop!);
      else if (/\bargs\b/.test(rhs!)) inputs.add(prop!);
    }
    shape = { inputs, outputs };
  }
  cache.set(type, shape);
  return shape;
}

export const isTaggable = (type: string): boolean => shapeOf(type)?.outputs.has("tagsAll") ?? false;
export const isRegional = (type: string): boolean => shapeOf(type)?.inputs.has("region") ?? false;
