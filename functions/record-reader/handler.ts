/**
 * The record reader: `GET /records/{id}` of the ingestion API (Lambda proxy integration), one
 * GetItem on the records table of the function's region (./reader.ts).
 *
 * Environment (names in ./environment.ts):
 *   TABLE_NAME                    (required) the records table (hash key pk, range key sk, both S)
 *   POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE (default TwinRegion/Ingestion)
 * Permissions: dynamodb:GetItem on the table in this region, kms:Decrypt on its key through DynamoDB.
 * A missing TABLE_NAME fails every invocation naming it (API Gateway answers 502).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import type { APIGatewayProxyResult } from "aws-lambda";
import { requireEnv } from "../shared/env";
import { instrumented, metricsNamespace } from "../shared/powertools";
import { RECORD_READER_ENV } from "./environment";
import { InvalidApiEventError, readRecord, type ReadOutcome } from "./reader";

const logger = new Logger();
const metrics = new Metrics({ namespace: metricsNamespace() });
const tracer = new Tracer();
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));

const OUTCOME_METRICS: Record<ReadOutcome, string> = {
  found: "RecordsFound",
  "not-found": "RecordsNotFound",
  "invalid-id": "InvalidRecordIds",
  failed: "ReadFailures",
};

let tableName: string | undefined;

export const handler = instrumented(
  { logger, metrics, tracer },
  async (event: unknown): Promise<APIGatewayProxyResult> => {
    tableName ??= requireEnv(RECORD_READER_ENV.tableName);
    try {
      const { response, outcome } = await readRecord(event, { dynamodb, tableName, logger });
      metrics.addMetric(OUTCOME_METRICS[outcome], MetricUnit.Count, 1);
      return response;
    } catch (error) {
      if (error instanceof InvalidApiEventError) logger.warn("not an API Gateway request", { issues: error.issues });
      throw error;
    }
  },
);
