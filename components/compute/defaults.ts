/** Lambda defaults; the values the pack enforces come from its baseline. */
import { PREFERRED_LAMBDA_RUNTIMES, STREAM_MAPPING_DEFAULTS } from "../../policy/baseline/compute";
import { LOG_RETENTION } from "../../policy/baseline/observability";

export const FUNCTION_DEFAULTS = {
  runtime: PREFERRED_LAMBDA_RUNTIMES.nodejs,
  architecture: "arm64",
  memorySize: 512,
  timeoutSeconds: 30,
  logRetentionInDays: LOG_RETENTION.defaultRetentionDays,
  tracingMode: "Active",
} as const;

/** Stream event source mappings: bounded retries and record age (AWS's defaults are infinite). */
export const STREAM_SOURCE_DEFAULTS = {
  ...STREAM_MAPPING_DEFAULTS,
  batchSize: 100,
  maximumBatchingWindowInSeconds: 1,
  parallelizationFactor: 1,
  startingPosition: "LATEST",
} as const;

/** Dead-letter queues keep failures for the longest time SQS allows. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

/** Managed policy that lets a function create the ENIs it needs in a VPC. */
export const VPC_ACCESS_POLICY = "AWSLambdaVPCAccessExecutionRole";
