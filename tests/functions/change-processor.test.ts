import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processChanges, type PutObjectClient } from "../../functions/change-processor/processor";
import { startS3rver, type Emulator } from "./emulators";
import { streamRecord } from "./fixtures";

const BUCKET = "processed-data";
let s3: Emulator<S3Client>;

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
});
afterAll(async () => {
  await s3?.stop();
});

async function listKeys(prefix: string): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}
async function readLines(key: string): Promise<Record<string, unknown>[]> {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const text = await out.Body!.transformToString();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

// 2025-01-31 23:59:30 UTC, then 40 s later (the next day), then 2025-02-01 01:15.
const T0 = Date.UTC(2025, 0, 31, 23, 59, 30) / 1000;
const seq = (n: number) => String(4_000_000_000_000_000_000_000n + BigInt(n));

const changes = () => [
  streamRecord(1, {
    eventName: "INSERT",
    keys: { pk: "EVENT#a", sk: "EVENT" },
    newImage: { type: { S: "order.created" }, payload: { M: { total: { N: "42.5" }, tags: { SS: ["x"] } } } },
    at: T0,
  }),
  streamRecord(2, {
    eventName: "MODIFY",
    keys: { pk: "EVENT#a", sk: "EVENT" },
    newImage: { type: { S: "order.updated" } },
    oldImage: { type: { S: "order.created" } },
    at: T0 + 10,
  }),
  streamRecord(3, {
    eventName: "INSERT",
    keys: { pk: "EVENT#b", sk: "EVENT" },
    newImage: { big: { N: "123456789012345678901234567890" } },
    at: T0 + 40,
  }),
  streamRecord(4, {
    eventName: "REMOVE",
    keys: { pk: "EVENT#a", sk: "EVENT" },
    oldImage: { type: { S: "order.updated" } },
    at: T0 + 41,
  }),
  streamRecord(5, {
    eventName: "INSERT",
    keys: { pk: "EVENT#c", sk: "EVENT" },
    newImage: { ok: { BOOL: true } },
    at: T0 + 4_530,
  }),
];

describe("change processor: the table's changes as partitioned NDJSON in S3", () => {
  it("writes one object per run of changes in one hour of change time, named <prefix>/dt=YYYY-MM-DD/hour=HH/<first sequence number>.ndjson", async () => {
    const result = await processChanges(changes(), { s3: s3.client, bucketName: BUCKET, keyPrefix: "raw/changes" });

    expect(result.batchItemFailures).toEqual([]);
    expect(await listKeys("raw/changes/")).toEqual([
      `raw/changes/dt=2025-01-31/hour=23/${seq(1)}.ndjson`,
      `raw/changes/dt=2025-02-01/hour=00/${seq(3)}.ndjson`,
      `raw/changes/dt=2025-02-01/hour=01/${seq(5)}.ndjson`,
    ]);
  });

  it("writes each change as one JSON line with the images unmarshalled, in stream order", async () => {
    await processChanges(changes(), { s3: s3.client, bucketName: BUCKET, keyPrefix: "lines" });

    expect(await readLines(`lines/dt=2025-01-31/hour=23/${seq(1)}.ndjson`)).toEqual([
      {
        eventID: "c0ffee00000000000000000000000001",
        eventName: "INSERT",
        sequenceNumber: seq(1),
        approximateCreationDateTime: "2025-01-31T23:59:30.000Z",
        awsRegion: "us-east-1",
        keys: { pk: "EVENT#a", sk: "EVENT" },
        newImage: { pk: "EVENT#a", sk: "EVENT", type: "order.created", payload: { total: 42.5, tags: ["x"] } },
      },
      {
        eventID: "c0ffee00000000000000000000000002",
        eventName: "MODIFY",
        sequenceNumber: seq(2),
        approximateCreationDateTime: "2025-01-31T23:59:40.000Z",
        awsRegion: "us-east-1",
        keys: { pk: "EVENT#a", sk: "EVENT" },
        newImage: { pk: "EVENT#a", sk: "EVENT", type: "order.updated" },
        oldImage: { pk: "EVENT#a", sk: "EVENT", type: "order.created" },
      },
    ]);
    const [insert, remove] = await readLines(`lines/dt=2025-02-01/hour=00/${seq(3)}.ndjson`);
    // A number beyond a double's precision stays exact, as its decimal text.
    expect(insert!.newImage).toEqual({ pk: "EVENT#b", sk: "EVENT", big: "123456789012345678901234567890" });
    expect(remove).toMatchObject({ eventName: "REMOVE", oldImage: { type: "order.updated" } });
    expect(remove).not.toHaveProperty("newImage");
  });

  it("overwrites the same objects when the same batch is delivered again, adding no copies", async () => {
    const deps = { s3: s3.client, bucketName: BUCKET, keyPrefix: "retry" };
    await processChanges(changes(), deps);
    const before = await listKeys("retry/");
    const again = await processChanges(changes(), deps);

    expect(again.batchItemFailures).toEqual([]);
    expect(await listKeys("retry/")).toEqual(before);
    expect(await readLines(before[0]!)).toHaveLength(2);
  });

  it("defaults the prefix to raw/changes", async () => {
    const result = await processChanges([changes()[4]!], { s3: s3.client, bucketName: BUCKET });
    expect(result.objects.map((o) => o.key)).toEqual([`raw/changes/dt=2025-02-01/hour=01/${seq(5)}.ndjson`]);
  });

  it("reports only the changes of an object that cannot be written, and writes the others", async () => {
    const failingHour00: PutObjectClient = {
      send: async (command: PutObjectCommand) => {
        if (command.input.Key!.includes("hour=00"))
          throw Object.assign(new Error("We encountered an internal error"), {
            name: "InternalError",
            $metadata: { httpStatusCode: 500 },
          });
        return s3.client.send(command);
      },
    };
    const result = await processChanges(changes(), { s3: failingHour00, bucketName: BUCKET, keyPrefix: "partial" });

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: seq(3) }, { itemIdentifier: seq(4) }]);
    expect(result.objects.map((o) => [o.key.split("/").slice(1, 3).join("/"), o.written])).toEqual([
      ["dt=2025-01-31/hour=23", true],
      ["dt=2025-02-01/hour=00", false],
      ["dt=2025-02-01/hour=01", true],
    ]);
    expect(await listKeys("partial/")).toHaveLength(2);
  });

  it("reports a record without a change time by its sequence number, ends the object's run there and writes the others", async () => {
    const broken = streamRecord(9, { eventName: "INSERT", keys: { pk: "EVENT#z", sk: "EVENT" }, newImage: {}, at: T0 });
    delete broken.dynamodb!.ApproximateCreationDateTime;
    const after = streamRecord(10, { eventName: "INSERT", keys: { pk: "EVENT#y", sk: "EVENT" }, newImage: {}, at: T0 });
    const result = await processChanges([changes()[0]!, broken, after], {
      s3: s3.client,
      bucketName: BUCKET,
      keyPrefix: "malformed",
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: seq(9) }]);
    expect(result.malformed).toBe(1);
    expect(await listKeys("malformed/")).toEqual([
      `malformed/dt=2025-01-31/hour=23/${seq(1)}.ndjson`,
      `malformed/dt=2025-01-31/hour=23/${seq(10)}.ndjson`,
    ]);
    // Lambda redelivers from the reported change: the change after it goes to the same object again.
    await processChanges([broken, after], { s3: s3.client, bucketName: BUCKET, keyPrefix: "malformed" });
    expect(await listKeys("malformed/")).toHaveLength(2);
  });
});

