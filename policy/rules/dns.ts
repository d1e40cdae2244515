/**
 * Route 53 rules: what the failover and latency names need to route, and what AWS rejects or
 * silently ignores (a TTL on an alias record; an alarm on Route 53's metrics outside us-east-1,
 * where they are never published).
 */
import { ROUTE53_METRICS_REGION } from "../baseline/dns";
import { label, regionOf, resourceRule } from "./helpers";
import type { AnyRule } from "./types";

const RECORD = "aws:route53/record:Record";
const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const ROUTING_POLICIES = [
  "failoverRoutingPolicies",
  "latencyRoutingPolicies",
  "weightedRoutingPolicies",
  "geolocationRoutingPolicies",
  "geoproximityRoutingPolicy",
  "cidrRoutingPolicy",
] as const;

const hasAny = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null);
const failoverRole = (props: Record<string, any>): string | undefined => props.failoverRoutingPolicies?.[0]?.type;

export const dnsRules: AnyRule[] = [
  resourceRule({
    name: "route53-alias-record-no-ttl",
    description:
      "Alias records carry no TTL or values of their own (Route 53 answers with the target's TTL; AWS rejects both).",
    group: "edge",
    severity: "medium",
    resourceTypes: [RECORD],
    remediation: "Remove ttl and records from the alias record; the alias target decides the answer and its TTL.",
    check: (r) =>
      hasAny(r.props.aliases) &&
      (r.props.ttl !== undefined || hasAny(r.props.records)) &&
      `${label(r)} is an alias record with ${r.props.ttl !== undefined ? `ttl ${r.props.ttl}` : "records"}`,
  }),
  resourceRule({
    name: "route53-routing-set-identifier",
    description:
      "Records with a routing policy (failover, latency, weighted, ...) have a set identifier (AWS rejects them without one).",
    group: "edge",
    severity: "medium",
    resourceTypes: [RECORD],
    remediation: "Give each member of the name its own setIdentifier, e.g. `<role>-<region>`.",
    check: (r) => {
      const policies = ROUTING_POLICIES.filter((p) => hasAny(r.props[p]));
      return policies.length > 0 && !r.props.setIdentifier && `${label(r)} has ${policies[0]} but no setIdentifier`;
    },
  }),
  resourceRule({
    name: "route53-failover-primary-health-check",
    description:
      "A PRIMARY failover record has a health check: without one Route 53 considers it always healthy and never fails over.",
    group: "edge",
    severity: "high",
    resourceTypes: [RECORD],
    remediation:
      "Set healthCheckId to a Route 53 health check of the primary's endpoint (FailoverEndpoint creates one).",
    check: (r) =>
      failoverRole(r.props) === "PRIMARY" &&
      !r.props.healthCheckId &&
      `${label(r)} is a PRIMARY failover record without a health check`,
  }),
  resourceRule({
    name: "route53-latency-record-health-check",
    description:
      "Latency records have a health check, so an unhealthy region leaves the answers instead of keeping its nearest callers.",
    group: "edge",
    severity: "high",
    resourceTypes: [RECORD],
    remediation:
      "Set healthCheckId to a health check of the region's endpoint, or one that follows its error alarm (LatencyEndpoint).",
    check: (r) =>
      hasAny(r.props.latencyRoutingPolicies) &&
      !r.props.healthCheckId &&
      `${label(r)} is a latency record without a health check`,
  }),
  resourceRule({
    name: "route53-metric-alarm-region",
    description:
      "Alarms on Route 53 metrics (AWS/Route53) are in us-east-1, the one region Route 53 publishes them in; elsewhere they never get data.",
    group: "edge",
    severity: "medium",
    resourceTypes: [METRIC_ALARM],
    remediation: "Create the alarm (and its SNS topic) with a provider for us-east-1.",
    check: (r) => {
      const region = regionOf(r);
      return (
        r.props.namespace === "AWS/Route53" &&
        region !== undefined &&
        region !== ROUTE53_METRICS_REGION &&
        `${label(r)} alarms on AWS/Route53 ${r.props.metricName} in ${region}, where Route 53 publishes no metrics`
      );
    },
  }),
];
