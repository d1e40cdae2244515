/**
 * The change task's logic (F1): long-polls the change queue, which an EventBridge Pipe fills from
 * the table's stream (each message body is one DynamoDB stream record as Pipes delivers it, the
 * same shape as in a Lambda event), and keeps the latest image of every item in S3:
 *
 *   <prefix>/<pk>/<sk>.json       the item's NewImage as plain JSON (INSERT, MODIFY)
 *                                 deleted on REMOVE
 *
 * with "/" and "%" in pk and sk percent-encoded so that one key attribute is one path segment.
 * The object's metadata carries the stream sequence number and event name it was written from.
 *
 * Deletes win over older changes. A standard queue does not keep order across receives, so an
 * INSERT or MODIFY can arrive after the item's REMOVE. A REMOVE therefore first writes a
 * tombstone, `<tombstone prefix>/<pk>/<sk>.json` (`{"deleted":true,"sequenceNumber":…}`, its metadata
 * holding the REMOVE's sequence number too), then deletes the image. A change older than the stored image or the
 * tombstone is skipped, so neither a stale image nor a deleted item ever comes back. The bucket
 * expires tombstones with a lifecycle rule, after longer than a stale message can live (the
 * queue's retention plus its dead-letter queue's, from which messages can be redriven).
 *
 * Messages are deleted only once their change is in S3. Of several changes to one item in one
 * receive, only the latest (highest sequence number) is applied and all are deleted. A message
 * that is not a stream record is left alone: it comes back after the visibility timeout and ends
 * in the queue's dead-letter queue after maxReceiveCount receives.
 *
 * Tasks checking and writing one item at the same moment can still race (S3 has no
 * compare-and-set that s3rver or every partition offers): run one task, or feed a FIFO queue with
 * the item key as message group, where exact ordering across tasks matters.
 */
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type DeleteObjectCommandOutput,
  type HeadObjectCommandOutput,
  type PutObjectCommandOutput,
} from "@aws-sdk/client-s3";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type DeleteMessageBatchCommandOutput,
  type Message,
  type ReceiveMessageCommandOutput,
} from "@aws-sdk/client-sqs";
import type { DynamoDBRecord } from "aws-lambda";
import { fromAttributeMap } from "../shared/dynamo-json";
import { compareSequenceNumbers } from "../shared/sequence";
import { errorFields, SILENT, type LogSink } from "../shared/log";
import { backoffDelay, retryPolicy } from "../shared/retry";
import { KeyLocks } from "./key-locks";

export const DEFAULT_ENTITIES_PREFIX = "processed/entities";
export const DEFAULT_TOMBSTONES_PREFIX = "tombstones/entities";

export interface QueueClient {
  send(command: ReceiveMessageCommand, options?: { abortSignal?: AbortSignal }): Promise<ReceiveMessageCommandOutput>;
  send(command: DeleteMessageBatchCommand): Promise<DeleteMessageBatchCommandOutput>;
}

export interface ObjectClient {
  send(command: HeadObjectCommand): Promise<HeadObjectCommandOutput>;
  send(command: PutObjectCommand): Promise<PutObjectCommandOutput>;
  send(command: DeleteObjectCommand): Promise<DeleteObjectCommandOutput>;
}

export interface WorkerDeps {
  sqs: QueueClient;
  s3: ObjectClient;
  queueUrl: string;
  bucketName: string;
  /** @default "processed/entities" */
  keyPrefix?: string;
  /** Where REMOVEs leave their tombstones; must not be under `keyPrefix`. @default "tombstones/entities" */
  tombstonePrefix?: string;
  /** Shared by the pollers of one task, so that two never work on one item at once. @default a lock set of its own */
  locks?: KeyLocks;
  logger?: LogSink;
}

export interface BatchOutcome {
  /** Messages whose change is in S3 (or superseded by a later one) and that were deleted. */
  deleted: number;
  /** Messages left on the queue: not a stream record, or S3 failed. */
  kept: number;
  puts: number;
  removes: number;
  /** Changes skipped because the stored image or tombstone came from a later one. */
  stale: number;
}

