/** A region's ingestion stream (kinesalite, through its proxy) as Lambda's Kinesis event source reads it. */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type _Record,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { KinesisStreamRecord } from "aws-lambda";
import type { StreamSource } from "../lambda/stream-mapping";

export const SOAK_ACCOUNT = "000000000000";

export function kinesisClient(region: string, endpoint: string): KinesisClient {
  return new KinesisClient({
    region,
    endpoint,
    credentials: { accessKeyId: "SOAK", secretAccessKey: "SOAK" },
    // kinesalite speaks HTTP/1.1 only.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1000 }),
    maxAttempts: 1,
  });
}

export class KinesisSource implements StreamSource<KinesisStreamRecord> {
  readonly streamArn: string;

  constructor(
    readonly name: string,
    private readonly client: KinesisClient,
    readonly region: string,
    readonly streamName: string,
  ) {
    this.streamArn = `arn:aws:kinesis:${region}:${SOAK_ACCOUNT}:stream/${streamName}`;
  }

  async shards(): Promise<string[]> {
    const { Shards = [] } = await this.client.send(new ListShardsCommand({ StreamName: this.streamName }));
    return Shards.map((s) => s.ShardId!);
  }

  /** Per shard: the iterator GetRecords handed back, and the position it reads from. */
  private readonly iterators = new Map<string, { after: string | undefined; iterator: string }>();

  async read(shard: string, after: string | undefined, limit: number): Promise<KinesisStreamRecord[]> {
    const cached = this.iterators.get(shard);
    let iterator = cached && cached.after === after ? cached.iterator : undefined;
    if (!iterator) {
      ({ ShardIterator: iterator } = await this.client.send(
        new GetShardIteratorCommand({
          StreamName: this.streamName,
          ShardId: shard,
          ...(after
            ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: after }
            : { ShardIteratorType: "TRIM_HORIZON" }),
        }),
      ));
    }
    this.iterators.delete(shard);
    const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    const records = (page.Records ?? []).map((r) => this.toLambda(r, shard));
    // The next read from where this one ended can go on with the iterator it was given.
    if (page.NextShardIterator)
      this.iterators.set(shard, {
        after: records.at(-1)?.kinesis.sequenceNumber ?? after,
        iterator: page.NextShardIterator,
      });
    return records;
  }

  sequenceOf(record: KinesisStreamRecord): string {
    return record.kinesis.sequenceNumber;
  }

  /** A batch as Lambda hands it to the function. */
  eventOf = (records: KinesisStreamRecord[]) => ({ Records: records });

  private toLambda(r: _Record, shard: string): KinesisStreamRecord {
    return {
      awsRegion: this.region,
      eventID: `${shard}:${r.SequenceNumber}`,
      eventName: "aws:kinesis:record",
      eventSource: "aws:kinesis",
      eventSourceARN: this.streamArn,
      eventVersion: "1.0",
      invokeIdentityArn: `arn:aws:iam::${SOAK_ACCOUNT}:role/soak`,
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: r.PartitionKey!,
        sequenceNumber: r.SequenceNumber!,
        data: Buffer.from(r.Data!).toString("base64"),
        approximateArrivalTimestamp: r.ApproximateArrivalTimestamp!.getTime() / 1000,
      },
    };
  }
}
