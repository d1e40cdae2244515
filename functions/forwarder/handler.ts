/**
 * The forwarder. Event source: the primary region's ingestion stream, with
 * ReportBatchItemFailures; writes to the secondary region's stream (R1).
 *
 * Environment (names in ./environment.ts):
 *   TARGET_STREAM_ARN             (required) the peer stream's ARN
 *   TARGET_REGION                 (required) the peer stream's region; must be the ARN's
 *   POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE (default TwinRegion/Ingestion)
 * Permissions: kinesis:PutRecords on the peer stream, kms:GenerateDataKey on its key.
 */
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { instrumented, metricsNamespace } from "../shared/powertools";
import { forwardRecords, targetFromEnv } from "./forwarder";

const logger = new Logger();
const metrics = new Metrics({ namespace: metricsNamespace() });
const tracer = new Tracer();

let target: { kinesis: KinesisClient; streamArn: string } | undefined;

export const handler = instrumented(
  { logger, metrics, tracer },
  async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
    if (!target) {
      const { streamArn, region } = targetFromEnv();
      target = { kinesis: tracer.captureAWSv3Client(new KinesisClient({ region })), streamArn };
    }
    const { batchItemFailures, stats } = await forwardRecords(event.Records, { ...target, logger });
    metrics.addMetric("RecordsReceived", MetricUnit.Count, stats.received);
    metrics.addMetric("RecordsForwarded", MetricUnit.Count, stats.forwarded);
    metrics.addMetric("ForwardFailures", MetricUnit.Count, stats.failed + stats.skipped);
    metrics.addMetric("ForwardRetries", MetricUnit.Count, stats.retries);
    return { batchItemFailures };
  },
);
