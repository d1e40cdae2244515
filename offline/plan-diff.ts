/**
 * The plan diff of `npm start -- --diff BASE.json`: what this plan adds, removes and changes
 * against a saved one (the `--json` of the base branch), per stack and top-level component, with
 * the changed input keys of each changed resource and the changed stack outputs. Pure: it reads two
 * plan documents.
 *
 * Secret values never reach the diff: a top-level property a resource lists in `secretOutputs` (in
 * the base or in this plan) and an output shown as "[secret]" are reported only as changed, and a
 * value that would be shown is withheld when it contains any secret value of either plan (a secret
 * copied into a plain input, a policy or a connection string).
 */
import type { RecordedResource, StackGraph } from "./graph";
import { SECRET_OUTPUT } from "./graph";
import { isInfrastructure, topLevelComponentOf } from "./components-of";

/** How deep into nested inputs the diff names a changed key; below, the whole value is one change. */
export const MAX_PATH_DEPTH = 6;
/** How many changed keys are listed per resource or per stack's outputs; the rest are counted. */
export const MAX_KEYS = 12;
/** How long a shown value may be (JSON), longer ones end in "…". */
export const MAX_VALUE_CHARS = 60;

/** One changed key: an input or an output, by dotted path. */
export interface KeyChange {
  /** Dotted path: `maxCapacity`, `versioningConfiguration.status`, `ingress.0.cidrBlocks`, `policy.Statement.0.Action` (into a JSON string); `(region)` for where the resource is. */
  path: string;
  /** Secret (or holding a secret): only that it changed is reported, never a value. */
  secret: boolean;
  /** Short renderings of the old and new value, when neither is secret; "(absent)" when the key is new or gone. */
  before?: string;
  after?: string;
}

export interface ResourceRef {
  urn: string;
  type: string;
  name: string;
  region: string;
}

export interface ResourceChange extends ResourceRef {
  /** The first MAX_KEYS changed keys, in path order. */
  keys: KeyChange[];
  /** How many changed keys beyond those. */
  moreKeys: number;
}

/** The changes under one top-level component (`name (type)`, or `(stack)` for the stack's own resources). */
export interface ComponentDiff {
  component: string;
  added: ResourceRef[];
  removed: ResourceRef[];
  changed: ResourceChange[];
}

export interface StackDiff {
  name: string;
  /** `compared`: in both plans; `added`: only in this plan; `removed`: only in the base. */
  status: "compared" | "added" | "removed";
  /** Cloud resources of the stack in the plan that has it (for an added or removed stack). */
  resources: number;
  /** Components with a change, by label (compared stacks only). */
  components: ComponentDiff[];
  /** The changed outputs (compared stacks only), MAX_KEYS at most, the rest counted in moreOutputs. */
  outputs: KeyChange[];
  moreOutputs: number;
  counts: { added: number; removed: number; changed: number };
}

export interface PlanDiff {
  stacks: StackDiff[];
  /** Stacks of the base this run did not plan (`--stack`), not compared. */
  notCompared: string[];
  /** Whether anything differs: what exit code 3 reports. */
  differs: boolean;
}

export interface DiffOptions {
  /** Compare only the stacks this plan holds (a run with `--stack`): the base's others are listed as not compared. */
  onlyPlannedStacks?: boolean;
}

