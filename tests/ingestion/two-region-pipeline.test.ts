/**
 * What a real deployment of the ingestion path needs, checked on both stacks as the program
 * builds them (nothing here can deploy, so each requirement is a test on the recorded graph).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DOMAIN_EVENT_DETAIL_TYPE, DOMAIN_EVENT_SOURCE } from "../../functions/shared/event";
import { ResourceGraph, type RecordedResource } from "../../offline/graph";
import { renderMermaid } from "../../offline/mermaid";
import { edgesBetween, nodesLabelled, parseFlowchart } from "../support/mermaid-flowchart";
import { evaluatePolicies, isBlocking } from "../../offline/policy-runner";
import { ALL_RULES } from "../../policy/rules";
import { statementsOf } from "../../policy/rules/helpers";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

let primary: PlannedStack;
let secondary: PlannedStack;

beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
});

const prop = ResourceGraph.prop;
/** The statements of every inline policy on a role (RolePolicy resources whose role is the role's id/name). */
const roleStatements = (plan: PlannedStack, role: RecordedResource) =>
  plan.graph
    .ofType("aws:iam/rolePolicy:RolePolicy")
    .filter((p) => p.inputs.role === role.id || p.inputs.role === role.inputs.name)
    .flatMap((p) => statementsOf(p.inputs.policy));
const roleOfFunction = (plan: PlannedStack, fn: RecordedResource) =>
  plan.graph
    .ofType("aws:iam/role:Role")
    .find((r) => fn.inputs.role === `arn:aws:iam::123456789012:role/${r.inputs.name}`)!;
const allows = (statements: ReturnType<typeof roleStatements>, action: string, resource: string) =>
  statements.some((s) => s.effect === "Allow" && s.actions.includes(action) && s.resources.includes(resource));

describe("API Gateway → Kinesis in both regions", () => {
  for (const stack of ["primary", "secondary"] as const) {
    it(`${stack}: the integration puts records on its own region's stream with a scoped credentials role`, () => {
      const plan = stack === "primary" ? primary : secondary;
      // The write path's (the API's GET /records/{id} has a Lambda proxy integration of its own: tests/ingestion/reads.test.ts).
      const integration = plan.graph
        .ofType("aws:apigateway/integration:Integration")
        .find((i) => i.inputs.httpMethod === "POST")!;
      expect(integration.inputs.type).toBe("AWS");
      expect(integration.inputs.integrationHttpMethod).toBe("POST");
      expect(integration.inputs.uri).toBe(`arn:aws:apigateway:${plan.region}:kinesis:action/PutRecords`);
      const stream = plan.graph.ofType("aws:kinesis/stream:Stream")[0]!;
      const role = plan.graph
        .ofType("aws:iam/role:Role")
        .find((r) => integration.inputs.credentials === `arn:aws:iam::123456789012:role/${r.inputs.name}`)!;
      expect(allows(roleStatements(plan, role), "kinesis:PutRecords", stream.id!)).toBe(true);
    });
  }
});

