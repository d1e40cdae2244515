import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsCommandOutput,
} from "@aws-sdk/client-kinesis";
import type { KinesisStreamRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chunkRecords,
  forwardRecords,
  PUT_RECORDS_MAX_BYTES,
  targetFromEnv,
  type ForwarderDeps,
  type PutRecordsClient,
} from "../../functions/forwarder/forwarder";
import { hashKeyOf } from "../../functions/shared/origin";
import { createStream, startKinesalite, type Emulator } from "./emulators";
import { kinesisRecord, sequenceNumber } from "./fixtures";

let kinesis: Emulator<KinesisClient>;
let streams = 0;

beforeAll(async () => {
  kinesis = await startKinesalite();
  // kinesalite predates PutRecords' StreamARN parameter: translate it to the StreamName it knows.
  kinesis.client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { StreamARN?: string; StreamName?: string };
      if (input.StreamARN) {
        input.StreamName = input.StreamARN.split("/").pop();
        delete input.StreamARN;
      }
      return next(args);
    },
    { step: "initialize", name: "kinesaliteStreamArnShim" },
  );
});
afterAll(async () => {
  await kinesis?.stop();
});

async function newStream(shards = 2): Promise<string> {
  const name = `peer-${++streams}`;
  await createStream(kinesis.client, name, shards);
  return `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
}

/** Everything on the stream, as [partition key, data] pairs. */
async function readBack(streamArn: string): Promise<[string, string][]> {
  const StreamName = streamArn.split("/").pop()!;
  const out: [string, string][] = [];
  const { Shards = [] } = await kinesis.client.send(new ListShardsCommand({ StreamName }));
  for (const shard of Shards) {
    let { ShardIterator: iterator } = await kinesis.client.send(
      new GetShardIteratorCommand({ StreamName, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }),
    );
    for (;;) {
      const page = await kinesis.client.send(new GetRecordsCommand({ ShardIterator: iterator!, Limit: 10_000 }));
      for (const r of page.Records ?? []) out.push([r.PartitionKey!, Buffer.from(r.Data!).toString()]);
      if (!page.Records?.length || !page.NextShardIterator) break;
      iterator = page.NextShardIterator;
    }
  }
  return out.sort((a, b) => a[1].localeCompare(b[1]));
}

const records = (n: number, from = 0): KinesisStreamRecord[] =>
  Array.from({ length: n }, (_, i) =>
    kinesisRecord(
      from + i,
      { n: from + i, body: `record-${String(from + i).padStart(5, "0")}` },
      `key-${(from + i) % 5}`,
    ),
  );
/** What the peer stream must hold: the same data, under the partition key marked with the record's origin. */
const expected = (rs: KinesisStreamRecord[]): [string, string][] =>
  rs
    .map((r): [string, string] => [
      `forwarded:${r.awsRegion}:${Math.round(r.kinesis.approximateArrivalTimestamp * 1000)}:${r.kinesis.sequenceNumber}:${r.kinesis.partitionKey}`,
      Buffer.from(r.kinesis.data, "base64").toString(),
    ])
    .sort((a, b) => a[1].localeCompare(b[1]));

const delays: number[] = [];
const fast = { sleep: async (ms: number) => void delays.push(ms), random: () => 1 };

/** Wraps the kinesalite client: `failing` picks, per call, the entries that come back with an ErrorCode. */
function flaky(failing: (data: string, call: number) => boolean) {
  const calls: PutRecordsCommand[] = [];
  const client: PutRecordsClient = {
    send: async (command) => {
      const call = calls.push(command) - 1;
      const entries = command.input.Records ?? [];
      const fail = entries.map((e) => failing(Buffer.from(e.Data!).toString(), call));
      const ok = entries.filter((_, i) => !fail[i]);
      const real: PutRecordsCommandOutput = ok.length
        ? await kinesis.client.send(new PutRecordsCommand({ ...command.input, Records: ok }))
        : { $metadata: {}, Records: [] };
      let j = 0;
      return {
        $metadata: { httpStatusCode: 200 },
        FailedRecordCount: fail.filter(Boolean).length,
        Records: fail.map((failed) =>
          failed
            ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard" }
            : real.Records![j++]!,
        ),
      };
    },
  };
  return { client, calls };
}
const dataOf = (command: PutRecordsCommand) =>
  (command.input.Records ?? []).map((e) => Buffer.from(e.Data!).toString());
const deps = (streamArn: string, client: PutRecordsClient, extra: Partial<ForwarderDeps> = {}): ForwarderDeps => ({
  kinesis: client,
  streamArn,
  ...fast,
  ...extra,
});

describe("forwarder: PutRecords to the peer region's stream", () => {
  it("forwards every record once, keeping its data and its partition key marked with its origin region, addressed by StreamARN", async () => {
    const arn = await newStream();
    const { client, calls } = flaky(() => false);
    const batch = records(40);
    const result = await forwardRecords(batch, deps(arn, client));

    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats).toMatchObject({ received: 40, forwarded: 40, failed: 0, retries: 0, calls: 1 });
    expect(calls[0]!.input.StreamARN).toBe(arn);
    expect(await readBack(arn)).toEqual(expected(batch));
    // The copy goes to the shard its original key maps to, so the peer keeps each key's order.
    expect(calls[0]!.input.Records!.map((e) => e.ExplicitHashKey)).toEqual(
      batch.map((r) => hashKeyOf(r.kinesis.partitionKey)),
    );
  });

  it("sends at most 500 records per PutRecords call", async () => {
    const arn = await newStream();
    const { client, calls } = flaky(() => false);
    const batch = records(1_200);
    const result = await forwardRecords(batch, deps(arn, client));

    expect(calls.map((c) => c.input.Records!.length)).toEqual([500, 500, 200]);
    expect(result.stats.forwarded).toBe(1_200);
    expect(await readBack(arn)).toHaveLength(1_200);
  });

  it("keeps every call within 5 MiB of data and partition keys", () => {
    const sizes = [1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_048_576, 10, 300_000].map((bytes) => ({
      bytes,
    }));
    const chunks = chunkRecords(sizes);
    expect(chunks.map((c) => c.length)).toEqual([5, 3]);
    for (const c of chunks) expect(c.reduce((s, e) => s + e.bytes, 0)).toBeLessThanOrEqual(PUT_RECORDS_MAX_BYTES);
    expect(chunkRecords(Array.from({ length: 1_001 }, () => ({ bytes: 1 }))).map((c) => c.length)).toEqual([
      500, 500, 1,
    ]);
  });

  it("re-sends only the records that failed, never one that was written, until all are on the peer stream", async () => {
    const arn = await newStream();
    delays.length = 0;
    const firstTimeFailures = new Set(["record-00003", "record-00017", "record-00018", "record-00029"]);
    const { client, calls } = flaky(
      (data, call) => call === 0 && firstTimeFailures.has(JSON.parse(data).body as string),
    );
    const batch = records(30);
    const result = await forwardRecords(batch, deps(arn, client));

    expect(result.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(2);
    expect(dataOf(calls[1]!).map((d) => JSON.parse(d).body)).toEqual([...firstTimeFailures]);
    expect(result.stats).toMatchObject({ forwarded: 30, retries: 1, failed: 0 });
    expect(delays).toEqual([50]);
    // Nothing lost, nothing twice.
    expect(await readBack(arn)).toEqual(expected(batch));
  });

  it("reports records that still fail after the bounded retries by their source sequence numbers, and only those", async () => {
    const arn = await newStream();
    delays.length = 0;
    const { client, calls } = flaky((data, call) =>
      JSON.parse(data).body === "record-00007" ? true : call === 0 && JSON.parse(data).body === "record-00002",
    );
    const batch = records(10);
    const result = await forwardRecords(batch, deps(arn, client, { retry: { maxAttempts: 3 } }));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(7) }]);
    expect(calls.map((c) => dataOf(c).length)).toEqual([10, 2, 1]);
    expect(delays).toEqual([50, 100]);
    expect(result.stats).toMatchObject({ forwarded: 9, failed: 1, retries: 2 });
    expect(await readBack(arn)).toEqual(expected(batch.filter((_, i) => i !== 7)));
  });

  it("after a call fails for good, reports the records of later calls instead of sending them (Lambda redelivers from the first failure)", async () => {
    const arn = await newStream();
    const { client, calls } = flaky((data) => JSON.parse(data).body === "record-00010");
    const batch = records(1_100);
    const result = await forwardRecords(batch, deps(arn, client, { retry: { maxAttempts: 2 } }));

    expect(calls.map((c) => dataOf(c).length)).toEqual([500, 1]);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      sequenceNumber(10),
      ...Array.from({ length: 600 }, (_, i) => sequenceNumber(500 + i)),
    ]);
    expect(result.stats).toMatchObject({ forwarded: 499, failed: 1, skipped: 600 });
  });

  it("retries a call that failed as a whole (throttled) and reports its records if it keeps failing", async () => {
    const arn = await newStream();
    let calls = 0;
    const throttled: PutRecordsClient = {
      send: async () => {
        calls++;
        throw Object.assign(new Error("Rate exceeded"), {
          name: "ProvisionedThroughputExceededException",
          $metadata: { httpStatusCode: 400 },
        });
      },
    };
    const result = await forwardRecords(records(3), deps(arn, throttled, { retry: { maxAttempts: 3 } }));
    expect(calls).toBe(3);
    expect(result.batchItemFailures).toEqual([0, 1, 2].map((i) => ({ itemIdentifier: sequenceNumber(i) })));
  });

  it("does not retry a call rejected as invalid (e.g. access denied), and reports its records", async () => {
    let calls = 0;
    const denied: PutRecordsClient = {
      send: async () => {
        calls++;
        throw Object.assign(new Error("not authorized"), {
          name: "AccessDeniedException",
          $metadata: { httpStatusCode: 400 },
        });
      },
    };
    const result = await forwardRecords(records(2), deps("arn:aws:kinesis:us-east-1:000000000000:stream/x", denied));
    expect(calls).toBe(1);
    expect(result.batchItemFailures).toHaveLength(2);
  });
});

describe("forwarder: configuration", () => {
  it("requires TARGET_STREAM_ARN to be a Kinesis stream ARN in TARGET_REGION", () => {
    const arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/ingestion-secondary";
    expect(targetFromEnv({ TARGET_STREAM_ARN: arn, TARGET_REGION: "eu-west-1" })).toEqual({
      streamArn: arn,
      region: "eu-west-1",
    });
    expect(() => targetFromEnv({ TARGET_REGION: "eu-west-1" })).toThrow("TARGET_STREAM_ARN is required");
    expect(() => targetFromEnv({ TARGET_STREAM_ARN: arn })).toThrow("TARGET_REGION is required");
    expect(() => targetFromEnv({ TARGET_STREAM_ARN: arn, TARGET_REGION: "us-east-1" })).toThrow(
      "TARGET_STREAM_ARN is in eu-west-1 but TARGET_REGION is us-east-1",
    );
    expect(() => targetFromEnv({ TARGET_STREAM_ARN: "ingestion-secondary", TARGET_REGION: "eu-west-1" })).toThrow(
      "must be a Kinesis stream ARN",
    );
  });
});
