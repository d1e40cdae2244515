/**
 * The environment variables the web status function reads, by name: handler.ts reads them
 * through this object and the component that deploys it (ResilientWebTier) sets them through it.
 * Besides these it reads AWS_REGION (set by Lambda) and POWERTOOLS_SERVICE_NAME (set by
 * PlatformFunction to the handler's name).
 */
export const WEB_STATUS_ENV = {
  /** (required) The region's role in the pair: "primary" or "secondary". */
  role: "PLATFORM_ROLE",
} as const;