/** The resources the diff covers: cloud resources, as the summary counts them. */
const covered = (r: RecordedResource) => isInfrastructure(r) && (r.custom || r.remote === true);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Every string inside the secret properties of a plan's resources, and the secret values' JSON: what a shown value must not contain. */
export function secretStringsOf(stacks: readonly StackGraph[]): Set<string> {
  const out = new Set<string>();
  const collect = (v: unknown) => {
    if (typeof v === "string") {
      // Short strings ("admin", "3306", "mysql") are not secret material and would withhold everything.
      if (v.length >= 8) out.add(v);
      if (v.startsWith("{") || v.startsWith("[")) collect(parseJson(v));
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (isPlainObject(v)) Object.values(v).forEach(collect);
  };
  for (const stack of stacks)
    for (const r of stack.resources) for (const key of r.secretOutputs) collect(r.inputs[key]);
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON document in a string input (an IAM policy, a container definition): diffed by its keys. */
const jsonIn = (v: unknown): unknown =>
  typeof v === "string" && /^\s*[[{]/.test(v) ? (parseJson(v) ?? undefined) : undefined;

/** A short rendering of a value: scalars as JSON, cut at MAX_VALUE_CHARS; structures by size. */
export function shortValue(v: unknown): string {
  if (v === undefined) return "(absent)";
  if (Array.isArray(v)) return `[${v.length} item${v.length === 1 ? "" : "s"}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).length} key${Object.keys(v).length === 1 ? "" : "s"}}`;
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Whether a value holds any of the secret strings (then it is reported only as changed). */
function holdsSecret(v: unknown, secrets: ReadonlySet<string>): boolean {
  if (secrets.size === 0 || v === undefined) return false;
  const text = typeof v === "string" ? v : JSON.stringify(v);
  for (const s of secrets) if (text.includes(s)) return true;
  return false;
}

/** The changed keys between two values, as dotted paths under `path`, depth-bounded. */
function changedKeys(
  before: unknown,
  after: unknown,
  path: string,
  depth: number,
  secrets: ReadonlySet<string>,
  out: KeyChange[],
): void {
  if (deepEqual(before, after)) return;
  const join = (key: string) => (path ? `${path}.${key}` : key);
  if (depth < MAX_PATH_DEPTH) {
    if (isPlainObject(before) && isPlainObject(after)) {
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      for (const k of keys) changedKeys(before[k], after[k], join(k), depth + 1, secrets, out);
      return;
    }
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
      before.forEach((x, i) => changedKeys(x, after[i], join(String(i)), depth + 1, secrets, out));
      return;
    }
    const [jb, ja] = [jsonIn(before), jsonIn(after)];
    if (jb !== undefined && ja !== undefined) {
      changedKeys(jb, ja, path, depth, secrets, out);
      return;
    }
  }
  if (holdsSecret(before, secrets) || holdsSecret(after, secrets)) out.push({ path, secret: true });
  else out.push({ path, secret: false, before: shortValue(before), after: shortValue(after) });
}

/** The changed keys of a resource's inputs (and its region); a secret top-level property only as changed. */
export function changedInputs(
  base: RecordedResource,
  current: RecordedResource,
  secrets: ReadonlySet<string> = new Set(),
): KeyChange[] {
  const secret = new Set([...base.secretOutputs, ...current.secretOutputs]);
  const out: KeyChange[] = [];
  if (base.region !== current.region)
    out.push({ path: "(region)", secret: false, before: base.region, after: current.region });
  const keys = [...new Set([...Object.keys(base.inputs), ...Object.keys(current.inputs)])].sort();
  for (const k of keys) {
    if (secret.has(k)) {
      if (!deepEqual(base.inputs[k], current.inputs[k])) out.push({ path: k, secret: true });
    } else changedKeys(base.inputs[k], current.inputs[k], k, 1, secrets, out);
  }
  return out;
}

/** The changed outputs of a stack; one shown as "[secret]" on either side only as changed (two "[secret]"s cannot be told apart, and count as equal). */
export function changedOutputs(
  base: Record<string, unknown>,
  current: Record<string, unknown>,
  secrets: ReadonlySet<string> = new Set(),
): KeyChange[] {
  const out: KeyChange[] = [];
  for (const k of [...new Set([...Object.keys(base), ...Object.keys(current)])].sort()) {
    const [b, c] = [base[k], current[k]];
    if (b === SECRET_OUTPUT || c === SECRET_OUTPUT) {
      if (b !== c) out.push({ path: k, secret: true });
    } else changedKeys(b, c, k, 1, secrets, out);
  }
  return out;
}

const refOf = (r: RecordedResource): ResourceRef => ({ urn: r.urn, type: r.type, name: r.name, region: r.region });

const labelOf = (componentOf: (r: RecordedResource) => RecordedResource | undefined, r: RecordedResource) => {
  const c = componentOf(r);
  return c ? `${c.name} (${c.type})` : "(stack)";
};

function diffStack(base: StackGraph, current: StackGraph, secrets: ReadonlySet<string>): StackDiff {
  const baseByUrn = new Map(base.resources.filter(covered).map((r) => [r.urn, r]));
  const currentByUrn = new Map(current.resources.filter(covered).map((r) => [r.urn, r]));
  const baseComponentOf = topLevelComponentOf(base.resources);
  const currentComponentOf = topLevelComponentOf(current.resources);
  const components = new Map<string, ComponentDiff>();
  const entry = (label: string) => {
    let c = components.get(label);
    if (!c) components.set(label, (c = { component: label, added: [], removed: [], changed: [] }));
    return c;
  };
  for (const [urn, r] of currentByUrn) {
    const was = baseByUrn.get(urn);
    if (!was) {
      entry(labelOf(currentComponentOf, r)).added.push(refOf(r));
      continue;
    }
    const keys = changedInputs(was, r, secrets);
    if (keys.length)
      entry(labelOf(currentComponentOf, r)).changed.push({
        ...refOf(r),
        keys: keys.slice(0, MAX_KEYS),
        moreKeys: Math.max(0, keys.length - MAX_KEYS),
      });
  }
  for (const [urn, r] of baseByUrn)
    if (!currentByUrn.has(urn)) entry(labelOf(baseComponentOf, r)).removed.push(refOf(r));
  const outputs = changedOutputs(base.outputs ?? {}, current.outputs ?? {}, secrets);
  const list = [...components.values()].sort((a, b) => a.component.localeCompare(b.component));
  const byTypeAndName = (a: ResourceRef, b: ResourceRef) =>
    a.type.localeCompare(b.type) || a.name.localeCompare(b.name);
  for (const c of list) [c.added, c.removed, c.changed].forEach((refs) => refs.sort(byTypeAndName));
  const count = (pick: (c: ComponentDiff) => unknown[]) => list.reduce((n, c) => n + pick(c).length, 0);
  return {
    name: current.name,
    status: "compared",
    resources: currentByUrn.size,
    components: list,
    outputs: outputs.slice(0, MAX_KEYS),
    moreOutputs: Math.max(0, outputs.length - MAX_KEYS),
    counts: { added: count((c) => c.added), removed: count((c) => c.removed), changed: count((c) => c.changed) },
  };
}

const wholeStack = (stack: StackGraph, status: "added" | "removed"): StackDiff => ({
  name: stack.name,
  status,
  resources: stack.resources.filter(covered).length,
  components: [],
  outputs: [],
  moreOutputs: 0,
  counts: { added: 0, removed: 0, changed: 0 },
});

const stackDiffers = (s: StackDiff) =>
  s.status !== "compared" || s.components.length > 0 || s.outputs.length > 0 || s.moreOutputs > 0;

/** This plan against the base: stacks matched by name, resources by URN. */
export function diffPlans(
  base: { stacks: readonly StackGraph[] },
  current: { stacks: readonly StackGraph[] },
  options: DiffOptions = {},
): PlanDiff {
  const secrets = secretStringsOf([...base.stacks, ...current.stacks]);
  const stacks: StackDiff[] = [];
  const notCompared: string[] = [];
  for (const stack of current.stacks) {
    const was = base.stacks.find((s) => s.name === stack.name);
    stacks.push(was ? diffStack(was, stack, secrets) : wholeStack(stack, "added"));
  }
  for (const stack of base.stacks) {
    if (current.stacks.some((s) => s.name === stack.name)) continue;
    if (options.onlyPlannedStacks) notCompared.push(stack.name);
    else stacks.push(wholeStack(stack, "removed"));
  }
  return { stacks, notCompared, differs: stacks.some(stackDiffers) };
}

/** One changed key in words: "maxCapacity: 6 → 12", or "masterPassword: changed (secret, value not shown)". */
export const keyChangeText = (k: KeyChange) =>
  k.secret ? `${k.path}: changed (secret, value not shown)` : `${k.path}: ${k.before} → ${k.after}`;

export const resourceText = (r: ResourceRef) => `${r.type} "${r.name}" (${r.region})`;

/** Counts of a stack's diff in words: "2 added, 1 changed; 1 output changed". */
export function stackDiffSummary(s: StackDiff): string {
  if (s.status === "added") return `only in this plan (${s.resources} resources), not in the base`;
  if (s.status === "removed") return `only in the base (${s.resources} resources), not in this plan`;
  if (!stackDiffers(s)) return "no changes";
  const outputs = s.outputs.length + s.moreOutputs;
  return `${s.counts.added} added, ${s.counts.removed} removed, ${s.counts.changed} changed${outputs ? `; ${outputs} output(s) changed` : ""}`;
}

/** The diff as `npm start -- --diff` prints it after the plan's summary. */
export function renderPlanDiff(diff: PlanDiff, baseLabel: string): string {
  if (!diff.differs) {
    const lines = [`Plan diff: no changes against the base plan ${baseLabel}.`];
    if (diff.notCompared.length)
      lines.push(`  Not compared (not planned in this run): stack(s) ${diff.notCompared.join(", ")}.`);
    return lines.join("\n");
  }
  const lines = [`Plan diff against the base plan ${baseLabel}:`];
  for (const s of diff.stacks) {
    lines.push(`  Stack ${s.name}: ${stackDiffSummary(s)}`);
    for (const c of s.components) {
      lines.push(
        `    ${c.component}: ${[
          c.added.length && `${c.added.length} added`,
          c.removed.length && `${c.removed.length} removed`,
          c.changed.length && `${c.changed.length} changed`,
        ]
          .filter(Boolean)
          .join(", ")}`,
      );
      for (const r of c.added) lines.push(`      + ${resourceText(r)}`);
      for (const r of c.removed) lines.push(`      - ${resourceText(r)}`);
      for (const r of c.changed) {
        lines.push(`      ~ ${resourceText(r)}`);
        for (const k of r.keys) lines.push(`          ${keyChangeText(k)}`);
        if (r.moreKeys) lines.push(`          … and ${r.moreKeys} more changed key(s)`);
      }
    }
    if (s.outputs.length) {
      lines.push("    outputs:");
      for (const k of s.outputs) lines.push(`      ~ ${keyChangeText(k)}`);
      if (s.moreOutputs) lines.push(`      … and ${s.moreOutputs} more changed output(s)`);
    }
  }
  if (diff.notCompared.length)
    lines.push(`  Not compared (not planned in this run): stack(s) ${diff.notCompared.join(", ")}.`);
  return lines.join("\n");
}
