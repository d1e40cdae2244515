/** The API's WAF web ACL: a per-IP rate limit and AWS managed rule groups. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionalName } from "../../shared/naming";
import { WAF_DEFAULTS, WAF_MANAGED_RULE_GROUPS } from "./defaults";
import { definedOnly } from "./validation";

export function createWebAcl(
  name: string,
  regionName: string,
  rateLimitPerIp: number,
  overrides: Partial<aws.wafv2.WebAclArgs>,
  parent: pulumi.Resource,
): aws.wafv2.WebAcl {
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
        limit: rateLimitPerIp,
        aggregateKeyType: "IP",
        evaluationWindowSec: WAF_DEFAULTS.rateEvaluationWindowSec,
      },
    },
    visibilityConfig: visibility(`${name}-rate-limit`),
  };
  const managedRules: aws.types.input.wafv2.WebAclRule[] = WAF_MANAGED_RULE_GROUPS.map((group, i) => ({
    name: group,
    priority: i + 1,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: group,
        ...(group === "AWSManagedRulesCommonRuleSet"
          ? {
              ruleActionOverrides: WAF_DEFAULTS.commonRuleSetCountedRules.map((rule) => ({
                name: rule,
                actionToUse: { count: {} },
              })),
            }
          : {}),
      },
    },
    visibilityConfig: visibility(`${name}-${group}`),
  }));
  return new aws.wafv2.WebAcl(
    regionalName(`${name}-waf`, regionName),
    {
      description: `Ingestion API ${name}: rate limit per IP and AWS managed rule groups`,
      scope: WAF_DEFAULTS.scope,
      defaultAction: { allow: {} },
      rules: [rateRule, ...managedRules],
      visibilityConfig: visibility(`${name}-waf`),
      ...definedOnly(overrides),
    },
    { parent },
  );
}
