/** The audit rules' cases (tests/policy/observability.test.ts, tests/policy/insecure-graph.test.ts). */
import { CIS_METRIC_FILTERS, REQUIRED_CIS_FILTER_IDS, type CisFilterId } from "../../../policy/baseline/audit";
import { auditRules } from "../../../policy/rules/audit";
import type { RuleCase, Spec } from "../harness";
import { alarm, trail } from "./observability";

export const auditRule = (name: string) => {
  const found = auditRules.find((r) => r.name === name);
  if (!found) throw new Error(`no audit rule ${name}`);
  return found;
};

const GROUP = "audit-trail-1a2b3c4";
const GROUP_ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`;
const NAMESPACE = "TwinRegion/CIS";

export const trailLogGroup: Spec = {
  type: "aws:cloudwatch/logGroup:LogGroup",
  name: "trail-events",
  inputs: { name: GROUP, retentionInDays: 365 },
};
/** The trail, delivering to the log group above (by value and by property dependency). */
export const cisTrail = (inputs: Record<string, unknown> = {}): Spec => ({
  ...trail({ cloudWatchLogsGroupArn: `${GROUP_ARN}:*`, ...inputs }),
  from: { cloudWatchLogsGroupArn: "trail-events" },
});

/** A CIS filter on the trail's log group; `pattern` overrides the benchmark's. */
export const cisFilter = (id: CisFilterId, pattern: string = CIS_METRIC_FILTERS[id].pattern): Spec => ({
  type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  name: `cis-${id}`,
  inputs: {
    name: `cis-${id}-5e6f7a8`,
    logGroupName: GROUP,
    pattern,
    metricTransformation: { name: CIS_METRIC_FILTERS[id].metricName, namespace: NAMESPACE, value: "1" },
  },
  from: { logGroupName: "trail-events" },
});
export const cisAlarm = (id: CisFilterId, inputs: Record<string, unknown> = {}): Spec =>
  alarm(`cis-${id}-alarm`, {
    namespace: NAMESPACE,
    metricName: CIS_METRIC_FILTERS[id].metricName,
    statistic: "Sum",
    period: 300,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    ...inputs,
  });

const required = [...REQUIRED_CIS_FILTER_IDS];
const othersThan = (id: CisFilterId) => required.filter((r) => r !== id);
const fullySet = (ids: CisFilterId[]) => ids.flatMap((id) => [cisFilter(id), cisAlarm(id)]);

export const auditCases: RuleCase[] = [
  {
    rule: auditRule("cloudtrail-global-service-events"),
    compliant: [trail({ includeGlobalServiceEvents: true }), { ...trail({}), name: "unset" }],
    violating: [trail({ includeGlobalServiceEvents: false })],
    message: /"audit" does not record global service events \(includeGlobalServiceEvents false\)/,
  },
  {
    rule: auditRule("cloudtrail-cis-metric-filters"),
    compliant: [
      trailLogGroup,
      cisTrail(),
      ...fullySet(othersThan("root-account-usage")),
      // Whitespace outside quotes is not part of a pattern: the CIS benchmark's own spacing passes.
      cisFilter(
        "root-account-usage",
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      ),
      cisAlarm("root-account-usage"),
      // A single-Region trail is not the account's CIS trail.
      { ...trail({ isMultiRegionTrail: false, cloudWatchLogsGroupArn: `${GROUP_ARN}-other:*` }), name: "regional" },
    ],
    violating: [
      trailLogGroup,
      cisTrail(),
      ...fullySet(othersThan("root-account-usage").filter((id) => id !== "iam-policy-changes")),
      // A term added to the pattern: Security Hub no longer recognises it.
      cisFilter(
        "root-account-usage",
        '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent" && $.sourceIPAddress != "10.0.0.1"}',
      ),
      cisAlarm("root-account-usage"),
      // The filter is there, its alarm tells nobody.
      cisFilter("iam-policy-changes"),
      cisAlarm("iam-policy-changes", { alarmActions: [] }),
    ],
    message:
      /"audit": log group "audit-trail-1a2b3c4" has no metric filter for \[CloudWatch\.1\] root-account-usage[\s\S]*"cis-iam-policy-changes" \(\[CloudWatch\.4\] iam-policy-changes\) has no alarm on its metric TwinRegion\/CIS\/IamPolicyChanges that notifies anyone/,
  },
  {
    // Stricter settings: the account also wants route table and VPC change alarms.
    rule: auditRule("cloudtrail-cis-metric-filters"),
    config: { requiredFilters: [...required, "route-table-changes", "vpc-changes"] },
    compliant: [trailLogGroup, cisTrail(), ...fullySet([...required, "route-table-changes", "vpc-changes"])],
    violating: [trailLogGroup, cisTrail(), ...fullySet([...required, "route-table-changes"])],
    message: /has no metric filter for \[CloudWatch\.14\] vpc-changes/,
  },
];
