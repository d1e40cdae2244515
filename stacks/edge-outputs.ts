import type { PlatformConfig } from "./config";
import type { deployRegionalEdge } from "./edge";

/** The names of `edgeStackOutputs`. */
export const EDGE_STACK_OUTPUT_NAMES = [
  "appFailoverUrl",
  "appHealthCheckId",
  "apiLatencyUrl",
  "apiHealthCheckId",
  "edgeAlarmTopicArn",
] as const;

/** This stack's members of the shared names, the same in both stacks (docs/runbook-web-failover.md). */
export function edgeStackOutputs(
  config: PlatformConfig,
  edge: ReturnType<typeof deployRegionalEdge>,
): Record<(typeof EDGE_STACK_OUTPUT_NAMES)[number], unknown> {
  return {
    appFailoverUrl: `https://${config.appHostName}`,
    appHealthCheckId: edge.failover.healthCheckId,
    apiLatencyUrl: `https://${config.apiHostName}/records`,
    apiHealthCheckId: edge.latency.healthCheckId,
    edgeAlarmTopicArn: edge.alarms.topicArn,
  };
}
