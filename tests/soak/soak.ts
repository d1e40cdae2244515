/**
 * The ingestion path end to end under faults, on emulators: two regions, each with kinesalite,
 * dynalite and s3rver in a process of its own (host/), and the platform's real handlers, bundled
 * as they are deployed, run by a model of Lambda's stream event source mappings (lambda/):
 *
 *   producers → stream ─→ consumer (E1) → table ─→ (global table) ─→ peer table
 *                  │                 └→ bus → workflow rule, forwarding rule → peer bus
 *                  ├→ forwarder (primary only) → peer stream
 *                  └→ archive (retention bucket)
 *   table stream ─→ change processor (L1) → processed bucket, change log
 *                └→ pipe → change queue → change task (F1) → processed bucket, latest images
 *
 * Faults (config.ts) are injected where production has them; then checker.ts says whether every
 * record ended where it belongs exactly once.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GetObjectCommand, ListObjectsCommand, S3Client } from "@aws-sdk/client-s3";
import { DeleteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord, KinesisStreamRecord } from "aws-lambda";
import { CHANGE_QUEUE_DEFAULTS, PROCESSED_PREFIXES } from "../../components/ingestion/defaults";
import { CHANGE_PROCESSOR_ENV } from "../../functions/change-processor/environment";
import { CHANGE_TASK_ENV } from "../../functions/change-task/environment";
import { CONSUMER_ENV } from "../../functions/consumer/environment";
import { FORWARDER_ENV } from "../../functions/forwarder/environment";
import { eventKey } from "../../functions/shared/event";
import { Archive } from "./archive";
import { ChangeTask } from "./change-task";
import { checkSoak, eventIdOf, type RegionEvidence, type SoakReport } from "./checker";
import type { SoakConfig } from "./config";
import { dynamoClient, Replication } from "./global-table";
import { RegionHost } from "./host/region";
import { LambdaFunction, lambdaEnvironment } from "./lambda/function";
import { StreamMapping, type Discarded } from "./lambda/stream-mapping";
import { Pipe } from "./pipe";
import { produce } from "./producer";
import { seededRandom, type Random } from "./random";
import { EventBus } from "./services/event-bus";
import { ChangeQueue } from "./services/queue";
import { kinesisClient, KinesisSource } from "./sources/kinesis";
import { TableStreamSource } from "./sources/table-stream";

export const SOAK_REGIONS = { primary: "us-east-1", secondary: "us-west-2" } as const;
const TABLE = "events";
const STREAM = "ingestion";
const PROCESSED = "processed-data";
const RETENTION = "retention";
const BUS = "ingestion";
const SHARDS = 2;
// F1 takes a batch of up to 10 messages, each a few S3 calls: on a loaded 2-core machine (the whole suite
// beside the soak) a batch can take over a second, and a shorter timeout than that redelivers messages
// still being processed until they reach the DLQ. 120 s in the stack; scaled down, with that margin kept.
const VISIBILITY_TIMEOUT_MS = 5000;

interface Processing {
  processor: LambdaFunction;
  mapping: StreamMapping<DynamoDBRecord>;
  pipe: Pipe;
  task: ChangeTask;
  queue: ChangeQueue;
}

interface Region {
  name: string;
  host: RegionHost;
  kinesis: ReturnType<typeof kinesisClient>;
  dynamodb: DynamoDBClient;
  s3: S3Client;
  bus: EventBus;
  stream: KinesisSource;
  consumer: LambdaFunction;
  consumerMapping: StreamMapping<KinesisStreamRecord>;
  /** L1 and F1 on the table's changes: in the primary only, as the stacks deploy them (S2 is S1's replica). */
  processing?: Processing;
  archive: Archive;
  consumerDlq: KinesisStreamRecord[];
  otherDlq: string[];
  settled: Set<string>;
}

const s3Client = (region: string, endpoint: string) =>
  new S3Client({
    region,
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });

