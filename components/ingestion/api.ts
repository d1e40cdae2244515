import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole } from "../compute/iam";
import type { MetricDescriptor } from "../shared/metrics";
import { assertRegionName, regionalName } from "../shared/naming";
import { resolveSupporting, type ResolvedSupporting, type Supporting } from "../shared/supporting";
import {
  ACCESS_LOG_FORMAT,
  ACCOUNT_LOG_ACTIONS,
  ACCOUNT_LOG_DISCOVERY_ACTIONS,
  API_ALARM_DEFAULTS,
  API_AUTHORIZATIONS,
  APIGATEWAY_ALL_METHODS,
  APIGATEWAY_LOGGING_LEVELS,
  APIGATEWAY_TLS12_SECURITY_POLICIES,
  ENDPOINT_ACCESS_MODES,
  EXECUTION_LOG_GROUP_PREFIX,
  executionLogGroupName,
  INGESTION_API_DEFAULTS,
  INGESTION_API_RESPONSES,
  ingestionRequestModelSchema,
  KINESIS_PROXY,
  LOG_RETENTION_VALUES,
  MAX_RECORDS_PER_REQUEST,
  WAF_DEFAULTS,
  WAF_MANAGED_RULE_GROUPS,
  type ApiAuthorization,
  type EndpointAccessMode,
} from "./api-defaults";

export * from "./api-defaults";

type Statement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

/** A web ACL created elsewhere (REGIONAL scope, same region); an `aws.wafv2.WebAcl` fits as is. */
export interface ExistingWebAcl {
  arn: pulumi.Input<string>;
}

export interface IngestionApiThrottle {
  /**
   * Steady-state requests per second the stage accepts (all callers together).
   * @default 1000
   */
  rateLimit?: number;
  /**
   * Requests the stage accepts in a burst above the rate.
   * @default 2000
   */
  burstLimit?: number;
}

export interface IngestionApiCustomDomain {
  /** Fully qualified name producers call, e.g. "ingest.example.com". */
  domainName: string;
  /**
   * Route 53 hosted zone of `domainName`. When given and the component creates the certificate,
   * the DNS validation record is written there. The alias record for the domain itself is left to
   * the stack (failover/latency routing across regions): see `customDomainTarget`.
   * @default none: the validation record must be created elsewhere (see `certificateValidationRecords`)
   */
  hostedZoneId?: pulumi.Input<string>;
  /**
   * ARN of an issued ACM certificate for `domainName` in this region.
   * @default a new ACM certificate with DNS validation, and a wait for it to be issued
   */
  certificateArn?: pulumi.Input<string>;
}

/** Thresholds of the alarms `metrics()` describes. */
export interface IngestionApiAlarmThresholds {
  /** Share of requests answered 5xx, 0-1. @default 0.01 */
  serverErrorRate?: number;
  /** Share of requests answered 4xx, 0-1. @default 0.05 */
  clientErrorRate?: number;
  /** Average latency in milliseconds. @default 1000 */
  latencyMs?: number;
  /** Requests per 5 minutes. @default 80% of what the stage throttle allows (rateLimit × 300 × 0.8) */
  requestsPerPeriod?: number;
}

