/**
 * L1, the change processor. Event source: the table's stream (NEW_AND_OLD_IMAGES), with
 * ReportBatchItemFailures.
 *
 * Environment (names in ./environment.ts):
 *   BUCKET_NAME                   (required) the processed-data bucket (S1); its default encryption applies
 *   KEY_PREFIX                    (default raw/changes)
 *   POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE (default TwinRegion/Ingestion)
 * Permissions: s3:PutObject on <bucket>/<prefix>/*, and the bucket key's kms:GenerateDataKey.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { keyPrefix, optionalEnv, requireEnv } from "../shared/env";
import { instrumented, metricsNamespace } from "../shared/powertools";
import { CHANGE_PROCESSOR_ENV } from "./environment";
import { DEFAULT_CHANGES_PREFIX, processChanges } from "./processor";

const logger = new Logger();
const metrics = new Metrics({ namespace: metricsNamespace() });
const tracer = new Tracer();
const s3 = tracer.captureAWSv3Client(new S3Client({}));

let config: { bucketName: string; keyPrefix: string } | undefined;

export const handler = instrumented(
  { logger, metrics, tracer },
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    config ??= {
      bucketName: requireEnv(CHANGE_PROCESSOR_ENV.bucketName),
      keyPrefix: keyPrefix(optionalEnv(CHANGE_PROCESSOR_ENV.keyPrefix, DEFAULT_CHANGES_PREFIX)),
    };
    const result = await processChanges(event.Records, { s3, ...config, logger });
    metrics.addMetric("ChangesReceived", MetricUnit.Count, event.Records.length);
    metrics.addMetric("ObjectsWritten", MetricUnit.Count, result.objects.filter((o) => o.written).length);
    metrics.addMetric("ObjectsFailed", MetricUnit.Count, result.objects.filter((o) => !o.written).length);
    metrics.addMetric("ChangesMalformed", MetricUnit.Count, result.malformed);
    metrics.addMetric("BatchItemFailures", MetricUnit.Count, result.batchItemFailures.length);
    return { batchItemFailures: result.batchItemFailures };
  },
);
