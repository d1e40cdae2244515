/**
 * Real API implementations on loopback for the functions' tests: dynalite (DynamoDB),
 * kinesalite (Kinesis) and s3rver (S3), each on 127.0.0.1 with a port the OS picks, plus SDK
 * clients pointed at them. Every test file starts the ones it needs in beforeAll and stops them
 * in afterAll; nothing is shared between files.
 */
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { CreateStreamCommand, KinesisClient, waitUntilStreamExists } from "@aws-sdk/client-kinesis";
import { S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import * as fs from "node:fs";
import type { AddressInfo, Server } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

// The emulators ship no type declarations; this is all the tests use of them.
type ServerFactory = (options: Record<string, unknown>) => Server;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as ServerFactory;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite = require("kinesalite") as ServerFactory;
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => S3rverInstance;

// The SDK warns once per process that it will need Node.js 22 from 2027 (Lambda runs 22 already).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const REGION = "us-east-1";
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };

export interface Emulator<C> {
  endpoint: string;
  client: C;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export async function startDynalite(): Promise<Emulator<DynamoDBClient>> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const endpoint = await listen(server);
  const client = new DynamoDBClient({ region: REGION, endpoint, credentials, maxAttempts: 1 });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await close(server);
    },
  };
}

/** The events table as the component creates it: hash key pk, range key sk, both strings. */
export async function createEventsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05 }, { TableName: tableName });
}

export async function startKinesalite(): Promise<Emulator<KinesisClient>> {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 50 });
  const endpoint = await listen(server);
  // kinesalite speaks HTTP/1.1 only: the SDK's default handler for Kinesis would try HTTP/2.
  const client = new KinesisClient({
    region: REGION,
    endpoint,
    credentials,
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await close(server);
    },
  };
}

export async function createStream(client: KinesisClient, streamName: string, shardCount = 1): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  await waitUntilStreamExists({ client, maxWaitTime: 10, minDelay: 0.05 }, { StreamName: streamName });
}

export async function startS3rver(buckets: string[]): Promise<Emulator<S3Client> & { directory: string }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  // s3rver knows path-style addressing and its own access key only.
  const client = new S3Client({
    region: REGION,
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    maxAttempts: 1,
  });
  return {
    endpoint,
    client,
    directory,
    stop: async () => {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
