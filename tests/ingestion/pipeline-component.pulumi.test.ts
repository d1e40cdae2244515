/**
 * IngestionPipeline as a library user meets it: what it builds by default, its grants (exact
 * ARNs, never "*"), its metric descriptors and their overrides, and the choices its args make.
 */
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { IngestionPipeline } from "../../components/ingestion";
import { AlarmSet } from "../../components/observability/alarm-set";
import { planProgram, type ProgramPlan } from "../../offline/testkit";
import { statementsOf } from "../../policy/rules/helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";

async function plan(
  extra: Partial<ConstructorParameters<typeof IngestionPipeline>[1]> = {},
  withGrants = false,
): Promise<{ plan: ProgramPlan; metricIds: string[]; thresholds: Record<string, number> }> {
  let metricIds: string[] = [];
  const thresholds: Record<string, number> = {};
  const result = await planProgram(() => {
    const pipeline = new IngestionPipeline("ingest", {
      region: "us-east-1",
      kmsKeyArn: KEY,
      privateSubnetIds: ["subnet-0a", "subnet-0b"],
      processingSecurityGroupIds: ["sg-0a"],
      accessLogBucketName: "access-logs-use1-0000000",
      ...extra,
    });
    const metrics = pipeline.metrics();
    metricIds = metrics.map((m) => m.id);
    for (const m of metrics) thresholds[m.id] = m.threshold;
    new AlarmSet("alarms", { metrics, kmsKeyArn: KEY });
    if (withGrants) {
      const producer = new aws.iam.Role("producer", {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      });
      pipeline.grantPut("producer-put", producer);
      pipeline.grantRead("producer-read", producer);
    }
  });
  return { plan: result, metricIds, thresholds };
}

describe("IngestionPipeline", () => {
  it("builds the whole path by default: API, 4-shard KMS stream, consumer, table, buckets, Firehose, bus, workflow, L1 and F1", async () => {
    const { plan: p } = await plan();
    const count = (type: string) => p.graph.ofType(type).length;
    const stream = p.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    expect(stream.inputs.shardCount).toBe(4);
    expect(stream.inputs.encryptionType).toBe("KMS");
    expect(stream.inputs.kmsKeyId).toBe(KEY);
    expect(count("aws:apigateway/restApi:RestApi")).toBe(1);
    expect(count("aws:dynamodb/table:Table")).toBe(1);
    expect(count("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")).toBe(1);
    expect(count("aws:sfn/stateMachine:StateMachine")).toBe(1);
    expect(count("aws:ecs/service:Service")).toBe(1);
    expect(count("aws:pipes/pipe:Pipe")).toBe(1);
    // consumer, workflow step, change processor
    expect(count("aws:lambda/function:Function")).toBe(3);
    expect(
      p.graph
        .ofType("aws:lambda/function:Function")
        .every((f) => f.inputs.runtime === "nodejs24.x" && f.inputs.tracingConfig?.mode === "Active"),
    ).toBe(true);
  });

  it("on-demand streams and a skipped change processing are one arg each", async () => {
    const { plan: p } = await plan({
      stream: { shards: "on-demand", retentionPeriodHours: 48 },
      changeProcessing: { skip: true },
    });
    const stream = p.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    expect(stream.inputs.streamModeDetails).toEqual({ streamMode: "ON_DEMAND" });
    expect(stream.inputs.shardCount).toBeUndefined();
    expect(stream.inputs.retentionPeriod).toBe(48);
    expect(p.graph.ofType("aws:ecs/service:Service")).toHaveLength(0);
    expect(p.graph.ofType("aws:lambda/function:Function")).toHaveLength(2);
  });

  it("rejects a stream retention AWS would refuse, naming the arg", async () => {
    await expect(plan({ stream: { retentionPeriodHours: 12 } })).rejects.toThrow(
      /stream\.retentionPeriodHours must be 24-8760, got 12/,
    );
  });

  it("grantPut and grantRead scope a producer to exactly the stream, table and key ARNs", async () => {
    const { plan: p } = await plan({}, true);
    const stream = p.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    const table = p.graph.ofType("aws:dynamodb/table:Table")[0]!;
    const put = statementsOf(p.graph.one("aws:iam/rolePolicy:RolePolicy", "producer-put").inputs.policy);
    expect(put.flatMap((s) => s.resources).sort()).toEqual([KEY, stream.id].sort());
    expect(put.flatMap((s) => s.actions)).toContain("kinesis:PutRecords");
    const read = statementsOf(p.graph.one("aws:iam/rolePolicy:RolePolicy", "producer-read").inputs.policy);
    expect(new Set(read.flatMap((s) => s.resources))).toEqual(
      new Set([`arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`, stream.id, KEY]),
    );
    expect(read.flatMap((s) => s.actions).some((a) => /Put|Write|Delete/.test(a))).toBe(false);
  });

  it("describes its health signals for alarms, one alarm each, and lets a threshold be overridden", async () => {
    const { plan: p, metricIds, thresholds } = await plan({ thresholds: { "stream-iterator-age": 5000 } });
    for (const id of [
      "stream-iterator-age",
      "consumer-errors",
      "consumer-throttles",
      "consumer-dlq",
      "api-5xx",
      "api-4xx",
      "api-latency",
      "archive-freshness",
      "table-throttles",
    ]) {
      expect(
        metricIds.some((m) => m === id || m.includes(id)),
        id,
      ).toBe(true);
    }
    expect(thresholds["stream-iterator-age"]).toBe(5000);
    // AWS/DynamoDB ThrottledRequests exists only per TableName and Operation: an alarm with only
    // TableName would stay without data; the table-level throttle metric is WriteThrottleEvents.
    const tableAlarm = p.graph
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .find((a) => a.inputs.namespace === "AWS/DynamoDB")!;
    expect(tableAlarm.inputs.metricName).toBe("WriteThrottleEvents");
    expect(Object.keys(tableAlarm.inputs.dimensions as object)).toEqual(["TableName"]);
    expect(p.graph.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(metricIds.length);
    await expect(plan({ thresholds: { "no-such-metric": 1 } })).rejects.toThrow(
      /thresholds: no metric "no-such-metric"/,
    );
  });
});
