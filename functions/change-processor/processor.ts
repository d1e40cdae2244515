/**
 * The change processor's logic (L1): a batch of DynamoDB stream records in, newline-delimited
 * JSON objects out, one per hour of change time, in the data lake's raw zone:
 *
 *   <prefix>/dt=YYYY-MM-DD/hour=HH/<first sequence number>-<record count>.ndjson
 *
 * Date and hour are the UTC time of the change (the record's ApproximateCreationDateTime). The
 * key depends only on the records in it, so a batch delivered again writes the same objects over
 * themselves instead of adding copies. Each line is one change:
 *
 *   {"eventID":"…","eventName":"MODIFY","sequenceNumber":"…","approximateCreationDateTime":"…Z",
 *    "awsRegion":"…","keys":{…},"newImage":{…},"oldImage":{…}}
 *
 * with the images unmarshalled to plain JSON (functions/shared/dynamo-json.ts) and `newImage` /
 * `oldImage` left out when the change has none (INSERT has no old image, REMOVE no new one).
 * `userIdentity` is kept when DynamoDB sets it (TTL deletions).
 *
 * A partition object that cannot be written fails only its own records (partial batch response).
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

export function partitionKey(
  prefix: string,
  dt: string,
  hour: string,
  firstSequenceNumber: string,
  count: number,
): string {
  return `${prefix ? `${prefix}/` : ""}dt=${dt}/hour=${hour}/${firstSequenceNumber}-${count}.ndjson`;
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

export async function processChanges(
  records: readonly DynamoDBRecord[],
  deps: ChangeProcessorDeps,
): Promise<ChangeProcessorResult> {
  const logger = deps.logger ?? SILENT;
  const prefix = deps.keyPrefix ?? DEFAULT_CHANGES_PREFIX;
  const failures = new Set<string>();
  let malformed = 0;
  const partitions = new Map<string, { dt: string; hour: string; lines: { sequenceNumber: string; text: string }[] }>();

  for (const record of records) {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    // Without a sequence number a record cannot be reported or ordered: that is not a stream record.
    if (sequenceNumber === undefined)
      throw new Error(`stream record ${record.eventID ?? "(no eventID)"} has no dynamodb.SequenceNumber`);
    const time = record.dynamodb?.ApproximateCreationDateTime;
    let text: string;
    try {
      if (typeof time !== "number" || !Number.isFinite(time)) throw new Error("no ApproximateCreationDateTime");
      text = JSON.stringify(toLine(record));
    } catch (error) {
      malformed++;
      failures.add(sequenceNumber);
      logger.error("change record cannot be written", {
        sequenceNumber,
        eventID: record.eventID,
        ...errorFields(error),
      });
      continue;
    }
    const { dt, hour } = partitionOf(time);
    const id = `${dt}/${hour}`;
    let partition = partitions.get(id);
    if (!partition) partitions.set(id, (partition = { dt, hour, lines: [] }));
    partition.lines.push({ sequenceNumber, text });
  }

  const objects = await mapConcurrent(
    [...partitions.values()],
    deps.concurrency ?? 4,
    async (partition): Promise<PartitionObject> => {
      const lines = partition.lines.sort((a, b) => compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber));
      const key = partitionKey(prefix, partition.dt, partition.hour, lines[0]!.sequenceNumber, lines.length);
      try {
        await deps.s3.send(
          new PutObjectCommand({
            Bucket: deps.bucketName,
            Key: key,
            Body: lines.map((l) => l.text).join("\n") + "\n",
            ContentType: "application/x-ndjson",
          }),
        );
        return { key, records: lines.length, written: true };
      } catch (error) {
        logger.error("partition object not written", { key, records: lines.length, ...errorFields(error) });
        for (const l of lines) failures.add(l.sequenceNumber);
        return { key, records: lines.length, written: false };
      }
    },
  );

  const batchItemFailures = [...failures].sort(compareSequenceNumbers).map((itemIdentifier) => ({ itemIdentifier }));
  logger.info("changes written", {
    records: records.length,
    objects: objects.length,
    failures: batchItemFailures.length,
    malformed,
  });
  return { batchItemFailures, objects, malformed };
}