export interface IngestionApiArgs {
  /** Name of the Kinesis stream the API writes to (the PutRecords `StreamName`). */
  streamName: pulumi.Input<string>;
  /** ARN of that stream: the one resource the integration role may put records on. */
  streamArn: pulumi.Input<string>;
  /** ARN of the KMS key that encrypts the stream: the integration role may generate data keys with it. */
  streamKmsKeyArn: pulumi.Input<string>;
  /** KMS key ARN that encrypts the API's log groups (access and execution logs). */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * The region this API is deployed to (the provider's region). Used only in global-namespace
   * names (IAM roles, the web ACL), so two regional stacks never collide.
   * @default the `aws:region` config value
   */
  region?: string;
  /**
   * Stage-wide throttling (MethodSettings "*\/*").
   * @default { rateLimit: 1000, burstLimit: 2000 }
   */
  throttle?: IngestionApiThrottle;
  /**
   * Stage name, part of the URL (`/<stage>/records`).
   * @default "v1"
   */
  stageName?: string;
  /**
   * Retention of the access- and execution-log groups, in days (a value CloudWatch Logs accepts).
   * @default 365
   */
  logRetentionInDays?: number;
  /**
   * How callers of `POST /records` authenticate. "AWS_IAM": SigV4-signed requests from principals
   * granted with `grantInvoke`. "NONE" lets anyone on the internet write events and requires
   * `acknowledgeUnauthenticatedAccess: true`.
   * @default "AWS_IAM"
   */
  authorization?: ApiAuthorization;
  /** Required with `authorization: "NONE"`. @default false */
  acknowledgeUnauthenticatedAccess?: boolean;
  /**
   * Most events one request may carry (1-500; PutRecords takes 500 at most).
   * @default 500
   */
  maxRecordsPerRequest?: number;
  /**
   * TLS policy of the API's execute-api endpoint and of the custom domain: "TLS_1_2" or a regional
   * `SecurityPolicy_*` policy.
   * @default "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09" (TLS 1.3 and 1.2 with forward secrecy, post-quantum key exchange)
   */
  securityPolicy?: string;
  /**
   * Endpoint access mode that goes with a `SecurityPolicy_*` policy: "STRICT" (SNI and endpoint
   * type must match) or "BASIC" (for migrations).
   * @default "STRICT"
   */
  endpointAccessMode?: EndpointAccessMode;
  /**
   * A regional custom domain (REGIONAL endpoint, `securityPolicy`) mapped to the stage at its root:
   * `https://<domainName>/records`.
   * @default none
   */
  customDomain?: IngestionApiCustomDomain;
  /**
   * The WAF web ACL associated with the stage: `{ existing: { arn } }`, `{ args }` over the
   * created ACL's props, or `{ skip: true }` (with `acknowledgeNoWaf: true`).
   * @default a REGIONAL web ACL: per-IP rate limit, AWS IP reputation, known bad inputs and the common rule set, with metrics and sampled requests
   */
  webAcl?: Supporting<ExistingWebAcl, aws.wafv2.WebAclArgs>;
  /** Required with `webAcl: { skip: true }`. @default false */
  acknowledgeNoWaf?: boolean;
  /**
   * Requests one client IP may send per 5 minutes before the created web ACL blocks it.
   * @default 60000
   */
  wafRateLimitPerIp?: number;
  /**
   * Execution-logging level of every method ("ERROR" or "INFO"; request and response bodies are
   * never logged: dataTraceEnabled stays false).
   * @default "ERROR"
   */
  executionLoggingLevel?: "ERROR" | "INFO";
  /**
   * Create the IAM role API Gateway uses to write logs to CloudWatch, and set it as the API
   * Gateway account setting (`aws.apigateway.Account`). That setting is ACCOUNT-WIDE PER REGION:
   * it replaces the role of every API in this account and region, so exactly one stack per
   * account and region may manage it. The role may write execution-log groups of every API in
   * the region (`API-Gateway-Execution-Logs_*`) but access-log groups of this API only. Pass
   * false where the account setting is managed elsewhere; that role must then be able to write
   * this API's access-log group.
   * @default true
   */
  manageAccountCloudWatchRole?: boolean;
  /** Alarm thresholds of `metrics()`. @default see IngestionApiAlarmThresholds */
  alarmThresholds?: IngestionApiAlarmThresholds;
}

/**
 * The ingestion API: a regional REST API whose `POST /records` validates a batch of events
 * against the ingestion event schema and puts them on a Kinesis stream through a direct AWS
 * service integration (PutRecords). IAM-authenticated by default, throttled, WAF-protected,
 * access- and execution-logged to KMS-encrypted log groups, traced with X-Ray; optionally served
 * on a custom domain with a TLS 1.2+ policy.
 *
 * Request: `{ "records": [ { eventId, type, occurredAt, source, payload }, ... ] }` with 1 to
 * `maxRecordsPerRequest` events. Each event becomes one Kinesis record: its JSON, base64-encoded,
 * partitioned by its `eventId`.
 *
 * Response 200: `{ "failedRecordCount": n, "records": [ { "sequenceNumber", "shardId" } | { "errorCode" } ] }`
 * in request order: PutRecords may fail single records (throughput), which the producer retries.
 * 400: Kinesis rejected the batch (`errorType` says why). 500: Kinesis failed.
 */
export class IngestionApi extends pulumi.ComponentResource {
  public readonly restApiId: pulumi.Output<string>;
  public readonly restApiName: pulumi.Output<string>;
  public readonly stageName: pulumi.Output<string>;
  public readonly stageArn: pulumi.Output<string>;
  /** `https://<id>.execute-api.<region>.amazonaws.com/<stage>/records` */
  public readonly invokeUrl: pulumi.Output<string>;
  /** The REST API's execution ARN (`arn:aws:execute-api:<region>:<account>:<id>`). */
  public readonly executionArn: pulumi.Output<string>;
  /** What producers are granted: `<executionArn>/<stage>/POST/records`. */
  public readonly invokeResourceArn: pulumi.Output<string>;
  /** `https://<domainName>/records`; undefined without `customDomain`. */
  public readonly customDomainUrl: pulumi.Output<string | undefined>;
  /** Alias target for the stack's DNS record of the custom domain; undefined without `customDomain`. */
  public readonly customDomainTarget: pulumi.Output<{ regionalDomainName: string; regionalZoneId: string } | undefined>;
  /** The CNAME that validates a certificate the component created; undefined otherwise. */
  public readonly certificateValidationRecords: pulumi.Output<
    { name: string; type: string; value: string }[] | undefined
  >;
  /** The associated web ACL; undefined with `webAcl: { skip: true }`. */
  public readonly webAclArn: pulumi.Output<string | undefined>;
  public readonly accessLogGroupName: pulumi.Output<string>;
  public readonly integrationRoleArn: pulumi.Output<string>;

  private readonly componentName: string;
  private readonly thresholds: Required<IngestionApiAlarmThresholds>;

  constructor(name: string, args: IngestionApiArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validate(args);
    super("twin-region:ingestion:IngestionApi", name, {}, opts);
    this.componentName = name;
    this.thresholds = settings.thresholds;
    const parent = this;

    const region = aws.getRegionOutput({}, { parent }).region;
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const partitionInfo = aws.getPartitionOutput({}, { parent });
    const partition = partitionInfo.partition;
    const dnsSuffix = partitionInfo.dnsSuffix;

    const restApi = new aws.apigateway.RestApi(
      `${name}-api`,
      {
        description: `Ingestion API ${name}: POST /${INGESTION_API_DEFAULTS.resourcePath} puts events on a Kinesis stream`,
        endpointConfiguration: { types: "REGIONAL" },
        securityPolicy: settings.securityPolicy,
        endpointAccessMode: settings.endpointAccessMode,
      },
      { parent },
    );

    // --- Logs -------------------------------------------------------------------------------
    const logGroupArgs = { retentionInDays: settings.logRetentionInDays, kmsKeyId: args.kmsKeyArn };
    const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, logGroupArgs, { parent });
    // API Gateway would create this group itself on first use: unencrypted and never expiring.
    const executionLogs = new aws.cloudwatch.LogGroup(
      `${name}-execution-logs`,
      { ...logGroupArgs, name: restApi.id.apply((id) => executionLogGroupName(id, settings.stageName)) },
      { parent },
    );
    const account = settings.manageAccountCloudWatchRole
      ? createAccountCloudWatchRole(
          name,
          { regionName: settings.region, region, accountId, partition, accessLogGroupArn: accessLogs.arn },
          parent,
        )
      : undefined;

