/**
 * The retention archive's delivery stream (Firehose, stream source): every record of a region's
 * stream, in objects of consecutive records per shard, named by their first sequence number (so a
 * delivery tried again replaces its object), written to the region's retention bucket.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { KinesisSource } from "./sources/kinesis";

export class Archive {
  private stopped = false;
  private loops: Promise<void>[] = [];
  private readonly idle = new Map<string, boolean>();
  objects = 0;

  constructor(
    private readonly source: KinesisSource,
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async start(): Promise<void> {
    const shards = await this.source.shards();
    this.loops = shards.map((shard) => this.run(shard));
  }

  get caughtUp(): boolean {
    return this.idle.size > 0 && [...this.idle.values()].every(Boolean);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async run(shard: string): Promise<void> {
    let checkpoint: string | undefined;
    this.idle.set(shard, false);
    while (!this.stopped) {
      try {
        const records = await this.source.read(shard, checkpoint, 1000);
        this.idle.set(shard, records.length === 0);
        if (records.length === 0) {
          await sleep(300);
          continue;
        }
        const first = records[0]!.kinesis.sequenceNumber;
        await this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: `ingestion/${shard}/${first}.jsonl`,
            Body: records.map((r) => Buffer.from(r.kinesis.data, "base64").toString()).join("\n") + "\n",
          }),
        );
        this.objects++;
        checkpoint = records.at(-1)!.kinesis.sequenceNumber;
      } catch {
        this.idle.set(shard, false);
        await sleep(300);
      }
    }
  }
}
