/**
 * The data lake's zones (seed 002): raw data as it arrives, processed data the ETL job writes,
 * curated data sets for their consumers, and the prefixes the platform's own services write
 * (Athena's results, Glue's scripts and temporary files). Every grant, crawler target, lifecycle
 * rule and output names its prefix from here, so a zone is spelled in one place.
 */
export const LAKE_ZONES = {
  raw: { prefix: "raw/", areas: ["logs", "events", "feeds"] },
  processed: { prefix: "processed/", areas: ["daily", "hourly", "real-time"] },
  curated: { prefix: "curated/", areas: ["analytics", "reporting", "ml"] },
} as const;

export type LakeZone = keyof typeof LAKE_ZONES;

/** The prefixes the platform's services write besides the zones. */
export const LAKE_SERVICE_PREFIXES = {
  /** Athena query results (the workgroup's output location). */
  athenaResults: "athena-results/",
  /** Glue job scripts, uploaded as S3 objects. */
  glueScripts: "glue/scripts/",
  /** Glue jobs' temporary directory and Spark event logs. */
  glueTemp: "glue/temporary/",
  /** Data-quality evaluation results. */
  qualityResults: "glue/data-quality/",
} as const;

/** `raw/events/`: a zone's area as a key prefix. */
export const areaPrefix = <Z extends LakeZone>(zone: Z, area: (typeof LAKE_ZONES)[Z]["areas"][number]): string =>
  `${LAKE_ZONES[zone].prefix}${area}/`;

/** Every area prefix of the lake, zone by zone (raw/logs/, raw/events/, …, curated/ml/). */
export const ALL_AREA_PREFIXES: readonly string[] = (Object.keys(LAKE_ZONES) as LakeZone[]).flatMap((zone) =>
  LAKE_ZONES[zone].areas.map((area) => `${LAKE_ZONES[zone].prefix}${area}/`),
);
