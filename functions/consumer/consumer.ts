/**
 * The consumer's logic (E1): a batch of Kinesis records in, ingestion events stored in DynamoDB
 * exactly once per eventId, one domain event per stored record, and the sequence numbers of every
 * record that did not make it out, for Lambda's partial batch response.
 *
 * 1. Decode and validate every record (functions/shared/event.ts). A record that fails is
 *    logged with the reason (never its content) and reported: it is retried by Lambda and, once
 *    the event source mapping's retries or record age run out, sent to the on-failure
 *    destination. It never fails the batch as a whole.
 * 2. De-duplicate by eventId: the first record of an eventId in the batch is the one stored; the
 *    others share its outcome (DynamoDB rejects a BatchWriteItem that names one key twice).
 * 3. Store. The key is derived from the eventId alone (pk = "EVENT#<eventId>", sk = "EVENT") and
 *    every attribute from the record's origin (shared/origin.ts): the region, arrival time and
 *    sequence number where it entered the platform. So the same record always makes the same
 *    item, whichever region stores it and however often.
 *    - This region's own records: BatchWriteItem, 25 items a call, unprocessed items retried
 *      (batch-writer.ts). A batch delivered again writes the same items over themselves, which
 *      changes nothing and puts nothing on the table's stream.
 *    - Copies the forwarder brought from the peer (conditional-writer.ts): the origin stored the
 *      item and the global table replicates it here, so a copy whose replica is found is not
 *      written at all, and the others are put on condition that the item is still absent. The
 *      table changes once per record; when the copy arrives before the replica, it writes the
 *      very item the replica brings.
 * 4. Publish an IngestionRecordStored event per stored record of this region (publisher.ts), if a
 *    bus is set; copies from the peer were announced there. A record whose event could not be
 *    published is reported too: its redelivery stores the same item again (a no-op) and
 *    publishes again, so every stored record is announced at least once.
 */
