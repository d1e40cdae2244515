import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type DeleteMessageBatchCommandOutput,
  type Message,
  type ReceiveMessageCommandOutput,
} from "@aws-sdk/client-sqs";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskImageContext } from "../../components/compute/task-image";
import {
  entityKey,
  handleMessages,
  runWorker,
  type ObjectClient,
  type QueueClient,
  type WorkerDeps,
} from "../../functions/change-task/worker";
import { startS3rver, type Emulator } from "./emulators";
import { streamRecord } from "./fixtures";

const BUCKET = "processed-data";
let s3: Emulator<S3Client>;

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
});
afterAll(async () => {
  await s3?.stop();
});

/** An SQS queue in memory: hands out each message once, records deletions, long-polls until aborted. */
class FakeQueue implements QueueClient {
  readonly deleted: string[] = [];
  receives = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly pending: Message[]) {}

  push(...messages: Message[]) {
    this.pending.push(...messages);
    for (const wake of this.waiting.splice(0)) wake();
  }

  send(command: ReceiveMessageCommand, options?: { abortSignal?: AbortSignal }): Promise<ReceiveMessageCommandOutput>;
  send(command: DeleteMessageBatchCommand): Promise<DeleteMessageBatchCommandOutput>;
  async send(
    command: ReceiveMessageCommand | DeleteMessageBatchCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<ReceiveMessageCommandOutput | DeleteMessageBatchCommandOutput> {
    if (command instanceof DeleteMessageBatchCommand) {
      const entries = command.input.Entries ?? [];
      this.deleted.push(...entries.map((e) => e.ReceiptHandle!));
      return { $metadata: {}, Successful: entries.map((e) => ({ Id: e.Id! })), Failed: [] };
    }
    this.receives++;
    const signal = options?.abortSignal;
    while (this.pending.length === 0) {
      if (signal?.aborted) throw Object.assign(new Error("Request aborted"), { name: "AbortError" });
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    return { $metadata: {}, Messages: this.pending.splice(0, command.input.MaxNumberOfMessages ?? 1) };
  }
}

let messageCount = 0;
const message = (body: unknown): Message => {
  const id = ++messageCount;
  return {
    MessageId: `m-${id}`,
    ReceiptHandle: `rh-${id}`,
    Body: typeof body === "string" ? body : JSON.stringify(body),
  };
};
const change = (n: number, eventName: "INSERT" | "MODIFY" | "REMOVE", pk: string, image?: Record<string, unknown>) =>
  message(
    streamRecord(n, {
      eventName,
      keys: { pk, sk: "EVENT" },
      newImage: eventName === "REMOVE" ? undefined : image,
      oldImage: eventName === "INSERT" ? undefined : { old: { BOOL: true } },
      at: 1_738_324_800,
    }),
  );

async function readJson(key: string): Promise<unknown> {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return JSON.parse(await out.Body!.transformToString());
}
async function listKeys(prefix: string): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}
const deps = (sqs: QueueClient, prefix: string, s3Client: ObjectClient = s3.client): WorkerDeps => ({
  sqs,
  s3: s3Client,
  queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/changes",
  bucketName: BUCKET,
  keyPrefix: prefix,
  tombstonePrefix: `tombstones/${prefix}`,
});

