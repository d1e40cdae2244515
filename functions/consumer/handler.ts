/**
 * E1, the Kinesis consumer. Event source: the ingestion stream, with ReportBatchItemFailures.
 *
 * Environment (names in ./environment.ts):
 *   TABLE_NAME                    (required) the events table (hash key pk, range key sk, both S)
 *   EVENT_BUS_NAME                (optional) the bus for IngestionRecordStored events; none without it
 *   POWERTOOLS_SERVICE_NAME       service name on logs, metrics and traces
 *   POWERTOOLS_METRICS_NAMESPACE  (default TwinRegion/Ingestion)
 * Permissions: dynamodb:BatchWriteItem on the table, events:PutEvents on the bus, and the KMS
 * keys of both.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { requireEnv } from "../shared/env";
import { instrumented, metricsNamespace } from "../shared/powertools";
import { consumeRecords } from "./consumer";
import { CONSUMER_ENV } from "./environment";

const logger = new Logger();
const metrics = new Metrics({ namespace: metricsNamespace() });
const tracer = new Tracer();
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));

let config: { tableName: string; eventBusName: string | undefined } | undefined;

export const handler = instrumented(
  { logger, metrics, tracer },
  async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
    config ??= {
      tableName: requireEnv(CONSUMER_ENV.tableName),
      eventBusName: process.env[CONSUMER_ENV.eventBusName]?.trim() || undefined,
    };
    const { batchItemFailures, stats } = await consumeRecords(event.Records, {
      dynamodb,
      tableName: config.tableName,
      events: config.eventBusName ? { client: eventBridge, eventBusName: config.eventBusName } : undefined,
      logger,
    });
    metrics.addMetric("RecordsReceived", MetricUnit.Count, stats.received);
    metrics.addMetric("RecordsStored", MetricUnit.Count, stats.stored);
    metrics.addMetric("RecordsRejected", MetricUnit.Count, stats.rejected);
    metrics.addMetric("DuplicateRecords", MetricUnit.Count, stats.duplicates);
    metrics.addMetric("WriteRetries", MetricUnit.Count, stats.writeRetries);
    metrics.addMetric("WriteFailures", MetricUnit.Count, stats.writeFailures);
    if (config.eventBusName) {
      metrics.addMetric("EventsPublished", MetricUnit.Count, stats.published);
      metrics.addMetric("PublishRetries", MetricUnit.Count, stats.publishRetries);
      metrics.addMetric("PublishFailures", MetricUnit.Count, stats.publishFailures);
    }
    metrics.addMetric("BatchItemFailures", MetricUnit.Count, batchItemFailures.length);
    return { batchItemFailures };
  },
);