    // --- Integration role -------------------------------------------------------------------
    const integrationRole = createIntegrationRole(
      name,
      {
        regionName: settings.region,
        accountId,
        executionArn: restApi.executionArn,
        streamArn: args.streamArn,
        streamKmsKeyArn: args.streamKmsKeyArn,
        kinesisEndpoint: pulumi.interpolate`kinesis.${region}.${dnsSuffix}`,
      },
      parent,
    );

    // --- POST /records ----------------------------------------------------------------------
    const resource = new aws.apigateway.Resource(
      `${name}-records`,
      { restApi: restApi.id, parentId: restApi.rootResourceId, pathPart: INGESTION_API_DEFAULTS.resourcePath },
      { parent },
    );
    const validatorDefinition = { validateRequestBody: true, validateRequestParameters: true };
    const validator = new aws.apigateway.RequestValidator(
      `${name}-validator`,
      { restApi: restApi.id, name: `${name}-body-and-parameters`, ...validatorDefinition },
      { parent },
    );
    const modelDefinition = {
      name: "IngestionRequest",
      contentType: KINESIS_PROXY.requestContentType,
      schema: ingestionRequestModelSchema(settings.maxRecordsPerRequest),
    };
    const model = new aws.apigateway.Model(
      `${name}-model`,
      {
        restApi: restApi.id,
        description: "A batch of ingestion events: { records: [ { eventId, type, occurredAt, source, payload } ] }",
        ...modelDefinition,
      },
      { parent },
    );
    const methodDefinition = { httpMethod: INGESTION_API_DEFAULTS.httpMethod, authorization: settings.authorization };
    const method = new aws.apigateway.Method(
      `${name}-post`,
      {
        restApi: restApi.id,
        resourceId: resource.id,
        ...methodDefinition,
        requestValidatorId: validator.id,
        requestModels: { [KINESIS_PROXY.requestContentType]: model.name },
      },
      { parent },
    );

    const streamName = pulumi.output(args.streamName).apply(assertStreamName);
    const integrationDefinition = {
      type: KINESIS_PROXY.integrationType,
      integrationHttpMethod: KINESIS_PROXY.integrationHttpMethod,
      uri: pulumi.interpolate`arn:${partition}:apigateway:${region}:kinesis:action/${KINESIS_PROXY.action}`,
      credentials: integrationRole.arn,
      requestParameters: { [KINESIS_PROXY.contentTypeHeader]: KINESIS_PROXY.contentTypeValue },
      requestTemplates: { [KINESIS_PROXY.requestContentType]: streamName.apply(putRecordsRequestTemplate) },
      passthroughBehavior: KINESIS_PROXY.passthroughBehavior,
    };
    const integration = new aws.apigateway.Integration(
      `${name}-integration`,
      { restApi: restApi.id, resourceId: resource.id, httpMethod: method.httpMethod, ...integrationDefinition },
      { parent },
    );

    const responseDefinitions = INGESTION_API_RESPONSES.map((r) => ({
      ...r,
      responseTemplates: { [KINESIS_PROXY.requestContentType]: RESPONSE_TEMPLATES[r.statusCode] },
    }));
    const methodResponses = responseDefinitions.map(
      (r) =>
        new aws.apigateway.MethodResponse(
          `${name}-response-${r.statusCode}`,
          {
            restApi: restApi.id,
            resourceId: resource.id,
            httpMethod: method.httpMethod,
            statusCode: r.statusCode,
            responseModels: { [KINESIS_PROXY.requestContentType]: "Empty" },
          },
          { parent },
        ),
    );
    const integrationResponses = responseDefinitions.map(
      (r, i) =>
        new aws.apigateway.IntegrationResponse(
          `${name}-integration-response-${r.statusCode}`,
          {
            restApi: restApi.id,
            resourceId: resource.id,
            httpMethod: method.httpMethod,
            statusCode: methodResponses[i]!.statusCode,
            ...(r.selectionPattern ? { selectionPattern: r.selectionPattern } : {}),
            responseTemplates: r.responseTemplates,
          },
          // The integration must exist before its responses (AWS rejects them otherwise).
          { parent, dependsOn: [integration] },
        ),
    );

    // --- Deployment and stage ---------------------------------------------------------------
    // A deployment is a snapshot: it must follow every method and integration, and a changed
    // definition must make a new one (the hash below), or the stage keeps serving the old API.
    const deployment = new aws.apigateway.Deployment(
      `${name}-deployment`,
      {
        restApi: restApi.id,
        description: `Ingestion API ${name}`,
        triggers: {
          redeployment: redeploymentHash({
            resourcePath: INGESTION_API_DEFAULTS.resourcePath,
            validator: validatorDefinition,
            model: modelDefinition,
            method: methodDefinition,
            integration: integrationDefinition,
            responses: responseDefinitions,
          }),
        },
      },
      {
        parent,
        dependsOn: [resource, validator, model, method, integration, ...methodResponses, ...integrationResponses],
      },
    );

