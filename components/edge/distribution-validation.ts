/** GlobalDistribution's args checked and completed with their defaults, before anything is created. */
import { rateLimitProblem } from "../security/web-acl";
import { assertRegionName, bucketNameProblem, DNS_NAME } from "../shared/naming";
import { CDN_DEFAULTS, PRICE_CLASSES, type PriceClass } from "./cdn-defaults";
import type { GlobalDistributionArgs } from "./distribution";

export interface DistributionSettings {
  staticPathPattern: string;
  dynamicPathPatterns: readonly string[];
  priceClass: PriceClass;
  staticCache: { minTtlSeconds: number; defaultTtlSeconds: number; maxTtlSeconds: number };
  rateLimit: number;
  rateLimitWindowSeconds: number;
  ipv6: boolean;
  shieldAdvanced: boolean;
  logRetentionInDays: number;
}

/** The component's name begins bucket, log delivery and key names: lower-case letters, digits and single hyphens. */
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** At most 40: `<name>-access-logs-s3` names a delivery destination (60 at most), `<name>-logs-use1-<7>` a bucket (63). */
const MAX_NAME_LENGTH = 40;
/** A static path: `/`, one or more path segments, then `/*` (its key prefix in the buckets). */
const STATIC_PATH = /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*\/\*$/;
/** A CloudFront path pattern: `/`, then at most 254 of the characters CloudFront allows. */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.*$/~"'@:+&]{0,254}$/;

export function validateDistributionArgs(name: string, args: GlobalDistributionArgs): DistributionSettings {
  if (!NAME.test(name) || name.length > MAX_NAME_LENGTH)
    throw new Error(
      `name: "${name}" must be at most ${MAX_NAME_LENGTH} lower-case letters, digits and single hyphens, starting with a letter (it begins the log bucket's and the log delivery's names)`,
    );
  for (const [arg, value] of [
    ["hostName", args.hostName],
    ["applicationHostName", args.applicationHostName],
  ] as const) {
    if (!DNS_NAME.test(value))
      throw new Error(`${arg}: "${value}" is not a lower-case DNS host name such as "www.example.com"`);
  }
  if (args.hostName === args.applicationHostName)
    throw new Error(
      `applicationHostName: "${args.applicationHostName}" is hostName itself; the application's origin must be another name (its Route 53 failover name), or the distribution would be its own origin`,
    );
  const origins = [
    ["staticOrigin", args.staticOrigin],
    ...(args.staticFailoverOrigin ? [["staticFailoverOrigin", args.staticFailoverOrigin] as const] : []),
  ] as const;
  for (const [arg, origin] of origins) {
    assertRegionName(`${arg}.region`, origin.region);
    if (typeof origin.bucketName === "string") {
      const problem = bucketNameProblem(origin.bucketName);
      if (problem) throw new Error(`${arg}.bucketName: ${problem}`);
    }
  }
  const failover = args.staticFailoverOrigin;
  if (failover && failover.region === args.staticOrigin.region)
    throw new Error(
      `staticFailoverOrigin.region: "${failover.region}" is staticOrigin's region; the failover origin is the copy in another region`,
    );
  if (failover && typeof failover.bucketName === "string" && failover.bucketName === args.staticOrigin.bucketName)
    throw new Error(`staticFailoverOrigin.bucketName: "${failover.bucketName}" is staticOrigin's bucket`);

  const staticPathPattern = args.staticPathPattern ?? CDN_DEFAULTS.staticPathPattern;
  if (!STATIC_PATH.test(staticPathPattern))
    throw new Error(
      `staticPathPattern: "${staticPathPattern}" is not a path prefix ending in "/*" (e.g. "/static/*"; the bucket serves the keys under it)`,
    );
  const dynamicPathPatterns = args.dynamicPathPatterns ?? CDN_DEFAULTS.dynamicPathPatterns;
  dynamicPathPatterns.forEach((p, i) => {
    if (!PATH_PATTERN.test(p))
      throw new Error(
        `dynamicPathPatterns[${i}]: "${p}" is not a CloudFront path pattern (starting with "/", at most 255 characters)`,
      );
    if (p === staticPathPattern || dynamicPathPatterns.indexOf(p) !== i)
      throw new Error(`dynamicPathPatterns[${i}]: "${p}" is named twice (or is staticPathPattern)`);
  });

  const priceClass = args.priceClass ?? CDN_DEFAULTS.priceClass;
  if (!(PRICE_CLASSES as readonly string[]).includes(priceClass))
    throw new Error(`priceClass: "${priceClass}" is not one of ${PRICE_CLASSES.join(", ")}`);

  const d = CDN_DEFAULTS.staticCache;
  const staticCache = {
    minTtlSeconds: d.minTtlSeconds,
    defaultTtlSeconds: args.staticCache?.defaultTtlSeconds ?? d.defaultTtlSeconds,
    maxTtlSeconds: args.staticCache?.maxTtlSeconds ?? d.maxTtlSeconds,
  };
  const limit = CDN_DEFAULTS.maxTtlLimitSeconds;
  if (
    !Number.isInteger(staticCache.maxTtlSeconds) ||
    staticCache.maxTtlSeconds < 1 ||
    staticCache.maxTtlSeconds > limit
  )
    throw new Error(
      `staticCache.maxTtlSeconds: ${staticCache.maxTtlSeconds} is not a whole number of seconds from 1 to ${limit}`,
    );
  if (
    !Number.isInteger(staticCache.defaultTtlSeconds) ||
    staticCache.defaultTtlSeconds < 0 ||
    staticCache.defaultTtlSeconds > staticCache.maxTtlSeconds
  )
    throw new Error(
      `staticCache.defaultTtlSeconds: ${staticCache.defaultTtlSeconds} is not a whole number of seconds from 0 to maxTtlSeconds (${staticCache.maxTtlSeconds})`,
    );

  const rateLimit = args.rateLimit ?? CDN_DEFAULTS.rateLimit;
  const rateLimitWindowSeconds = args.rateLimitWindowSeconds ?? CDN_DEFAULTS.rateLimitWindowSeconds;
  const rate = rateLimitProblem(rateLimit, rateLimitWindowSeconds);
  if (rate) throw new Error(`rateLimit: ${rate}`);

  const logRetentionInDays = args.logRetentionInDays ?? CDN_DEFAULTS.logRetentionInDays;
  if (!Number.isInteger(logRetentionInDays) || logRetentionInDays < 1)
    throw new Error(`logRetentionInDays: ${logRetentionInDays} is not a whole number of days`);

  return {
    staticPathPattern,
    dynamicPathPatterns,
    priceClass,
    staticCache,
    rateLimit,
    rateLimitWindowSeconds,
    ipv6: args.ipv6 ?? CDN_DEFAULTS.ipv6,
    shieldAdvanced: args.shieldAdvanced ?? CDN_DEFAULTS.shieldAdvanced,
    logRetentionInDays,
  };
}
