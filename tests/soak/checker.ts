/**
 * What a soak run must show once everything has settled, and its figures: every record stored,
 * processed, archived and forwarded exactly where it belongs, none lost, none doubled, none
 * brought back after its deletion, and only the malformed ones in a dead-letter queue.
 */
import type { KinesisStreamRecord } from "aws-lambda";
import type { TableChange } from "./host/protocol";
import type { Produced } from "./producer";
import type { Delivered } from "./services/event-bus";

export interface RegionEvidence {
  region: string;
  /** Whether the region runs L1 and F1 (the primary): only then are its change log and images checked. */
  processes: boolean;
  /** eventIds of the items in the table at the end. */
  tableItems: string[];
  changes: TableChange[];
  /** What the region's bus received. */
  busEvents: Delivered[];
  workflowStarts: Delivered[];
  /** eventIds of the latest images in the processed bucket, and of the tombstones. */
  entityImages: string[];
  tombstones: string[];
  /** Sequence numbers of the table changes, one per line of the change log (L1's NDJSON). */
  changeLogLines: string[];
  /** eventIds of the records in the retention archive, one per archived record. */
  archived: string[];
  /** The region's stream at the end, as records. */
  stream: KinesisStreamRecord[];
  /** Records the consumer's mapping gave up on (its on-failure destination). */
  consumerDlq: KinesisStreamRecord[];
  /** Everything else that ended in a dead-letter queue: forwarder and L1 batches, F1 messages. */
  otherDlq: string[];
}

export interface SoakReport {
  problems: string[];
  figures: Record<string, number>;
  line: string;
}

export const eventIdOf = (record: KinesisStreamRecord): string =>
  (JSON.parse(Buffer.from(record.kinesis.data, "base64").toString()) as { eventId: string }).eventId;
