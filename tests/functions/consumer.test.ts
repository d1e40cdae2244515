import {
  BatchWriteItemCommand,
  ScanCommand,
  type AttributeValue,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction } from "../../components/compute/function-bundle";
import type { BatchWriteClient } from "../../functions/consumer/batch-writer";
import { consumeRecords, type ConsumerDeps } from "../../functions/consumer/consumer";
import { fromAttributeMap } from "../../functions/shared/dynamo-json";
import { MAX_EVENT_BYTES } from "../../functions/shared/event";
import { createEventsTable, REGION, startDynalite, type Emulator } from "./emulators";
import { FakeEventBridge, ingestionEvent, kinesisRecord, recordsFor, sequenceNumber } from "./fixtures";
import { forwardedPartitionKey } from "../../functions/shared/origin";

let ddb: Emulator<DynamoDBClient>;
let tableCount = 0;

beforeAll(async () => {
  ddb = await startDynalite();
});
afterAll(async () => {
  await ddb?.stop();
});

async function newTable(): Promise<string> {
  const name = `events-${++tableCount}`;
  await createEventsTable(ddb.client, name);
  return name;
}

async function scanAll(tableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await ddb.client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const delays: number[] = [];
const fastRetries = { sleep: async (ms: number) => void delays.push(ms), random: () => 0.5 };

const deps = (tableName: string, extra: Partial<ConsumerDeps> = {}): ConsumerDeps => ({
  dynamodb: ddb.client,
  tableName,
  ...fastRetries,
  ...extra,
});

/** Wraps the dynalite client: `intercept` may answer a BatchWriteItem call itself. */
function wrapped(
  intercept: (
    command: BatchWriteItemCommand,
    call: number,
    real: DynamoDBClient,
  ) => Promise<BatchWriteItemCommandOutput | undefined>,
) {
  const calls: BatchWriteItemCommand[] = [];
  const client: BatchWriteClient = {
    send: async (command) => {
      calls.push(command);
      return (await intercept(command, calls.length - 1, ddb.client)) ?? ddb.client.send(command);
    },
  };
  return { client, calls };
}

const requestsOf = (command: BatchWriteItemCommand, table: string) => command.input.RequestItems?.[table] ?? [];
const pkOf = (request: { PutRequest?: { Item?: Record<string, AttributeValue> } }) => request.PutRequest!.Item!.pk!.S!;

describe("consumer: storing ingestion events in DynamoDB", () => {
  it("stores N valid records as exactly N items, one per eventId, keyed pk = EVENT#<eventId> and sk = EVENT", async () => {
    const table = await newTable();
    const events = Array.from({ length: 60 }, (_, i) => ingestionEvent(i));
    const result = await consumeRecords(recordsFor(events), deps(table));

    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats).toMatchObject({ received: 60, stored: 60, rejected: 0, duplicates: 0, writeFailures: 0 });
    const items = (await scanAll(table)).map(fromAttributeMap);
    expect(items).toHaveLength(60);
    expect(new Set(items.map((i) => i.pk)).size).toBe(60);
    expect(items.find((i) => i.eventId === "evt-000007")).toEqual({
      pk: "EVENT#evt-000007",
      sk: "EVENT",
      eventId: "evt-000007",
      type: "order.created",
      source: "shop-api",
      occurredAt: "2025-01-31T12:00:00.000Z",
      receivedAt: "2025-01-31T12:00:00.007Z",
      sequenceNumber: sequenceNumber(7),
      originRegion: "us-east-1",
      payload: { orderId: "o-7", total: 42.5, lines: [{ sku: "A", qty: 2 }], gift: false, note: null },
    });
  });

  it("writes with BatchWriteItem in chunks of at most 25 items", async () => {
    const table = await newTable();
    const { client, calls } = wrapped(async () => undefined);
    await consumeRecords(
      recordsFor(Array.from({ length: 60 }, (_, i) => ingestionEvent(i))),
      deps(table, { dynamodb: client }),
    );
    expect(calls.map((c) => requestsOf(c, table).length).sort((a, b) => a - b)).toEqual([10, 25, 25]);
  });

  it("leaves still N items, one per eventId, when the same batch is delivered twice and when its events come again as other records", async () => {
    const table = await newTable();
    const events = Array.from({ length: 40 }, (_, i) => ingestionEvent(i));
    const records = recordsFor(events);
    await consumeRecords(records, deps(table));
    const first = await scanAll(table);
    const again = await consumeRecords(records, deps(table));

    expect(again.batchItemFailures).toEqual([]);
    const second = await scanAll(table);
    expect(second).toHaveLength(40);
    const byPk = (items: Record<string, AttributeValue>[]) =>
      Object.fromEntries(items.map((i) => [i.pk!.S!, fromAttributeMap(i)]));
    expect(byPk(second)).toEqual(byPk(first));

    // The same events in other records (a producer's retried PutRecords): other sequence numbers,
    // other partition keys. A store keyed by the record would now hold 80 items; by eventId, 40.
    const resent = events.map((e, i) => kinesisRecord(1000 + i, e, `retry-${i}`));
    expect(resent.map((r) => r.kinesis.sequenceNumber)).not.toEqual(records.map((r) => r.kinesis.sequenceNumber));
    const third = await consumeRecords(resent, deps(table));
    expect(third.batchItemFailures).toEqual([]);
    const items = (await scanAll(table)).map(fromAttributeMap);
    expect(items).toHaveLength(40);
    expect(items.map((i) => i.pk).sort()).toEqual(events.map((e) => `EVENT#${e.eventId}`).sort());
    for (const item of items) {
      const i = events.findIndex((e) => e.eventId === item.eventId);
      expect([records[i]!.kinesis.sequenceNumber, resent[i]!.kinesis.sequenceNumber]).toContain(item.sequenceNumber);
    }
  });

  it("stores an eventId repeated within one batch once, without sending DynamoDB a duplicate key", async () => {
    const table = await newTable();
    const events = [
      ingestionEvent(1),
      ingestionEvent(2),
      ingestionEvent(1),
      ingestionEvent(3),
      ingestionEvent(2),
      ingestionEvent(1),
    ];
    const { client, calls } = wrapped(async () => undefined);
    const bus = new FakeEventBridge();
    const result = await consumeRecords(
      recordsFor(events),
      deps(table, { dynamodb: client, events: { client: bus, eventBusName: "bus" } }),
    );

    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats).toMatchObject({ stored: 3, duplicates: 3 });
    expect(requestsOf(calls[0]!, table).map(pkOf)).toEqual([
      "EVENT#evt-000001",
      "EVENT#evt-000002",
      "EVENT#evt-000003",
    ]);
    expect(await scanAll(table)).toHaveLength(3);
    expect(bus.deliveredDetails().map((d) => d.eventId)).toEqual(["evt-000001", "evt-000002", "evt-000003"]);
  });

  it("keeps the first record of a repeated eventId, and reports every copy when that eventId cannot be stored", async () => {
    const table = await newTable();
    const events = [
      ingestionEvent(1, { type: "first.seen" }),
      ingestionEvent(2),
      ingestionEvent(1, { type: "second.seen" }),
    ];
    const { client } = wrapped(async (command) => ({
      $metadata: {},
      UnprocessedItems: { [table]: requestsOf(command, table).filter((r) => pkOf(r) === "EVENT#evt-000001") },
    }));
    const failing = await consumeRecords(
      recordsFor(events),
      deps(table, { dynamodb: client, retry: { maxAttempts: 2 } }),
    );
    expect(failing.batchItemFailures).toEqual([
      { itemIdentifier: sequenceNumber(0) },
      { itemIdentifier: sequenceNumber(2) },
    ]);

    await consumeRecords(recordsFor(events), deps(table));
    const stored = (await scanAll(table)).map(fromAttributeMap).find((i) => i.eventId === "evt-000001");
    expect(stored?.type).toBe("first.seen");
  });
});

