/**
 * The ingestion event: the JSON body a producer POSTs to the ingestion API, which the API puts on
 * the Kinesis stream unchanged (base64 in the Kinesis record), and which the consumer validates
 * and stores. One definition, in two forms that agree (tests/functions/event-schema.test.ts):
 *
 * - `INGESTION_EVENT_JSON_SCHEMA`: JSON Schema draft-04, the form API Gateway request models take.
 *   The API rejects a body that does not match it with 400 before it reaches the stream.
 * - `validateIngestionEvent`: the same rules in code, plus what a JSON Schema cannot say and
 *   DynamoDB needs: a real calendar date, numbers DynamoDB can store, nesting depth, map keys.
 *
 * ```json
 * {
 *   "eventId": "01J9Z6X2C3V4B5N6M7Q8R9S0T1",          // 1-128 of A-Z a-z 0-9 . _ : -, starts alphanumeric; the idempotency key
 *   "type": "order.created",                          // 1-128 of A-Z a-z 0-9 . _ -, starts with a letter
 *   "occurredAt": "2025-01-31T12:00:00.000Z",         // RFC 3339 date-time with Z or an offset, as the producer saw it
 *   "source": "shop-api",                             // 1-256 characters, no control characters: who produced it
 *   "payload": { "orderId": "o-1", "total": 42.5 }    // a JSON object, the event's data
 * }
 * ```
 * No other top-level properties. The whole body is at most `MAX_EVENT_BYTES` (UTF-8).
 */

export interface IngestionEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  source: string;
  payload: Record<string, unknown>;
}

/** Largest accepted body: keeps the stored item well under DynamoDB's 400 KB item limit. */
export const MAX_EVENT_BYTES = 128 * 1024;
/** Deepest nesting of objects and arrays inside `payload` (DynamoDB allows 32 levels in an item). */
export const MAX_PAYLOAD_DEPTH = 16;

export const EVENT_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
export const EVENT_TYPE_PATTERN = "^[A-Za-z][A-Za-z0-9._-]*$";
export const SOURCE_PATTERN = "^[^\\u0000-\\u001f\\u007f]+$";
export const OCCURRED_AT_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$";

/** JSON Schema draft-04 of the body (API Gateway models use draft-04). */
export const INGESTION_EVENT_JSON_SCHEMA = {
  $schema: "http://json-schema.org/draft-04/schema#",
  title: "IngestionEvent",
  type: "object",
  required: ["eventId", "type", "occurredAt", "source", "payload"],
  additionalProperties: false,
  properties: {
    eventId: { type: "string", minLength: 1, maxLength: 128, pattern: EVENT_ID_PATTERN },
    type: { type: "string", minLength: 1, maxLength: 128, pattern: EVENT_TYPE_PATTERN },
    occurredAt: { type: "string", minLength: 20, maxLength: 35, pattern: OCCURRED_AT_PATTERN },
    source: { type: "string", minLength: 1, maxLength: 256, pattern: SOURCE_PATTERN },
    payload: { type: "object" },
  },
} as const;

const eventIdRe = new RegExp(EVENT_ID_PATTERN);
const typeRe = new RegExp(EVENT_TYPE_PATTERN);
const sourceRe = new RegExp(SOURCE_PATTERN);
const occurredAtRe = new RegExp(OCCURRED_AT_PATTERN);
const EVENT_ID_RULE = "letters, digits, '.', '_', ':' or '-', starting with a letter or digit";
const KNOWN = new Set(Object.keys(INGESTION_EVENT_JSON_SCHEMA.properties));

