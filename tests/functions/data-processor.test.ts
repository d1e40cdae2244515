/**
 * The data processor (functions/data-processor) against s3rver, with an in-memory SQS stand-in
 * (there is no SQS emulator) for the loop and an SQS JSON-protocol server for the container
 * program, which the last suite runs from its image's build context and stops with SIGTERM in the
 * middle of a message, as a Fargate Spot interruption does.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type GetObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type ChangeMessageVisibilityBatchCommandOutput,
  type DeleteMessageCommandOutput,
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
import { DATA_PROCESSOR_ENV } from "../../functions/data-processor/environment";
import { parseWorkMessage } from "../../functions/data-processor/messages";
import { recordTime, transformLines } from "../../functions/data-processor/transform";
import {
  handleMessage,
  runWorker,
  type ObjectClient,
  type ProcessorDeps,
  type QueueClient,
} from "../../functions/data-processor/worker";
import { startS3rver, type Emulator } from "./emulators";

const BUCKET = "lake-use1";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/work";
let s3: Emulator<S3Client>;

beforeAll(async () => {
  s3 = await startS3rver([BUCKET, "someone-elses-bucket"]);
});
afterAll(async () => {
  await s3?.stop();
});

/** An SQS queue in memory: hands out messages, records deletions and hand-backs, long-polls until aborted. */
class FakeQueue implements QueueClient {
  readonly deleted: string[] = [];
  readonly released: string[] = [];
  receives = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly pending: Message[] = []) {}

  push(...messages: Message[]) {
    this.pending.push(...messages);
    for (const wake of this.waiting.splice(0)) wake();
  }

  send(command: ReceiveMessageCommand, options?: { abortSignal?: AbortSignal }): Promise<ReceiveMessageCommandOutput>;
  send(command: DeleteMessageCommand): Promise<DeleteMessageCommandOutput>;
  send(command: ChangeMessageVisibilityBatchCommand): Promise<ChangeMessageVisibilityBatchCommandOutput>;
  async send(
    command: ReceiveMessageCommand | DeleteMessageCommand | ChangeMessageVisibilityBatchCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<ReceiveMessageCommandOutput | DeleteMessageCommandOutput | ChangeMessageVisibilityBatchCommandOutput> {
    if (command instanceof DeleteMessageCommand) {
      this.deleted.push(command.input.ReceiptHandle!);
      return { $metadata: {} };
    }
    if (command instanceof ChangeMessageVisibilityBatchCommand) {
      const entries = command.input.Entries ?? [];
      expect(entries.every((e) => e.VisibilityTimeout === 0)).toBe(true);
      this.released.push(...entries.map((e) => e.ReceiptHandle!));
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
/** The S3 event notification S3 sends for a new object (the key URL-encoded, as S3 does). */
const notification = (key: string, bucket = BUCKET, eventName = "ObjectCreated:Put") => ({
  Records: [
    {
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventTime: "2025-01-31T12:00:01.000Z",
      eventName,
      s3: {
        s3SchemaVersion: "1.0",
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: { key: encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+"), size: 10 },
      },
    },
  ],
});

const line = (eventId: string, occurredAt: string | number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ eventId, type: "order.created", occurredAt, source: "shop-api", ...extra });

async function putRaw(key: string, lines: string[]): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `${lines.join("\n")}\n` }));
}
async function readLines(key: string): Promise<Record<string, unknown>[]> {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await out.Body!.transformToString())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
async function listKeys(prefix: string): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}
const deps = (sqs: QueueClient, outputPrefix: string, s3Client: ObjectClient = s3.client): ProcessorDeps => ({
  sqs,
  s3: s3Client,
  queueUrl: QUEUE_URL,
  bucketName: BUCKET,
  sourcePrefix: "raw/",
  outputPrefix,
});

