import { describe, expect, it } from "vitest";
import { keyPrefix, optionalEnv, requireEnv } from "../../functions/shared/env";
import { backoffDelay, isRetryableError, mapConcurrent, retryPolicy } from "../../functions/shared/retry";
import { compareSequenceNumbers } from "../../functions/shared/sequence";

const awsError = (name: string, status?: number) =>
  Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });

describe("shared helpers of the functions", () => {
  it("waits a random time up to a cap that doubles per retry and stops at the maximum (full jitter)", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000 });
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffDelay(r, policy, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it("rejects a retry policy without at least one attempt", () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow("maxAttempts must be an integer ≥ 1");
  });

  it("retries throttling, 5xx and network errors, not validation, access or programming errors", () => {
    expect(isRetryableError(awsError("ProvisionedThroughputExceededException", 400))).toBe(true);
    expect(isRetryableError(awsError("ThrottlingException", 400))).toBe(true);
    expect(isRetryableError(awsError("InternalServerError", 500))).toBe(true);
    expect(isRetryableError(awsError("SomethingElse", 503))).toBe(true);
    expect(isRetryableError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isRetryableError(awsError("ValidationException", 400))).toBe(false);
    expect(isRetryableError(awsError("AccessDeniedException", 400))).toBe(false);
    expect(isRetryableError(awsError("ResourceNotFoundException", 400))).toBe(false);
    expect(isRetryableError(new TypeError("x is undefined"))).toBe(false);
    expect(isRetryableError("not an error")).toBe(false);
  });

  it("orders stream sequence numbers as numbers, whatever their length or leading zeros", () => {
    const sorted = [
      "100",
      "0099",
      "49590338271490256608559692538361571095921575989136588898",
      "9",
      "49590338271490256608559692538361571095921575989136588899",
    ].sort(compareSequenceNumbers);
    expect(sorted).toEqual([
      "9",
      "0099",
      "100",
      "49590338271490256608559692538361571095921575989136588898",
      "49590338271490256608559692538361571095921575989136588899",
    ]);
    expect(compareSequenceNumbers("000123", "123")).toBe(0);
  });

  it("runs at most `limit` tasks at once and keeps the results in input order", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it("reads required and optional settings from the environment, naming what is missing", () => {
    expect(requireEnv("X", { X: " v " })).toBe("v");
    expect(() => requireEnv("TABLE_NAME", {})).toThrow("environment variable TABLE_NAME is required and is not set");
    expect(() => requireEnv("TABLE_NAME", { TABLE_NAME: "  " })).toThrow("TABLE_NAME is required");
    expect(optionalEnv("KEY_PREFIX", "raw/changes", {})).toBe("raw/changes");
    expect(keyPrefix("/raw/changes/")).toBe("raw/changes");
  });
});
