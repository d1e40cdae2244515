/**
 * How the lake's objects age, zone by zone (seed 002: raw data cools to Intelligent-Tiering, then
 * Glacier; processed and curated data live in Intelligent-Tiering), and how long the platform's own
 * working files and replaced versions are kept. Plain data: the lake, its tests and the README read it.
 */
export const LAKE_LIFECYCLE_DEFAULTS = {
  /** Raw objects move to Intelligent-Tiering after this many days… */
  rawIntelligentTieringAfterDays: 30,
  /** …and to Glacier Flexible Retrieval after this many (a raw object is re-read only to reprocess it). */
  rawGlacierAfterDays: 180,
  /** Processed and curated objects go to Intelligent-Tiering at once (S3 accepts 0 days for it). */
  refinedIntelligentTieringAfterDays: 0,
  /** A replaced or deleted object's old version is kept this long, to undo a bad write. */
  noncurrentVersionExpirationDays: 30,
  /** Athena's query results are kept this long. */
  athenaResultsExpirationDays: 30,
  /** Glue jobs' temporary files are kept this long. */
  glueTemporaryExpirationDays: 7,
} as const;

/** The lake bucket's name: `<env>-data-lake-<region code>-<8 hex>` (the seed's `<env>-data-lake-<random>`, with the region so the stacks never collide). */
export const lakeBucketBaseName = (environment: string): string => `${environment}-data-lake`;