async function startRegion(name: string, config: SoakConfig, random: Random, processes: boolean): Promise<Region> {
  const f = config.faults;
  const host = await RegionHost.start({
    region: name,
    seed: Math.floor(random() * 2 ** 31),
    faults: {
      throttle: f.throttle,
      kinesisThrottle: f.throttle,
      forwarderFailure: f.forwarderFailure,
      s3Failure: f.s3Failure,
    },
    tableName: TABLE,
    streamName: STREAM,
    shards: SHARDS,
    buckets: [PROCESSED, RETENTION],
  });
  const bus = new EventBus(name, f.publishFailure, random);
  const busEndpoint = await bus.start();
  const kinesis = kinesisClient(name, host.endpoints.kinesis);
  // Each reader of the stream has its own source, as each has its own iterators.
  const stream = new KinesisSource(`${name} stream`, kinesis, name, STREAM);
  const consumed = new KinesisSource(`${name} stream, consumer`, kinesis, name, STREAM);
  const table = new TableStreamSource(`${name} table stream`, host, TABLE);
  const consumer = new LambdaFunction(
    `consumer-${name}`,
    "consumer",
    {
      ...lambdaEnvironment(name, { DYNAMODB: host.endpoints.dynamodb, EVENTBRIDGE: busEndpoint }),
      [CONSUMER_ENV.tableName]: TABLE,
      [CONSUMER_ENV.eventBusName]: BUS,
    },
    SHARDS,
  );
  const region: Partial<Region> = { consumerDlq: [], otherDlq: [], settled: new Set() };
  const mappingFaults = { duplicateDelivery: f.duplicateDelivery, crash: f.crash };
  const consumerMapping = new StreamMapping({
    name: `consumer-${name}`,
    function: consumer,
    source: consumed,
    eventOf: consumed.eventOf,
    faults: mappingFaults,
    random,
    onDiscard: (_batch: Discarded, records) => region.consumerDlq!.push(...records),
    onSettled: (records) => records.forEach((r) => region.settled!.add(eventIdOf(r))),
  });
  const s3 = s3Client(name, host.endpoints.s3);
  if (processes) region.processing = await startProcessing(name, host, table, region, config, random);
  return Object.assign(region, {
    name,
    host,
    kinesis,
    dynamodb: dynamoClient(name, host.endpoints.dynamodb),
    s3,
    bus,
    stream,
    consumer,
    consumerMapping,
    archive: new Archive(new KinesisSource(`${name} stream, archive`, kinesis, name, STREAM), s3, RETENTION),
  }) as Region;
}

async function startProcessing(
  name: string,
  host: RegionHost,
  table: TableStreamSource,
  region: Partial<Region>,
  config: SoakConfig,
  random: Random,
): Promise<Processing> {
  const f = config.faults;
  const queue = new ChangeQueue({
    visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS,
    maxReceiveCount: CHANGE_QUEUE_DEFAULTS.maxReceiveCount,
    shuffle: f.shuffle,
    duplicate: f.queueDuplicate,
    random,
  });
  const queueUrl = await queue.start();
  const processor = new LambdaFunction(
    `change-processor-${name}`,
    "change-processor",
    {
      ...lambdaEnvironment(name, { S3: host.endpoints.s3 }),
      [CHANGE_PROCESSOR_ENV.bucketName]: PROCESSED,
      [CHANGE_PROCESSOR_ENV.keyPrefix]: PROCESSED_PREFIXES.changes,
    },
    1,
  );
  const mapping = new StreamMapping({
    name: `change-processor-${name}`,
    function: processor,
    source: table,
    eventOf: table.eventOf,
    faults: { duplicateDelivery: f.duplicateDelivery, crash: f.crash },
    random,
    onDiscard: (batch) => region.otherDlq!.push(`L1 ${batch.startSequenceNumber}..${batch.endSequenceNumber}`),
  });
  const task = new ChangeTask({
    PATH: process.env.PATH ?? "",
    ...lambdaEnvironment(name, { S3: host.endpoints.s3, SQS: new URL(queueUrl).origin }),
    [CHANGE_TASK_ENV.queueUrl]: queueUrl,
    [CHANGE_TASK_ENV.bucketName]: PROCESSED,
    [CHANGE_TASK_ENV.keyPrefix]: PROCESSED_PREFIXES.entities,
    [CHANGE_TASK_ENV.tombstonePrefix]: PROCESSED_PREFIXES.tombstones,
  });
  return { processor, mapping, pipe: new Pipe(table, queue), task, queue };
}

