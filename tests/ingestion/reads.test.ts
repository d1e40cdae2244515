/**
 * Reads in both regions (seed 004: API Gateway → Lambda → DynamoDB): each stack's regional API
 * serves `GET /records/{id}` through its own record reader, which reads that region's copy of the
 * global table (the table in the primary, its replica in the secondary) with GetItem alone.
 * Checked on both stacks as `npm start` planned them (tests/support/shared-plan.ts); the reader's
 * deployed bundle is then run with the planned environment against dynalite.
 */
import { CreateTableCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIGATEWAY_ALL_METHODS } from "../../components/ingestion/api";
import { toItem } from "../../functions/consumer/consumer";
import { RECORD_READER_ENV } from "../../functions/record-reader/environment";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { identityOf } from "../../offline/resource-ids";
import { startDynalite, type Emulator } from "../functions/emulators";
import { ingestionEvent, sequenceNumber } from "../functions/fixtures";
import { withBundledHandler } from "../support/bundled-handler";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";
import { roleByArn, roleStatements } from "./planned-roles";

const T = {
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  restApi: "aws:apigateway/restApi:RestApi",
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  validator: "aws:apigateway/requestValidator:RequestValidator",
  deployment: "aws:apigateway/deployment:Deployment",
  stage: "aws:apigateway/stage:Stage",
  methodSettings: "aws:apigateway/methodSettings:MethodSettings",
  wafAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  table: "aws:dynamodb/table:Table",
} as const;

let primary: PlannedStack;
let secondary: PlannedStack;
let stacks: PlannedStack[];

beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
  stacks = [primary, secondary];
});

/** What AWS returns for a resource (ARN, invoke ARN, execution ARN…), as the plan's mock made it. */
function planned(resource: RecordedResource): Record<string, unknown> {
  const identity = identityOf({
    type: resource.type,
    name: resource.name,
    inputs: resource.inputs,
    region: resource.region,
    hex: (length) => "0".repeat(length),
  });
  expect(identity.id, `${resource.type} "${resource.name}"`).toBe(resource.id);
  return { ...identity.state, id: identity.id };
}

const only = (plan: PlannedStack, type: string, where: (r: RecordedResource) => boolean): RecordedResource => {
  const found = plan.graph.ofType(type).filter(where);
  expect(
    found.map((r) => r.name),
    `${plan.stack}: ${type}`,
  ).toHaveLength(1);
  return found[0]!;
};

/** The record reader of a stack: the function running the record-reader handler. */
const readerOf = (plan: PlannedStack) =>
  only(plan, T.fn, (f) => f.inputs.environment?.variables?.POWERTOOLS_SERVICE_NAME === "record-reader");

/** The ingestion API's `GET /records/{id}`: its resource, method, integration. */
function readPath(plan: PlannedStack) {
  const records = only(plan, T.resource, (r) => r.inputs.pathPart === "records");
  const resource = only(plan, T.resource, (r) => r.inputs.parentId === records.id);
  const get = only(plan, T.method, (m) => m.inputs.resourceId === resource.id);
  const post = only(plan, T.method, (m) => m.inputs.resourceId === records.id);
  const integration = only(plan, T.integration, (i) => i.inputs.resourceId === resource.id);
  const restApi = only(plan, T.restApi, (a) => a.id === get.inputs.restApi);
  return { records, resource, get, post, integration, restApi };
}

/** The records table in the stack's region, and its key there: the table in the primary, its replica in the secondary. */
function regionalTable(plan: PlannedStack): { arn: string; keyArn: string } {
  const [table, ...more] = stacks.flatMap((s) => s.graph.ofType(T.table));
  expect(more).toEqual([]);
  const arn = String(planned(table!).arn).replace(/^(arn:aws:dynamodb:)[^:]+:/, `$1${plan.region}:`);
  if (table!.region === plan.region) return { arn, keyArn: table!.inputs.serverSideEncryption.kmsKeyArn };
  const replica = (table!.inputs.replicas as { regionName: string; kmsKeyArn: string }[]).find(
    (r) => r.regionName === plan.region,
  );
  expect(replica, `${plan.stack}: a replica in ${plan.region}`).toBeDefined();
  return { arn, keyArn: replica!.kmsKeyArn };
}