describe("consumer: retrying what DynamoDB did not process", () => {
  it("retries UnprocessedItems with backoff and jitter until every item is stored", async () => {
    const table = await newTable();
    delays.length = 0;
    const { client, calls } = wrapped(async (command, call, real) => {
      if (call !== 0) return undefined;
      // The first call: DynamoDB writes the first 10 items and hands the other 15 back.
      const requests = requestsOf(command, table);
      await real.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests.slice(0, 10) } }));
      return { $metadata: { httpStatusCode: 200 }, UnprocessedItems: { [table]: requests.slice(10) } };
    });
    const events = Array.from({ length: 25 }, (_, i) => ingestionEvent(i));
    const result = await consumeRecords(recordsFor(events), deps(table, { dynamodb: client }));

    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats.writeRetries).toBe(1);
    expect(calls).toHaveLength(2);
    expect(requestsOf(calls[1]!, table).map(pkOf)).toEqual(events.slice(10).map((e) => `EVENT#${e.eventId}`));
    expect(delays).toEqual([25]); // full jitter: random (0.5) × 50 ms, the first retry's cap
    expect(await scanAll(table)).toHaveLength(25);
  });

  it("doubles the backoff cap per retry and gives up after the bounded attempts, reporting what is still unprocessed", async () => {
    const table = await newTable();
    delays.length = 0;
    const stuck = new Set(["EVENT#evt-000003", "EVENT#evt-000030"]);
    const { client, calls } = wrapped(async (command, _call, real) => {
      const requests = requestsOf(command, table);
      const ok = requests.filter((r) => !stuck.has(pkOf(r)));
      if (ok.length > 0) await real.send(new BatchWriteItemCommand({ RequestItems: { [table]: ok } }));
      return {
        $metadata: { httpStatusCode: 200 },
        UnprocessedItems: { [table]: requests.filter((r) => stuck.has(pkOf(r))) },
      };
    });
    const events = Array.from({ length: 40 }, (_, i) => ingestionEvent(i));
    const result = await consumeRecords(
      recordsFor(events),
      deps(table, { dynamodb: client, concurrency: 1, retry: { maxAttempts: 4 } }),
    );

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: sequenceNumber(3) },
      { itemIdentifier: sequenceNumber(30) },
    ]);
    expect(result.stats).toMatchObject({ stored: 38, writeFailures: 2, writeRetries: 6 });
    expect(calls).toHaveLength(8); // 4 attempts for each of the two chunks
    expect(delays).toEqual([25, 50, 100, 25, 50, 100]);
    expect(await scanAll(table)).toHaveLength(38);
  });

  it("isolates an item DynamoDB rejects as invalid by splitting the call, so only that item's record fails", async () => {
    const table = await newTable();
    const { client, calls } = wrapped(async (command) => {
      if (requestsOf(command, table).some((r) => pkOf(r) === "EVENT#evt-000005")) {
        throw Object.assign(new Error("One or more parameter values were invalid"), {
          name: "ValidationException",
          $metadata: { httpStatusCode: 400 },
        });
      }
      return undefined;
    });
    const result = await consumeRecords(
      recordsFor(Array.from({ length: 25 }, (_, i) => ingestionEvent(i))),
      deps(table, { dynamodb: client }),
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(5) }]);
    expect(result.stats).toMatchObject({ stored: 24, writeFailures: 1 });
    expect(calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(25)));
    expect(await scanAll(table)).toHaveLength(24);
  });

  it("fails only the records of a chunk whose BatchWriteItem is rejected outright (not retryable)", async () => {
    const table = await newTable();
    const { client } = wrapped(async (command) => {
      if (requestsOf(command, table).some((r) => pkOf(r) === "EVENT#evt-000030")) {
        throw Object.assign(new Error("User is not authorized"), {
          name: "AccessDeniedException",
          $metadata: { httpStatusCode: 400 },
        });
      }
      return undefined;
    });
    const events = Array.from({ length: 30 }, (_, i) => ingestionEvent(i + 10));
    const result = await consumeRecords(recordsFor(events), deps(table, { dynamodb: client }));

    // evt-000030 is record 20, in the first chunk (records 0-24): that chunk fails, the second (25-29) is stored.
    expect(result.batchItemFailures).toEqual(
      Array.from({ length: 25 }, (_, i) => ({ itemIdentifier: sequenceNumber(i) })),
    );
    expect(result.stats).toMatchObject({ stored: 5, writeFailures: 25, writeRetries: 0 });
    expect(await scanAll(table)).toHaveLength(5);
  });
});

