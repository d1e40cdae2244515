/**
 * The functions' figures, measured in one run on this machine (never asserted in tests):
 *   1. Consumer throughput against dynalite (DynamoDB on loopback, in a process of its own): records/s of the real consumer
 *      (BatchWriteItem, 25 items a call, 4 calls in flight) against a naive consumer that awaits
 *      one PutItem per record, on the same records; the ratio (goal ≥ 5×).
 *   2. Each Lambda bundle's size (goal < 1 MB) and its cold module load time: a fresh Node
 *      process requires the bundle and times the require (median of 5; goal < 250 ms).
 *   3. bundleFunction's cost: a build, a disk-cache hit (a new process), an in-memory hit.
 * Run alone with `npx tsx bench/functions.ts`, or as the last section of `npm run bench`.
 */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { KinesisStreamRecord } from "aws-lambda";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { bundleFunctionDetails, clearBundleMemory, FUNCTION_NAMES } from "../components/compute/function-bundle";
import { consumeRecords, toItem } from "../functions/consumer/consumer";
import { decodeIngestionRecord } from "../functions/shared/event";
import { originOf } from "../functions/shared/origin";
import { createEventsTable } from "../tests/functions/emulators";
import { fmt, median } from "./stats";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const PROJECT_ROOT = path.resolve(__dirname, "..");
const RECORDS = 2_000;
const BATCH_SIZE = 100; // the event source mapping's default batch size
const ROUNDS = 3;
const LOAD_SAMPLES = 5;

function records(n: number): KinesisStreamRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const event = {
      eventId: `bench-${i}`,
      type: "order.created",
      occurredAt: "2025-01-31T12:00:00.000Z",
      source: "bench",
      payload: {
        orderId: `o-${i}`,
        total: 42.5,
        lines: [
          { sku: "A", qty: 2 },
          { sku: "B", qty: 1 },
        ],
        customer: { id: `c-${i % 97}`, tier: "gold" },
      },
    };
    const sequenceNumber = String(
      49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_000n + BigInt(i),
    );
    return {
      awsRegion: "us-east-1",
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: "aws:kinesis:record",
      eventSource: "aws:kinesis",
      eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/bench",
      eventVersion: "1.0",
      invokeIdentityArn: "arn:aws:iam::123456789012:role/bench",
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: `pk-${i % 16}`,
        sequenceNumber,
        data: Buffer.from(JSON.stringify(event)).toString("base64"),
        approximateArrivalTimestamp: 1_738_324_800 + i / 1000,
      },
    };
  });
}

