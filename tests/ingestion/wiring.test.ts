/**
 * The ingestion path's wiring, tied to the handlers' code rather than to what the components say
 * about it: on both stacks as `npm start` plans them (tests/support/shared-plan.ts),
 *
 * - the events: the consumer, run from its deployed bundle with the environment the plan gives
 *   it, publishes its IngestionRecordStored event; every rule's pattern (the workflow rule of
 *   components/ingestion/events.ts, the forwarding rules of cross-region.ts) is matched against
 *   that event, and the event is routed through the planned rules and targets;
 * - the environment: every variable each handler reads (named in its functions/<name>/environment.ts)
 *   is set on its function or container, to the resource it is meant to name;
 * - the sources: every event source mapping and the pipe read the stream or table whose records
 *   their handler parses, with partial batch responses where the handler returns them.
 *
 * Resources are found by what they are, not by the components' names for them: a function by the
 * handler it runs (PlatformFunction bundles `handler` and names it in POWERTOOLS_SERVICE_NAME),
 * a resource's ARN or stream ARN as the plan's mock of AWS made it (offline/resource-ids.ts).
 */
import { CreateTableCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { PutRecordsCommand, PutRecordsCommandOutput } from "@aws-sdk/client-kinesis";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction } from "../../components/compute/function-bundle";
import { CHANGE_PROCESSOR_ENV } from "../../functions/change-processor/environment";
import { CHANGE_TASK_ENV } from "../../functions/change-task/environment";
import { CONSUMER_ENV } from "../../functions/consumer/environment";
import { FORWARDER_ENV } from "../../functions/forwarder/environment";
import { RECORD_READER_ENV } from "../../functions/record-reader/environment";
import { forwardRecords, targetFromEnv } from "../../functions/forwarder/forwarder";
import {
  DOMAIN_EVENT_DETAIL_TYPE,
  DOMAIN_EVENT_SOURCE,
  eventKey,
  type RecordStoredDetail,
} from "../../functions/shared/event";
import { runWorkflowStep } from "../../functions/workflow-step/step";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { identityOf } from "../../offline/resource-ids";
import { statementsOf } from "../../policy/rules/helpers";
import { startDynalite, type Emulator } from "../functions/emulators";
import { ingestionEvent, kinesisRecord } from "../functions/fixtures";
import { busEventOf, matchesEventPattern, parseEventPattern, type BusEvent } from "../support/event-pattern";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const T = {
  fn: "aws:lambda/function:Function",
  mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  stream: "aws:kinesis/stream:Stream",
  table: "aws:dynamodb/table:Table",
  bus: "aws:cloudwatch/eventBus:EventBus",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  queue: "aws:sqs/queue:Queue",
  bucket: "aws:s3/bucket:Bucket",
  pipe: "aws:pipes/pipe:Pipe",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

type Handler = "consumer" | "change-processor" | "forwarder" | "workflow-step" | "record-reader";

let primary: PlannedStack;
let secondary: PlannedStack;
let stacks: PlannedStack[];

beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
  stacks = [primary, secondary];
});

// ---------------------------------------------------------------------------------------------
// Reading the plan

/** Every resource of a type in both stacks (the secondary creates some in the primary's region). */
const everywhere = (type: string): RecordedResource[] => stacks.flatMap((s) => s.graph.ofType(type));

/** What AWS returns for a resource (ARN, stream ARN, URL…), as the plan's mock made it. */
function planned(resource: RecordedResource): { id: string; [attribute: string]: unknown } {
  const identity = identityOf({
    type: resource.type,
    name: resource.name,
    inputs: resource.inputs,
    region: resource.region,
    // Random parts (unique ids, UUIDs) cannot be made again; no attribute read here has one.
    hex: (length) => "0".repeat(length),
  });
  // The rule that made the recorded id is the one read here (an id with a random part fails here).
  expect(identity.id, `${resource.type} "${resource.name}"`).toBe(resource.id);
  return { ...identity.state, id: identity.id };
}
const arnOf = (resource: RecordedResource): string => String(planned(resource).arn);

