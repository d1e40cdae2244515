/**
 * The data processor: a long-running Fargate (Spot) container of the data lake's processing
 * cluster. Logic in ./worker.ts.
 *
 * Environment (names in ./environment.ts):
 *   QUEUE_URL         (required) the work queue
 *   BUCKET_NAME       (required) the lake bucket
 *   SOURCE_PREFIX     (default raw/)
 *   OUTPUT_PREFIX     (default processed/hourly/cleaned/)
 *   BATCH_SIZE        (default 4)
 *   MAX_OBJECT_BYTES  (default 134217728)
 *   AWS_REGION        set by ECS
 * Permissions: sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility on the queue
 * (and its key's kms:Decrypt); s3:GetObject under the source prefix, s3:PutObject under the
 * output prefix (and the lake key through S3).
 *
 * On SIGTERM (a Fargate Spot interruption gives two minutes' notice; ECS sends SIGTERM and waits
 * the container's stopTimeout before SIGKILL) or SIGINT: stops receiving, finishes the message in
 * hand, hands the unstarted ones back, and exits 0. Writes nothing to its own filesystem, so it
 * runs with a read-only root filesystem.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { Logger } from "@aws-lambda-powertools/logger";
import { optionalEnv, requireEnv } from "../shared/env";
import { runProgram, stopSignal } from "../shared/program";
import { DATA_PROCESSOR_ENV } from "./environment";
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_OUTPUT_PREFIX,
  DEFAULT_SOURCE_PREFIX,
  runWorker,
} from "./worker";

/** A key prefix as the processor compares keys with it: no leading "/", one trailing "/". */
const prefixOf = (value: string): string => `${value.replace(/^\/+|\/+$/g, "")}/`;

function wholeNumber(name: string, fallback: number): number {
  const raw = optionalEnv(name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || "data-processor" });
  const queueUrl = requireEnv(DATA_PROCESSOR_ENV.queueUrl);
  const bucketName = requireEnv(DATA_PROCESSOR_ENV.bucketName);
  const sourcePrefix = prefixOf(optionalEnv(DATA_PROCESSOR_ENV.sourcePrefix, DEFAULT_SOURCE_PREFIX));
  const outputPrefix = prefixOf(optionalEnv(DATA_PROCESSOR_ENV.outputPrefix, DEFAULT_OUTPUT_PREFIX));
  if (outputPrefix.startsWith(sourcePrefix) || sourcePrefix.startsWith(outputPrefix))
    throw new Error(
      `${DATA_PROCESSOR_ENV.outputPrefix} (${outputPrefix}) and ${DATA_PROCESSOR_ENV.sourcePrefix} (${sourcePrefix}) must not contain each other: the output would be processed again`,
    );
  const batchSize = wholeNumber(DATA_PROCESSOR_ENV.batchSize, DEFAULT_BATCH_SIZE);
  const maxObjectBytes = wholeNumber(DATA_PROCESSOR_ENV.maxObjectBytes, DEFAULT_MAX_OBJECT_BYTES);
  const sqs = new SQSClient({});
  const s3 = new S3Client({});

  const signal = stopSignal(logger);

  logger.info("polling", { queueUrl, bucketName, sourcePrefix, outputPrefix, batchSize });
  const totals = await runWorker({
    sqs,
    s3,
    queueUrl,
    bucketName,
    sourcePrefix,
    outputPrefix,
    batchSize,
    maxObjectBytes,
    logger,
    signal,
  });
  logger.info("stopped", { ...totals });
  sqs.destroy();
  s3.destroy();
}

runProgram("data processor", main);
