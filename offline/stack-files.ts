import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** The project as Pulumi.yaml declares it. */
export interface ProjectFile {
  name: string;
  main: string;
  /** Project-level config schema: key (without namespace) → declaration. */
  config: Record<
    string,
    { type?: string; description?: string; default?: unknown; secret?: boolean } | string | number | boolean
  >;
}

export interface StackConfig {
  stack: string;
  /** Config values by fully qualified key, as strings (objects JSON-encoded), as Pulumi gives them to a program. */
  values: Record<string, string>;
  secretKeys: string[];
}

/** Raised for a config problem the plan reports with exit code 2. */
export class StackFileError extends Error {
  override name = "StackFileError";
}

/** The Pulumi project a folder is in: the nearest folder at or above it with a Pulumi.yaml. */
export function findProjectRoot(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new StackFileError(`no Pulumi.yaml in ${from} or above it`);
  }
}

function readYaml(file: string): any {
  if (!fs.existsSync(file)) throw new StackFileError(`${path.basename(file)} not found in ${path.dirname(file)}`);
  try {
    return parse(fs.readFileSync(file, "utf8")) ?? {};
  } catch (e) {
    throw new StackFileError(`${path.basename(file)} is not valid YAML: ${(e as Error).message}`);
  }
}

export function readProject(root: string): ProjectFile {
  const doc = readYaml(path.join(root, "Pulumi.yaml"));
  if (typeof doc.name !== "string") throw new StackFileError("Pulumi.yaml has no project name");
  return { name: doc.name, main: String(doc.main ?? "."), config: doc.config ?? {} };
}

/** The stacks of the project: every Pulumi.<stack>.yaml beside Pulumi.yaml. */
export function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => Boolean(s))
    .sort();
}

const qualify = (project: string, key: string) => (key.includes(":") ? key : `${project}:${key}`);
const asString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * A stack's config as the Pulumi CLI would hand it to the program: project schema defaults,
 * then the stack file, then `--config` overrides. Secure (encrypted) values cannot be decrypted
 * offline; they become a marked placeholder and stay secret.
 */
export function readStackConfig(
  root: string,
  project: ProjectFile,
  stack: string,
  overrides: Record<string, string> = {},
): StackConfig {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, decl] of Object.entries(project.config)) {
    const def = typeof decl === "object" && decl !== null ? decl.default : decl;
    if (def !== undefined) values[qualify(project.name, key)] = asString(def);
  }
  const file = readYaml(path.join(root, `Pulumi.${stack}.yaml`));
  for (const [key, value] of Object.entries<any>(file.config ?? {})) {
    const k = qualify(project.name, key);
    if (value && typeof value === "object" && "secure" in value) {
      values[k] = `offline-placeholder-for-secure-${key}`;
      secretKeys.push(k);
    } else {
      values[k] = asString(value);
    }
  }
  for (const [key, value] of Object.entries(overrides)) values[qualify(project.name, key)] = value;
  return { stack, values, secretKeys };
}

/** `aws:defaultTags` (`{"tags": {...}}`) as the default provider would apply it. */
export function defaultTagsOf(config: StackConfig): Record<string, string> | undefined {
  const raw = config.values["aws:defaultTags"];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw).tags ?? {};
  } catch {
    throw new StackFileError(`aws:defaultTags of stack ${config.stack} is not a {tags: {...}} object: ${raw}`);
  }
}
