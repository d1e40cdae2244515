import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { toAttributeValue, fromAttributeValue, fromNumber } from "../../functions/shared/dynamo-json";
import {
  decodeIngestionRecord,
  INGESTION_EVENT_JSON_SCHEMA,
  isTimestamp,
  MAX_EVENT_BYTES,
  validateIngestionEvent,
} from "../../functions/shared/event";
import { ingestionEvent } from "./fixtures";

// Ajv 8 speaks draft-07 and later; the draft-04 keywords used here mean the same there.
const { $schema: _draft04, ...schema } = INGESTION_EVENT_JSON_SCHEMA;
const apiAccepts = new Ajv({ allErrors: true }).compile(schema);

const valid = ingestionEvent(1);
const shapeErrors: [string, unknown][] = [
  ["a body that is not an object", [valid]],
  ["no eventId", { ...valid, eventId: undefined }],
  ["an empty eventId", { ...valid, eventId: "" }],
  ["an eventId of 129 characters", { ...valid, eventId: "a".repeat(129) }],
  ["an eventId with a slash", { ...valid, eventId: "a/b" }],
  ["an eventId with a hash", { ...valid, eventId: "a#b" }],
  ["a numeric eventId", { ...valid, eventId: 42 }],
  ["no type", { ...valid, type: undefined }],
  ["a type starting with a digit", { ...valid, type: "1.created" }],
  ["an occurredAt without a time zone", { ...valid, occurredAt: "2025-01-31T12:00:00" }],
  ["an occurredAt that is a date only", { ...valid, occurredAt: "2025-01-31" }],
  ["an epoch-number occurredAt", { ...valid, occurredAt: 1738324800 }],
  ["no source", { ...valid, source: undefined }],
  ["a source with a newline", { ...valid, source: "a\nb" }],
  ["a source of 257 characters", { ...valid, source: "s".repeat(257) }],
  ["no payload", { ...valid, payload: undefined }],
  ["an array payload", { ...valid, payload: [] }],
  ["a string payload", { ...valid, payload: "{}" }],
  ["a null payload", { ...valid, payload: null }],
  ["an unknown top-level property", { ...valid, tenant: "t1" }],
];
// What JSON Schema cannot say: the API lets these through, the consumer rejects them (→ DLQ).
const consumerOnly: [string, unknown][] = [
  ["a date that does not exist", { ...valid, occurredAt: "2025-02-29T10:00:00Z" }],
  ["an hour 24", { ...valid, occurredAt: "2025-01-31T24:00:00Z" }],
  ["a number DynamoDB cannot store", { ...valid, payload: { n: 1e130 } }],
  ["a tiny number DynamoDB cannot store", { ...valid, payload: { n: 1e-140 } }],
  ["an empty property name in the payload", { ...valid, payload: { "": 1 } }],
  ["half a surrogate pair in the payload (valid JSON, not valid UTF-8)", { ...valid, payload: { s: "a\ud800b" } }],
  ["half a surrogate pair in a payload property name", { ...valid, payload: { ["k\udc00"]: 1 } }],
  ["half a surrogate pair in the source", { ...valid, source: "shop\ud83d" }],
  ["a payload nested 17 levels deep", { ...valid, payload: JSON.parse('{"a":'.repeat(17) + "1" + "}".repeat(17)) }],
];
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe("the ingestion event schema", () => {
  it("accepts a complete event, in the API model and in the consumer alike", () => {
    expect(apiAccepts(json(valid))).toBe(true);
    expect(validateIngestionEvent(json(valid))).toEqual({ ok: true, event: valid });
  });

  it("accepts the edge of every rule: 128-character ids, offsets, nanoseconds, empty payloads, 16 levels of nesting", () => {
    for (const event of [
      { ...valid, eventId: "a".repeat(128), type: "T".repeat(128), source: "s".repeat(256) },
      { ...valid, eventId: "01J9Z6X2C3V4B5N6M7Q8R9S0T1", type: "order.created.v2" },
      { ...valid, eventId: "urn:uuid:0b7c5a2e-2d2f-4c0e-9f52-5d2c5a1b9f10" },
      { ...valid, occurredAt: "2024-02-29T23:59:59.123456789+05:30" },
      { ...valid, occurredAt: "2025-01-31T12:00:00-08:00" },
      { ...valid, payload: {} },
      { ...valid, payload: { n: 0, neg: -1.5e125, small: 1e-130, s: "", list: [null, true, "x", [1]] } },
      { ...valid, source: "shop 🛒", payload: { emoji: "👍", clé: "déjà" } },
      { ...valid, payload: JSON.parse('{"a":'.repeat(16) + "1" + "}".repeat(16)) },
    ]) {
      expect(apiAccepts(json(event)), JSON.stringify(event).slice(0, 80)).toBe(true);
      expect(validateIngestionEvent(json(event)).ok, JSON.stringify(event).slice(0, 80)).toBe(true);
    }
  });

  it.each(shapeErrors)("rejects %s, in the API model and in the consumer alike", (_what, body) => {
    expect(apiAccepts(json(body))).toBe(false);
    const result = validateIngestionEvent(json(body));
    expect(result.ok).toBe(false);
  });

  it.each(consumerOnly)("rejects %s in the consumer (beyond what a JSON Schema can check)", (_what, body) => {
    expect(apiAccepts(json(body))).toBe(true);
    expect(validateIngestionEvent(json(body)).ok).toBe(false);
  });

  it("names every problem of a body, by field", () => {
    const result = validateIngestionEvent({ eventId: "", type: 3, occurredAt: "yesterday", payload: [], extra: true });
    expect(result).toEqual({
      ok: false,
      issues: [
        "eventId: must be 1-128 characters, got 0",
        "type: must be a string, got number",
        "occurredAt: must be 20-35 characters, got 9",
        "source: required",
        "payload: must be a JSON object, got array",
        "extra: unknown property",
      ],
    });
  });

  it("checks timestamps against the calendar", () => {
    expect(isTimestamp("2024-02-29T00:00:00Z")).toBe(true);
    expect(isTimestamp("2025-02-29T00:00:00Z")).toBe(false);
    expect(isTimestamp("2025-04-31T00:00:00Z")).toBe(false);
    expect(isTimestamp("2025-01-31T12:60:00Z")).toBe(false);
    expect(isTimestamp("2025-01-31T12:00:00+24:00")).toBe(false);
    expect(isTimestamp("2025-01-31t12:00:00z")).toBe(false);
  });
});

