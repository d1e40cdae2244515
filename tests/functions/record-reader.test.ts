/**
 * The record reader (`GET /records/{id}` of the ingestion API) against dynalite: the item the
 * consumer stores is read back by its key, an unknown id is 404, an id the write path would not
 * store is 400, a failing table is 500 without its details; and the reader sends DynamoDB nothing
 * but GetItem (a middleware on its client records every command). The deployed bundle answers
 * one request as index.handler with its environment.
 */
import { DynamoDBClient, PutItemCommand, type GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toItem } from "../../functions/consumer/consumer";
import { RECORD_READER_ENV } from "../../functions/record-reader/environment";
import {
  INVALID_API_EVENT,
  InvalidApiEventError,
  READ_MESSAGES,
  readRecord,
  type GetItemClient,
} from "../../functions/record-reader/reader";
import type { Origin } from "../../functions/shared/origin";
import { createEventsTable, REGION, startDynalite, type Emulator } from "./emulators";
import { ingestionEvent, sequenceNumber } from "./fixtures";
import { withBundledHandler } from "../support/bundled-handler";

const TABLE = "records";
const ORIGIN: Origin = {
  region: "us-west-2",
  forwarded: true,
  sequenceNumber: sequenceNumber(7),
  receivedAt: "2025-01-31T12:00:01.000Z",
};
const stored = ingestionEvent(1, { eventId: "order:42.v1_x-1" });

let ddb: Emulator<DynamoDBClient>;
/** The reader's own client, with a middleware recording the name of every command it sends. */
let reader: DynamoDBClient;
const sent: string[] = [];

beforeAll(async () => {
  ddb = await startDynalite();
  await createEventsTable(ddb.client, TABLE);
  // The very item the consumer writes for this event.
  await ddb.client.send(new PutItemCommand({ TableName: TABLE, Item: toItem(stored, ORIGIN) }));
  reader = new DynamoDBClient({
    region: REGION,
    endpoint: ddb.endpoint,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
  reader.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "recordCommands" },
  );
});

afterAll(async () => {
  // Whatever the tests asked, the reader only ever read items by key.
  expect(sent.length).toBeGreaterThan(0);
  expect([...new Set(sent)]).toEqual(["GetItemCommand"]);
  reader?.destroy();
  await ddb?.stop();
});

/** A request as API Gateway's REST proxy integration delivers `GET /records/{id}`. */
const request = (id: string | undefined, overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent =>
  ({
    resource: "/records/{id}",
    path: `/records/${id ?? ""}`,
    httpMethod: "GET",
    headers: { host: "abc123defg.execute-api.us-east-1.amazonaws.com" },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: id === undefined ? null : { id },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      stage: "v1",
      httpMethod: "GET",
      resourcePath: "/records/{id}",
    },
    ...overrides,
  }) as unknown as APIGatewayProxyEvent;

const body = (response: APIGatewayProxyResult) => JSON.parse(response.body) as Record<string, unknown>;