/** The sequence number the stored object was written from, or undefined when there is none. */
async function storedSequence(deps: WorkerDeps, key: string): Promise<string | undefined> {
  try {
    const head = await deps.s3.send(new HeadObjectCommand({ Bucket: deps.bucketName, Key: key }));
    return head.Metadata?.["sequence-number"];
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number }; name?: string }).$metadata?.httpStatusCode;
    if (status === 404 || (error as { name?: string }).name === "NotFound") return undefined;
    throw error;
  }
}

/** Whether a stored sequence number is later than the change's (an absent or foreign one is not). */
const isLater = (stored: string | undefined, sequenceNumber: string): boolean =>
  stored !== undefined && /^\d+$/.test(stored) && compareSequenceNumbers(stored, sequenceNumber) > 0;

/** One key attribute as one path segment: "/" and "%" percent-encoded, everything else kept. */
export const keySegment = (value: string): string => value.replace(/%/g, "%25").replace(/\//g, "%2F");

export function entityKey(prefix: string, pk: string, sk: string): string {
  return under(prefix, itemPath(pk, sk));
}

const itemPath = (pk: string, sk: string): string => `${keySegment(pk)}/${keySegment(sk)}.json`;
const under = (prefix: string, path: string): string => `${prefix ? `${prefix}/` : ""}${path}`;

interface Change {
  message: Message;
  /** The item's path below the prefixes: `<pk>/<sk>.json`, encoded. */
  key: string;
  sequenceNumber: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  record: DynamoDBRecord;
}

/** Reads a message as a stream record of an item with string pk and sk, or says what is wrong. */
export function parseChange(message: Message): Change | string {
  let record: DynamoDBRecord;
  try {
    record = JSON.parse(message.Body ?? "") as DynamoDBRecord;
  } catch {
    return "body is not JSON";
  }
  if (typeof record !== "object" || record === null) return "body is not a stream record";
  const { eventName, dynamodb } = record;
  if (eventName !== "INSERT" && eventName !== "MODIFY" && eventName !== "REMOVE")
    return `unknown eventName ${JSON.stringify(eventName)}`;
  const pk = dynamodb?.Keys?.pk?.S;
  const sk = dynamodb?.Keys?.sk?.S;
  if (typeof pk !== "string" || typeof sk !== "string") return "dynamodb.Keys has no string pk and sk";
  const sequenceNumber = dynamodb?.SequenceNumber;
  if (typeof sequenceNumber !== "string" || !/^\d+$/.test(sequenceNumber)) return "no dynamodb.SequenceNumber";
  if (eventName !== "REMOVE" && !dynamodb?.NewImage) return "no NewImage (the stream must include new images)";
  return { message, key: itemPath(pk, sk), sequenceNumber, eventName, record };
}

/** Applies one receive's messages to S3 and deletes the ones that are done. */
export async function handleMessages(messages: readonly Message[], deps: WorkerDeps): Promise<BatchOutcome> {
  const logger = deps.logger ?? SILENT;
  const prefix = deps.keyPrefix ?? DEFAULT_ENTITIES_PREFIX;
  const tombstones = deps.tombstonePrefix ?? DEFAULT_TOMBSTONES_PREFIX;
  const outcome: BatchOutcome = { deleted: 0, kept: 0, puts: 0, removes: 0, stale: 0 };
  const byKey = new Map<string, Change[]>();
  for (const message of messages) {
    const change = parseChange(message);
    if (typeof change === "string") {
      outcome.kept++;
      logger.error("message is not a change record; left for the dead-letter queue", {
        messageId: message.MessageId,
        problem: change,
      });
      continue;
    }
    const list = byKey.get(change.key) ?? [];
    list.push(change);
    byKey.set(change.key, list);
  }

  const done: Message[] = [];
  const locks = deps.locks ?? new KeyLocks();
  await Promise.all(
    [...byKey.values()].map((changes) =>
      locks.run(changes[0]!.key, async () => {
        const latest = changes.sort((a, b) => compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber)).at(-1)!;
        const imageKey = under(prefix, latest.key);
        const tombstoneKey = under(tombstones, latest.key);
        const metadata = { "sequence-number": latest.sequenceNumber, "event-name": latest.eventName };
        try {
          const [image, tombstone] = await Promise.all([
            storedSequence(deps, imageKey),
            storedSequence(deps, tombstoneKey),
          ]);
          if (isLater(image, latest.sequenceNumber) || isLater(tombstone, latest.sequenceNumber)) {
            outcome.stale++;
          } else if (latest.eventName === "REMOVE") {
            // The tombstone first: if the task stops in between, the message comes back and both run again.
            await deps.s3.send(
              new PutObjectCommand({
                Bucket: deps.bucketName,
                Key: tombstoneKey,
                Body: JSON.stringify({ deleted: true, sequenceNumber: latest.sequenceNumber }),
                ContentType: "application/json",
                Metadata: metadata,
              }),
            );
            await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.bucketName, Key: imageKey }));
            outcome.removes++;
          } else {
            const image = fromAttributeMap(latest.record.dynamodb!.NewImage!);
            await deps.s3.send(
              new PutObjectCommand({
                Bucket: deps.bucketName,
                Key: imageKey,
                Body: JSON.stringify(image),
                ContentType: "application/json",
                Metadata: metadata,
              }),
            );
            outcome.puts++;
          }
          done.push(...changes.map((c) => c.message));
        } catch (error) {
          outcome.kept += changes.length;
          logger.error("change not written to S3; messages left on the queue", {
            key: imageKey,
            messages: changes.length,
            ...errorFields(error),
          });
        }
      }),
    ),
  );

  for (let i = 0; i < done.length; i += 10) {
    const entries = done.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! }));
    try {
      const out = await deps.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: deps.queueUrl, Entries: entries }));
      const failed = out.Failed ?? [];
      outcome.deleted += entries.length - failed.length;
      outcome.kept += failed.length;
      if (failed.length > 0)
        logger.warn("messages not deleted; they will be processed again", {
          failed: failed.length,
          codes: failed.map((f) => f.Code),
        });
    } catch (error) {
      outcome.kept += entries.length;
      logger.warn("DeleteMessageBatch failed; the messages will be processed again", {
        messages: entries.length,
        ...errorFields(error),
      });
    }
  }
  return outcome;
}

