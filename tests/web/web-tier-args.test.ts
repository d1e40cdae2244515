/**
 * The args ResilientWebTier refuses, without the Pulumi runtime: its validation (validateWebTierArgs,
 * which the constructor runs before creating anything, naming the component). That a refusal
 * reaches a plan as one clean message is tests/web/web-tier-options.pulumi.test.ts; the
 * `deployment` arg's own checks are tests/web/release.test.ts.
 */
import { describe, expect, it } from "vitest";
import { validating } from "../../components/shared/errors";
import type { ResilientWebTierArgs } from "../../components/web";
import { validateWebTierArgs } from "../../components/web/validation";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const ARGS: ResilientWebTierArgs = {
  region: "us-east-1",
  kmsKeyArn: KEY,
  // Validation reads no resource: the network is for the constructor.
  network: undefined as never,
  availabilityZoneCount: 2,
  accessLogBucketName: "access-logs-use1-0000000",
  hostName: "shop.example.com",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
};
const validate = (overrides: Partial<ResilientWebTierArgs>, name = "shop") =>
  validating("ResilientWebTier", () => validateWebTierArgs(name, { ...ARGS, ...overrides }));

describe("ResilientWebTier refuses bad args before creating anything", () => {
  it("accepts the args the refusals below start from", () => {
    expect(() => validate({})).not.toThrow();
  });

  it.each<[string, Partial<ResilientWebTierArgs>, string]>([
    ["a burstable instance class", { database: { instanceClass: "db.t4g.medium" } }, "database.instanceClass"],
    ["a non-TLS 1.3 policy", { loadBalancer: { sslPolicy: "ELBSecurityPolicy-2016-08" } }, "loadBalancer.sslPolicy"],
    ["a rate window WAF lacks", { loadBalancer: { rateLimitWindowSeconds: 30 } }, "loadBalancer.rateLimit"],
    ["more minimum than maximum tasks", { app: { minTasks: 5, maxTasks: 3 } }, "app.maxTasks"],
    ["an unknown capacity", { app: { capacity: "lambda" as never } }, "app.capacity"],
    ["a host name with capitals", { hostName: "Shop.Example.com" }, "hostName"],
    ["a Lambda path without its slash", { lambdaTarget: { path: "api" } }, "lambdaTarget.path"],
    ["a threshold for no metric", { thresholds: { "no-such-metric": 1 } as never }, "no-such-metric"],
    [
      "blue/green without the alarm topic it rolls back on",
      { deployment: { strategy: "blue-green" } },
      "alarmTopicArn",
    ],
  ])("refuses %s, naming the component and the arg", (_what, overrides, named) => {
    expect(() => validate(overrides)).toThrow(new RegExp(`^ResilientWebTier: .*${named.replace(/\./g, "\\.")}`));
  });
});