/** The Lambda functions running a handler: PlatformFunction bundles `handler` and names it in POWERTOOLS_SERVICE_NAME. */
const functionsRunning = (plan: PlannedStack, handler: Handler): RecordedResource[] =>
  plan.graph.ofType(T.fn).filter((f) => f.inputs.environment?.variables?.POWERTOOLS_SERVICE_NAME === handler);
const theFunction = (plan: PlannedStack, handler: Handler): RecordedResource => {
  const found = functionsRunning(plan, handler);
  expect(
    found.map((f) => f.name),
    `${plan.stack}: functions running ${handler}`,
  ).toHaveLength(1);
  return found[0]!;
};
const envOf = (fn: RecordedResource): Record<string, string> => fn.inputs.environment?.variables ?? {};

/** The event source mappings that invoke a function: through its live alias, which CodeDeploy shifts on a release. */
const mappingsOf = (plan: PlannedStack, fn: RecordedResource): RecordedResource[] =>
  plan.graph.ofType(T.mapping).filter((m) => m.inputs.functionName === `${arnOf(fn)}:live`);

/** The one resource of a type (in either stack) whose id is `id`. */
function byId(type: string, id: string): RecordedResource {
  const found = everywhere(type).filter((r) => r.id === id);
  expect(
    found.map((r) => r.urn),
    `${type} with id ${id}`,
  ).toHaveLength(1);
  return found[0]!;
}
function byArn(type: string, arn: string): RecordedResource {
  const found = everywhere(type).filter((r) => arnOf(r) === arn);
  expect(
    found.map((r) => r.urn),
    `${type} with ARN ${arn}`,
  ).toHaveLength(1);
  return found[0]!;
}
const regionOfArn = (arn: string): string => arn.split(":")[3]!;

/** The records table: the primary creates it, the secondary uses its replica. */
const theTable = (): RecordedResource => {
  const tables = everywhere(T.table);
  expect(tables).toHaveLength(1);
  return tables[0]!;
};
const tableRegions = (table: RecordedResource): string[] => [
  table.region,
  ...((table.inputs.replicas ?? []) as { regionName: string }[]).map((r) => r.regionName),
];

/** The region's own bus: the one the stack created in its region. */
const busOf = (plan: PlannedStack): RecordedResource => {
  const buses = plan.graph.ofType(T.bus).filter((b) => b.region === plan.region);
  expect(buses).toHaveLength(1);
  return buses[0]!;
};

/** The statements of every inline policy on a role (given by ARN). */
function statementsOfRole(roleArn: string) {
  const role = byArn(T.role, roleArn);
  return everywhere(T.rolePolicy)
    .filter((p) => p.inputs.role === role.id || p.inputs.role === role.inputs.name)
    .flatMap((p) => statementsOf(p.inputs.policy));
}
/** The object ARNs a role may write (s3:PutObject). */
const putObjectResources = (roleArn: string): string[] =>
  statementsOfRole(roleArn)
    .filter((s) => s.effect === "Allow" && s.actions.includes("s3:PutObject"))
    .flatMap((s) => s.resources);

/** The change task's container definition and its environment. */
function changeTaskContainer(plan: PlannedStack) {
  // The change task's, not the web tier's.
  const definitions = plan.graph.ofType(T.taskDefinition).filter((d) => d.urn.includes("ChangeProcessing"));
  expect(definitions).toHaveLength(1);
  const definition = definitions[0]!;
  const containers = JSON.parse(definition.inputs.containerDefinitions) as {
    name: string;
    environment?: { name: string; value: string }[];
  }[];
  const container = containers.find((c) => c.name === "change-task")!;
  expect(container, "the change-task container").toBeDefined();
  const env = Object.fromEntries((container.environment ?? []).map((e) => [e.name, e.value]));
  return { definition, env };
}

// ---------------------------------------------------------------------------------------------
// Running the consumer as deployed