describe("data processor: the transformation", () => {
  it("splits a raw object's records by the UTC hour they happened in, each with eventTime, under dt=/hour= partitions", () => {
    const result = transformLines(
      [
        line("a", "2025-01-31T12:59:59.999Z"),
        line("b", "2025-01-31T14:00:00+01:00"), // 13:00 UTC
        line("c", "2025-01-31T13:30:00Z", { payload: { total: 1 } }),
      ].join("\n"),
      { sourceKey: "raw/events/2025/batch 1.jsonl", sourcePrefix: "raw/", outputPrefix: "processed/hourly/" },
    );
    expect([...result.objects.keys()]).toEqual([
      "processed/hourly/dt=2025-01-31/hour=12/events%2F2025%2Fbatch 1.jsonl.ndjson",
      "processed/hourly/dt=2025-01-31/hour=13/events%2F2025%2Fbatch 1.jsonl.ndjson",
    ]);
    const hour13 = result.objects
      .get("processed/hourly/dt=2025-01-31/hour=13/events%2F2025%2Fbatch 1.jsonl.ndjson")!
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(hour13.map((r) => [r.eventId, r.eventTime])).toEqual([
      ["b", "2025-01-31T13:00:00.000Z"],
      ["c", "2025-01-31T13:30:00.000Z"],
    ]);
    expect(hour13[1].payload).toEqual({ total: 1 });
    expect(result).toMatchObject({ records: 3, rejected: 0, duplicates: 0 });
  });

  it("rejects lines that are not JSON objects or have no time with a zone, and drops repeated eventIds", () => {
    const result = transformLines(
      [
        "not json",
        "[1,2]",
        line("a", "2025-01-31T12:00:00Z"),
        line("a", "2025-01-31T12:05:00Z"),
        line("b", "2025-01-31T12:00:00"), // no zone: local time, ambiguous
        JSON.stringify({ eventId: "c" }),
        "",
      ].join("\n"),
      { sourceKey: "raw/x.jsonl", sourcePrefix: "raw/", outputPrefix: "p/" },
    );
    expect(result).toMatchObject({ records: 1, rejected: 4, duplicates: 1 });
  });

  it("reads epoch seconds and epoch milliseconds, and times from timestamp or time when occurredAt is absent", () => {
    expect(recordTime({ timestamp: 1_738_324_800 })).toBe(1_738_324_800_000);
    expect(recordTime({ time: 1_738_324_800_123 })).toBe(1_738_324_800_123);
    expect(recordTime({ occurredAt: "2025-01-31T12:00:00Z", time: 0 })).toBe(Date.parse("2025-01-31T12:00:00Z"));
    expect(recordTime({ occurredAt: "yesterday" })).toBeUndefined();
    expect(recordTime({ occurredAt: -5 })).toBeUndefined();
  });
});

describe("data processor: work messages", () => {
  it("reads the object an S3 event notification names, decoding its URL-encoded key", () => {
    expect(parseWorkMessage(JSON.stringify(notification("raw/feeds/a b+c.jsonl")))).toEqual([
      { bucket: BUCKET, key: "raw/feeds/a b+c.jsonl" },
    ]);
  });

  it("finds no work in S3's test event or in a notification of a removal", () => {
    expect(parseWorkMessage(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: BUCKET }))).toEqual(
      [],
    );
    expect(parseWorkMessage(JSON.stringify(notification("raw/x.jsonl", BUCKET, "ObjectRemoved:Delete")))).toEqual([]);
  });

  it('accepts {"bucket","key"} and names what is wrong with anything else', () => {
    expect(parseWorkMessage(JSON.stringify({ bucket: BUCKET, key: "raw/y.jsonl" }))).toEqual([
      { bucket: BUCKET, key: "raw/y.jsonl" },
    ]);
    expect(parseWorkMessage("{")).toBe("body is not JSON");
    expect(parseWorkMessage("[]")).toBe("body is not a JSON object");
    expect(parseWorkMessage(JSON.stringify({ Records: [{ eventSource: "aws:sqs" }] }))).toBe(
      "Records[0] is not an S3 event record",
    );
    expect(parseWorkMessage(JSON.stringify({ key: "raw/z" }))).toMatch(/neither an S3 event notification/);
  });
});

