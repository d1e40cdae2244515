/**
 * IngestionApi defaults. Plain data: the component and its tests import it; what the policy pack
 * enforces (TLS policies, logging levels, the stage-wide method path, log retention) comes from
 * policy/baseline, so the component, its tests and the rules cannot drift apart.
 */
import { DYNAMODB_ACTIONS, KINESIS_ACTIONS, KMS_ACTIONS } from "../../shared/actions";
import {
  APIGATEWAY_ALL_METHODS,
  APIGATEWAY_LOGGING_LEVELS,
  APIGATEWAY_RECOMMENDED_SECURITY_POLICIES,
  APIGATEWAY_TLS12_SECURITY_POLICIES,
} from "../../../policy/baseline/edge";
import { LOG_RETENTION, LOG_RETENTION_VALUES } from "../../../policy/baseline/observability";
import { INGESTION_EVENT_JSON_SCHEMA } from "../../../functions/shared/event";

export {
  APIGATEWAY_ALL_METHODS,
  APIGATEWAY_LOGGING_LEVELS,
  APIGATEWAY_RECOMMENDED_SECURITY_POLICIES,
  APIGATEWAY_TLS12_SECURITY_POLICIES,
  LOG_RETENTION_VALUES,
};

export const API_AUTHORIZATIONS = ["AWS_IAM", "NONE"] as const;
export type ApiAuthorization = (typeof API_AUTHORIZATIONS)[number];

export const ENDPOINT_ACCESS_MODES = ["STRICT", "BASIC"] as const;
export type EndpointAccessMode = (typeof ENDPOINT_ACCESS_MODES)[number];

/**
 * TLS 1.3 and TLS 1.2 with forward secrecy and post-quantum key exchange: accepted by regional
 * REST APIs and regional custom domains, and on Security Hub's APIGateway.11 list. A
 * `SecurityPolicy_*` policy needs an endpoint access mode; STRICT (SNI and endpoint-type
 * matching) is what AWS recommends.
 */
export const PREFERRED_API_SECURITY_POLICY = "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09";

export const INGESTION_API_DEFAULTS = {
  stageName: "v1",
  /** The one resource producers call: `POST /records`. */
  resourcePath: "records",
  httpMethod: "POST",
  /** Producers are granted `execute-api:Invoke` with IAM (grantInvoke) and sign their requests. */
  authorization: "AWS_IAM" as ApiAuthorization,
  throttle: { rateLimit: 1000, burstLimit: 2000 },
  logRetentionInDays: LOG_RETENTION.defaultRetentionDays,
  /** Execution logging: errors only (INFO logs every request; DATA tracing logs bodies and is never on). */
  loggingLevel: "ERROR",
  dataTraceEnabled: false,
  metricsEnabled: true,
  xrayTracingEnabled: true,
  cacheClusterEnabled: false,
  securityPolicy: PREFERRED_API_SECURITY_POLICY,
  endpointAccessMode: "STRICT" as EndpointAccessMode,
  manageAccountCloudWatchRole: true,
} as const;

/** The Kinesis proxy integration (API Gateway "AWS" integration calling the Kinesis JSON API). */
export const KINESIS_PROXY = {
  integrationType: "AWS",
  /** Every Kinesis API action is an HTTP POST. */
  integrationHttpMethod: "POST",
  action: "PutRecords",
  /** Kinesis speaks JSON 1.1; the header is a static value, hence the single quotes. */
  contentTypeHeader: "integration.request.header.Content-Type",
  contentTypeValue: "'application/x-amz-json-1.1'",
  /** Bodies of any other content type are rejected (415), never passed through untransformed. */
  passthroughBehavior: "NEVER",
  requestContentType: "application/json",
  /** What the integration role may do on the stream: the producers' put actions. */
  streamActions: KINESIS_ACTIONS.put,
  /**
   * What it may do with the stream's key (through Kinesis only): what `KMS_ACTIONS.encrypt` adds
   * to `KMS_ACTIONS.decrypt`, a data key per record, which is all a Kinesis producer needs
   * (Kinesis Data Streams Developer Guide, "Example producer permissions"); the API never reads
   * records back.
   */
  keyActions: KMS_ACTIONS.encrypt.filter((action) => !(KMS_ACTIONS.decrypt as readonly string[]).includes(action)),
  servicePrincipal: "apigateway.amazonaws.com",
} as const;

/**
 * `GET /records/{id}`: one stored record read back by its id, in the API's own region, through the
 * record-reader Lambda (functions/record-reader) as a Lambda proxy integration. It is authorized as
 * `POST /records` is (`authorization`), and covered by the stage's throttling, WAF, access and
 * execution logs like every method of the stage.
 */
export const RECORD_READS = {
  /** The child resource of `/records`: `/records/{id}`. */
  pathPart: "{id}",
  httpMethod: "GET",
  /** The path parameter, required (the request validator checks it). */
  pathParameter: "method.request.path.id",
  integrationType: "AWS_PROXY",
  /** A Lambda integration calls Lambda's Invoke API, which is a POST whatever the method. */
  integrationHttpMethod: "POST",
  /** Who invokes the function (a resource-based permission scoped to this API's `GET /records/*`). */
  servicePrincipal: "apigateway.amazonaws.com",
  /** Everything the reader may do with the table (and, through DynamoDB, decrypt with its key): read one item by its key, never Query or Scan. */
  tableActions: DYNAMODB_ACTIONS.getItem,
} as const;

