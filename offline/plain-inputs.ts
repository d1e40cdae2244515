import * as path from "node:path";
import * as rpc from "@pulumi/pulumi/runtime/rpc";

/**
 * Converts inputs as serialized on the wire into the plain values a provider (and a policy)
 * sees: secrets unwrapped and reported, resource references replaced by their id (or URN),
 * assets by their path, unknowns dropped.
 */
export function plainInputs(wire: Record<string, any>): { inputs: Record<string, any>; secretKeys: string[] } {
  const secretKeys: string[] = [];
  const inputs: Record<string, any> = {};
  for (const [key, value] of Object.entries(wire)) {
    const found = { secret: false };
    const plain = toPlain(value, found);
    if (found.secret) secretKeys.push(key);
    if (plain !== undefined) inputs[key] = plain;
  }
  return { inputs, secretKeys };
}

function toPlain(value: any, found: { secret: boolean }): any {
  if (value === rpc.unknownValue) return undefined;
  if (Array.isArray(value)) return value.map((v) => toPlain(v, found));
  if (value === null || typeof value !== "object") return value;
  const sig = value[rpc.specialSigKey];
  if (sig === rpc.specialSecretSig) {
    found.secret = true;
    return toPlain(value.value, found);
  }
  if (sig === rpc.specialResourceSig) return value.id || value.urn;
  if (sig === rpc.specialOutputValueSig) {
    if (value.secret) found.secret = true;
    return toPlain(value.value, found);
  }
  if (sig === rpc.specialAssetSig || sig === rpc.specialArchiveSig) {
    return {
      asset:
        projectRelative(value.path) ??
        value.uri ??
        (value.text !== undefined ? "<text>" : value.assets ? Object.keys(value.assets) : "<asset>"),
    };
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(value)) {
    const plain = toPlain(v, found);
    if (plain !== undefined) out[k] = plain;
  }
  return out;
}

/**
 * A file asset's path, relative to the project (the working directory) when it is inside it: the
 * plan of one commit is then the same wherever it is checked out, so a plan diff against the base
 * branch's (planned in a directory of its own) shows only what changed.
 */
function projectRelative(file: unknown): string | undefined {
  if (typeof file !== "string") return undefined;
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}