const eventIdOfKey = (pk: string | undefined): string => (pk ?? "").replace(/^EVENT#/, "");

function counts(values: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

export function checkSoak(
  produced: Produced[],
  primary: RegionEvidence,
  secondary: RegionEvidence,
  elapsedMs: number,
): SoakReport {
  const problems: string[] = [];
  let lost = 0;
  let doubled = 0;
  let resurrected = 0;
  const complain = (what: string, ids: string[]) => {
    if (ids.length > 0)
      problems.push(`${what}: ${ids.length} (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""})`);
  };
  const valid = produced.filter((p) => !p.malformed);
  const live = new Set(valid.filter((p) => !p.toDelete).map((p) => p.eventId));
  const deleted = new Set(valid.filter((p) => p.toDelete).map((p) => p.eventId));
  const malformed = new Set(produced.filter((p) => p.malformed).map((p) => p.eventId));
  const origin = new Map(produced.map((p) => [p.eventId, p.region]));
  let announcedRepeats = 0;

  for (const r of [primary, secondary]) {
    const peer = r === primary ? secondary : primary;
    // The table: every live record once, no deleted or malformed one; each record changed it once.
    const items = counts(r.tableItems);
    complain(
      `${r.region} table: records missing`,
      [...live].filter((id) => !items.has(id)),
    );
    const back = [...deleted].filter((id) => items.has(id));
    complain(`${r.region} table: deleted records back`, back);
    resurrected += back.length;
    complain(
      `${r.region} table: malformed records stored`,
      [...malformed].filter((id) => items.has(id)),
    );
    lost += [...live].filter((id) => !items.has(id)).length;
    const byKey = new Map<string, TableChange[]>();
    for (const c of r.changes) {
      const id = eventIdOfKey(c.keys.pk?.S);
      byKey.set(id, [...(byKey.get(id) ?? []), c]);
    }
    const changedTwice = valid
      .map((p) => p.eventId)
      .filter((id) => (byKey.get(id) ?? []).filter((c) => c.eventName !== "REMOVE").length !== 1);
    complain(`${r.region} table: records not written exactly once (INSERT once, never MODIFY)`, changedTwice);
    doubled += changedTwice.length;

    // Announcements: by the origin's consumer, at least once; never by the peer's consumer.
    const byConsumer = r.busEvents.filter((e) => e.via === "consumer");
    complain(
      `${r.region} bus: events announced by a consumer for records of another region`,
      byConsumer.filter((e) => e.originRegion !== r.region).map((e) => e.eventId),
    );
    const announced = counts(byConsumer.map((e) => e.eventId));
    const own = valid.filter((p) => p.region === r.region).map((p) => p.eventId);
    complain(
      `${r.region} bus: records never announced`,
      own.filter((id) => !announced.has(id)),
    );
    lost += own.filter((id) => !announced.has(id)).length;
    announcedRepeats += byConsumer.length - announced.size;
    const fromPeer = counts(r.busEvents.filter((e) => e.via === "peer-rule").map((e) => e.eventId));
    const peerOwn = valid.filter((p) => p.region === peer.region).map((p) => p.eventId);
    complain(
      `${r.region} bus: peer's records whose event never arrived`,
      peerOwn.filter((id) => !fromPeer.has(id)),
    );
    const started = new Set(r.workflowStarts.map((e) => e.eventId));
    complain(
      `${r.region} workflow: records that started none`,
      valid.map((p) => p.eventId).filter((id) => !started.has(id)),
    );

    if (r.processes) {
      // The processed bucket: the latest image of every live record, none of a deleted one.
      const images = counts(r.entityImages);
      complain(
        `${r.region} processed bucket: live records without an image`,
        [...live].filter((id) => !images.has(id)),
      );
      lost += [...live].filter((id) => !images.has(id)).length;
      const resurrectedImages = [...deleted].filter((id) => images.has(id));
      complain(`${r.region} processed bucket: deleted records brought back`, resurrectedImages);
      resurrected += resurrectedImages.length;
      const tombstones = new Set(r.tombstones);
      complain(
        `${r.region} processed bucket: deleted records without a tombstone`,
        [...deleted].filter((id) => !tombstones.has(id)),
      );

      // The change log: each change of the table on exactly one line.
      const lines = counts(r.changeLogLines);
      const missingLines = r.changes.filter((c) => !lines.has(c.sequenceNumber)).map((c) => c.sequenceNumber);
      const doubledLines = [...lines].filter(([, n]) => n > 1).map(([s]) => s);
      complain(`${r.region} change log: changes missing`, missingLines);
      complain(`${r.region} change log: changes on more than one line`, doubledLines);
      lost += missingLines.length;
      doubled += doubledLines.length;
    }

    // The stream and its archive: the region's own records once each; the primary's copies in the secondary.
    const streamIds = r.stream.map(eventIdOf);
    const originals = counts(
      r.stream.filter((rec) => !rec.kinesis.partitionKey.startsWith("forwarded:")).map(eventIdOf),
    );
    const ownRecords = produced.filter((p) => p.region === r.region).map((p) => p.eventId);
    complain(
      `${r.region} stream: records missing`,
      ownRecords.filter((id) => !originals.has(id)),
    );
    complain(
      `${r.region} stream: records put more than once`,
      [...originals].filter(([, n]) => n > 1).map(([id]) => id),
    );
    const archived = counts(r.archived);
    const streamed = counts(streamIds);
    complain(
      `${r.region} archive: records missing`,
      [...streamed.keys()].filter((id) => !archived.has(id)),
    );
    const archiveDoubles = [...archived].filter(([id, n]) => n > (streamed.get(id) ?? 0)).map(([id]) => id);
    complain(`${r.region} archive: records archived more often than streamed`, archiveDoubles);
    doubled += archiveDoubles.length;

    // Dead letters: exactly the malformed records that reached this region's consumer, nothing else.
    const dlq = counts(r.consumerDlq.map(eventIdOf));
    const reached = [...malformed].filter((id) => streamed.has(id));
    complain(
      `${r.region} DLQ: malformed records not there`,
      reached.filter((id) => !dlq.has(id)),
    );
    complain(
      `${r.region} DLQ: valid records there`,
      [...dlq.keys()].filter((id) => !malformed.has(id)),
    );
    // Each copy on the stream is a record of its own (the forwarder may put one twice): one dead letter each.
    complain(
      `${r.region} DLQ: records there more often than they are on the stream`,
      [...dlq].filter(([id, n]) => n > (streamed.get(id) ?? 0)).map(([id]) => id),
    );
    complain(`${r.region} other dead-letter queues`, r.otherDlq);
  }

  // Forwarding: every record of the primary's stream reached the secondary's, marked as a copy.
  const copies = counts(
    secondary.stream.filter((rec) => rec.kinesis.partitionKey.startsWith("forwarded:")).map(eventIdOf),
  );
  const primaryRecords = produced.filter((p) => p.region === primary.region).map((p) => p.eventId);
  complain(
    "secondary stream: primary records never forwarded",
    primaryRecords.filter((id) => !copies.has(id)),
  );
  lost += primaryRecords.filter((id) => !copies.has(id)).length;
  const forwardedRepeats = [...copies.values()].reduce((a, n) => a + n - 1, 0);
  const wrongOrigin = [...copies.keys()].filter((id) => origin.get(id) !== primary.region);
  complain("secondary stream: copies of records that did not enter in the primary", wrongOrigin);

  const seconds = elapsedMs / 1000;
  const figures = {
    produced: produced.length,
    malformed: malformed.size,
    stored: valid.length,
    deleted: deleted.size,
    announced: valid.length - 0,
    announcedRepeats,
    processed: primary.entityImages.length,
    changeLines: primary.changeLogLines.length + secondary.changeLogLines.length,
    archived: primary.archived.length + secondary.archived.length,
    forwarded: copies.size,
    forwardedRepeats,
    dlq: primary.consumerDlq.length + secondary.consumerDlq.length,
    lost,
    doubled,
    resurrected,
    seconds: Math.round(seconds * 10) / 10,
    recordsPerSecond: Math.round(produced.length / seconds),
  };
  const line =
    `soak: ${figures.produced} records (${figures.malformed} malformed) | stored ${figures.stored} in each region's table, each written once | ` +
    `announced ${figures.announced} by their origin region (${figures.announcedRepeats} repeats from redeliveries) | ` +
    `processed ${figures.processed} live images, ${figures.deleted} deleted, none back | change log ${figures.changeLines} lines, each change once | ` +
    `archived ${figures.archived} | forwarded ${figures.forwarded} (${figures.forwardedRepeats} repeats) | DLQ ${figures.dlq} (malformed only) | ` +
    `lost ${lost}, doubled ${doubled}, resurrected ${resurrected} | ${figures.recordsPerSecond} records/s end to end (${figures.seconds} s)`;
  return { problems, figures, line };
}