export interface RunOptions extends WorkerDeps {
  /** Stops the loop: the receive in flight is cancelled and the messages in hand are finished first. */
  signal: AbortSignal;
  /** Long-poll wait. @default 20 */
  waitTimeSeconds?: number;
  /** @default 10 */
  maxMessages?: number;
  /** Called after every receive that returned messages (for tests and metrics). */
  onBatch?: (outcome: BatchOutcome) => void;
  /**
   * Receives handled side by side: each waits on SQS and S3 most of the time, so one task keeps
   * several in flight. Changes to one item are still applied one at a time (key-locks.ts).
   * @default 4
   */
  pollers?: number;
}

/** Polls until the signal aborts; resolves once the last batch in hand is done. */
export async function runWorker(options: RunOptions): Promise<{ batches: number; deleted: number; kept: number }> {
  const totals = { batches: 0, deleted: 0, kept: 0 };
  const shared = { ...options, locks: options.locks ?? new KeyLocks() };
  const pollers = options.pollers ?? 4;
  if (!Number.isInteger(pollers) || pollers < 1) throw new Error(`pollers must be a whole number ≥ 1, got ${pollers}`);
  await Promise.all(Array.from({ length: pollers }, () => poll(shared, totals)));
  return totals;
}

async function poll(
  options: RunOptions & { locks: KeyLocks },
  totals: { batches: number; deleted: number; kept: number },
): Promise<void> {
  const logger = options.logger ?? SILENT;
  const backoff = retryPolicy({ baseDelayMs: 500, maxDelayMs: 20_000 });
  let errors = 0;
  while (!options.signal.aborted) {
    let messages: Message[];
    try {
      const out = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: options.maxMessages ?? 10,
          WaitTimeSeconds: options.waitTimeSeconds ?? 20,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
        { abortSignal: options.signal },
      );
      messages = out.Messages ?? [];
      errors = 0;
    } catch (error) {
      if (options.signal.aborted) break;
      errors++;
      const wait = backoffDelay(Math.min(errors, 10), backoff);
      logger.error("ReceiveMessage failed; waiting before the next poll", { ...errorFields(error), waitMs: wait });
      await abortableSleep(wait, options.signal);
      continue;
    }
    if (messages.length === 0) continue;
    const outcome = await handleMessages(messages, options);
    totals.batches++;
    totals.deleted += outcome.deleted;
    totals.kept += outcome.kept;
    options.onBatch?.(outcome);
    logger.info("batch handled", { ...outcome });
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
