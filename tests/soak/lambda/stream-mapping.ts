/**
 * A stream event source mapping, as Lambda runs one with the platform's settings
 * (STREAM_SOURCE_DEFAULTS: batches of up to 100, ReportBatchItemFailures, bisect on error, 3
 * retries, then the on-failure destination), over a Kinesis stream or a table's stream:
 *
 * - Each shard is read in order, one batch in flight per shard.
 * - A batch that succeeds moves the shard's checkpoint past it.
 * - A partial batch response moves the checkpoint to just before the lowest reported record and
 *   retries only the records from there. When that record is the first of the batch, the batch is
 *   bisected (halves retried in order, which does not use up retries) until the record is alone.
 * - A function error (a crash) bisects the batch the same way.
 * - A record alone that keeps failing is retried `maxRetries` times, with a growing wait, then
 *   its batch is handed to the on-failure destination and the checkpoint moves past it.
 *
 * Faults the soak injects here: a batch delivered again after it succeeded (Lambda retries an
 * invocation that timed out after doing its work), and a crash in the middle of an invocation.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Fault, type Random } from "../random";
import type { LambdaFunction } from "./function";

export interface StreamSource<R> {
  readonly name: string;
  shards(): Promise<string[]>;
  /** Up to `limit` records of the shard after `after` (from the start when undefined). */
  read(shard: string, after: string | undefined, limit: number): Promise<R[]>;
  sequenceOf(record: R): string;
}

export interface MappingFaults {
  /** Share of successful invocations whose batch is delivered again. */
  duplicateDelivery: number;
  /** Share of invocations whose environment is killed part way through. */
  crash: number;
}

export interface Discarded {
  mapping: string;
  shard: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  batchSize: number;
}

export interface MappingOptions<R> {
  name: string;
  function: LambdaFunction;
  source: StreamSource<R>;
  /** The Lambda event for a batch. */
  eventOf: (records: R[], shard: string) => unknown;
  batchSize?: number;
  maxRetries?: number;
  /** First retry's wait; doubled for each further one. */
  retryDelayMs?: number;
  faults: MappingFaults;
  random: Random;
  /** The on-failure destination. */
  onDiscard: (batch: Discarded, records: R[]) => void;
  /** Records the checkpoint has moved past: no longer delivered. */
  onSettled?: (records: R[]) => void;
}

export class StreamMapping<R> {
  readonly stats = { batches: 0, bisections: 0, retries: 0, discarded: 0 };
  private readonly duplicate: Fault;
  private readonly crash: Fault;
  private readonly checkpoints = new Map<string, string | undefined>();
  private readonly idle = new Map<string, boolean>();
  private stopped = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: MappingOptions<R>) {
    this.duplicate = new Fault(options.random, options.faults.duplicateDelivery);
    this.crash = new Fault(options.random, options.faults.crash);
  }

  /** Batches delivered again after they succeeded. */
  get duplicates(): number {
    return this.duplicate.count;
  }

  async start(): Promise<void> {
    const shards = await this.options.source.shards();
    this.loops = shards.map((shard, slot) => this.run(shard, slot));
  }

  /** True when every shard has nothing left to read. */
  get caughtUp(): boolean {
    return [...this.idle.values()].every(Boolean) && this.idle.size > 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async run(shard: string, slot: number): Promise<void> {
    const { source, batchSize = 100 } = this.options;
    this.idle.set(shard, false);
    while (!this.stopped) {
      let records: R[];
      try {
        records = await source.read(shard, this.checkpoints.get(shard), batchSize);
      } catch {
        this.idle.set(shard, false);
        await sleep(200);
        continue;
      }
      if (records.length === 0) {
        this.idle.set(shard, true);
        await sleep(IDLE_POLL_MS);
        continue;
      }
      this.idle.set(shard, false);
      await this.deliver(shard, slot, records);
    }
  }

  /** Delivers one batch until every record in it is settled (done, or discarded). */
  private async deliver(shard: string, slot: number, first: R[]): Promise<void> {
    const { source } = this.options;
    const pending: R[][] = [first];
    let attempt = 0;
    while (pending.length > 0 && !this.stopped) {
      const batch = pending[0]!;
      this.stats.batches++;
      const outcome = await this.invoke(slot, batch, shard);
      let failedFrom: number;
      if (!outcome.ok) failedFrom = 0;
      else {
        const failures = outcome.failures;
        if (failures.length === 0) failedFrom = batch.length;
        else {
          const lowest = failures.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
          failedFrom = batch.findIndex((r) => source.sequenceOf(r) === lowest);
          if (failedFrom < 0) failedFrom = 0; // an identifier not in the batch fails the whole batch
        }
      }
      if (failedFrom > 0) this.settle(shard, batch.slice(0, failedFrom));
      if (failedFrom === batch.length) {
        pending.shift();
        attempt = 0;
        continue;
      }
      const rest = batch.slice(failedFrom);
      if (failedFrom > 0) {
        pending[0] = rest;
        continue;
      }
      if (rest.length > 1) {
        this.stats.bisections++;
        const half = Math.ceil(rest.length / 2);
        pending.splice(0, 1, rest.slice(0, half), rest.slice(half));
        continue;
      }
      if (attempt >= (this.options.maxRetries ?? 3)) {
        this.stats.discarded++;
        this.options.onDiscard(
          {
            mapping: this.options.name,
            shard,
            startSequenceNumber: source.sequenceOf(rest[0]!),
            endSequenceNumber: source.sequenceOf(rest.at(-1)!),
            batchSize: rest.length,
          },
          rest,
        );
        this.settle(shard, rest);
        pending.shift();
        attempt = 0;
        continue;
      }
      attempt++;
      this.stats.retries++;
      await sleep((this.options.retryDelayMs ?? 100) * 2 ** (attempt - 1));
    }
  }

  private settle(shard: string, records: R[]): void {
    if (records.length === 0) return;
    this.checkpoints.set(shard, this.options.source.sequenceOf(records.at(-1)!));
    this.options.onSettled?.(records);
  }

  private async invoke(
    slot: number,
    batch: R[],
    shard: string,
  ): Promise<{ ok: true; failures: string[] } | { ok: false }> {
    const { function: fn, random } = this.options;
    const event = this.options.eventOf(batch, shard);
    // Part way through: the first crash early enough that it lands, later ones anywhere.
    const crashAfterMs = this.crash.fires() ? (this.crash.count === 1 ? 5 : Math.floor(random() * 100)) : undefined;
    let outcome = await fn.invoke(slot, event, crashAfterMs);
    if (outcome.ok && this.duplicate.fires()) {
      // The invocation did its work but Lambda saw a timeout: the same batch again.
      outcome = await fn.invoke(slot, event);
    }
    if (!outcome.ok) return { ok: false };
    const failures = (
      (outcome.result as { batchItemFailures?: { itemIdentifier: string }[] } | null)?.batchItemFailures ?? []
    ).map((f) => f.itemIdentifier);
    return { ok: true, failures };
  }
}

/** How long a shard with nothing new waits before it is read again. */
const IDLE_POLL_MS = 200;

const compare = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
