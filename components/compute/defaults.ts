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

/**
 * How a function's new version is released: CodeDeploy shifts the `live` alias to it by one of
 * its predefined Lambda configurations. Only predefined ones: custom deployment configurations
 * are limited to 50 per account and region, and that quota cannot be raised (CodeDeploy quotas).
 * A canary of 10% for 5 minutes is the default: a faulty version meets a tenth of the traffic, and
 * the release alarm rolls it back before the rest.
 */
export const FUNCTION_RELEASE_DEFAULTS = {
  strategy: "canary",
  /** Minutes the canary runs before the rest of the traffic (10% first). */
  canaryMinutes: 5,
  /** Minutes between two 10% steps of a linear release. */
  linearMinutes: 1,
  /** The alias every invoker calls, and that CodeDeploy moves. */
  aliasName: "live",
} as const;

/** The intervals of CodeDeploy's predefined Lambda configurations, by strategy. */
export const FUNCTION_RELEASE_MINUTES = {
  canary: [5, 10, 15, 30],
  linear: [1, 2, 3, 10],
} as const;
