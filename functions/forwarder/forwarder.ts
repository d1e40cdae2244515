/**
 * The forwarder's logic: a batch of Kinesis records from the primary region's stream, written to
 * the peer region's stream with PutRecords, keeping each record's data, its partition key marked
 * with its origin (shared/origin.ts: region, arrival time, sequence number), so that the peer's
 * consumer stores the very item the origin stored and does not announce it again.
 *
 * - Calls of at most 500 records and 5 MiB (data plus partition keys), the API's limits, sent one
 *   after the other so records keep their order as far as PutRecords allows.
 * - PutRecords is not atomic: the response says per record whether it was written. Only the
 *   records with an ErrorCode (throttling, internal failure) are sent again, with exponential
 *   backoff and full jitter, a bounded number of times; a record that was written is never sent
 *   again. (When a call fails as a whole, after the SDK's own retries, all of its records are
 *   retried: none of them is known to be written.)
 * - Records that still fail are reported by their source sequence numbers for Lambda's partial
 *   batch response, so Lambda retries them and, in the end, sends them to the DLQ. Lambda
 *   restarts from the lowest one reported and redelivers every record after it, so once a call
 *   has failed for good the records of later calls are not sent now but reported too; records
 *   of the same call that did get through may reach the peer stream twice (the consumer stores
 *   by eventId, so a second copy changes nothing).
 *
 * A retried record lands after records that were sent after it: like any PutRecords retry, order
 * within a partition key holds except across a retry.
 */
import { PutRecordsCommand, type PutRecordsCommandOutput, type PutRecordsRequestEntry } from "@aws-sdk/client-kinesis";
import type { KinesisStreamBatchItemFailure, KinesisStreamRecord } from "aws-lambda";
import { requireEnv } from "../shared/env";
import { compareSequenceNumbers } from "../shared/sequence";
import { errorFields, SILENT, type LogSink } from "../shared/log";
import {
  backoffDelay,
  isRetryableError,
  retryPolicy,
  sleep as realSleep,
  type RetryPolicy,
  type Sleep,
} from "../shared/retry";
import { forwardedPartitionKey, hashKeyOf } from "../shared/origin";
import { FORWARDER_ENV } from "./environment";

export const PUT_RECORDS_MAX_RECORDS = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;

/** The one call the forwarder makes; a KinesisClient is one. */
export interface PutRecordsClient {
  send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>;
}

export interface ForwarderDeps {
  kinesis: PutRecordsClient;
  /** The peer stream (PutRecords' StreamARN). */
  streamArn: string;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  random?: () => number;
  logger?: LogSink;
}

export interface ForwarderStats {
  received: number;
  forwarded: number;
  failed: number;
  /** Records not sent because an earlier call failed for good (reported as failures too). */
  skipped: number;
  /** PutRecords calls made again for failed records. */
  retries: number;
  calls: number;
}

export interface ForwarderResult {
  batchItemFailures: KinesisStreamBatchItemFailure[];
  stats: ForwarderStats;
}

interface Outgoing {
  sequenceNumber: string;
  entry: PutRecordsRequestEntry;
  bytes: number;
}

