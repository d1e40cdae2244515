/**
 * F1, the change task: a long-running Fargate container (not a Lambda).
 *
 * Environment (names in ./environment.ts):
 *   QUEUE_URL     (required) the change queue an EventBridge Pipe fills from the table's stream
 *   BUCKET_NAME   (required) the processed-data bucket (S1)
 *   KEY_PREFIX    (default processed/entities)
 *   AWS_REGION    set by ECS
 * Permissions: sqs:ReceiveMessage, sqs:DeleteMessage on the queue (and its key's kms:Decrypt);
 * s3:PutObject, s3:DeleteObject on <bucket>/<prefix>/* (and the bucket key's kms:GenerateDataKey).
 *
 * Stops cleanly on SIGTERM (ECS stop) and SIGINT: the receive in flight is cancelled, the messages
 * in hand are finished and deleted, then the process exits 0 well within ECS's stopTimeout. Writes
 * nothing to its own filesystem, so it runs with a read-only root filesystem.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { Logger } from "@aws-lambda-powertools/logger";
import { keyPrefix, optionalEnv, requireEnv } from "../shared/env";
import { runProgram, stopSignal } from "../shared/program";
import { CHANGE_TASK_ENV } from "./environment";
import { DEFAULT_ENTITIES_PREFIX, DEFAULT_TOMBSTONES_PREFIX, runWorker } from "./worker";

async function main(): Promise<void> {
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || "change-task" });
  const queueUrl = requireEnv(CHANGE_TASK_ENV.queueUrl);
  const bucketName = requireEnv(CHANGE_TASK_ENV.bucketName);
  const prefix = keyPrefix(optionalEnv(CHANGE_TASK_ENV.keyPrefix, DEFAULT_ENTITIES_PREFIX));
  const tombstonePrefix = keyPrefix(optionalEnv(CHANGE_TASK_ENV.tombstonePrefix, DEFAULT_TOMBSTONES_PREFIX));
  if (tombstonePrefix === prefix || tombstonePrefix.startsWith(`${prefix}/`))
    throw new Error(`${CHANGE_TASK_ENV.tombstonePrefix} must be outside ${CHANGE_TASK_ENV.keyPrefix} (${prefix})`);
  const sqs = new SQSClient({});
  const s3 = new S3Client({});

  const signal = stopSignal(logger);

  logger.info("polling", { queueUrl, bucketName, keyPrefix: prefix, tombstonePrefix });
  const totals = await runWorker({
    sqs,
    s3,
    queueUrl,
    bucketName,
    keyPrefix: prefix,
    tombstonePrefix,
    logger,
    signal,
  });
  logger.info("stopped", totals);
  sqs.destroy();
  s3.destroy();
}

runProgram("change task", main);
