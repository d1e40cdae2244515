/**
 * The test kit as a team uses it on its own program (`twin-region/testing`): plan it, query what
 * references what, run the policy pack on it (with the team's config and rules), save the graph.
 */
import * as aws from "@pulumi/aws";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RegionalKey } from "../../components/security";
import {
  blocking,
  planProgram,
  readGraphFile,
  runPolicyPack,
  writeGraphFile,
  type ProgramPlan,
} from "../../offline/testkit";
import type { ResourceRule } from "../../policy/rules/types";

let plan: ProgramPlan;
beforeAll(async () => {
  plan = await planProgram(
    () => {
      const key = new RegionalKey("data", {});
      new aws.kinesis.Stream("events", { shardCount: 1, encryptionType: "KMS", kmsKeyId: key.keyArn });
      // An unencrypted queue: the pack's queue encryption rule must see it.
      new aws.sqs.Queue("plain", {});
    },
    { region: "us-east-1", stack: "team" },
  );
});

describe("the test kit on a team's program", () => {
  it("names the project after the working directory's Pulumi.yaml, as the CLI would", () => {
    const stack = plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
    expect(stack.urn).toBe("urn:pulumi:team::twin-region::pulumi:pulumi:Stack::twin-region-team");
  });

  it("graph.referencing finds what references a resource through an output (the stream's kmsKeyId is the key's ARN)", () => {
    const key = plan.graph.ofType("aws:kms/key:Key")[0]!;
    const stream = plan.graph.one("aws:kinesis/stream:Stream", "events");
    expect(plan.graph.referencing(key).map((r) => r.name)).toContain("events");
    expect(plan.graph.referencing(key, "kmsKeyId")).toEqual([stream]);
    expect(plan.graph.referencing(key, "shardCount")).toEqual([]);
    expect(plan.graph.referencing(stream)).toEqual([]);
  });

  it("runPolicyPack runs the whole pack on the plan: the unencrypted queue is a violation, the encrypted stream is not", () => {
    const violations = runPolicyPack(plan);
    const onQueue = violations.filter((v) => v.resourceName === "plain");
    expect(onQueue.map((v) => v.rule)).toContain("sqs-queue-encrypted-cmk");
    expect(violations.filter((v) => v.resourceName === "events" && v.rule.startsWith("kinesis-"))).toEqual([]);
    expect(blocking(violations).length).toBeGreaterThan(0);
  });

  it("runPolicyPack takes the pack's config (levels, settings) and the team's own rules", () => {
    const advisory = runPolicyPack(plan, { config: { all: "advisory" } });
    expect(advisory.length).toBeGreaterThan(0);
    expect(blocking(advisory)).toEqual([]);
    const shardLimit: ResourceRule = {
      kind: "resource",
      name: "team-single-shard",
      description: "Team rule: streams have one shard.",
      group: "cost",
      severity: "low",
      enforcementLevel: "mandatory",
      remediation: "Use one shard.",
      resourceTypes: ["aws:kinesis/stream:Stream"],
      validate: (r) => (r.props.shardCount === 1 ? [] : [`has ${String(r.props.shardCount)} shards`]),
    };
    expect(runPolicyPack(plan, { rules: [shardLimit] })).toEqual([]);
  });

  it("writeGraphFile saves the plan as a plan document that --graph and readGraphFile read back", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-kit-")), "plan.json");
    writeGraphFile(file, [plan]);
    const doc = readGraphFile(file);
    expect(doc.stacks.map((s) => [s.name, s.region, s.resources.length])).toEqual([
      ["team", "us-east-1", plan.resources.length],
    ]);
  });
});