    // Logging needs the account's CloudWatch role in place first.
    const loggingPrerequisites: pulumi.Resource[] = [executionLogs, ...(account ? [account] : [])];
    const stage = new aws.apigateway.Stage(
      `${name}-stage`,
      {
        restApi: restApi.id,
        deployment: deployment.id,
        stageName: settings.stageName,
        description: `Ingestion API ${name}, stage ${settings.stageName}`,
        xrayTracingEnabled: INGESTION_API_DEFAULTS.xrayTracingEnabled,
        cacheClusterEnabled: INGESTION_API_DEFAULTS.cacheClusterEnabled,
        accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      },
      { parent, dependsOn: loggingPrerequisites },
    );
    new aws.apigateway.MethodSettings(
      `${name}-method-settings`,
      {
        restApi: restApi.id,
        stageName: stage.stageName,
        methodPath: APIGATEWAY_ALL_METHODS,
        settings: {
          throttlingRateLimit: settings.throttle.rateLimit,
          throttlingBurstLimit: settings.throttle.burstLimit,
          metricsEnabled: INGESTION_API_DEFAULTS.metricsEnabled,
          loggingLevel: settings.executionLoggingLevel,
          dataTraceEnabled: INGESTION_API_DEFAULTS.dataTraceEnabled,
          cachingEnabled: false,
        },
      },
      { parent, dependsOn: loggingPrerequisites },
    );

    // --- WAF --------------------------------------------------------------------------------
    let webAclArn: pulumi.Output<string> | undefined;
    if (settings.webAcl.kind === "existing") {
      webAclArn = pulumi.output(settings.webAcl.existing.arn);
    } else if (settings.webAcl.kind === "create") {
      webAclArn = createWebAcl(name, settings.region, settings.wafRateLimitPerIp, settings.webAcl.args, parent).arn;
    }
    if (webAclArn) {
      new aws.wafv2.WebAclAssociation(`${name}-waf-association`, { resourceArn: stage.arn, webAclArn }, { parent });
    }

    // --- Custom domain ----------------------------------------------------------------------
    const domain = args.customDomain
      ? createCustomDomain(
          name,
          args.customDomain,
          {
            restApiId: restApi.id,
            stageName: stage.stageName,
            securityPolicy: settings.securityPolicy,
            endpointAccessMode: settings.endpointAccessMode,
          },
          parent,
        )
      : undefined;

    this.restApiId = restApi.id;
    this.restApiName = restApi.name;
    this.stageName = stage.stageName;
    this.stageArn = stage.arn;
    this.invokeUrl = pulumi.interpolate`${stage.invokeUrl}/${INGESTION_API_DEFAULTS.resourcePath}`;
    this.executionArn = restApi.executionArn;
    this.invokeResourceArn = pulumi.interpolate`${restApi.executionArn}/${stage.stageName}/${INGESTION_API_DEFAULTS.httpMethod}/${INGESTION_API_DEFAULTS.resourcePath}`;
    this.customDomainUrl = domain ? domain.url : pulumi.output(undefined);
    this.customDomainTarget = domain ? domain.target : pulumi.output(undefined);
    this.certificateValidationRecords = domain ? domain.validationRecords : pulumi.output(undefined);
    this.webAclArn = webAclArn ?? pulumi.output(undefined);
    this.accessLogGroupName = accessLogs.name;
    this.integrationRoleArn = integrationRole.arn;

    this.registerOutputs({
      restApiId: this.restApiId,
      restApiName: this.restApiName,
      stageName: this.stageName,
      stageArn: this.stageArn,
      invokeUrl: this.invokeUrl,
      executionArn: this.executionArn,
      invokeResourceArn: this.invokeResourceArn,
      customDomainUrl: this.customDomainUrl,
      customDomainTarget: this.customDomainTarget,
      certificateValidationRecords: this.certificateValidationRecords,
      webAclArn: this.webAclArn,
      accessLogGroupName: this.accessLogGroupName,
      integrationRoleArn: this.integrationRoleArn,
    });
  }

  /** The statement that lets a producer call `POST /records` on this stage, and nothing else. */
  public invokeStatement(): Statement {
    return {
      sid: "InvokeIngestionApi",
      effect: "Allow",
      actions: ["execute-api:Invoke"],
      resources: [this.invokeResourceArn],
    };
  }

  /**
   * Lets `role` (an `aws.iam.Role` or a role name) call `POST /records`: an inline policy with
   * `execute-api:Invoke` on exactly `<executionArn>/<stage>/POST/records`. Its logical name is
   * `<api name>-invoke-<name>`; it is a child of this API unless `opts` says otherwise.
   */
  public grantInvoke(
    name: string,
    role: aws.iam.Role | pulumi.Input<string>,
    opts?: pulumi.CustomResourceOptions,
  ): aws.iam.RolePolicy {
    const parentOpts = { parent: opts?.parent ?? this };
    const policy = aws.iam.getPolicyDocumentOutput({ statements: [this.invokeStatement()] }, parentOpts);
    const roleName = aws.iam.Role.isInstance(role) ? role.name : role;
    return new aws.iam.RolePolicy(
      `${this.componentName}-invoke-${name}`,
      { role: roleName, policy: policy.json },
      { ...parentOpts, ...opts },
    );
  }

