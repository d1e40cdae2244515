/**
 * The recovery report of both stacks as npm start planned them (the shared plan). Integration
 * check of what the stacks hold today: the Aurora global database, the DynamoDB global table, S3
 * and EFS replication and the stream forwarder, each reported by the stack whose graph holds it.
 * When issue 11's Route 53 records land, the entry points' assertions here change from "no
 * automated failover" to the computed RTO, and the stack files' recoveryEnforcement: advisory goes.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { recoveryReport, type RecoveryReport } from "../../offline/recovery/report";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const reportOf = (s: PlannedStack): RecoveryReport =>
  recoveryReport({ name: s.stack, outputs: s.outputs, resources: s.resources });

describe("recovery report of the shared plan (integration; Route 53 entry points pending issue 11)", () => {
  const { primary, secondary, json } = sharedPlan();
  const p = reportOf(primary);
  const s = reportOf(secondary);
  const names = (r: RecoveryReport) => r.entries.map((e) => `${e.tier}: ${e.name}`);

  it("reads each stack's targets from its recoveryTargets output: seed 003's, advisory for now", () => {
    for (const r of [p, s]) {
      expect(r.targetsFrom).toBe("stack output");
      expect(r.targets).toEqual({ rtoSeconds: 300, rpoSeconds: 1, copyRpoSeconds: 900, enforcement: "advisory" });
    }
  });

  it("holds an entry for the Aurora global database in both stacks: the writer in the primary, the promoted-on-failover secondary with its RTO and RPO", () => {
    expect(names(p)).toContainEqual(
      expect.stringMatching(/^database: Aurora global database prod-web-global, primary cluster prod-web-use1$/),
    );
    const db = s.entries.find((e) => /secondary cluster prod-web-usw2/.test(e.name));
    expect(db).toMatchObject({ tier: "database", automated: false, rto: { seconds: 60 }, rpo: { seconds: 1 } });
  });

  it("holds the DynamoDB global table (primary: it declares the replica), S3 and EFS replication and the forwarder (secondary: it creates them)", () => {
    expect(p.entries.find((e) => e.name.startsWith("DynamoDB table"))).toMatchObject({
      name: "DynamoDB table prod-ingestion-table (global table, replicas in us-west-2)",
      rpo: { seconds: 1 },
    });
    const copies = s.entries
      .filter((e) => e.tier === "copy")
      .map((e) => [e.name.replace(/-[0-9a-f]{7}\b/g, ""), e.rpo?.seconds]);
    expect(copies).toEqual([
      ["S3 replication prod-ingestion-processed-use1 → prod-ingestion-processed-usw2 (Replication Time Control)", 900],
      ["S3 replication prod-web-assets-use1 → prod-web-assets-usw2 (no Replication Time Control)", null],
      [expect.stringMatching(/^EFS replication fs-[0-9a-f]+ → us-west-2$/), 900],
      ["stream forwarding prod-ingestion-stream (us-east-1) → prod-ingestion-stream (us-west-2)", 1 + 1 + 4 * 30],
    ]);
  });

  it("reports today's entry points as having no automated failover, and the static assets' replication without RTC, as advisory misses", () => {
    for (const r of [p, s]) {
      expect(r.misses.filter((m) => m.tier === "entry point").map((m) => m.fix)).toEqual([
        expect.stringContaining("Route 53 failover records"),
        expect.stringContaining("Route 53 latency records"),
      ]);
    }
    expect(s.misses.filter((m) => m.tier !== "entry point").map((m) => m.fix)).toEqual([
      expect.stringMatching(/^enable S3 Replication Time Control/),
    ]);
    expect(sharedPlan().run.code).toBe(0);
  });

  it("is printed by npm start and written into each stack of the --json document", () => {
    expect(sharedPlan().run.stdout).toContain(
      "Recovery of stack primary: targets RTO 300 s (5 min), RPO 1 s (databases)",
    );
    expect(sharedPlan().run.stdout).toContain("Recovery of stack secondary: targets RTO 300 s (5 min)");
    const doc = JSON.parse(fs.readFileSync(json, "utf8")) as { stacks: { name: string; recovery: RecoveryReport }[] };
    expect(doc.stacks.map((st) => st.recovery.entries.length)).toEqual([p.entries.length, s.entries.length]);
    expect(doc.stacks[1]!.recovery.misses).toEqual(s.misses);
  });
});
