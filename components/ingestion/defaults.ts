/** IngestionPipeline defaults. Secure values the pack enforces come from policy/baseline. */
export const STREAM_DEFAULTS = {
  /** The seed's four data stores D1-D4 as four shards. */
  shardCount: 4,
  retentionPeriodHours: 24,
  encryptionType: "KMS",
} as const;

export const TABLE_KEYS = { hashKey: "pk", rangeKey: "sk" } as const;

export const TABLE_DEFAULTS = {
  billingMode: "PAY_PER_REQUEST",
  streamViewType: "NEW_AND_OLD_IMAGES",
  deletionProtectionEnabled: true,
  pointInTimeRecovery: true,
} as const;

export const RETENTION_DEFAULTS = {
  /** Days before archived records move to Glacier Instant Retrieval, then Deep Archive, then expire. */
  glacierAfterDays: 30,
  deepArchiveAfterDays: 180,
  expireAfterDays: 2555,
  /** Firehose buffering: deliver every 5 minutes or 64 MiB, whichever comes first. */
  bufferingIntervalSeconds: 300,
  bufferingSizeMb: 64,
} as const;

/** The domain event the consumer publishes for every stored record, and its source. */
export const DOMAIN_EVENT = { source: "twin-region.ingestion", detailType: "IngestionRecordStored" } as const;

/** S3 key prefixes of the processed-data bucket (S1). */
export const PROCESSED_PREFIXES = { changes: "raw/changes", entities: "processed/entities" } as const;
