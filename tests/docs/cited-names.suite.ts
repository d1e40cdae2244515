/**
 * The component reference (README, "Components", generated from the TSDoc) cites args, outputs and
 * methods by name in backticks. A renamed arg must not live on in the prose: every camelCase name
 * a reference cell cites is an arg, output or method of a component (or one of the few other
 * names listed below, each with what it is).
 *
 * One of the suites that tests/typescript.test.ts runs in one worker (they share what TypeScript parsed).
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collectComponents, type ComponentDoc } from "../../offline/component-reference";

const ROOT = path.resolve(__dirname, "..", "..");

/** Names the prose cites that are not a component's member, and what they are. */
const OTHER_NAMES: Record<string, string> = {
  kmsKeyId: "a property of aws.cloudwatch.LogGroupArgs (RegionalNetwork's flowLogs: { args })",
  perAz: 'a value of RegionalNetwork\'s natStrategy ("perAz" | "single")',
  keyPolicyStatements: "a function of twin-region/security",
  deliveryTopicStatements:
    "a function of twin-region/delivery (the alarm topic's policy statements for its notifications)",
  deliveryKeyStatements: "a function of twin-region/delivery (the key's policy statement for its notifications)",
};

/** camelCase identifiers in backticks, such as `alarmThresholds` (one capital at least: not plain words). */
const citedNames = (text: string): string[] =>
  [...text.matchAll(/`([a-z][a-zA-Z0-9]*[A-Z][a-zA-Z0-9]*)`/g)].map((m) => m[1]!);

let components: ComponentDoc[];
beforeAll(() => {
  components = collectComponents(ROOT).components;
});

describe("names cited in the component reference", () => {
  it("finds camelCase names in backticks, not plain words or calls", () => {
    expect(
      citedNames("Thresholds come from `alarmThresholds`; see `metrics()`, `thresholds` and `grantRead`."),
    ).toEqual(["alarmThresholds", "grantRead"]);
  });

  it("are each an arg, output or method of a component (an arg renamed without its prose fails here)", () => {
    const known = new Set([
      ...components.flatMap((c) => [c.name, ...c.args.map((a) => a.name), ...c.outputs.map((o) => o.name)]),
      ...components.flatMap((c) => c.methods.map((m) => m.name)),
      ...Object.keys(OTHER_NAMES),
    ]);
    const unknown = components.flatMap((c) =>
      [
        c.summary,
        ...c.args.flatMap((a) => [a.meaning, a.default ?? ""]),
        ...c.outputs.map((o) => o.meaning),
        ...c.methods.map((m) => m.meaning),
      ]
        .flatMap(citedNames)
        .filter((name) => !known.has(name))
        .map((name) => `${c.name}: \`${name}\``),
    );
    expect(unknown).toEqual([]);
  });
});
