/**
 * The ObservabilityStack in both stacks as the program builds them (the shared plan): one alarm per
 * health signal of the components passed in, every alarm telling the region's CMK-encrypted topic
 * when it fires and clears, and the composite "region health" alarm over the critical signals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { REGION_HEALTH_SIGNALS } from "../../components/observability/defaults";
import { checkNotifications } from "../../components/observability/notifications";
import type { RecordedResource } from "../../offline/graph";
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
      const alarms = inStack(plan, T.alarm);
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
