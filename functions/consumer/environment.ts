/**
 * The environment variables the consumer reads, by name: handler.ts reads them through this
 * object and the component that deploys the consumer (components/ingestion/pipeline.ts) sets them
 * through it, so a rename cannot leave the two apart (tests/ingestion/wiring.test.ts checks what
 * the plan sets and which resource each names).
 */
export const CONSUMER_ENV = {
  /** (required) The events table (hash key pk, range key sk, both S): the global table in its region. */
  tableName: "TABLE_NAME",
  /** (optional in the handler: no events without it) The region's bus for IngestionRecordStored events. */
  eventBusName: "EVENT_BUS_NAME",
} as const;
