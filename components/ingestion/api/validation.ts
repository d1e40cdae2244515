/** The API's args checked and resolved to settings, before anything is created. */
import * as aws from "@pulumi/aws";
import { definedOnly } from "../../shared/defined-only";
import { assertRegionName } from "../../shared/naming";
import { resolveSupporting, type ResolvedSupporting } from "../../shared/supporting";
import { checkThresholds, subset, type Thresholds } from "../../shared/metrics";
import {
  API_ALARM_DEFAULTS,
  API_AUTHORIZATIONS,
  APIGATEWAY_LOGGING_LEVELS,
  APIGATEWAY_TLS12_SECURITY_POLICIES,
  ENDPOINT_ACCESS_MODES,
  INGESTION_API_DEFAULTS,
  INGESTION_API_METRIC_IDS,
  LOG_RETENTION_VALUES,
  RECORD_READER_METRIC_IDS,
  MAX_RECORDS_PER_REQUEST,
  WAF_DEFAULTS,
  type ApiAuthorization,
  type EndpointAccessMode,
  type IngestionApiStageMetricId,
  type RecordReaderMetricId,
} from "./defaults";
import type { ExistingWebAcl, IngestionApiArgs } from "./index";
import { assertStreamName } from "./templates";

export interface Settings {
  region: string;
  stageName: string;
  throttle: { rateLimit: number; burstLimit: number };
  logRetentionInDays: number;
  authorization: ApiAuthorization;
  maxRecordsPerRequest: number;
  securityPolicy: string;
  endpointAccessMode: EndpointAccessMode | undefined;
  webAcl: ResolvedSupporting<ExistingWebAcl, aws.wafv2.WebAclArgs>;
  wafRateLimitPerIp: number;
  manageAccountCloudWatchRole: boolean;
  executionLoggingLevel: string;
  /** The stage's signals, each with its threshold. */
  thresholds: Record<IngestionApiStageMetricId, number>;
  /** Overrides of the record reader's signals (its function's own defaults otherwise). */
  readerThresholds: Thresholds<RecordReaderMetricId>;
}

const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** WAF rate-based rules: 10 to 2,000,000,000 requests per evaluation window. */
const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 };

