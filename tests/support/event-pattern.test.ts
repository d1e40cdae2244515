/** The EventBridge pattern matcher the wiring tests rely on: it must say no as surely as yes. */
import { describe, expect, it } from "vitest";
import { busEventOf, matchesEventPattern, parseEventPattern } from "./event-pattern";

const event = busEventOf(
  {
    Source: "twin-region.ingestion",
    DetailType: "IngestionRecordStored",
    Detail: JSON.stringify({
      eventId: "e-1",
      type: "order.created",
      originRegion: "us-east-1",
      count: 3,
      flag: false,
      nothing: null,
      tags: ["a", "b"],
      nested: { deeper: { value: "x" } },
    }),
  },
  { region: "us-east-1", account: "123456789012" },
);

const matches = (pattern: object) => matchesEventPattern(JSON.stringify(pattern), event);

describe("EventBridge event patterns", () => {
  it("matches on the envelope's fields by exact value, one of a list", () => {
    expect(matches({ source: ["twin-region.ingestion"] })).toBe(true);
    expect(matches({ source: ["other", "twin-region.ingestion"], "detail-type": ["IngestionRecordStored"] })).toBe(
      true,
    );
    expect(matches({ account: ["123456789012"], region: ["us-east-1"] })).toBe(true);
  });

  it("does not match another value, another case, a prefix of the value, or a value of another type", () => {
    expect(matches({ source: ["twin-region.other"] })).toBe(false);
    expect(matches({ "detail-type": ["ingestionrecordstored"] })).toBe(false);
    expect(matches({ "detail-type": ["IngestionRecord"] })).toBe(false);
    expect(matches({ detail: { count: ["3"] } })).toBe(false);
    expect(matches({ detail: { flag: ["false"] } })).toBe(false);
  });

  it("needs every field of the pattern to match, not just one", () => {
    expect(matches({ source: ["twin-region.ingestion"], "detail-type": ["SomethingElse"] })).toBe(false);
    expect(
      matches({ source: ["twin-region.ingestion"], "detail-type": ["IngestionRecordStored"], region: ["us-west-2"] }),
    ).toBe(false);
  });

  it("matches nested detail objects field by field, at any depth", () => {
    expect(matches({ detail: { originRegion: ["us-east-1"] } })).toBe(true);
    expect(matches({ detail: { originRegion: ["us-west-2"] } })).toBe(false);
    expect(matches({ detail: { originRegion: ["us-east-1"], eventId: ["e-1"] } })).toBe(true);
    expect(matches({ detail: { originRegion: ["us-east-1"], eventId: ["e-2"] } })).toBe(false);
    expect(matches({ detail: { nested: { deeper: { value: ["x"] } } } })).toBe(true);
    expect(matches({ detail: { nested: { deeper: { value: ["y"] } } } })).toBe(false);
    expect(matches({ detail: { count: [3], flag: [false], nothing: [null] } })).toBe(true);
  });

  it("does not match a field the event lacks, nor an object where the pattern wants a value or the reverse", () => {
    expect(matches({ detail: { missing: ["us-east-1"] } })).toBe(false);
    expect(matches({ detail: { originRegion: { deeper: ["us-east-1"] } } })).toBe(false);
    expect(matches({ detail: { nested: ["x"] } })).toBe(false);
    expect(matches({ nowhere: { originRegion: ["us-east-1"] } })).toBe(false);
  });

  it("matches an array in the event when one element matches", () => {
    expect(matches({ detail: { tags: ["b"] } })).toBe(true);
    expect(matches({ detail: { tags: ["c"] } })).toBe(false);
  });

  it("applies the content filters: prefix, suffix, anything-but, exists, equals-ignore-case", () => {
    expect(matches({ source: [{ prefix: "twin-region." }] })).toBe(true);
    expect(matches({ source: [{ prefix: "other." }] })).toBe(false);
    expect(matches({ "detail-type": [{ suffix: "Stored" }] })).toBe(true);
    expect(matches({ "detail-type": [{ suffix: "Deleted" }] })).toBe(false);
    expect(matches({ detail: { originRegion: [{ "anything-but": "us-west-2" }] } })).toBe(true);
    expect(matches({ detail: { originRegion: [{ "anything-but": ["us-east-1", "eu-west-1"] }] } })).toBe(false);
    expect(matches({ detail: { originRegion: [{ "anything-but": { prefix: "us-" } }] } })).toBe(false);
    expect(matches({ detail: { missing: [{ "anything-but": "x" }] } })).toBe(false);
    expect(matches({ detail: { eventId: [{ exists: true }], missing: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { missing: [{ exists: true }] } })).toBe(false);
    expect(matches({ detail: { eventId: [{ exists: false }] } })).toBe(false);
    expect(matches({ "detail-type": [{ "equals-ignore-case": "ingestionrecordstored" }] })).toBe(true);
    expect(matches({ "detail-type": [{ "equals-ignore-case": "ingestionrecord" }] })).toBe(false);
  });

  it("refuses what EventBridge rejects, and what it does not understand, instead of guessing", () => {
    expect(() => parseEventPattern("{not json")).toThrow(/not JSON/);
    expect(() => parseEventPattern("[]")).toThrow(/must be a JSON object/);
    expect(() => parseEventPattern("{}")).toThrow(/is empty/);
    expect(() => parseEventPattern(JSON.stringify({ source: "twin-region.ingestion" }))).toThrow(
      /pattern\.source: must be an array of values or an object/,
    );
    expect(() => parseEventPattern(JSON.stringify({ source: [] }))).toThrow(/empty array/);
    expect(() => parseEventPattern(JSON.stringify({ detail: { n: [{ numeric: [">", 1] }] } }))).toThrow(
      /content filter .* is not supported/,
    );
    expect(() => parseEventPattern(JSON.stringify({ source: [{ wildcard: "twin-*" }] }))).toThrow(/not supported/);
    expect(() => parseEventPattern(JSON.stringify({ $or: [{ source: ["a"] }] }))).toThrow(/operator \$or/);
    expect(() => parseEventPattern(JSON.stringify({ source: [{ exists: "yes" }] }))).toThrow(/exists takes/);
  });

  it("turns a PutEvents entry into the event a rule sees, refusing an entry EventBridge would not accept", () => {
    expect(event).toMatchObject({
      source: "twin-region.ingestion",
      "detail-type": "IngestionRecordStored",
      region: "us-east-1",
      account: "123456789012",
      resources: [],
      detail: { eventId: "e-1", originRegion: "us-east-1" },
    });
    expect(() => busEventOf({ Source: "s", DetailType: "d", Detail: "[1]" }, event)).toThrow(/JSON object/);
    expect(() => busEventOf({ Source: "s", Detail: "{}" }, event)).toThrow(/needs Source, DetailType and Detail/);
  });
});
