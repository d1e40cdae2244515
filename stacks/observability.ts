import type { ObservabilityStack } from "../components/observability/observability-stack";

/** The names of `observabilityStackOutputs`. */
export const OBSERVABILITY_STACK_OUTPUT_NAMES = [
  "alarmTopicArn",
  "alarmArns",
  "regionHealthAlarmName",
  "dashboardNames",
  "dashboardUrls",
  "trailArn",
  "backupCopyVaultArn",
] as const;

/** The region's observability outputs: the topic to subscribe to, every alarm, the composite the failover runbook watches, the dashboards, the trail (primary). */
export function observabilityStackOutputs(
  o: ObservabilityStack,
): Record<(typeof OBSERVABILITY_STACK_OUTPUT_NAMES)[number], unknown> {
  return {
    alarmTopicArn: o.topicArn,
    alarmArns: o.alarmArns,
    regionHealthAlarmName: o.regionHealthAlarmName.apply((name) => name ?? ""),
    dashboardNames: o.dashboardNames,
    dashboardUrls: o.dashboardUrls,
    trailArn: o.trailArn.apply((arn) => arn ?? ""),
    backupCopyVaultArn: o.backupCopyVaultArn.apply((arn) => arn ?? ""),
  };
}