describe("decoding a Kinesis record's data", () => {
  const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

  it("decodes base64 of UTF-8 JSON into a valid event", () => {
    const event = ingestionEvent(1, { payload: { name: "Zoë ✓" } });
    expect(decodeIngestionRecord(b64(JSON.stringify(event)))).toEqual({
      ok: true,
      event,
      bytes: Buffer.byteLength(JSON.stringify(event)),
    });
  });

  it("rejects text that Node's lenient base64 decoder would silently accept", () => {
    expect(decodeIngestionRecord("e30=\n")).toMatchObject({ ok: false, reason: "invalid-base64" });
    expect(decodeIngestionRecord("e3 0=")).toMatchObject({ ok: false, reason: "invalid-base64" });
    expect(decodeIngestionRecord("e30")).toMatchObject({ ok: false, reason: "invalid-base64" });
    expect(decodeIngestionRecord("e30-")).toMatchObject({ ok: false, reason: "invalid-base64" });
  });

  it("rejects invalid UTF-8 instead of decoding it to replacement characters", () => {
    expect(decodeIngestionRecord(Buffer.from([0x22, 0xc3, 0x28, 0x22]).toString("base64"))).toMatchObject({
      ok: false,
      reason: "invalid-utf8",
    });
  });

  it(`accepts a body of exactly ${MAX_EVENT_BYTES} bytes and rejects one byte more`, () => {
    const base = JSON.stringify(ingestionEvent(1, { payload: { blob: "" } }));
    const exact = JSON.stringify(
      ingestionEvent(1, { payload: { blob: "x".repeat(MAX_EVENT_BYTES - Buffer.byteLength(base)) } }),
    );
    expect(Buffer.byteLength(exact)).toBe(MAX_EVENT_BYTES);
    expect(decodeIngestionRecord(b64(exact)).ok).toBe(true);
    const over = JSON.stringify(
      ingestionEvent(1, { payload: { blob: "x".repeat(MAX_EVENT_BYTES + 1 - Buffer.byteLength(base)) } }),
    );
    expect(decodeIngestionRecord(b64(over))).toMatchObject({ ok: false, reason: "too-large" });
  });
});

describe("JSON and DynamoDB attribute values", () => {
  it("round-trips a payload through DynamoDB's attribute format", () => {
    const payload = {
      s: "x",
      n: 42.5,
      i: -7,
      big: 2 ** 53 - 1,
      t: true,
      f: false,
      z: null,
      l: [1, "a", [null], { m: {} }],
      e: "",
    };
    expect(fromAttributeValue(toAttributeValue(payload))).toEqual(payload);
  });

  it("keeps numbers a JavaScript number cannot hold exactly as their decimal text", () => {
    expect(fromNumber("12345678901234567890123")).toBe("12345678901234567890123");
    expect(fromNumber("0.12345678901234567890")).toBe("0.12345678901234567890");
    expect(fromNumber("9007199254740991")).toBe(9007199254740991);
    expect(fromNumber("-0.5")).toBe(-0.5);
  });

  it("reads sets, binary and nested values of stream images", () => {
    expect(fromAttributeValue({ SS: ["a", "b"] })).toEqual(["a", "b"]);
    expect(fromAttributeValue({ NS: ["1", "2.5"] })).toEqual([1, 2.5]);
    expect(fromAttributeValue({ B: "AAE=" })).toBe("AAE=");
    expect(fromAttributeValue({ BS: ["AAE="] })).toEqual(["AAE="]);
    expect(fromAttributeValue({ M: { a: { L: [{ NULL: true }, { BOOL: false }] } } })).toEqual({ a: [null, false] });
  });
});