describe("data processor: one message", () => {
  it("writes the cleaned copies under the output prefix, then deletes the message", async () => {
    await putRaw("raw/events/one.jsonl", [line("e1", "2025-01-31T12:00:00Z"), line("e2", "2025-01-31T13:00:00Z")]);
    const queue = new FakeQueue();
    const m = message(notification("raw/events/one.jsonl"));
    const result = await handleMessage(m, deps(queue, "processed/one/"));
    expect(result).toMatchObject({ status: "deleted", records: 2, rejected: 0 });
    expect(queue.deleted).toEqual([m.ReceiptHandle]);
    expect(await listKeys("processed/one/")).toEqual([
      "processed/one/dt=2025-01-31/hour=12/events%2Fone.jsonl.ndjson",
      "processed/one/dt=2025-01-31/hour=13/events%2Fone.jsonl.ndjson",
    ]);
    expect(await readLines("processed/one/dt=2025-01-31/hour=12/events%2Fone.jsonl.ndjson")).toEqual([
      {
        eventId: "e1",
        type: "order.created",
        occurredAt: "2025-01-31T12:00:00Z",
        source: "shop-api",
        eventTime: "2025-01-31T12:00:00.000Z",
      },
    ]);
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "processed/one/dt=2025-01-31/hour=12/events%2Fone.jsonl.ndjson" }),
    );
    expect(head.ContentType).toBe("application/x-ndjson");
    expect(head.Metadata).toEqual({ "source-key": encodeURIComponent("raw/events/one.jsonl") });
  });

  it("processes a redelivered message again into exactly the same objects", async () => {
    await putRaw("raw/events/again.jsonl", [line("e1", "2025-01-31T12:00:00Z")]);
    const queue = new FakeQueue();
    await handleMessage(message(notification("raw/events/again.jsonl")), deps(queue, "processed/again/"));
    const first = await readLines("processed/again/dt=2025-01-31/hour=12/events%2Fagain.jsonl.ndjson");
    await handleMessage(message(notification("raw/events/again.jsonl")), deps(queue, "processed/again/"));
    expect(await listKeys("processed/again/")).toHaveLength(1);
    expect(await readLines("processed/again/dt=2025-01-31/hour=12/events%2Fagain.jsonl.ndjson")).toEqual(first);
    expect(queue.deleted).toHaveLength(2);
  });

  it("keeps (never deletes) a message naming another bucket, a key outside raw/, or nothing it understands", async () => {
    await s3.client.send(
      new PutObjectCommand({ Bucket: "someone-elses-bucket", Key: "raw/x.jsonl", Body: line("x", 1_738_324_800) }),
    );
    await putRaw("curated/secret.jsonl", [line("s", 1_738_324_800)]);
    const queue = new FakeQueue();
    const results = await Promise.all(
      [
        message(notification("raw/x.jsonl", "someone-elses-bucket")),
        message({ bucket: BUCKET, key: "curated/secret.jsonl" }),
        message({ bucket: BUCKET, key: "raw/../curated/secret.jsonl" }),
        message("not json"),
      ].map((m) => handleMessage(m, deps(queue, "processed/refused/"))),
    );
    expect(results.map((r) => r.status)).toEqual(["kept", "kept", "kept", "kept"]);
    expect(results.map((r) => r.reason)).toEqual([
      `bucket "someone-elses-bucket" is not the lake bucket "${BUCKET}"`,
      'key "curated/secret.jsonl" is not under "raw/"',
      'key "raw/../curated/secret.jsonl" is not under "raw/"',
      "body is not JSON",
    ]);
    expect(queue.deleted).toEqual([]);
    expect(await listKeys("processed/refused/")).toEqual([]);
  });

  it("keeps the message when an output cannot be written, and deletes it once a retry succeeds", async () => {
    await putRaw("raw/events/flaky.jsonl", [line("f", "2025-01-31T12:00:00Z")]);
    let failPuts = true;
    const flaky: ObjectClient = {
      send: (async (command: PutObjectCommand | GetObjectCommand) => {
        if (command instanceof PutObjectCommand && failPuts)
          throw Object.assign(new Error("Service Unavailable"), {
            name: "ServiceUnavailable",
            $metadata: { httpStatusCode: 503 },
          });
        return s3.client.send(command as PutObjectCommand);
      }) as ObjectClient["send"],
    };
    const queue = new FakeQueue();
    const m = message(notification("raw/events/flaky.jsonl"));
    expect(await handleMessage(m, deps(queue, "processed/flaky/", flaky))).toMatchObject({
      status: "kept",
      reason: "Service Unavailable",
    });
    expect(queue.deleted).toEqual([]);
    failPuts = false;
    expect(await handleMessage(m, deps(queue, "processed/flaky/", flaky))).toMatchObject({ status: "deleted" });
    expect(queue.deleted).toEqual([m.ReceiptHandle]);
  });

  it("deletes a message whose object no longer exists, and refuses an object larger than the limit", async () => {
    const queue = new FakeQueue();
    const gone = message(notification("raw/events/gone.jsonl"));
    expect(await handleMessage(gone, deps(queue, "processed/gone/"))).toMatchObject({
      status: "deleted",
      reason: 'object "raw/events/gone.jsonl" no longer exists',
    });
    await putRaw("raw/events/big.jsonl", [line("b", "2025-01-31T12:00:00Z", { pad: "x".repeat(200) })]);
    const big = message(notification("raw/events/big.jsonl"));
    const result = await handleMessage(big, { ...deps(queue, "processed/big/"), maxObjectBytes: 100 });
    expect(result.status).toBe("kept");
    expect(result.reason).toMatch(/^object "raw\/events\/big\.jsonl" is \d+ bytes, more than the limit of 100$/);
    expect(queue.deleted).toEqual([gone.ReceiptHandle]);
  });
});

