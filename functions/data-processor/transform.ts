/**
 * The data processor's transformation, pure: one raw object of JSON lines in, its cleaned copy out,
 * split by the UTC hour each record happened in.
 *
 *   <output prefix>dt=YYYY-MM-DD/hour=HH/<source name>.ndjson
 *
 * (the partition layout the change processor writes raw/ with, so one crawler reads both). The
 * source name is the object's key below the source prefix with "%" and "/" percent-encoded, so
 * every source object has its own output objects and reprocessing one (a redelivered message)
 * rewrites exactly the same keys with exactly the same content.
 *
 * Cleaning: a line that is not a JSON object, or has no time in `occurredAt`, `timestamp` or
 * `time` (an RFC 3339 string, or epoch seconds or milliseconds), is rejected and counted; a record
 * whose `eventId` was already seen in the object is a duplicate and dropped. Every kept record gets
 * `eventTime`, its time as an ISO 8601 UTC string, and is otherwise written as it came.
 */

/** The fields a record's time is read from, in this order. */
export const TIME_FIELDS = ["occurredAt", "timestamp", "time"] as const;

export interface TransformResult {
  /** Output key → its NDJSON content (one line per record, a final newline). */
  objects: Map<string, string>;
  /** Records kept. */
  records: number;
  /** Lines that were not a JSON object with a time. */
  rejected: number;
  /** Records dropped because their eventId came earlier in the object. */
  duplicates: number;
}

/** Epoch milliseconds of a record's time, or undefined when it has none that parses. */
export function recordTime(record: Record<string, unknown>): number | undefined {
  for (const field of TIME_FIELDS) {
    const value = record[field];
    if (typeof value === "string" && value.trim() !== "") {
      // RFC 3339 with a zone only: Date.parse reads a bare date-time as local time.
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value.trim())) return undefined;
      const ms = Date.parse(value);
      return Number.isFinite(ms) ? ms : undefined;
    }
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
      // Seconds until the year 5138; milliseconds after.
      return value < 1e11 ? value * 1000 : value;
    }
  }
  return undefined;
}

/** One path segment of the source key's part below the source prefix. */
export function sourceName(key: string, sourcePrefix: string): string {
  const below = key.startsWith(sourcePrefix) ? key.slice(sourcePrefix.length) : key;
  return below.replace(/%/g, "%25").replace(/\//g, "%2F");
}

/** `<prefix>dt=YYYY-MM-DD/hour=HH/<name>.ndjson` for the hour of `ms`. */
export function outputKey(outputPrefix: string, ms: number, name: string): string {
  const iso = new Date(ms).toISOString();
  return `${outputPrefix}dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/${name}.ndjson`;
}

export function transformLines(
  text: string,
  options: { sourceKey: string; sourcePrefix: string; outputPrefix: string },
): TransformResult {
  const name = sourceName(options.sourceKey, options.sourcePrefix);
  const byKey = new Map<string, string[]>();
  const seen = new Set<string>();
  let records = 0;
  let rejected = 0;
  let duplicates = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      rejected++;
      continue;
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      rejected++;
      continue;
    }
    const fields = record as Record<string, unknown>;
    const ms = recordTime(fields);
    if (ms === undefined || !Number.isFinite(new Date(ms).getTime())) {
      rejected++;
      continue;
    }
    const eventId = fields.eventId;
    if (typeof eventId === "string") {
      if (seen.has(eventId)) {
        duplicates++;
        continue;
      }
      seen.add(eventId);
    }
    const key = outputKey(options.outputPrefix, ms, name);
    const lines = byKey.get(key) ?? [];
    lines.push(JSON.stringify({ ...fields, eventTime: new Date(ms).toISOString() }));
    byKey.set(key, lines);
    records++;
  }
  const objects = new Map(
    [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, `${v.join("\n")}\n`]),
  );
  return { objects, records, rejected, duplicates };
}
