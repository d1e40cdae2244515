/**
 * BatchWriteItem in chunks of 25 (the API's limit), with the items DynamoDB hands back as
 * UnprocessedItems retried with exponential backoff and full jitter, a bounded number of times.
 * Whatever is still unprocessed at the end is returned, never dropped. A call DynamoDB rejects as
 * invalid (one bad item fails all 25) is split in halves until the bad item is isolated.
 */
import {
  BatchWriteItemCommand,
  type AttributeValue,
  type BatchWriteItemCommandOutput,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { errorFields } from "../shared/log";
import {
  backoffDelay,
  isRetryableError,
  mapConcurrent,
  retryingCalls,
  type RetryingCallOptions,
} from "../shared/retry";

export const BATCH_WRITE_LIMIT = 25;

/** The one call the writer makes; a DynamoDBClient is one. */
export interface BatchWriteClient {
  send(command: BatchWriteItemCommand): Promise<BatchWriteItemCommandOutput>;
}

export type Item = Record<string, AttributeValue>;

export interface BatchPutOptions extends RetryingCallOptions {
  client: BatchWriteClient;
  tableName: string;
  /** The item's primary key attributes, in the order they make its identity. @default ["pk", "sk"] */
  keyAttributes?: readonly string[];
}

export interface BatchPutResult {
  /** Identities (see `itemIdentity`) of the items not written after every retry. */
  failed: Set<string>;
  /** BatchWriteItem calls made again for unprocessed items or a retryable error. */
  retries: number;
  /** BatchWriteItem calls made in all. */
  calls: number;
}

const isValidationError = (error: unknown): boolean => error instanceof Error && error.name === "ValidationException";

/** An item's identity: its key attributes' values, joined. */
export function itemIdentity(item: Item, keyAttributes: readonly string[] = ["pk", "sk"]): string {
  return keyAttributes
    .map((name) => {
      const v = item[name];
      const s = v?.S ?? v?.N;
      if (s === undefined) throw new Error(`item has no string or number key attribute ${name}`);
      return s;
    })
    .join("\u0000");
}

export async function batchPutItems(items: readonly Item[], options: BatchPutOptions): Promise<BatchPutResult> {
  const { client, tableName } = options;
  const keys = options.keyAttributes ?? ["pk", "sk"];
  const { policy, concurrency, sleep, random, logger } = retryingCalls(options);

  const seen = new Set<string>();
  for (const item of items) {
    const id = itemIdentity(item, keys);
    // DynamoDB rejects a whole batch that names one key twice: the caller must de-duplicate.
    if (seen.has(id)) throw new Error(`batchPutItems: two items with the key ${JSON.stringify(id.split("\u0000"))}`);
    seen.add(id);
  }
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT)
    chunks.push(items.slice(i, i + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } })));

  const result: BatchPutResult = { failed: new Set(), retries: 0, calls: 0 };
  const fail = (requests: WriteRequest[]) => {
    for (const request of requests) result.failed.add(itemIdentity(request.PutRequest!.Item!, keys));
  };

  const writeChunk = async (chunk: WriteRequest[]): Promise<void> => {
    let pending = chunk;
    for (let attempt = 1; ; attempt++) {
      let unprocessed: WriteRequest[];
      result.calls++;
      try {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        unprocessed = out.UnprocessedItems?.[tableName] ?? [];
      } catch (error) {
        if (isValidationError(error) && pending.length > 1) {
          // DynamoDB rejects the whole call for one bad item: halve until the bad one is alone,
          // so that only its record fails, not the 24 written with it.
          logger.warn("BatchWriteItem rejected as invalid; splitting to find the item", {
            ...errorFields(error),
            items: pending.length,
          });
          const half = Math.ceil(pending.length / 2);
          await writeChunk(pending.slice(0, half));
          await writeChunk(pending.slice(half));
          return;
        }
        if (!isRetryableError(error)) {
          logger.error("BatchWriteItem failed and is not retryable", { ...errorFields(error), items: pending.length });
          fail(pending);
          return;
        }
        logger.warn("BatchWriteItem failed, retrying", { ...errorFields(error), items: pending.length, attempt });
        unprocessed = pending;
      }
      if (unprocessed.length === 0) return;
      if (attempt >= policy.maxAttempts) {
        logger.error("items still unprocessed after every retry", { items: unprocessed.length, attempts: attempt });
        fail(unprocessed);
        return;
      }
      result.retries++;
      await sleep(backoffDelay(attempt, policy, random));
      pending = unprocessed;
    }
  };

  await mapConcurrent(chunks, concurrency, writeChunk);
  return result;
}
