/**
 * The change processor's logic (L1): a batch of DynamoDB stream records in, newline-delimited
 * JSON objects out in the data lake's raw zone, one per run of consecutive changes in one UTC hour
 * of change time (the record's ApproximateCreationDateTime):
 *
 *   <prefix>/dt=YYYY-MM-DD/hour=HH/<sequence number of the run's first change>.ndjson
 *
 * Each line is one change:
 *
 *   {"eventID":"…","eventName":"MODIFY","sequenceNumber":"…","approximateCreationDateTime":"…Z",
 *    "awsRegion":"…","keys":{…},"newImage":{…},"oldImage":{…}}
 *
 * with the images unmarshalled to plain JSON (functions/shared/dynamo-json.ts) and `newImage` /
 * `oldImage` left out when the change has none (INSERT has no old image, REMOVE no new one).
 * `userIdentity` is kept when DynamoDB sets it (TTL deletions).
 *
 * Every change lands in exactly one object, whatever Lambda redelivers. A run ends at a change of
 * hour and at a change that cannot be turned into a line, and an object is named by its run's first
 * change alone. Lambda redelivers from the lowest reported change (retrying only the records from
 * there) or a half of a failed batch (bisect on error); either way a redelivered change starts the
 * same run as before or a later one whose object the earlier half overwrites, so writing again
 * replaces objects instead of adding copies. Every run that can be written is written, and only
 * the changes of runs that failed (and changes that are not valid) are reported, so a change that
 * can never be written holds nothing else back, even once Lambda gives up on it.
 * Reading the objects in key order within an hour, and the lines in sequence-number order, gives
 * each item's changes in the order they happened: a REMOVE is never followed by an older change.
 */
import { PutObjectCommand, type PutObjectCommandOutput } from "@aws-sdk/client-s3";
import type { DynamoDBBatchItemFailure, DynamoDBRecord } from "aws-lambda";
import { fromAttributeMap, type Json } from "../shared/dynamo-json";
import { compareSequenceNumbers } from "../shared/sequence";
import { errorFields, SILENT, type LogSink } from "../shared/log";
import { mapConcurrent } from "../shared/retry";

/** The one call the processor makes; an S3Client is one. */
export interface PutObjectClient {
  send(command: PutObjectCommand): Promise<PutObjectCommandOutput>;
}

export interface ChangeProcessorDeps {
  s3: PutObjectClient;
  bucketName: string;
  /** @default "raw/changes" */
  keyPrefix?: string;
  /** PutObject calls in flight at once. @default 4 */
  concurrency?: number;
  logger?: LogSink;
}

export const DEFAULT_CHANGES_PREFIX = "raw/changes";

export interface ChangeLine {
  eventID: string | undefined;
  eventName: string | undefined;
  sequenceNumber: string;
  approximateCreationDateTime: string;
  awsRegion: string | undefined;
  keys: { [key: string]: Json };
  newImage?: { [key: string]: Json };
  oldImage?: { [key: string]: Json };
  userIdentity?: unknown;
}

export interface PartitionObject {
  key: string;
  records: number;
  written: boolean;
}

export interface ChangeProcessorResult {
  batchItemFailures: DynamoDBBatchItemFailure[];
  objects: PartitionObject[];
  /** Records that could not be turned into a line (no time, or an image that does not convert). */
  malformed: number;
}

/** "2025-01-31" and "07" of a stream record's change time (seconds since the epoch, UTC). */
export function partitionOf(epochSeconds: number): { dt: string; hour: string } {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

export function partitionKey(prefix: string, dt: string, hour: string, firstSequenceNumber: string): string {
  return `${prefix ? `${prefix}/` : ""}dt=${dt}/hour=${hour}/${firstSequenceNumber}.ndjson`;
}

export function toLine(record: DynamoDBRecord): ChangeLine {
  const change = record.dynamodb!;
  const line: ChangeLine = {
    eventID: record.eventID,
    eventName: record.eventName,
    sequenceNumber: change.SequenceNumber!,
    approximateCreationDateTime: new Date(change.ApproximateCreationDateTime! * 1000).toISOString(),
    awsRegion: record.awsRegion,
    keys: fromAttributeMap(change.Keys ?? {}),
  };
  if (change.NewImage) line.newImage = fromAttributeMap(change.NewImage);
  if (change.OldImage) line.oldImage = fromAttributeMap(change.OldImage);
  if (record.userIdentity !== undefined) line.userIdentity = record.userIdentity;
  return line;
}

interface Run {
  dt: string;
  hour: string;
  lines: { sequenceNumber: string; text: string }[];
}

export async function processChanges(
  records: readonly DynamoDBRecord[],
  deps: ChangeProcessorDeps,
): Promise<ChangeProcessorResult> {
  const logger = deps.logger ?? SILENT;
  const prefix = deps.keyPrefix ?? DEFAULT_CHANGES_PREFIX;
  const ordered = [...records].sort((a, b) => compareSequenceNumbers(sequenceOf(a), sequenceOf(b)));
  const failures: string[] = [];
  const runs: Run[] = [];
  let malformed = 0;
  let current: Run | undefined;

  for (const record of ordered) {
    const sequenceNumber = sequenceOf(record);
    const time = record.dynamodb?.ApproximateCreationDateTime;
    let text: string;
    try {
      if (typeof time !== "number" || !Number.isFinite(time)) throw new Error("no ApproximateCreationDateTime");
      text = JSON.stringify(toLine(record));
    } catch (error) {
      malformed++;
      failures.push(sequenceNumber);
      // The run ends here, so that a redelivery from this change starts the next run where this one did.
      current = undefined;
      logger.error("change record cannot be written", {
        sequenceNumber,
        eventID: record.eventID,
        ...errorFields(error),
      });
      continue;
    }
    const { dt, hour } = partitionOf(time);
    if (!current || current.dt !== dt || current.hour !== hour) runs.push((current = { dt, hour, lines: [] }));
    current.lines.push({ sequenceNumber, text });
  }

  const objects = await mapConcurrent(runs, deps.concurrency ?? 4, async (run): Promise<PartitionObject> => {
    const key = partitionKey(prefix, run.dt, run.hour, run.lines[0]!.sequenceNumber);
    try {
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: deps.bucketName,
          Key: key,
          Body: run.lines.map((l) => l.text).join("\n") + "\n",
          ContentType: "application/x-ndjson",
        }),
      );
      return { key, records: run.lines.length, written: true };
    } catch (error) {
      logger.error("object not written; its changes are reported", {
        key,
        records: run.lines.length,
        ...errorFields(error),
      });
      failures.push(...run.lines.map((l) => l.sequenceNumber));
      return { key, records: run.lines.length, written: false };
    }
  });

  const batchItemFailures = failures.sort(compareSequenceNumbers).map((itemIdentifier) => ({ itemIdentifier }));
  logger.info("changes written", {
    records: records.length,
    objects: objects.filter((o) => o.written).length,
    failures: batchItemFailures.length,
    malformed,
  });
  return { batchItemFailures, objects, malformed };
}

/** A stream record without a sequence number cannot be reported or ordered: it is not a stream record. */
function sequenceOf(record: DynamoDBRecord): string {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (sequenceNumber === undefined)
    throw new Error(`stream record ${record.eventID ?? "(no eventID)"} has no dynamodb.SequenceNumber`);
  return sequenceNumber;
}