describe("consumer: malformed records", () => {
  it("reports bad base64, invalid UTF-8, bad JSON, missing or wrong fields and oversized bodies by their exact sequence numbers, and stores the rest", async () => {
    const table = await newTable();
    const good = (i: number) => kinesisRecord(i, ingestionEvent(i));
    const bad = {
      badBase64: kinesisRecord(1, { raw: "not base64!!" }),
      badBase64Padding: kinesisRecord(3, { raw: "eyJ" }),
      invalidUtf8: kinesisRecord(4, { raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64") }),
      badJson: kinesisRecord(5, { raw: Buffer.from('{"eventId": "x",').toString("base64") }),
      missingEventId: kinesisRecord(7, { ...ingestionEvent(7), eventId: undefined }),
      missingPayload: kinesisRecord(8, { ...ingestionEvent(8), payload: undefined }),
      payloadNotObject: kinesisRecord(9, { ...ingestionEvent(9), payload: [1, 2] }),
      badTimestamp: kinesisRecord(11, ingestionEvent(11, { occurredAt: "2025-02-30T10:00:00Z" })),
      longEventId: kinesisRecord(12, ingestionEvent(12, { eventId: "x".repeat(129) })),
      unknownField: kinesisRecord(13, { ...ingestionEvent(13), extra: 1 }),
      notAnObject: kinesisRecord(14, { raw: Buffer.from("[1,2,3]").toString("base64") }),
      numberOutOfRange: kinesisRecord(15, ingestionEvent(15, { payload: { big: 1e200 } })),
      tooLarge: kinesisRecord(16, ingestionEvent(16, { payload: { blob: "x".repeat(MAX_EVENT_BYTES) } })),
    };
    const records = [
      good(0),
      bad.badBase64,
      good(2),
      bad.badBase64Padding,
      bad.invalidUtf8,
      bad.badJson,
      good(6),
      bad.missingEventId,
      bad.missingPayload,
      bad.payloadNotObject,
      good(10),
      bad.badTimestamp,
      bad.longEventId,
      bad.unknownField,
      bad.notAnObject,
      bad.numberOutOfRange,
      bad.tooLarge,
      good(17),
    ];
    const warnings: Record<string, unknown>[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (_m: string, ...a: Record<string, unknown>[]) => void warnings.push(a[0]!),
    };

    const result = await consumeRecords(records, deps(table, { logger }));

    const badSequenceNumbers = Object.values(bad).map((r) => r.kinesis.sequenceNumber);
    expect(result.batchItemFailures).toEqual(badSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })));
    expect(result.stats).toMatchObject({ received: 18, rejected: 13, stored: 5 });
    expect((await scanAll(table)).map((i) => i.eventId!.S).sort()).toEqual([
      "evt-000000",
      "evt-000002",
      "evt-000006",
      "evt-000010",
      "evt-000017",
    ]);
    expect(warnings.map((w) => w.reason)).toEqual([
      "invalid-base64",
      "invalid-base64",
      "invalid-utf8",
      "invalid-json",
      "invalid-event",
      "invalid-event",
      "invalid-event",
      "invalid-event",
      "invalid-event",
      "invalid-event",
      "invalid-event",
      "invalid-event",
      "too-large",
    ]);
    // The log says why, never what the record held.
    expect(JSON.stringify(warnings)).not.toContain("shop-api");
  });

  it("answers a batch of nothing but malformed records with all of them as failures, without calling DynamoDB", async () => {
    const table = await newTable();
    const { client, calls } = wrapped(async () => undefined);
    const result = await consumeRecords(
      [kinesisRecord(1, { raw: "%%%%" }), kinesisRecord(2, { raw: "" })],
      deps(table, { dynamodb: client }),
    );
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: sequenceNumber(1) },
      { itemIdentifier: sequenceNumber(2) },
    ]);
    expect(calls).toHaveLength(0);
  });
});

