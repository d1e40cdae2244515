/**
 * Tagging and placement rules. They apply to every AWS resource type, which a resource rule (bound
 * to a list of type tokens) cannot express, so they are stack rules that report per resource.
 *
 * Taggable: a resource whose props carry `tags` or `tagsAll` (pulumi-aws and the offline engine put
 * the provider's merged default tags in `tagsAll`). Its tags are the provider's default tags, then
 * `tagsAll`, then its own (helpers `effectiveTags`). Provider resources are not tagged themselves;
 * `aws-provider-default-tags` checks that each explicit AWS provider carries the required tags
 * as default tags, so every resource created through it gets them.
 */
import { ALLOWED_REGIONS, AWS_PROVIDER_TYPE, REQUIRED_TAG_KEYS } from "../baseline/tagging";
import { asArray, effectiveTags, label, parseJson, regionOf, stackRule } from "./helpers";
import type { StackResourceView, StackView, StackViolation } from "./types";

const isAwsResource = (r: StackResourceView) => r.type.startsWith("aws:");
const isTaggable = (r: StackResourceView) => isAwsResource(r) && ("tags" in r.props || "tagsAll" in r.props);

/** Tags given as a list of { key, value } (autoscaling groups) as a map. */
function tagMap(value: unknown): Record<string, string> | undefined {
  if (!Array.isArray(value)) return value && typeof value === "object" ? (value as Record<string, string>) : undefined;
  return Object.fromEntries(value.filter((t) => t && typeof t.key === "string").map((t) => [t.key, t.value]));
}

/** The tags AWS applies to a resource. */
export function tagsOf(r: StackResourceView): Record<string, string> {
  const props = { ...r.props, tags: tagMap(r.props.tags), tagsAll: tagMap(r.props.tagsAll) };
  return effectiveTags({ ...r, props });
}

const missingTags = (tags: Record<string, unknown>, required: readonly string[]) =>
  required.filter((k) => typeof tags[k] !== "string" || (tags[k] as string).trim() === "");

function perResource(
  stack: StackView,
  filter: (r: StackResourceView) => boolean,
  check: (r: StackResourceView) => string | undefined,
): StackViolation[] {
  return stack.resources.filter(filter).flatMap((r) => {
    const message = check(r);
    return message ? [{ message, urn: r.urn }] : [];
  });
}

export interface RequiredTagsConfig {
  requiredTags: string[];
}

export interface AllowedRegionsConfig {
  allowedRegions: string[];
}

const requiredTagsSchema = {
  properties: {
    requiredTags: {
      type: "array" as const,
      items: { type: "string" as const, minLength: 1 },
      description: `Tag keys every taggable resource carries with a non-empty value (default ${REQUIRED_TAG_KEYS.join(", ")}).`,
    },
  },
};

export const taggingRules = [
  stackRule<RequiredTagsConfig>({
    name: "aws-required-tags",
    description: `Every taggable AWS resource carries the required tags (default ${REQUIRED_TAG_KEYS.join(", ")}) with non-empty values, counting the provider's default tags (FSBP "<service>.N resources should be tagged" controls, requiredTagKeys).`,
    group: "tagging",
    severity: "medium",
    remediation:
      "Create the resource with the region's provider (createRegionalProvider), whose defaultTags carry the platform tags; or set the missing keys in its tags.",
    config: { schema: requiredTagsSchema, defaults: { requiredTags: [...REQUIRED_TAG_KEYS] } },
    check: (stack, config) =>
      perResource(stack, isTaggable, (r) => {
        const missing = missingTags(tagsOf(r), asArray(config.requiredTags));
        return missing.length ? `${label(r)} lacks required tag(s) ${missing.join(", ")}` : undefined;
      }),
  }),
  stackRule<RequiredTagsConfig>({
    name: "aws-provider-default-tags",
    description:
      "Every explicit AWS provider sets the required tags as defaultTags, so every resource created through it is tagged without repeating them.",
    group: "tagging",
    enforcementLevel: "advisory",
    severity: "low",
    remediation: "Create providers with createRegionalProvider (defaultTags: { tags: platformTags(...) }).",
    config: { schema: requiredTagsSchema, defaults: { requiredTags: [...REQUIRED_TAG_KEYS] } },
    check: (stack, config) =>
      perResource(
        stack,
        (r) => r.type === AWS_PROVIDER_TYPE,
        (r) => {
          const tags = parseJson(r.props.defaultTags)?.tags ?? {};
          const missing = missingTags(tags, asArray(config.requiredTags));
          return missing.length ? `${label(r)} defaultTags lack ${missing.join(", ")}` : undefined;
        },
      ),
  }),
  stackRule<AllowedRegionsConfig>({
    name: "aws-allowed-regions",
    description: `AWS resources and AWS providers are only in the allowed regions (default ${ALLOWED_REGIONS.join(", ")}: the primary/secondary pair).`,
    group: "tagging",
    severity: "high",
    remediation:
      "Create the resource with the provider of the primary or secondary region (or set its region input to one of them); to move the pair, change allowedRegions in the policy config.",
    config: {
      schema: {
        properties: {
          allowedRegions: {
            type: "array",
            items: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d+$" },
            minItems: 1,
            description: "The regions resources may be created in.",
          },
        },
      },
      defaults: { allowedRegions: [...ALLOWED_REGIONS] },
    },
    check: (stack, config) => {
      const allowed = asArray(config.allowedRegions);
      const outside = (region: string) =>
        `region ${JSON.stringify(region)} is not one of the allowed regions ${allowed.join(", ")}`;
      return perResource(
        stack,
        (r) => isAwsResource(r) || r.type === AWS_PROVIDER_TYPE,
        (r) => {
          if (r.type === AWS_PROVIDER_TYPE) {
            const region = r.props.region;
            if (typeof region !== "string" || region === "")
              return `${label(r)} sets no region (it would take AWS_REGION from the environment)`;
            return allowed.includes(region) ? undefined : `${label(r)} ${outside(region)}`;
          }
          const region = regionOf(r);
          return typeof region === "string" && !allowed.includes(region) ? `${label(r)} ${outside(region)}` : undefined;
        },
      );
    },
  }),
];