describe("change processor: every change in exactly one object, whatever Lambda redelivers", () => {
  const deps = (keyPrefix: string) => ({ s3: s3.client, bucketName: BUCKET, keyPrefix });
  async function allLines(prefix: string) {
    const lines = [];
    for (const key of await listKeys(prefix)) lines.push(...(await readLines(key)));
    return lines;
  }

  it("holds each change once after a crash mid-batch and a redelivery split in halves by bisect-on-error", async () => {
    // First delivery: all five written, then the function crashed before answering.
    await processChanges(changes(), deps("bisect"));
    // Lambda bisects the failed batch and delivers the halves in order.
    await processChanges(changes().slice(0, 3), deps("bisect"));
    await processChanges(changes().slice(3), deps("bisect"));

    const lines = await allLines("bisect/");
    expect(lines.map((l) => l.sequenceNumber).sort()).toEqual([1, 2, 3, 4, 5].map(seq));
  });

  it("holds each change once when a partial failure is redelivered with the changes that followed it", async () => {
    let failOnce = true;
    const flaky: PutObjectClient = {
      send: async (command: PutObjectCommand) => {
        if (failOnce && command.input.Key!.includes("hour=00")) {
          failOnce = false;
          throw Object.assign(new Error("Slow Down"), { name: "SlowDown", $metadata: { httpStatusCode: 503 } });
        }
        return s3.client.send(command);
      },
    };
    const first = await processChanges(changes(), { ...deps("redelivered"), s3: flaky });
    const from = changes().findIndex((c) => c.dynamodb!.SequenceNumber === first.batchItemFailures[0]!.itemIdentifier);
    // Lambda starts again at the lowest reported change, and the stream has had a change since.
    const later = streamRecord(6, {
      eventName: "INSERT",
      keys: { pk: "EVENT#d", sk: "EVENT" },
      newImage: {},
      at: T0 + 4_540,
    });
    await processChanges([...changes().slice(from), later], { ...deps("redelivered"), s3: flaky });

    const lines = await allLines("redelivered/");
    expect(lines.map((l) => l.sequenceNumber).sort()).toEqual([1, 2, 3, 4, 5, 6].map(seq));
  });

  it("never lets an older change of an item follow its REMOVE when the lines are read in key and sequence order", async () => {
    await processChanges(changes(), deps("order"));
    await processChanges(changes().slice(0, 2), deps("order")); // an old batch delivered again late
    const lines = await allLines("order/");
    const ofA = lines.filter((l) => (l.keys as { pk: string }).pk === "EVENT#a").map((l) => l.eventName);
    expect(ofA).toEqual(["INSERT", "MODIFY", "REMOVE"]);
  });
});
