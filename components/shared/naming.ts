const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const DIRECTION_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ["central", "c"],
  ["north", "n"],
  ["south", "s"],
  ["east", "e"],
  ["west", "w"],
];

/** A lower-case DNS name of two labels or more (a domain, or a host in it), at most 253 characters. */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Throws, naming `argName` and quoting the value, unless `value` looks like an AWS region name. */
export function assertRegionName(argName: string, value: string): void {
  if (typeof value !== "string" || !REGION_PATTERN.test(value)) {
    throw new Error(`${argName}: "${String(value)}" is not an AWS region name (expected e.g. "us-east-1")`);
  }
}

/**
 * Short code for an AWS region: us-east-1 → "use1", ap-southeast-2 → "apse2",
 * eu-central-1 → "euc1", us-gov-west-1 → "usgovw1". Derived from the name, so new regions work.
 */
export function regionCode(region: string): string {
  assertRegionName("region", region);
  return region
    .split("-")
    .map((part) => DIRECTION_ABBREVIATIONS.reduce((word, [long, short]) => word.split(long).join(short), part))
    .join("");
}

/**
 * Name for resources in a global namespace (IAM roles, S3 buckets, WAF ACLs): the base name plus
 * the region code, so the primary and secondary stacks never produce the same name.
 */
export function regionalName(base: string, region: string): string {
  if (base.length === 0) {
    throw new Error(`base: "${base}" must not be empty`);
  }
  return `${base}-${regionCode(region)}`;
}

/**
 * The length of the unique suffix the AWS provider appends to a `namePrefix` (Terraform's
 * PrefixedUniqueId: a timestamp and a counter, 26 characters). A grant can name a resource it
 * must exist before (its ARN would make a cycle) as its prefix and this many `?`.
 */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

/** An IAM pattern matching exactly the names the provider makes from `prefix`. */
export const prefixedNamePattern = (prefix: string): string => `${prefix}${"?".repeat(NAME_PREFIX_SUFFIX_LENGTH)}`;

/** Prefixes and suffixes S3 reserves: a general purpose bucket's name may not use them. */
const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
const S3_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

/**
 * What is wrong with an exact S3 bucket name, or undefined: S3's rules for general purpose buckets
 * (3-63 characters; lower-case letters, digits, dots and hyphens; a letter or digit first and last;
 * no reserved prefix or suffix), and no dots, which S3 allows but which break TLS on the bucket's
 * virtual-hosted endpoint (`<bucket>.s3.<region>.amazonaws.com`, the name CloudFront and SDKs use):
 * the certificate's wildcard covers one label only.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (typeof name !== "string" || name.length < 3 || name.length > 63)
    return `"${String(name)}" is not 3-63 characters long`;
  if (!/^[a-z0-9.-]+$/.test(name))
    return `"${name}" has characters S3 does not allow (lower-case letters, digits, hyphens)`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return `"${name}" does not begin and end with a letter or digit`;
  if (name.includes(".")) return `"${name}" has dots, which break TLS on the bucket's virtual-hosted endpoint`;
  const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `"${name}" begins with "${prefix}", which S3 reserves`;
  const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `"${name}" ends with "${suffix}", which S3 reserves`;
  return undefined;
}
