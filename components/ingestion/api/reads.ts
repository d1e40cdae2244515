/** `GET /records/{id}`: the record reader function, its resource, method, proxy integration and invoke permission. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RECORD_READER_ENV } from "../../../functions/record-reader/environment";
import { kmsStatements, type Statement } from "../../compute/iam";
import { PlatformFunction } from "../../compute/platform-function";
import type { RegionContext } from "../../shared/region";
import { INGESTION_API_DEFAULTS, RECORD_READS, type ApiAuthorization } from "./defaults";
import type { FunctionReleaseArgs } from "../../compute/release";

/** The records table in the API's region: the global table where it was created, or its replica. */
export interface RecordsTable {
  /** The table's name (a global table's is the same in every region). */
  name: pulumi.Input<string>;
  /** The table's ARN in the API's region: the one resource the reader may read. */
  arn: pulumi.Input<string>;
  /**
   * The customer-managed key the table (in this region: its replica) is encrypted with; the reader
   * may decrypt with it through DynamoDB only.
   * @default none: a table encrypted with an AWS owned or AWS managed key needs no key grant
   */
  kmsKeyArn?: pulumi.Input<string>;
}

export interface RecordReadsArgs {
  functionRelease?: FunctionReleaseArgs;
  table: RecordsTable;
  where: RegionContext;
  /** The region's CMK: the function's environment and log group. */
  kmsKeyArn: pulumi.Input<string>;
  restApi: aws.apigateway.RestApi;
  /** `/records`, the parent of `/records/{id}`. */
  recordsResource: aws.apigateway.Resource;
  validator: aws.apigateway.RequestValidator;
  authorization: ApiAuthorization;
  stageName: string;
}

export interface RecordReads {
  reader: PlatformFunction;
  /** Everything the stage's deployment must follow. */
  parts: pulumi.Resource[];
  /** The definitions whose change must redeploy the stage. */
  definitions: Record<string, pulumi.Input<unknown>>;
  /** `<executionArn>/<stage>/GET/records/*`: what a reader is granted, and what the invoke permission is scoped to. */
  invokeResourceArn: pulumi.Output<string>;
}

/**
 * What the reader's role may do: GetItem on exactly the table in this region, and decrypt with its
 * key through this region's DynamoDB; nothing else (no Query, no Scan, no other table).
 */
export function readerStatements(table: RecordsTable, dynamodbEndpoint: pulumi.Input<string>): Statement[] {
  return [
    { sid: "GetRecord", actions: [...RECORD_READS.tableActions], resources: [table.arn] },
    ...(table.kmsKeyArn !== undefined
      ? [{ sid: "DecryptRecord", ...kmsStatements(table.kmsKeyArn, { decrypt: true }, dynamodbEndpoint)[0]! }]
      : []),
  ];
}

export function createRecordReads(name: string, args: RecordReadsArgs, parent: pulumi.Resource): RecordReads {
  const { restApi, where } = args;
  const reader = new PlatformFunction(
    `${name}-reader`,
    {
      handler: "record-reader",
      release: args.functionRelease,
      description: "Answers GET /records/{id} of the ingestion API from this region's copy of the records table",
      kmsKeyArn: args.kmsKeyArn,
      region: where.name,
      environment: { [RECORD_READER_ENV.tableName]: args.table.name },
      statements: readerStatements(args.table, where.serviceEndpoint("dynamodb")),
    },
    { parent },
  );

  const resource = new aws.apigateway.Resource(
    `${name}-record`,
    { restApi: restApi.id, parentId: args.recordsResource.id, pathPart: RECORD_READS.pathPart },
    { parent },
  );
  const methodDefinition = {
    httpMethod: RECORD_READS.httpMethod,
    authorization: args.authorization,
    requestParameters: { [RECORD_READS.pathParameter]: true },
  };
  const method = new aws.apigateway.Method(
    `${name}-get`,
    { restApi: restApi.id, resourceId: resource.id, ...methodDefinition, requestValidatorId: args.validator.id },
    { parent },
  );
  const integrationDefinition = {
    type: RECORD_READS.integrationType,
    integrationHttpMethod: RECORD_READS.integrationHttpMethod,
    uri: reader.invokeArn,
  };
  const integration = new aws.apigateway.Integration(
    `${name}-get-integration`,
    { restApi: restApi.id, resourceId: resource.id, httpMethod: method.httpMethod, ...integrationDefinition },
    { parent },
  );

  // Only this API's stage, for GET /records/{id}, may invoke the reader.
  const invokeResourceArn = pulumi.interpolate`${restApi.executionArn}/${args.stageName}/${RECORD_READS.httpMethod}/${INGESTION_API_DEFAULTS.resourcePath}/*`;
  const permission = new aws.lambda.Permission(
    `${name}-reader-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: reader.functionName,
      qualifier: reader.aliasName,
      principal: RECORD_READS.servicePrincipal,
      sourceArn: invokeResourceArn,
    },
    { parent },
  );

  return {
    reader,
    parts: [resource, method, integration, permission],
    definitions: {
      pathPart: RECORD_READS.pathPart,
      method: methodDefinition,
      integration: integrationDefinition,
    },
    invokeResourceArn,
  };
}
