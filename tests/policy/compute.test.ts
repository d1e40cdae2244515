import { describe, expect, it } from "vitest";
import { computeRules, isSecretEnvName } from "../../policy/rules/compute";
import { computeCases, container, fn, rule, taskDef } from "./cases/compute";
import type { Spec } from "./harness";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("compute", computeCases);

describe("compute rules", () => {
  it("every rule has a test case, a unique name of its service, and a description whose [control], if any, is of that service", () => {
    const names = computeRules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    const cased = computeCases.map((c) => c.rule.name);
    const controlOf = {
      lambda: "Lambda",
      ecs: "ECS",
      ecr: "ECR",
      ec2: "EC2",
      ebs: "EC2",
      autoscaling: "AutoScaling",
    } as const;
    for (const r of computeRules) {
      expect(r.group).toBe("compute");
      expect(r.name).toMatch(/^(lambda|ecs|ecr|ec2|ebs|autoscaling)-[a-z0-9-]+$/);
      expect(cased, `${r.name} has a case in tests/policy/cases/compute.ts`).toContain(r.name);
      expect(r.description.trim().length, r.name).toBeGreaterThan(20);
      const control = /^\[([A-Za-z0-9]+)\.\d+\] /.exec(r.description)?.[1];
      if (control !== undefined)
        expect(control, r.name).toBe(controlOf[r.name.split("-")[0] as keyof typeof controlOf]);
    }
    // Most rules stand for a Security Hub control and say which.
    expect(computeRules.filter((r) => /^\[[A-Za-z0-9]+\.\d+\] /.test(r.description)).length).toBeGreaterThanOrEqual(22);
    expect(computeRules.filter((r) => r.kind === "resource").length).toBeGreaterThanOrEqual(25);
    expect(computeRules.filter((r) => r.kind === "stack").length).toBeGreaterThanOrEqual(2);
  });

  it("flags a runtime within the look-ahead window and says when AWS deprecates it", () => {
    const found = violationsOf(rule("lambda-supported-runtime"), [fn("api", { runtime: "nodejs22.x" })], {
      "lambda-supported-runtime": { asOf: "2027-03-01", lookaheadDays: 90 },
    });
    expect(found.map((v) => v.message)).toEqual([
      expect.stringMatching(/runs nodejs22\.x, which AWS Lambda deprecates on 2027-04-30/),
    ]);
  });

  it("reports only a disabling reserved concurrency by default", () => {
    expect(violationsOf(rule("lambda-reserved-concurrency"), [fn("api")])).toEqual([]);
    expect(
      violationsOf(rule("lambda-reserved-concurrency"), [fn("api", { reservedConcurrentExecutions: 0 })]).map(
        (v) => v.enforcementLevel,
      ),
    ).toEqual(["advisory"]);
  });

  it("accepts container definitions already parsed and ignores unparseable ones", () => {
    const parsed: Spec = {
      ...taskDef([]),
      inputs: { ...taskDef([]).inputs, containerDefinitions: [container({ privileged: true })] },
    };
    expect(violationsOf(rule("ecs-container-not-privileged"), [parsed]).map((v) => v.message)).toEqual([
      expect.stringMatching(/container "app" runs privileged/),
    ]);
    const broken: Spec = { ...taskDef([]), inputs: { ...taskDef([]).inputs, containerDefinitions: "{not json" } };
    expect(violationsOf(rule("ecs-container-logging"), [broken])).toEqual([]);
  });

  it("is not fooled by resources with no props at all", () => {
    const types = [
      "aws:lambda/function:Function",
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "aws:ecs/taskDefinition:TaskDefinition",
      "aws:ecs/service:Service",
      "aws:lambda/permission:Permission",
    ];
    const bare = types.map((type, i) => ({ type, name: `bare-${i}` }));
    for (const name of [
      "lambda-supported-runtime",
      "lambda-environment-cmk",
      "lambda-esm-bounded-retries",
      "ecs-no-secrets-in-environment",
      "ecs-service-no-public-ip",
      "lambda-permission-not-public",
      "lambda-async-failure-destination",
    ]) {
      expect(violationsOf(rule(name), bare), name).toEqual([]);
    }
  });

  it("tells secret-looking variable names from references to secrets", () => {
    for (const name of [
      "DB_PASSWORD",
      "GITHUB_TOKEN",
      "api_key",
      "CLIENT_SECRET",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_ACCESS_KEY_ID",
      "SSH_PRIVATE_KEY",
      "MYSQL_ROOT_PASSWORD",
    ])
      expect(isSecretEnvName(name), name).toBe(true);
    for (const name of [
      "DB_SECRET_ARN",
      "TOKEN_TTL",
      "PASSWORD_PARAMETER",
      "LOG_LEVEL",
      "TOKENIZER_MODEL",
      "PWD",
      "SECRETS_PATH",
    ])
      expect(isSecretEnvName(name), name).toBe(false);
  });
});
