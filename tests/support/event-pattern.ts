/**
 * EventBridge event patterns, matched as EventBridge matches them, for the wiring tests: does a
 * rule's pattern (as the plan records it) match the event a handler really publishes?
 *
 * No maintained package does this offline (the registry has SDK clients and CDK constructs, not a
 * matcher), so this is the part of the pattern language the platform's rules use, and what a
 * rule is likely to grow into, following the EventBridge user guide ("Event patterns",
 * "Content filtering"):
 *
 * - A pattern is a JSON object. Each field holds an array of values (the event's field matches
 *   when it equals one of them, or, for an array in the event, when one of its elements does), or
 *   a nested object matched against the event's object at that field (`detail: {…}`).
 * - Every field of the pattern must match; the event's other fields do not matter. A field the
 *   event lacks matches nothing (but `{ "exists": false }`).
 * - Values are exact and typed: the string "1" is not the number 1, matching is case-sensitive.
 * - Content filters inside a value array: `prefix`, `suffix`, `anything-but` (a value, a list, or
 *   `{ prefix }`), `exists`, `equals-ignore-case`.
 *
 * Anything else (numeric filters, wildcards, `$or`) is refused with an error rather than guessed
 * at, as are patterns EventBridge itself would reject (a field that is not an array or object, an
 * empty array): a test never passes on a pattern the matcher did not understand.
 */

export type EventPatternValue = string | number | boolean | null | Record<string, unknown>;
export interface EventPattern {
  [field: string]: readonly EventPatternValue[] | EventPattern;
}

/** An event as EventBridge delivers it to a rule: the envelope, with `detail` as an object. */
export interface BusEvent {
  version: string;
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses a rule's `eventPattern` (JSON text, as Pulumi passes it) and checks it is a pattern EventBridge accepts. */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`event pattern is not JSON: ${(error as Error).message}`, { cause: error });
  }
  checkPattern(parsed, "pattern");
  return parsed as EventPattern;
}

function checkPattern(pattern: unknown, at: string): void {
  if (!isObject(pattern)) throw new Error(`${at}: must be a JSON object, got ${JSON.stringify(pattern)}`);
  if (Object.keys(pattern).length === 0) throw new Error(`${at}: is empty`);
  for (const [field, value] of Object.entries(pattern)) {
    const where = `${at}.${field}`;
    if (field.startsWith("$")) throw new Error(`${where}: operator ${field} is not supported here`);
    if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`${where}: an empty array matches nothing (EventBridge rejects it)`);
      value.forEach((v, i) => checkValue(v, `${where}[${i}]`));
    } else if (isObject(value)) checkPattern(value, where);
    else throw new Error(`${where}: must be an array of values or an object, got ${JSON.stringify(value)}`);
  }
}

const FILTERS = new Set(["prefix", "suffix", "anything-but", "exists", "equals-ignore-case"]);

function checkValue(value: unknown, at: string): void {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return;
  if (!isObject(value)) throw new Error(`${at}: ${JSON.stringify(value)} is not a value or a content filter`);
  const keys = Object.keys(value);
  if (keys.length !== 1 || !FILTERS.has(keys[0]!))
    throw new Error(`${at}: content filter ${JSON.stringify(value)} is not supported (${[...FILTERS].join(", ")})`);
  const [name] = keys as [string];
  const arg = value[name];
  if (name === "exists" && typeof arg !== "boolean") throw new Error(`${at}: exists takes true or false`);
  if ((name === "prefix" || name === "suffix" || name === "equals-ignore-case") && typeof arg !== "string")
    throw new Error(`${at}: ${name} takes a string`);
  if (name === "anything-but") {
    const ok =
      ["string", "number"].includes(typeof arg) ||
      (Array.isArray(arg) && arg.length > 0 && arg.every((a) => ["string", "number"].includes(typeof a))) ||
      (isObject(arg) && Object.keys(arg).length === 1 && typeof arg.prefix === "string");
    if (!ok) throw new Error(`${at}: anything-but takes a value, a list of values or { prefix }`);
  }
}

/** Whether EventBridge would deliver `event` to a rule with this pattern. */
export function matchesEventPattern(pattern: EventPattern | string, event: object): boolean {
  const p = typeof pattern === "string" ? parseEventPattern(pattern) : (checkPattern(pattern, "pattern"), pattern);
  return matchObject(p, event as Record<string, unknown>);
}

function matchObject(pattern: EventPattern, value: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const present = Object.prototype.hasOwnProperty.call(value, field);
    const actual = present ? value[field] : undefined;
    if (!Array.isArray(expected)) {
      // A nested pattern: the event's field must be an object matching it.
      return isObject(actual) && matchObject(expected as EventPattern, actual);
    }
    return (expected as readonly EventPatternValue[]).some((v) => matchLeaf(v, present, actual));
  });
}

function matchLeaf(expected: EventPatternValue, present: boolean, actual: unknown): boolean {
  if (isObject(expected) && "exists" in expected) {
    // exists matches leaves only: an object there is not a value.
    const exists = present && !isObject(actual);
    return expected.exists === exists;
  }
  if (!present) return false;
  // An array in the event matches when one of its elements does.
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((a) => matchScalar(expected, a));
}

function matchScalar(expected: EventPatternValue, actual: unknown): boolean {
  if (!isObject(expected)) return expected === actual;
  const [name, arg] = Object.entries(expected)[0]!;
  switch (name) {
    case "prefix":
      return typeof actual === "string" && actual.startsWith(arg as string);
    case "suffix":
      return typeof actual === "string" && actual.endsWith(arg as string);
    case "equals-ignore-case":
      return typeof actual === "string" && actual.toLowerCase() === (arg as string).toLowerCase();
    case "anything-but": {
      if (actual === undefined || isObject(actual)) return false;
      if (isObject(arg)) return !(typeof actual === "string" && actual.startsWith(arg.prefix as string));
      const excluded = Array.isArray(arg) ? arg : [arg];
      return !excluded.includes(actual);
    }
    default:
      throw new Error(`content filter ${name} is not supported`);
  }
}

/** What a PutEvents entry becomes on the bus: the envelope EventBridge adds, `Detail` parsed (it must be a JSON object). */
export function busEventOf(
  entry: { Source?: string; DetailType?: string; Detail?: string; Resources?: string[] },
  envelope: { region: string; account: string; id?: string; time?: string },
): BusEvent {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined)
    throw new Error(`a PutEvents entry needs Source, DetailType and Detail: ${JSON.stringify(entry)}`);
  const detail: unknown = JSON.parse(entry.Detail);
  if (!isObject(detail)) throw new Error(`PutEvents Detail must be a JSON object, got ${entry.Detail}`);
  return {
    version: "0",
    id: envelope.id ?? "00000000-0000-4000-8000-000000000000",
    "detail-type": entry.DetailType,
    source: entry.Source,
    account: envelope.account,
    time: envelope.time ?? new Date(0).toISOString(),
    region: envelope.region,
    resources: entry.Resources ?? [],
    detail,
  };
}