describe("change task: the latest image of every item in S3", () => {
  it("writes each changed item's new image to <prefix>/<pk>/<sk>.json and deletes the handled messages", async () => {
    const messages = [
      change(1, "INSERT", "EVENT#a", { n: { N: "1" } }),
      change(2, "INSERT", "EVENT#b", { n: { N: "2" }, tags: { SS: ["x"] } }),
    ];
    const queue = new FakeQueue([]);
    const outcome = await handleMessages(messages, deps(queue, "entities"));

    expect(outcome).toEqual({ deleted: 2, kept: 0, puts: 2, removes: 0, stale: 0 });
    expect(queue.deleted.sort()).toEqual(messages.map((m) => m.ReceiptHandle).sort());
    expect(await listKeys("entities/")).toEqual(["entities/EVENT#a/EVENT.json", "entities/EVENT#b/EVENT.json"]);
    expect(await readJson("entities/EVENT#b/EVENT.json")).toEqual({ pk: "EVENT#b", sk: "EVENT", n: 2, tags: ["x"] });
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "entities/EVENT#b/EVENT.json" }));
    expect(head.Metadata).toMatchObject({ "event-name": "INSERT" });
    expect(head.ContentType).toBe("application/json");
  });

  it("deletes the item's object on REMOVE", async () => {
    const queue = new FakeQueue([]);
    await handleMessages([change(1, "INSERT", "EVENT#gone", { n: { N: "1" } })], deps(queue, "removals"));
    expect(await listKeys("removals/")).toHaveLength(1);
    const outcome = await handleMessages([change(2, "REMOVE", "EVENT#gone")], deps(queue, "removals"));
    expect(outcome).toMatchObject({ deleted: 1, removes: 1 });
    expect(await listKeys("removals/")).toEqual([]);
  });

  it("applies only the latest of several changes to one item in one receive, by sequence number whatever the message order, and deletes them all", async () => {
    const queue = new FakeQueue([]);
    const messages = [
      change(3, "MODIFY", "EVENT#x", { v: { N: "3" } }),
      change(1, "INSERT", "EVENT#x", { v: { N: "1" } }),
      change(2, "MODIFY", "EVENT#x", { v: { N: "2" } }),
    ];
    const outcome = await handleMessages(messages, deps(queue, "latest"));
    expect(outcome).toEqual({ deleted: 3, kept: 0, puts: 1, removes: 0, stale: 0 });
    expect(await readJson("latest/EVENT#x/EVENT.json")).toEqual({ pk: "EVENT#x", sk: "EVENT", v: 3 });
  });

  it("never lets an older change that arrives in a later receive overwrite or delete a newer stored image", async () => {
    const queue = new FakeQueue([]);
    await handleMessages([change(5, "MODIFY", "EVENT#y", { v: { N: "5" } })], deps(queue, "order"));
    const older = [change(3, "MODIFY", "EVENT#y", { v: { N: "3" } })];
    expect(await handleMessages(older, deps(queue, "order"))).toEqual({
      deleted: 1,
      kept: 0,
      puts: 0,
      removes: 0,
      stale: 1,
    });
    const olderRemove = [change(4, "REMOVE", "EVENT#y", {})];
    expect(await handleMessages(olderRemove, deps(queue, "order"))).toMatchObject({ deleted: 1, removes: 0, stale: 1 });
    expect(await readJson("order/EVENT#y/EVENT.json")).toEqual({ pk: "EVENT#y", sk: "EVENT", v: 5 });
    // A newer change still applies.
    expect(
      await handleMessages([change(6, "MODIFY", "EVENT#y", { v: { N: "6" } })], deps(queue, "order")),
    ).toMatchObject({ puts: 1, stale: 0 });
    expect(await readJson("order/EVENT#y/EVENT.json")).toEqual({ pk: "EVENT#y", sk: "EVENT", v: 6 });
  });

  it("never lets a stale INSERT or MODIFY that arrives after the item's REMOVE bring the deleted item back", async () => {
    const queue = new FakeQueue([]);
    const d = deps(queue, "resurrect");
    await handleMessages([change(1, "INSERT", "EVENT#r", { v: { N: "1" } })], d);
    await handleMessages([change(3, "REMOVE", "EVENT#r")], d);
    // The queue hands out the older changes after the REMOVE: a later receive, or a redelivery.
    expect(await handleMessages([change(2, "MODIFY", "EVENT#r", { v: { N: "2" } })], d)).toMatchObject({
      deleted: 1,
      puts: 0,
      stale: 1,
    });
    expect(await handleMessages([change(1, "INSERT", "EVENT#r", { v: { N: "1" } })], d)).toMatchObject({ stale: 1 });
    expect(await listKeys("resurrect/")).toEqual([]);
  });

  it("also keeps a deleted item deleted when its REMOVE is handled before any of its older changes", async () => {
    const queue = new FakeQueue([]);
    const d = deps(queue, "remove-first");
    await handleMessages([change(9, "REMOVE", "EVENT#f")], d);
    await handleMessages([change(8, "INSERT", "EVENT#f", { v: { N: "8" } })], d);
    expect(await listKeys("remove-first/")).toEqual([]);
  });

  it("leaves a REMOVE's tombstone, holding its sequence number, under the tombstone prefix and outside the images", async () => {
    const queue = new FakeQueue([]);
    const d = deps(queue, "marks");
    const removal = change(4, "REMOVE", "EVENT#t/1");
    await handleMessages([removal], d);
    expect(await listKeys("marks/")).toEqual([]);
    expect(await listKeys("tombstones/marks/")).toEqual(["tombstones/marks/EVENT#t%2F1/EVENT.json"]);
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "tombstones/marks/EVENT#t%2F1/EVENT.json" }),
    );
    expect(head.Metadata).toEqual({
      "sequence-number": JSON.parse(removal.Body!).dynamodb.SequenceNumber,
      "event-name": "REMOVE",
    });
  });

  it("writes an item created again after its REMOVE (a later INSERT wins over the tombstone)", async () => {
    const queue = new FakeQueue([]);
    const d = deps(queue, "again");
    await handleMessages([change(1, "INSERT", "EVENT#g", { v: { N: "1" } })], d);
    await handleMessages([change(2, "REMOVE", "EVENT#g")], d);
    expect(await handleMessages([change(3, "INSERT", "EVENT#g", { v: { N: "3" } })], d)).toMatchObject({ puts: 1 });
    expect(await readJson("again/EVENT#g/EVENT.json")).toEqual({ pk: "EVENT#g", sk: "EVENT", v: 3 });
  });

  it("leaves messages that are not stream records on the queue (they end in its DLQ) and handles the rest", async () => {
    const queue = new FakeQueue([]);
    const good = change(1, "INSERT", "EVENT#ok", { n: { N: "1" } });
    const bad = [
      message("not json"),
      message({ eventName: "INSERT", dynamodb: { Keys: { id: { S: "1" } } } }),
      message({ eventName: "DROP" }),
      message(streamRecord(5, { eventName: "INSERT", keys: { pk: "EVENT#k", sk: "EVENT" }, at: 1 })),
    ];
    const outcome = await handleMessages([bad[0]!, good, ...bad.slice(1)], deps(queue, "poison"));
    expect(outcome).toEqual({ deleted: 1, kept: 4, puts: 1, removes: 0, stale: 0 });
    expect(queue.deleted).toEqual([good.ReceiptHandle]);
  });

  it("keeps the messages of an item whose S3 write failed, for another try after the visibility timeout", async () => {
    const queue = new FakeQueue([]);
    const failingForB: ObjectClient = {
      send: (async (command: PutObjectCommand) => {
        if (command.input.Key!.includes("EVENT#b"))
          throw Object.assign(new Error("Service Unavailable"), {
            name: "ServiceUnavailable",
            $metadata: { httpStatusCode: 503 },
          });
        return s3.client.send(command);
      }) as ObjectClient["send"],
    };
    const a = change(1, "INSERT", "EVENT#a", { n: { N: "1" } });
    const b = change(2, "INSERT", "EVENT#b", { n: { N: "2" } });
    const outcome = await handleMessages([a, b], deps(queue, "s3-failure", failingForB));
    expect(outcome).toMatchObject({ deleted: 1, kept: 1 });
    expect(queue.deleted).toEqual([a.ReceiptHandle]);
  });

  it("makes one path segment of each key attribute, percent-encoding '/' and '%'", () => {
    expect(entityKey("processed/entities", "EVENT#a/b", "100%")).toBe("processed/entities/EVENT#a%2Fb/100%25.json");
    expect(entityKey("", "p", "s")).toBe("p/s.json");
  });

  it("long-polls until stopped, then finishes the messages in hand and returns", async () => {
    const queue = new FakeQueue(
      Array.from({ length: 25 }, (_, i) => change(i + 1, "INSERT", `EVENT#${i}`, { i: { N: String(i) } })),
    );
    const stop = new AbortController();
    const batches: number[] = [];
    const running = runWorker({
      ...deps(queue, "loop"),
      signal: stop.signal,
      waitTimeSeconds: 20,
      pollers: 1,
      onBatch: (o) => {
        batches.push(o.deleted);
        if (queue.deleted.length === 25) setTimeout(() => stop.abort(), 20);
      },
    });
    const totals = await running;
    expect(batches).toEqual([10, 10, 5]);
    expect(totals).toEqual({ batches: 3, deleted: 25, kept: 0 });
    expect(queue.receives).toBe(4); // the fourth was waiting (long poll) when the stop came
    expect(await listKeys("loop/")).toHaveLength(25);
  });
});

