/**
 * The environment variables the change processor (L1) reads, by name: handler.ts reads them
 * through this object and the component that deploys it (components/ingestion/change-processing.ts)
 * sets them through it (tests/ingestion/wiring.test.ts checks what the plan sets).
 */
export const CHANGE_PROCESSOR_ENV = {
  /** (required) The processed-data bucket (S1). */
  bucketName: "BUCKET_NAME",
  /** (default raw/changes) The key prefix it writes under; its role may write only there. */
  keyPrefix: "KEY_PREFIX",
} as const;