async function until(what: string, condition: () => boolean, timeoutMs: number, stableMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let since: number | undefined;
  for (;;) {
    if (condition()) {
      since ??= Date.now();
      if (Date.now() - since >= stableMs) return;
    } else since = undefined;
    if (Date.now() > deadline) throw new Error(`soak: timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  // ListObjects (v1) by marker: s3rver makes ListObjectsV2's continuation tokens with DES, which
  // Node's OpenSSL 3 no longer offers, so a truncated V2 listing fails.
  const keys: string[] = [];
  for (;;) {
    const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: keys.at(-1) }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    if (!page.IsTruncated) return keys;
  }
}

async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

async function scanTable(client: DynamoDBClient): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
    ids.push(...(page.Items ?? []).map((i) => i.eventId!.S!));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

async function readStream(source: KinesisSource): Promise<KinesisStreamRecord[]> {
  const out: KinesisStreamRecord[] = [];
  for (const shard of await source.shards()) {
    let after: string | undefined;
    for (;;) {
      const page = await source.read(shard, after, 10_000);
      if (page.length === 0) break;
      out.push(...page);
      after = page.at(-1)!.kinesis.sequenceNumber;
    }
  }
  return out;
}

const idOfImageKey = (key: string): string => decodeURIComponent(key.split("/").at(-2)!).replace(/^EVENT#/, "");

async function evidence(r: Region): Promise<RegionEvidence> {
  const entityKeys = await listKeys(r.s3, PROCESSED, `${PROCESSED_PREFIXES.entities}/`);
  const tombstoneKeys = await listKeys(r.s3, PROCESSED, `${PROCESSED_PREFIXES.tombstones}/`);
  const changeLogLines: string[] = [];
  for (const key of await listKeys(r.s3, PROCESSED, `${PROCESSED_PREFIXES.changes}/`))
    for (const line of (await readText(r.s3, PROCESSED, key)).trimEnd().split("\n"))
      changeLogLines.push((JSON.parse(line) as { sequenceNumber: string }).sequenceNumber);
  const archived: string[] = [];
  for (const key of await listKeys(r.s3, RETENTION, "ingestion/"))
    for (const line of (await readText(r.s3, RETENTION, key)).trimEnd().split("\n"))
      archived.push((JSON.parse(line) as { eventId: string }).eventId);
  return {
    region: r.name,
    processes: r.processing !== undefined,
    tableItems: await scanTable(r.dynamodb),
    changes: r.host.changes,
    busEvents: r.bus.events,
    workflowStarts: r.bus.workflowStarts,
    entityImages: entityKeys.map(idOfImageKey),
    tombstones: tombstoneKeys.map(idOfImageKey),
    changeLogLines,
    archived,
    stream: await readStream(r.stream),
    consumerDlq: r.consumerDlq,
    otherDlq: [
      ...r.otherDlq,
      ...(r.processing?.queue.deadLetters ?? []).map((body) => `F1 message ${body.slice(0, 80)}`),
    ],
  };
}

export interface SoakRun extends SoakReport {
  faults: Record<string, number>;
}

export async function runSoak(config: SoakConfig, log: (line: string) => void = () => undefined): Promise<SoakRun> {
  const random = seededRandom(config.seed);
  const [primary, secondary] = await Promise.all([
    startRegion(SOAK_REGIONS.primary, config, random, true),
    startRegion(SOAK_REGIONS.secondary, config, random, false),
  ]);
  const regions = [primary, secondary];
  const processing = regions.flatMap((r) => (r.processing ? [r.processing] : []));
  primary.bus.connect(secondary.bus);
  secondary.bus.connect(primary.bus);
  const forwarderDlq: string[] = [];
  const forwarder = new LambdaFunction(
    "forwarder",
    "forwarder",
    {
      ...lambdaEnvironment(primary.name, { KINESIS: secondary.host.endpoints.kinesisH2 }),
      [FORWARDER_ENV.targetStreamArn]: secondary.stream.streamArn,
      [FORWARDER_ENV.targetRegion]: secondary.name,
    },
    SHARDS,
  );
  const forwarded = new KinesisSource("primary stream, forwarder", primary.kinesis, primary.name, STREAM);
  const forwarderMapping = new StreamMapping({
    name: "forwarder",
    function: forwarder,
    source: forwarded,
    eventOf: forwarded.eventOf,
    faults: { duplicateDelivery: config.faults.duplicateDelivery, crash: config.faults.crash },
    random,
    onDiscard: (batch) => forwarderDlq.push(`forwarder ${batch.startSequenceNumber}..${batch.endSequenceNumber}`),
  });
  const replications = [
    new Replication(primary.host, secondary.host, TABLE),
    new Replication(secondary.host, primary.host, TABLE),
  ];
  const started = Date.now();
  let result: SoakRun;
  try {
    for (const r of regions) {
      await r.consumerMapping.start();
      await r.archive.start();
      if (r.processing) {
        await r.processing.mapping.start();
        r.processing.pipe.start();
        r.processing.task.start();
      }
    }
    await forwarderMapping.start();
    replications.forEach((r) => r.start());

    // Produce, with the secondary region stopped for a while and change tasks killed along the way.
    const f = config.faults;
    const tasks = regions.flatMap((r) => (r.processing ? [r.processing.task] : []));
    const kills = tasks.flatMap((task) => Array.from({ length: f.taskKills }, () => ({ task, at: random() * 0.9 })));
    let outage: Promise<void> | undefined;
    const produced = await produce({
      records: config.records,
      regions: [
        { region: primary.name, client: primary.kinesis, streamName: STREAM, share: 1 - config.secondaryShare },
        { region: secondary.name, client: secondary.kinesis, streamName: STREAM, share: config.secondaryShare },
      ],
      malformedRate: config.malformedRate,
      deleteRate: config.deleteRate,
      random,
      onProgress: (done) => {
        const share = done / config.records;
        for (const kill of kills.filter((k) => k.at <= share)) {
          kills.splice(kills.indexOf(kill), 1);
          kill.task.kill();
        }
        if (!outage && f.outageAt !== undefined && share >= f.outageAt) {
          log(`soak: stopping ${secondary.name}'s emulators for ${f.outageMs} ms`);
          outage = secondary.host.stop().then(async () => {
            await sleep(f.outageMs);
            await secondary.host.restart();
          });
        }
      },
    });
    await outage;
    log(`soak: ${produced.length} records on the streams after ${Date.now() - started} ms`);

    const ticker = setInterval(() => {
      const parts = regions.map(
        (r) =>
          `${r.name}: settled ${r.settled.size}, changes ${r.host.changes.length}` +
          (r.processing ? `, queue ${r.processing.queue.depth}, L1 ${r.processing.mapping.stats.batches} batches` : ""),
      );
      log(`soak: +${Date.now() - started} ms ${parts.join(" | ")}`);
    }, 5000);
    ticker.unref();
    const timeout = Math.max(120_000, config.records * 20);
    await until(
      "the consumers, the forwarder and the replication",
      () =>
        regions.every((r) => r.consumerMapping.caughtUp) &&
        forwarderMapping.caughtUp &&
        replications.every((r) => r.caughtUp),
      timeout,
    );
    // Delete what the producers picked, in its origin region, while the change queues may still hold its older changes.
    const origin = new Map(regions.map((r) => [r.name, r]));
    await Promise.all(
      produced
        .filter((p) => p.toDelete)
        .map(async (p) => {
          const { dynamodb } = origin.get(p.region)!;
          for (;;) {
            try {
              const key = eventKey(p.eventId);
              await dynamodb.send(
                new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
              );
              return;
            } catch {
              await sleep(100);
            }
          }
        }),
    );
    log(`soak: ingested and deletions made after ${Date.now() - started} ms`);
    await until(
      "every change processed",
      () =>
        replications.every((r) => r.caughtUp) &&
        regions.every((r) => r.consumerMapping.caughtUp && r.archive.caughtUp) &&
        processing.every((p) => p.mapping.caughtUp && p.pipe.idle && p.queue.depth === 0),
      timeout,
      // Quiet for 2 s: in-flight and scheduled (duplicated) messages count in the queue's depth already.
      2000,
    );
    const elapsed = Date.now() - started;
    clearInterval(ticker);
    for (const p of processing) await p.task.stop();
    const report = checkSoak(produced, await evidence(primary), await evidence(secondary), elapsed);
    report.problems.push(...forwarderDlq);
    for (const p of processing)
      if (p.task.exitCodes.at(-1) !== 0)
        report.problems.push(`the change task exited ${p.task.exitCodes.at(-1)} on SIGTERM`);
    const mappings = [...regions.map((r) => r.consumerMapping), ...processing.map((p) => p.mapping), forwarderMapping];
    const functions = [...regions.map((r) => r.consumer), ...processing.map((p) => p.processor), forwarder];
    const faults: Record<string, number> = {
      duplicateDeliveries: mappings.reduce((a, m) => a + m.duplicates, 0),
      crashes: functions.reduce((a, fn) => a + fn.crashes, 0),
      bisections: mappings.reduce((a, m) => a + m.stats.bisections, 0),
      taskKills: processing.reduce((a, p) => a + p.task.kills, 0),
      outages: outage ? 1 : 0,
      failedEvents: regions.reduce((a, r) => a + r.bus.injected.failedEntries, 0),
      queueDuplicates: processing.reduce((a, p) => a + p.queue.injected.duplicates, 0),
    };
    result = { ...report, faults };
  } finally {
    await Promise.all([
      forwarderMapping.stop(),
      ...replications.map((r) => r.stop()),
      ...regions.flatMap((r) => [r.consumerMapping.stop(), r.archive.stop()]),
      ...processing.flatMap((p) => [p.mapping.stop(), p.pipe.stop()]),
    ]);
    await Promise.all([
      forwarder.stop(),
      ...regions.map((r) => r.consumer.stop()),
      ...processing.flatMap((p) => [p.processor.stop(), p.task.stop(), p.queue.stop()]),
    ]);
    for (const r of regions) {
      await r.bus.stop();
      r.kinesis.destroy();
      r.dynamodb.destroy();
      r.s3.destroy();
    }
    await Promise.all(regions.map((r) => r.host.shutdown()));
  }
  // What the emulators' proxies injected, known once they have shut down.
  for (const r of regions)
    for (const [name, n] of Object.entries(r.host.faults)) result.faults[name] = (result.faults[name] ?? 0) + n;
  return result;
}
