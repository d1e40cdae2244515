/**
 * PlatformFunction refuses args Lambda would reject, naming the arg, before it creates anything
 * (the checks run before the component registers, so no Pulumi runtime is needed here).
 */
import { describe, expect, it } from "vitest";
import {
  MAX_DESCRIPTION_LENGTH,
  PlatformFunction,
  type PlatformFunctionArgs,
} from "../../components/compute/platform-function";

const valid: PlatformFunctionArgs = {
  handler: "workflow-step",
  description: "Classifies a stored record's event",
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
  region: "us-east-1",
};

const refusal = (args: Partial<PlatformFunctionArgs>) => {
  try {
    new PlatformFunction("fn", { ...valid, ...args });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("accepted");
};

describe("PlatformFunction args", () => {
  it.each([
    ["an empty description", ""],
    ["a blank description", "   "],
    ["a description of two lines", "Stores records.\nAnd announces them."],
    [`a description over ${MAX_DESCRIPTION_LENGTH} characters`, "x".repeat(MAX_DESCRIPTION_LENGTH + 1)],
  ])("refuses %s: every function says in one line what it does", (_, description) => {
    const message = refusal({ description });
    expect(message).toContain("PlatformFunction: description: ");
    expect(message).toContain(JSON.stringify(description));
  });

  it.each([
    ["memorySize", { memorySize: 64 }, "64 is not an integer from 128 to 10240"],
    ["timeoutSeconds", { timeoutSeconds: 901 }, "901 is not an integer from 1 to 900"],
    ["logRetentionInDays", { logRetentionInDays: 0 }, "0 is not an integer from 1 to 3653"],
    [
      "reservedConcurrentExecutions",
      { reservedConcurrentExecutions: 0 },
      "0 would stop the function from ever running",
    ],
    ["region", { region: "US East" }, '"US East" is not an AWS region name (expected e.g. "us-east-1")'],
  ])("refuses a %s Lambda would reject, naming the component and the arg", (arg, args, expected) => {
    expect(refusal(args as Partial<PlatformFunctionArgs>)).toBe(`PlatformFunction: ${arg}: ${expected}`);
  });

  it.each([
    [
      { strategy: "canary", minutes: 7 },
      "release.minutes: 7 is not an interval of CodeDeploy's predefined canary configurations (5, 10, 15, 30)",
    ],
    [
      { strategy: "linear", minutes: 5 },
      "release.minutes: 5 is not an interval of CodeDeploy's predefined linear configurations (1, 2, 3, 10)",
    ],
    [{ strategy: "all-at-once", minutes: 5 }, "release.minutes: 5: an all-at-once release has no interval"],
    [{ strategy: "blue-green" }, 'release.strategy: "blue-green" is not one of canary, linear, all-at-once'],
  ])("refuses a release CodeDeploy has no predefined configuration for (%o)", (release, expected) => {
    expect(refusal({ release } as Partial<PlatformFunctionArgs>)).toBe(`PlatformFunction: ${expected}`);
  });
});