describe("Kinesis consumer (E1)", () => {
  it("maps the stream with bounded retries and record age, bisect and partial batch responses, to an encrypted DLQ", () => {
    const stream = primary.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    const mapping = primary.graph
      .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
      .find((m) => m.inputs.eventSourceArn === stream.id)!;
    expect(mapping.inputs.maximumRetryAttempts).toBeGreaterThan(0);
    expect(mapping.inputs.maximumRetryAttempts).not.toBe(-1);
    expect(mapping.inputs.maximumRecordAgeInSeconds).toBeGreaterThan(0);
    expect(mapping.inputs.maximumRecordAgeInSeconds).not.toBe(-1);
    expect(mapping.inputs.bisectBatchOnFunctionError).toBe(true);
    expect(mapping.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    const dlqArn = prop(mapping, "destinationConfig.onFailure.destinationArn") as string;
    const dlq = primary.graph.ofType("aws:sqs/queue:Queue").find((q) => dlqArn.endsWith(`:${q.inputs.name}`))!;
    expect(dlq.inputs.kmsMasterKeyId).toMatch(/^arn:aws:kms:us-east-1:/);
  });

  it("gives the consumer role kms:Decrypt on the stream's key and sqs:SendMessage on its DLQ, nothing on *", () => {
    const stream = primary.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    const mapping = primary.graph
      .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
      .find((m) => m.inputs.eventSourceArn === stream.id)!;
    const fn = primary.graph
      .ofType("aws:lambda/function:Function")
      .find(
        (f) => mapping.inputs.functionName === `arn:aws:lambda:us-east-1:123456789012:function:${f.inputs.name}:live`,
      )!;
    const statements = roleStatements(primary, roleOfFunction(primary, fn));
    expect(allows(statements, "kms:Decrypt", stream.inputs.kmsKeyId)).toBe(true);
    expect(
      allows(statements, "sqs:SendMessage", prop(mapping, "destinationConfig.onFailure.destinationArn") as string),
    ).toBe(true);
    const star = statements.filter((s) => s.resources.includes("*")).flatMap((s) => s.actions);
    expect(star.every((a) => a.startsWith("xray:") || a === "cloudwatch:PutMetricData")).toBe(true);
  });
});

describe("Lambda in the VPC (L1)", () => {
  it("has the VPC access managed policy and is created after it", () => {
    const fn = primary.graph.ofType("aws:lambda/function:Function").find((f) => f.inputs.vpcConfig)!;
    const role = roleOfFunction(primary, fn);
    const attachment = primary.graph
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .find(
        (a) =>
          a.inputs.role === role.inputs.name &&
          String(a.inputs.policyArn).endsWith("service-role/AWSLambdaVPCAccessExecutionRole"),
      )!;
    expect(attachment).toBeDefined();
    expect(fn.dependencies).toContain(attachment.urn);
  });

  it("reaches the AWS APIs it calls from the private subnets: S3 and DynamoDB gateway endpoints, interface endpoints for SQS, logs, ECR, KMS", () => {
    const services = primary.graph
      .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
      .map((e) => String(e.inputs.serviceName).split(".").slice(3).join("."));
    for (const s of ["s3", "dynamodb", "sqs", "logs", "ecr.api", "ecr.dkr", "kms", "kinesis-streams"])
      expect(services).toContain(s);
  });
});

describe("DynamoDB global table", () => {
  it("is created once, by the primary, with its stream stated explicitly and a replica in the secondary region under that region's key", () => {
    const tables = primary.graph.ofType("aws:dynamodb/table:Table");
    expect(tables).toHaveLength(1);
    const table = tables[0]!;
    expect(table.inputs.streamEnabled).toBe(true);
    expect(table.inputs.streamViewType).toBe("NEW_AND_OLD_IMAGES");
    expect(prop(table, "pointInTimeRecovery.enabled")).toBe(true);
    const [replica] = table.inputs.replicas;
    expect(replica.regionName).toBe("us-west-2");
    expect(replica.kmsKeyArn).toMatch(/^arn:aws:kms:us-west-2:123456789012:key\//);
    expect(replica.pointInTimeRecovery).toBe(true);
    const replicaKey = primary.graph.ofType("aws:kms/key:Key").find((k) => replica.kmsKeyArn.endsWith(k.id!))!;
    expect(replicaKey.region).toBe("us-west-2");
    expect(secondary.graph.ofType("aws:dynamodb/table:Table")).toHaveLength(0);
  });

  it("the secondary's consumer writes to the replica in its own region", () => {
    const fn = secondary.graph
      .ofType("aws:lambda/function:Function")
      .find((f) => f.inputs.environment?.variables?.POWERTOOLS_SERVICE_NAME === "consumer")!;
    expect(fn.inputs.environment.variables.TABLE_NAME).toBe(primary.outputs.tableName);
    const statements = roleStatements(secondary, roleOfFunction(secondary, fn));
    expect(
      allows(
        statements,
        "dynamodb:BatchWriteItem",
        `arn:aws:dynamodb:us-west-2:123456789012:table/${primary.outputs.tableName}`,
      ),
    ).toBe(true);
  });
});

describe("S3 replication S1 → S2 (created by the secondary)", () => {
  it("lives in the primary region, depends on the destination's versioning, and re-encrypts with the destination key", () => {
    const config = secondary.graph.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")[0]!;
    expect(config.region).toBe("us-east-1");
    expect(config.inputs.bucket).toBe(primary.outputs.processedBucketName);
    const destVersioning = secondary.graph
      .ofType("aws:s3/bucketVersioning:BucketVersioning")
      .find((v) => v.inputs.bucket === secondary.outputs.processedBucketName)!;
    expect(config.dependencies).toContain(destVersioning.urn);
    const [rule] = config.inputs.rules;
    expect(prop({ ...config, inputs: rule }, "sourceSelectionCriteria.sseKmsEncryptedObjects.status")).toBe("Enabled");
    expect(rule.destination.encryptionConfiguration.replicaKmsKeyId).toMatch(/^arn:aws:kms:us-west-2:/);
    // A delete in S1 must reach S2 (REPLICATION_DEFAULTS.deleteMarkerReplication).
    expect(rule.deleteMarkerReplication.status).toBe("Enabled");
  });
});

describe("cross-region forwarding", () => {
  it("a forwarder in the primary region reads the primary stream and puts records on R1 in the secondary region", () => {
    const fn = secondary.graph
      .ofType("aws:lambda/function:Function")
      .find((f) => f.inputs.environment?.variables?.TARGET_STREAM_ARN)!;
    expect(fn.region).toBe("us-east-1");
    const r1 = secondary.graph.ofType("aws:kinesis/stream:Stream")[0]!;
    expect(r1.region).toBe("us-west-2");
    expect(fn.inputs.environment.variables.TARGET_STREAM_ARN).toBe(r1.id);
    const mapping = secondary.graph
      .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
      .find((m) => m.inputs.eventSourceArn === primary.outputs.streamArn)!;
    expect(mapping.region).toBe("us-east-1");
    expect(allows(roleStatements(secondary, roleOfFunction(secondary, fn)), "kinesis:PutRecords", r1.id!)).toBe(true);
  });

  it("domain events are forwarded both ways, each rule matching only its own region's events", () => {
    const rules = secondary.graph
      .ofType("aws:cloudwatch/eventRule:EventRule")
      .filter((r) => String(r.inputs.eventPattern).includes("originRegion"));
    expect(rules.map((r) => [r.region, JSON.parse(r.inputs.eventPattern).detail.originRegion[0]]).sort()).toEqual([
      ["us-east-1", "us-east-1"],
      ["us-west-2", "us-west-2"],
    ]);
  });

  it("the diagram draws the cross-region links: the primary's stream → the forwarder → the secondary's stream", () => {
    const chart = parseFlowchart(
      renderMermaid([
        { name: "primary", region: primary.region, resources: primary.resources, violations: [] },
        { name: "secondary", region: secondary.region, resources: secondary.resources, violations: [] },
      ]),
    );
    const forwarder = nodesLabelled(chart, "forwarder λ", "us-east-1");
    expect(edgesBetween(chart, nodesLabelled(chart, "Kinesis stream", "us-east-1"), forwarder)).toEqual([
      expect.objectContaining({ label: "via StackReference" }),
    ]);
    expect(edgesBetween(chart, forwarder, nodesLabelled(chart, "Kinesis stream", "us-west-2"))).toEqual([
      expect.objectContaining({ arrow: "-.->" }),
    ]);
  });
});

describe("workflow, retention and the Fargate task", () => {
  it("the state machine logs and traces, and is started by the stored-record rule", () => {
    const sm = primary.graph.ofType("aws:sfn/stateMachine:StateMachine")[0]!;
    expect(prop(sm, "loggingConfiguration.level")).toBe("ALL");
    expect(prop(sm, "tracingConfiguration.enabled")).toBe(true);
    const targets = primary.graph
      .ofType("aws:cloudwatch/eventTarget:EventTarget")
      .filter((t) => t.inputs.arn === sm.id);
    expect(targets).toHaveLength(1);
    const rule = primary.graph
      .ofType("aws:cloudwatch/eventRule:EventRule")
      .find((r) => r.inputs.name === targets[0]!.inputs.rule)!;
    expect(rule.inputs.eventBusName).toBe(primary.outputs.eventBusName);
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: [DOMAIN_EVENT_SOURCE],
      "detail-type": [DOMAIN_EVENT_DETAIL_TYPE],
    });
  });

  it("Firehose delivers the stream to the retention bucket, whose lifecycle moves records to Glacier classes and expires them", () => {
    const firehose = primary.graph.ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")[0]!;
    expect(prop(firehose, "kinesisSourceConfiguration.kinesisStreamArn")).toBe(primary.outputs.streamArn);
    const bucketArn = prop(firehose, "extendedS3Configuration.bucketArn") as string;
    const bucketName = bucketArn.split(":::")[1];
    const lifecycle = primary.graph
      .ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
      .find((l) => l.inputs.bucket === bucketName)!;
    const rules = lifecycle.inputs.rules as {
      transitions?: { storageClass: string }[];
      expiration?: { days: number };
    }[];
    expect(rules.flatMap((r) => r.transitions ?? []).map((t) => t.storageClass)).toEqual(
      expect.arrayContaining(["GLACIER_IR", "DEEP_ARCHIVE"]),
    );
    expect(rules.some((r) => r.expiration?.days)).toBe(true);
  });

  it("the Fargate task runs the image built into the scan-on-push repository of its own region", () => {
    const repo = primary.graph.ofType("aws:ecr/repository:Repository")[0]!;
    expect(prop(repo, "imageScanningConfiguration.scanOnPush")).toBe(true);
    const task = primary.graph.ofType("aws:ecs/taskDefinition:TaskDefinition")[0]!;
    const [container] = JSON.parse(task.inputs.containerDefinitions);
    expect(container.image).toMatch(/^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/.+@sha256:[0-9a-f]{64}$/);
    expect(container.readonlyRootFilesystem).toBe(true);
  });
});

