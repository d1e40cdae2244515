/**
 * Tagging and placement baseline: the tag keys every resource carries and the regions the
 * platform deploys to. Plain data: the provider component (components/security) should take its
 * tag keys from here, so the rule and the tags it checks cannot drift apart.
 */

/** Tag keys every taggable resource carries, applied once through the provider's default tags. */
export const REQUIRED_TAG_KEYS = ["Environment", "Owner", "CostCenter", "Stack", "Region", "ManagedBy"] as const;
export type RequiredTagKey = (typeof REQUIRED_TAG_KEYS)[number];

/**
 * Where the platform runs: the primary and secondary regions of the pair (Pulumi.primary.yaml,
 * Pulumi.secondary.yaml). Global resources (IAM, CloudFront, Route 53) are managed through the
 * primary region's provider, and CloudFront's ACM certificates must be in us-east-1, which is the
 * primary. Deploying the pair elsewhere means setting `allowedRegions` in the pack config.
 */
export const ALLOWED_REGIONS: readonly string[] = ["us-east-1", "us-west-2"];

/** The Pulumi AWS provider's resource type. */
export const AWS_PROVIDER_TYPE = "pulumi:providers:aws";
