/** Both stacks as the program builds them pass every mandatory rule: components are fixed, rules never weakened. */
import { beforeAll, describe, expect, it } from "vitest";
import type { StackGraph } from "../../offline/graph";
import { evaluatePolicies, isBlocking } from "../../offline/policy-runner";
import { planStack } from "../../offline/testkit";
import { ALL_RULES } from "../../policy/rules";

const graphs: StackGraph[] = [];

beforeAll(async () => {
  const primary = await planStack("primary");
  const secondary = await planStack("secondary", { stackReferences: { primary: { outputs: primary.outputs, secretOutputNames: primary.secretOutputNames } } });
  for (const plan of [primary, secondary]) graphs.push({ name: plan.stack, region: plan.region, resources: plan.resources, violations: [] });
});

describe("the platform's own stacks against the policy pack", () => {
  for (const stack of ["primary", "secondary"]) {
    it(`${stack} has no mandatory violation`, () => {
      const graph = graphs.find((g) => g.name === stack)!;
      const blocking = evaluatePolicies(graph, ALL_RULES).filter(isBlocking);
      expect(blocking.map((v) => `${v.rule}: ${v.resourceType} "${v.resourceName}": ${v.message}`)).toEqual([]);
    });
  }
});
