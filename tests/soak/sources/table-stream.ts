/** A region's table stream (recorded by its DynamoDB proxy) as Lambda and Pipes read it: one shard. */
import type { DynamoDBRecord } from "aws-lambda";
import type { RegionHost } from "../host/region";
import type { StreamSource } from "../lambda/stream-mapping";
import { SOAK_ACCOUNT } from "./kinesis";

export class TableStreamSource implements StreamSource<DynamoDBRecord> {
  readonly streamArn: string;

  constructor(
    readonly name: string,
    private readonly host: RegionHost,
    tableName: string,
  ) {
    this.streamArn = `arn:aws:dynamodb:${host.region}:${SOAK_ACCOUNT}:table/${tableName}/stream/2025-01-31T00:00:00.000`;
  }

  async shards(): Promise<string[]> {
    return ["shardId-00000001"];
  }

  async read(_shard: string, after: string | undefined, limit: number): Promise<DynamoDBRecord[]> {
    // The stream is part of the region: unreadable while the region's emulators are stopped.
    if (!this.host.up) throw new Error(`${this.host.region} is down`);
    const changes = this.host.changes;
    let from = 0;
    if (after !== undefined) {
      // Sequence numbers are fixed-width and increasing: a binary search finds the next one.
      let lo = 0;
      let hi = changes.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (changes[mid]!.sequenceNumber <= after) lo = mid + 1;
        else hi = mid;
      }
      from = lo;
    }
    return changes.slice(from, from + limit).map((c) => ({
      eventID: `soak-${this.host.region}-${c.sequenceNumber}`,
      eventName: c.eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: this.host.region,
      eventSourceARN: this.streamArn,
      dynamodb: {
        ApproximateCreationDateTime: c.approximateCreationDateTime,
        Keys: c.keys as never,
        ...(c.newImage ? { NewImage: c.newImage as never } : {}),
        ...(c.oldImage ? { OldImage: c.oldImage as never } : {}),
        SequenceNumber: c.sequenceNumber,
        SizeBytes: 100,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    }));
  }

  sequenceOf(record: DynamoDBRecord): string {
    return record.dynamodb!.SequenceNumber!;
  }

  eventOf = (records: DynamoDBRecord[]) => ({ Records: records });
}
