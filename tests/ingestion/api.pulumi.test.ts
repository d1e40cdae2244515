/**
 * IngestionApi under the offline engine: a regional REST API whose POST /records validates a
 * batch of ingestion events and puts them on a Kinesis stream through a direct PutRecords
 * integration, IAM-authenticated, throttled, logged, traced, WAF-protected, on an optional
 * TLS 1.2+ custom domain; and the whole API with its siblings passes every mandatory rule.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ACCESS_LOG_FORMAT,
  APIGATEWAY_RECOMMENDED_SECURITY_POLICIES,
  APIGATEWAY_TLS12_SECURITY_POLICIES,
  IngestionApi,
  ingestionRequestModelSchema,
  KINESIS_PROXY,
  putRecordsRequestTemplate,
  readerStatements,
  RECORD_READS,
  type IngestionApiArgs,
} from "../../components/ingestion/api";
import { RECORD_READER_ENV } from "../../functions/record-reader/environment";
import { INGESTION_EVENT_JSON_SCHEMA, type IngestionEvent } from "../../functions/shared/event";
import type { MetricDescriptor } from "../../components/shared/metrics";
import { KMS_ACTIONS } from "../../components/shared/actions";
import { createRegionalProvider, platformTags, RegionalKey } from "../../components/security";
import { evaluatePolicies, isBlocking } from "../../offline/policy-runner";
import {
  planProgram,
  ProgramError,
  valueOf,
  type RecordedResource as Recorded,
  type ResourceGraph as Graph,
} from "../../offline/testkit";
import { ALL_RULES } from "../../policy/rules";
import { AlarmSet } from "../../components/observability/alarm-set";

const ACCOUNT = "123456789012";
const STREAM_KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const LOG_KEY = "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000";
const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/events";
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/records";
const TABLE_KEY = "arn:aws:kms:us-east-1:123456789012:key/abcdabcd-1111-4222-8333-444444444444";
const ZONE_ID = "Z0123456789ABCDEFGHIJ";

const T = {
  component: "twin-region:ingestion:IngestionApi",
  restApi: "aws:apigateway/restApi:RestApi",
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  methodResponse: "aws:apigateway/methodResponse:MethodResponse",
  integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
  validator: "aws:apigateway/requestValidator:RequestValidator",
  model: "aws:apigateway/model:Model",
  deployment: "aws:apigateway/deployment:Deployment",
  stage: "aws:apigateway/stage:Stage",
  methodSettings: "aws:apigateway/methodSettings:MethodSettings",
  account: "aws:apigateway/account:Account",
  domainName: "aws:apigateway/domainName:DomainName",
  basePathMapping: "aws:apigateway/basePathMapping:BasePathMapping",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  certificate: "aws:acm/certificate:Certificate",
  certificateValidation: "aws:acm/certificateValidation:CertificateValidation",
  record: "aws:route53/record:Record",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
} as const;

const BASE_ARGS: IngestionApiArgs = {
  streamName: "events",
  streamArn: STREAM_ARN,
  streamKmsKeyArn: STREAM_KEY,
  kmsKeyArn: LOG_KEY,
  region: "us-east-1",
};

interface Planned {
  graph: Graph;
  outputs: Record<string, unknown>;
  metrics: MetricDescriptor[];
}

/** Plans one IngestionApi (plain stream ARNs, default provider); `extra` may add siblings. */
async function planApi(
  args: Partial<IngestionApiArgs> = {},
  region = "us-east-1",
  extra?: (api: IngestionApi) => void,
): Promise<Planned> {
  let outputs: Record<string, unknown> = {};
  let metrics: MetricDescriptor[] = [];
  const { graph } = await planProgram(
    async () => {
      const api = new IngestionApi("ingest", { ...BASE_ARGS, region, ...args });
      extra?.(api);
      metrics = await valueOf(api.metrics() as unknown as pulumi.Input<MetricDescriptor[]>);
      outputs = await valueOf({
        restApiId: api.restApiId,
        restApiName: api.restApiName,
        stageName: api.stageName,
        stageArn: api.stageArn,
        invokeUrl: api.invokeUrl,
        executionArn: api.executionArn,
        invokeResourceArn: api.invokeResourceArn,
        customDomainUrl: api.customDomainUrl,
        customDomainTarget: api.customDomainTarget,
        certificateValidationRecords: api.certificateValidationRecords,
        webAclArn: api.webAclArn,
        accessLogGroupName: api.accessLogGroupName,
        integrationRoleArn: api.integrationRoleArn,
        readerFunctionName: api.readerFunctionName,
        readerFunctionArn: api.readerFunctionArn,
        readResourceArn: api.readResourceArn,
      });
    },
    { region },
  );
  return { graph, outputs, metrics };
}

const dependsOn = (resource: Recorded, on: Recorded): boolean => resource.dependencies.includes(on.urn);

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}
const statements = (json: string): Statement[] => (JSON.parse(json) as { Statement: Statement[] }).Statement;
const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const allResources = (json: string): string[] => statements(json).flatMap((s) => list(s.Resource));

const event = (eventId: string, extra: Partial<IngestionEvent> = {}): IngestionEvent => ({
  eventId,
  type: "order.created",
  occurredAt: "2026-03-01T12:00:00.123Z",
  source: "shop",
  payload: { orderId: eventId, total: 42, note: 'quote " and backslash \\ inside' },
  ...extra,
});

/**
 * Renders the request template for a body the way API Gateway's VTL does for the constructs the
 * template uses (the records loop, $input.json of each record, base64, $foreach.hasNext). Any
 * construct it does not know stays in the output and makes the JSON parse fail.
 */
function renderRequestTemplate(template: string, body: { records: IngestionEvent[] }): string {
  const lines = template.split("\n");
  const start = lines.findIndex((l) => l.trim() === "#foreach($record in $records)");
  const end = lines.findIndex((l, i) => i > start && l.trim() === "#end");
  if (start < 0 || end < 0) throw new Error("template has no #foreach($record in $records) ... #end loop");
  const header = lines.slice(0, start).filter((l) => l.trim() !== "#set($records = $input.path('$.records'))");
  const loop = lines.slice(start + 1, end).join("\n");
  const expanded = body.records.map((record, index) =>
    loop
      .split('$util.base64Encode($input.json("$.records[$foreach.index]"))')
      .join(Buffer.from(JSON.stringify(body.records[index])).toString("base64"))
      .split("$record.eventId")
      .join(record.eventId)
      .split("#if($foreach.hasNext),#end")
      .join(index < body.records.length - 1 ? "," : ""),
  );
  return [...header, ...expanded, ...lines.slice(end + 1)].join("\n");
}

