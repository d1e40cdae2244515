import { describe, expect, it } from "vitest";
import { RULE_GROUPS } from "../../policy/rules";
import { processingRules } from "../../policy/rules/processing";
import { capacity, processingCases, rule, service, worker } from "./cases/processing";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("processing", processingCases);

describe("processing rules", () => {
  it("are compute rules of the pack, each with a case, named for the service they check", () => {
    for (const r of processingRules) {
      expect(r.group).toBe("compute");
      expect(RULE_GROUPS.compute).toContain(r);
      expect(r.name).toMatch(/^ecs-[a-z0-9-]+$/);
      expect(processingCases.map((c) => c.rule)).toContain(r);
    }
  });

  it("counts a second violation case too: a scale-to-zero target whose step policy no alarm triggers", () => {
    const specs = [
      {
        type: "aws:appautoscaling/target:Target",
        name: "scaling",
        inputs: {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: "service/c/s",
          minCapacity: 0,
          maxCapacity: 2,
        },
      },
      {
        type: "aws:appautoscaling/policy:Policy",
        name: "backlog",
        inputs: {
          policyType: "StepScaling",
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: "service/c/s",
        },
      },
    ];
    expect(violationsOf(rule("ecs-scaling-from-zero-step-policy"), specs).map((v) => v.message)).toEqual([
      expect.stringMatching(/scale to 0 tasks, but no CloudWatch alarm triggers its step scaling policy/),
    ]);
    // A target that keeps a task running needs no such policy.
    const kept = [{ ...specs[0]!, inputs: { ...specs[0]!.inputs, minCapacity: 1 } }];
    expect(violationsOf(rule("ecs-scaling-from-zero-step-policy"), kept)).toEqual([]);
  });

  it("leaves a Spot service alone when its task definition is not in the stack, and a cluster without Spot alone", () => {
    expect(
      violationsOf(rule("ecs-spot-service-stop-timeout"), [
        service({ capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }, "elsewhere"),
      ]),
    ).toEqual([]);
    expect(
      violationsOf(rule("ecs-cluster-spot-fallback"), [
        capacity({
          capacityProviders: ["FARGATE"],
          defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }],
        }),
      ]),
    ).toEqual([]);
    expect(
      violationsOf(rule("ecs-spot-service-stop-timeout"), [
        worker({ stopTimeout: 0 }),
        service({ capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }),
      ]).map((v) => v.message),
    ).toEqual([expect.stringMatching(/sets stopTimeout 0, outside Fargate's 1-120 s/)]);
  });
});
