/**
 * Writes items only where they are not there yet, for the records the forwarder copied from the
 * peer region: the origin stored the same item and the global table brings it here, so the copy's
 * write must change nothing.
 *
 * 1. BatchGetItem (100 keys a call, keys only) finds the items the replica already brought: for
 *    those nothing is written. A read costs less than a conditional write that fails, which
 *    DynamoDB charges as a write.
 * 2. The others are put with `attribute_not_exists(pk)`, since the replica may land in between; a
 *    failed condition is the expected outcome, not an error.
 * Throttling and other retryable errors (and UnprocessedKeys) are retried with exponential backoff
 * and full jitter, a bounded number of times; what never got an answer is returned.
 */
import {
  BatchGetItemCommand,
  PutItemCommand,
  type BatchGetItemCommandOutput,
  type PutItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { errorFields } from "../shared/log";
import {
  backoffDelay,
  isRetryableError,
  mapConcurrent,
  retryingCalls,
  type RetryingCallOptions,
} from "../shared/retry";
import { itemIdentity, type Item } from "./batch-writer";

/** The two calls this writer makes; a DynamoDBClient is one. */
export interface PutItemClient {
  send(command: PutItemCommand): Promise<PutItemCommandOutput>;
  send(command: BatchGetItemCommand): Promise<BatchGetItemCommandOutput>;
}

export const BATCH_GET_LIMIT = 100;

export interface PutIfAbsentOptions extends RetryingCallOptions {
  client: PutItemClient;
  tableName: string;
}

export interface PutIfAbsentResult {
  /** Identities (`itemIdentity`) of the items written now. */
  written: Set<string>;
  /** Identities of the items that were there already (found, or the condition failed): nothing changed. */
  present: Set<string>;
  /** Identities of the items with no answer after every retry. */
  failed: Set<string>;
  retries: number;
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === "ConditionalCheckFailedException";

export async function putItemsIfAbsent(
  items: readonly Item[],
  options: PutIfAbsentOptions,
): Promise<PutIfAbsentResult> {
  const { policy, concurrency, sleep, random, logger } = retryingCalls(options);
  const result: PutIfAbsentResult = { written: new Set(), present: new Set(), failed: new Set(), retries: 0 };
  const retry = async (attempt: number, error: unknown): Promise<boolean> => {
    if (!isRetryableError(error) || attempt >= policy.maxAttempts) return false;
    result.retries++;
    await sleep(backoffDelay(attempt, policy, random));
    return true;
  };

  // 1. Which items are there already.
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += BATCH_GET_LIMIT) chunks.push(items.slice(i, i + BATCH_GET_LIMIT));
  await mapConcurrent(chunks, concurrency, async (chunk) => {
    let keys = chunk.map((item) => ({ pk: item.pk!, sk: item.sk! }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      try {
        const out = await options.client.send(
          new BatchGetItemCommand({
            RequestItems: { [options.tableName]: { Keys: keys, ProjectionExpression: "pk, sk" } },
          }),
        );
        for (const found of out.Responses?.[options.tableName] ?? []) result.present.add(itemIdentity(found));
        keys = (out.UnprocessedKeys?.[options.tableName]?.Keys ?? []) as typeof keys;
        if (keys.length > 0 && !(await retry(attempt, Object.assign(new Error("UnprocessedKeys"), { $retryable: {} }))))
          break;
      } catch (error) {
        if (!(await retry(attempt, error))) {
          logger.warn("BatchGetItem failed; writing the copies on condition instead", errorFields(error));
          break;
        }
      }
    }
  });

  // 2. Put the others, on condition that they are still absent.
  const absent = items.filter((item) => !result.present.has(itemIdentity(item)));
  await mapConcurrent(absent, concurrency, async (item) => {
    const id = itemIdentity(item);
    for (let attempt = 1; ; attempt++) {
      try {
        await options.client.send(
          new PutItemCommand({
            TableName: options.tableName,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        result.written.add(id);
        return;
      } catch (error) {
        if (isConditionFailure(error)) {
          result.present.add(id);
          return;
        }
        if (!(await retry(attempt, error))) {
          logger.error("PutItem failed", { ...errorFields(error), attempt });
          result.failed.add(id);
          return;
        }
      }
    }
  });
  return result;
}
