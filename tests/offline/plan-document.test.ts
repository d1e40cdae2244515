/** The plan document `--json` writes and `--graph` reads: each stack's outputs, secret ones never in plaintext. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET_OUTPUT, shownOutputs, type PlanDocument } from "../../offline/graph";
import { planDocumentJson, readGraphFile, type EvaluatedStack } from "../../offline/graph-file";
import type { RecoveryReport } from "../../offline/recovery/report";

const stackResource = {
  urn: "urn:pulumi:demo::p::pulumi:pulumi:Stack::p-demo",
  type: "pulumi:pulumi:Stack",
  name: "p-demo",
  region: "us-east-1",
  custom: false,
  inputs: {},
  secretOutputs: [],
  dependencies: [],
};

function roundTrip(doc: { stacks: EvaluatedStack[] }): { text: string; read: PlanDocument } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-doc-")), "plan.json");
  const text = planDocumentJson(doc);
  fs.writeFileSync(file, text);
  return { text, read: readGraphFile(file) };
}

describe("stack outputs in the plan document", () => {
  it("shows a secret output as [secret] and every other output as its value", () => {
    expect(
      shownOutputs({ dbPassword: "hunter2-long-secret", endpoint: "db.example.com", port: 3306 }, ["dbPassword"]),
    ).toEqual({
      dbPassword: SECRET_OUTPUT,
      endpoint: "db.example.com",
      port: 3306,
    });
  });

  it("writes the outputs after the stack's region and reads them back; the secret's value is nowhere in the file", () => {
    const outputs = shownOutputs({ dbPassword: "hunter2-long-secret", endpoint: "db.example.com" }, ["dbPassword"]);
    const { text, read } = roundTrip({
      stacks: [{ name: "demo", region: "us-east-1", outputs, resources: [stackResource], violations: [] }],
    });
    expect(Object.keys(JSON.parse(text).stacks[0])).toEqual(["name", "region", "outputs", "resources", "violations"]);
    expect(text).not.toContain("hunter2");
    expect(read.stacks[0]!.outputs).toEqual({ dbPassword: "[secret]", endpoint: "db.example.com" });
  });

  it("reads a graph saved without outputs (written by hand, or by an earlier version)", () => {
    const { text, read } = roundTrip({
      stacks: [{ name: "demo", region: "us-east-1", resources: [stackResource], violations: [] }],
    });
    expect(JSON.parse(text).stacks[0]).not.toHaveProperty("outputs");
    expect(read.stacks[0]!.outputs).toBeUndefined();
  });
});

describe("the recovery report in the plan document", () => {
  const recovery: RecoveryReport = {
    targets: { rtoSeconds: 300, rpoSeconds: 1, copyRpoSeconds: 900, enforcement: "advisory" },
    targetsFrom: "stack output",
    entries: [
      {
        tier: "copy",
        name: "EFS replication fs-0123 → us-west-2",
        resource: {
          name: "efs",
          type: "aws:efs/replicationConfiguration:ReplicationConfiguration",
          region: "us-east-1",
        },
        rpo: { seconds: 900, formula: "900 s", figures: ["efsReplication"] },
        automated: false,
        notes: [],
      },
    ],
    misses: [],
  };

  it("writes each stack's report after its violations, and a graph with one reads back (the report is recomputed, not read)", () => {
    const { text, read } = roundTrip({
      stacks: [{ name: "demo", region: "us-east-1", resources: [stackResource], violations: [], recovery }],
    });
    const written = JSON.parse(text).stacks[0];
    expect(Object.keys(written)).toEqual(["name", "region", "resources", "violations", "recovery"]);
    expect(written.recovery).toEqual(recovery);
    expect(read.stacks[0]!.resources).toHaveLength(1);
    expect(read.stacks[0]).not.toHaveProperty("recovery");
  });
});
