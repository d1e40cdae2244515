/**
 * The web status function (the ALB's Lambda target): its responses to real-shaped ALB events,
 * and the deployed bundle answering one as index.handler with its environment.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ALBEvent, ALBResult } from "aws-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { withBundledHandler } from "../support/bundled-handler";
import { WEB_STATUS_ENV } from "../../functions/web-status/environment";
import {
  INVALID_ALB_EVENT,
  InvalidAlbEventError,
  statusConfigFromEnv,
  statusResponse,
  type StatusConfig,
} from "../../functions/web-status/status";

const TARGET_GROUP_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-web-status/49e9d65c45c6791a";

/** A request as a target group of type lambda with multi-value headers off delivers it. */
const albEvent = (httpMethod: string, overrides: Partial<ALBEvent> = {}): ALBEvent => ({
  requestContext: { elb: { targetGroupArn: TARGET_GROUP_ARN } },
  httpMethod,
  path: "/status",
  queryStringParameters: {},
  headers: {
    accept: "application/json",
    "accept-encoding": "gzip",
    host: "prod-web-123578498.us-east-1.elb.amazonaws.com",
    "user-agent": "curl/8.5.0",
    "x-amzn-trace-id": "Root=1-5c536348-3d683b8b04734faae651f476",
    "x-forwarded-for": "72.12.164.125",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
  },
  body: "",
  isBase64Encoded: false,
  ...overrides,
});

const config: StatusConfig = { region: "us-east-1", role: "primary", service: "web-status" };
const now = new Date("2025-01-31T12:00:00.000Z");

const thrown = (event: unknown): InvalidAlbEventError => {
  try {
    statusResponse(event, config);
  } catch (error) {
    return error as InvalidAlbEventError;
  }
  throw new Error("expected statusResponse to throw");
};

describe("web status: responses", () => {
  it("answers GET with 200 and the region, role, service, time and request id as JSON", () => {
    const response = statusResponse(albEvent("GET"), config, { now, requestId: "req-1" });
    expect(response).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: expect.any(String),
      isBase64Encoded: false,
    });
    expect(JSON.parse(response.body!)).toEqual({
      region: "us-east-1",
      role: "primary",
      service: "web-status",
      time: "2025-01-31T12:00:00.000Z",
      requestId: "req-1",
    });
  });

  it("leaves requestId out when there is none, and reports the current time by default", () => {
    const before = Date.now();
    const body = JSON.parse(statusResponse(albEvent("GET"), { ...config, role: "secondary" }).body!) as Record<
      string,
      unknown
    >;
    expect(Object.keys(body).sort()).toEqual(["region", "role", "service", "time"]);
    expect(body.role).toBe("secondary");
    expect(Date.parse(body.time as string)).toBeGreaterThanOrEqual(before - 1);
  });

  it("answers HEAD with GET's status and headers and an empty body", () => {
    const head = statusResponse(albEvent("HEAD"), config, { now, requestId: "req-1" });
    const get = statusResponse(albEvent("GET"), config, { now, requestId: "req-1" });
    expect(head).toEqual({ ...get, body: "" });
  });

  it.each(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])("answers %s with 405 and Allow: GET, HEAD", (method) => {
    const response = statusResponse(albEvent(method, { body: '{"x":1}' }), config, { now });
    expect(response).toEqual({
      statusCode: 405,
      statusDescription: "405 Method Not Allowed",
      headers: { "content-type": "application/json", "cache-control": "no-store", allow: "GET, HEAD" },
      body: JSON.stringify({ message: `method ${method} not allowed` }),
      isBase64Encoded: false,
    });
  });

  it("answers the load balancer's health check (GET, no query, no body) with 200", () => {
    const check = albEvent("GET", {
      path: "/",
      headers: { "user-agent": "ELB-HealthChecker/2.0" },
      queryStringParameters: undefined,
      body: null,
    });
    expect(statusResponse(check, config).statusCode).toBe(200);
  });

  it.each([
    ["not an object", "GET /status", ["event: must be an object"]],
    ["null", null, ["event: must be an object"]],
    [
      "an API Gateway event",
      { httpMethod: "GET", path: "/", requestContext: { apiId: "a1b2c3", stage: "prod" } },
      ["requestContext.elb.targetGroupArn: required"],
    ],
    [
      "an SQS event",
      { Records: [{ body: "x" }] },
      ["requestContext.elb.targetGroupArn: required", "httpMethod: required"],
    ],
    ["an ALB event without a method", { ...albEvent("GET"), httpMethod: undefined }, ["httpMethod: required"]],
  ])("throws InvalidAlbEvent for %s", (_, event, issues) => {
    const error = thrown(event);
    expect(error).toBeInstanceOf(InvalidAlbEventError);
    expect(error.name).toBe(INVALID_ALB_EVENT);
    expect(error.name).toBe("InvalidAlbEvent");
    expect(error.issues).toEqual(issues);
    expect(error.message).toContain("not an Application Load Balancer request");
  });
});