export type EventValidation = { ok: true; event: IngestionEvent } | { ok: false; issues: string[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function checkString(
  issues: string[],
  name: string,
  value: unknown,
  min: number,
  max: number,
  re: RegExp,
  what: string,
): void {
  if (value === undefined) issues.push(`${name}: required`);
  else if (typeof value !== "string")
    issues.push(`${name}: must be a string, got ${value === null ? "null" : typeof value}`);
  else if (value.length < min || value.length > max)
    issues.push(`${name}: must be ${min}-${max} characters, got ${value.length}`);
  else if (!re.test(value)) issues.push(`${name}: must be ${what}`);
}

/** True for an RFC 3339 date-time whose date and time exist (no 2025-02-30, no 25:00). */
export function isTimestamp(value: string): boolean {
  if (!occurredAtRe.test(value)) return false;
  const [y, mo, d, h, mi, s] = [0, 5, 8, 11, 14, 17].map((at, i) =>
    Number(value.slice(at, at + (i === 0 ? 4 : 2))),
  ) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  if (h > 23 || mi > 59 || s > 59) return false;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return false;
  return Number.isFinite(Date.parse(value));
}

/** Half of a UTF-16 surrogate pair on its own: JSON can carry it ("\ud800"), UTF-8 (and DynamoDB) cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a JSON value can be stored as a DynamoDB attribute as it is: numbers finite and within
 * DynamoDB's range (magnitude 1e-130 to below 1e126, or 0), map keys non-empty, text valid
 * Unicode, nesting bounded.
 * Returns the first problem found, as a JSON-pointer-like path and a reason.
 */
export function storableProblem(value: unknown, path: string, depth: number): string | undefined {
  if (value === null || typeof value === "boolean") return undefined;
  if (typeof value === "string")
    return LONE_SURROGATE.test(value) ? `${path}: text that is not valid Unicode` : undefined;
  if (typeof value === "number") {
    const abs = Math.abs(value);
    if (!Number.isFinite(value) || abs >= 1e126 || (abs !== 0 && abs < 1e-130))
      return `${path}: number ${value} is outside DynamoDB's range`;
    return undefined;
  }
  if (depth > MAX_PAYLOAD_DEPTH) return `${path}: nested deeper than ${MAX_PAYLOAD_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = storableProblem(value[i], `${path}/${i}`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "") return `${path}: empty property name`;
      if (LONE_SURROGATE.test(key)) return `${path}: a property name that is not valid Unicode`;
      const problem = storableProblem(v, `${path}/${key}`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return `${path}: not a JSON value`;
}

/** Checks a parsed body against the ingestion event schema; lists every problem found. */
export function validateIngestionEvent(value: unknown): EventValidation {
  if (!isPlainObject(value))
    return {
      ok: false,
      issues: [
        `body: must be a JSON object, got ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value}`,
      ],
    };
  const issues: string[] = [];
  checkString(issues, "eventId", value.eventId, 1, 128, eventIdRe, EVENT_ID_RULE);
  checkString(issues, "type", value.type, 1, 128, typeRe, "letters, digits, '.', '_' or '-', starting with a letter");
  checkString(
    issues,
    "occurredAt",
    value.occurredAt,
    20,
    35,
    occurredAtRe,
    "an RFC 3339 date-time such as 2025-01-31T12:00:00Z",
  );
  if (typeof value.occurredAt === "string" && occurredAtRe.test(value.occurredAt) && !isTimestamp(value.occurredAt))
    issues.push("occurredAt: not a real date and time");
  checkString(issues, "source", value.source, 1, 256, sourceRe, "free of control characters");
  if (typeof value.source === "string" && LONE_SURROGATE.test(value.source))
    issues.push("source: text that is not valid Unicode");
  if (value.payload === undefined) issues.push("payload: required");
  else if (!isPlainObject(value.payload))
    issues.push(
      `payload: must be a JSON object, got ${Array.isArray(value.payload) ? "array" : value.payload === null ? "null" : typeof value.payload}`,
    );
  else {
    const problem = storableProblem(value.payload, "payload", 1);
    if (problem) issues.push(problem);
  }
  for (const key of Object.keys(value)) if (!KNOWN.has(key)) issues.push(`${key}: unknown property`);
  if (issues.length > 0) return { ok: false, issues };
  const { eventId, type, occurredAt, source, payload } = value as unknown as IngestionEvent;
  return { ok: true, event: { eventId, type, occurredAt, source, payload } };
}

export type RejectReason = "invalid-base64" | "too-large" | "invalid-utf8" | "invalid-json" | "invalid-event";

export type DecodeResult =
  { ok: true; event: IngestionEvent; bytes: number } | { ok: false; reason: RejectReason; issues: string[] };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes a Kinesis record's data (base64 of the UTF-8 JSON body) into a valid event, or says
 * why not. Strict at every step: Node's base64 decoder skips characters it does not know, so the
 * text is checked first; invalid UTF-8 is an error rather than U+FFFD.
 */
export function decodeIngestionRecord(data: string): DecodeResult {
  if (data.length % 4 !== 0 || !BASE64.test(data))
    return { ok: false, reason: "invalid-base64", issues: ["data: not base64"] };
  const bytes = Buffer.from(data, "base64");
  if (bytes.length > MAX_EVENT_BYTES)
    return { ok: false, reason: "too-large", issues: [`data: ${bytes.length} bytes, more than ${MAX_EVENT_BYTES}`] };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: "invalid-utf8", issues: ["data: not UTF-8"] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: "invalid-json", issues: [`data: not JSON (${(error as Error).message})`] };
  }
  const validation = validateIngestionEvent(parsed);
  return validation.ok
    ? { ok: true, event: validation.event, bytes: bytes.length }
    : { ok: false, reason: "invalid-event", issues: validation.issues };
}

/**
 * Why `value` is not an eventId, or undefined when it is one: the schema's own rule (1-128 of
 * `A-Z a-z 0-9 . _ : -`, starting alphanumeric). What `GET /records/{id}` accepts as an id, so a
 * read takes exactly the ids the write path stores.
 */
export function eventIdProblem(value: unknown): string | undefined {
  const issues: string[] = [];
  const { minLength, maxLength } = INGESTION_EVENT_JSON_SCHEMA.properties.eventId;
  checkString(issues, "id", value, minLength, maxLength, eventIdRe, EVENT_ID_RULE);
  return issues[0];
}

/**
 * Where an event is stored: one item per eventId, so storing it again overwrites the same item.
 * The table's key is `pk` (S, hash) and `sk` (S, range).
 */
export const EVENT_KEY_PREFIX = "EVENT#";
export const EVENT_SORT_KEY = "EVENT";
export const eventKey = (eventId: string): { pk: string; sk: string } => ({
  pk: `${EVENT_KEY_PREFIX}${eventId}`,
  sk: EVENT_SORT_KEY,
});

/** The domain event the consumer publishes to EventBridge for every stored record. */
export const DOMAIN_EVENT_SOURCE = "twin-region.ingestion";
export const DOMAIN_EVENT_DETAIL_TYPE = "IngestionRecordStored";

/** `detail` of an IngestionRecordStored event. No payload: it stays in the table (and events stay small). */
export interface RecordStoredDetail {
  eventId: string;
  type: string;
  source: string;
  occurredAt: string;
  /** When Kinesis received the record (its approximate arrival time), ISO 8601 UTC. */
  receivedAt: string;
  /** The stored item's key. */
  pk: string;
  sk: string;
  /**
   * The region where the record entered the platform: its stream's region, or, for a record the
   * forwarder copied from the peer, the peer's. EventBridge rules forward only a region's own
   * events to the peer bus, so nothing is forwarded back.
   */
  originRegion: string;
}
