/**
 * Issue 9, second ordering gap: the global table must change once per record, although both
 * regions' consumers store a record of the primary (the origin's, and the forwarder's copy).
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeRecords, type ConsumerDeps, type TableClient } from "../../functions/consumer/consumer";
import { fromAttributeMap } from "../../functions/shared/dynamo-json";
import { eventKey } from "../../functions/shared/event";
import { forwardedPartitionKey } from "../../functions/shared/origin";
import { createEventsTable, startDynalite, type Emulator } from "./emulators";
import { FakeEventBridge, ingestionEvent, kinesisRecord } from "./fixtures";

let ddb: Emulator<DynamoDBClient>;
let tables = 0;
beforeAll(async () => {
  ddb = await startDynalite();
});
afterAll(async () => {
  await ddb?.stop();
});

async function newTable(): Promise<string> {
  const name = `replica-${++tables}`;
  await createEventsTable(ddb.client, name);
  return name;
}

const deps = (tableName: string, extra: Partial<ConsumerDeps> = {}): ConsumerDeps => ({
  dynamodb: ddb.client,
  tableName,
  sleep: async () => undefined,
  ...extra,
});

/** Sends any of the consumer's commands to dynalite, for a fake that changes only some of them. */
const passThrough = (command: object) => ddb.client.send(command as PutItemCommand);

async function itemOf(tableName: string, eventId: string) {
  const { Item } = await ddb.client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: eventKey(eventId).pk }, sk: { S: "EVENT" } } }),
  );
  return Item && fromAttributeMap(Item);
}

/** The primary's record of event 5 and the secondary's copy of it: a later arrival, another sequence number. */
const event = ingestionEvent(5);
const original = kinesisRecord(5, event, event.eventId);
const copy = { ...kinesisRecord(700, event, forwardedPartitionKey(original)), awsRegion: "us-west-2" };

describe("consumer: a record forwarded to the peer region changes the global table once", () => {
  it("stores the forwarder's copy as exactly the item the origin region stored", async () => {
    const primary = await newTable();
    const secondary = await newTable();
    await consumeRecords([original], deps(primary));
    await consumeRecords([copy], deps(secondary));

    const stored = await itemOf(primary, event.eventId);
    expect(stored).toMatchObject({ originRegion: "us-east-1", receivedAt: "2025-01-31T12:00:00.005Z" });
    expect(await itemOf(secondary, event.eventId)).toEqual(stored);
  });

  it("writes nothing for a copy whose item is already in the table (replicated from the origin)", async () => {
    const table = await newTable();
    await consumeRecords([original], deps(table));
    // Mark the replicated item: a write of the copy, even an identical one, would remove the mark.
    const replicated = await ddb.client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: eventKey(event.eventId).pk }, sk: { S: "EVENT" } } }),
    );
    await ddb.client.send(
      new PutItemCommand({ TableName: table, Item: { ...replicated.Item!, replicatedMark: { S: "untouched" } } }),
    );

    const sent: string[] = [];
    const counting: TableClient = {
      send: (command) => {
        sent.push(command.constructor.name);
        return passThrough(command);
      },
    };
    const result = await consumeRecords([copy], deps(table, { dynamodb: counting }));
    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats).toMatchObject({ stored: 1, forwardedCopies: 1, forwardedAlreadyStored: 1 });
    expect(await itemOf(table, event.eventId)).toMatchObject({ replicatedMark: "untouched" });
    // Found by a read: not even a conditional write (which DynamoDB charges as a write when it fails).
    expect(sent).toEqual(["BatchGetItemCommand"]);
  });

  it("still writes on condition when the replica lands between the look-up and the write: the item is written once", async () => {
    const table = await newTable();
    const late: TableClient = {
      send: async (command) => {
        if (command instanceof PutItemCommand) await consumeRecords([original], deps(table)); // the replica arrives now
        return passThrough(command);
      },
    };
    const result = await consumeRecords([copy], deps(table, { dynamodb: late }));
    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats).toMatchObject({ stored: 1, forwardedAlreadyStored: 1 });
  });

  it("reports the copy for Lambda's retry when its conditional write is throttled every time, and never announces it", async () => {
    const table = await newTable();
    const throttling: TableClient = {
      send: async (command) => {
        if (command instanceof PutItemCommand)
          throw Object.assign(new Error("Rate of requests exceeds the allowed throughput"), {
            name: "ProvisionedThroughputExceededException",
            $metadata: { httpStatusCode: 400 },
          });
        return passThrough(command);
      },
    };
    const bus = new FakeEventBridge();
    const result = await consumeRecords(
      [copy],
      deps(table, { dynamodb: throttling, retry: { maxAttempts: 3 }, events: { client: bus, eventBusName: "b" } }),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: copy.kinesis.sequenceNumber }]);
    expect(result.stats).toMatchObject({ stored: 0, writeFailures: 1, writeRetries: 2 });
    expect(bus.delivered).toEqual([]);
    expect(await itemOf(table, event.eventId)).toBeUndefined();
  });
});