describe("the Lambda functions of both stacks", () => {
  it("each say in one line what they do (their description), and no two the same in a stack", () => {
    for (const plan of [primary, secondary]) {
      const functions = plan.graph.ofType("aws:lambda/function:Function");
      expect(functions.length, plan.stack).toBeGreaterThanOrEqual(3);
      const descriptions = functions.map((f) => String(f.inputs.description ?? ""));
      for (const [i, d] of descriptions.entries()) {
        expect(d.length, `${plan.stack}: ${functions[i]!.name}`).toBeGreaterThan(20);
        expect(d.length, `${plan.stack}: ${functions[i]!.name}`).toBeLessThanOrEqual(256);
        expect(d, `${plan.stack}: ${functions[i]!.name}`).not.toMatch(/\n/);
      }
      expect(new Set(descriptions).size, plan.stack).toBe(descriptions.length);
    }
  });
});

/** Both stacks as the program builds them pass every mandatory rule: components are fixed, rules never weakened. */
describe("the platform's own stacks against the policy pack", () => {
  for (const stack of ["primary", "secondary"] as const) {
    it(`${stack} has no mandatory violation`, () => {
      const plan = stack === "primary" ? primary : secondary;
      const blocking = evaluatePolicies(
        { name: plan.stack, region: plan.region, resources: plan.resources, violations: [] },
        ALL_RULES,
      ).filter(isBlocking);
      expect(blocking.map((v) => `${v.rule}: ${v.resourceType} "${v.resourceName}": ${v.message}`)).toEqual([]);
    });
  }
});
