/**
 * The global table's replication between the two regions' tables: every change a client made in
 * one region (not one replication brought there) is applied to the peer's table, in order,
 * retried until the peer takes it (it may be stopped), up to 25 changes of distinct items a call
 * (one item's changes stay in order). Writes are marked as replication, so the
 * peer records them on its stream but does not send them back, as DynamoDB global tables do.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { REPLICATION_HEADER } from "./host/protocol";
import type { RegionHost } from "./host/region";

export function dynamoClient(region: string, endpoint: string, replication = false): DynamoDBClient {
  const client = new DynamoDBClient({
    region,
    endpoint,
    credentials: { accessKeyId: "SOAK", secretAccessKey: "SOAK" },
    maxAttempts: 1,
  });
  if (replication)
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers[REPLICATION_HEADER] = "1";
        return next(args);
      },
      { step: "build", name: "soakReplicationHeader" },
    );
  return client;
}

export class Replication {
  applied = 0;
  private next = 0;
  private stopped = false;
  private loop?: Promise<void>;
  private readonly client: DynamoDBClient;

  constructor(
    private readonly from: RegionHost,
    private readonly to: RegionHost,
    private readonly tableName: string,
  ) {
    this.client = dynamoClient(to.region, to.endpoints.dynamodb, true);
  }

  start(): void {
    this.loop = this.run();
  }

  get caughtUp(): boolean {
    return this.from.changes.slice(this.next).every((c) => c.replicated);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.client.destroy();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const batch: WriteRequest[] = [];
      const keys = new Set<string>();
      let end = this.next;
      for (; end < this.from.changes.length && batch.length < 25; end++) {
        const change = this.from.changes[end]!;
        if (change.replicated) continue;
        const key = `${change.keys.pk?.S}\u0000${change.keys.sk?.S}`;
        if (keys.has(key)) break;
        keys.add(key);
        batch.push(
          change.eventName === "REMOVE"
            ? { DeleteRequest: { Key: change.keys } }
            : { PutRequest: { Item: change.newImage } },
        );
      }
      if (batch.length === 0) {
        this.next = end;
        await sleep(20);
        continue;
      }
      let pending = batch;
      while (pending.length > 0 && !this.stopped) {
        try {
          const out = await this.client.send(
            new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }),
          );
          this.applied += pending.length - (out.UnprocessedItems?.[this.tableName]?.length ?? 0);
          pending = out.UnprocessedItems?.[this.tableName] ?? [];
        } catch {
          await sleep(200);
        }
      }
      this.next = end;
    }
  }
}