/** dynalite in a process of its own, like a remote DynamoDB: its work does not share the client's thread. */
async function startDynalite(): Promise<{ client: DynamoDBClient; stop: () => Promise<void> }> {
  const script = `const s = require("dynalite")({ createTableMs: 0 }); s.listen(0, "127.0.0.1", () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`dynalite exited with ${code}`)));
    child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  const client = new DynamoDBClient({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
  });
  return {
    client,
    stop: async () => {
      client.destroy();
      child.removeAllListeners("exit");
      child.kill();
    },
  };
}

let tables = 0;
async function newTable(client: DynamoDBClient): Promise<string> {
  const tableName = `bench-${++tables}`;
  await createEventsTable(client, tableName);
  return tableName;
}

/** The real consumer, batch after batch as Lambda would deliver them from one shard. */
async function batched(client: DynamoDBClient, tableName: string, all: KinesisStreamRecord[]): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < all.length; i += BATCH_SIZE) {
    const { batchItemFailures } = await consumeRecords(all.slice(i, i + BATCH_SIZE), { dynamodb: client, tableName });
    if (batchItemFailures.length > 0) throw new Error(`batched consumer reported ${batchItemFailures.length} failures`);
  }
  return performance.now() - start;
}

/** The baseline: same decoding and items, one awaited PutItem per record. */
async function naive(client: DynamoDBClient, tableName: string, all: KinesisStreamRecord[]): Promise<number> {
  const start = performance.now();
  for (const record of all) {
    const decoded = decodeIngestionRecord(record.kinesis.data);
    if (!decoded.ok) throw new Error("bench record did not decode");
    await client.send(new PutItemCommand({ TableName: tableName, Item: toItem(decoded.event, originOf(record)) }));
  }
  return performance.now() - start;
}

async function throughput(): Promise<void> {
  const all = records(RECORDS);
  const ddb = await startDynalite();
  try {
    // Warm both paths (connections, JIT) before measuring.
    const warm = await newTable(ddb.client);
    await batched(ddb.client, warm, all.slice(0, 200));
    await naive(ddb.client, warm, all.slice(0, 200));
    const batchedMs: number[] = [];
    const naiveMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      batchedMs.push(await batched(ddb.client, await newTable(ddb.client), all));
      naiveMs.push(await naive(ddb.client, await newTable(ddb.client), all));
    }
    const b = median(batchedMs);
    const n = median(naiveMs);
    console.log(
      `consumer throughput against dynalite (${RECORDS} records in batches of ${BATCH_SIZE}, median of ${ROUNDS})`,
    );
    console.log("writer                          ms  records/s");
    console.log(`batched (BatchWriteItem)  ${fmt(b)}   ${fmt((RECORDS / b) * 1000)}`);
    console.log(`naive (PutItem each)      ${fmt(n)}   ${fmt((RECORDS / n) * 1000)}`);
    console.log(`ratio: ${(n / b).toFixed(1)}x (goal ≥ 5x)\n`);
  } finally {
    await ddb.stop();
  }
}

function loadTimes(file: string): number[] {
  const script = `const { performance } = require("node:perf_hooks"); const t = performance.now(); const m = require(${JSON.stringify(file)}); const ms = performance.now() - t; if (typeof m.handler !== "function") throw new Error("no handler"); console.log(ms);`;
  return Array.from({ length: LOAD_SAMPLES }, () => {
    const run = spawnSync(process.execPath, ["-e", script], {
      cwd: path.dirname(file),
      encoding: "utf8",
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    if (run.status !== 0) throw new Error(`loading ${file} failed:\n${run.stderr}`);
    return Number(run.stdout.trim());
  });
}

function bundles(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-bench-"));
  try {
    console.log(
      `Lambda bundles (minified, AWS SDK inside; load = require in a fresh node ${process.version} process, median of ${LOAD_SAMPLES})`,
    );
    console.log("function            bytes    load ms   goal");
    for (const name of FUNCTION_NAMES) {
      const { bundle } = bundleFunctionDetails(name);
      const file = path.join(dir, name, "index.js");
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, bundle.code);
      fs.writeFileSync(`${file}.map`, bundle.sourceMap);
      const ms = median(loadTimes(file));
      const ok = bundle.bytes < 1_000_000 && ms < 250 ? "met" : "MISSED";
      console.log(`${name.padEnd(17)} ${fmt(bundle.bytes)}   ${fmt(ms, 1)}   ${ok} (< 1 MB, < 250 ms)`);
    }
    console.log("");

    // bundleFunction as the offline plan sees it: a first build, then a new process (disk), then the same process (memory).
    const cacheDir = path.join(dir, "cache");
    const phases: Record<"build" | "disk" | "memory", number> = { build: 0, disk: 0, memory: 0 };
    for (const phase of ["build", "disk", "memory"] as const) {
      if (phase !== "memory") clearBundleMemory();
      const start = performance.now();
      for (const name of FUNCTION_NAMES) {
        const got = bundleFunctionDetails(name, { cacheDir }).source;
        if (got !== phase) throw new Error(`expected a ${phase} result for ${name}, got ${got}`);
      }
      phases[phase] = performance.now() - start;
    }
    console.log(
      `bundleFunction, all ${FUNCTION_NAMES.length} functions: build ${fmt(phases.build).trim()} ms, disk cache ${fmt(phases.disk, 1).trim()} ms, in memory ${fmt(phases.memory, 2).trim()} ms\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function functionsBenchmark(): Promise<void> {
  console.log(`\nfunctions (node ${process.version})\n`);
  await throughput();
  bundles();
}

if (require.main === module) void functionsBenchmark();