export function validate(args: IngestionApiArgs): Settings {
  const stageName = args.stageName ?? INGESTION_API_DEFAULTS.stageName;
  if (typeof stageName !== "string" || !STAGE_NAME.test(stageName)) {
    throw new Error(`stageName: "${String(stageName)}" must be 1-128 letters, digits, "_" or "-"`);
  }
  if (typeof args.streamName === "string") assertStreamName(args.streamName);

  const throttle = { ...INGESTION_API_DEFAULTS.throttle, ...definedOnly(args.throttle ?? {}) };
  if (typeof throttle.rateLimit !== "number" || !Number.isFinite(throttle.rateLimit) || throttle.rateLimit <= 0) {
    throw new Error(
      `throttle.rateLimit: ${JSON.stringify(throttle.rateLimit)} must be a number of requests per second above 0`,
    );
  }
  if (!Number.isInteger(throttle.burstLimit) || throttle.burstLimit <= 0) {
    throw new Error(
      `throttle.burstLimit: ${JSON.stringify(throttle.burstLimit)} must be a whole number of requests above 0`,
    );
  }

  const logRetentionInDays = args.logRetentionInDays ?? INGESTION_API_DEFAULTS.logRetentionInDays;
  if (!LOG_RETENTION_VALUES.includes(logRetentionInDays)) {
    throw new Error(
      `logRetentionInDays: ${logRetentionInDays} is not a CloudWatch Logs retention value (${LOG_RETENTION_VALUES.join(", ")})`,
    );
  }

  const executionLoggingLevel = args.executionLoggingLevel ?? INGESTION_API_DEFAULTS.loggingLevel;
  if (!APIGATEWAY_LOGGING_LEVELS.includes(executionLoggingLevel)) {
    throw new Error(
      `executionLoggingLevel: "${String(executionLoggingLevel)}" must be one of ${APIGATEWAY_LOGGING_LEVELS.map((l) => `"${l}"`).join(", ")} (execution logging stays on)`,
    );
  }

  const authorization = args.authorization ?? INGESTION_API_DEFAULTS.authorization;
  if (!(API_AUTHORIZATIONS as readonly string[]).includes(authorization)) {
    throw new Error(
      `authorization: "${String(authorization)}" must be one of ${API_AUTHORIZATIONS.map((a) => `"${a}"`).join(", ")}`,
    );
  }
  if (authorization === "NONE" && args.acknowledgeUnauthenticatedAccess !== true) {
    throw new Error(
      'authorization: "NONE" lets anyone on the internet put events on the stream; set acknowledgeUnauthenticatedAccess: true to mean it',
    );
  }

  const maxRecordsPerRequest = args.maxRecordsPerRequest ?? MAX_RECORDS_PER_REQUEST;
  if (
    !Number.isInteger(maxRecordsPerRequest) ||
    maxRecordsPerRequest < 1 ||
    maxRecordsPerRequest > MAX_RECORDS_PER_REQUEST
  ) {
    throw new Error(
      `maxRecordsPerRequest: ${JSON.stringify(maxRecordsPerRequest)} must be a whole number from 1 to ${MAX_RECORDS_PER_REQUEST} (the PutRecords limit)`,
    );
  }

  const securityPolicy = args.securityPolicy ?? INGESTION_API_DEFAULTS.securityPolicy;
  if (!APIGATEWAY_TLS12_SECURITY_POLICIES.includes(securityPolicy) || securityPolicy.endsWith("_EDGE")) {
    const allowed = APIGATEWAY_TLS12_SECURITY_POLICIES.filter((p) => !p.endsWith("_EDGE"));
    throw new Error(
      `securityPolicy: "${String(securityPolicy)}" is not a regional TLS 1.2+ policy (${allowed.join(", ")})`,
    );
  }
  const enhanced = securityPolicy.startsWith("SecurityPolicy_");
  if (!enhanced && args.endpointAccessMode !== undefined) {
    throw new Error(
      `endpointAccessMode: "${args.endpointAccessMode}" applies only to SecurityPolicy_* policies, not "${securityPolicy}"`,
    );
  }
  const endpointAccessMode = enhanced
    ? (args.endpointAccessMode ?? INGESTION_API_DEFAULTS.endpointAccessMode)
    : undefined;
  if (endpointAccessMode !== undefined && !(ENDPOINT_ACCESS_MODES as readonly string[]).includes(endpointAccessMode)) {
    throw new Error(
      `endpointAccessMode: "${String(endpointAccessMode)}" must be one of ${ENDPOINT_ACCESS_MODES.map((m) => `"${m}"`).join(", ")}`,
    );
  }

  if (args.customDomain !== undefined) {
    const d = args.customDomain.domainName;
    if (typeof d !== "string" || !DOMAIN_NAME.test(d)) {
      throw new Error(
        `customDomain.domainName: "${String(d)}" is not a lower-case fully qualified domain name such as "ingest.example.com"`,
      );
    }
  }

  const webAcl = resolveSupporting("webAcl", args.webAcl);
  if (webAcl.kind === "skip" && args.acknowledgeNoWaf !== true) {
    throw new Error(
      "webAcl: { skip: true } leaves the stage without a WAF web ACL; set acknowledgeNoWaf: true to mean it",
    );
  }
  if (webAcl.kind === "create" && webAcl.args.scope !== undefined && webAcl.args.scope !== WAF_DEFAULTS.scope) {
    throw new Error(
      `webAcl.args.scope: ${JSON.stringify(webAcl.args.scope)} must be "${WAF_DEFAULTS.scope}" (API Gateway stages take regional web ACLs)`,
    );
  }
  const wafRateLimitPerIp = args.wafRateLimitPerIp ?? WAF_DEFAULTS.rateLimitPerIp;
  if (
    !Number.isInteger(wafRateLimitPerIp) ||
    wafRateLimitPerIp < WAF_RATE_LIMIT.min ||
    wafRateLimitPerIp > WAF_RATE_LIMIT.max
  ) {
    throw new Error(
      `wafRateLimitPerIp: ${JSON.stringify(wafRateLimitPerIp)} must be a whole number from ${WAF_RATE_LIMIT.min} to ${WAF_RATE_LIMIT.max}`,
    );
  }

  const given = checkThresholds("IngestionApi", INGESTION_API_METRIC_IDS, args.thresholds);
  const thresholds: Record<IngestionApiStageMetricId, number> = {
    "api-5xx-rate": given["api-5xx-rate"] ?? API_ALARM_DEFAULTS.serverErrorRate,
    "api-4xx-rate": given["api-4xx-rate"] ?? API_ALARM_DEFAULTS.clientErrorRate,
    "api-latency": given["api-latency"] ?? API_ALARM_DEFAULTS.latencyMs,
    "api-requests":
      given["api-requests"] ??
      Math.floor(throttle.rateLimit * API_ALARM_DEFAULTS.periodSeconds * API_ALARM_DEFAULTS.requestShareOfThrottle),
  };
  for (const id of ["api-5xx-rate", "api-4xx-rate"] as const) {
    const v = thresholds[id];
    if (!(v > 0 && v < 1))
      throw new Error(`thresholds["${id}"]: ${JSON.stringify(v)} is not a share between 0 and 1 (exclusive)`);
  }
  for (const id of ["api-latency", "api-requests"] as const) {
    if (!(thresholds[id] > 0)) throw new Error(`thresholds["${id}"]: ${JSON.stringify(thresholds[id])} is not above 0`);
  }
  const readerThresholds = subset(given, RECORD_READER_METRIC_IDS);
  for (const [id, v] of Object.entries(readerThresholds)) {
    if (!(v > 0)) throw new Error(`thresholds["${id}"]: ${JSON.stringify(v)} is not above 0`);
  }

  const region = args.region ?? aws.config.region;
  if (region === undefined) {
    throw new Error("region: not given and the aws:region config is not set");
  }
  assertRegionName("region", region);

  return {
    region,
    stageName,
    throttle,
    logRetentionInDays,
    authorization,
    maxRecordsPerRequest,
    securityPolicy,
    endpointAccessMode,
    webAcl,
    wafRateLimitPerIp,
    manageAccountCloudWatchRole: args.manageAccountCloudWatchRole ?? INGESTION_API_DEFAULTS.manageAccountCloudWatchRole,
    executionLoggingLevel,
    thresholds,
    readerThresholds,
  };
}
