/**
 * In front of dynalite: injects throttling (whole calls answered ProvisionedThroughputExceeded,
 * BatchWriteItem items handed back as UnprocessedItems) and records the table's stream, which
 * dynalite does not have. Writes to one item are applied one at a time, and each one that changes
 * the item becomes a stream record, as DynamoDB Streams does: a put that leaves the item as it was
 * records nothing.
 */
import type { AttributeValue, WriteRequest } from "@aws-sdk/client-dynamodb";
import { Fault, type Random } from "../random";
import { forward, jsonAnswer, jsonError, type Exchange } from "./http-forward";
import { REPLICATION_HEADER, type TableChange } from "./protocol";

type Item = Record<string, AttributeValue>;
const CONTENT_TYPE = "application/x-amz-json-1.0";
const THROTTLED = "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException";

/** One item's attributes in a canonical text: equal texts, equal items. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export interface DynamoProxyOptions {
  targetPort: () => number;
  tableName: string;
  throttle: number;
  random: Random;
  onChange: (change: TableChange) => void;
}

export class DynamoProxy {
  private readonly items = new Map<string, Item>();
  private readonly locks = new Map<string, Promise<void>>();
  private sequence = 0n;
  private readonly throttled: Fault;
  private readonly unprocessed: Fault;

  constructor(private readonly options: DynamoProxyOptions) {
    this.throttled = new Fault(options.random, options.throttle / 5);
    this.unprocessed = new Fault(options.random, options.throttle);
  }

  get injected() {
    return { throttled: this.throttled.count, unprocessed: this.unprocessed.count };
  }

  handle = async (method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Exchange> => {
    const target = headers["x-amz-target"] ?? "";
    const operation = target.split(".")[1] ?? "";
    const replicated = headers[REPLICATION_HEADER] === "1";
    const pass = () => forward(this.options.targetPort(), method, path, headers, body);
    if (!["BatchWriteItem", "PutItem", "DeleteItem"].includes(operation)) return pass();
    const input = JSON.parse(body.toString()) as Record<string, unknown>;
    if (!replicated && this.throttled.fires()) {
      return jsonError(
        400,
        THROTTLED,
        "The level of configured provisioned throughput for the table was exceeded.",
        CONTENT_TYPE,
      );
    }
    if (operation === "BatchWriteItem") return this.batchWrite(method, path, headers, input, replicated);
    const key = this.keyOf((input.Item ?? input.Key) as Item);
    return this.locked([key], async () => {
      const answer = await pass();
      if (answer.status === 200) {
        if (operation === "PutItem") this.put(key, input.Item as Item, replicated);
        else this.remove(key, replicated);
      }
      return answer;
    });
  };

  private async batchWrite(
    method: string,
    path: string,
    headers: Record<string, string>,
    input: Record<string, unknown>,
    replicated: boolean,
  ): Promise<Exchange> {
    const table = this.options.tableName;
    const requests = ((input.RequestItems as Record<string, WriteRequest[]>)[table] ?? []) as WriteRequest[];
    const unprocessed: WriteRequest[] = [];
    const sent: WriteRequest[] = [];
    for (const request of requests) (!replicated && this.unprocessed.fires() ? unprocessed : sent).push(request);
    const keys = sent.map((r) => this.keyOf((r.PutRequest?.Item ?? r.DeleteRequest?.Key) as Item));
    return this.locked(keys, async () => {
      if (sent.length > 0) {
        const body = Buffer.from(JSON.stringify({ ...input, RequestItems: { [table]: sent } }));
        const answer = await forward(this.options.targetPort(), method, path, headers, body);
        if (answer.status !== 200) return answer;
        const left = (JSON.parse(answer.body.toString()) as { UnprocessedItems?: Record<string, WriteRequest[]> })
          .UnprocessedItems?.[table];
        if (left?.length) throw new Error("dynalite left items unprocessed; the proxy does not expect it");
        sent.forEach((r, i) => {
          if (r.PutRequest) this.put(keys[i]!, r.PutRequest.Item as Item, replicated);
          else this.remove(keys[i]!, replicated);
        });
      }
      return jsonAnswer({ UnprocessedItems: unprocessed.length ? { [table]: unprocessed } : {} }, CONTENT_TYPE);
    });
  }

  private keyOf(item: Item): string {
    return `${item.pk?.S}\u0000${item.sk?.S}`;
  }

  private put(key: string, item: Item, replicated: boolean): void {
    const old = this.items.get(key);
    if (old && canonical(old) === canonical(item)) return;
    this.items.set(key, item);
    this.emit(old ? "MODIFY" : "INSERT", item, item, old, replicated);
  }

  private remove(key: string, replicated: boolean): void {
    const old = this.items.get(key);
    if (!old) return;
    this.items.delete(key);
    this.emit("REMOVE", old, undefined, old, replicated);
  }

  private emit(
    eventName: TableChange["eventName"],
    item: Item,
    newImage: Item | undefined,
    oldImage: Item | undefined,
    replicated: boolean,
  ) {
    this.sequence++;
    this.options.onChange({
      eventName,
      sequenceNumber: (10n ** 20n + this.sequence).toString(),
      approximateCreationDateTime: Math.floor(Date.now() / 1000),
      keys: { pk: item.pk!, sk: item.sk! },
      ...(newImage ? { newImage } : {}),
      ...(oldImage ? { oldImage } : {}),
      replicated,
    });
  }

  /** Runs `task` holding every key's lock; keys are taken in one order, so two calls never wait on each other in a circle. */
  private async locked<T>(keys: string[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)].sort();
    const previous = unique.map((k) => this.locks.get(k) ?? Promise.resolve());
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    for (const k of unique) this.locks.set(k, mine);
    await Promise.all(previous);
    try {
      return await task();
    } finally {
      release();
      for (const k of unique) if (this.locks.get(k) === mine) this.locks.delete(k);
    }
  }
}
