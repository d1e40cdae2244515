/**
 * Bounded retries with exponential backoff and full jitter (the AWS Architecture Blog's
 * "full jitter": sleep a random time between 0 and min(cap, base * 2^attempt)).
 *
 * The SDK clients already retry throttled and failed *requests*; this is for the partial
 * failures inside a successful response (DynamoDB UnprocessedItems, Kinesis and EventBridge
 * per-entry error codes), which the SDK hands back to the caller.
 */
import { SILENT, type LogSink } from "./log";

export interface RetryPolicy {
  /** Total tries, the first included. */
  maxAttempts: number;
  /** Delay cap of the first retry, doubled for every further one. */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
}

/** 6 tries; waits of at most 50, 100, 200, 400, 800 ms (1.55 s in all, 0.78 s on average). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 2_000 };

export type Sleep = (ms: number) => Promise<void>;

export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait before retry number `retry` (1 for the first retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export function retryPolicy(overrides?: Partial<RetryPolicy>): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    throw new Error(`retry policy: maxAttempts must be an integer ≥ 1, got ${policy.maxAttempts}`);
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= 0)) throw new Error("retry policy: delays must be ≥ 0");
  return policy;
}

/** How a writer or publisher retries and spreads its calls; tests pass a fake sleep, a fixed random, a recorder. */
export interface RetryingCallOptions {
  retry?: Partial<RetryPolicy>;
  /** Calls in flight at once. @default 4 */
  concurrency?: number;
  sleep?: Sleep;
  random?: () => number;
  logger?: LogSink;
}

export interface RetryingCalls {
  policy: RetryPolicy;
  concurrency: number;
  sleep: Sleep;
  random: () => number;
  logger: LogSink;
}

/** The options with their defaults: the default policy, 4 calls at once, real time, Math.random, no logs. */
export function retryingCalls(options: RetryingCallOptions): RetryingCalls {
  return {
    policy: retryPolicy(options.retry),
    concurrency: options.concurrency ?? 4,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    logger: options.logger ?? SILENT,
  };
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "LimitExceededException",
  "KMSThrottlingException",
  "InternalServerError",
  "InternalFailure",
  "ServiceUnavailable",
  "ServiceUnavailableException",
]);

const PROGRAMMING_ERRORS = new Set(["AbortError", "TypeError", "RangeError", "ReferenceError", "SyntaxError"]);

/**
 * Whether a request that threw (after the SDK's own retries) is worth another try: throttling,
 * a 5xx, or no response at all (network error, timeout). Validation and access errors are not.
 */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string };
  if (e.$retryable) return true;
  if (THROTTLING.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  // No response at all: a network error or timeout, unless it is a bug or a cancellation.
  if (status === undefined) return !PROGRAMMING_ERRORS.has(e.name);
  return status >= 500 || status === 429;
}

/** Runs `task` over `items` with at most `limit` of them in flight; results keep the input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
