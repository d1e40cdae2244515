/**
 * The global edge's Route 53 parts as both stacks deploy them (the shared plan: nothing here
 * plans again): the web application's failover pair, the ingestion API's latency pair, their
 * health checks, and the health checks' alarms in us-east-1.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "../../offline/graph";
import { EDGE_DEFAULTS, HEALTH_CHECK_METRICS_REGION } from "../../components/edge";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

let primary: PlannedStack;
let secondary: PlannedStack;
let both: [PlannedStack, PlannedStack];
beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
  both = [primary, secondary];
});

const API_NAME = "api.twin-region.example.com";

const T = {
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  domain: "aws:apigateway/domainName:DomainName",
  basePath: "aws:apigateway/basePathMapping:BasePathMapping",
  cert: "aws:acm/certificate:Certificate",
} as const;

const within = (plan: PlannedStack, type: string, component: string): RecordedResource[] =>
  plan.graph.ofType(type).filter((r) => plan.graph.ancestorsOf(r).some((a) => a.type === component));
const failoverRecord = (plan: PlannedStack) => only(within(plan, T.record, "twin-region:edge:FailoverEndpoint"));
const latencyRecord = (plan: PlannedStack) => only(within(plan, T.record, "twin-region:edge:LatencyEndpoint"));
function only<V>(values: V[]): V {
  expect(values).toHaveLength(1);
  return values[0]!;
}
const healthCheckOf = (plan: PlannedStack, record: RecordedResource) =>
  plan.graph.ofType(T.healthCheck).find((h) => h.id === record.inputs.healthCheckId)!;
/** The resources an input's value came from. */
const sources = (plan: PlannedStack, r: RecordedResource, input: string) =>
  (r.propertyDependencies?.[input] ?? []).map((urn) => plan.graph.byUrn(urn));

describe("the web application's failover records (seed 003, active-passive)", () => {
  it("have the same name and type in both stacks, each its own set identifier and failover role", () => {
    const [p, s] = both.map(failoverRecord);
    expect(p!.inputs.name).toBe(s!.inputs.name);
    expect(p!.inputs.name).toBe("app.twin-region.example.com");
    expect([p!.inputs.type, s!.inputs.type]).toEqual(["A", "A"]);
    expect(p!.inputs.failoverRoutingPolicies).toEqual([{ type: "PRIMARY" }]);
    expect(s!.inputs.failoverRoutingPolicies).toEqual([{ type: "SECONDARY" }]);
    expect(p!.inputs.setIdentifier).toBe("primary-us-east-1");
    expect(s!.inputs.setIdentifier).toBe("secondary-us-west-2");
    expect(p!.inputs.zoneId).toBe(s!.inputs.zoneId);
  });

  it("are alias records to their own region's load balancer with target-health evaluation, and no TTL", () => {
    for (const plan of both) {
      const record = failoverRecord(plan);
      expect(record.inputs.ttl, plan.stack).toBeUndefined();
      expect(record.inputs.records, plan.stack).toBeUndefined();
      expect(record.inputs.aliases, plan.stack).toEqual([
        { name: plan.outputs.albDnsName, zoneId: expect.any(String), evaluateTargetHealth: true },
      ]);
      const [lb] = sources(plan, record, "aliases").filter((r) => r.type === T.lb);
      expect(lb?.region, plan.stack).toBe(plan.region);
    }
  });

  it("each have a health check: HTTPS on their load balancer's /health every 30 s, failing after 3 results", () => {
    for (const plan of both) {
      const check = healthCheckOf(plan, failoverRecord(plan));
      expect(check, `${plan.stack}: the record's health check`).toBeDefined();
      expect(check.inputs).toMatchObject({
        type: "HTTPS",
        fqdn: plan.outputs.albDnsName,
        port: 443,
        resourcePath: EDGE_DEFAULTS.healthCheckPath,
        enableSni: true,
        requestInterval: 30,
        failureThreshold: 3,
      });
      expect(plan.outputs.appHealthCheckId).toBe(check.id);
    }
  });
});

