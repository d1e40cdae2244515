/**
 * The tags the platform puts on its resources, counted per resource type, so that the stack config
 * can refuse extra tags (`twin-region:tags`) that would take any resource past AWS's limit.
 *
 * Every taggable resource carries the platform's default tags (the regional provider's
 * `defaultTags`, REQUIRED_TAG_KEYS), and a few types carry tags of their own beside them.
 * tests/config/tag-keys.test.ts checks this table against both stacks' plans, resource by
 * resource, so it cannot drift from what the components set.
 */
import { SECRET_TYPE_TAG } from "../policy/baseline/data";
import { TIER_TAG } from "../policy/baseline/network";
import { BUCKET_ROLE_TAG } from "../policy/baseline/storage";
import { REQUIRED_TAG_KEYS } from "../policy/baseline/tagging";

/** AWS's limit on the tags of one resource (tags whose key starts with `aws:` do not count, and users cannot set them). */
export const AWS_MAX_TAGS_PER_RESOURCE = 50;

/** The platform's default tags: on every taggable resource, through the regional provider. */
export const DEFAULT_TAG_KEYS: readonly string[] = REQUIRED_TAG_KEYS;

/** The tags a resource type carries beside the default tags, as the components set them; other types carry none. */
export const RESOURCE_TAG_KEYS: Readonly<Record<string, readonly string[]>> = {
  "aws:ec2/vpc:Vpc": ["Name"],
  "aws:ec2/subnet:Subnet": ["Name", TIER_TAG],
  "aws:ec2/routeTable:RouteTable": ["Name", TIER_TAG],
  "aws:ec2/internetGateway:InternetGateway": ["Name"],
  "aws:ec2/eip:Eip": ["Name"],
  "aws:ec2/natGateway:NatGateway": ["Name"],
  "aws:ec2/securityGroup:SecurityGroup": ["Name"],
  // The console lists health checks by this tag (a health check has no name of its own).
  "aws:route53/healthCheck:HealthCheck": ["Name"],
  "aws:s3/bucket:Bucket": [BUCKET_ROLE_TAG],
  "aws:secretsmanager/secret:Secret": [SECRET_TYPE_TAG],
};

/** Every tag key the platform sets somewhere: a user's extra tag may not reuse one. */
export const PLATFORM_TAG_KEYS: readonly string[] = [
  ...new Set([...DEFAULT_TAG_KEYS, ...Object.values(RESOURCE_TAG_KEYS).flat()]),
];

/** The most tags of its own any resource type carries (subnets and route tables: Name and Tier). */
export const MAX_RESOURCE_TAGS = Math.max(0, ...Object.values(RESOURCE_TAG_KEYS).map((keys) => keys.length));

/** The most extra tags every resource still has room for. */
export const MAX_USER_TAGS = AWS_MAX_TAGS_PER_RESOURCE - DEFAULT_TAG_KEYS.length - MAX_RESOURCE_TAGS;

/**
 * Why `count` extra tags do not fit, or undefined when they do: where they would take a resource
 * past AWS's limit, e.g. `44 tags plus the platform's 6 default tags (Environment, ...) is 50, and
 * with the tags of their own 52 on an aws:ec2/subnet:Subnet or aws:ec2/routeTable:RouteTable (Name,
 * Tier), ...: over AWS's 50 tags per resource; at most 42 extra tags fit`.
 */
export function tagLimitProblem(count: number): string | undefined {
  if (count <= MAX_USER_TAGS) return undefined;
  const base = count + DEFAULT_TAG_KEYS.length;
  const byKeys = new Map<string, string[]>();
  for (const [type, keys] of Object.entries(RESOURCE_TAG_KEYS)) {
    if (base + keys.length <= AWS_MAX_TAGS_PER_RESOURCE) continue;
    const group = keys.join(", ");
    byKeys.set(group, [...(byKeys.get(group) ?? []), type]);
  }
  const own = [...byKeys]
    .map(([keys, types]) => ({ total: base + keys.split(", ").length, keys, types }))
    .sort((a, b) => b.total - a.total)
    .map(({ total, keys, types }) => `${total} on an ${types.join(" or ")} (${keys})`);
  return (
    `${count} tags plus the platform's ${DEFAULT_TAG_KEYS.length} default tags (${DEFAULT_TAG_KEYS.join(", ")}) is ${base}` +
    (base > AWS_MAX_TAGS_PER_RESOURCE ? " on every resource" : "") +
    (own.length ? `, and with the tags of their own ${own.join(", ")}` : "") +
    `: over AWS's ${AWS_MAX_TAGS_PER_RESOURCE} tags per resource; at most ${MAX_USER_TAGS} extra tags fit`
  );
}
