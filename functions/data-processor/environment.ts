/**
 * The environment variables the data processor reads, by name: main.ts reads them through this
 * object and the task definition (components/datalake/processing-tasks.ts) sets them through it.
 */
export const DATA_PROCESSOR_ENV = {
  /** (required) The work queue: each message names an object under the source prefix. */
  queueUrl: "QUEUE_URL",
  /** (required) The lake bucket: the only bucket the processor reads and writes. */
  bucketName: "BUCKET_NAME",
  /** (default raw/) Objects it accepts work for; its role may read only there. */
  sourcePrefix: "SOURCE_PREFIX",
  /** (default processed/hourly/cleaned/) Where the cleaned, hour-partitioned copies go; its role may write only there. */
  outputPrefix: "OUTPUT_PREFIX",
  /** (default 4) Messages taken per receive (1-10); the ones not started when the task stops are handed back. */
  batchSize: "BATCH_SIZE",
  /** (default 134217728, 128 MiB) Larger objects are refused (left for the dead-letter queue). */
  maxObjectBytes: "MAX_OBJECT_BYTES",
} as const;
