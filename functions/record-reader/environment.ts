/**
 * The environment variables the record reader reads, by name: handler.ts reads them through this
 * object and the component that deploys it (components/ingestion/api/reads.ts) sets them through
 * it (tests/ingestion/wiring.test.ts checks what the plan sets).
 */
export const RECORD_READER_ENV = {
  /** (required) The records table in the function's region: the global table or its replica (hash key pk, range key sk, both S). */
  tableName: "TABLE_NAME",
} as const;