describe("the ingestion API's latency records (seed 004, active-active)", () => {
  it("are one per region under one API name, each with its region as latency region and set identifier", () => {
    const [p, s] = both.map(latencyRecord);
    expect(p!.inputs.name).toBe(API_NAME);
    expect(s!.inputs.name).toBe(p!.inputs.name);
    expect(p!.inputs.latencyRoutingPolicies).toEqual([{ region: "us-east-1" }]);
    expect(s!.inputs.latencyRoutingPolicies).toEqual([{ region: "us-west-2" }]);
    expect(new Set([p!.inputs.setIdentifier, s!.inputs.setIdentifier]).size).toBe(2);
    expect(p!.inputs.ttl).toBeUndefined();
  });

  it("each point at their own region's API custom domain (regional endpoint, base path mapping to the stage)", () => {
    for (const plan of both) {
      const record = latencyRecord(plan);
      const [domain] = sources(plan, record, "aliases").filter((r) => r.type === T.domain);
      expect(domain, `${plan.stack}: the alias comes from the API's domain name`).toBeDefined();
      expect(domain!.region).toBe(plan.region);
      expect(domain!.inputs).toMatchObject({
        domainName: API_NAME,
        endpointConfiguration: { types: "REGIONAL" },
      });
      expect(domain!.inputs.regionalCertificateArn, plan.stack).toContain(`:acm:${plan.region}:`);
      const mapping = plan.graph.ofType(T.basePath).filter((m) => sources(plan, m, "domainName").includes(domain!));
      expect(mapping, plan.stack).toHaveLength(1);
    }
  });

  it("validate each region's API certificate through one DNS record, created by the primary only", () => {
    const validationRecords = (plan: PlannedStack) =>
      plan.graph
        .ofType(T.record)
        .filter((r) => sources(plan, r, "name").some((c) => c.type === T.cert && c.inputs.domainName === API_NAME));
    expect(validationRecords(primary)).toHaveLength(1);
    expect(validationRecords(secondary)).toHaveLength(0);
    for (const plan of both)
      expect(
        plan.graph.ofType(T.cert).filter((c) => c.inputs.domainName === API_NAME),
        plan.stack,
      ).toHaveLength(1);
  });

  it("leave the answers when their region's API alarm on 5xx answers fires (a health check that follows the alarm)", () => {
    for (const plan of both) {
      const check = healthCheckOf(plan, latencyRecord(plan));
      expect(check.inputs).toMatchObject({
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmRegion: plan.region,
        insufficientDataHealthStatus: "Healthy",
      });
      const [alarm] = sources(plan, check, "cloudwatchAlarmName");
      expect(alarm?.type).toBe(T.alarm);
      expect(alarm!.region).toBe(plan.region);
      expect(alarm!.inputs).toMatchObject({ namespace: "AWS/ApiGateway", metricName: "5XXError", period: 60 });
      expect(alarm!.inputs.alarmActions, `${plan.stack}: the region's alarm topic is told`).toHaveLength(1);
    }
  });
});

describe("the health checks' alarms", () => {
  it("are in us-east-1, where Route 53 publishes HealthCheckStatus, one per health check, notifying a topic there", () => {
    for (const plan of both) {
      const checks = plan.graph.ofType(T.healthCheck);
      expect(checks, plan.stack).toHaveLength(2);
      const alarms = plan.graph
        .ofType(T.alarm)
        .filter((a) => a.inputs.namespace === "AWS/Route53" && a.inputs.metricName === "HealthCheckStatus");
      expect(alarms.map((a) => a.inputs.dimensions.HealthCheckId).sort()).toEqual(checks.map((c) => c.id).sort());
      for (const alarm of alarms) {
        expect(alarm.region, `${plan.stack}: ${alarm.name}`).toBe(HEALTH_CHECK_METRICS_REGION);
        expect(alarm.inputs).toMatchObject({
          statistic: "Minimum",
          threshold: 1,
          comparisonOperator: "LessThanThreshold",
        });
        const [topic] = sources(plan, alarm, "alarmActions");
        expect(topic?.type).toBe(T.topic);
        expect(topic!.region).toBe(HEALTH_CHECK_METRICS_REGION);
      }
    }
  });
});
