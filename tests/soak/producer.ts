/**
 * The producers: ingestion events put on each region's stream the way the ingestion API's
 * integration does (PutRecords, the event's JSON as the data, its eventId as the partition key),
 * 100 to a call, with the records a call answers with an ErrorCode sent again (as the API's
 * clients do with its per-record errors), and a call that fails as a whole (a stopped region)
 * tried again until it goes through.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import type { IngestionEvent } from "../../functions/shared/event";
import { mapConcurrent } from "../../functions/shared/retry";
import { chance, type Random } from "./random";

export interface Produced {
  eventId: string;
  region: string;
  /** Valid for the API's model, invalid for the consumer (a calendar date that does not exist). */
  malformed: boolean;
  /** Picked to be deleted from the table once ingested everywhere. */
  toDelete: boolean;
}

export interface ProducerOptions {
  records: number;
  regions: { region: string; client: KinesisClient; streamName: string; share: number }[];
  malformedRate: number;
  deleteRate: number;
  random: Random;
  /** Called after every call, with the number of records on the streams so far. */
  onProgress?: (done: number) => void;
}

const CALL_SIZE = 100;
/** The API's clients call it side by side; records of one eventId are never in two calls. */
const CALLS_IN_FLIGHT = 3;

export function eventFor(i: number, malformed: boolean): IngestionEvent {
  return {
    eventId: `soak-${String(i).padStart(7, "0")}`,
    type: i % 3 === 0 ? "order.created" : i % 3 === 1 ? "order.updated" : "order.deleted",
    occurredAt: malformed ? "2025-02-30T12:00:00.000Z" : new Date(Date.UTC(2025, 0, 31, 12) + i).toISOString(),
    source: "soak",
    payload: { orderId: `o-${i}`, total: (i % 1000) / 10, lines: [{ sku: `S${i % 17}`, qty: (i % 5) + 1 }] },
  };
}

export async function produce(options: ProducerOptions): Promise<Produced[]> {
  const { random } = options;
  const produced: Produced[] = [];
  const perRegion = new Map<string, { event: IngestionEvent; item: Produced }[]>();
  for (let i = 0; i < options.records; i++) {
    let pick = random();
    const target = options.regions.find((r) => (pick -= r.share) < 0) ?? options.regions[0]!;
    const malformed = chance(random, options.malformedRate);
    const item = {
      eventId: eventFor(i, malformed).eventId,
      region: target.region,
      malformed,
      toDelete: !malformed && chance(random, options.deleteRate),
    };
    produced.push(item);
    const list = perRegion.get(target.region) ?? [];
    list.push({ event: eventFor(i, malformed), item });
    perRegion.set(target.region, list);
  }
  let done = 0;
  await Promise.all(
    options.regions.map(async ({ region, client, streamName }) => {
      const list = perRegion.get(region) ?? [];
      const calls = Array.from({ length: Math.ceil(list.length / CALL_SIZE) }, (_, c) => c * CALL_SIZE);
      await mapConcurrent(calls, CALLS_IN_FLIGHT, async (i) => {
        let pending = list.slice(i, i + CALL_SIZE).map(({ event }) => ({
          Data: Buffer.from(JSON.stringify(event)),
          PartitionKey: event.eventId,
        }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
          try {
            const out = await client.send(new PutRecordsCommand({ StreamName: streamName, Records: pending }));
            pending = pending.filter((_, j) => out.Records?.[j]?.ErrorCode !== undefined);
          } catch {
            // The whole call failed: the region is unreachable. Try the same records again.
          }
        }
        done += Math.min(CALL_SIZE, list.length - i);
        options.onProgress?.(done);
      });
    }),
  );
  return produced;
}