  /**
   * Alarm signals for ObservabilityStack (namespace AWS/ApiGateway, dimensions ApiName and
   * Stage), each over 5 minutes: the share of 5xx and of 4xx answers (Average of 5XXError /
   * 4XXError), average latency, and request count nearing the stage throttle. Thresholds come
   * from `alarmThresholds`.
   */
  public metrics(): MetricDescriptor[] {
    const t = this.thresholds;
    const base = {
      namespace: "AWS/ApiGateway",
      dimensions: { ApiName: this.restApiName, Stage: this.stageName },
      periodSeconds: API_ALARM_DEFAULTS.periodSeconds,
      evaluationPeriods: API_ALARM_DEFAULTS.evaluationPeriods,
      comparisonOperator: "GreaterThanThreshold" as const,
    };
    const n = this.componentName;
    return [
      {
        ...base,
        id: `${n}-5xx-rate`,
        metricName: "5XXError",
        statistic: "Average",
        threshold: t.serverErrorRate,
        description: `${n}: share of requests answered 5xx (Kinesis failing) above ${t.serverErrorRate}`,
      },
      {
        ...base,
        id: `${n}-4xx-rate`,
        metricName: "4XXError",
        statistic: "Average",
        threshold: t.clientErrorRate,
        description: `${n}: share of requests answered 4xx (invalid batches, auth, WAF or throttling) above ${t.clientErrorRate}`,
      },
      {
        ...base,
        id: `${n}-latency`,
        metricName: "Latency",
        statistic: "Average",
        threshold: t.latencyMs,
        description: `${n}: average latency above ${t.latencyMs} ms`,
      },
      {
        ...base,
        id: `${n}-requests`,
        metricName: "Count",
        statistic: "Sum",
        threshold: t.requestsPerPeriod,
        description: `${n}: more than ${t.requestsPerPeriod} requests in 5 minutes, nearing the stage throttle`,
      },
    ];
  }
}

// --- Templates ----------------------------------------------------------------------------------

/**
 * The integration request template: the validated body `{ "records": [event, ...] }` becomes a
 * Kinesis PutRecords request with one record per event, whose data is the event's JSON,
 * base64-encoded, and whose partition key is its eventId (safe to embed: the model restricts it
 * to letters, digits and `._:-`).
 */
export function putRecordsRequestTemplate(streamName: string): string {
  return [
    "#set($records = $input.path('$.records'))",
    "{",
    `  "StreamName": "${assertStreamName(streamName)}",`,
    '  "Records": [',
    "#foreach($record in $records)",
    "    {",
    '      "Data": "$util.base64Encode($input.json("$.records[$foreach.index]"))",',
    '      "PartitionKey": "$record.eventId"',
    "    }#if($foreach.hasNext),#end",
    "#end",
    "  ]",
    "}",
  ].join("\n");
}

/** Response templates by method status: results in request order, no account or stream details. */
export const RESPONSE_TEMPLATES: Readonly<Record<(typeof INGESTION_API_RESPONSES)[number]["statusCode"], string>> = {
  "200": [
    "#set($response = $input.path('$'))",
    "{",
    '  "failedRecordCount": $response.FailedRecordCount,',
    '  "records": [',
    "#foreach($result in $response.Records)",
    '#if("$!result.ErrorCode" != "")',
    '    { "errorCode": "$result.ErrorCode" }#if($foreach.hasNext),#end',
    "#else",
    '    { "sequenceNumber": "$result.SequenceNumber", "shardId": "$result.ShardId" }#if($foreach.hasNext),#end',
    "#end",
    "#end",
    "  ],",
    '  "requestId": "$context.requestId"',
    "}",
  ].join("\n"),
  "400": [
    "#set($type = $input.path('$.__type'))",
    '{ "message": "Kinesis rejected the batch", "errorType": "$!type", "requestId": "$context.requestId" }',
  ].join("\n"),
  "500": '{ "message": "The ingestion backend failed; retry with backoff", "requestId": "$context.requestId" }',
};

/** sha256 of the JSON of the API's definitions: the Deployment's redeployment trigger. */
export function redeploymentHash(definitions: pulumi.Input<Record<string, unknown>>): pulumi.Output<string> {
  return pulumi.output(definitions).apply((d) => createHash("sha256").update(JSON.stringify(d)).digest("hex"));
}

const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

function assertStreamName(name: string): string {
  if (typeof name !== "string" || !STREAM_NAME.test(name)) {
    throw new Error(
      `streamName: "${String(name)}" is not a Kinesis stream name (1-128 letters, digits, "_", "." or "-")`,
    );
  }
  return name;
}

// --- Supporting resources -----------------------------------------------------------------------

interface IntegrationRoleArgs {
  regionName: string;
  accountId: pulumi.Input<string>;
  executionArn: pulumi.Input<string>;
  streamArn: pulumi.Input<string>;
  streamKmsKeyArn: pulumi.Input<string>;
  /** `kinesis.<region>.<dns suffix>`: the key may be used only through Kinesis. */
  kinesisEndpoint: pulumi.Input<string>;
}

/**
 * The role the Kinesis integration runs as: only API Gateway acting for this API may assume it,
 * and it may put records on the one stream and generate data keys with the stream's key, through
 * Kinesis only.
 */
