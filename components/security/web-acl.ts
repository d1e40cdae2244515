/**
 * A WAF web ACL: a per-IP rate limit and AWS managed rule groups. REGIONAL for the API's and the
 * load balancer's, CLOUDFRONT for the CDN's (created with a us-east-1 provider, where CloudFront's
 * ACLs and their log groups live).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { definedOnly } from "../shared/defined-only";
import { regionalName } from "../shared/naming";

/** AWS managed rule groups a web ACL runs: IP reputation, known bad inputs, the core rule set. */
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesCommonRuleSet",
] as const;
export type ManagedRuleGroup = (typeof WAF_MANAGED_RULE_GROUPS)[number];

/** The windows a rate-based rule accepts, in seconds. */
export const RATE_LIMIT_WINDOWS = [60, 120, 300, 600] as const;
/** The smallest and largest limits a rate-based rule accepts. */
export const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;

/** Where an ACL applies: a regional resource (ALB, API Gateway stage) or CloudFront distributions. */
export type WebAclScope = "REGIONAL" | "CLOUDFRONT";

export interface WebAclArgs {
  /** The ACL's region (us-east-1 for CLOUDFRONT): its name is global per account and scope, so it carries the region's code. */
  region: string;
  /** @default "REGIONAL" */
  scope?: WebAclScope;
  description: string;
  /** Requests one client IP may send in `evaluationWindowSec` before it is blocked. */
  rateLimitPerIp: number;
  /** One of RATE_LIMIT_WINDOWS. */
  evaluationWindowSec: number;
  /** Rules of a managed group counted instead of blocked (e.g. the core set's body size rule for batch APIs). */
  countedRules?: Partial<Record<ManagedRuleGroup, readonly string[]>>;
  /** The key the ACL's log group is encrypted with. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days the ACL's request logs are kept. */
  logRetentionInDays: number;
  /** Props over these (for a caller's `{ args }`). */
  overrides?: Partial<aws.wafv2.WebAclArgs>;
}

/** Problems with a rate limit and window, or undefined. */
export function rateLimitProblem(limit: number, windowSec: number): string | undefined {
  if (!Number.isInteger(limit) || limit < RATE_LIMIT_RANGE.min || limit > RATE_LIMIT_RANGE.max)
    return `${limit} is not a whole number of requests from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}`;
  if (!(RATE_LIMIT_WINDOWS as readonly number[]).includes(windowSec))
    return `window ${windowSec} s is not one of ${RATE_LIMIT_WINDOWS.join(", ")} s`;
  return undefined;
}

/**
 * A web ACL named `<name>-waf-<region code>` (REGIONAL unless `scope` says CLOUDFRONT): a per-IP rate-based rule first, then AWS's
 * managed rule groups; anything they do not block is allowed. Every rule publishes CloudWatch
 * metrics and sampled requests, and the ACL logs requests (authorization and cookie headers
 * redacted) to a CMK-encrypted log group `aws-waf-logs-<name>-<region code>`.
 */
export function createWebAcl(name: string, args: WebAclArgs, opts: pulumi.CustomResourceOptions): aws.wafv2.WebAcl {
  const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
  });
  const rateRule: aws.types.input.wafv2.WebAclRule = {
    name: "RateLimitPerIp",
    priority: 0,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit: args.rateLimitPerIp,
        aggregateKeyType: "IP",
        evaluationWindowSec: args.evaluationWindowSec,
      },
    },
    visibilityConfig: visibility(`${name}-rate-limit`),
  };
  const managedRules: aws.types.input.wafv2.WebAclRule[] = WAF_MANAGED_RULE_GROUPS.map((group, i) => {
    const counted = args.countedRules?.[group] ?? [];
    return {
      name: group,
      priority: i + 1,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: "AWS",
          name: group,
          ...(counted.length
            ? { ruleActionOverrides: counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(`${name}-${group}`),
    };
  });
  const acl = new aws.wafv2.WebAcl(
    regionalName(`${name}-waf`, args.region),
    {
      description: args.description,
      scope: args.scope ?? "REGIONAL",
      defaultAction: { allow: {} },
      rules: [rateRule, ...managedRules],
      visibilityConfig: visibility(`${name}-waf`),
      ...definedOnly(args.overrides ?? {}),
    },
    opts,
  );
  // Request logs: WAF delivers only to log groups named aws-waf-logs-*; credentials never reach them.
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-waf-logs`,
    {
      name: `aws-waf-logs-${regionalName(name, args.region)}`,
      retentionInDays: args.logRetentionInDays,
      kmsKeyId: args.kmsKeyArn,
    },
    opts,
  );
  new aws.wafv2.WebAclLoggingConfiguration(
    `${name}-waf-logging`,
    {
      resourceArn: acl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    },
    opts,
  );
  return acl;
}