describe("GET /records/{id} in both regions", () => {
  it("each stack's API has /records/{id} under /records, its GET authorized as the write path's POST (AWS_IAM), the id required and validated", () => {
    for (const plan of stacks) {
      const { resource, get, post } = readPath(plan);
      expect(resource.inputs.pathPart, plan.stack).toBe("{id}");
      expect(get.inputs, plan.stack).toMatchObject({
        httpMethod: "GET",
        authorization: "AWS_IAM",
        requestParameters: { "method.request.path.id": true },
      });
      expect(get.inputs.authorization, plan.stack).toBe(post.inputs.authorization);
      const validator = only(plan, T.validator, (v) => v.id === get.inputs.requestValidatorId);
      expect(validator.inputs.validateRequestParameters, plan.stack).toBe(true);
    }
  });

  it("the GET's integration is AWS_PROXY to the record reader of the same region, through its live alias", () => {
    for (const plan of stacks) {
      const { integration } = readPath(plan);
      const fn = readerOf(plan);
      expect(fn.region, plan.stack).toBe(plan.region);
      expect(integration.inputs, plan.stack).toMatchObject({
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: String(planned(fn).invokeArn).replace(/\/invocations$/, ":live/invocations"),
      });
      expect(integration.inputs.uri, plan.stack).toContain(`:apigateway:${plan.region}:lambda:`);
    }
  });

  it("the reader reads the table of its own region (TABLE_NAME the global table's name) and its role allows exactly GetItem on that table's ARN there, and Decrypt with that region's key through DynamoDB", () => {
    const tableName = primary.outputs.tableName;
    for (const plan of stacks) {
      const fn = readerOf(plan);
      expect(fn.inputs.environment.variables[RECORD_READER_ENV.tableName], plan.stack).toBe(tableName);
      const { arn, keyArn } = regionalTable(plan);
      expect(arn, plan.stack).toBe(`arn:aws:dynamodb:${plan.region}:${OFFLINE_ACCOUNT_ID}:table/${tableName}`);
      const statements = roleStatements(plan, roleByArn(plan, String(fn.inputs.role)));
      const data = statements.filter((s) => s.actions.some((a) => !/^(logs|xray):/.test(a)));
      expect(
        data.map((s) => ({ effect: s.effect, actions: s.actions, resources: s.resources })),
        plan.stack,
      ).toEqual([
        { effect: "Allow", actions: ["dynamodb:GetItem"], resources: [arn] },
        { effect: "Allow", actions: ["kms:Decrypt"], resources: [keyArn] },
      ]);
      expect(keyArn.split(":")[3], plan.stack).toBe(plan.region);
      expect(data[1]!.conditions.StringEquals?.["kms:ViaService"], plan.stack).toBe(
        `dynamodb.${plan.region}.amazonaws.com`,
      );
      // Logs: its own log group only; nothing on "*" but X-Ray's trace segments.
      const star = statements.filter((s) => s.resources.includes("*")).flatMap((s) => s.actions);
      expect(
        star.every((a) => a.startsWith("xray:")),
        plan.stack,
      ).toBe(true);
    }
  });

  it("only the stack's own API, on its stage, for GET /records/*, may invoke the reader", () => {
    for (const plan of stacks) {
      const fn = readerOf(plan);
      const { restApi } = readPath(plan);
      const stage = only(plan, T.stage, (s) => s.inputs.restApi === restApi.id);
      const permissions = plan.graph.ofType(T.permission).filter((p) => p.inputs.function === fn.inputs.name);
      expect(
        permissions.map((p) => p.inputs),
        plan.stack,
      ).toEqual([
        expect.objectContaining({
          action: "lambda:InvokeFunction",
          principal: "apigateway.amazonaws.com",
          // The REST API's execution ARN (its id is random: the mock cannot make it again).
          sourceArn: `arn:aws:execute-api:${plan.region}:${OFFLINE_ACCOUNT_ID}:${restApi.id}/${stage.inputs.stageName}/GET/records/*`,
        }),
      ]);
    }
  });

  it("the stage's deployment follows the GET's method, integration and permission, and the stage's throttling, execution logging, access logs and WAF cover it as they cover POST", () => {
    for (const plan of stacks) {
      const { resource, get, integration, restApi } = readPath(plan);
      const permission = only(plan, T.permission, (p) => p.inputs.function === readerOf(plan).inputs.name);
      const deployment = only(plan, T.deployment, (d) => d.inputs.restApi === restApi.id);
      for (const part of [resource, get, integration, permission])
        expect(deployment.dependencies, `${plan.stack}: ${part.name}`).toContain(part.urn);
      const stage = only(plan, T.stage, (s) => s.inputs.restApi === restApi.id);
      expect(stage.inputs.deployment, plan.stack).toBe(deployment.id);
      expect(stage.inputs.accessLogSettings?.destinationArn, plan.stack).toBeTruthy();
      const settings = only(plan, T.methodSettings, (m) => m.inputs.restApi === restApi.id);
      expect(settings.inputs.methodPath, plan.stack).toBe(APIGATEWAY_ALL_METHODS);
      expect(settings.inputs.settings.throttlingRateLimit, plan.stack).toBeGreaterThan(0);
      expect(settings.inputs.settings.loggingLevel, plan.stack).toBe("ERROR");
      expect(
        plan.graph.ofType(T.wafAssociation).filter((a) => a.inputs.resourceArn === planned(stage).arn),
        plan.stack,
      ).toHaveLength(1);
    }
  });

  it("the reader's errors, throttles and duration each have an alarm in its region, and its live alias's errors one that stops a release", () => {
    for (const plan of stacks) {
      const fn = readerOf(plan);
      const alarms = plan.graph.ofType(T.alarm).filter((a) => a.inputs.dimensions?.FunctionName === fn.inputs.name);
      const ofFunction = alarms.filter((a) => a.inputs.dimensions.Resource === undefined);
      expect(ofFunction.map((a) => a.inputs.metricName).sort(), plan.stack).toEqual([
        "Duration",
        "Errors",
        "Throttles",
      ]);
      const ofAlias = alarms.filter((a) => a.inputs.dimensions.Resource === `${fn.inputs.name}:live`);
      expect(
        ofAlias.map((a) => a.inputs.metricName),
        plan.stack,
      ).toEqual(["Errors"]);
      expect(alarms.every((a) => a.region === plan.region && a.inputs.alarmActions?.length > 0)).toBe(true);
    }
  });
});

