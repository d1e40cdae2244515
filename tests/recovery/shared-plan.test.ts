/**
 * The recovery report of both stacks as npm start planned them (the shared plan). Integration
 * check of what the stacks hold today: the Aurora global database, the DynamoDB global table, S3
 * and EFS replication and the stream forwarder, each reported by the stack whose graph holds it.
 * The entry points are the Route 53 members components/edge gives each stack: the web
 * application's failover pair and the API's latency pair.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { recoveryReport, renderRecovery, type RecoveryReport } from "../../offline/recovery/report";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const reportOf = (s: PlannedStack): RecoveryReport =>
  recoveryReport({ name: s.stack, outputs: s.outputs, resources: s.resources });

describe("recovery report of the shared plan (integration)", () => {
  const { primary, secondary, json } = sharedPlan();
  const p = reportOf(primary);
  const s = reportOf(secondary);
  const names = (r: RecoveryReport) => r.entries.map((e) => `${e.tier}: ${e.name}`);

  it("reads each stack's targets from its recoveryTargets output: seed 003's, enforced", () => {
    for (const r of [p, s]) {
      expect(r.targetsFrom).toBe("stack output");
      expect(r.targets).toEqual({ rtoSeconds: 300, rpoSeconds: 1, copyRpoSeconds: 900, enforcement: "mandatory" });
    }
  });

  it("computes the web application's failover time from the PRIMARY record's health check: under 5 minutes with the defaults", () => {
    const web = p.entries.find((e) => e.tier === "entry point" && e.name.includes("Route 53 failover PRIMARY"));
    expect(web).toMatchObject({ automated: true, rto: { seconds: 288 } });
    expect(web!.rto!.seconds).toBeLessThan(300);
    // The SECONDARY member is the standby: its stack reports no failover time of its own.
    const standby = s.entries.find((e) => e.tier === "entry point" && e.name.includes("Route 53 failover SECONDARY"));
    expect(standby?.rto).toBeUndefined();
  });

  it("computes each region's API failover time from its latency record's health check", () => {
    for (const [stack, r] of [
      ["primary", p],
      ["secondary", s],
    ] as const) {
      const api = r.entries.find((e) => e.tier === "entry point" && e.name.includes("Route 53 latency"));
      expect(api, stack).toMatchObject({ automated: true });
      expect(api!.rto!.seconds, stack).toBeLessThan(300);
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
      .map((e) => [e.name.replace(/-[0-9a-f]{7,8}\b/g, ""), e.rpo?.seconds]);
    expect(copies).toEqual([
      ["S3 replication prod-data-lake-use1 → prod-data-lake-usw2 (Replication Time Control)", 900],
      ["S3 replication prod-web-assets-use1 → prod-web-assets-usw2 (Replication Time Control)", 900],
      [expect.stringMatching(/^EFS replication fs-[0-9a-f]+ → us-west-2$/), 900],
      ["stream forwarding prod-ingestion-stream (us-east-1) → prod-ingestion-stream (us-west-2)", 1 + 1 + 4 * 30],
    ]);
  });

  it("meets every target in both stacks, the static assets' replication with Replication Time Control", () => {
    expect([...p.misses, ...s.misses]).toEqual([]);
    expect(s.entries.find((e) => e.name.includes("prod-web-assets"))?.name).toContain("(Replication Time Control)");
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

  it("names each region's composite region-health alarm, where the runbook's manual steps start, with the signals it rolls up", () => {
    expect(p.regionHealthAlarm).toEqual({ name: "prod-observability-region-health-use1", signals: 7 });
    // The secondary's replication lag is one more signal of its region's health.
    expect(s.regionHealthAlarm).toEqual({ name: "prod-observability-region-health-usw2", signals: 8 });
    expect(renderRecovery("primary", p)).toContain(
      "start when the composite alarm prod-observability-region-health-use1 fires (7 signals); docs/runbook-web-failover.md",
    );
  });
});
