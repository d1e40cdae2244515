/**
 * EventBridge PutEvents in calls of at most 10 entries (the API's limit), with the entries that
 * come back with an ErrorCode retried (and only those) with exponential backoff and full jitter,
 * a bounded number of times. Returns the ids of the entries that never got through.
 */
import { PutEventsCommand, type PutEventsCommandOutput, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { errorFields } from "../shared/log";
import {
  backoffDelay,
  isRetryableError,
  mapConcurrent,
  retryingCalls,
  type RetryingCallOptions,
} from "../shared/retry";

export const PUT_EVENTS_LIMIT = 10;

/** The one call the publisher makes; an EventBridgeClient is one. */
export interface PutEventsClient {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

export interface OutgoingEvent {
  /** Identifies the entry in the result (the consumer uses the eventId). */
  id: string;
  entry: PutEventsRequestEntry;
}

export interface PublishOptions extends RetryingCallOptions {
  client: PutEventsClient;
}

export interface PublishResult {
  failed: Set<string>;
  retries: number;
  calls: number;
}

export async function publishEvents(events: readonly OutgoingEvent[], options: PublishOptions): Promise<PublishResult> {
  const { policy, concurrency, sleep, random, logger } = retryingCalls(options);
  const chunks: OutgoingEvent[][] = [];
  for (let i = 0; i < events.length; i += PUT_EVENTS_LIMIT) chunks.push(events.slice(i, i + PUT_EVENTS_LIMIT));

  const result: PublishResult = { failed: new Set(), retries: 0, calls: 0 };
  await mapConcurrent(chunks, concurrency, async (chunk) => {
    let pending = chunk;
    for (let attempt = 1; ; attempt++) {
      let failed: OutgoingEvent[];
      result.calls++;
      try {
        const out = await options.client.send(new PutEventsCommand({ Entries: pending.map((e) => e.entry) }));
        const entries = out.Entries ?? [];
        // Entries answer the request's entries in order; an entry without an EventId failed.
        failed = pending.filter((_, i) => entries[i]?.ErrorCode !== undefined || entries[i]?.EventId === undefined);
        if (failed.length > 0) {
          const codes = [...new Set(entries.map((e) => e.ErrorCode).filter((c): c is string => c !== undefined))];
          logger.warn("PutEvents entries failed", {
            failed: failed.length,
            of: pending.length,
            errorCodes: codes,
            attempt,
          });
        }
      } catch (error) {
        if (!isRetryableError(error)) {
          logger.error("PutEvents failed and is not retryable", { ...errorFields(error), entries: pending.length });
          for (const e of pending) result.failed.add(e.id);
          return;
        }
        logger.warn("PutEvents failed, retrying", { ...errorFields(error), entries: pending.length, attempt });
        failed = pending;
      }
      if (failed.length === 0) return;
      if (attempt >= policy.maxAttempts) {
        logger.error("events still not published after every retry", { entries: failed.length, attempts: attempt });
        for (const e of failed) result.failed.add(e.id);
        return;
      }
      result.retries++;
      await sleep(backoffDelay(attempt, policy, random));
      pending = failed;
    }
  });
  return result;
}
