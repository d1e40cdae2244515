/**
 * Application-error metric filters: the pattern of each kind of log group matches the error lines
 * our code (Powertools Logger through functions/shared/powertools.ts), API Gateway (our access-log
 * format) and Step Functions write, and not their other lines; one descriptor per log group.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { instrumented } from "../../functions/shared/powertools";
import { ACCESS_LOG_FORMAT } from "../../components/ingestion/api/defaults";
import {
  APPLICATION_ERRORS_NAMESPACE,
  ERROR_PATTERNS,
  LOG_ERROR_ALARM_DEFAULTS,
  logErrorMetrics,
} from "../../components/observability/log-errors";
import type { LogGroupRef } from "../../components/shared/log-groups";
import { matchesFilterPattern } from "../support/filter-pattern";

/** The JSON lines a Powertools Logger writes while `act` runs. */
async function linesLogged(act: (logger: Logger) => Promise<unknown> | void): Promise<string[]> {
  const written: string[] = [];
  // Powertools writes WARN and above to stderr, the rest to stdout: both, in order.
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, "write").mockImplementation(capture),
    vi.spyOn(process.stderr, "write").mockImplementation(capture),
  ];
  try {
    await act(new Logger({ serviceName: "consumer", logLevel: "DEBUG" }));
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  return written
    .join("")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"));
}

const context = { functionName: "prod-ingestion-consumer-fn", awsRequestId: "req-1" } as unknown as Context;

afterEach(() => vi.restoreAllMocks());

describe("the lambda and ecs pattern (Powertools Logger lines)", () => {
  const pattern = ERROR_PATTERNS.lambda;

  it("matches the line a handler writes when its invocation fails", async () => {
    const lines = await linesLogged(async (logger) => {
      const handler = instrumented({ logger }, async () => {
        throw new Error("table unavailable");
      });
      await handler({}, context).catch(() => undefined);
    });
    const failure = lines.find((l) => JSON.parse(l).message === "invocation failed");
    expect(failure, lines.join("\n")).toBeDefined();
    expect(matchesFilterPattern(pattern, failure!)).toBe(true);
  });

  it("matches ERROR and CRITICAL lines and no INFO, WARN or DEBUG line", async () => {
    const lines = await linesLogged((logger) => {
      logger.debug("polling");
      logger.info("stored", { eventId: "e-1" });
      logger.warn("retrying", { attempt: 2 });
      logger.error("could not store", { eventId: "e-2" });
      logger.critical("out of memory");
    });
    const levels = lines.map((l) => JSON.parse(l).level as string);
    expect(levels).toEqual(["DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"]);
    expect(lines.map((l) => matchesFilterPattern(pattern, l))).toEqual([false, false, false, true, true]);
  });

  it("matches the runtime's own error line in Lambda's JSON log format, not a platform report", () => {
    const invokeError = JSON.stringify({
      timestamp: "2026-11-30T05:00:00.000Z",
      level: "ERROR",
      requestId: "req-1",
      message: "Invoke Error",
      errorType: "Error",
    });
    const report = JSON.stringify({ time: "2026-11-30T05:00:00.000Z", type: "platform.report", record: {} });
    expect(matchesFilterPattern(pattern, invokeError)).toBe(true);
    expect(matchesFilterPattern(pattern, report)).toBe(false);
    expect(matchesFilterPattern(pattern, "ERROR not json")).toBe(false);
  });

  it("is the same for ECS tasks, which log through the same Logger", () => {
    expect(ERROR_PATTERNS.ecs).toBe(ERROR_PATTERNS.lambda);
  });
});

describe("the api pattern (our access-log format)", () => {
  const line = (status: string) =>
    ACCESS_LOG_FORMAT.replace(/"\$context\.status"/, JSON.stringify(status)).replace(/\$context\.[\w.]+/g, "-");

  it("matches a 5xx answer and no 2xx or 4xx", () => {
    expect(JSON.parse(line("502")).status).toBe("502");
    expect(["500", "502", "504"].map((s) => matchesFilterPattern(ERROR_PATTERNS.api, line(s)))).toEqual([
      true,
      true,
      true,
    ]);
    expect(["200", "404", "429"].map((s) => matchesFilterPattern(ERROR_PATTERNS.api, line(s)))).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("the states pattern (Step Functions execution history events)", () => {
  const event = (type: string) =>
    JSON.stringify({ id: "7", type, details: {}, previous_event_id: "6", event_timestamp: "1764478800000" });

  it("matches an execution that failed, timed out or was aborted, and no other event", () => {
    const failing = ["ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"];
    const others = ["ExecutionStarted", "TaskStateEntered", "ExecutionSucceeded", "LambdaFunctionFailed"];
    expect(failing.map((t) => matchesFilterPattern(ERROR_PATTERNS.states, event(t)))).toEqual([true, true, true]);
    expect(others.map((t) => matchesFilterPattern(ERROR_PATTERNS.states, event(t)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("logErrorMetrics", () => {
  const groups: LogGroupRef[] = [
    { id: "consumer", name: pulumi.output("/aws/lambda/c"), source: "lambda" },
    { id: "api-access", name: pulumi.output("access"), source: "api" },
  ];

  it("describes one alarmable metric per log group, named after the component and the group", () => {
    const metrics = logErrorMetrics({ component: "prod-ingestion", logGroups: groups });
    expect(metrics.map((m) => [m.id, m.namespace, m.metricName])).toEqual([
      ["consumer-log-errors", APPLICATION_ERRORS_NAMESPACE, "prod-ingestion/consumer"],
      ["api-access-log-errors", APPLICATION_ERRORS_NAMESPACE, "prod-ingestion/api-access"],
    ]);
    expect(metrics[0]).toMatchObject({ ...LOG_ERROR_ALARM_DEFAULTS, dimensions: {}, treatMissingData: "notBreaching" });
  });

  it("rejects a log group id used twice, naming it", () => {
    expect(() => logErrorMetrics({ component: "web", logGroups: [groups[0]!, groups[0]!] })).toThrow(
      'ObservabilityStack: logGroups: id "consumer" of web appears twice',
    );
  });

  it("rejects ids and component names CloudWatch metric names cannot carry", () => {
    expect(() => logErrorMetrics({ component: "web", logGroups: [{ ...groups[0]!, id: "Consumer Logs" }] })).toThrow(
      /id "Consumer Logs" of web is not lower-case words/,
    );
    expect(() => logErrorMetrics({ component: "web:prod", logGroups: groups })).toThrow(
      /component: "web:prod" cannot start a metric name/,
    );
  });
});
