/**
 * The web status function's logic: the answer to an Application Load Balancer request for a
 * target group of type `lambda` with multi-value headers off (the event's and the response's
 * headers are single-valued `headers` objects). Pure: the region, role, service, clock and
 * request id come in as arguments.
 *
 * - GET: 200 with `{ region, role, service, time, requestId? }` as JSON.
 * - HEAD: 200, the same headers, an empty body.
 * - Any other method: 405, `Allow: GET, HEAD`, a JSON error body.
 * Every response has `content-type: application/json`, `cache-control: no-store`, the
 * `statusDescription` the load balancer requires ("200 OK") and `isBase64Encoded: false`.
 *
 * An event that is not an ALB request (no `requestContext.elb.targetGroupArn` or no
 * `httpMethod`) throws `InvalidAlbEventError` (name "InvalidAlbEvent"). A load balancer never
 * sends one, so it means a wrong trigger or a hand-made invocation: failing the invocation counts
 * it in the function's Errors metric (its alarm), instead of answering HTTP to a caller that is
 * not HTTP.
 */
import type { ALBEvent, ALBResult } from "aws-lambda";
import { WEB_STATUS_ENV } from "./environment";

/** The error name of an event that is not an Application Load Balancer request. */
export const INVALID_ALB_EVENT = "InvalidAlbEvent";

export class InvalidAlbEventError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`not an Application Load Balancer request: ${issues.join("; ")}`);
    this.name = INVALID_ALB_EVENT;
    this.issues = issues;
  }
}

export const PLATFORM_ROLES = ["primary", "secondary"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** What the function reports about where it runs. */
export interface StatusConfig {
  region: string;
  role: PlatformRole;
  service: string;
}

/** The body of a 200. */
export interface StatusBody extends StatusConfig {
  /** When the function answered, ISO 8601 UTC. */
  time: string;
  /** The Lambda request id of the invocation, when there is one. */
  requestId?: string;
}

/** The methods that answer 200 (the `Allow` header of a 405). */
export const ALLOWED_METHODS = ["GET", "HEAD"] as const;

/** The service name unless POWERTOOLS_SERVICE_NAME says otherwise. */
export const DEFAULT_SERVICE = "web-status";

/**
 * The configuration from the environment: AWS_REGION and PLATFORM_ROLE are required (an error
 * naming the variable otherwise), the role must be "primary" or "secondary".
 */
export function statusConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StatusConfig {
  const region = env.AWS_REGION?.trim();
  if (!region) throw new Error("environment variable AWS_REGION is required and is not set");
  const role = env[WEB_STATUS_ENV.role]?.trim();
  if (!role) throw new Error(`environment variable ${WEB_STATUS_ENV.role} is required and is not set`);
  if (!(PLATFORM_ROLES as readonly string[]).includes(role))
    throw new Error(
      `environment variable ${WEB_STATUS_ENV.role} must be ${PLATFORM_ROLES.join(" or ")}, got ${JSON.stringify(role)}`,
    );
  return { region, role: role as PlatformRole, service: env.POWERTOOLS_SERVICE_NAME?.trim() || DEFAULT_SERVICE };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks that `event` is an ALB request (what this function reads of one); throws InvalidAlbEventError. */
export function assertAlbEvent(event: unknown): asserts event is ALBEvent {
  if (!isObject(event)) throw new InvalidAlbEventError(["event: must be an object"]);
  const issues: string[] = [];
  const elb = isObject(event.requestContext) ? event.requestContext.elb : undefined;
  if (!isObject(elb) || typeof elb.targetGroupArn !== "string" || elb.targetGroupArn === "")
    issues.push("requestContext.elb.targetGroupArn: required");
  if (typeof event.httpMethod !== "string" || event.httpMethod === "") issues.push("httpMethod: required");
  if (issues.length > 0) throw new InvalidAlbEventError(issues);
}

const STATUS_TEXT: Record<number, string> = { 200: "OK", 405: "Method Not Allowed" };

function respond(statusCode: number, body: string, extraHeaders: Record<string, string> = {}): ALBResult {
  return {
    statusCode,
    // "<code> <reason>": the load balancer requires it and builds the status line from it.
    statusDescription: `${statusCode} ${STATUS_TEXT[statusCode]}`,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...extraHeaders },
    body,
    isBase64Encoded: false,
  };
}

/** The response to one ALB request. Throws InvalidAlbEventError for an event that is not one. */
export function statusResponse(
  event: unknown,
  config: StatusConfig,
  options: { now?: Date; requestId?: string } = {},
): ALBResult {
  assertAlbEvent(event);
  const method = event.httpMethod.toUpperCase();
  if (method !== "GET" && method !== "HEAD")
    return respond(405, JSON.stringify({ message: `method ${method} not allowed` }), {
      allow: ALLOWED_METHODS.join(", "),
    });
  const body: StatusBody = {
    region: config.region,
    role: config.role,
    service: config.service,
    time: (options.now ?? new Date()).toISOString(),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  };
  // HEAD: the headers a GET would have, no body.
  return respond(200, method === "HEAD" ? "" : JSON.stringify(body));
}