describe("change task: several receives in flight", () => {
  it("applies changes to one item one at a time, so an older change checked alongside a newer one never lands after it", async () => {
    // Each receive holds one message: the newer change first, the older one right after.
    const queue = new FakeQueue([
      change(2, "MODIFY", "EVENT#race", { v: { N: "2" } }),
      change(1, "INSERT", "EVENT#race", { v: { N: "1" } }),
    ]);
    const slowOlder: ObjectClient = {
      send: (async (command: HeadObjectCommand | PutObjectCommand) => {
        // Both changes check what is stored at the same moment; the older one's write is slow.
        // Without a lock it checks before the newer is written, finds nothing, and lands last.
        if (command instanceof HeadObjectCommand) await new Promise((resolve) => setTimeout(resolve, 50));
        if (command instanceof PutObjectCommand && String(command.input.Body).includes('"v":1'))
          await new Promise((resolve) => setTimeout(resolve, 150));
        return s3.client.send(command as PutObjectCommand);
      }) as ObjectClient["send"],
    };
    const stop = new AbortController();
    const totals = await runWorker({
      ...deps(queue, "race", slowOlder),
      signal: stop.signal,
      waitTimeSeconds: 1,
      maxMessages: 1,
      pollers: 4,
      onBatch: () => {
        if (queue.deleted.length === 2) stop.abort();
      },
    });
    expect(totals.deleted).toBe(2);
    expect(await readJson("race/EVENT#race/EVENT.json")).toEqual({ pk: "EVENT#race", sk: "EVENT", v: 2 });
  });

  it("refuses a number of pollers that is not a whole number of at least 1", async () => {
    const queue = new FakeQueue([]);
    await expect(
      runWorker({ ...deps(queue, "none"), signal: new AbortController().signal, pollers: 0 }),
    ).rejects.toThrow("pollers must be a whole number ≥ 1, got 0");
  });
});

