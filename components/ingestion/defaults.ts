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

/**
 * S3 key prefixes of the processed-data bucket (S1): L1's change log, F1's latest images, and the
 * tombstones F1 leaves for deleted items (functions/change-task/worker.ts).
 */
export const PROCESSED_PREFIXES = {
  changes: "raw/changes",
  entities: "processed/entities",
  tombstones: "tombstones/entities",
} as const;

/** Where the processors write: L1's change log, F1's latest images and its tombstones (no trailing `/`). */
export interface ProcessedPrefixes {
  changes: string;
  entities: string;
  tombstones: string;
}

const PREFIX = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/;

/**
 * Checks prefixes given for a bucket shared with others (the data lake): each one or more
 * lower-case path segments without a trailing `/`, and none inside another (a processor would
 * read or expire another's objects).
 */
export function checkProcessedPrefixes(prefixes: ProcessedPrefixes): ProcessedPrefixes {
  const entries = Object.entries(prefixes) as [keyof ProcessedPrefixes, string][];
  for (const [key, value] of entries) {
    if (typeof value !== "string" || !PREFIX.test(value))
      throw new Error(
        `processedBucket.prefixes.${key}: "${String(value)}" must be lower-case path segments without a trailing "/" (e.g. "raw/events")`,
      );
  }
  for (const [a, x] of entries)
    for (const [b, y] of entries)
      if (a !== b && `${y}/`.startsWith(`${x}/`))
        throw new Error(`processedBucket.prefixes.${b}: "${y}" is inside prefixes.${a} ("${x}"); give each its own`);
  return prefixes;
}

/** The lifecycle rule that expires F1's tombstones (they are needed only while an older change can arrive). */
export function tombstoneExpiryRule(prefixes: ProcessedPrefixes) {
  return {
    id: "expire-tombstones",
    status: "Enabled",
    filter: { prefix: `${prefixes.tombstones}/` },
    expiration: { days: TOMBSTONE_RETENTION_DAYS },
    noncurrentVersionExpiration: { noncurrentDays: 1 },
  };
}

/** The change queue F1 polls: how long SQS keeps a message, its visibility timeout, receives before the DLQ. */
export const CHANGE_QUEUE_DEFAULTS = {
  messageRetentionSeconds: 345_600,
  visibilityTimeoutSeconds: 120,
  maxReceiveCount: 5,
} as const;

/**
 * Days the processed bucket keeps a tombstone. A tombstone must outlive every older change of its
 * item that can still arrive: one waiting in the change queue, or in its dead-letter queue, from
 * which an operator can redrive it (4 + 14 days). A test holds the sum to the queues' settings.
 */
export const TOMBSTONE_RETENTION_DAYS = 30;
