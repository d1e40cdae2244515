/**
 * What a resource's inputs reference: the resources its inputs came from (the recorded property
 * dependencies) and the resources its input strings name by id, ARN or name: within its stack
 * (a CloudFront origin's domain names a bucket) and in the stacks it reads through a
 * StackReference (the secondary's inputs that name the primary's stream, table or bucket).
 */
import type { RecordedResource, StackGraph } from "../graph";

export interface StackIndex {
  stack: StackGraph;
  byUrn: Map<string, RecordedResource>;
  /** Resources by every name a string may carry for them: id, the id's last ARN/URL segment, name, arn. */
  byName: Map<string, RecordedResource[]>;
  /** The stacks this one reads through a StackReference. */
  peers: StackIndex[];
  /** The other stacks planned with it. */
  others: StackIndex[];
}

export interface Reference {
  prop: string;
  target: RecordedResource;
  /** Named by a string read from another stack through a StackReference, not a dependency. */
  crossStack: boolean;
}

/** The last segment of an ARN, URL or path: `arn:aws:sqs:…/prod-queue-1a2b` → `prod-queue-1a2b`. */
export const lastSegment = (value: string) => value.split(/[:/]/).pop() ?? value;

/** Names shorter than this are too generic to identify a resource in a string. */
const MIN_NAME_LENGTH = 8;

/** The tokens of a string that could be a resource's name: ARNs, URLs, JSON and DNS names split apart. */
export const tokensOf = (value: string) => value.split(/[^A-Za-z0-9_-]+/).filter((t) => t.length >= MIN_NAME_LENGTH);

export function indexStacks(stacks: StackGraph[]): StackIndex[] {
  const indexes = stacks.map((stack): StackIndex => {
    const byName = new Map<string, RecordedResource[]>();
    const add = (key: unknown, r: RecordedResource) => {
      if (typeof key !== "string" || key.length < MIN_NAME_LENGTH) return;
      const list = byName.get(key) ?? [];
      if (!list.includes(r)) byName.set(key, [...list, r]);
    };
    // A name a component also has ("prod-data-lake" for its Athena workgroup) is in too many strings to tell.
    const componentNames = new Set(stack.resources.filter((r) => !r.custom).map((r) => r.name));
    for (const r of stack.resources) {
      if (!r.custom) continue;
      for (const key of [r.id, r.inputs.name]) {
        if (typeof key !== "string") continue;
        for (const k of new Set([key, lastSegment(key)])) if (!componentNames.has(k)) add(k, r);
      }
    }
    return { stack, byUrn: new Map(stack.resources.map((r) => [r.urn, r])), byName, peers: [], others: [] };
  });
  for (const ix of indexes) {
    const refs = ix.stack.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.id ?? "");
    ix.peers = indexes.filter(
      (o) => o !== ix && refs.some((id) => id === o.stack.name || id.endsWith(`/${o.stack.name}`)),
    );
    ix.others = indexes.filter((o) => o !== ix && !ix.peers.includes(o));
  }
  return indexes;
}

/** Every string inside a value (nested arrays and objects included; JSON strings as they are). */
export function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsIn(v);
  else if (value && typeof value === "object") for (const v of Object.values(value)) yield* stringsIn(v);
}

/**
 * The resources a value names: by a name of this stack, or, for a name this stack does not have,
 * of a stack it reads through a StackReference (two stacks may each have their own "…-stream-…").
 */
export function namedIn(
  ix: StackIndex,
  value: unknown,
  self?: RecordedResource,
): { target: RecordedResource; crossStack: boolean }[] {
  const found: { target: RecordedResource; crossStack: boolean }[] = [];
  for (const s of stringsIn(value)) {
    // The whole string first (a DNS name), then its parts (an ARN, a URL, a JSON document).
    for (const token of new Set([s, ...tokensOf(s)])) {
      // A resource whose id is the name of what it configures (a replication configuration's is its source's).
      const own = roots((ix.byName.get(token) ?? []).filter((t) => t !== self));
      if (own.length) {
        found.push(...own.map((target) => ({ target, crossStack: false })));
        continue;
      }
      // The stacks this one reads first; a name it knows without reading it (one it gave the other stack's bucket) last.
      for (const other of [...ix.peers, ...ix.others]) {
        const theirs = roots(other.byName.get(token) ?? []);
        if (theirs.length) {
          found.push(...theirs.map((target) => ({ target, crossStack: ix.peers.includes(other) })));
          break;
        }
      }
    }
  }
  return found;
}

/** Of resources that share a name (a bucket and its settings, which carry its name as their id), the ones the others depend on. */
function roots(found: RecordedResource[]): RecordedResource[] {
  if (found.length < 2) return found;
  return found.filter((o) => !found.some((other) => other !== o && o.dependencies.includes(other.urn)));
}

/** What a resource's inputs reference, per input (each target once per input). */
export function referencesOf(ix: StackIndex, r: RecordedResource): Reference[] {
  const out: Reference[] = [];
  const props = new Set([...Object.keys(r.propertyDependencies ?? {}), ...Object.keys(r.inputs)]);
  for (const prop of props) {
    const seen = new Set<RecordedResource>([r]);
    const push = (target: RecordedResource | undefined, crossStack: boolean) => {
      if (!target || seen.has(target)) return;
      seen.add(target);
      out.push({ prop, target, crossStack });
    };
    for (const urn of r.propertyDependencies?.[prop] ?? []) push(ix.byUrn.get(urn), false);
    for (const { target, crossStack } of namedIn(ix, r.inputs[prop], r)) push(target, crossStack);
  }
  return out;
}
