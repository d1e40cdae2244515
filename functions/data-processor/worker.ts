/**
 * The data processor's loop: long-polls the work queue, and for each message reads the raw object
 * it names, writes its cleaned, hour-partitioned copy (./transform.ts) under the output prefix and
 * only then deletes the message. One message at a time, in the order received.
 *
 * Stopping (SIGTERM: a Fargate Spot interruption, a scale-in, a deployment): the receive in flight
 * is cancelled, the message being processed is finished (its objects written, the message
 * deleted), the messages of the same receive not yet started are handed back at once
 * (ChangeMessageVisibility 0, so another task takes them without waiting out the visibility
 * timeout; should that call fail, the timeout returns them anyway), and the loop returns.
 *
 * What is never deleted, so SQS redelivers it and, after the queue's maxReceiveCount, moves it to
 * the dead-letter queue: a message that names no object this processor may read (not JSON, another
 * bucket, a key outside the source prefix, an object larger than the limit), and a message whose
 * object could not be read or whose output could not be written. A message naming an object that
 * no longer exists is deleted: there is nothing left to do.
 */
import {
  GetObjectCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
  type PutObjectCommandOutput,
} from "@aws-sdk/client-s3";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type ChangeMessageVisibilityBatchCommandOutput,
  type DeleteMessageCommandOutput,
  type Message,
  type ReceiveMessageCommandOutput,
} from "@aws-sdk/client-sqs";
import { errorFields, SILENT, type LogSink } from "../shared/log";
import { backoffDelay, mapConcurrent, retryPolicy } from "../shared/retry";
import { parseWorkMessage, type WorkItem } from "./messages";
import { transformLines } from "./transform";

export const DEFAULT_SOURCE_PREFIX = "raw/";
export const DEFAULT_OUTPUT_PREFIX = "processed/hourly/cleaned/";
export const DEFAULT_BATCH_SIZE = 4;
export const DEFAULT_MAX_OBJECT_BYTES = 128 * 1024 * 1024;

export interface QueueClient {
  send(command: ReceiveMessageCommand, options?: { abortSignal?: AbortSignal }): Promise<ReceiveMessageCommandOutput>;
  send(command: DeleteMessageCommand): Promise<DeleteMessageCommandOutput>;
  send(command: ChangeMessageVisibilityBatchCommand): Promise<ChangeMessageVisibilityBatchCommandOutput>;
}

export interface ObjectClient {
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
  send(command: PutObjectCommand): Promise<PutObjectCommandOutput>;
}

export interface ProcessorDeps {
  sqs: QueueClient;
  s3: ObjectClient;
  queueUrl: string;
  /** The lake bucket: work naming another bucket is refused. */
  bucketName: string;
  /** @default "raw/" */
  sourcePrefix?: string;
  /** @default "processed/hourly/cleaned/" */
  outputPrefix?: string;
  /** @default 128 MiB */
  maxObjectBytes?: number;
  logger?: LogSink;
}

/** What became of one message. */
export interface MessageResult {
  messageId: string | undefined;
  /** `deleted`: done; `kept`: left for redelivery (and the dead-letter queue). */
  status: "deleted" | "kept";
  /** Output objects written. */
  outputs: string[];
  records: number;
  rejected: number;
  duplicates: number;
  /** Why it was kept, or why it was done without output. */
  reason?: string;
}

/** A problem that another try cannot fix (logged as such; the message goes to the DLQ in time). */
class RefusedWork extends Error {
  override name = "RefusedWork";
}

const isMissing = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
};

interface ItemOutcome {
  outputs: string[];
  records: number;
  rejected: number;
  duplicates: number;
  missing: boolean;
}

async function processItem(item: WorkItem, deps: ProcessorDeps): Promise<ItemOutcome> {
  const sourcePrefix = deps.sourcePrefix ?? DEFAULT_SOURCE_PREFIX;
  const outputPrefix = deps.outputPrefix ?? DEFAULT_OUTPUT_PREFIX;
  const maxBytes = deps.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  if (item.bucket !== deps.bucketName)
    throw new RefusedWork(`bucket "${item.bucket}" is not the lake bucket "${deps.bucketName}"`);
  if (!item.key.startsWith(sourcePrefix) || item.key.includes("/../"))
    throw new RefusedWork(`key "${item.key}" is not under "${sourcePrefix}"`);
  let got: GetObjectCommandOutput;
  try {
    got = await deps.s3.send(new GetObjectCommand({ Bucket: item.bucket, Key: item.key }));
  } catch (error) {
    if (isMissing(error)) return { outputs: [], records: 0, rejected: 0, duplicates: 0, missing: true };
    throw error;
  }
  if ((got.ContentLength ?? 0) > maxBytes) {
    await got.Body?.transformToByteArray().catch(() => undefined);
    throw new RefusedWork(`object "${item.key}" is ${got.ContentLength} bytes, more than the limit of ${maxBytes}`);
  }
  const text = (await got.Body?.transformToString("utf-8")) ?? "";
  const result = transformLines(text, { sourceKey: item.key, sourcePrefix, outputPrefix });
  await mapConcurrent([...result.objects.entries()], 4, ([key, body]) =>
    deps.s3.send(
      new PutObjectCommand({
        Bucket: deps.bucketName,
        Key: key,
        Body: body,
        ContentType: "application/x-ndjson",
        Metadata: { "source-key": encodeURIComponent(item.key) },
      }),
    ),
  );
  return {
    outputs: [...result.objects.keys()],
    records: result.records,
    rejected: result.rejected,
    duplicates: result.duplicates,
    missing: false,
  };
}