describe("consumer: domain events", () => {
  it("stores a record the forwarder copied from the peer region but does not announce it again (its origin region did)", async () => {
    const table = await newTable();
    const bus = new FakeEventBridge();
    const local = ingestionEvent(1);
    const copied = ingestionEvent(2);
    const records = [
      kinesisRecord(1, local, local.eventId),
      kinesisRecord(
        2,
        copied,
        forwardedPartitionKey({ ...kinesisRecord(2, copied, copied.eventId), awsRegion: "us-west-2" }),
      ),
    ];
    const result = await consumeRecords(
      records,
      deps(table, { events: { client: bus, eventBusName: "ingestion-bus" } }),
    );

    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats).toMatchObject({ stored: 2, published: 1, forwardedCopies: 1 });
    expect(bus.deliveredDetails().map((d) => [d.eventId, d.originRegion])).toEqual([[local.eventId, "us-east-1"]]);
  });

  it("publishes one IngestionRecordStored event per stored record, at most 10 entries per PutEvents call", async () => {
    const table = await newTable();
    const bus = new FakeEventBridge();
    const events = Array.from({ length: 23 }, (_, i) => ingestionEvent(i));
    const result = await consumeRecords(
      [...recordsFor(events), kinesisRecord(99, { raw: "!" })],
      deps(table, { events: { client: bus, eventBusName: "ingestion-bus" } }),
    );

    expect(result.stats).toMatchObject({ stored: 23, published: 23, publishFailures: 0 });
    expect(bus.calls.map((c) => c.length).sort((a, b) => a - b)).toEqual([3, 10, 10]);
    const entry = bus.delivered.find((e) => JSON.parse(e.Detail!).eventId === "evt-000004")!;
    expect(entry).toMatchObject({
      EventBusName: "ingestion-bus",
      Source: "twin-region.ingestion",
      DetailType: "IngestionRecordStored",
    });
    expect(JSON.parse(entry.Detail!)).toEqual({
      eventId: "evt-000004",
      type: "order.created",
      source: "shop-api",
      occurredAt: "2025-01-31T12:00:00.000Z",
      receivedAt: "2025-01-31T12:00:00.004Z",
      pk: "EVENT#evt-000004",
      sk: "EVENT",
      // The region whose consumer stored it: cross-region rules forward only their own region's events.
      originRegion: "us-east-1",
    });
    expect(new Set(bus.deliveredDetails().map((d) => d.eventId)).size).toBe(23);
  });

  it("retries only the PutEvents entries that failed, and reports the records whose event never got through", async () => {
    const table = await newTable();
    delays.length = 0;
    const flaky = new Set(["evt-000002", "evt-000005"]);
    const neverDelivered = "evt-000008";
    const bus = new FakeEventBridge((entry, call) => {
      const id = JSON.parse(entry.Detail!).eventId as string;
      return id === neverDelivered || (flaky.has(id) && call === 0);
    });
    const events = Array.from({ length: 10 }, (_, i) => ingestionEvent(i));
    const result = await consumeRecords(
      recordsFor(events),
      deps(table, { events: { client: bus, eventBusName: "bus" }, retry: { maxAttempts: 3 } }),
    );

    const ids = (entries: { Detail?: string }[]) => entries.map((e) => JSON.parse(e.Detail!).eventId as string);
    expect(ids(bus.calls[0]!)).toHaveLength(10);
    expect(ids(bus.calls[1]!)).toEqual(["evt-000002", "evt-000005", "evt-000008"]);
    expect(ids(bus.calls[2]!)).toEqual(["evt-000008"]);
    expect(bus.calls).toHaveLength(3);
    expect(ids(bus.delivered).sort()).toEqual(events.map((e) => e.eventId).filter((id) => id !== neverDelivered));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(8) }]);
    // The record is stored all the same; its redelivery rewrites the same item and publishes again.
    expect(await scanAll(table)).toHaveLength(10);
  });

  it("publishes nothing when no bus is configured", async () => {
    const table = await newTable();
    const result = await consumeRecords(recordsFor([ingestionEvent(1)]), deps(table));
    expect(result.stats).toMatchObject({ stored: 1, published: 0 });
  });
});

