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
  /**
   * Blue/green releases: a second ("green") target group like the first, and a test listener on
   * this HTTPS port forwarding to the first; CodeDeploy moves both listeners between the groups.
   * @default none (rolling updates: one target group)
   */
  testListenerPort?: number;
}

export interface LoadBalancer {
  loadBalancer: aws.lb.LoadBalancer;
  /** The application's target group (IP targets on the app port). */
  targetGroup: aws.lb.TargetGroup;
  httpsListener: aws.lb.Listener;
  /** With `testListenerPort`: the second target group and the test listener (on the second group until a release moves it). */
  blueGreen?: { greenTargetGroup: aws.lb.TargetGroup; testListener: aws.lb.Listener };
  webAcl: aws.wafv2.WebAcl;
  logBucket: SecureBucket;
}

/**
 * The internet-facing Application Load Balancer in the public subnets: access logs to a bucket of
 * its own (SSE-S3, the only encryption ALB log delivery supports; the bucket's policy grants the
 * region's log delivery principal, and the load balancer is created after it because it takes the
 * bucket's name, which resolves once the policy is in place), invalid header fields dropped,
 * defensive desync mitigation, deletion protection, an HTTPS listener with the TLS 1.3 policy in
 * front of the app's target group, an HTTP listener that only redirects, and the regional WAF ACL;
 * for blue/green releases, a second target group and a test listener (`testListenerPort`).
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
  const appTargetGroup = (logicalName: string) =>
    new aws.lb.TargetGroup(
      logicalName,
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
  const targetGroup = appTargetGroup(`${name}-app`);
  const httpsListenerOn = (logicalName: string, port: number, forwardTo: aws.lb.TargetGroup) =>
    new aws.lb.Listener(
      logicalName,
      {
        loadBalancerArn: loadBalancer.arn,
        port,
        protocol: "HTTPS",
        sslPolicy: args.sslPolicy,
        certificateArn: args.certificateArn,
        defaultActions: [{ type: "forward", targetGroupArn: forwardTo.arn }],
      },
      // CodeDeploy switches the listeners' target group at every release: an update must not switch it back.
      { parent, ...(args.testListenerPort === undefined ? {} : { ignoreChanges: ["defaultActions"] }) },
    );
  const httpsListener = httpsListenerOn(`${name}-https`, WEB_PORTS.https, targetGroup);
  // The test listener starts on the second group, so that both groups belong to the load balancer
  // before the first release creates a task set in the second.
  const greenTargetGroup = args.testListenerPort === undefined ? undefined : appTargetGroup(`${name}-app-green`);
  const blueGreen =
    args.testListenerPort === undefined || greenTargetGroup === undefined
      ? undefined
      : { greenTargetGroup, testListener: httpsListenerOn(`${name}-test`, args.testListenerPort, greenTargetGroup) };
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
  return { loadBalancer, targetGroup, httpsListener, ...(blueGreen ? { blueGreen } : {}), webAcl, logBucket };
}
