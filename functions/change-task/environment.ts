/**
 * The environment variables the change task (F1) reads, by name: main.ts reads them through this
 * object and the component that defines its container (components/ingestion/change-processing.ts)
 * sets them through it. A variable added here must be set there too, and given its expected
 * value in tests/ingestion/wiring.test.ts (its table of what each variable names is typed by
 * these keys, so the typecheck asks for it).
 */
export const CHANGE_TASK_ENV = {
  /** (required) The change queue an EventBridge Pipe fills from the table's stream. */
  queueUrl: "QUEUE_URL",
  /** (required) The processed-data bucket (S1). */
  bucketName: "BUCKET_NAME",
  /** (default processed/entities) The key prefix it writes under; its role may write only there. */
  keyPrefix: "KEY_PREFIX",
  /** (default tombstones/entities) Where a REMOVE leaves its tombstone; outside KEY_PREFIX, expired by the bucket. */
  tombstonePrefix: "TOMBSTONE_PREFIX",
} as const;
