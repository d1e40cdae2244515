import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { createWebAcl } from "../security/web-acl";
import { SecureBucket } from "../storage";
import { WEB_PORTS, WEB_TIER_DEFAULTS } from "./defaults";

export interface LoadBalancerArgs {
  region: string;
  /** The region's CMK (the WAF request logs). */
  kmsKeyArn: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupId: pulumi.Input<string>;
  /** The region's S3 server access-log bucket (for the ALB log bucket's own access logs). */
  accessLogBucketName: pulumi.Input<string>;
  /** An issued certificate of this region (its CertificateValidation's ARN). */
  certificateArn: pulumi.Input<string>;
  sslPolicy: string;
  deletionProtection: boolean;
  healthCheckPath: string;
  deregistrationDelaySeconds: number;
  rateLimit: number;
  rateLimitWindowSeconds: number;
}

export interface LoadBalancer {
  loadBalancer: aws.lb.LoadBalancer;
  /** The application's target group (IP targets on the app port). */
  targetGroup: aws.lb.TargetGroup;
  httpsListener: aws.lb.Listener;
  webAcl: aws.wafv2.WebAcl;
  logBucket: SecureBucket;
}

/**
 * The internet-facing Application Load Balancer in the public subnets: access logs to a bucket of
 * its own (SSE-S3, the only encryption ALB log delivery supports; the bucket's policy grants the
 * region's log delivery principal, and the load balancer is created after it because it takes the
 * bucket's name, which resolves once the policy is in place), invalid header fields dropped,
 * defensive desync mitigation, deletion protection, an HTTPS listener with the TLS 1.3 policy in
 * front of the app's target group, an HTTP listener that only redirects, and the regional WAF ACL.
 */
export function createLoadBalancer(name: string, args: LoadBalancerArgs, parent: pulumi.Resource): LoadBalancer {
  const logBucket = new SecureBucket(
    `${name}-alb-logs`,
    { region: args.region, role: "alb-access-logs", accessLogBucket: args.accessLogBucketName },
    { parent },
  );
  const loadBalancer = new aws.lb.LoadBalancer(
    `${name}-alb`,
    {
      loadBalancerType: "application",
      internal: false,
      ipAddressType: "ipv4",
      subnets: args.publicSubnetIds,
      securityGroups: [args.securityGroupId],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableDeletionProtection: args.deletionProtection,
      accessLogs: { bucket: logBucket.bucketName, prefix: "alb", enabled: true },
      connectionLogs: { bucket: logBucket.bucketName, prefix: "alb-connections", enabled: true },
    },
    { parent },
  );
  const targetGroup = new aws.lb.TargetGroup(
    `${name}-app`,
    {
      vpcId: args.vpcId,
      targetType: "ip",
      protocol: "HTTP",
      port: WEB_PORTS.app,
      deregistrationDelay: args.deregistrationDelaySeconds,
      healthCheck: {
        enabled: true,
        path: args.healthCheckPath,
        protocol: "HTTP",
        port: "traffic-port",
        matcher: "200",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    },
    { parent },
  );
  const httpsListener = new aws.lb.Listener(
    `${name}-https`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: WEB_PORTS.https,
      protocol: "HTTPS",
      sslPolicy: args.sslPolicy,
      certificateArn: args.certificateArn,
      defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    },
    { parent },
  );
  new aws.lb.Listener(
    `${name}-http`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: WEB_PORTS.http,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: String(WEB_PORTS.https), statusCode: "HTTP_301" } },
      ],
    },
    { parent },
  );
  const webAcl = createWebAcl(
    name,
    {
      region: args.region,
      description: `Web tier ${name}: rate limit per IP and AWS managed rule groups`,
      rateLimitPerIp: args.rateLimit,
      kmsKeyArn: args.kmsKeyArn,
      logRetentionInDays: WEB_TIER_DEFAULTS.logRetentionInDays,
      evaluationWindowSec: args.rateLimitWindowSeconds,
    },
    { parent },
  );
  new aws.wafv2.WebAclAssociation(
    `${name}-waf-association`,
    { resourceArn: loadBalancer.arn, webAclArn: webAcl.arn },
    { parent },
  );
  return { loadBalancer, targetGroup, httpsListener, webAcl, logBucket };
}