/** A stand-in for EventBridge's PutEvents on loopback: records every entry, accepts them all. */
async function startFakeEventBridge() {
  const entries: { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { Entries?: typeof entries };
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (target !== "AWSEvents.PutEvents") {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "UnknownOperationException", message: target }));
        return;
      }
      const sent = body.Entries ?? [];
      entries.push(...sent);
      res.end(
        JSON.stringify({
          FailedEntryCount: 0,
          Entries: sent.map((_, i) => ({
            EventId: `00000000-0000-4000-8000-${String(entries.length + i).padStart(12, "0")}`,
          })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    entries,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface ConsumerRun {
  stack: PlannedStack;
  /** The record it was given, as Lambda delivers it from the mapped stream. */
  streamArn: string;
  response: unknown;
  /** Its PutEvents entries, each with the event a rule on that bus sees. */
  published: {
    entry: { EventBusName?: string; Source?: string; DetailType?: string; Detail?: string };
    event: BusEvent;
  }[];
  /** The items in its region's table afterwards. */
  stored: Record<string, unknown>[];
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wiring-"));
const emulators: Emulator<DynamoDBClient>[] = [];
let eventBridge: Awaited<ReturnType<typeof startFakeEventBridge>> | undefined;
const runs = new Map<string, ConsumerRun>();

/**
 * Runs the consumer's deployed bundle (index.handler) once, in the stack's region, with exactly
 * the environment the plan gives the function, on one valid record from the stream its mapping
 * reads: a table like the planned one in a DynamoDB emulator of that region, EventBridge faked.
 */
async function runConsumer(stack: PlannedStack): Promise<ConsumerRun> {
  const fn = theFunction(stack, "consumer");
  const [mapping] = mappingsOf(stack, fn);
  const streamArn = String(mapping!.inputs.eventSourceArn);
  const env = envOf(fn);

  const ddb = await startDynalite();
  emulators.push(ddb);
  const table = theTable();
  // The table the plan creates, under the name the function is given.
  const tableName = env[CONSUMER_ENV.tableName];
  if (tableName)
    await ddb.client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: (table.inputs.attributes as { name: string; type: "S" | "N" | "B" }[]).map((a) => ({
          AttributeName: a.name,
          AttributeType: a.type,
        })),
        KeySchema: [
          { AttributeName: table.inputs.hashKey, KeyType: "HASH" },
          ...(table.inputs.rangeKey ? [{ AttributeName: table.inputs.rangeKey, KeyType: "RANGE" as const }] : []),
        ],
      }),
    );

  const dir = fs.mkdtempSync(path.join(scratch, `consumer-${stack.stack}-`));
  const bundle = bundleFunction("consumer");
  fs.writeFileSync(path.join(dir, "index.js"), bundle.code);
  fs.writeFileSync(path.join(dir, "index.js.map"), bundle.sourceMap);

  const saved = { ...process.env };
  const published = eventBridge!.entries.length;
  for (const name of [...Object.values(CONSUMER_ENV), "POWERTOOLS_SERVICE_NAME"]) delete process.env[name];
  Object.assign(process.env, env, {
    AWS_REGION: fn.region,
    AWS_ACCESS_KEY_ID: "AKIDTEST",
    AWS_SECRET_ACCESS_KEY: "secret",
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge!.endpoint,
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_TRACE_ENABLED: "false",
  });
  let response: unknown;
  try {
    const { handler } = createRequire(__filename)(path.join(dir, "index.js")) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const record = kinesisRecord(0, ingestionEvent(1, { eventId: `wired-${stack.stack}` }));
    response = await handler(
      { Records: [{ ...record, awsRegion: regionOfArn(streamArn), eventSourceARN: streamArn }] },
      {
        functionName: fn.inputs.name,
        awsRequestId: "req-1",
        invokedFunctionArn: arnOf(fn),
        memoryLimitInMB: String(fn.inputs.memorySize),
        functionVersion: "$LATEST",
        getRemainingTimeInMillis: () => 30_000,
      },
    );
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  const items = tableName ? ((await ddb.client.send(new ScanCommand({ TableName: tableName }))).Items ?? []) : [];
  return {
    stack,
    streamArn,
    response,
    published: eventBridge!.entries.slice(published).map((entry) => ({
      entry,
      event: busEventOf(entry, { region: fn.region, account: OFFLINE_ACCOUNT_ID }),
    })),
    stored: items.map((i) => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, Object.values(v)[0]]))),
  };
}