/** SQS's JSON protocol, enough for ReceiveMessage (long-polling) and DeleteMessageBatch. */
function fakeSqsServer(bodies: string[]) {
  const deleted: string[] = [];
  let receives = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]);
      const input = JSON.parse(Buffer.concat(chunks).toString() || "{}") as {
        Entries?: { Id: string; ReceiptHandle: string }[];
      };
      const reply = (body: unknown) => {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify(body));
      };
      if (target === "AmazonSQS.ReceiveMessage") {
        receives++;
        const body = bodies.shift();
        if (body === undefined) return; // a long poll that never answers: only SIGTERM ends it
        reply({
          Messages: [
            {
              MessageId: `m${receives}`,
              ReceiptHandle: `rh${receives}`,
              Body: body,
              MD5OfBody: createHash("md5").update(body).digest("hex"),
            },
          ],
        });
      } else if (target === "AmazonSQS.DeleteMessageBatch") {
        deleted.push(...(input.Entries ?? []).map((e) => e.ReceiptHandle));
        reply({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })), Failed: [] });
      } else {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify({ __type: "com.amazonaws.sqs#InvalidAction", message: target }));
      }
    });
  });
  return { server, deleted, receives: () => receives };
}

describe("change task: the container program", () => {
  it("runs from its image's build context (the bundle and the Dockerfile, nothing else): polls SQS, writes to S3, deletes the message and exits 0 on SIGTERM", async () => {
    const contextsDir = fs.mkdtempSync(path.join(os.tmpdir(), "change-task-"));
    const build = taskImageContext("change-task", { contextsDir });
    const outDir = path.resolve(build.context);
    expect(fs.readdirSync(outDir).sort()).toEqual(["Dockerfile", "main.js", "main.js.map"]);
    const dockerfile = fs.readFileSync(path.join(outDir, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^COPY main\.js main\.js\.map \.\/$/m);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "main\.js"\]$/m);
    // The tag is the context's content: the same sources give the same context and tag.
    expect(taskImageContext("change-task", { contextsDir })).toEqual(build);

    const sqs = fakeSqsServer([
      JSON.stringify(
        streamRecord(1, {
          eventName: "INSERT",
          keys: { pk: "EVENT#proc", sk: "EVENT" },
          newImage: { ok: { BOOL: true } },
          at: 1_738_324_800,
        }),
      ),
    ]);
    await new Promise<void>((resolve) => sqs.server.listen(0, "127.0.0.1", resolve));
    const sqsEndpoint = `http://127.0.0.1:${(sqs.server.address() as AddressInfo).port}`;
    const child = spawn(process.execPath, [path.join(outDir, "main.js")], {
      cwd: outDir,
      env: {
        PATH: process.env.PATH,
        QUEUE_URL: `${sqsEndpoint}/123456789012/changes`,
        BUCKET_NAME: BUCKET,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_ENDPOINT_URL_SQS: sqsEndpoint,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    // Wait until the message is handled and the next long poll is waiting.
    const deadline = Date.now() + 15_000;
    while ((sqs.deleted.length === 0 || sqs.receives() < 2) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    const signalledAt = Date.now();
    child.kill("SIGTERM");
    const code = await exited;
    const stopMs = Date.now() - signalledAt;
    sqs.server.closeAllConnections();
    sqs.server.close();
    fs.rmSync(outDir, { recursive: true, force: true });

    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    expect(stopMs).toBeLessThan(2_000);
    expect(sqs.deleted).toEqual(["rh1"]);
    expect(await readJson("processed/entities/EVENT#proc/EVENT.json")).toEqual({
      pk: "EVENT#proc",
      sk: "EVENT",
      ok: true,
    });
    const logs = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { message: string });
    expect(logs.map((l) => l.message)).toEqual(["polling", "batch handled", "stopping", "stopped"]);
  });
});
