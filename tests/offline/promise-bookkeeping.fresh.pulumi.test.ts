/**
 * planProgram switches on the engine's stackless promise bookkeeping (offline/promise-bookkeeping.ts)
 * in its process: a plan that stamped every promise with a stack would be about a third slower
 * and still pass every other test.
 */
import * as aws from "@pulumi/aws";
import { expect, it } from "vitest";
import { promiseBookkeeping, UNRECORDED_STACK } from "../../offline/promise-bookkeeping";
import { planProgram } from "../../offline/testkit";

it("a plan installs the stackless promise bookkeeping: the runtime's promises carry no stack after it", async () => {
  // This process has planned nothing yet (a *.fresh.pulumi.test.ts gets a process of its own).
  expect(promiseBookkeeping.isInstalled()).toBe(false);
  await planProgram(() => {
    new aws.sqs.Queue("queue", {});
  });
  expect(promiseBookkeeping.isInstalled()).toBe(true);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
  };
  const promise = Promise.resolve(1);
  await debuggable.debuggablePromise(promise, "after the plan");
  expect((promise as unknown as { _debugStackTrace: string })._debugStackTrace).toBe(UNRECORDED_STACK);
});
