/**
 * How a component gets one of its supporting resources (log group, role, key, bucket, security
 * group, topic):
 * - `{ existing }`: bring your own; the component creates nothing.
 * - `{ args }`: the component creates it, with these props over its secure defaults.
 * - `{ skip: true }`: no resource at all (an explicit, named opt-out of a secure default).
 *
 * Omitting the arg means "create with the defaults". Passing more than one key is a runtime error.
 */
export type Supporting<TExisting, TArgs> =
  | { existing: TExisting; args?: never; skip?: never }
  | { args: Partial<TArgs>; existing?: never; skip?: never }
  | { skip: true; existing?: never; args?: never };

export type ResolvedSupporting<TExisting, TArgs> =
  { kind: "existing"; existing: TExisting } | { kind: "create"; args: Partial<TArgs> } | { kind: "skip" };

const KEYS = ["existing", "args", "skip"] as const;

/**
 * Normalises a `Supporting` arg. `argName` is the arg's path as the user wrote it
 * (e.g. "flowLogs"), used in error messages.
 */
export function resolveSupporting<TExisting, TArgs>(
  argName: string,
  value: Supporting<TExisting, TArgs> | undefined,
): ResolvedSupporting<TExisting, TArgs> {
  if (value === undefined) {
    return { kind: "create", args: {} };
  }
  if (typeof value !== "object" || value === null) {
    throw new Error(`${argName}: expected one of { existing }, { args }, { skip: true }, got ${JSON.stringify(value)}`);
  }
  const raw = value as Record<string, unknown>;
  const unknownKeys = Object.keys(raw).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) {
    throw new Error(
      `${argName}: unknown key(s) ${unknownKeys.map((k) => `"${k}"`).join(", ")}; pass one of existing, args, skip`,
    );
  }
  const given = KEYS.filter((k) => raw[k] !== undefined);
  if (given.length > 1) {
    throw new Error(`${argName}: pass only one of existing, args, skip (got ${given.join(", ")})`);
  }
  if (raw.skip !== undefined) {
    if (raw.skip !== true) {
      throw new Error(`${argName}.skip: must be true when given, got ${JSON.stringify(raw.skip)}`);
    }
    return { kind: "skip" };
  }
  if (raw.existing !== undefined) {
    return { kind: "existing", existing: raw.existing as TExisting };
  }
  if (raw.args !== undefined) {
    if (typeof raw.args !== "object" || raw.args === null) {
      throw new Error(`${argName}.args: must be an object, got ${JSON.stringify(raw.args)}`);
    }
    return { kind: "create", args: raw.args as Partial<TArgs> };
  }
  throw new Error(`${argName}: pass one of existing, args, skip (got an empty object)`);
}