const consumerRun = (stack: PlannedStack): ConsumerRun => runs.get(stack.stack)!;

afterAll(async () => {
  for (const e of emulators) await e.stop();
  await eventBridge?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Routing an event through the planned rules and targets

interface Route {
  /** Bus ARNs the event was delivered to, in order (its own bus first). */
  buses: string[];
  /** State machine ARNs started. */
  workflows: string[];
}

/** The rules on a bus: those on its name (or ARN) in its region. */
const rulesOn = (bus: RecordedResource): RecordedResource[] =>
  everywhere(T.rule).filter(
    (r) =>
      r.region === bus.region && (r.inputs.eventBusName === bus.inputs.name || r.inputs.eventBusName === arnOf(bus)),
  );
const targetsOf = (rule: RecordedResource): RecordedResource[] =>
  everywhere(T.target).filter(
    (t) =>
      t.region === rule.region &&
      t.inputs.rule === rule.inputs.name &&
      t.inputs.eventBusName === rule.inputs.eventBusName,
  );

/** Where EventBridge takes an event put on a bus, following bus-to-bus targets (at most 10 hops). */
function route(event: BusEvent, start: RecordedResource): Route {
  const result: Route = { buses: [], workflows: [] };
  const queue = [start];
  while (queue.length > 0) {
    const bus = queue.shift()!;
    result.buses.push(arnOf(bus));
    if (result.buses.length > 10) break;
    for (const rule of rulesOn(bus)) {
      if (!matchesEventPattern(rule.inputs.eventPattern, event)) continue;
      for (const target of targetsOf(rule)) {
        const arn = String(target.inputs.arn);
        if (arn.includes(":event-bus/")) queue.push(byArn(T.bus, arn));
        else if (arn.includes(":stateMachine:")) result.workflows.push(arn);
        else throw new Error(`rule "${rule.name}" targets ${arn}, which this test does not follow`);
      }
    }
  }
  return result;
}

/** The workflow rule of a stack: the rule on its own bus whose target is its state machine. */
function workflowRule(plan: PlannedStack): RecordedResource {
  const machines = plan.graph.ofType(T.stateMachine).map((m) => m.id);
  const rules = rulesOn(busOf(plan)).filter((r) => targetsOf(r).some((t) => machines.includes(t.inputs.arn)));
  expect(
    rules.map((r) => r.name),
    `${plan.stack}: rules starting the workflow`,
  ).toHaveLength(1);
  return rules[0]!;
}

/** The forwarding rule from one region's bus to the other's. */
function forwardingRule(from: PlannedStack, to: PlannedStack): RecordedResource {
  const rules = rulesOn(busOf(from)).filter((r) => targetsOf(r).some((t) => t.inputs.arn === arnOf(busOf(to))));
  expect(
    rules.map((r) => r.name),
    `rules forwarding ${from.region} → ${to.region}`,
  ).toHaveLength(1);
  return rules[0]!;
}

const peerOf = (stack: PlannedStack): PlannedStack => (stack === primary ? secondary : primary);

// ---------------------------------------------------------------------------------------------

describe("domain events: the rules match what the consumer publishes", () => {
  beforeAll(async () => {
    eventBridge = await startFakeEventBridge();
    for (const stack of [primary, secondary]) runs.set(stack.stack, await runConsumer(stack));
  }, 60_000);

  it("each region's consumer, run from its bundle with the planned environment, stores the record and publishes one IngestionRecordStored event on its region's bus", () => {
    for (const stack of stacks) {
      const run = consumerRun(stack);
      expect(run.response, stack.stack).toEqual({ batchItemFailures: [] });
      expect(
        run.stored.map((i) => i.eventId),
        stack.stack,
      ).toEqual([`wired-${stack.stack}`]);
      expect(
        run.published.map((p) => p.entry.EventBusName),
        stack.stack,
      ).toEqual([busOf(stack).inputs.name]);
      const [{ entry, event }] = run.published as [ConsumerRun["published"][number]];
      // The handler's own constants, not the components' copy of them.
      expect(entry.Source).toBe(DOMAIN_EVENT_SOURCE);
      expect(entry.DetailType).toBe(DOMAIN_EVENT_DETAIL_TYPE);
      expect(event.detail).toMatchObject({
        eventId: `wired-${stack.stack}`,
        ...eventKey(`wired-${stack.stack}`),
        originRegion: stack.region,
      } satisfies Partial<RecordStoredDetail>);
    }
  });

  it("the workflow rule of each region matches the event of either region's consumer, and the workflow step accepts it", () => {
    for (const stack of stacks) {
      const rule = workflowRule(stack);
      for (const origin of stacks) {
        const { event } = consumerRun(origin).published[0]!;
        expect(matchesEventPattern(rule.inputs.eventPattern, event), `${rule.name} ← ${origin.stack}'s event`).toBe(
          true,
        );
        // The state machine passes the event to the step as it is (Payload.$: "$").
        expect(runWorkflowStep({ ...event, region: stack.region }).eventId).toBe(`wired-${origin.stack}`);
      }
    }
  });

  it("each forwarding rule matches its own region's events and never the peer's (nothing is forwarded back)", () => {
    for (const from of stacks) {
      const to = peerOf(from);
      const rule = forwardingRule(from, to);
      expect(rule.region).toBe(from.region);
      const own = consumerRun(from).published[0]!.event;
      const peers = consumerRun(to).published[0]!.event;
      expect(matchesEventPattern(rule.inputs.eventPattern, own), `${rule.name} ← ${from.stack}'s event`).toBe(true);
      expect(matchesEventPattern(rule.inputs.eventPattern, peers), `${rule.name} ← ${to.stack}'s event`).toBe(false);
    }
  });

  it("every rule on the platform's buses is a valid pattern that says what it matches, and none matches an event of another source or detail-type", () => {
    const rules = stacks.flatMap((s) => rulesOn(busOf(s)));
    expect(rules).toHaveLength(4);
    const { event } = consumerRun(primary).published[0]!;
    for (const rule of rules) {
      const pattern = parseEventPattern(rule.inputs.eventPattern);
      expect(Object.keys(pattern), rule.name).toEqual(expect.arrayContaining(["source", "detail-type"]));
      expect(matchesEventPattern(pattern, { ...event, source: "twin-region.other" }), rule.name).toBe(false);
      expect(matchesEventPattern(pattern, { ...event, "detail-type": "IngestionRecordDeleted" }), rule.name).toBe(
        false,
      );
    }
  });

  it("routed through the planned rules and targets, an event of either region starts each region's workflow once and never returns to its own bus", () => {
    const workflows = stacks.map((s) => s.graph.ofType(T.stateMachine)[0]!.id).sort();
    for (const origin of stacks) {
      const { event, entry } = consumerRun(origin).published[0]!;
      const start = byId(T.bus, entry.EventBusName!);
      expect(start.region).toBe(origin.region);
      const routed = route(event, start);
      expect(routed.buses, origin.stack).toEqual([arnOf(busOf(origin)), arnOf(busOf(peerOf(origin)))]);
      expect(routed.workflows.sort(), origin.stack).toEqual(workflows);
    }
  });

  it("the forwarder, run with its planned environment, puts a primary record on the stream the secondary's consumer reads, data unchanged", async () => {
    const fn = theFunction(secondary, "forwarder");
    const sent: PutRecordsCommand[] = [];
    const kinesis = {
      send: async (command: PutRecordsCommand): Promise<PutRecordsCommandOutput> => {
        sent.push(command);
        const records = command.input.Records ?? [];
        return {
          $metadata: {},
          FailedRecordCount: 0,
          Records: records.map((_, i) => ({ SequenceNumber: String(i + 1), ShardId: "shardId-000000000000" })),
        };
      },
    };
    const record = { ...kinesisRecord(0, ingestionEvent(2)), awsRegion: fn.region };
    const forwarded = await forwardRecords([record], { ...targetFromEnv(envOf(fn)), kinesis });
    expect(forwarded.batchItemFailures).toEqual([]);
    expect(sent.map((c) => c.input.StreamARN)).toEqual([consumerRun(secondary).streamArn]);
    const [copy] = sent[0]!.input.Records!;
    expect(Buffer.from(copy!.Data!).toString("base64")).toBe(record.kinesis.data);
  });
});

describe("environment: every variable a handler reads is set, to the resource it names", () => {
  it("consumer: TABLE_NAME is the global table (in the function's region) and EVENT_BUS_NAME its own region's bus, in both stacks", () => {
    const table = theTable();
    for (const stack of stacks) {
      const fn = theFunction(stack, "consumer");
      const env = envOf(fn);
      for (const name of Object.values(CONSUMER_ENV)) expect(env[name], `${stack.stack}: ${name}`).toBeTruthy();
      expect(env[CONSUMER_ENV.tableName], stack.stack).toBe(table.id);
      expect(tableRegions(table)).toContain(fn.region);
      expect(env[CONSUMER_ENV.eventBusName], stack.stack).toBe(busOf(stack).id);
      expect(busOf(stack).region).toBe(fn.region);
    }
  });

  it("record reader: TABLE_NAME is the global table, which has a copy in the function's region, in both stacks", () => {
    const table = theTable();
    for (const stack of stacks) {
      const fn = theFunction(stack, "record-reader");
      const env = envOf(fn);
      for (const name of Object.values(RECORD_READER_ENV)) expect(env[name], `${stack.stack}: ${name}`).toBeTruthy();
      expect(env[RECORD_READER_ENV.tableName], stack.stack).toBe(table.id);
      expect(tableRegions(table)).toContain(fn.region);
      expect(fn.region, stack.stack).toBe(stack.region);
    }
  });

  it("change processor: BUCKET_NAME is the region's processed bucket and KEY_PREFIX the prefix its role may write", () => {
    const fn = theFunction(primary, "change-processor");
    const env = envOf(fn);
    for (const name of Object.values(CHANGE_PROCESSOR_ENV)) expect(env[name], name).toBeTruthy();
    const bucket = byId(T.bucket, env[CHANGE_PROCESSOR_ENV.bucketName]!);
    expect(bucket.id).toBe(primary.outputs.processedBucketName);
    expect(bucket.region).toBe(fn.region);
    expect(putObjectResources(String(fn.inputs.role))).toEqual([
      `arn:aws:s3:::${bucket.id}/${env[CHANGE_PROCESSOR_ENV.keyPrefix]}/*`,
    ]);
    // The secondary has no table of its own, so no change processing.
    expect(functionsRunning(secondary, "change-processor")).toEqual([]);
  });

  it("forwarder: TARGET_STREAM_ARN is the secondary's ingestion stream, TARGET_REGION its region, as the handler reads them", () => {
    const fn = theFunction(secondary, "forwarder");
    expect(fn.region).toBe(primary.region);
    const env = envOf(fn);
    for (const name of Object.values(FORWARDER_ENV)) expect(env[name], name).toBeTruthy();
    const stream = byId(T.stream, env[FORWARDER_ENV.targetStreamArn]!);
    expect(secondary.graph.ofType(T.stream)).toContain(stream);
    expect(stream.id).toBe(secondary.outputs.streamArn);
    expect(targetFromEnv(env)).toEqual({ streamArn: stream.id, region: stream.region });
    expect(stream.region).toBe(secondary.region);
  });

  it("change task: every variable its container reads is set, QUEUE_URL to the queue the pipe fills and the others to the bucket and prefix its role may write", () => {
    const { definition, env } = changeTaskContainer(primary);
    const pipe = primary.graph.ofType(T.pipe)[0]!;
    const bucket = primary.outputs.processedBucketName as string;
    const writes = putObjectResources(String(definition.inputs.taskRoleArn));
    // One line per variable of CHANGE_TASK_ENV: a variable added there needs its line here.
    const expected: Record<keyof typeof CHANGE_TASK_ENV, (value: string) => void> = {
      queueUrl: (value) => expect(arnOf(byId(T.queue, value))).toBe(pipe.inputs.target),
      bucketName: (value) => expect(byId(T.bucket, value).id).toBe(bucket),
      keyPrefix: (value) => expect(writes).toContain(`arn:aws:s3:::${bucket}/${value}/*`),
      tombstonePrefix: (value) => {
        expect(writes).toContain(`arn:aws:s3:::${bucket}/${value}/*`);
        expect(value.startsWith(`${env[CHANGE_TASK_ENV.keyPrefix]}/`)).toBe(false);
      },
    };
    for (const [key, name] of Object.entries(CHANGE_TASK_ENV) as [keyof typeof CHANGE_TASK_ENV, string][]) {
      expect(env[name], name).toBeTruthy();
      expected[key](env[name]!);
    }
  });
});

describe("event sources: each handler reads the records it parses", () => {
  it("consumer ← its own region's ingestion Kinesis stream, with partial batch responses, in both stacks", () => {
    for (const stack of stacks) {
      const fn = theFunction(stack, "consumer");
      const mappings = mappingsOf(stack, fn);
      expect(mappings, stack.stack).toHaveLength(1);
      const [mapping] = mappings as [RecordedResource];
      const stream = byId(T.stream, mapping.inputs.eventSourceArn);
      expect(stack.graph.ofType(T.stream)).toEqual([stream]);
      expect(stream.id).toBe(stack.outputs.streamArn);
      expect(stream.region).toBe(fn.region);
      expect(mapping.propertyDependencies?.eventSourceArn).toEqual([stream.urn]);
      expect(mapping.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    }
  });

  it("forwarder ← the primary's ingestion stream, in the primary's region, with partial batch responses", () => {
    const fn = theFunction(secondary, "forwarder");
    const mappings = mappingsOf(secondary, fn);
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings as [RecordedResource];
    const stream = byId(T.stream, mapping.inputs.eventSourceArn);
    expect(primary.graph.ofType(T.stream)).toEqual([stream]);
    expect(stream.id).toBe(primary.outputs.streamArn);
    expect(mapping.region).toBe(primary.region);
    expect(mapping.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
  });

  it("change processor ← the table's stream of new and old images, with partial batch responses", () => {
    const table = theTable();
    const fn = theFunction(primary, "change-processor");
    const mappings = mappingsOf(primary, fn);
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings as [RecordedResource];
    expect(table.inputs.streamEnabled).toBe(true);
    expect(table.inputs.streamViewType).toBe("NEW_AND_OLD_IMAGES");
    expect(mapping.inputs.eventSourceArn).toBe(planned(table).streamArn);
    expect(mapping.propertyDependencies?.eventSourceArn).toEqual([table.urn]);
    expect(mapping.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
  });

  it("pipe: the table's stream → the queue whose URL the change task's QUEUE_URL names", () => {
    const table = theTable();
    const pipes = primary.graph.ofType(T.pipe);
    expect(pipes).toHaveLength(1);
    const [pipe] = pipes as [RecordedResource];
    expect(pipe.inputs.source).toBe(planned(table).streamArn);
    expect(pipe.propertyDependencies?.source).toEqual([table.urn]);
    const queue = byArn(T.queue, pipe.inputs.target);
    expect(queue.region).toBe(pipe.region);
    expect(changeTaskContainer(primary).env[CHANGE_TASK_ENV.queueUrl]).toBe(queue.id);
    expect(secondary.graph.ofType(T.pipe)).toEqual([]);
  });

  it("no other mapping: the stream handlers are the only functions invoked by a stream, each once", () => {
    for (const stack of stacks) {
      const handlers = stack.graph
        .ofType(T.mapping)
        .map((m) => stack.graph.ofType(T.fn).find((f) => `${arnOf(f)}:live` === m.inputs.functionName))
        .map((f) => f?.inputs.environment?.variables?.POWERTOOLS_SERVICE_NAME)
        .sort();
      expect(handlers, stack.stack).toEqual(
        stack === primary ? ["change-processor", "consumer"] : ["consumer", "forwarder"],
      );
    }
  });
});
