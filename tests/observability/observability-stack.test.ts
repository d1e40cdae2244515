/**
 * The ObservabilityStack in both stacks as the program builds them (the shared plan): one alarm per
 * health signal of the components passed in, every alarm telling the region's CMK-encrypted topic
 * when it fires and clears, and the composite "region health" alarm over the critical signals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { REGION_HEALTH_SIGNALS } from "../../components/observability/defaults";
import { checkNotifications } from "../../components/observability/notifications";
import type { RecordedResource } from "../../offline/graph";
import { dashboardProblems } from "../support/dashboard-check";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const T = {
  stack: "twin-region:observability:ObservabilityStack",
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  composite: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
} as const;

let both: PlannedStack[];
beforeAll(() => {
  const { primary, secondary } = sharedPlan();
  both = [primary, secondary];
});

const inStack = (plan: PlannedStack, type: string): RecordedResource[] => {
  const [stack] = plan.graph.ofType(T.stack);
  expect(stack, `${plan.stack}: the ObservabilityStack`).toBeDefined();
  return plan.graph.descendantsOf(stack!).filter((r) => r.type === type);
};
const arnOfTopic = (plan: PlannedStack) => plan.outputs.alarmTopicArn as string;
const signalOf = (alarm: RecordedResource) => alarm.name.replace(/^prod-observability-/, "");

describe("the region's alarms", () => {
  it("alarm every health signal the stack's components describe, once, telling the topic when they fire and when they clear", () => {
    for (const plan of both) {
      // The trail's CIS alarms are its own (tests/observability/trail.pulumi.test.ts): every other alarm is a signal's.
      const alarms = inStack(plan, T.alarm).filter((a) => !a.name.includes("-trail-cis-"));
      expect(alarms.length, plan.stack).toBeGreaterThan(30);
      expect(Object.keys(plan.outputs.alarmArns as object).sort(), plan.stack).toEqual(alarms.map(signalOf).sort());
      for (const a of alarms) {
        expect(a.inputs.alarmActions, `${plan.stack}: ${a.name}`).toEqual([arnOfTopic(plan)]);
        expect(a.inputs.okActions, `${plan.stack}: ${a.name}`).toEqual([arnOfTopic(plan)]);
      }
      // The data lake's, the web tier's and the ingestion path's signals are all there.
      for (const id of ["stream-iterator-age", "alb-5xx", "unhealthy-hosts"])
        expect(alarms.map(signalOf), plan.stack).toContain(id);
    }
    expect(inStack(both[0]!, T.alarm).map(signalOf)).toEqual(
      expect.arrayContaining(["glue-job-failures", "processing-queue-depth", "secret-rotation-errors"]),
    );
  });

  it("notify a topic encrypted with the region's key, which the configured address subscribes to", () => {
    for (const plan of both) {
      const [topic, ...more] = inStack(plan, T.topic);
      expect(more).toEqual([]);
      expect(topic!.inputs.kmsMasterKeyId, plan.stack).toBe(plan.outputs.kmsKeyArn);
      expect(inStack(plan, T.subscription).map((s) => [s.inputs.protocol, s.inputs.endpoint])).toEqual([
        ["email", "platform-alerts@example.com"],
      ]);
    }
  });

  it("roll the critical signals present into one composite region-health alarm, named in the outputs", () => {
    for (const plan of both) {
      const [health, ...more] = inStack(plan, T.composite);
      expect(more).toEqual([]);
      const alarms = new Map(inStack(plan, T.alarm).map((a) => [String(a.inputs.name ?? a.id), signalOf(a)]));
      const named = [...String(health!.inputs.alarmRule).matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => alarms.get(m[1]!));
      const expected = REGION_HEALTH_SIGNALS.filter((id) => [...alarms.values()].includes(id));
      expect(named.sort(), plan.stack).toEqual([...expected].sort());
      expect(String(health!.inputs.alarmRule).split(" OR ")).toHaveLength(expected.length);
      expect(health!.inputs.alarmActions).toEqual([arnOfTopic(plan)]);
      expect(plan.outputs.regionHealthAlarmName).toBe(health!.inputs.alarmName);
    }
    // The secondary's database is the replica: its replication lag is part of its region's health.
    expect(inStack(both[1]!, T.composite)[0]!.inputs.alarmRule).toContain("database-replication-lag");
  });
});

describe("notification endpoints", () => {
  it("takes e-mail addresses, E.164 numbers and https URLs, and names the entry it refuses", () => {
    expect(() =>
      checkNotifications("X", {
        emails: ["a@example.com"],
        sms: ["+14155550100"],
        httpsEndpoints: ["https://hooks.example.com/sns"],
      }),
    ).not.toThrow();
    expect(() => checkNotifications("X", { emails: ["nobody"] })).toThrow(
      /notifications\.emails\[0\]: "nobody" is not an e-mail address/,
    );
    expect(() => checkNotifications("X", { sms: ["4155550100"] })).toThrow(/notifications\.sms\[0\].*E\.164/);
    expect(() => checkNotifications("X", { httpsEndpoints: ["http://hooks.example.com"] })).toThrow(
      /notifications\.httpsEndpoints\[0\].*https:\/\/ URL/,
    );
  });
});

describe("what else the region's observability holds", () => {
  it("draws a dashboard per concern the components draw, each body valid and naming only resources of the graph", () => {
    const [primary, secondary] = both as [PlannedStack, PlannedStack];
    expect(Object.keys(primary.outputs.dashboardNames as object).sort()).toEqual([
      "api",
      "compute",
      "datalake",
      "ingestion",
      "web",
    ]);
    // The secondary's lake is a replica: nothing of it to draw.
    expect(Object.keys(secondary.outputs.dashboardNames as object).sort()).toEqual([
      "api",
      "compute",
      "ingestion",
      "web",
    ]);
    for (const plan of both) {
      expect(inStack(plan, "aws:cloudwatch/dashboard:Dashboard").length, plan.stack).toBe(
        Object.keys(plan.outputs.dashboardNames as object).length,
      );
      // The secondary's file system is the replica the primary's replication configuration makes:
      // a file system of AWS's, not a resource of this graph, which the checker cannot find.
      const problems = dashboardProblems(plan.graph).filter(
        (p) => !(plan.stack === "secondary" && /FileSystemId "fs-[0-9a-f]+" names no aws:efs\/fileSystem/.test(p)),
      );
      expect(problems, plan.stack).toEqual([]);
    }
  });

  it("counts every component log group's application errors and alarms them; traces each component in an X-Ray group", () => {
    for (const plan of both) {
      const filters = inStack(plan, "aws:cloudwatch/logMetricFilter:LogMetricFilter").filter(
        (f) =>
          f.inputs.metricTransformation &&
          (f.inputs.metricTransformation as { namespace: string }).namespace === "TwinRegion/ApplicationErrors",
      );
      const alarmed = inStack(plan, T.alarm)
        .map(signalOf)
        .filter((id) => id.endsWith("-log-errors"));
      expect(filters.length, plan.stack).toBeGreaterThanOrEqual(6);
      expect(alarmed.length, plan.stack).toBe(filters.length);
      const groups = inStack(plan, "aws:xray/group:Group").map((g) => g.inputs.groupName);
      expect(groups, plan.stack).toEqual(
        expect.arrayContaining(["prod-observability-ingestion", "prod-observability-web"]),
      );
      expect(inStack(plan, "aws:xray/samplingRule:SamplingRule").map((r) => r.inputs.serviceName)).toEqual(["prod-*"]);
    }
  });

  it("keeps one multi-region trail, in the primary, whose key names it", () => {
    const [primary, secondary] = both as [PlannedStack, PlannedStack];
    const [trail, ...more] = inStack(primary, "aws:cloudtrail/trail:Trail");
    expect(more).toEqual([]);
    expect(trail!.inputs).toMatchObject({
      name: "prod-audit-trail",
      isMultiRegionTrail: true,
      enableLogFileValidation: true,
    });
    expect(trail!.inputs.kmsKeyId).toBe(primary.outputs.kmsKeyArn);
    expect(inStack(secondary, "aws:cloudtrail/trail:Trail")).toEqual([]);
    const keyPolicy = String(
      primary.graph
        .ofType("aws:kms/key:Key")
        .find((k) => String(k.inputs.policy).includes("CloudTrailEncryptsTrailLogs"))!.inputs.policy,
    );
    expect(keyPolicy).toContain(":trail/prod-audit-trail");
  });
});

describe("the region's backups", () => {
  const plansOf = (plan: PlannedStack) => inStack(plan, "aws:backup/plan:Plan");
  const selected = (plan: PlannedStack) =>
    inStack(plan, "aws:backup/selection:Selection").flatMap((s) => (s.inputs.resources as string[] | undefined) ?? []);

  it("back up every data store of the primary daily and weekly, copying each recovery point to a vault in the secondary region", () => {
    const [primary, secondary] = both as [PlannedStack, PlannedStack];
    const [plan, ...more] = plansOf(primary);
    expect(more).toEqual([]);
    const rules = plan!.inputs.rules as { ruleName: string; copyActions?: { destinationVaultArn: string }[] }[];
    expect(rules.map((r) => r.ruleName).sort()).toEqual(["daily", "weekly"]);
    const copyVault = inStack(primary, "aws:backup/vault:Vault").find((v) => v.region === secondary.region);
    expect(copyVault, "the copy vault, in the secondary region").toBeDefined();
    for (const r of rules) expect(r.copyActions?.[0]?.destinationVaultArn).toContain(`:backup:${secondary.region}:`);
    const stores = selected(primary).filter((a) => !a.endsWith("volume/*"));
    expect(stores).toContain(primary.outputs.tableArn);
    expect(stores).toContain(primary.outputs.databaseClusterArn);
    expect(stores.some((a) => a.includes(":elasticfilesystem:us-east-1:"))).toBe(true);
    // The EBS volumes by tag (the operations hosts', when they are on).
    const byTag = inStack(primary, "aws:backup/selection:Selection").find((s) => s.inputs.conditions);
    expect(byTag!.inputs.resources).toEqual(["arn:aws:ec2:us-east-1:123456789012:volume/*"]);
    expect(JSON.stringify(byTag!.inputs.conditions)).toContain('"aws:ResourceTag/Backup"');
  });

  it("back up the secondary's own database, copying to the primary's vault; the replicas are backed up where they come from", () => {
    const [primary, secondary] = both as [PlannedStack, PlannedStack];
    const [plan] = plansOf(secondary);
    const rules = plan!.inputs.rules as { copyActions?: { destinationVaultArn: string }[] }[];
    for (const r of rules) expect(r.copyActions?.[0]?.destinationVaultArn).toBe(primary.outputs.backupVaultArn);
    expect(selected(secondary)).toContain(secondary.outputs.databaseClusterArn);
  });

  it("leave no backup plan to the web tier itself in the stacks (one plan per region)", () => {
    for (const plan of both)
      expect(
        plan.graph.ofType("aws:backup/plan:Plan").map((p) => p.name),
        plan.stack,
      ).toEqual(["prod-observability-backup-plan"]);
  });
});