/**
 * Responses of `POST /records`: Kinesis answers 200 (possibly with per-record failures to retry),
 * 4xx for requests it rejects (too large, throughput exceeded, access denied) and 5xx for its own
 * faults. `selectionPattern` matches the backend's HTTP status for AWS integrations.
 */
export const INGESTION_API_RESPONSES = [
  { statusCode: "200", selectionPattern: undefined },
  { statusCode: "400", selectionPattern: "4\\d{2}" },
  { statusCode: "500", selectionPattern: "5\\d{2}" },
] as const;

/**
 * Access-log format: one JSON object per request. Identity fields say who called (IAM caller and
 * user), integration fields say why Kinesis failed.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  extendedRequestId: "$context.extendedRequestId",
  ip: "$context.identity.sourceIp",
  caller: "$context.identity.caller",
  user: "$context.identity.user",
  userArn: "$context.identity.userArn",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  integrationError: "$context.integration.error",
  wafResponseCode: "$context.wafResponseCode",
  xrayTraceId: "$context.xrayTraceId",
});

/** API Gateway names execution-log groups `API-Gateway-Execution-Logs_<rest api id>/<stage>`. */
export const EXECUTION_LOG_GROUP_PREFIX = "API-Gateway-Execution-Logs_";
/** API Gateway writes execution logs to this group; the component creates it first, encrypted and retained. */
export const executionLogGroupName = (restApiId: string, stageName: string): string =>
  `${EXECUTION_LOG_GROUP_PREFIX}${restApiId}/${stageName}`;

/** Actions of the account-wide CloudWatch role (AmazonAPIGatewayPushToCloudWatchLogs without its read actions). */
export const ACCOUNT_LOG_ACTIONS = [
  "logs:CreateLogGroup",
  "logs:CreateLogStream",
  "logs:DescribeLogStreams",
  "logs:PutLogEvents",
] as const;
/** Authorized only on Resource "*" (in the identity baseline's WILDCARD_RESOURCE_ACTIONS). */
export const ACCOUNT_LOG_DISCOVERY_ACTIONS = ["logs:DescribeLogGroups"] as const;

/** AWS managed rule groups of the created web ACL, in evaluation order. */
export { WAF_MANAGED_RULE_GROUPS } from "../../security/web-acl";

export const WAF_DEFAULTS = {
  scope: "REGIONAL",
  /**
   * Requests one client IP may send in `rateEvaluationWindowSec` before it is blocked (200 per
   * second sustained): well above a producer's share, far below a flood.
   */
  rateLimitPerIp: 60_000,
  rateEvaluationWindowSec: 300,
  /**
   * Rules of the common rule set counted instead of blocked. SizeRestrictions_BODY blocks every
   * body over 8 KB, which is most batches; the request model bounds a batch instead (at most
   * 500 schema-valid events), and API Gateway rejects bodies over 10 MB.
   */
  commonRuleSetCountedRules: ["SizeRestrictions_BODY"],
} as const;

/** The API stage's health signals (`IngestionApi.metrics()`): stable ids, whatever the component's name. */
export const INGESTION_API_STAGE_METRIC_IDS = ["api-5xx-rate", "api-4xx-rate", "api-latency", "api-requests"] as const;
export type IngestionApiStageMetricId = (typeof INGESTION_API_STAGE_METRIC_IDS)[number];
/** The record reader's (`GET /records/{id}`, with `recordsTable`): its function's errors, throttles and duration. */
export const RECORD_READER_METRIC_IDS = [
  "reader-errors",
  "reader-throttles",
  "reader-duration",
  "reader-release-errors",
] as const;
export type RecordReaderMetricId = (typeof RECORD_READER_METRIC_IDS)[number];
/** Every id `IngestionApi.metrics()` can describe and `thresholds` can override. */
export type IngestionApiMetricId = IngestionApiStageMetricId | RecordReaderMetricId;
export const INGESTION_API_METRIC_IDS: readonly IngestionApiMetricId[] = [
  ...INGESTION_API_STAGE_METRIC_IDS,
  ...RECORD_READER_METRIC_IDS,
];

/** Default alarm thresholds of `metrics()`; each is overridable by metric id through `thresholds`. */
export const API_ALARM_DEFAULTS = {
  /** Share of requests answered 5xx (AWS/ApiGateway 5XXError, Average over 5 minutes). */
  serverErrorRate: 0.01,
  /** Share of requests answered 4xx: rejected batches, signatures, throttling. */
  clientErrorRate: 0.05,
  /** Average latency in milliseconds (PutRecords usually answers in tens of ms). */
  latencyMs: 1000,
  /** Requests per 5 minutes, as a share of what the stage throttle allows: traffic nearing the limit. */
  requestShareOfThrottle: 0.8,
  periodSeconds: 300,
  evaluationPeriods: 1,
} as const;

/** Kinesis PutRecords accepts at most 500 records per call: the largest batch one request may carry. */
export const MAX_RECORDS_PER_REQUEST = 500;

/**
 * The request model of `POST /records` (JSON Schema draft-04, what API Gateway validates):
 * `{ "records": [event, ...] }` with 1 to `maxRecords` events, each an ingestion event exactly as
 * functions/shared/event.ts defines it (the one definition the consumer validates too).
 */
export function ingestionRequestModelSchema(maxRecords: number = MAX_RECORDS_PER_REQUEST): string {
  const { $schema, ...event } = INGESTION_EVENT_JSON_SCHEMA;
  return JSON.stringify({
    $schema,
    title: "IngestionRequest",
    type: "object",
    required: ["records"],
    additionalProperties: false,
    properties: { records: { type: "array", minItems: 1, maxItems: maxRecords, items: event } },
  });
}
