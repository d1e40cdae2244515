/**
 * One region's emulators in a process of their own (so that the two regions and the driver share
 * the machine's cores): dynalite, kinesalite and s3rver, each behind a fault-injecting proxy.
 * Started and driven by tests/soak/host/region.ts over IPC (protocol.ts).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateStreamCommand, DescribeStreamCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import * as fs from "node:fs";
import * as http from "node:http";
import type { Server } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { createEventsTable } from "../../functions/emulators";
import { seededRandom } from "../random";
import { h2Door, httpDoor, serverDoor, type Door } from "./door";
import { DynamoProxy } from "./dynamodb-proxy";
import { KinesisProxy } from "./kinesis-proxy";
import type { FromHost, HostStart, TableChange, ToHost } from "./protocol";
import { S3Proxy } from "./s3-proxy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite = require("kinesalite") as (options: Record<string, unknown>) => Server;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => {
  configureBuckets(): Promise<void>;
  callback(): http.RequestListener;
};

const send = (message: FromHost) => process.send!(message);
const credentials = { accessKeyId: "SOAK", secretAccessKey: "SOAK" };

async function start(config: HostStart): Promise<void> {
  const random = seededRandom(config.seed);
  // Memory-backed files where the machine has them: the emulators' disks are only there to survive a restart.
  const base = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const directory = fs.mkdtempSync(path.join(base, `soak-${config.region}-`));
  const s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(directory, "s3"),
    configureBuckets: config.buckets.map((name) => ({ name })),
  });
  await s3rver.configureBuckets();
  // The emulators' own ports, behind doors that stop and start them.
  const emulators = {
    // On disk, so that a stopped emulator comes back with its data, as a restarted service does.
    dynamodb: await serverDoor(dynalite({ createTableMs: 0, path: path.join(directory, "dynamodb") })),
    kinesis: await serverDoor(kinesalite({ createStreamMs: 0, shardLimit: 50, path: path.join(directory, "kinesis") })),
    s3: await serverDoor(http.createServer(s3rver.callback())),
  };

  const endpoint = (door: Door) => `http://127.0.0.1:${door.port}`;
  const ddb = new DynamoDBClient({ region: config.region, endpoint: endpoint(emulators.dynamodb), credentials });
  const kinesis = new KinesisClient({
    region: config.region,
    endpoint: endpoint(emulators.kinesis),
    credentials,
    requestHandler: new NodeHttpHandler(),
  });
  await createEventsTable(ddb, config.tableName);
  await kinesis.send(new CreateStreamCommand({ StreamName: config.streamName, ShardCount: config.shards }));
  for (;;) {
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: config.streamName }));
    if (StreamDescription?.StreamStatus === "ACTIVE") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  ddb.destroy();
  kinesis.destroy();

  let pending: TableChange[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    send({ type: "changes", changes: pending });
    pending = [];
  };
  const flusher = setInterval(flush, 25);
  const dynamo = new DynamoProxy({
    targetPort: () => emulators.dynamodb.port,
    tableName: config.tableName,
    throttle: config.faults.throttle,
    random,
    onChange: (change) => pending.push(change),
  });
  const kinesisProxy = new KinesisProxy({
    targetPort: () => emulators.kinesis.port,
    throttle: config.faults.kinesisThrottle,
    forwarderFailure: config.faults.forwarderFailure,
    random,
  });
  const s3 = new S3Proxy({ targetPort: () => emulators.s3.port, failure: config.faults.s3Failure, random });
  const proxies = {
    dynamodb: await httpDoor(dynamo.handle),
    kinesis: await httpDoor(kinesisProxy.handle),
    kinesisH2: await h2Door(kinesisProxy.handle),
    s3: await httpDoor(s3.handle),
  };
  const doors = [...Object.values(proxies), ...Object.values(emulators)];

  process.on("message", (message: ToHost) => {
    void (async () => {
      if (message.type === "stop") {
        await Promise.all(doors.map((d) => d.close()));
        send({ type: "stopped" });
      } else if (message.type === "restart") {
        for (const door of doors) await door.open();
        send({ type: "restarted" });
      } else if (message.type === "shutdown") {
        flush();
        clearInterval(flusher);
        send({
          type: "stats",
          faults: { ...dynamo.injected, ...kinesisProxy.injected, ...s3.injected },
        });
        fs.rmSync(directory, { recursive: true, force: true });
        setImmediate(() => process.exit(0));
      }
    })();
  });
  send({
    type: "ready",
    endpoints: {
      dynamodb: endpoint(proxies.dynamodb),
      kinesis: endpoint(proxies.kinesis),
      kinesisH2: endpoint(proxies.kinesisH2),
      s3: endpoint(proxies.s3),
    },
  });
}

process.once("message", (message: ToHost) => {
  if (message.type !== "start") throw new Error(`expected start, got ${message.type}`);
  start(message).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on("disconnect", () => process.exit(0));