/** Processes one message's objects and deletes it once every output is written. */
export async function handleMessage(message: Message, deps: ProcessorDeps): Promise<MessageResult> {
  const logger = deps.logger ?? SILENT;
  const result: MessageResult = {
    messageId: message.MessageId,
    status: "kept",
    outputs: [],
    records: 0,
    rejected: 0,
    duplicates: 0,
  };
  const items = parseWorkMessage(message.Body);
  if (typeof items === "string") {
    result.reason = items;
    logger.error("message names no work; left for the dead-letter queue", {
      messageId: message.MessageId,
      problem: items,
    });
    return result;
  }
  try {
    for (const item of items) {
      const done = await processItem(item, deps);
      result.outputs.push(...done.outputs);
      result.records += done.records;
      result.rejected += done.rejected;
      result.duplicates += done.duplicates;
      if (done.missing) {
        result.reason = `object "${item.key}" no longer exists`;
        logger.warn("object no longer exists; nothing to process", { key: item.key });
      }
    }
  } catch (error) {
    result.reason = error instanceof Error ? error.message : String(error);
    logger.error(
      error instanceof RefusedWork
        ? "work refused; message left for the dead-letter queue"
        : "object not processed; message left for another try",
      { messageId: message.MessageId, ...errorFields(error) },
    );
    return result;
  }
  try {
    await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: deps.queueUrl, ReceiptHandle: message.ReceiptHandle }));
    result.status = "deleted";
  } catch (error) {
    // The outputs are written; a redelivery rewrites the same keys with the same content.
    result.reason = "DeleteMessage failed";
    logger.warn("message processed but not deleted; it will be processed again", {
      messageId: message.MessageId,
      ...errorFields(error),
    });
  }
  logger.info("message processed", { ...result });
  return result;
}

export interface RunOptions extends ProcessorDeps {
  /** Stops the loop: the receive in flight is cancelled, the message in hand finished, the rest handed back. */
  signal: AbortSignal;
  /** Long-poll wait (0-20). @default 20 */
  waitTimeSeconds?: number;
  /** Messages per receive (1-10). @default 4 */
  batchSize?: number;
  /** Called after each message (tests, metrics). */
  onMessage?: (result: MessageResult) => void;
}

export interface RunTotals {
  receives: number;
  deleted: number;
  kept: number;
  /** Messages of a receive handed back unstarted because the loop was stopping. */
  released: number;
}

/** Polls until the signal aborts; resolves once the message in hand is done and the rest are handed back. */
export async function runWorker(options: RunOptions): Promise<RunTotals> {
  const logger = options.logger ?? SILENT;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10)
    throw new Error(`batchSize must be a whole number from 1 to 10 (SQS's limit), got ${batchSize}`);
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const backoff = retryPolicy({ baseDelayMs: 500, maxDelayMs: 20_000 });
  const totals: RunTotals = { receives: 0, deleted: 0, kept: 0, released: 0 };
  let errors = 0;
  while (!options.signal.aborted) {
    let messages: Message[];
    try {
      const out = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: batchSize,
          WaitTimeSeconds: waitTimeSeconds,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
        { abortSignal: options.signal },
      );
      messages = out.Messages ?? [];
      totals.receives++;
      errors = 0;
    } catch (error) {
      if (options.signal.aborted) break;
      errors++;
      const wait = backoffDelay(Math.min(errors, 10), backoff);
      logger.error("ReceiveMessage failed; waiting before the next poll", { ...errorFields(error), waitMs: wait });
      await abortableSleep(wait, options.signal);
      continue;
    }
    for (const [i, message] of messages.entries()) {
      if (options.signal.aborted) {
        totals.released += await release(messages.slice(i), options);
        break;
      }
      // Not abortable: a stop lets the message in hand finish.
      const result = await handleMessage(message, options);
      if (result.status === "deleted") totals.deleted++;
      else totals.kept++;
      options.onMessage?.(result);
    }
  }
  return totals;
}

/** Hands unstarted messages back to the queue now (visibility 0); the count handed back. */
async function release(messages: Message[], options: RunOptions): Promise<number> {
  const logger = options.logger ?? SILENT;
  try {
    const out = await options.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
    const failed = out.Failed?.length ?? 0;
    if (failed > 0) logger.warn("some messages not handed back; they return after the visibility timeout", { failed });
    logger.info("stopping: unstarted messages handed back", { messages: messages.length - failed });
    return messages.length - failed;
  } catch (error) {
    logger.warn("messages not handed back; they return after the visibility timeout", {
      messages: messages.length,
      ...errorFields(error),
    });
    return 0;
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
