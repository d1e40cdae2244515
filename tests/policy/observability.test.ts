import { describe, expect, it } from "vitest";
import { observabilityRules } from "../../policy/rules/observability";
import type { AnyRule } from "../../policy/rules/types";
import { alarm, fn, observabilityCases, rule, stream, trail } from "./cases/observability";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("observability", observabilityCases);

describe("cloudwatch-alarm-coverage", () => {
  const coverage = rule("cloudwatch-alarm-coverage");
  it("matches an alarm whose dimension value is unknown (preview) through the property dependency", () => {
    const unknown = alarm("ingest-errors", { dimensions: { FunctionName: undefined } }, { dimensions: "ingest" });
    expect(
      violationsOf(coverage, [
        fn,
        {
          ...unknown,
          inputs: { ...unknown.inputs, dimensions: { FunctionName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } },
        },
      ]),
    ).toEqual([]);
  });
  it("does not count a dependency on the resource when the alarm has no dimension for it", () => {
    const found = violationsOf(coverage, [
      fn,
      alarm("odd", { dimensions: { Resource: "x" } }, { dimensions: "ingest" }),
    ]);
    expect(found.map((v) => v.resourceName)).toEqual(["ingest"]);
  });
  it("reports the violation on the unalarmed resource", () => {
    const [v] = violationsOf(coverage, [stream]);
    expect(v).toMatchObject({
      resourceType: "aws:kinesis/stream:Stream",
      resourceName: "events",
      rule: "cloudwatch-alarm-coverage",
    });
  });
});

describe("cloudtrail-multi-region management events", () => {
  const multiRegion = rule("cloudtrail-multi-region");
  const messages = (inputs: Record<string, unknown>) =>
    violationsOf(multiRegion, [trail(inputs)]).map((v) => v.message);
  const management = { field: "eventCategory", equals: ["Management"] };

  it("accepts an advanced selector for all management events", () => {
    expect(messages({ advancedEventSelectors: [{ name: "management", fieldSelectors: [management] }] })).toEqual([]);
  });
  it("rejects advanced selectors limited to reads or writes", () => {
    expect(
      messages({
        advancedEventSelectors: [{ fieldSelectors: [management, { field: "readOnly", equals: ["false"] }] }],
      }),
    ).toEqual([expect.stringMatching(/no advanced event selector records all read and write management events/)]);
  });
  it("rejects selectors that exclude management event sources", () => {
    expect(
      messages({
        eventSelectors: [
          { readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: ["kms.amazonaws.com"] },
        ],
      }),
    ).toEqual([expect.stringMatching(/management events of kms\.amazonaws\.com are excluded/)]);
  });
  it("reports a trail with logging turned off", () => {
    expect(messages({ enableLogging: false })).toEqual([expect.stringMatching(/"audit" has logging turned off/)]);
  });
});

describe("observability rules on missing and malformed props", () => {
  it("do not throw", () => {
    const odd = [
      {},
      {
        eventSelectors: [null],
        advancedEventSelectors: [{ fieldSelectors: [null] }],
        loggingConfiguration: "x",
        tracingConfiguration: null,
        alarmActions: "arn",
        dimensions: "x",
        metricQueries: [null, { metric: null }],
      },
    ];
    for (const r of observabilityRules as readonly AnyRule[]) {
      if (r.kind !== "resource") continue;
      for (const type of r.resourceTypes)
        for (const props of odd)
          expect(() => r.validate({ type, name: "x", urn: "urn:x", props }, r.config?.defaults ?? {})).not.toThrow();
    }
    const coverage = rule("cloudwatch-alarm-coverage");
    expect(() =>
      violationsOf(coverage, [fn, alarm("odd", { dimensions: "x", metricQueries: [null, { metric: null }] })]),
    ).not.toThrow();
  });
});
