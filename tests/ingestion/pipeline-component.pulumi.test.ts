/**
 * IngestionPipeline as a library user meets it: what it builds by default, its grants (exact
 * ARNs, never "*"), its metric descriptors and their overrides, and the choices its args make.
 */
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { IngestionPipeline, INGESTION_PIPELINE_METRIC_IDS } from "../../components/ingestion";
import { AlarmSet } from "../../components/observability/alarm-set";
import { planProgram, ProgramError, type ProgramPlan } from "../../offline/testkit";
import { PREFERRED_LAMBDA_RUNTIMES } from "../../policy/baseline/compute";
import { statementsOf } from "../../policy/rules/helpers";

/** The error a plan failed with (fails the test when it planned). */
const failure = (run: Promise<unknown>): Promise<ProgramError> =>
  run.then(
    () => {
      throw new Error("the plan succeeded");
    },
    (e: ProgramError) => e,
  );

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";

async function plan(
  extra: Partial<ConstructorParameters<typeof IngestionPipeline>[1]> = {},
  withGrants = false,
  name = "ingest",
): Promise<{ plan: ProgramPlan; metricIds: string[]; thresholds: Record<string, number> }> {
  let metricIds: string[] = [];
  const thresholds: Record<string, number> = {};
  const result = await planProgram(() => {
    const pipeline = new IngestionPipeline(name, {
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
      pipeline.grantWrite("producer", producer);
      pipeline.grantRead("producer", producer.name);
      pipeline.grantReadWrite("processor", producer);
      pipeline.grantApiInvoke("caller", producer);
      pipeline.grantApiRead("caller", producer);
    }
  });
  return { plan: result, metricIds, thresholds };
}

/** Plans shared by the tests that read them (each plan of the pipeline costs about a second of CPU). */
const once = <T>(make: () => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};
const defaultPlan = once(() => plan());
/** Another name, and thresholds overridden for metrics of three parts: the stream's, the API's and the change processing's. */
const OVERRIDES = { "stream-iterator-age": 5000, "api-latency": 250, "change-task-cpu": 60 };
const overriddenPlan = once(() => plan({ thresholds: OVERRIDES }, false, "orders"));

describe("IngestionPipeline", () => {
  it("builds the whole path by default: API, 4-shard KMS stream, consumer, table, buckets, Firehose, bus, workflow, L1 and F1", async () => {
    const { plan: p } = await defaultPlan();
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
    // consumer, workflow step, change processor, the API's record reader
    expect(count("aws:lambda/function:Function")).toBe(4);
    const running = (handler: string) =>
      p.graph
        .ofType("aws:lambda/function:Function")
        .filter((f) => f.inputs.environment?.variables?.POWERTOOLS_SERVICE_NAME === handler);
    const sourcesOf = (fn: { inputs: Record<string, any> }) =>
      p.graph
        .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
        .filter((m) => String(m.inputs.functionName).endsWith(`:function:${fn.inputs.name}:live`))
        .map((m) => m.inputs.eventSourceArn);
    // The consumer reads the stream; L1 (in the VPC) the table's stream.
    const [consumer] = running("consumer");
    expect(sourcesOf(consumer!)).toEqual([stream.id]);
    const [l1] = running("change-processor");
    expect(l1!.inputs.vpcConfig?.subnetIds).toEqual(["subnet-0a", "subnet-0b"]);
    expect(sourcesOf(l1!)).toEqual([expect.stringMatching(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/.+\/stream\//)]);
    expect(running("workflow-step")).toHaveLength(1);
    // The API's GET /records/{id} reads the pipeline's table, with GetItem only.
    const table = p.graph.ofType("aws:dynamodb/table:Table")[0]!;
    const [reader] = running("record-reader");
    expect(reader!.inputs.environment.variables.TABLE_NAME).toBe(table.id);
    // Buckets: the processed-data bucket and the retention bucket that Firehose fills.
    const buckets = p.graph.ofType("aws:s3/bucket:Bucket");
    expect(buckets.map((b) => b.name).sort()).toEqual(["ingest-processed-use1", "ingest-retention-use1"]);
    const firehose = p.graph.ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")[0]!;
    expect(firehose.inputs.kinesisSourceConfiguration.kinesisStreamArn).toBe(stream.id);
    expect(firehose.inputs.extendedS3Configuration.bucketArn).toBe(
      `arn:aws:s3:::${buckets.find((b) => b.name === "ingest-retention-use1")!.id}`,
    );
    // The bus, encrypted, whose rule starts the workflow.
    const buses = p.graph.ofType("aws:cloudwatch/eventBus:EventBus");
    expect(buses).toHaveLength(1);
    expect(buses[0]!.inputs.kmsKeyIdentifier).toBe(KEY);
    const workflow = p.graph.ofType("aws:sfn/stateMachine:StateMachine")[0]!;
    const target = p.graph.ofType("aws:cloudwatch/eventTarget:EventTarget").find((t) => t.inputs.arn === workflow.id)!;
    expect(target.inputs.eventBusName).toBe(buses[0]!.id);
    // F1: the service runs the change task's definition.
    const service = p.graph.ofType("aws:ecs/service:Service")[0]!;
    const definition = p.graph.ofType("aws:ecs/taskDefinition:TaskDefinition")[0]!;
    expect(service.dependencies).toContain(definition.urn);
    expect(
      p.graph
        .ofType("aws:lambda/function:Function")
        .every(
          (f) => f.inputs.runtime === PREFERRED_LAMBDA_RUNTIMES.nodejs && f.inputs.tracingConfig?.mode === "Active",
        ),
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
    expect(p.graph.ofType("aws:lambda/function:Function")).toHaveLength(3);
  });

  it("rejects a stream retention AWS would refuse, naming the arg", async () => {
    const error = await failure(plan({ stream: { retentionPeriodHours: 12 } }));
    expect(error.message).toBe(
      "IngestionPipeline: stream.retentionPeriodHours: 12 is not a whole number from 24 to 8760",
    );
    expect(error.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });

  it("rejects a change task count ECS would refuse (negative or fractional), naming the arg", async () => {
    for (const taskCount of [-1, 1.5]) {
      const error = await failure(plan({ changeProcessing: { taskCount } }));
      expect(error.message).toBe(
        `ChangeProcessing: taskCount: ${taskCount} is not a whole number of tasks (0 or more; 0 stops the service)`,
      );
      expect(error.resources.filter((r) => r.type === "aws:ecs/service:Service")).toEqual([]);
    }
  });

  it("grantWrite, grantRead and grantReadWrite scope a grantee (role or role name) to exactly the stream, table and key ARNs, each key only through its service", async () => {
    const { plan: p } = await plan({}, true);
    const stream = p.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    const table = p.graph.ofType("aws:dynamodb/table:Table")[0]!;
    const tableArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`;
    const policy = (name: string) => p.graph.one("aws:iam/rolePolicy:RolePolicy", name);
    const viaOf = (statements: ReturnType<typeof statementsOf>) =>
      statements.filter((s) => s.resources.includes(KEY)).map((s) => s.conditions.StringEquals?.["kms:ViaService"]);

    const write = statementsOf(policy("ingest-producer-write").inputs.policy);
    expect(write.flatMap((s) => s.resources).sort()).toEqual([KEY, stream.id].sort());
    expect(write.flatMap((s) => s.actions)).toEqual(
      expect.arrayContaining(["kinesis:PutRecord", "kinesis:PutRecords"]),
    );
    expect(viaOf(write)).toEqual(["kinesis.us-east-1.amazonaws.com"]);

    const read = statementsOf(policy("ingest-producer-read").inputs.policy);
    expect(new Set(read.flatMap((s) => s.resources))).toEqual(new Set([tableArn, stream.id, KEY]));
    expect(read.flatMap((s) => s.actions).some((a) => /Put|Write|Delete|Scan/.test(a))).toBe(false);
    expect(viaOf(read).sort()).toEqual(["dynamodb.us-east-1.amazonaws.com", "kinesis.us-east-1.amazonaws.com"]);

    const both = statementsOf(policy("ingest-processor-read-write").inputs.policy);
    expect(new Set(both.flatMap((s) => s.actions))).toEqual(new Set([...read, ...write].flatMap((s) => s.actions)));
    // A role object and a role name are the same grantee.
    const producerName = p.graph.one("aws:iam/role:Role", "producer").inputs.name;
    for (const name of ["ingest-producer-write", "ingest-producer-read", "ingest-processor-read-write"]) {
      expect(policy(name).inputs.role, name).toBe(producerName);
      expect(p.graph.ancestorsOf(policy(name))[0]!.name, name).toBe("ingest");
    }
    const invoke = statementsOf(policy("ingest-api-caller-invoke").inputs.policy);
    expect(invoke.flatMap((s) => s.actions)).toEqual(["execute-api:Invoke"]);
    expect(invoke.flatMap((s) => s.resources)).toEqual([expect.stringMatching(/\/v1\/POST\/records$/)]);
    const reads = statementsOf(policy("ingest-api-caller-read-invoke").inputs.policy);
    expect(reads.flatMap((s) => s.actions)).toEqual(["execute-api:Invoke"]);
    expect(reads.flatMap((s) => s.resources)).toEqual([expect.stringMatching(/\/v1\/GET\/records\/\*$/)]);
  });

  it("describes its health signals with stable ids (not derived from its name), one alarm each, and lets a threshold be overridden by id", async () => {
    const { plan: p, metricIds, thresholds } = await overriddenPlan();
    // With a created table and change processing on, every id the pipeline declares is described.
    expect([...metricIds].sort()).toEqual([...INGESTION_PIPELINE_METRIC_IDS].sort());
    expect(thresholds["stream-iterator-age"]).toBe(5000);
    // "orders" has the ids the default "ingest" has.
    expect([...metricIds].sort()).toEqual([...(await defaultPlan()).metricIds].sort());
    // AWS/DynamoDB ThrottledRequests exists only per TableName and Operation: an alarm with only
    // TableName would stay without data; the table-level throttle metric is WriteThrottleEvents.
    const tableAlarm = p.graph
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .find((a) => a.inputs.namespace === "AWS/DynamoDB")!;
    expect(tableAlarm.inputs.metricName).toBe("WriteThrottleEvents");
    expect(Object.keys(tableAlarm.inputs.dimensions as object)).toEqual(["TableName"]);
    expect(p.graph.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(metricIds.length);
  });

  it("passes a threshold to the part that owns the metric (the API's, the change processing's)", async () => {
    const { thresholds } = await overriddenPlan();
    expect(thresholds["api-latency"]).toBe(250);
    expect(thresholds["change-task-cpu"]).toBe(60);
  });

  it("holds its region to its provider's: a pipeline told us-west-2 under a us-east-1 provider stops, naming both", async () => {
    const error = await failure(plan({ region: "us-west-2" }));
    expect(error.message).toContain(
      `IngestionPipeline: region: "us-west-2" is not the region of the component's provider ("us-east-1")`,
    );
  });

  it("rejects a threshold for a metric it does not have, before creating anything, naming the component and its metrics", async () => {
    const error = await failure(plan({ thresholds: { "no-such-metric": 1 } as never }));
    expect(error.message).toMatch(
      /^IngestionPipeline: thresholds: no metric "no-such-metric"; its metrics are stream-iterator-age, /,
    );
    expect(error.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