import type {
  BatchGetItemCommand,
  BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  BatchWriteItemCommandOutput,
  PutItemCommand,
  PutItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import type { KinesisStreamBatchItemFailure, KinesisStreamRecord } from "aws-lambda";
import { toAttributeMap } from "../shared/dynamo-json";
import { compareSequenceNumbers } from "../shared/sequence";
import {
  decodeIngestionRecord,
  DOMAIN_EVENT_DETAIL_TYPE,
  DOMAIN_EVENT_SOURCE,
  eventKey,
  type IngestionEvent,
  type RecordStoredDetail,
} from "../shared/event";
import { originOf, type Origin } from "../shared/origin";
import { SILENT, type LogSink } from "../shared/log";
import type { RetryPolicy, Sleep } from "../shared/retry";
import { batchPutItems, itemIdentity, type BatchWriteClient, type Item } from "./batch-writer";
import { putItemsIfAbsent, type PutItemClient } from "./conditional-writer";
import { publishEvents, type PutEventsClient } from "./publisher";

export interface ConsumerDeps {
  /** BatchWriteItem for this region's records, BatchGetItem and PutItem for the peer's copies; a DynamoDBClient is one. */
  dynamodb: TableClient;
  tableName: string;
  /** Where to publish the domain events; none are published without it. */
  events?: { client: PutEventsClient; eventBusName: string };
  logger?: LogSink;
  retry?: Partial<RetryPolicy>;
  /** BatchWriteItem / PutEvents calls in flight at once. @default 4 */
  concurrency?: number;
  sleep?: Sleep;
  random?: () => number;
}

/** The two calls the consumer makes of DynamoDB (one type, so that a fake may answer either). */
export interface TableClient {
  send(
    command: BatchWriteItemCommand | PutItemCommand | BatchGetItemCommand,
  ): Promise<BatchWriteItemCommandOutput | PutItemCommandOutput | BatchGetItemCommandOutput>;
}

export interface ConsumerStats {
  received: number;
  /** Records that did not decode or validate. */
  rejected: number;
  /** Records whose eventId appeared earlier in the same batch. */
  duplicates: number;
  /** Distinct eventIds written to the table. */
  stored: number;
  /** Distinct eventIds not written after every retry. */
  writeFailures: number;
  writeRetries: number;
  published: number;
  /** Stored records the forwarder copied from the peer region (stored, not announced again). */
  forwardedCopies: number;
  /** Of those, the ones already in the table (replicated from the origin): nothing written. */
  forwardedAlreadyStored: number;
  publishFailures: number;
  publishRetries: number;
}

export interface ConsumerResult {
  batchItemFailures: KinesisStreamBatchItemFailure[];
  stats: ConsumerStats;
}

interface Accepted {
  event: IngestionEvent;
  record: KinesisStreamRecord;
  origin: Origin;
  /** Every record of the batch that carried this eventId. */
  sequenceNumbers: string[];
  item: Item;
}

/** The stored item: its key from the eventId, every other attribute from the event and its origin. */
export function toItem(event: IngestionEvent, origin: Origin): Item {
  return toAttributeMap({
    ...eventKey(event.eventId),
    eventId: event.eventId,
    type: event.type,
    source: event.source,
    occurredAt: event.occurredAt,
    receivedAt: origin.receivedAt,
    sequenceNumber: origin.sequenceNumber,
    originRegion: origin.region,
    payload: event.payload,
  });
}

export async function consumeRecords(
  records: readonly KinesisStreamRecord[],
  deps: ConsumerDeps,
): Promise<ConsumerResult> {
  const logger = deps.logger ?? SILENT;
  const stats: ConsumerStats = {
    received: records.length,
    rejected: 0,
    duplicates: 0,
    stored: 0,
    writeFailures: 0,
    writeRetries: 0,
    published: 0,
    forwardedCopies: 0,
    forwardedAlreadyStored: 0,
    publishFailures: 0,
    publishRetries: 0,
  };
  const failed = new Set<string>();
  const accepted = new Map<string, Accepted>();

  for (const record of records) {
    const { sequenceNumber, partitionKey } = record.kinesis;
    const decoded = decodeIngestionRecord(record.kinesis.data);
    if (!decoded.ok) {
      stats.rejected++;
      failed.add(sequenceNumber);
      logger.warn("record rejected", { sequenceNumber, partitionKey, reason: decoded.reason, issues: decoded.issues });
      continue;
    }
    const seen = accepted.get(decoded.event.eventId);
    if (seen) {
      stats.duplicates++;
      seen.sequenceNumbers.push(sequenceNumber);
      continue;
    }
    const origin = originOf(record);
    accepted.set(decoded.event.eventId, {
      event: decoded.event,
      record,
      origin,
      sequenceNumbers: [sequenceNumber],
      item: toItem(decoded.event, origin),
    });
  }

  const common = { logger, concurrency: deps.concurrency, sleep: deps.sleep, random: deps.random, retry: deps.retry };
  const entries = [...accepted.values()];
  const own = entries.filter((a) => !a.origin.forwarded);
  const copies = entries.filter((a) => a.origin.forwarded);
  // Each writer sends only its own command, whose output type it expects.
  const table = { ...common, client: deps.dynamodb as BatchWriteClient & PutItemClient, tableName: deps.tableName };
  const [written, copied] = await Promise.all([
    batchPutItems(
      own.map((a) => a.item),
      table,
    ),
    putItemsIfAbsent(
      copies.map((a) => a.item),
      table,
    ),
  ]);
  stats.writeRetries = written.retries + copied.retries;
  const notWritten = new Set([...written.failed, ...copied.failed]);
  const stored: Accepted[] = [];
  for (const a of entries) {
    if (notWritten.has(itemIdentity(a.item))) {
      stats.writeFailures++;
      for (const s of a.sequenceNumbers) failed.add(s);
    } else stored.push(a);
  }
  stats.stored = stored.length;
  stats.forwardedAlreadyStored = copied.present.size;

  // A record the forwarder copied from the peer region was announced there, and the peer's rule
  // forwards that event to this bus: announcing it again would start every workflow twice.
  const announce = stored.filter((a) => !a.origin.forwarded);
  stats.forwardedCopies = stored.length - announce.length;
  if (deps.events && announce.length > 0) {
    const { eventBusName } = deps.events;
    const published = await publishEvents(
      announce.map((a) => ({
        id: a.event.eventId,
        entry: {
          EventBusName: eventBusName,
          Source: DOMAIN_EVENT_SOURCE,
          DetailType: DOMAIN_EVENT_DETAIL_TYPE,
          Detail: JSON.stringify(detailOf(a)),
        },
      })),
      { ...common, client: deps.events.client },
    );
    stats.publishRetries = published.retries;
    stats.publishFailures = published.failed.size;
    stats.published = announce.length - published.failed.size;
    for (const a of announce)
      if (published.failed.has(a.event.eventId)) for (const s of a.sequenceNumbers) failed.add(s);
  }

  const batchItemFailures = [...failed].sort(compareSequenceNumbers).map((itemIdentifier) => ({ itemIdentifier }));
  logger.info("batch processed", { ...stats, failures: batchItemFailures.length });
  return { batchItemFailures, stats };
}

function detailOf(a: Accepted): RecordStoredDetail {
  const { eventId, type, source, occurredAt } = a.event;
  return {
    eventId,
    type,
    source,
    occurredAt,
    receivedAt: a.origin.receivedAt,
    ...eventKey(eventId),
    originRegion: a.origin.region,
  };
}