describe("record reader against dynalite", () => {
  it("answers a stored id with 200 and the record as the consumer stored it, without the table's key attributes", async () => {
    const { response, outcome } = await readRecord(request(stored.eventId), { dynamodb: reader, tableName: TABLE });
    expect(outcome).toBe("found");
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ "content-type": "application/json", "cache-control": "no-store" });
    expect(body(response)).toEqual({
      eventId: stored.eventId,
      type: stored.type,
      source: stored.source,
      occurredAt: stored.occurredAt,
      payload: stored.payload,
      receivedAt: ORIGIN.receivedAt,
      sequenceNumber: ORIGIN.sequenceNumber,
      originRegion: ORIGIN.region,
    });
  });

  it("answers an id no record has with 404 and a message, naming the API's request id", async () => {
    const { response, outcome } = await readRecord(request("evt-never-stored"), { dynamodb: reader, tableName: TABLE });
    expect(outcome).toBe("not-found");
    expect(response.statusCode).toBe(404);
    expect(body(response)).toEqual({
      message: READ_MESSAGES.notFound,
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    });
  });

  it.each([
    ["an empty id", ""],
    ["an id longer than 128 characters", "e".repeat(129)],
    ["a quote", 'e"4'],
    ["a slash", "a/b"],
    ["a percent-encoded character", "a%2Fb"],
    ["a leading dot", ".hidden"],
    ["a space", "a b"],
  ])("answers %s with 400, by the write path's eventId rule, without asking DynamoDB", async (_what, id) => {
    const before = sent.length;
    const { response, outcome } = await readRecord(request(id), { dynamodb: reader, tableName: TABLE });
    expect(outcome).toBe("invalid-id");
    expect(response.statusCode).toBe(400);
    expect(body(response).message).toMatch(/^id: /);
    // The caller's text is not echoed back.
    if (id.length > 0) expect(response.body).not.toContain(id);
    expect(sent.length).toBe(before);
  });

  it("answers a request without the id path parameter with 400", async () => {
    const { response } = await readRecord(request(undefined), { dynamodb: reader, tableName: TABLE });
    expect(response.statusCode).toBe(400);
    expect(body(response).message).toBe("id: required");
  });

  it("accepts the longest id the write path stores (128 characters) and every character it allows", async () => {
    for (const id of ["A".repeat(128), "0a._:-Z"]) {
      const { response } = await readRecord(request(id), { dynamodb: reader, tableName: TABLE });
      expect(response.statusCode, id).toBe(404);
    }
  });

  it("answers 500 with a fixed message when the table does not exist: no table name, error name or AWS message in the body", async () => {
    const logged: Record<string, unknown>[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (_message: string, ...attributes: Record<string, unknown>[]) => logged.push(...attributes),
    };
    const { response, outcome } = await readRecord(request(stored.eventId), {
      dynamodb: reader,
      tableName: "no-such-table",
      logger,
    });
    expect(outcome).toBe("failed");
    expect(response.statusCode).toBe(500);
    expect(body(response)).toEqual({
      message: READ_MESSAGES.failed,
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    });
    expect(response.body).not.toMatch(/no-such-table|ResourceNotFound|dynamodb|arn:/i);
    // The operator sees what failed in the log.
    expect(logged).toEqual([expect.objectContaining({ errorName: "ResourceNotFoundException" })]);
  });

  it("answers 500 without the denial's details when the role may not read the table", async () => {
    const denied: GetItemClient = {
      send: async (_command: GetItemCommand) => {
        throw Object.assign(
          new Error(
            "User: arn:aws:sts::123456789012:assumed-role/prod-reader-role/fn is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/records",
          ),
          { name: "AccessDeniedException", $metadata: { httpStatusCode: 400, requestId: "ABC" } },
        );
      },
    };
    const { response } = await readRecord(request(stored.eventId), { dynamodb: denied, tableName: TABLE });
    expect(response.statusCode).toBe(500);
    expect(body(response)).toEqual({
      message: READ_MESSAGES.failed,
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    });
    expect(response.body).not.toMatch(/AccessDenied|arn:|123456789012|records/);
  });

  it("throws InvalidApiEvent for an event that is not an API Gateway proxy request", async () => {
    for (const event of [null, { Records: [] }, { httpMethod: "GET", pathParameters: { id: "x" } }]) {
      const error = await readRecord(event, { dynamodb: reader, tableName: TABLE }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidApiEventError);
      expect((error as Error).name).toBe(INVALID_API_EVENT);
    }
  });
});

describe("record reader: the deployed bundle", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "record-reader-bundle-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs as index.handler from its esbuild bundle with TABLE_NAME: 200 for a stored id, 404 for an unknown one", async () => {
    type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
    const env = {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      [RECORD_READER_ENV.tableName]: TABLE,
      POWERTOOLS_SERVICE_NAME: "record-reader",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
      POWERTOOLS_TRACE_ENABLED: "false",
    };
    await withBundledHandler<Handler>("record-reader", dir, env, async (handler) => {
      const context = {
        functionName: "record-reader",
        awsRequestId: "req-1",
        invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:record-reader`,
        memoryLimitInMB: "512",
        functionVersion: "$LATEST",
        getRemainingTimeInMillis: () => 30_000,
      };
      const found = await handler(request(stored.eventId), context);
      expect(found.statusCode).toBe(200);
      expect(body(found).eventId).toBe(stored.eventId);
      expect((await handler(request("evt-unknown"), context)).statusCode).toBe(404);
      expect((await handler(request("a b"), context)).statusCode).toBe(400);
      // The error name survives minification.
      await expect(handler({ Records: [] }, context)).rejects.toMatchObject({ name: INVALID_API_EVENT });
    });
  });
});
