/**
 * X-Ray: the group filter expression selects a component's traces by the names and segment types
 * its resources write; the sampling rule's settings are X-Ray's limits.
 */
import { describe, expect, it } from "vitest";
import { samplingRuleSettings, traceFilterExpression } from "../../components/observability/tracing";
import { SAMPLING_DEFAULTS, SEGMENT_TYPES } from "../../components/observability/tracing-defaults";

describe("traceFilterExpression", () => {
  it("selects each resource by its segment name and type, joined by OR", () => {
    expect(
      traceFilterExpression([
        { kind: "lambda", name: "prod-ingestion-consumer-fn-1a2b3c4" },
        { kind: "api", name: "prod-ingestion-api-api-5d6e7f8/v1" },
        { kind: "states", name: "prod-ingestion-events-workflow-20261130" },
      ]),
    ).toBe(
      [
        'service(id(name: "prod-ingestion-api-api-5d6e7f8/v1", type: "AWS::ApiGateway::Stage"))',
        'service(id(name: "prod-ingestion-consumer-fn-1a2b3c4", type: "AWS::Lambda::Function"))',
        'service(id(name: "prod-ingestion-events-workflow-20261130", type: "AWS::StepFunctions::StateMachine"))',
      ].join(" OR "),
    );
  });

  it("is the same whatever the order and without duplicates, so a plan shows no false change", () => {
    const a = { kind: "lambda" as const, name: "a" };
    const b = { kind: "states" as const, name: "b" };
    expect(traceFilterExpression([b, a, a])).toBe(traceFilterExpression([a, b]));
    expect(traceFilterExpression([a, b]).split(" OR ")).toHaveLength(2);
  });

  it("quotes names as X-Ray string literals", () => {
    expect(traceFilterExpression([{ kind: "lambda", name: 'odd"name' }])).toContain('name: "odd\\"name"');
  });

  it("has a segment type for every traced kind", () => {
    expect(Object.keys(SEGMENT_TYPES).sort()).toEqual(["api", "lambda", "states"]);
  });

  it("refuses a resource without a name", () => {
    expect(() => traceFilterExpression([{ kind: "lambda", name: "" }])).toThrow(
      'ObservabilityStack: traced: a lambda resource has no name ("")',
    );
  });
});

describe("samplingRuleSettings", () => {
  const rule = { ruleName: "prod-platform", serviceNamePattern: "prod-*" };

  it("defaults to X-Ray's Default rule's rates, ahead of it", () => {
    expect(samplingRuleSettings(rule)).toEqual({ reservoirSize: 1, fixedRate: 0.05, priority: 1000 });
    expect(SAMPLING_DEFAULTS.priority).toBeLessThan(10_000);
  });

  it.each([
    [{ fixedRate: 1.5 }, "fixedRate: 1.5 is not a share from 0 to 1"],
    [{ reservoirSize: 0.5 }, "reservoirSize: 0.5 is not a whole number"],
    [{ priority: 0 }, "priority: 0 is not an integer from 1 to 9999"],
    [{ priority: 10_000 }, "priority: 10000 is not an integer from 1 to 9999"],
    [{ ruleName: "a".repeat(33) }, `ruleName: "${"a".repeat(33)}" is not 1-32 letters`],
    [{ ruleName: "prod platform" }, 'ruleName: "prod platform" is not 1-32 letters'],
    [{ serviceNamePattern: "p".repeat(65) }, "serviceNamePattern: "],
  ])("rejects %o, naming the arg", (override, message) => {
    expect(() => samplingRuleSettings({ ...rule, ...override })).toThrow(`ObservabilityStack: ${message}`);
  });
});
