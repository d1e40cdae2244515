/**
 * The EventBridge Pipe from a table's stream to the change queue (batch size 1, as
 * ChangeProcessing configures it): each stream record becomes one message whose body is the
 * record as Pipes delivers it, the same shape a Lambda gets.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { DynamoDBRecord } from "aws-lambda";
import type { ChangeQueue } from "./services/queue";
import type { TableStreamSource } from "./sources/table-stream";

export class Pipe {
  private checkpoint: string | undefined;
  private stopped = false;
  private loop?: Promise<void>;
  idle = false;

  constructor(
    private readonly source: TableStreamSource,
    private readonly queue: ChangeQueue,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let records: DynamoDBRecord[];
      try {
        records = await this.source.read("shardId-00000001", this.checkpoint, 100);
      } catch {
        this.idle = false;
        await sleep(200);
        continue;
      }
      this.idle = records.length === 0;
      for (const record of records) {
        this.queue.send(JSON.stringify(record));
        this.checkpoint = this.source.sequenceOf(record);
      }
      if (records.length === 0) await sleep(50);
    }
  }
}