describe("consumer: the deployed bundle", () => {
  it("runs as index.handler from its esbuild bundle, reading TABLE_NAME from the environment and answering a partial batch response", async () => {
    const table = await newTable();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-bundle-"));
    const bundle = bundleFunction("consumer");
    fs.writeFileSync(path.join(dir, "index.js"), bundle.code);
    fs.writeFileSync(path.join(dir, "index.js.map"), bundle.sourceMap);
    Object.assign(process.env, {
      TABLE_NAME: table,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
      POWERTOOLS_TRACE_ENABLED: "false",
    });
    delete process.env.EVENT_BUS_NAME;
    const { handler } = createRequire(__filename)(path.join(dir, "index.js")) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const context = {
      functionName: "consumer",
      awsRequestId: "req-1",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:consumer",
      memoryLimitInMB: "512",
      functionVersion: "$LATEST",
      getRemainingTimeInMillis: () => 30_000,
    };

    const response = await handler(
      {
        Records: [
          kinesisRecord(0, ingestionEvent(0)),
          kinesisRecord(1, { raw: "??" }),
          kinesisRecord(2, ingestionEvent(2)),
        ],
      },
      context,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
    expect((await scanAll(table)).map((i) => i.pk!.S).sort()).toEqual(["EVENT#evt-000000", "EVENT#evt-000002"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
