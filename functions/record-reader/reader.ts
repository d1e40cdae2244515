/**
 * The record reader's logic: `GET /records/{id}` of the ingestion API (a REST API Lambda proxy
 * integration) answered from the records table in the function's own region, the global table or
 * its replica, so each region serves reads of its own copy.
 *
 * - The id is checked by the rule the write path stores records by (an eventId: 1-128 of
 *   `A-Z a-z 0-9 . _ : -`, starting alphanumeric, shared/event.ts); anything else is 400.
 * - One GetItem by the item's key (pk "EVENT#<id>", sk "EVENT", the consumer's `eventKey`): never a
 *   Scan or a Query. The read is eventually consistent: a global table replicates between
 *   regions asynchronously, so a strongly consistent read would promise nothing more about a
 *   record stored in the peer region, and it costs twice as much.
 * - 200 with the stored record as JSON (`eventId`, `type`, `source`, `occurredAt`, `payload`, and
 *   where it entered the platform: `receivedAt`, `sequenceNumber`, `originRegion`); the table's key
 *   attributes stay inside. 404 for an id no record has (yet: a record reaches the table after the
 *   stream and the consumer, and the peer region's table a moment later).
 * - 500 when DynamoDB fails (throttled after the SDK's retries, denied, no such table): logged
 *   with the error's name, message and request id, answered with a fixed message and the API's
 *   request id, never the error itself (it can name the table, the role and the account).
 * Every answer is JSON with `cache-control: no-store`; an error body is `{ message, requestId }`.
 *
 * An event that is not an API Gateway proxy request (no `requestContext` or `httpMethod`) throws
 * `InvalidApiEventError` (name "InvalidApiEvent"): the API never sends one, so it is a wrong
 * trigger or a hand-made invocation, counted in the function's Errors metric (its alarm).
 */
import { GetItemCommand, type GetItemCommandOutput } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import { fromAttributeMap, type Json } from "../shared/dynamo-json";
import { eventIdProblem, eventKey } from "../shared/event";
import { errorFields, SILENT, type LogSink } from "../shared/log";

/** The one call the reader makes; a DynamoDBClient is one (and the type admits no other command). */
export interface GetItemClient {
  send(command: GetItemCommand): Promise<GetItemCommandOutput>;
}

export interface ReaderDeps {
  dynamodb: GetItemClient;
  tableName: string;
  logger?: LogSink;
}

/** What became of a request (the handler counts each as a metric). */
export type ReadOutcome = "found" | "not-found" | "invalid-id" | "failed";

export interface ReadResult {
  response: APIGatewayProxyResult;
  outcome: ReadOutcome;
}

/** The error name of an event that is not an API Gateway proxy request. */
export const INVALID_API_EVENT = "InvalidApiEvent";

export class InvalidApiEventError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`not an API Gateway proxy request: ${issues.join("; ")}`);
    this.name = INVALID_API_EVENT;
    this.issues = issues;
  }
}

/** The messages of the error answers: fixed text, nothing from the request or from AWS. */
export const READ_MESSAGES = {
  notFound: "No record has this id",
  failed: "The record could not be read; retry with backoff",
} as const;

/** The stored item's attributes that are the table's key, not the record's. */
const KEY_ATTRIBUTES = new Set(["pk", "sk"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

interface ProxyRequest {
  requestId: string | undefined;
  id: unknown;
}

/** What the reader reads of a proxy event; throws InvalidApiEventError for an event that is not one. */
function proxyRequest(event: unknown): ProxyRequest {
  if (!isObject(event)) throw new InvalidApiEventError(["event: must be an object"]);
  const issues: string[] = [];
  if (!isObject(event.requestContext)) issues.push("requestContext: required");
  if (typeof event.httpMethod !== "string" || event.httpMethod === "") issues.push("httpMethod: required");
  if (issues.length > 0) throw new InvalidApiEventError(issues);
  const context = event.requestContext as Record<string, unknown>;
  return {
    requestId: typeof context.requestId === "string" ? context.requestId : undefined,
    id: isObject(event.pathParameters) ? event.pathParameters.id : undefined,
  };
}

function respond(statusCode: number, body: Json): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

const failure = (statusCode: number, message: string, requestId: string | undefined) =>
  respond(statusCode, requestId ? { message, requestId } : { message });

/** The answer to one `GET /records/{id}`. */
export async function readRecord(event: unknown, deps: ReaderDeps): Promise<ReadResult> {
  const logger = deps.logger ?? SILENT;
  const { requestId, id } = proxyRequest(event);
  const problem = eventIdProblem(id);
  if (problem !== undefined) {
    // The id is not logged: it is whatever the caller sent.
    logger.info("invalid record id", { problem });
    return { response: failure(400, problem, requestId), outcome: "invalid-id" };
  }
  const eventId = id as string;
  let item: GetItemCommandOutput["Item"];
  try {
    const out = await deps.dynamodb.send(new GetItemCommand({ TableName: deps.tableName, Key: keyOf(eventId) }));
    item = out.Item;
  } catch (error) {
    logger.error("GetItem failed", { ...errorFields(error), eventId });
    return { response: failure(500, READ_MESSAGES.failed, requestId), outcome: "failed" };
  }
  if (!item) return { response: failure(404, READ_MESSAGES.notFound, requestId), outcome: "not-found" };
  const record = Object.fromEntries(
    Object.entries(fromAttributeMap(item)).filter(([name]) => !KEY_ATTRIBUTES.has(name)),
  );
  return { response: respond(200, record), outcome: "found" };
}

function keyOf(eventId: string) {
  const { pk, sk } = eventKey(eventId);
  return { pk: { S: pk }, sk: { S: sk } };
}
