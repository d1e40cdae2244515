/**
 * PutItem only where the item is not there yet (`attribute_not_exists(pk)`), for the records the
 * forwarder copied from the peer region: the origin stored the same item and the global table
 * brings it here, so the copy's write must change nothing. A failed condition is the expected
 * outcome, not an error. Throttling and other retryable errors are retried with exponential
 * backoff and full jitter, a bounded number of times; what never got an answer is returned.
 */
import { PutItemCommand, type PutItemCommandOutput } from "@aws-sdk/client-dynamodb";
import { errorFields, SILENT, type LogSink } from "../shared/log";
import {
  backoffDelay,
  isRetryableError,
  mapConcurrent,
  retryPolicy,
  sleep as realSleep,
  type RetryPolicy,
  type Sleep,
} from "../shared/retry";
import { itemIdentity, type Item } from "./batch-writer";

/** The one call this writer makes; a DynamoDBClient is one. */
export interface PutItemClient {
  send(command: PutItemCommand): Promise<PutItemCommandOutput>;
}

export interface PutIfAbsentOptions {
  client: PutItemClient;
  tableName: string;
  retry?: Partial<RetryPolicy>;
  /** PutItem calls in flight at once. @default 4 */
  concurrency?: number;
  sleep?: Sleep;
  random?: () => number;
  logger?: LogSink;
}

export interface PutIfAbsentResult {
  /** Identities (`itemIdentity`) of the items written now. */
  written: Set<string>;
  /** Identities of the items that were there already (the condition failed): nothing changed. */
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
  const policy = retryPolicy(options.retry);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? SILENT;
  const result: PutIfAbsentResult = { written: new Set(), present: new Set(), failed: new Set(), retries: 0 };

  await mapConcurrent(items, options.concurrency ?? 4, async (item) => {
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
        if (!isRetryableError(error) || attempt >= policy.maxAttempts) {
          logger.error("PutItem failed", { ...errorFields(error), attempt });
          result.failed.add(id);
          return;
        }
        result.retries++;
        await sleep(backoffDelay(attempt, policy, random));
      }
    }
  });
  return result;
}