describe("web status: configuration", () => {
  it("reads the region, the role from PLATFORM_ROLE and the service from POWERTOOLS_SERVICE_NAME", () => {
    expect(WEB_STATUS_ENV).toEqual({ role: "PLATFORM_ROLE" });
    expect(
      statusConfigFromEnv({ AWS_REGION: "us-west-2", PLATFORM_ROLE: "secondary", POWERTOOLS_SERVICE_NAME: "web" }),
    ).toEqual({ region: "us-west-2", role: "secondary", service: "web" });
    expect(statusConfigFromEnv({ AWS_REGION: "us-east-1", PLATFORM_ROLE: "primary" }).service).toBe("web-status");
  });

  it.each([
    [{ PLATFORM_ROLE: "primary" }, "environment variable AWS_REGION is required and is not set"],
    [{ AWS_REGION: "us-east-1" }, "environment variable PLATFORM_ROLE is required and is not set"],
    [{ AWS_REGION: "us-east-1", PLATFORM_ROLE: " " }, "environment variable PLATFORM_ROLE is required and is not set"],
    [
      { AWS_REGION: "us-east-1", PLATFORM_ROLE: "Primary" },
      'PLATFORM_ROLE must be primary or secondary, got "Primary"',
    ],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(() => statusConfigFromEnv(env)).toThrow(message);
  });
});

describe("web status: the deployed bundle", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "web-status-bundle-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs as index.handler from its esbuild bundle: 200 for GET, 405 for POST, InvalidAlbEvent otherwise", async () => {
    type Handler = (event: unknown, context: unknown) => Promise<ALBResult>;
    const env = {
      AWS_REGION: "us-west-2",
      [WEB_STATUS_ENV.role]: "secondary",
      POWERTOOLS_SERVICE_NAME: "web-status",
      POWERTOOLS_LOG_LEVEL: "SILENT",
    };
    await withBundledHandler<Handler>("web-status", dir, env, async (handler) => {
      const context = {
        functionName: "web-status",
        awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
        invokedFunctionArn: "arn:aws:lambda:us-west-2:123456789012:function:web-status",
        memoryLimitInMB: "512",
        functionVersion: "$LATEST",
        getRemainingTimeInMillis: () => 30_000,
      };

      const get = await handler(albEvent("GET"), context);
      expect(get).toMatchObject({ statusCode: 200, statusDescription: "200 OK", isBase64Encoded: false });
      expect(get.headers).toEqual({ "content-type": "application/json", "cache-control": "no-store" });
      expect(JSON.parse(get.body!)).toEqual({
        region: "us-west-2",
        role: "secondary",
        service: "web-status",
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        requestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
      });

      expect(await handler(albEvent("HEAD"), context)).toMatchObject({ statusCode: 200, body: "" });
      const post = await handler(albEvent("POST"), context);
      expect(post).toMatchObject({ statusCode: 405, statusDescription: "405 Method Not Allowed" });
      expect(post.headers).toMatchObject({ allow: "GET, HEAD" });
      // The error name survives minification (what a caller or a log filter sees).
      await expect(handler({ Records: [] }, context)).rejects.toMatchObject({ name: "InvalidAlbEvent" });

      process.env[WEB_STATUS_ENV.role] = "tertiary";
      await expect(handler(albEvent("GET"), context)).rejects.toThrow("PLATFORM_ROLE must be primary or secondary");
    });
  });
});
