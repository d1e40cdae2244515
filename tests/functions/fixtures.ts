/** Events as Lambda delivers them, and fakes for the services with no emulator here. */
import { PutEventsCommand, type PutEventsCommandOutput, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { DynamoDBRecord, KinesisStreamRecord } from "aws-lambda";
import type { IngestionEvent } from "../../functions/shared/event";
import type { PutEventsClient } from "../../functions/consumer/publisher";

const SEQUENCE_BASE = 49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_000n;

/** A Kinesis sequence number (56 digits, like the real ones), increasing with n. */
export const sequenceNumber = (n: number): string => (SEQUENCE_BASE + BigInt(n) * 1000n).toString();

export function ingestionEvent(i: number, overrides: Partial<IngestionEvent> = {}): IngestionEvent {
  return {
    eventId: `evt-${String(i).padStart(6, "0")}`,
    type: "order.created",
    occurredAt: "2025-01-31T12:00:00.000Z",
    source: "shop-api",
    payload: { orderId: `o-${i}`, total: 42.5, lines: [{ sku: "A", qty: 2 }], gift: false, note: null },
    ...overrides,
  };
}

/** A Kinesis record carrying `data` (an object is sent as JSON; a string is used as the base64 data as it is). */
export function kinesisRecord(
  n: number,
  data: object | { raw: string },
  partitionKey = `pk-${n % 7}`,
): KinesisStreamRecord {
  const base64 = "raw" in data ? (data as { raw: string }).raw : Buffer.from(JSON.stringify(data)).toString("base64");
  return {
    awsRegion: "us-east-1",
    eventID: `shardId-000000000000:${sequenceNumber(n)}`,
    eventName: "aws:kinesis:record",
    eventSource: "aws:kinesis",
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/ingestion",
    eventVersion: "1.0",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/consumer",
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey,
      sequenceNumber: sequenceNumber(n),
      data: base64,
      approximateArrivalTimestamp: 1_738_324_800 + n / 1000,
    },
  };
}

export const recordsFor = (events: object[], startAt = 0): KinesisStreamRecord[] =>
  events.map((e, i) => kinesisRecord(startAt + i, e));

/** An EventBridge that records every PutEvents entry and fails the entries `fail` picks. */
export class FakeEventBridge implements PutEventsClient {
  readonly calls: PutEventsRequestEntry[][] = [];
  readonly delivered: PutEventsRequestEntry[] = [];
  constructor(private readonly fail: (entry: PutEventsRequestEntry, call: number) => boolean = () => false) {}

  async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
    const entries = command.input.Entries ?? [];
    if (entries.length < 1 || entries.length > 10)
      throw Object.assign(new Error("Entries must have 1 to 10 members"), {
        name: "ValidationException",
        $metadata: { httpStatusCode: 400 },
      });
    const call = this.calls.push(entries) - 1;
    let failed = 0;
    const results = entries.map((entry, i) => {
      if (this.fail(entry, call)) {
        failed++;
        return { ErrorCode: "InternalFailure", ErrorMessage: "simulated failure" };
      }
      this.delivered.push(entry);
      return { EventId: `${call}-${i}` };
    });
    return { $metadata: { httpStatusCode: 200 }, FailedEntryCount: failed, Entries: results };
  }

  deliveredDetails(): Record<string, unknown>[] {
    return this.delivered.map((e) => JSON.parse(e.Detail!) as Record<string, unknown>);
  }
}

/** A DynamoDB stream record as Lambda (and EventBridge Pipes) deliver it. */
export function streamRecord(
  n: number,
  change: {
    eventName: "INSERT" | "MODIFY" | "REMOVE";
    keys: { pk: string; sk: string };
    newImage?: Record<string, unknown>;
    oldImage?: Record<string, unknown>;
    at: number;
  },
): DynamoDBRecord {
  const keys = { pk: { S: change.keys.pk }, sk: { S: change.keys.sk } };
  return {
    eventID: `c0ffee${String(n).padStart(26, "0")}`,
    eventName: change.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    dynamodb: {
      ApproximateCreationDateTime: change.at,
      Keys: keys,
      ...(change.newImage ? { NewImage: { ...keys, ...(change.newImage as object) } } : {}),
      ...(change.oldImage ? { OldImage: { ...keys, ...(change.oldImage as object) } } : {}),
      SequenceNumber: String(4_000_000_000_000_000_000_000n + BigInt(n)),
      SizeBytes: 100,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
    eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/events/stream/2025-01-01T00:00:00.000",
  } as DynamoDBRecord;
}
