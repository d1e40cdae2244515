/** The edge components planned on their own: the fast option, and a latency member without an API domain. */
import { describe, expect, it } from "vitest";
import { FailoverEndpoint, LatencyEndpoint } from "../../components/edge";
import type { MetricDescriptor } from "../../components/shared/metrics";
import { planProgram, ProgramError } from "../../offline/testkit";

const SIGNAL: MetricDescriptor = {
  id: "api-5xx-rate",
  description: "5xx share",
  namespace: "AWS/ApiGateway",
  metricName: "5XXError",
  dimensions: { ApiName: "ingest", Stage: "prod" },
  statistic: "Average",
  periodSeconds: 60,
  evaluationPeriods: 2,
  threshold: 0.01,
  comparisonOperator: "GreaterThanThreshold",
};

describe("FailoverEndpoint", () => {
  it("checks every 10 s with the fast option, in any region, and describes the check's status for an alarm in us-east-1", async () => {
    let metrics: MetricDescriptor[] = [];
    const plan = await planProgram(
      () => {
        const endpoint = new FailoverEndpoint("app", {
          region: "eu-west-1",
          hostedZoneId: "Z0123456789ABCDEFGHIJ",
          recordName: "app.example.com",
          role: "SECONDARY",
          loadBalancer: { dnsName: "lb-1.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2" },
          healthCheck: { requestIntervalSeconds: 10, failureThreshold: 2 },
        });
        metrics = endpoint.metrics();
      },
      { region: "eu-west-1" },
    );
    const [check] = plan.graph.ofType("aws:route53/healthCheck:HealthCheck");
    expect(check!.inputs).toMatchObject({
      requestInterval: 10,
      failureThreshold: 2,
      fqdn: "lb-1.eu-west-1.elb.amazonaws.com",
    });
    const [record] = plan.graph.ofType("aws:route53/record:Record");
    expect(record!.inputs).toMatchObject({
      setIdentifier: "secondary-eu-west-1",
      failoverRoutingPolicies: [{ type: "SECONDARY" }],
      healthCheckId: check!.id,
    });
    expect(metrics.map((m) => [m.namespace, m.metricName, Object.keys(m.dimensions)])).toEqual([
      ["AWS/Route53", "HealthCheckStatus", ["HealthCheckId"]],
    ]);
  });
});

describe("LatencyEndpoint", () => {
  it("stops when the API has no custom domain to point at, saying what to give it", async () => {
    const error = await planProgram(() => {
      new LatencyEndpoint("api", {
        region: "us-east-1",
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        recordName: "api.example.com",
        target: undefined,
        healthSignal: SIGNAL,
        alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
      });
    }).then(
      () => undefined,
      (e: ProgramError) => e,
    );
    expect(error?.message).toContain(
      "LatencyEndpoint: target: the API has no custom domain (give IngestionApi a customDomain and pass its customDomainTarget)",
    );
  });
});
