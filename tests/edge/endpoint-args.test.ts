/** The args the edge components refuse, before anything is created, naming the component and the arg. */
import { describe, expect, it } from "vitest";
import { FailoverEndpoint, LatencyEndpoint, type FailoverEndpointArgs } from "../../components/edge";
import { resolveTiming } from "../../components/edge/validation";
import { InvalidArgError } from "../../components/shared/errors";

const failoverArgs: FailoverEndpointArgs = {
  region: "us-east-1",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  recordName: "app.example.com",
  role: "PRIMARY",
  loadBalancer: { dnsName: "lb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K" },
};

const thrown = (make: () => unknown): InvalidArgError => {
  try {
    make();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgError);
    return e as InvalidArgError;
  }
  throw new Error("nothing was thrown");
};

describe("the health check's timing", () => {
  it("defaults to Route 53's standard interval (30 s) and a threshold of 3, and takes the fast interval (10 s)", () => {
    expect(resolveTiming("C", undefined)).toEqual({ requestIntervalSeconds: 30, failureThreshold: 3 });
    expect(resolveTiming("C", { requestIntervalSeconds: 10, failureThreshold: 1 })).toEqual({
      requestIntervalSeconds: 10,
      failureThreshold: 1,
    });
  });

  it.each([
    [
      { requestIntervalSeconds: 20 },
      "healthCheck.requestIntervalSeconds",
      "20 is not 30 or 10 (the intervals Route 53 offers)",
    ],
    [{ failureThreshold: 0 }, "healthCheck.failureThreshold", "0 is not a whole number from 1 to 10"],
    [{ failureThreshold: 11 }, "healthCheck.failureThreshold", "11 is not a whole number from 1 to 10"],
    [{ failureThreshold: 2.5 }, "healthCheck.failureThreshold", "2.5 is not a whole number from 1 to 10"],
  ])("rejects %j as Route 53 would, naming the arg", (healthCheck, arg, problem) => {
    const error = thrown(
      () =>
        new FailoverEndpoint("app", {
          ...failoverArgs,
          healthCheck: healthCheck as FailoverEndpointArgs["healthCheck"],
        }),
    );
    expect(error.message).toBe(`FailoverEndpoint: ${arg}: ${problem}`);
  });
});

describe("the record names", () => {
  it("must be lower-case DNS names, for either kind of member", () => {
    expect(thrown(() => new FailoverEndpoint("app", { ...failoverArgs, recordName: "App.Example.com" })).message).toBe(
      `FailoverEndpoint: recordName: "App.Example.com" is not a lower-case DNS name`,
    );
    const latency = () =>
      new LatencyEndpoint("api", {
        region: "us-east-1",
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        recordName: "api_example.com",
        target: undefined,
        healthSignal: undefined as never,
        alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
      });
    expect(thrown(latency).message).toBe(`LatencyEndpoint: recordName: "api_example.com" is not a lower-case DNS name`);
  });
});