/** The peer stream from TARGET_STREAM_ARN and TARGET_REGION, which must be the ARN's region. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): { streamArn: string; region: string } {
  const { targetStreamArn, targetRegion } = FORWARDER_ENV;
  const streamArn = requireEnv(targetStreamArn, env);
  const region = requireEnv(targetRegion, env);
  const match = /^arn:[\w-]+:kinesis:([a-z0-9-]+):\d{12}:stream\/[\w.-]+$/.exec(streamArn);
  if (!match) throw new Error(`${targetStreamArn} must be a Kinesis stream ARN, got ${JSON.stringify(streamArn)}`);
  if (match[1] !== region) throw new Error(`${targetStreamArn} is in ${match[1]} but ${targetRegion} is ${region}`);
  return { streamArn, region };
}

/** Splits entries, in order, into PutRecords calls within the record and size limits. */
export function chunkRecords<T extends { bytes: number }>(
  entries: readonly T[],
  maxRecords = PUT_RECORDS_MAX_RECORDS,
  maxBytes = PUT_RECORDS_MAX_BYTES,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const e of entries) {
    if (current.length > 0 && (current.length >= maxRecords || size + e.bytes > maxBytes)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += e.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export async function forwardRecords(
  records: readonly KinesisStreamRecord[],
  deps: ForwarderDeps,
): Promise<ForwarderResult> {
  const policy = retryPolicy(deps.retry);
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const logger = deps.logger ?? SILENT;
  const stats: ForwarderStats = { received: records.length, forwarded: 0, failed: 0, skipped: 0, retries: 0, calls: 0 };
  const failures: string[] = [];

  const outgoing: Outgoing[] = records.map((r) => {
    const data = Buffer.from(r.kinesis.data, "base64");
    // The copy says where, when and as which sequence number it arrived first (shared/origin.ts):
    // the peer's consumer stores the origin's item and does not announce it again. The explicit
    // hash key keeps it on the shard its original key maps to.
    const partitionKey = forwardedPartitionKey(r);
    return {
      sequenceNumber: r.kinesis.sequenceNumber,
      entry: { Data: data, PartitionKey: partitionKey, ExplicitHashKey: hashKeyOf(r.kinesis.partitionKey) },
      bytes: data.length + Buffer.byteLength(partitionKey),
    };
  });

  const chunks = chunkRecords(outgoing);
  for (const [index, chunk] of chunks.entries()) {
    if (failures.length > 0) {
      // Lambda restarts from the lowest reported sequence number and delivers everything after it
      // again: sending later records now would only send them twice.
      const rest = chunks.slice(index).flat();
      stats.skipped = rest.length;
      failures.push(...rest.map((o) => o.sequenceNumber));
      logger.warn("records after a failed call left for Lambda's retry", { records: rest.length });
      break;
    }
    let pending = chunk;
    for (let attempt = 1; ; attempt++) {
      let failed: Outgoing[];
      stats.calls++;
      try {
        const out = await deps.kinesis.send(
          new PutRecordsCommand({ StreamARN: deps.streamArn, Records: pending.map((o) => o.entry) }),
        );
        const results = out.Records ?? [];
        // Results answer the request's records in order; one without a SequenceNumber was not written.
        failed = pending.filter(
          (_, i) => results[i]?.ErrorCode !== undefined || results[i]?.SequenceNumber === undefined,
        );
        if (failed.length > 0) {
          const codes = [...new Set(results.map((r) => r.ErrorCode).filter((c): c is string => c !== undefined))];
          logger.warn("PutRecords records failed", {
            failed: failed.length,
            of: pending.length,
            failedRecordCount: out.FailedRecordCount,
            errorCodes: codes,
            attempt,
          });
        }
      } catch (error) {
        if (!isRetryableError(error)) {
          logger.error("PutRecords failed and is not retryable", { ...errorFields(error), records: pending.length });
          failed = pending;
          attempt = policy.maxAttempts;
        } else {
          logger.warn("PutRecords failed, retrying", { ...errorFields(error), records: pending.length, attempt });
          failed = pending;
        }
      }
      stats.forwarded += pending.length - failed.length;
      if (failed.length === 0) break;
      if (attempt >= policy.maxAttempts) {
        logger.error("records not forwarded after every retry", { records: failed.length, attempts: attempt });
        stats.failed += failed.length;
        failures.push(...failed.map((o) => o.sequenceNumber));
        break;
      }
      stats.retries++;
      await sleep(backoffDelay(attempt, policy, random));
      pending = failed;
    }
  }

  const batchItemFailures = failures.sort(compareSequenceNumbers).map((itemIdentifier) => ({ itemIdentifier }));
  logger.info("batch forwarded", { ...stats });
  return { batchItemFailures, stats };
}
