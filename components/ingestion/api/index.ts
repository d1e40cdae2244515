import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { grantPolicy, type Grantee, type Statement } from "../../compute/iam";
import { validating } from "../../shared/errors";
import type { LogGroupRef } from "../../shared/log-groups";
import type { TracedResource } from "../../shared/traced";
import { applyThresholds, type MetricDescriptor, type Thresholds } from "../../shared/metrics";
import { regionContext } from "../../shared/region";
import type { Supporting } from "../../shared/supporting";
import { createCustomDomain } from "./custom-domain";
import {
  ACCESS_LOG_FORMAT,
  API_ALARM_DEFAULTS,
  APIGATEWAY_ALL_METHODS,
  executionLogGroupName,
  INGESTION_API_DEFAULTS,
  INGESTION_API_RESPONSES,
  ingestionRequestModelSchema,
  KINESIS_PROXY,
  type ApiAuthorization,
  type EndpointAccessMode,
  type IngestionApiMetricId,
  type IngestionApiStageMetricId,
  type RecordReaderMetricId,
} from "./defaults";
import { createRecordReads, type RecordsTable } from "./reads";
import { createAccountCloudWatchRole, createIntegrationRole } from "./roles";
import { assertStreamName, putRecordsRequestTemplate, redeploymentHash, RESPONSE_TEMPLATES } from "./templates";
import { validate } from "./validation";
import { createWebAcl } from "./waf";
import type { FunctionReleaseArgs } from "../../compute/release";

export * from "./defaults";
export { putRecordsRequestTemplate, redeploymentHash, RESPONSE_TEMPLATES } from "./templates";
export { readerStatements, type RecordsTable } from "./reads";

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

export interface IngestionApiArgs {
  /** How CodeDeploy releases new versions of its functions to their live aliases. @default canary, 10% for 5 minutes */
  functionRelease?: FunctionReleaseArgs;
  /** Name of the Kinesis stream the API writes to (the PutRecords `StreamName`). */
  streamName: pulumi.Input<string>;
  /** ARN of that stream: the one resource the integration role may put records on. */
  streamArn: pulumi.Input<string>;
  /** ARN of the KMS key that encrypts the stream: the integration role may generate data keys with it. */
  streamKmsKeyArn: pulumi.Input<string>;
  /** KMS key ARN that encrypts the API's log groups (access and execution logs), and the record reader's environment and logs. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * The records table in this region (the global table, or its replica in this region): with it the
   * API also serves `GET /records/{id}`, authorized as `POST /records` is, through a Lambda proxy
   * integration to a record reader (PlatformFunction "record-reader") that reads the one item of
   * that id with GetItem (never Query or Scan): 200 with the record, 404 for an unknown id, 400 for
   * an id the write path would not store. Its role may GetItem on exactly `arn` and decrypt with
   * `kmsKeyArn` through DynamoDB; only this API's `GET /records/*` on its stage may invoke it.
   * @default none: the API serves `POST /records` only
   */
  recordsTable?: RecordsTable;
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
  /**
   * Alarm thresholds of `metrics()` by metric id: "api-5xx-rate" and "api-4xx-rate" are shares of
   * requests (0-1), "api-latency" milliseconds (average), "api-requests" requests per 5 minutes;
   * "reader-errors" and "reader-throttles" invocations per minute, "reader-duration" milliseconds
   * (maximum) of the record reader (with `recordsTable`). An unknown id is an error.
   * @default api-5xx-rate 0.01, api-4xx-rate 0.05, api-latency 1000, api-requests 80% of what the stage throttle allows (rateLimit × 300 × 0.8); reader-errors 1, reader-throttles 1, reader-duration 80% of its timeout
   */
  thresholds?: Thresholds<IngestionApiMetricId>;
}