function createIntegrationRole(name: string, args: IntegrationRoleArgs, parent: pulumi.Resource): aws.iam.Role {
  // No aws:SourceAccount/aws:SourceArn: API Gateway does not send them when it assumes integration
  // credentials, and requests then fail with 500. The role can only put records on one stream
  // (policy/baseline/identity.ts SERVICES_WITHOUT_SOURCE_CONTEXT).
  const role = serviceRole(
    regionalName(`${name}-kinesis`, args.regionName),
    {
      service: KINESIS_PROXY.servicePrincipal,
      withoutSourceContext: true,
      description: `API Gateway ${name}: PutRecords on one Kinesis stream`,
    },
    { parent },
  );
  const permissions = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        { sid: "PutRecords", effect: "Allow", actions: [...KINESIS_PROXY.streamActions], resources: [args.streamArn] },
        {
          sid: "EncryptRecords",
          effect: "Allow",
          actions: [...KINESIS_PROXY.keyActions],
          resources: [args.streamKmsKeyArn],
          conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [args.kinesisEndpoint] }],
        },
      ],
    },
    { parent },
  );
  new aws.iam.RolePolicy(`${name}-kinesis-put`, { role: role.id, policy: permissions.json }, { parent });
  return role;
}

interface AccountRoleArgs {
  regionName: string;
  region: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
  partition: pulumi.Input<string>;
  accessLogGroupArn: pulumi.Input<string>;
}

/**
 * The account-wide (per region) CloudWatch role of API Gateway and the account setting that uses
 * it. It may create and write the execution-log groups of every API in the region and write this
 * API's access-log group.
 */
function createAccountCloudWatchRole(
  name: string,
  args: AccountRoleArgs,
  parent: pulumi.Resource,
): aws.apigateway.Account {
  // As for the integration role: API Gateway sends no source context for this role.
  const role = serviceRole(
    regionalName(`${name}-cloudwatch`, args.regionName),
    {
      service: KINESIS_PROXY.servicePrincipal,
      withoutSourceContext: true,
      description: "API Gateway account setting: writes API execution and access logs to CloudWatch Logs",
    },
    { parent },
  );
  const accessLogGroupArn = pulumi.output(args.accessLogGroupArn).apply((arn) => arn.replace(/:\*$/, ""));
  const executionLogGroups = pulumi.interpolate`arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:${EXECUTION_LOG_GROUP_PREFIX}*`;
  const permissions = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          sid: "WriteApiLogs",
          effect: "Allow",
          actions: [...ACCOUNT_LOG_ACTIONS],
          resources: [executionLogGroups, accessLogGroupArn, pulumi.interpolate`${accessLogGroupArn}:log-stream:*`],
        },
        // DescribeLogGroups has no resource-level permissions.
        { sid: "FindLogGroups", effect: "Allow", actions: [...ACCOUNT_LOG_DISCOVERY_ACTIONS], resources: ["*"] },
      ],
    },
    { parent },
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-cloudwatch-logs`,
    { role: role.id, policy: permissions.json },
    { parent },
  );
  // API Gateway checks the role when the setting is made: the policy must be in place first.
  return new aws.apigateway.Account(
    `${name}-account`,
    { cloudwatchRoleArn: role.arn },
    { parent, dependsOn: [rolePolicy] },
  );
}

function createWebAcl(
  name: string,
  regionName: string,
  rateLimitPerIp: number,
  overrides: Partial<aws.wafv2.WebAclArgs>,
  parent: pulumi.Resource,
): aws.wafv2.WebAcl {
  const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
  });
  const rateRule: aws.types.input.wafv2.WebAclRule = {
    name: "RateLimitPerIp",
    priority: 0,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit: rateLimitPerIp,
        aggregateKeyType: "IP",
        evaluationWindowSec: WAF_DEFAULTS.rateEvaluationWindowSec,
      },
    },
    visibilityConfig: visibility(`${name}-rate-limit`),
  };
  const managedRules: aws.types.input.wafv2.WebAclRule[] = WAF_MANAGED_RULE_GROUPS.map((group, i) => ({
    name: group,
    priority: i + 1,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: group,
        ...(group === "AWSManagedRulesCommonRuleSet"
          ? {
              ruleActionOverrides: WAF_DEFAULTS.commonRuleSetCountedRules.map((rule) => ({
                name: rule,
                actionToUse: { count: {} },
              })),
            }
          : {}),
      },
    },
    visibilityConfig: visibility(`${name}-${group}`),
  }));
  return new aws.wafv2.WebAcl(
    regionalName(`${name}-waf`, regionName),
    {
      description: `Ingestion API ${name}: rate limit per IP and AWS managed rule groups`,
      scope: WAF_DEFAULTS.scope,
      defaultAction: { allow: {} },
      rules: [rateRule, ...managedRules],
      visibilityConfig: visibility(`${name}-waf`),
      ...definedOnly(overrides),
    },
    { parent },
  );
}

interface DomainTarget {
  restApiId: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
  securityPolicy: string;
  endpointAccessMode: EndpointAccessMode | undefined;
}

function createCustomDomain(
  name: string,
  domain: IngestionApiCustomDomain,
  target: DomainTarget,
  parent: pulumi.Resource,
): {
  url: pulumi.Output<string>;
  target: pulumi.Output<{ regionalDomainName: string; regionalZoneId: string }>;
  validationRecords: pulumi.Output<{ name: string; type: string; value: string }[] | undefined>;
} {
  let certificateArn: pulumi.Input<string>;
  let validationRecords: pulumi.Output<{ name: string; type: string; value: string }[] | undefined> =
    pulumi.output(undefined);
  if (domain.certificateArn !== undefined) {
    certificateArn = domain.certificateArn;
  } else {
    const certificate = new aws.acm.Certificate(
      `${name}-certificate`,
      { domainName: domain.domainName, validationMethod: "DNS" },
      { parent },
    );
    const option = certificate.domainValidationOptions.apply((options) => {
      const first = options[0];
      if (!first?.resourceRecordName || !first.resourceRecordType || !first.resourceRecordValue) {
        throw new Error(`customDomain: ACM returned no DNS validation record for "${domain.domainName}"`);
      }
      return { name: first.resourceRecordName, type: first.resourceRecordType, value: first.resourceRecordValue };
    });
    validationRecords = option.apply((o) => [o]);
    const record =
      domain.hostedZoneId !== undefined
        ? new aws.route53.Record(
            `${name}-certificate-validation`,
            // The same domain validated in the peer region has the same record: overwrite, do not fail.
            {
              zoneId: domain.hostedZoneId,
              name: option.name,
              type: option.type,
              records: [option.value],
              ttl: 300,
              allowOverwrite: true,
            },
            { parent },
          )
        : undefined;
    // Waits until ACM has issued the certificate (the DNS record must exist, here or elsewhere).
    const validation = new aws.acm.CertificateValidation(
      `${name}-certificate-validation`,
      { certificateArn: certificate.arn, ...(record ? { validationRecordFqdns: [record.fqdn] } : {}) },
      { parent },
    );
    certificateArn = validation.certificateArn;
  }
  const domainName = new aws.apigateway.DomainName(
    `${name}-domain`,
    {
      domainName: domain.domainName,
      regionalCertificateArn: certificateArn,
      endpointConfiguration: { types: "REGIONAL" },
      securityPolicy: target.securityPolicy,
      endpointAccessMode: target.endpointAccessMode,
    },
    { parent },
  );
  new aws.apigateway.BasePathMapping(
    `${name}-base-path`,
    { restApi: target.restApiId, stageName: target.stageName, domainName: domainName.domainName },
    { parent },
  );
  return {
    url: pulumi.interpolate`https://${domainName.domainName}/${INGESTION_API_DEFAULTS.resourcePath}`,
    target: pulumi
      .all([domainName.regionalDomainName, domainName.regionalZoneId])
      .apply(([regionalDomainName, regionalZoneId]) => ({ regionalDomainName, regionalZoneId })),
    validationRecords,
  };
}