describe("the record reader, run from its bundle with each stack's planned environment", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reads-"));
  let ddb: Emulator<DynamoDBClient> | undefined;
  afterAll(async () => {
    await ddb?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("answers 200 for a record the consumer stored and 404 for an unknown id, in each region", async () => {
    ddb = await startDynalite();
    const [table] = primary.graph.ofType(T.table);
    // The planned table, under the name both regions' readers are given.
    await ddb.client.send(
      new CreateTableCommand({
        TableName: String(primary.outputs.tableName),
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: (table!.inputs.attributes as { name: string; type: "S" }[]).map((a) => ({
          AttributeName: a.name,
          AttributeType: a.type,
        })),
        KeySchema: [
          { AttributeName: table!.inputs.hashKey, KeyType: "HASH" },
          { AttributeName: table!.inputs.rangeKey, KeyType: "RANGE" },
        ],
      }),
    );
    const stored = ingestionEvent(1, { eventId: "read-in-both-regions" });
    const origin = {
      region: primary.region,
      forwarded: false,
      sequenceNumber: sequenceNumber(1),
      receivedAt: "2025-01-31T12:00:01.000Z",
    };
    await ddb.client.send(
      new PutItemCommand({ TableName: String(primary.outputs.tableName), Item: toItem(stored, origin) }),
    );
    type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
    for (const plan of stacks) {
      const fn = readerOf(plan);
      // A folder per stack: a fresh module, as each region runs its own function.
      const dir = fs.mkdtempSync(path.join(scratch, `${plan.stack}-`));
      const env = {
        [RECORD_READER_ENV.tableName]: undefined,
        ...(fn.inputs.environment.variables as Record<string, string>),
        AWS_REGION: fn.region,
        AWS_ACCESS_KEY_ID: "AKIDTEST",
        AWS_SECRET_ACCESS_KEY: "secret",
        AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
        POWERTOOLS_LOG_LEVEL: "SILENT",
        POWERTOOLS_METRICS_DISABLED: "true",
        POWERTOOLS_TRACE_ENABLED: "false",
      };
      await withBundledHandler<Handler>("record-reader", dir, env, async (handler) => {
        const context = { functionName: fn.inputs.name, awsRequestId: "req-1", getRemainingTimeInMillis: () => 30_000 };
        const request = (id: string) => ({
          resource: "/records/{id}",
          httpMethod: "GET",
          pathParameters: { id },
          requestContext: { requestId: `req-${plan.stack}`, stage: "v1" },
        });
        const found = await handler(request(stored.eventId), context);
        expect(found.statusCode, plan.stack).toBe(200);
        expect(JSON.parse(found.body), plan.stack).toMatchObject({
          eventId: stored.eventId,
          payload: stored.payload,
          originRegion: primary.region,
        });
        expect((await handler(request("never-stored"), context)).statusCode, plan.stack).toBe(404);
      });
    }
  });
});