/**
 * The ingestion API: a regional REST API whose `POST /records` validates a batch of events
 * against the ingestion event schema and puts them on a Kinesis stream through a direct AWS
 * service integration (PutRecords), and, given `recordsTable`, whose `GET /records/{id}` reads one
 * stored record back from this region's copy of the table through a Lambda. IAM-authenticated by
 * default, throttled, WAF-protected, access- and execution-logged to KMS-encrypted log groups,
 * traced with X-Ray; optionally served on a custom domain with a TLS 1.2+ policy.
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
  /** The REST API's id. */
  public readonly restApiId: pulumi.Output<string>;
  /** The REST API's name (a metric dimension). */
  public readonly restApiName: pulumi.Output<string>;
  /** The stage, part of the URL (a metric dimension). */
  public readonly stageName: pulumi.Output<string>;
  /** The stage's ARN (what the web ACL is associated with). */
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
  /** The access-log group (KMS-encrypted, with retention). */
  public readonly accessLogGroupName: pulumi.Output<string>;
  /** The role the Kinesis integration runs as. */
  public readonly integrationRoleArn: pulumi.Output<string>;
  /** The record reader of `GET /records/{id}` (a metric dimension); undefined without `recordsTable`. */
  public readonly readerFunctionName: pulumi.Output<string | undefined>;
  /** The record reader's ARN; undefined without `recordsTable`. */
  public readonly readerFunctionArn: pulumi.Output<string | undefined>;
  /** What readers are granted: `<executionArn>/<stage>/GET/records/*`; undefined without `recordsTable`. */
  public readonly readResourceArn: pulumi.Output<string | undefined>;

  private readonly componentName: string;
  private readonly thresholds: Record<IngestionApiStageMetricId, number>;
  private readonly readerThresholds: Thresholds<RecordReaderMetricId>;
  private readonly servesReads: boolean;
  private readonly readerSignals: MetricDescriptor[];
  private readonly logs: LogGroupRef[] = [];
  private readonly traced: TracedResource[] = [];

  constructor(name: string, args: IngestionApiArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validating("IngestionApi", () => validate(args));
    super("twin-region:ingestion:IngestionApi", name, {}, opts);
    this.componentName = name;
    this.thresholds = settings.thresholds;
    this.readerThresholds = settings.readerThresholds;
    const parent = this;

    const where = regionContext("IngestionApi", settings.region, parent);
    const region = where.region;
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const partition = where.partition;

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
        kinesisEndpoint: where.serviceEndpoint("kinesis"),
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

    // --- GET /records/{id} ------------------------------------------------------------------
    const reads = args.recordsTable
      ? createRecordReads(
          name,
          {
            table: args.recordsTable,
            where,
            kmsKeyArn: args.kmsKeyArn,
            restApi,
            recordsResource: resource,
            validator,
            authorization: settings.authorization,
            stageName: settings.stageName,
            functionRelease: args.functionRelease,
          },
          parent,
        )
      : undefined;
    this.servesReads = reads !== undefined;
    this.readerSignals = reads ? reads.reader.metrics("reader") : [];
    this.traced.push(...(reads?.reader.tracedResources() ?? []));
    this.logs.push(
      { id: "api-access", name: accessLogs.name, source: "api" },
      ...(reads?.reader.logGroups("reader") ?? []),
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
            // Only with reads, so that an API without them keeps its hash.
            ...(reads ? { reads: reads.definitions } : {}),
          }),
        },
      },
      {
        parent,
        dependsOn: [
          resource,
          validator,
          model,
          method,
          integration,
          ...methodResponses,
          ...integrationResponses,
          ...(reads?.parts ?? []),
        ],
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
      webAclArn = createWebAcl(
        name,
        settings.region,
        settings.wafRateLimitPerIp,
        { kmsKeyArn: args.kmsKeyArn, retentionInDays: settings.logRetentionInDays },
        settings.webAcl.args,
        parent,
      ).arn;
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
    this.readerFunctionName = reads ? reads.reader.functionName : pulumi.output(undefined);
    this.readerFunctionArn = reads ? reads.reader.functionArn : pulumi.output(undefined);
    this.readResourceArn = reads ? reads.invokeResourceArn : pulumi.output(undefined);

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
      readerFunctionName: this.readerFunctionName,
      readerFunctionArn: this.readerFunctionArn,
      readResourceArn: this.readResourceArn,
      region,
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
   * Lets `grantee` (a role or a role name) call `POST /records`: `execute-api:Invoke` on exactly
   * `<executionArn>/<stage>/POST/records`, as an inline policy `<api>-<name>-invoke`.
   */
  public grantInvoke(name: string, grantee: Grantee): aws.iam.RolePolicy {
    return grantPolicy(`${this.componentName}-${name}-invoke`, grantee, [this.invokeStatement()], this);
  }

  /**
   * The statement that lets a reader call `GET /records/{id}` on this stage, and nothing else.
   * Throws without `recordsTable` (the API serves no reads).
   */
  public readStatement(): Statement {
    if (!this.servesReads) {
      throw new Error(`IngestionApi ${this.componentName}: serves no GET /records/{id} (it was given no recordsTable)`);
    }
    return {
      sid: "ReadIngestionApi",
      effect: "Allow",
      actions: ["execute-api:Invoke"],
      resources: [this.readResourceArn as pulumi.Output<string>],
    };
  }

  /**
   * Lets `grantee` (a role or a role name) call `GET /records/{id}`: `execute-api:Invoke` on exactly
   * `<executionArn>/<stage>/GET/records/*`, as an inline policy `<api>-<name>-read-invoke`.
   */
  public grantReadInvoke(name: string, grantee: Grantee): aws.iam.RolePolicy {
    return grantPolicy(`${this.componentName}-${name}-read-invoke`, grantee, [this.readStatement()], this);
  }

  /**
   * Alarm signals for an AlarmSet (namespace AWS/ApiGateway, dimensions ApiName and Stage), each
   * over 5 minutes: the share of 5xx and of 4xx answers (Average of 5XXError / 4XXError), average
   * latency, and request count nearing the stage throttle; with `recordsTable`, the record reader's
   * errors, throttles and duration (AWS/Lambda, by FunctionName). Thresholds come from `thresholds`.
   */
  /**
   * The log groups it writes to, for application-error filters: the stage's access log ("api-access")
   * and, with `recordsTable`, the record reader's ("reader"). The execution log is API Gateway's own.
   */
  public logGroups(): LogGroupRef[] {
    return [...this.logs];
  }

  /** The stage (`<rest api name>/<stage>`, as its X-Ray segments name it) and, with `recordsTable`, the record reader. */
  public tracedResources(): TracedResource[] {
    return [{ kind: "api", name: pulumi.interpolate`${this.restApiName}/${this.stageName}` }, ...this.traced];
  }

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
        id: "api-5xx-rate",
        metricName: "5XXError",
        statistic: "Average",
        threshold: t["api-5xx-rate"],
        description: `${n}: share of requests answered 5xx (Kinesis failing) above ${t["api-5xx-rate"]}`,
      },
      {
        ...base,
        id: "api-4xx-rate",
        metricName: "4XXError",
        statistic: "Average",
        threshold: t["api-4xx-rate"],
        description: `${n}: share of requests answered 4xx (invalid batches, auth, WAF or throttling) above ${t["api-4xx-rate"]}`,
      },
      {
        ...base,
        id: "api-latency",
        metricName: "Latency",
        statistic: "Average",
        threshold: t["api-latency"],
        description: `${n}: average latency above ${t["api-latency"]} ms`,
      },
      {
        ...base,
        id: "api-requests",
        metricName: "Count",
        statistic: "Sum",
        threshold: t["api-requests"],
        description: `${n}: more than ${t["api-requests"]} requests in 5 minutes, nearing the stage throttle`,
      },
      ...applyThresholds(this.readerSignals, this.readerThresholds),
    ];
  }
}
