import { describe, expect, it } from "vitest";
import { PolicyConfigError, resolvePackConfig } from "../../offline/policy-config";
import { evaluatePolicies } from "../../offline/policy-runner";
import { ALL_RULES } from "../../policy/rules";
import { stackGraph, type Spec } from "./harness";

const suspended: Spec[] = [
  {
    type: "aws:s3/bucketVersioning:BucketVersioning",
    name: "v",
    inputs: { bucket: "b", versioningConfiguration: { status: "Suspended" } },
  },
];
const rule = "s3-versioning-enabled";
const levelOf = (config?: Parameters<typeof evaluatePolicies>[2]) =>
  evaluatePolicies(stackGraph(suspended), ALL_RULES, config).find((v) => v.rule === rule)?.enforcementLevel;

describe("policy pack config", () => {
  it("uses each rule's own enforcement level by default", () => {
    expect(levelOf()).toBe("mandatory");
  });

  it("lets `all` set the level of every rule", () => {
    expect(levelOf({ all: "advisory" })).toBe("advisory");
  });

  it("lets a rule's own entry override `all`, as a level or as { enforcementLevel }", () => {
    expect(levelOf({ all: "advisory", [rule]: "mandatory" })).toBe("mandatory");
    expect(levelOf({ all: "advisory", [rule]: { enforcementLevel: "mandatory" } })).toBe("mandatory");
  });

  it("skips a disabled rule entirely", () => {
    expect(levelOf({ [rule]: "disabled" })).toBeUndefined();
  });

  it("rejects an unknown rule name, naming it", () => {
    expect(() => resolvePackConfig(ALL_RULES, { "s3-versionning": "advisory" })).toThrow(
      /"s3-versionning" is not a rule of this pack/,
    );
  });

  it("rejects an unknown enforcement level, naming the rule and the value", () => {
    expect(() => resolvePackConfig(ALL_RULES, { [rule]: "strict" as never })).toThrow(
      new RegExp(`${rule}: enforcement level "strict" is not one of advisory, mandatory, remediate, disabled`),
    );
    expect(() => resolvePackConfig(ALL_RULES, { all: "loud" as never })).toThrow(/all: enforcement level "loud"/);
  });

  it("rejects settings on a rule that takes none, naming them", () => {
    expect(() => resolvePackConfig(ALL_RULES, { [rule]: { enforcementLevel: "advisory", minimumDays: 3 } })).toThrow(
      new RegExp(`${rule}: takes no settings, got "minimumDays"`),
    );
  });

  it("reports every problem at once", () => {
    try {
      resolvePackConfig(ALL_RULES, { nope: "advisory", [rule]: "strict" as never });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyConfigError);
      expect((e as Error).message.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(2);
    }
  });

  it("validates a configurable rule's settings against its schema, naming the setting", () => {
    const configurable = ALL_RULES.find((r) => r.config);
    expect(configurable).toBeDefined();
    if (!configurable?.config) return;
    const [setting] = Object.keys(configurable.config!.schema.properties);
    expect(() => resolvePackConfig(ALL_RULES, { [configurable.name]: { [setting!]: { not: "valid" } } })).toThrow(
      new RegExp(`${configurable.name}\\.${setting}`),
    );
    expect(() => resolvePackConfig(ALL_RULES, { [configurable.name]: { bogus: 1 } })).toThrow(/"bogus"/);
  });
});

describe("policy/config.example.json (shown in the README)", () => {
  it("is a valid pack config", async () => {
    const example = (await import("../../policy/config.example.json")).default as Record<string, unknown>;
    expect(() => resolvePackConfig(ALL_RULES, example as never)).not.toThrow();
    expect(levelOf(example as never)).toBe("mandatory");
  });
});
