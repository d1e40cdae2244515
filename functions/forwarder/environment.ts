/**
 * The environment variables the forwarder reads, by name: forwarder.ts (targetFromEnv) reads them
 * through this object and the component that deploys it (components/ingestion/cross-region.ts)
 * sets them through it (tests/ingestion/wiring.test.ts checks what the plan sets).
 */
export const FORWARDER_ENV = {
  /** (required) The peer region's ingestion stream. */
  targetStreamArn: "TARGET_STREAM_ARN",
  /** (required) The peer stream's region; must be the ARN's. */
  targetRegion: "TARGET_REGION",
} as const;