describe("data processor: the loop", () => {
  it("long-polls and processes message after message, in order, until stopped", async () => {
    for (const n of [1, 2, 3]) await putRaw(`raw/loop/${n}.jsonl`, [line(`l${n}`, `2025-01-31T0${n}:00:00Z`)]);
    const queue = new FakeQueue([1, 2, 3].map((n) => message(notification(`raw/loop/${n}.jsonl`))));
    const stop = new AbortController();
    const order: string[] = [];
    const totals = await runWorker({
      ...deps(queue, "processed/loop/"),
      signal: stop.signal,
      batchSize: 2,
      onMessage: (r) => {
        order.push(r.outputs[0]!);
        if (order.length === 3) setTimeout(() => stop.abort(), 10);
      },
    });
    expect(order).toEqual([1, 2, 3].map((n) => `processed/loop/dt=2025-01-31/hour=0${n}/loop%2F${n}.jsonl.ndjson`));
    expect(totals).toEqual({ receives: 2, deleted: 3, kept: 0, released: 0 });
    expect(queue.receives).toBe(3); // the third was long-polling when the stop came
  });

  it("on a stop mid-message: finishes that message (written, deleted), hands the unstarted ones back, receives no more", async () => {
    await putRaw("raw/drain/a.jsonl", [line("a", "2025-01-31T12:00:00Z")]);
    await putRaw("raw/drain/b.jsonl", [line("b", "2025-01-31T12:00:00Z")]);
    await putRaw("raw/drain/c.jsonl", [line("c", "2025-01-31T12:00:00Z")]);
    const [a, b, c] = ["a", "b", "c"].map((n) => message(notification(`raw/drain/${n}.jsonl`)));
    const queue = new FakeQueue([a!, b!, c!]);
    const stop = new AbortController();
    // The stop arrives while the first object is being read.
    const stoppingDuringRead: ObjectClient = {
      send: (async (command: GetObjectCommand | PutObjectCommand) => {
        if (command instanceof GetObjectCommand && command.input.Key === "raw/drain/a.jsonl") {
          stop.abort();
          await new Promise((r) => setTimeout(r, 50));
        }
        return s3.client.send(command as GetObjectCommand) as Promise<GetObjectCommandOutput>;
      }) as ObjectClient["send"],
    };
    const totals = await runWorker({
      ...deps(queue, "processed/drain/", stoppingDuringRead),
      signal: stop.signal,
      batchSize: 3,
    });
    expect(totals).toEqual({ receives: 1, deleted: 1, kept: 0, released: 2 });
    expect(queue.deleted).toEqual([a!.ReceiptHandle]);
    expect(queue.released).toEqual([b!.ReceiptHandle, c!.ReceiptHandle]);
    expect(queue.receives).toBe(1);
    expect(await listKeys("processed/drain/")).toEqual([
      "processed/drain/dt=2025-01-31/hour=12/drain%2Fa.jsonl.ndjson",
    ]);
  });

  it("refuses a batch size SQS does not allow", async () => {
    await expect(
      runWorker({ ...deps(new FakeQueue(), "p/"), signal: new AbortController().signal, batchSize: 11 }),
    ).rejects.toThrow("batchSize must be a whole number from 1 to 10 (SQS's limit), got 11");
  });
});

