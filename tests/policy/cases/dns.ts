/** The Route 53 rules' cases (tests/policy/edge.test.ts, tests/policy/insecure-graph.test.ts). */
import { dnsRules } from "../../../policy/rules/dns";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = dnsRules.find((r) => r.name === name);
  if (!found) throw new Error(`no dns rule ${name}`);
  return found;
};

const RECORD = "aws:route53/record:Record";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const PROVIDER = "pulumi:providers:aws";
const ALB = { name: "lb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true };

const record = (name: string, inputs: Record<string, unknown>): Spec => ({
  type: RECORD,
  name,
  inputs: { zoneId: "Z0123456789ABCDEFGHIJ", name: "app.example.com", type: "A", ...inputs },
});
const failover = (name: string, role: string, inputs: Record<string, unknown> = {}) =>
  record(name, {
    setIdentifier: `${role.toLowerCase()}-us-east-1`,
    failoverRoutingPolicies: [{ type: role }],
    healthCheckId: "hc-1",
    aliases: [ALB],
    ...inputs,
  });
const latency = (name: string, inputs: Record<string, unknown> = {}) =>
  record(name, {
    name: "api.example.com",
    setIdentifier: "latency-us-east-1",
    latencyRoutingPolicies: [{ region: "us-east-1" }],
    healthCheckId: "hc-2",
    aliases: [
      { name: "d-abc.execute-api.us-east-1.amazonaws.com", zoneId: "Z1UJRXOUMOOFQ8", evaluateTargetHealth: true },
    ],
    ...inputs,
  });
const provider = (name: string, region: string): Spec => ({ type: PROVIDER, name, inputs: { region } });
const route53Alarm = (name: string, providerName: string): Spec => ({
  type: ALARM,
  name,
  provider: providerName,
  inputs: {
    namespace: "AWS/Route53",
    metricName: "HealthCheckStatus",
    dimensions: { HealthCheckId: "hc-1" },
    statistic: "Minimum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "LessThanThreshold",
    alarmActions: ["arn:aws:sns:us-east-1:123456789012:alarms"],
  },
});

export const dnsCases: RuleCase[] = [
  {
    rule: rule("route53-alias-record-no-ttl"),
    compliant: [failover("app", "PRIMARY"), record("www", { ttl: 300, records: ["192.0.2.1"] })],
    violating: [failover("app", "PRIMARY", { ttl: 60 })],
    message: /"app" is an alias record with ttl 60/,
  },
  {
    rule: rule("route53-routing-set-identifier"),
    compliant: [failover("app", "PRIMARY"), latency("api"), record("www", { ttl: 300, records: ["192.0.2.1"] })],
    violating: [latency("api", { setIdentifier: undefined })],
    message: /"api" has latencyRoutingPolicies but no setIdentifier/,
  },
  {
    rule: rule("route53-failover-primary-health-check"),
    compliant: [failover("app", "PRIMARY"), failover("standby", "SECONDARY", { healthCheckId: undefined })],
    violating: [failover("app", "PRIMARY", { healthCheckId: undefined })],
    message: /"app" is a PRIMARY failover record without a health check/,
  },
  {
    rule: rule("route53-latency-record-health-check"),
    compliant: [latency("api"), failover("app", "PRIMARY")],
    violating: [latency("api", { healthCheckId: undefined })],
    message: /"api" is a latency record without a health check/,
  },
  {
    rule: rule("route53-metric-alarm-region"),
    compliant: [provider("use1", "us-east-1"), route53Alarm("health", "use1")],
    violating: [provider("usw2", "us-west-2"), route53Alarm("health", "usw2")],
    message: /"health" alarms on AWS\/Route53 HealthCheckStatus in us-west-2, where Route 53 publishes no metrics/,
  },
];
