/**
 * The dashboards of a region's components as Pulumi plans them: one per concern, named for the
 * region, every body valid and naming only resources of the graph (tests/support/dashboard-check.ts,
 * the check the stacks' shared plan runs too), every alarmed signal drawn.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { DataLake } from "../../components/datalake";
import { IngestionPipeline } from "../../components/ingestion";
import { RegionalNetwork } from "../../components/network";
import { createDashboards } from "../../components/observability/dashboards";
import { ResilientWebTier } from "../../components/web";
import { planProgram, type ProgramPlan, type RecordedResource } from "../../offline/testkit";
import { DASHBOARD_TYPE, dashboardProblems, dashboardResourceProblems } from "../support/dashboard-check";

const REGION = "us-east-1";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:" + "a".repeat(64);

class Observed extends pulumi.ComponentResource {
  constructor(name: string) {
    super("twin-region:test:Observed", name, {});
  }
}

let plan: ProgramPlan;
/** Every descriptor id of the three components, and the dashboards' names and addresses. */
const seen = { metricIds: [] as string[], names: {} as Record<string, string>, urls: {} as Record<string, string> };

beforeAll(async () => {
  plan = await planProgram(() => {
    const network = new RegionalNetwork("net", {
      cidrBlock: "10.20.0.0/16",
      availabilityZoneCount: 2,
      natStrategy: "single",
      kmsKeyArn: KEY,
      region: REGION,
    });
    const pipeline = new IngestionPipeline("ingest", {
      region: REGION,
      kmsKeyArn: KEY,
      privateSubnetIds: network.privateSubnetIds,
      processingSecurityGroupIds: ["sg-0a"],
      accessLogBucketName: "access-logs-use1-0000000",
      // Its functions and Fargate task are drawn like the consumer's and the web tier's (a cheaper plan).
      changeProcessing: { skip: true },
    });
    const web = new ResilientWebTier("shop", {
      region: REGION,
      kmsKeyArn: KEY,
      network,
      availabilityZoneCount: 2,
      accessLogBucketName: "access-logs-use1-0000000",
      hostName: "shop.example.com",
      hostedZoneId: "Z0123456789ABCDEFGHIJ",
      app: { image: IMAGE },
      lambdaTarget: { skip: true },
    });
    const lake = new DataLake("lake", {
      region: REGION,
      environment: "test",
      kmsKeyArn: KEY,
      accessLogBucketName: "access-logs-use1-0000000",
      network,
      stores: {
        mysql: { host: web.databaseWriterEndpoint, database: "shop" },
        redis: { host: web.cacheEndpoint, password: web.cacheAuthToken },
        rotationSecurityGroupIds: [web.appSecurityGroupId],
      },
    });
    seen.metricIds = [pipeline, web, lake].flatMap((c) => c.metrics().map((m) => m.id));
    const made = createDashboards("platform", { region: REGION, sources: [pipeline, web, lake] }, new Observed("obs"));
    seen.names = made.names;
    seen.urls = made.urls;
  });
});

const bodyOf = (d: RecordedResource) => JSON.parse(String(d.inputs.dashboardBody));
const dashboard = (concern: string) =>
  plan.graph.ofType(DASHBOARD_TYPE).find((d) => d.inputs.dashboardName === `platform-${concern}-use1`)!;
/** Every metric row of a body. */
const rows = (d: RecordedResource): unknown[][] => bodyOf(d).widgets.flatMap((w: any) => w.properties.metrics ?? []);

describe("dashboards generated from the components", () => {
  it("draws one dashboard per concern, named with the region's code, with its console address", () => {
    const names = plan.graph.ofType(DASHBOARD_TYPE).map((d) => d.inputs.dashboardName);
    expect(names.sort()).toEqual(
      ["api", "compute", "datalake", "ingestion", "web"].map((c) => `platform-${c}-use1`).sort(),
    );
    expect(seen.names.web).toBe("platform-web-use1");
    expect(seen.urls.ingestion).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/platform-ingestion-use1",
    );
  });

  it("every body is valid JSON and names only metrics and dimensions of resources in the graph", () => {
    expect(dashboardProblems(plan.graph)).toEqual([]);
  });

  it("draws the stream's incoming records per shard, found by a SEARCH on the stream's real name", () => {
    const stream = plan.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    expect(stream.inputs.shardLevelMetrics).toContain("IncomingRecords");
    const searches = rows(dashboard("ingestion")).flatMap((r) =>
      typeof r[0] === "object" ? [(r[0] as { expression: string }).expression] : [],
    );
    expect(searches).toContain(
      `SEARCH('{AWS/Kinesis,StreamName,ShardId} MetricName="IncomingRecords" StreamName="${stream.inputs.name}"', 'Sum', 60)`,
    );
  });

  it("names the load balancer by its ARN suffix and each Redis node by its member cluster id", () => {
    const lb = plan.graph.ofType("aws:lb/loadBalancer:LoadBalancer")[0]!;
    const suffix = String(lb.id).split(":loadbalancer/")[1];
    const web = rows(dashboard("web"));
    expect(web).toContainEqual([
      "AWS/ApplicationELB",
      "RequestCount",
      "LoadBalancer",
      suffix,
      { stat: "Sum", label: "requests", region: REGION },
    ]);
    const group = plan.graph.ofType("aws:elasticache/replicationGroup:ReplicationGroup")[0]!;
    const nodes = web.filter((r) => r[1] === "EngineCPUUtilization").map((r) => r[3]);
    const id = String(group.inputs.replicationGroupId);
    expect(nodes).toEqual([`${id}-001`, `${id}-002`]);
  });

  it("draws the API's latency at p50, p90 and p99", () => {
    const latency = rows(dashboard("api")).filter((r) => r[1] === "Latency");
    expect(latency.map((r) => (r[r.length - 1] as { stat: string }).stat)).toEqual(["p50", "p90", "p99", "Average"]);
  });

  it("draws every signal the components alarm on, with its threshold as a horizontal line", () => {
    const drawn = plan.graph
      .ofType(DASHBOARD_TYPE)
      .flatMap((d) => bodyOf(d).widgets.flatMap((w: any) => w.properties.annotations?.horizontal ?? []))
      .map((a: { label: string }) => a.label.replace(/^alarm /, ""));
    expect(seen.metricIds.length).toBeGreaterThan(40);
    expect(new Set(drawn)).toEqual(new Set(seen.metricIds));
  });

  it("the check reports a dashboard naming a stream the graph does not hold", () => {
    const real = dashboard("ingestion");
    const stream = String(plan.graph.ofType("aws:kinesis/stream:Stream")[0]!.inputs.name);
    const forged = {
      ...real,
      inputs: { ...real.inputs, dashboardBody: real.inputs.dashboardBody.split(stream).join("typo") },
    };
    const problems = dashboardResourceProblems(plan.graph, forged);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.includes('StreamName "typo" names no aws:kinesis/stream:Stream in us-east-1'))).toBe(
      true,
    );
  });
});