/** SQS's JSON protocol, enough for ReceiveMessage, DeleteMessage and ChangeMessageVisibilityBatch. */
function fakeSqsServer(batches: string[][]) {
  const deleted: string[] = [];
  const released: string[] = [];
  let receives = 0;
  let ids = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]);
      const input = JSON.parse(Buffer.concat(chunks).toString() || "{}") as {
        ReceiptHandle?: string;
        Entries?: { Id: string; ReceiptHandle: string; VisibilityTimeout: number }[];
      };
      const reply = (body: unknown) => {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify(body));
      };
      if (target === "AmazonSQS.ReceiveMessage") {
        receives++;
        const batch = batches.shift();
        if (batch === undefined) return; // a long poll that never answers: only SIGTERM ends it
        reply({
          Messages: batch.map((body) => {
            const id = ++ids;
            return {
              MessageId: `m${id}`,
              ReceiptHandle: `rh${id}`,
              Body: body,
              MD5OfBody: createHash("md5").update(body).digest("hex"),
            };
          }),
        });
      } else if (target === "AmazonSQS.DeleteMessage") {
        deleted.push(input.ReceiptHandle!);
        reply({});
      } else if (target === "AmazonSQS.ChangeMessageVisibilityBatch") {
        const entries = input.Entries ?? [];
        released.push(...entries.filter((e) => e.VisibilityTimeout === 0).map((e) => e.ReceiptHandle));
        reply({ Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] });
      } else {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify({ __type: "com.amazonaws.sqs#InvalidAction", message: target }));
      }
    });
  });
  return { server, deleted, released, receives: () => receives };
}

/** A proxy in front of s3rver that holds the GET of one key until released. */
function holdingProxy(target: string, heldPath: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const heldArrived = new Promise<void>((resolve) => (arrived = resolve));
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = () => {
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(out);
    };
    if (req.method === "GET" && decodeURIComponent(req.url ?? "").startsWith(heldPath)) {
      arrived();
      void released.then(forward);
    } else forward();
  });
  return { server, release, heldArrived };
}

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

describe("data processor: the container program", () => {
  it("stopped by SIGTERM while reading an object (a Spot interruption): writes its output, deletes its message, hands the next back unstarted, exits 0", async () => {
    const contextsDir = fs.mkdtempSync(path.join(os.tmpdir(), "data-processor-"));
    const build = taskImageContext("data-processor", { contextsDir });
    const outDir = path.resolve(build.context);
    expect(fs.readdirSync(outDir).sort()).toEqual(["Dockerfile", "main.js", "main.js.map"]);
    const dockerfile = fs.readFileSync(path.join(outDir, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "main\.js"\]$/m);

    await putRaw("raw/spot/first.jsonl", [line("s1", "2025-01-31T12:00:00Z")]);
    await putRaw("raw/spot/second.jsonl", [line("s2", "2025-01-31T12:00:00Z")]);
    // One receive hands out both messages; the worker starts on the first.
    const sqs = fakeSqsServer([
      [JSON.stringify(notification("raw/spot/first.jsonl")), JSON.stringify(notification("raw/spot/second.jsonl"))],
    ]);
    const proxy = holdingProxy(s3.endpoint, `/${BUCKET}/raw/spot/first.jsonl`);
    const [sqsEndpoint, s3Endpoint] = await Promise.all([listen(sqs.server), listen(proxy.server)]);
    const child = spawn(process.execPath, [path.join(outDir, "main.js")], {
      cwd: outDir,
      env: {
        PATH: process.env.PATH,
        [DATA_PROCESSOR_ENV.queueUrl]: `${sqsEndpoint}/123456789012/work`,
        [DATA_PROCESSOR_ENV.bucketName]: BUCKET,
        [DATA_PROCESSOR_ENV.outputPrefix]: "processed/spot",
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_ENDPOINT_URL_SQS: sqsEndpoint,
        AWS_ENDPOINT_URL_S3: s3Endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    // The first object's read is in flight and held: the interruption arrives now.
    await Promise.race([
      proxy.heldArrived,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no read arrived\n${stdout}\n${stderr}`)), 15_000)),
    ]);
    const signalledAt = Date.now();
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    expect(await listKeys("processed/spot/")).toEqual([]);
    proxy.release();
    const code = await exited;
    const stopMs = Date.now() - signalledAt;
    for (const server of [sqs.server, proxy.server]) {
      server.closeAllConnections();
      server.close();
    }
    fs.rmSync(contextsDir, { recursive: true, force: true });

    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    expect(stopMs).toBeLessThan(5_000);
    expect(sqs.deleted).toEqual(["rh1"]);
    expect(sqs.released).toEqual(["rh2"]);
    expect(sqs.receives()).toBe(1);
    expect(await listKeys("processed/spot/")).toEqual([
      "processed/spot/dt=2025-01-31/hour=12/spot%2Ffirst.jsonl.ndjson",
    ]);
    const logs = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { message: string });
    expect(logs.map((l) => l.message)).toEqual([
      "polling",
      "stopping",
      "message processed",
      "stopping: unstarted messages handed back",
      "stopped",
    ]);
  });
});