// --- Validation ---------------------------------------------------------------------------------

interface Settings {
  region: string;
  stageName: string;
  throttle: { rateLimit: number; burstLimit: number };
  logRetentionInDays: number;
  authorization: ApiAuthorization;
  maxRecordsPerRequest: number;
  securityPolicy: string;
  endpointAccessMode: EndpointAccessMode | undefined;
  webAcl: ResolvedSupporting<ExistingWebAcl, aws.wafv2.WebAclArgs>;
  wafRateLimitPerIp: number;
  manageAccountCloudWatchRole: boolean;
  executionLoggingLevel: string;
  thresholds: Required<IngestionApiAlarmThresholds>;
}

const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** WAF rate-based rules: 10 to 2,000,000,000 requests per evaluation window. */
const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 };

function validate(args: IngestionApiArgs): Settings {
  const stageName = args.stageName ?? INGESTION_API_DEFAULTS.stageName;
  if (typeof stageName !== "string" || !STAGE_NAME.test(stageName)) {
    throw new Error(`stageName: "${String(stageName)}" must be 1-128 letters, digits, "_" or "-"`);
  }
  if (typeof args.streamName === "string") assertStreamName(args.streamName);

  const throttle = { ...INGESTION_API_DEFAULTS.throttle, ...definedOnly(args.throttle ?? {}) };
  if (typeof throttle.rateLimit !== "number" || !Number.isFinite(throttle.rateLimit) || throttle.rateLimit <= 0) {
    throw new Error(
      `throttle.rateLimit: ${JSON.stringify(throttle.rateLimit)} must be a number of requests per second above 0`,
    );
  }
  if (!Number.isInteger(throttle.burstLimit) || throttle.burstLimit <= 0) {
    throw new Error(
      `throttle.burstLimit: ${JSON.stringify(throttle.burstLimit)} must be a whole number of requests above 0`,
    );
  }

  const logRetentionInDays = args.logRetentionInDays ?? INGESTION_API_DEFAULTS.logRetentionInDays;
  if (!LOG_RETENTION_VALUES.includes(logRetentionInDays)) {
    throw new Error(
      `logRetentionInDays: ${logRetentionInDays} is not a CloudWatch Logs retention value (${LOG_RETENTION_VALUES.join(", ")})`,
    );
  }

  const executionLoggingLevel = args.executionLoggingLevel ?? INGESTION_API_DEFAULTS.loggingLevel;
  if (!APIGATEWAY_LOGGING_LEVELS.includes(executionLoggingLevel)) {
    throw new Error(
      `executionLoggingLevel: "${String(executionLoggingLevel)}" must be one of ${APIGATEWAY_LOGGING_LEVELS.map((l) => `"${l}"`).join(", ")} (execution logging stays on)`,
    );
  }

  const authorization = args.authorization ?? INGESTION_API_DEFAULTS.authorization;
  if (!(API_AUTHORIZATIONS as readonly string[]).includes(authorization)) {
    throw new Error(
      `authorization: "${String(authorization)}" must be one of ${API_AUTHORIZATIONS.map((a) => `"${a}"`).join(", ")}`,
    );
  }
  if (authorization === "NONE" && args.acknowledgeUnauthenticatedAccess !== true) {
    throw new Error(
      'authorization: "NONE" lets anyone on the internet put events on the stream; set acknowledgeUnauthenticatedAccess: true to mean it',
    );
  }

  const maxRecordsPerRequest = args.maxRecordsPerRequest ?? MAX_RECORDS_PER_REQUEST;
  if (
    !Number.isInteger(maxRecordsPerRequest) ||
    maxRecordsPerRequest < 1 ||
    maxRecordsPerRequest > MAX_RECORDS_PER_REQUEST
  ) {
    throw new Error(
      `maxRecordsPerRequest: ${JSON.stringify(maxRecordsPerRequest)} must be a whole number from 1 to ${MAX_RECORDS_PER_REQUEST} (the PutRecords limit)`,
    );
  }

  const securityPolicy = args.securityPolicy ?? INGESTION_API_DEFAULTS.securityPolicy;
  if (!APIGATEWAY_TLS12_SECURITY_POLICIES.includes(securityPolicy) || securityPolicy.endsWith("_EDGE")) {
    const allowed = APIGATEWAY_TLS12_SECURITY_POLICIES.filter((p) => !p.endsWith("_EDGE"));
    throw new Error(
      `securityPolicy: "${String(securityPolicy)}" is not a regional TLS 1.2+ policy (${allowed.join(", ")})`,
    );
  }
  const enhanced = securityPolicy.startsWith("SecurityPolicy_");
  if (!enhanced && args.endpointAccessMode !== undefined) {
    throw new Error(
      `endpointAccessMode: "${args.endpointAccessMode}" applies only to SecurityPolicy_* policies, not "${securityPolicy}"`,
    );
  }
  const endpointAccessMode = enhanced
    ? (args.endpointAccessMode ?? INGESTION_API_DEFAULTS.endpointAccessMode)
    : undefined;
  if (endpointAccessMode !== undefined && !(ENDPOINT_ACCESS_MODES as readonly string[]).includes(endpointAccessMode)) {
    throw new Error(
      `endpointAccessMode: "${String(endpointAccessMode)}" must be one of ${ENDPOINT_ACCESS_MODES.map((m) => `"${m}"`).join(", ")}`,
    );
  }

  if (args.customDomain !== undefined) {
    const d = args.customDomain.domainName;
    if (typeof d !== "string" || !DOMAIN_NAME.test(d)) {
      throw new Error(
        `customDomain.domainName: "${String(d)}" is not a lower-case fully qualified domain name such as "ingest.example.com"`,
      );
    }
  }

  const webAcl = resolveSupporting("webAcl", args.webAcl);
  if (webAcl.kind === "skip" && args.acknowledgeNoWaf !== true) {
    throw new Error(
      "webAcl: { skip: true } leaves the stage without a WAF web ACL; set acknowledgeNoWaf: true to mean it",
    );
  }
  if (webAcl.kind === "create" && webAcl.args.scope !== undefined && webAcl.args.scope !== WAF_DEFAULTS.scope) {
    throw new Error(
      `webAcl.args.scope: ${JSON.stringify(webAcl.args.scope)} must be "${WAF_DEFAULTS.scope}" (API Gateway stages take regional web ACLs)`,
    );
  }
  const wafRateLimitPerIp = args.wafRateLimitPerIp ?? WAF_DEFAULTS.rateLimitPerIp;
  if (
    !Number.isInteger(wafRateLimitPerIp) ||
    wafRateLimitPerIp < WAF_RATE_LIMIT.min ||
    wafRateLimitPerIp > WAF_RATE_LIMIT.max
  ) {
    throw new Error(
      `wafRateLimitPerIp: ${JSON.stringify(wafRateLimitPerIp)} must be a whole number from ${WAF_RATE_LIMIT.min} to ${WAF_RATE_LIMIT.max}`,
    );
  }

  const t = args.alarmThresholds ?? {};
  const thresholds: Required<IngestionApiAlarmThresholds> = {
    serverErrorRate: t.serverErrorRate ?? API_ALARM_DEFAULTS.serverErrorRate,
    clientErrorRate: t.clientErrorRate ?? API_ALARM_DEFAULTS.clientErrorRate,
    latencyMs: t.latencyMs ?? API_ALARM_DEFAULTS.latencyMs,
    requestsPerPeriod:
      t.requestsPerPeriod ??
      Math.floor(throttle.rateLimit * API_ALARM_DEFAULTS.periodSeconds * API_ALARM_DEFAULTS.requestShareOfThrottle),
  };
  for (const key of ["serverErrorRate", "clientErrorRate"] as const) {
    const v = thresholds[key];
    if (typeof v !== "number" || !(v > 0 && v < 1))
      throw new Error(`alarmThresholds.${key}: ${JSON.stringify(v)} must be a share between 0 and 1 (exclusive)`);
  }
  for (const key of ["latencyMs", "requestsPerPeriod"] as const) {
    const v = thresholds[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
      throw new Error(`alarmThresholds.${key}: ${JSON.stringify(v)} must be a number above 0`);
  }

  const region = args.region ?? aws.config.region;
  if (region === undefined) {
    throw new Error("region: not given and the aws:region config is not set");
  }
  assertRegionName("region", region);

  return {
    region,
    stageName,
    throttle,
    logRetentionInDays,
    authorization,
    maxRecordsPerRequest,
    securityPolicy,
    endpointAccessMode,
    webAcl,
    wafRateLimitPerIp,
    manageAccountCloudWatchRole: args.manageAccountCloudWatchRole ?? INGESTION_API_DEFAULTS.manageAccountCloudWatchRole,
    executionLoggingLevel,
    thresholds,
  };
}

// An override of `scope: undefined` must not silently drop a default.
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
