/** The API's WAF web ACL: a per-IP rate limit and AWS managed rule groups. */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { createWebAcl as createSharedWebAcl } from "../../security/web-acl";
import { WAF_DEFAULTS } from "./defaults";

export function createWebAcl(
  name: string,
  regionName: string,
  rateLimitPerIp: number,
  logs: { kmsKeyArn: pulumi.Input<string>; retentionInDays: number },
  overrides: Partial<aws.wafv2.WebAclArgs>,
  parent: pulumi.Resource,
): aws.wafv2.WebAcl {
  return createSharedWebAcl(
    name,
    {
      region: regionName,
      description: `Ingestion API ${name}: rate limit per IP and AWS managed rule groups`,
      rateLimitPerIp,
      evaluationWindowSec: WAF_DEFAULTS.rateEvaluationWindowSec,
      kmsKeyArn: logs.kmsKeyArn,
      logRetentionInDays: logs.retentionInDays,
      countedRules: { AWSManagedRulesCommonRuleSet: WAF_DEFAULTS.commonRuleSetCountedRules },
      overrides,
    },
    { parent },
  );
}