describe("IngestionApi with its defaults (us-east-1)", () => {
  let graph: Graph;
  let outputs: Record<string, unknown>;
  beforeAll(async () => {
    ({ graph, outputs } = await planApi());
  });

  it("is one twin-region:ingestion:IngestionApi component that parents every resource it creates", () => {
    const component = graph.one(T.component, "ingest");
    const mine = new Set(graph.descendantsOf(component).map((r) => r.urn));
    const custom = graph.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(custom.length).toBeGreaterThan(15);
    expect(custom.filter((r) => !mine.has(r.urn)).map((r) => `${r.type} ${r.name}`)).toEqual([]);
  });

  it("REST API: REGIONAL endpoint with the TLS 1.3/1.2 PFS post-quantum policy in STRICT access mode", () => {
    const api = graph.one(T.restApi, "ingest-api");
    expect(api.inputs.endpointConfiguration).toEqual({ types: "REGIONAL" });
    expect(api.inputs.securityPolicy).toBe("SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09");
    expect(APIGATEWAY_RECOMMENDED_SECURITY_POLICIES).toContain(api.inputs.securityPolicy);
    expect(api.inputs.endpointAccessMode).toBe("STRICT");
  });

  it("POST /records requires AWS_IAM, validates body and parameters against the ingestion request model", () => {
    const resource = graph.one(T.resource, "ingest-records");
    expect(resource.inputs.pathPart).toBe("records");
    const method = graph.one(T.method, "ingest-post");
    expect(method.inputs).toMatchObject({ httpMethod: "POST", authorization: "AWS_IAM" });
    expect(dependsOn(method, resource)).toBe(true);
    const validator = graph.one(T.validator, "ingest-validator");
    expect(validator.inputs).toMatchObject({ validateRequestBody: true, validateRequestParameters: true });
    expect(method.inputs.requestValidatorId).toBe(validator.id);
    const model = graph.one(T.model, "ingest-model");
    expect(model.inputs.contentType).toBe("application/json");
    expect(method.inputs.requestModels).toEqual({ "application/json": model.inputs.name });
    const schema = JSON.parse(model.inputs.schema);
    expect(schema).toEqual(JSON.parse(ingestionRequestModelSchema()));
    expect(schema.$schema).toBe("http://json-schema.org/draft-04/schema#");
    // Each record is the one ingestion event definition the consumer validates too.
    const { $schema: _draft, ...event } = INGESTION_EVENT_JSON_SCHEMA;
    expect(schema.properties.records.items).toEqual(event);
  });

  it("the request model accepts a batch of valid events and rejects missing or extra fields, unsafe event ids, bad timestamps, empty and oversized batches", () => {
    const { $schema: _draft, ...schema } = JSON.parse(graph.one(T.model, "ingest-model").inputs.schema);
    const valid = new Ajv({ strict: false }).compile(schema);
    expect(valid({ records: [event("e-1"), event("order:42.v1_x")] })).toBe(true);
    const { source: _source, ...noSource } = event("e-2");
    expect(valid({ records: [noSource] })).toBe(false);
    expect(valid({ records: [{ ...event("e-3"), extra: 1 }] })).toBe(false);
    expect(valid({ records: [event('e"4')] })).toBe(false);
    expect(valid({ records: [event("e\\5")] })).toBe(false);
    expect(valid({ records: [event("x".repeat(129))] })).toBe(false);
    expect(valid({ records: [event("e-6", { occurredAt: "yesterday" })] })).toBe(false);
    expect(valid({ records: [event("e-7", { payload: "text" as unknown as Record<string, unknown> })] })).toBe(false);
    expect(valid({ records: [] })).toBe(false);
    expect(valid({ records: Array.from({ length: 500 }, (_, i) => event(`e-${i}`)) })).toBe(true);
    expect(valid({ records: Array.from({ length: 501 }, (_, i) => event(`e-${i}`)) })).toBe(false);
    expect(valid([event("e-8")])).toBe(false);
  });

  it("integration: AWS type, POST to arn:aws:apigateway:us-east-1:kinesis:action/PutRecords, Content-Type application/x-amz-json-1.1, passthrough NEVER", () => {
    const integration = graph.one(T.integration, "ingest-integration");
    expect(integration.inputs).toMatchObject({
      type: "AWS",
      httpMethod: "POST",
      integrationHttpMethod: "POST",
      uri: "arn:aws:apigateway:us-east-1:kinesis:action/PutRecords",
      passthroughBehavior: "NEVER",
    });
    expect(integration.inputs.requestParameters).toEqual({
      "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
    });
    expect(dependsOn(integration, graph.one(T.method, "ingest-post"))).toBe(true);
  });

  it("integration credentials: a role only apigateway.amazonaws.com may assume, for this account and this API, named with the region", () => {
    const integration = graph.one(T.integration, "ingest-integration");
    const role = graph.one(T.role, "ingest-kinesis-use1");
    expect(integration.inputs.credentials).toBe(`arn:aws:iam::${ACCOUNT}:role/${role.inputs.name}`);
    const [trust, ...more] = statements(role.inputs.assumeRolePolicy);
    expect(more).toEqual([]);
    expect(trust!.Effect).toBe("Allow");
    expect(list(trust!.Action)).toEqual(["sts:AssumeRole"]);
    expect(trust!.Principal).toEqual({ Service: "apigateway.amazonaws.com" });
    // API Gateway sends no aws:SourceAccount/SourceArn for credentials roles: a condition on them breaks every request.
    expect(trust!.Condition).toBeUndefined();
  });

  it('integration role: kinesis:PutRecord and PutRecords on exactly the stream, kms:GenerateDataKey on exactly the stream\'s key through Kinesis; no "*"', () => {
    const policy = graph.one(T.rolePolicy, "ingest-kinesis-put");
    expect(dependsOn(policy, graph.one(T.role, "ingest-kinesis-use1"))).toBe(true);
    const doc = statements(policy.inputs.policy);
    expect(doc.map((s) => ({ effect: s.Effect, actions: list(s.Action).sort(), resources: list(s.Resource) }))).toEqual(
      [
        { effect: "Allow", actions: ["kinesis:PutRecord", "kinesis:PutRecords"], resources: [STREAM_ARN] },
        { effect: "Allow", actions: ["kms:GenerateDataKey"], resources: [STREAM_KEY] },
      ],
    );
    expect(doc[1]!.Condition?.StringEquals?.["kms:ViaService"]).toBe("kinesis.us-east-1.amazonaws.com");
    expect(allResources(policy.inputs.policy).filter((r) => r.includes("*"))).toEqual([]);
  });

  it("integration role: its key action is the producers' data key from the shared KMS action list (KMS_ACTIONS.encrypt), without the Decrypt a reader needs", () => {
    expect(KINESIS_PROXY.keyActions).toEqual(["kms:GenerateDataKey"]);
    for (const action of KINESIS_PROXY.keyActions) expect(KMS_ACTIONS.encrypt).toContain(action);
  });

  it("request template: StreamName is the stream, each event becomes a record whose Data is its JSON base64-encoded and whose PartitionKey is its eventId", () => {
    const template: string = graph.one(T.integration, "ingest-integration").inputs.requestTemplates["application/json"];
    expect(template).toBe(putRecordsRequestTemplate("events"));
    expect(template).toContain('"StreamName": "events"');
    expect(template).toContain("#foreach($record in $records)");
    expect(template).toContain('"Data": "$util.base64Encode($input.json("$.records[$foreach.index]"))"');
    expect(template).toContain('"PartitionKey": "$record.eventId"');

    const records = [event("e-1"), event("e-2"), event("e-3")];
    const rendered = JSON.parse(renderRequestTemplate(template, { records })) as {
      StreamName: string;
      Records: { Data: string; PartitionKey: string }[];
    };
    expect(rendered.StreamName).toBe("events");
    expect(rendered.Records.map((r) => r.PartitionKey)).toEqual(["e-1", "e-2", "e-3"]);
    expect(rendered.Records.map((r) => JSON.parse(Buffer.from(r.Data, "base64").toString("utf8")))).toEqual(records);
    const single = JSON.parse(renderRequestTemplate(template, { records: [event("only")] })) as { Records: unknown[] };
    expect(single.Records).toHaveLength(1);
  });

  it("responses: 200 maps per-record results, backend 4xx → 400 and 5xx → 500, each with a method response", () => {
    for (const [status, pattern] of [
      ["200", undefined],
      ["400", "4\\d{2}"],
      ["500", "5\\d{2}"],
    ] as const) {
      const methodResponse = graph.one(T.methodResponse, `ingest-response-${status}`);
      expect(methodResponse.inputs).toMatchObject({ httpMethod: "POST", statusCode: status });
      const response = graph.one(T.integrationResponse, `ingest-integration-response-${status}`);
      expect(response.inputs.statusCode).toBe(status);
      expect(response.inputs.selectionPattern).toBe(pattern);
      expect(dependsOn(response, graph.one(T.integration, "ingest-integration"))).toBe(true);
      expect(dependsOn(response, methodResponse)).toBe(true);
    }
    const ok: string = graph.one(T.integrationResponse, "ingest-integration-response-200").inputs.responseTemplates[
      "application/json"
    ];
    expect(ok).toContain("$response.FailedRecordCount");
    expect(ok).toContain('"errorCode": "$result.ErrorCode"');
    expect(ok).toContain('"sequenceNumber": "$result.SequenceNumber"');
    expect(ok).not.toContain("ErrorMessage");
  });

  it("Deployment depends on every method, integration and response, and carries a sha256 redeployment trigger", () => {
    const deployment = graph.one(T.deployment, "ingest-deployment");
    const parts = [
      ...graph.ofType(T.method),
      ...graph.ofType(T.integration),
      ...graph.ofType(T.methodResponse),
      ...graph.ofType(T.integrationResponse),
    ];
    expect(parts).toHaveLength(8);
    for (const part of parts) expect(dependsOn(deployment, part), `${part.type} ${part.name}`).toBe(true);
    expect(deployment.inputs.triggers.redeployment).toMatch(/^[0-9a-f]{64}$/);
    expect(dependsOn(graph.one(T.stage, "ingest-stage"), deployment)).toBe(true);
  });

  it("stage v1: JSON access logs (request id, caller identity, status, integration error) to a KMS-encrypted log group kept 365 days, X-Ray on, no cache", () => {
    const stage = graph.one(T.stage, "ingest-stage");
    const accessLogs = graph.one(T.logGroup, "ingest-access-logs");
    expect(stage.inputs).toMatchObject({ stageName: "v1", xrayTracingEnabled: true, cacheClusterEnabled: false });
    expect(stage.inputs.accessLogSettings.destinationArn).toBe(
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${accessLogs.inputs.name}`,
    );
    expect(stage.inputs.accessLogSettings.format).toBe(ACCESS_LOG_FORMAT);
    const format = JSON.parse(stage.inputs.accessLogSettings.format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      ip: "$context.identity.sourceIp",
      caller: "$context.identity.caller",
      user: "$context.identity.user",
      requestTime: "$context.requestTime",
      httpMethod: "$context.httpMethod",
      resourcePath: "$context.resourcePath",
      status: "$context.status",
      protocol: "$context.protocol",
      responseLength: "$context.responseLength",
      integrationError: "$context.integration.error",
    });
    expect(accessLogs.inputs).toMatchObject({ kmsKeyId: LOG_KEY, retentionInDays: 365 });
  });

  it("execution logs go to a group the component creates first (API-Gateway-Execution-Logs_<api id>/v1), encrypted and retained", () => {
    const apiId = graph.one(T.restApi, "ingest-api").id;
    const group = graph.one(T.logGroup, "ingest-execution-logs");
    expect(group.inputs).toMatchObject({
      name: `API-Gateway-Execution-Logs_${apiId}/v1`,
      kmsKeyId: LOG_KEY,
      retentionInDays: 365,
    });
    expect(dependsOn(graph.one(T.stage, "ingest-stage"), group)).toBe(true);
    expect(dependsOn(graph.one(T.methodSettings, "ingest-method-settings"), group)).toBe(true);
  });

  it("method settings */* of the stage: throttling 1000 rps / 2000 burst, metrics, ERROR execution logging, no data trace, no caching", () => {
    const settings = graph.one(T.methodSettings, "ingest-method-settings");
    expect(settings.inputs).toMatchObject({
      methodPath: "*/*",
      stageName: "v1",
      restApi: graph.one(T.restApi, "ingest-api").id,
    });
    expect(settings.propertyDependencies?.stageName).toContain(graph.one(T.stage, "ingest-stage").urn);
    expect(settings.inputs.settings).toEqual({
      throttlingRateLimit: 1000,
      throttlingBurstLimit: 2000,
      metricsEnabled: true,
      loggingLevel: "ERROR",
      dataTraceEnabled: false,
      cachingEnabled: false,
    });
  });

  it("API Gateway account setting: a CloudWatch role trusted by apigateway.amazonaws.com for this account, writing execution-log groups and this API's access logs only", () => {
    const account = graph.one(T.account, "ingest-account");
    const role = graph.one(T.role, "ingest-cloudwatch-use1");
    const policy = graph.one(T.rolePolicy, "ingest-cloudwatch-logs");
    expect(dependsOn(account, role) && dependsOn(account, policy)).toBe(true);
    const [trust, ...more] = statements(role.inputs.assumeRolePolicy);
    expect(more).toEqual([]);
    expect(trust!.Principal).toEqual({ Service: "apigateway.amazonaws.com" });
    expect(trust!.Condition).toBeUndefined();

    const accessLogArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${graph.one(T.logGroup, "ingest-access-logs").inputs.name}`;
    const [write, discover] = statements(policy.inputs.policy);
    expect(list(write!.Action).sort()).toEqual([
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]);
    expect(list(write!.Resource).sort()).toEqual(
      [
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:API-Gateway-Execution-Logs_*`,
        accessLogArn,
        `${accessLogArn}:log-stream:*`,
      ].sort(),
    );
    // The one action on "*": DescribeLogGroups has no resource-level permissions.
    expect(list(discover!.Action)).toEqual(["logs:DescribeLogGroups"]);
    expect(list(discover!.Resource)).toEqual(["*"]);
    expect(dependsOn(graph.one(T.stage, "ingest-stage"), account)).toBe(true);
    expect(dependsOn(graph.one(T.methodSettings, "ingest-method-settings"), account)).toBe(true);
  });

  it("WAF: a REGIONAL web ACL named with the region, per-IP rate limit then the IP reputation, known-bad-inputs and common rule groups, metrics and samples on", () => {
    const acl = graph.one(T.webAcl, "ingest-waf-use1");
    expect(acl.inputs.scope).toBe("REGIONAL");
    expect(acl.inputs.defaultAction).toEqual({ allow: {} });
    expect(acl.inputs.visibilityConfig).toMatchObject({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });
    const rules = acl.inputs.rules as any[];
    expect(rules.map((r) => [r.priority, r.name])).toEqual([
      [0, "RateLimitPerIp"],
      [1, "AWSManagedRulesAmazonIpReputationList"],
      [2, "AWSManagedRulesKnownBadInputsRuleSet"],
      [3, "AWSManagedRulesCommonRuleSet"],
    ]);
    expect(rules[0].action).toEqual({ block: {} });
    expect(rules[0].statement.rateBasedStatement).toEqual({
      limit: 60000,
      aggregateKeyType: "IP",
      evaluationWindowSec: 300,
    });
    for (const rule of rules.slice(1)) {
      expect(rule.statement.managedRuleGroupStatement).toMatchObject({ vendorName: "AWS", name: rule.name });
      expect(rule.overrideAction).toEqual({ none: {} });
    }
    for (const rule of rules)
      expect(rule.visibilityConfig).toMatchObject({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });
    // Batches are bigger than 8 KB: the body-size rule counts, the request model bounds the batch.
    expect(rules[3].statement.managedRuleGroupStatement.ruleActionOverrides).toEqual([
      { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
    ]);
  });

  it("WAF association: the web ACL on the stage's ARN", () => {
    const association = graph.one(T.webAclAssociation, "ingest-waf-association");
    const stage = graph.one(T.stage, "ingest-stage");
    const apiId = graph.one(T.restApi, "ingest-api").id;
    expect(association.inputs.resourceArn).toBe(`arn:aws:apigateway:us-east-1::/restapis/${apiId}/stages/v1`);
    expect(association.propertyDependencies?.resourceArn).toContain(stage.urn);
    expect(association.inputs.webAclArn).toMatch(
      new RegExp(`^arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/ingest-waf-use1-[0-9a-f]{7}/[0-9a-f-]{36}$`),
    );
    expect(outputs.webAclArn).toBe(association.inputs.webAclArn);
  });

  it("outputs: REST API id, stage, invoke URL https://<id>.execute-api.us-east-1.amazonaws.com/v1/records, execution ARN; no custom domain", () => {
    const apiId = graph.one(T.restApi, "ingest-api").id;
    expect(outputs.restApiId).toBe(apiId);
    expect(outputs.stageName).toBe("v1");
    expect(outputs.invokeUrl).toBe(`https://${apiId}.execute-api.us-east-1.amazonaws.com/v1/records`);
    expect(outputs.executionArn).toBe(`arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}`);
    expect(outputs.invokeResourceArn).toBe(`arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/v1/POST/records`);
    expect(outputs.customDomainUrl).toBeUndefined();
    expect(graph.ofType(T.domainName)).toEqual([]);
    expect(graph.ofType(T.certificate)).toEqual([]);
  });

  it("without recordsTable it serves no reads: no GET method, no function, no reader outputs", () => {
    expect(graph.ofType(T.method).map((m) => m.inputs.httpMethod)).toEqual(["POST"]);
    expect(graph.ofType(T.fn)).toEqual([]);
    expect(outputs.readerFunctionName).toBeUndefined();
    expect(outputs.readResourceArn).toBeUndefined();
  });
});

describe("IngestionApi with recordsTable: GET /records/{id} through the record reader", () => {
  const TABLE = { name: "records", arn: TABLE_ARN, kmsKeyArn: TABLE_KEY };
  let graph: Graph;
  let outputs: Record<string, unknown>;
  let metrics: MetricDescriptor[];
  beforeAll(async () => {
    ({ graph, outputs, metrics } = await planApi(
      { recordsTable: TABLE, thresholds: { "reader-duration": 5000 } },
      "us-east-1",
      (api) => {
        const reader = new aws.iam.Role("reader", {
          assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
        });
        api.grantReadInvoke("reader", reader);
      },
    ));
  });

  it("/records/{id} under /records: GET authorized as POST is (AWS_IAM), the id path parameter required and validated", () => {
    const records = graph.one(T.resource, "ingest-records");
    const resource = graph.one(T.resource, "ingest-record");
    expect(resource.inputs).toMatchObject({ pathPart: "{id}", parentId: records.id });
    const get = graph.one(T.method, "ingest-get");
    expect(get.inputs).toMatchObject({
      httpMethod: "GET",
      authorization: graph.one(T.method, "ingest-post").inputs.authorization,
      resourceId: resource.id,
      requestParameters: { "method.request.path.id": true },
      requestValidatorId: graph.one(T.validator, "ingest-validator").id,
    });
    expect(get.inputs.authorization).toBe("AWS_IAM");
  });

  it("integration: AWS_PROXY, POST to the invoke ARN of the record reader's live alias in this region", () => {
    const fn = graph.one(T.fn, "ingest-reader-fn");
    const integration = graph.one(T.integration, "ingest-get-integration");
    expect(integration.inputs).toMatchObject({
      type: "AWS_PROXY",
      httpMethod: "GET",
      integrationHttpMethod: "POST",
      resourceId: graph.one(T.resource, "ingest-record").id,
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn.inputs.name}:live/invocations`,
    });
    expect(integration.inputs.credentials).toBeUndefined();
    expect(fn.inputs.environment.variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: "record-reader",
      [RECORD_READER_ENV.tableName]: "records",
    });
  });

  it("the reader's role may GetItem on exactly the table and decrypt with its key through DynamoDB, and nothing else beyond its logs and traces", () => {
    const fn = graph.one(T.fn, "ingest-reader-fn");
    const role = graph.ofType(T.role).find((r) => fn.inputs.role === `arn:aws:iam::${ACCOUNT}:role/${r.inputs.name}`)!;
    const policies = graph.ofType(T.rolePolicy).filter((p) => p.inputs.role === role.id);
    const all = policies.flatMap((p) => statements(p.inputs.policy));
    const data = all.filter((s) => !list(s.Action).every((a) => /^(logs|xray):/.test(a)));
    expect(data.map((s) => ({ sid: s.Sid, actions: list(s.Action), resources: list(s.Resource) }))).toEqual([
      { sid: "GetRecord", actions: ["dynamodb:GetItem"], resources: [TABLE_ARN] },
      { sid: "DecryptRecord", actions: ["kms:Decrypt"], resources: [TABLE_KEY] },
    ]);
    expect(data[1]!.Condition?.StringEquals?.["kms:ViaService"]).toBe("dynamodb.us-east-1.amazonaws.com");
    // Its log group only (xray has no resource-level permissions).
    const star = all.filter((s) => list(s.Resource).includes("*")).flatMap((s) => list(s.Action));
    expect(star.every((a) => a.startsWith("xray:"))).toBe(true);
  });

  it("a table without a customer-managed key gets no key statement: GetItem alone", () => {
    const only = readerStatements({ name: "records", arn: TABLE_ARN }, "dynamodb.us-east-1.amazonaws.com");
    expect(only).toEqual([{ sid: "GetRecord", actions: [...RECORD_READS.tableActions], resources: [TABLE_ARN] }]);
    expect(RECORD_READS.tableActions).toEqual(["dynamodb:GetItem"]);
  });

  it("only this API's stage may invoke the reader, for GET /records/*", () => {
    const fn = graph.one(T.fn, "ingest-reader-fn");
    const permission = graph.one(T.permission, "ingest-reader-invoke");
    expect(permission.inputs).toEqual(
      expect.objectContaining({
        action: "lambda:InvokeFunction",
        function: fn.inputs.name,
        principal: "apigateway.amazonaws.com",
        sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${graph.one(T.restApi, "ingest-api").id}/v1/GET/records/*`,
      }),
    );
    expect(outputs.readResourceArn).toBe(permission.inputs.sourceArn);
    expect(outputs.readerFunctionName).toBe(fn.inputs.name);
  });

  it("the deployment follows the GET's resource, method, integration and permission, and its trigger hash changes with reads", async () => {
    const deployment = graph.one(T.deployment, "ingest-deployment");
    for (const part of [
      graph.one(T.resource, "ingest-record"),
      graph.one(T.method, "ingest-get"),
      graph.one(T.integration, "ingest-get-integration"),
      graph.one(T.permission, "ingest-reader-invoke"),
    ])
      expect(dependsOn(deployment, part), `${part.type} ${part.name}`).toBe(true);
    const without = (await planApi()).graph.one(T.deployment, "ingest-deployment");
    expect(deployment.inputs.triggers.redeployment).toMatch(/^[0-9a-f]{64}$/);
    expect(deployment.inputs.triggers.redeployment).not.toBe(without.inputs.triggers.redeployment);
  });

  it("grantReadInvoke: execute-api:Invoke on exactly <executionArn>/v1/GET/records/*", () => {
    const [statement, ...more] = statements(graph.one(T.rolePolicy, "ingest-reader-read-invoke").inputs.policy);
    expect(more).toEqual([]);
    expect(statement).toMatchObject({ Effect: "Allow", Action: "execute-api:Invoke" });
    expect(list(statement!.Resource)).toEqual([
      `arn:aws:execute-api:us-east-1:${ACCOUNT}:${outputs.restApiId}/v1/GET/records/*`,
    ]);
  });

  it("metrics(): the stage's four signals, the reader's errors, throttles and duration by FunctionName and its live alias's errors (the release alarm), thresholds overridable by id", () => {
    const fn = graph.one(T.fn, "ingest-reader-fn");
    expect(metrics.map((m) => m.id)).toEqual([
      "api-5xx-rate",
      "api-4xx-rate",
      "api-latency",
      "api-requests",
      "reader-errors",
      "reader-throttles",
      "reader-duration",
      "reader-release-errors",
    ]);
    const reader = metrics.slice(4, 7);
    for (const m of reader) {
      expect(m.namespace).toBe("AWS/Lambda");
      expect(m.dimensions).toEqual({ FunctionName: fn.inputs.name });
    }
    expect(reader.map((m) => m.threshold)).toEqual([1, 1, 5000]);
    const release = metrics[7]!;
    expect(release).toMatchObject({ namespace: "AWS/Lambda", metricName: "Errors", threshold: 1 });
    expect(release.dimensions).toEqual({ FunctionName: fn.inputs.name, Resource: `${fn.inputs.name}:live` });
  });
});

describe("IngestionApi in each region uses that region's own endpoints and names", () => {
  for (const [region, code] of [
    ["us-east-1", "use1"],
    ["us-west-2", "usw2"],
  ] as const) {
    it(`${region}: integration URI, role and web ACL names, invoke URL and KMS condition all carry ${region}`, async () => {
      const { graph, outputs } = await planApi({}, region);
      const apiId = graph.one(T.restApi, "ingest-api").id;
      expect(graph.one(T.integration, "ingest-integration").inputs.uri).toBe(
        `arn:aws:apigateway:${region}:kinesis:action/PutRecords`,
      );
      expect(graph.one(T.role, `ingest-kinesis-${code}`)).toBeDefined();
      expect(
        statements(graph.one(T.rolePolicy, "ingest-kinesis-put").inputs.policy)[1]!.Condition?.StringEquals?.[
          "kms:ViaService"
        ],
      ).toBe(`kinesis.${region}.amazonaws.com`);
      expect(graph.one(T.role, `ingest-cloudwatch-${code}`)).toBeDefined();
      expect(graph.one(T.webAcl, `ingest-waf-${code}`).inputs.scope).toBe("REGIONAL");
      expect(outputs.invokeUrl).toBe(`https://${apiId}.execute-api.${region}.amazonaws.com/v1/records`);
      expect(graph.one(T.webAclAssociation, "ingest-waf-association").inputs.resourceArn).toBe(
        `arn:aws:apigateway:${region}::/restapis/${apiId}/stages/v1`,
      );
    });
  }
});

describe("IngestionApi redeploys when, and only when, its definitions change", () => {
  const hashOf = async (args: Partial<IngestionApiArgs>) =>
    (await planApi(args)).graph.one(T.deployment, "ingest-deployment").inputs.triggers.redeployment as string;

  it("a different request template (another stream name) changes the trigger hash; the same definitions give the same hash", async () => {
    const a = await hashOf({ streamName: "events-a" });
    const again = await hashOf({ streamName: "events-a" });
    const b = await hashOf({ streamName: "events-b" });
    expect(again).toBe(a);
    expect(b).not.toBe(a);
  });

  it("a different request model (batch size) or authorization changes it; stage-only settings (throttle) do not", async () => {
    const base = await hashOf({});
    expect(await hashOf({ maxRecordsPerRequest: 100 })).not.toBe(base);
    expect(await hashOf({ authorization: "NONE", acknowledgeUnauthenticatedAccess: true })).not.toBe(base);
    expect(await hashOf({ throttle: { rateLimit: 50, burstLimit: 100 } })).toBe(base);
  });
});

describe("IngestionApi options", () => {
  it("throttle, stage name, log retention and execution-logging level are overridable", async () => {
    const { graph, outputs } = await planApi({
      throttle: { rateLimit: 250 },
      stageName: "live",
      logRetentionInDays: 731,
      executionLoggingLevel: "INFO",
    });
    expect(graph.one(T.methodSettings, "ingest-method-settings").inputs.settings).toMatchObject({
      throttlingRateLimit: 250,
      throttlingBurstLimit: 2000,
      loggingLevel: "INFO",
      dataTraceEnabled: false,
    });
    expect(graph.one(T.stage, "ingest-stage").inputs.stageName).toBe("live");
    expect(graph.one(T.logGroup, "ingest-access-logs").inputs.retentionInDays).toBe(731);
    expect(outputs.invokeUrl).toMatch(/\/live\/records$/);
  });

  it("authorization NONE only with acknowledgeUnauthenticatedAccess", async () => {
    await expect(planApi({ authorization: "NONE" })).rejects.toThrow(
      /authorization: "NONE".*acknowledgeUnauthenticatedAccess: true/,
    );
    const { graph } = await planApi({ authorization: "NONE", acknowledgeUnauthenticatedAccess: true });
    expect(graph.one(T.method, "ingest-post").inputs.authorization).toBe("NONE");
  });

  it("manageAccountCloudWatchRole: false creates no account setting and no CloudWatch role", async () => {
    const { graph } = await planApi({ manageAccountCloudWatchRole: false });
    expect(graph.ofType(T.account)).toEqual([]);
    expect(graph.ofType(T.role).map((r) => r.name)).toEqual(["ingest-kinesis-use1"]);
    expect(graph.one(T.stage, "ingest-stage").inputs.accessLogSettings).toBeDefined();
  });

  it("webAcl { existing }: no ACL is created and the given ACL is associated with the stage", async () => {
    const arn = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/shared/0f0f0f0f-1111-4222-8333-444444444444`;
    const { graph, outputs } = await planApi({ webAcl: { existing: { arn } } });
    expect(graph.ofType(T.webAcl)).toEqual([]);
    expect(graph.one(T.webAclAssociation, "ingest-waf-association").inputs.webAclArn).toBe(arn);
    expect(outputs.webAclArn).toBe(arn);
  });

  it("webAcl { args } overrides the created ACL's props; a non-REGIONAL scope is refused", async () => {
    const { graph } = await planApi({ webAcl: { args: { description: "custom" } } });
    expect(graph.one(T.webAcl, "ingest-waf-use1").inputs).toMatchObject({ description: "custom", scope: "REGIONAL" });
    await expect(planApi({ webAcl: { args: { scope: "CLOUDFRONT" } } })).rejects.toThrow(
      /webAcl\.args\.scope: "CLOUDFRONT"/,
    );
  });

  it("webAcl { skip: true } requires acknowledgeNoWaf, and then creates no ACL and no association", async () => {
    await expect(planApi({ webAcl: { skip: true } })).rejects.toThrow(
      /webAcl: \{ skip: true \}.*acknowledgeNoWaf: true/,
    );
    const { graph, outputs } = await planApi({ webAcl: { skip: true }, acknowledgeNoWaf: true });
    expect(graph.ofType(T.webAcl)).toEqual([]);
    expect(graph.ofType(T.webAclAssociation)).toEqual([]);
    expect(outputs.webAclArn).toBeUndefined();
  });

  it("grantInvoke: execute-api:Invoke on exactly <executionArn>/v1/POST/records, on the given role", async () => {
    const { graph, outputs } = await planApi({}, "us-east-1", (api) => {
      const producer = new aws.iam.Role("producer", {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      });
      api.grantInvoke("producer", producer);
    });
    const grant = graph.one(T.rolePolicy, "ingest-producer-invoke");
    expect(grant.inputs.role).toBe(graph.one(T.role, "producer").inputs.name);
    const [statement, ...more] = statements(grant.inputs.policy);
    expect(more).toEqual([]);
    expect(statement).toMatchObject({ Effect: "Allow", Action: "execute-api:Invoke" });
    expect(list(statement!.Resource)).toEqual([outputs.invokeResourceArn]);
    expect(outputs.invokeResourceArn).toBe(
      `arn:aws:execute-api:us-east-1:${ACCOUNT}:${outputs.restApiId}/v1/POST/records`,
    );
  });

  it("metrics(): 5xx and 4xx share, latency and request count of AWS/ApiGateway by ApiName and Stage, with ids that do not depend on the API's name; thresholds overridable by id", async () => {
    const { metrics, outputs } = await planApi({ throttle: { rateLimit: 100 } });
    expect(metrics.map((m) => [m.id, m.metricName, m.statistic, m.threshold])).toEqual([
      ["api-5xx-rate", "5XXError", "Average", 0.01],
      ["api-4xx-rate", "4XXError", "Average", 0.05],
      ["api-latency", "Latency", "Average", 1000],
      ["api-requests", "Count", "Sum", 100 * 300 * 0.8],
    ]);
    for (const m of metrics) {
      expect(m).toMatchObject({
        namespace: "AWS/ApiGateway",
        periodSeconds: 300,
        comparisonOperator: "GreaterThanThreshold",
      });
      expect(m.dimensions).toEqual({ ApiName: outputs.restApiName, Stage: "v1" });
      expect(m.description.length).toBeGreaterThan(10);
    }
    expect(String(outputs.restApiName)).toMatch(/^ingest-api-[0-9a-f]{7}$/);
    const tuned = await planApi({ thresholds: { "api-5xx-rate": 0.001, "api-latency": 250, "api-requests": 10 } });
    expect(tuned.metrics.map((m) => m.threshold)).toEqual([0.001, 0.05, 250, 10]);
  });
});

describe("IngestionApi on a custom domain", () => {
  let graph: Graph;
  let outputs: Record<string, unknown>;
  beforeAll(async () => {
    ({ graph, outputs } = await planApi({ customDomain: { domainName: "ingest.example.com", hostedZoneId: ZONE_ID } }));
  });

  it("REGIONAL domain name with a TLS 1.2+ policy Security Hub recommends, STRICT access mode", () => {
    const domain = graph.one(T.domainName, "ingest-domain");
    expect(domain.inputs).toMatchObject({
      domainName: "ingest.example.com",
      endpointConfiguration: { types: "REGIONAL" },
      endpointAccessMode: "STRICT",
    });
    expect(APIGATEWAY_TLS12_SECURITY_POLICIES).toContain(domain.inputs.securityPolicy);
    expect(APIGATEWAY_RECOMMENDED_SECURITY_POLICIES).toContain(domain.inputs.securityPolicy);
    expect(domain.inputs.securityPolicy).not.toBe("TLS_1_0");
  });

  it("ACM certificate validated by DNS in the hosted zone; the domain uses it once issued", () => {
    const certificate = graph.one(T.certificate, "ingest-certificate");
    expect(certificate.inputs).toMatchObject({ domainName: "ingest.example.com", validationMethod: "DNS" });
    const record = graph.one(T.record, "ingest-certificate-validation");
    expect(record.inputs).toMatchObject({ zoneId: ZONE_ID, type: "CNAME", ttl: 300, allowOverwrite: true });
    expect(record.inputs.name).toMatch(/^_[0-9a-f]{32}\.ingest\.example\.com\.$/);
    expect(record.inputs.records).toEqual([expect.stringMatching(/\.acm-validations\.aws\.$/)]);
    const validation = graph.one(T.certificateValidation, "ingest-certificate-validation");
    expect(validation.inputs.certificateArn).toBe(certificate.id);
    expect(validation.inputs.validationRecordFqdns).toEqual([record.inputs.name.replace(/\.$/, "")]);
    expect(graph.one(T.domainName, "ingest-domain").inputs.regionalCertificateArn).toBe(certificate.id);
    expect(dependsOn(graph.one(T.domainName, "ingest-domain"), validation)).toBe(true);
    expect(outputs.certificateValidationRecords).toEqual([
      { name: record.inputs.name, type: "CNAME", value: record.inputs.records[0] },
    ]);
  });

  it("base path mapping of the stage at the domain's root; customDomainUrl and the alias target for the stack's DNS record", () => {
    const mapping = graph.one(T.basePathMapping, "ingest-base-path");
    expect(mapping.inputs).toMatchObject({
      domainName: "ingest.example.com",
      stageName: "v1",
      restApi: graph.one(T.restApi, "ingest-api").id,
    });
    expect(mapping.inputs.basePath).toBeUndefined();
    expect(dependsOn(mapping, graph.one(T.stage, "ingest-stage"))).toBe(true);
    expect(outputs.customDomainUrl).toBe("https://ingest.example.com/records");
    expect(outputs.customDomainTarget).toEqual({
      regionalDomainName: expect.stringMatching(/^d-[0-9a-f]{10}\.execute-api\.us-east-1\.amazonaws\.com$/),
      regionalZoneId: "Z1UJRXOUMOOFQ8",
    });
  });

  it("with certificateArn no certificate is created; TLS_1_2 is accepted without an access mode", async () => {
    const cert = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0f0f0f0f-1111-4222-8333-444444444444`;
    const { graph: g } = await planApi({
      customDomain: { domainName: "ingest.example.com", certificateArn: cert },
      securityPolicy: "TLS_1_2",
    });
    expect(g.ofType(T.certificate)).toEqual([]);
    expect(g.ofType(T.record)).toEqual([]);
    const domain = g.one(T.domainName, "ingest-domain");
    expect(domain.inputs).toMatchObject({ regionalCertificateArn: cert, securityPolicy: "TLS_1_2" });
    expect(domain.inputs.endpointAccessMode).toBeUndefined();
    expect(g.one(T.restApi, "ingest-api").inputs.endpointAccessMode).toBeUndefined();
  });

  it("without a hosted zone the certificate still waits for validation, with the record to create as an output", async () => {
    const { graph: g, outputs: o } = await planApi({ customDomain: { domainName: "ingest.example.com" } });
    expect(g.ofType(T.record)).toEqual([]);
    expect(
      g.one(T.certificateValidation, "ingest-certificate-validation").inputs.validationRecordFqdns,
    ).toBeUndefined();
    expect(o.certificateValidationRecords).toEqual([
      { name: expect.stringMatching(/\.ingest\.example\.com\.$/), type: "CNAME", value: expect.any(String) },
    ]);
  });
});

describe("IngestionApi validates its args before creating anything", () => {
  const cases: [string, Partial<IngestionApiArgs>, RegExp][] = [
    ["stage name", { stageName: "v 1" }, /stageName: "v 1"/],
    ["stream name", { streamName: "events/bad" }, /streamName: "events\/bad"/],
    ["throttle rate", { throttle: { rateLimit: 0 } }, /throttle\.rateLimit: 0/],
    ["throttle burst", { throttle: { burstLimit: 1.5 } }, /throttle\.burstLimit: 1\.5/],
    ["log retention", { logRetentionInDays: 42 }, /logRetentionInDays: 42/],
    ["execution logging off", { executionLoggingLevel: "OFF" as never }, /executionLoggingLevel: "OFF"/],
    ["TLS 1.0", { securityPolicy: "TLS_1_0" }, /securityPolicy: "TLS_1_0"/],
    [
      "edge-only policy",
      { securityPolicy: "SecurityPolicy_TLS13_2025_EDGE" },
      /securityPolicy: "SecurityPolicy_TLS13_2025_EDGE"/,
    ],
    [
      "access mode with a legacy policy",
      { securityPolicy: "TLS_1_2", endpointAccessMode: "STRICT" },
      /endpointAccessMode: "STRICT" applies only/,
    ],
    ["batch size", { maxRecordsPerRequest: 501 }, /maxRecordsPerRequest: 501/],
    ["domain", { customDomain: { domainName: "Ingest.Example" } }, /customDomain\.domainName: "Ingest\.Example"/],
    ["WAF rate limit", { wafRateLimitPerIp: 5 }, /wafRateLimitPerIp: 5/],
    [
      "alarm share",
      { thresholds: { "api-4xx-rate": 5 } },
      /IngestionApi: thresholds\["api-4xx-rate"\]: 5 is not a share/,
    ],
    [
      "threshold of a metric it does not have",
      { thresholds: { "api-5xx": 0.1 } as never },
      /IngestionApi: thresholds: no metric "api-5xx"; its metrics are api-5xx-rate, api-4xx-rate, api-latency, api-requests/,
    ],
    [
      "two supporting keys",
      { webAcl: { skip: true, existing: { arn: "x" } } as never },
      /webAcl: pass only one of existing, args, skip/,
    ],
    ["region", { region: "mars-1" }, /region: "mars-1"/],
    [
      "reader threshold",
      { thresholds: { "reader-duration": 0 } },
      /IngestionApi: thresholds\["reader-duration"\]: 0 is not above 0/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`rejects a bad ${what}, naming the arg`, async () => {
      const error = await planApi(args).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProgramError);
      expect((error as ProgramError).message).toMatch(message);
      expect((error as ProgramError).resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });
  }
});

describe("IngestionApi with its realistic siblings passes every mandatory policy rule", () => {
  for (const region of ["us-east-1", "us-west-2"]) {
    it(`${region}: tagged provider, regional key, encrypted stream, the API on a custom domain serving reads, with a producer grant, alarms from metrics()`, async () => {
      const { resources, graph } = await planProgram(
        () => {
          const tags = platformTags({
            environment: "test",
            owner: "data-team",
            costCenter: "cc-42",
            stack: "primary",
            region,
          });
          const provider = createRegionalProvider(`test-${region}`, { region, tags });
          const opts = { provider };
          const key = new RegionalKey("platform", {}, { providers: { aws: provider } });
          const stream = new aws.kinesis.Stream(
            "events",
            { shardCount: 1, encryptionType: "KMS", kmsKeyId: key.keyArn, retentionPeriod: 24 },
            opts,
          );
          const api = new IngestionApi(
            "ingest",
            {
              streamName: stream.name,
              streamArn: stream.arn,
              streamKmsKeyArn: key.keyArn,
              kmsKeyArn: key.keyArn,
              region,
              customDomain: { domainName: "ingest.example.com", hostedZoneId: ZONE_ID },
              recordsTable: {
                name: "records",
                arn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/records`,
                kmsKeyArn: key.keyArn,
              },
            },
            { providers: { aws: provider } },
          );
          const producer = new aws.iam.Role(
            "producer",
            {
              assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Principal: { Service: "lambda.amazonaws.com" },
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                  },
                ],
              }),
            },
            opts,
          );
          api.grantInvoke("producer", producer);
          const streamAge: MetricDescriptor = {
            id: "stream-iterator-age",
            description: "records waiting",
            namespace: "AWS/Kinesis",
            metricName: "GetRecords.IteratorAgeMilliseconds",
            dimensions: { StreamName: stream.name },
            statistic: "Maximum",
            periodSeconds: 60,
            evaluationPeriods: 5,
            threshold: 60_000,
            comparisonOperator: "GreaterThanThreshold",
          };
          new AlarmSet("alarms", { metrics: [...api.metrics(), streamAge], kmsKeyArn: key.keyArn }, opts);
        },
        { region },
      );
      expect(graph.ofType(T.stage)).toHaveLength(1);
      expect(graph.ofType(T.domainName)).toHaveLength(1);
      expect(graph.ofType(T.fn)).toHaveLength(1);
      const blocking = evaluatePolicies({ name: "test", region, resources, violations: [] }, ALL_RULES).filter(
        isBlocking,
      );
      expect(blocking.map((v) => `${v.rule}: ${v.resourceType} "${v.resourceName}": ${v.message}`)).toEqual([]);
    });
  }

  it("the pack does see this API: without the WAF (acknowledged) the stage-WAF rule blocks it", async () => {
    const { resources } = await planProgram(
      () => new IngestionApi("ingest", { ...BASE_ARGS, webAcl: { skip: true }, acknowledgeNoWaf: true }),
      { region: "us-east-1" },
    );
    const blocking = evaluatePolicies(
      { name: "test", region: "us-east-1", resources, violations: [] },
      ALL_RULES,
    ).filter(isBlocking);
    expect(blocking.map((v) => v.rule)).toContain("apigateway-stage-waf");
  });
});
