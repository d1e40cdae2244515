/**
 * Seed 002's network, hardened: its VPC layout (explicit subnet CIDRs from config, two AZs in
 * us-east-2) and its security groups (web → app → database, a bastion only from an allow-list),
 * with the internet-facing load balancer the web group is for: HTTPS with TLS 1.3, HTTP
 * redirected, access logs, WAF. Register your application's targets (port 8080, 3000 or 5000) in
 * the target group; put databases and caches in the database subnets with the database group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allowListIngress, KUBERNETES_UI_PORTS, MONITORING_UI_PORTS } from "twin-region/datalake";
import { createSeedSecurityGroups, RegionalNetwork } from "twin-region/network";
import { AlarmSet } from "twin-region/observability";
import { createRegionalProvider, platformTags, RegionalKey } from "twin-region/security";
import { AccessLogBucket, SecureBucket } from "twin-region/storage";

const config = new pulumi.Config();
const region = new pulumi.Config("aws").require("region");
const environment = config.get("environment") ?? "dev";
const bastionAllowedCidrs = config.getObject<string[]>("bastionAllowedCidrs");
/** Who reaches the Kubernetes and monitoring UIs: your networks, never the internet (default: the VPC). */
const opsAllowedCidrs = config.getObject<string[]>("opsAllowedCidrs");
const alarmEmail = config.get("alarmEmail");

const provider = createRegionalProvider(`${environment}-${region}`, {
  region,
  tags: platformTags({ environment, owner: "platform-team", costCenter: "platform", stack: pulumi.getStack(), region }),
});
const opts = { providers: { aws: provider } };
/** The same provider for the plain resources (a custom resource takes `provider`, not `providers`). */
const resourceOpts = { provider };

const key = new RegionalKey(`${environment}-key`, {}, opts);
const network = new RegionalNetwork(
  `${environment}-network`,
  {
    cidrBlock: config.require("vpcCidr"),
    availabilityZoneCount: 2,
    publicSubnetCidrs: config.requireObject<string[]>("publicSubnetCidrs"),
    privateSubnetCidrs: config.requireObject<string[]>("privateSubnetCidrs"),
    databaseSubnetCidrs: config.requireObject<string[]>("databaseSubnetCidrs"),
    // The seed's NAT gateway in each public subnet.
    natStrategy: "perAz",
    kmsKeyArn: key.keyArn,
    region,
  },
  opts,
);
const accessLogs = new AccessLogBucket(`${environment}-access-logs`, { region, kmsKeyArn: key.keyArn }, opts);

// The seed's groups, with its Kubernetes and monitoring groups hardened: their UI ports (the data
// lake's operations hosts' own lists) from the allow-list only, and no SSH (Session Manager instead).
const opsSources = opsAllowedCidrs ?? [network.vpcCidr];
const groups = createSeedSecurityGroups(`${environment}-seed`, network, {
  ...(bastionAllowedCidrs ? { bastionAllowedCidrs } : {}),
  extraGroups: {
    kubernetes: () => ({
      description: "Seed 002's Kubernetes host: API server and NodePorts from the allow-list only",
      ingress: allowListIngress(KUBERNETES_UI_PORTS, opsSources),
    }),
    monitoring: () => ({
      description: "Seed 002's monitoring host: Prometheus, Grafana, Kibana and Jaeger from the allow-list only",
      ingress: allowListIngress(MONITORING_UI_PORTS, opsSources),
    }),
  },
});

// The load balancer the web group is for: the only resource the internet reaches.
const albLogs = new SecureBucket(
  `${environment}-alb-logs`,
  { region, role: "alb-access-logs", accessLogBucket: accessLogs.bucketName },
  opts,
);
const alb = new aws.lb.LoadBalancer(
  `${environment}-alb`,
  {
    loadBalancerType: "application",
    internal: false,
    subnets: network.publicSubnetIds,
    securityGroups: [groups.web.id],
    dropInvalidHeaderFields: true,
    desyncMitigationMode: "defensive",
    enableDeletionProtection: true,
    accessLogs: { bucket: albLogs.bucketName, prefix: "alb", enabled: true },
  },
  resourceOpts,
);
const app = new aws.lb.TargetGroup(
  `${environment}-app`,
  {
    vpcId: network.vpcId,
    targetType: "ip",
    protocol: "HTTP",
    port: 8080,
    healthCheck: { enabled: true, path: "/health", protocol: "HTTP", matcher: "200" },
  },
  resourceOpts,
);
new aws.lb.Listener(
  `${environment}-https`,
  {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: config.require("certificateArn"),
    defaultActions: [{ type: "forward", targetGroupArn: app.arn }],
  },
  resourceOpts,
);
new aws.lb.Listener(
  `${environment}-http`,
  {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
  },
  resourceOpts,
);

// WAF: a per-IP rate limit and AWS's managed rule groups, with request logs encrypted by the key.
const visibility = (metricName: string) => ({
  cloudwatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});
const managed = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesCommonRuleSet",
];
const acl = new aws.wafv2.WebAcl(
  `${environment}-waf-${region}`,
  {
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    rules: [
      {
        name: "RateLimitPerIp",
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
        visibilityConfig: visibility("rate-limit"),
      },
      ...managed.map((name, i) => ({
        name,
        priority: i + 1,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
        visibilityConfig: visibility(name),
      })),
    ],
    visibilityConfig: visibility("waf"),
  },
  resourceOpts,
);
const wafLogs = new aws.cloudwatch.LogGroup(
  `${environment}-waf-logs`,
  { name: `aws-waf-logs-${environment}-${region}`, retentionInDays: 365, kmsKeyId: key.keyArn },
  resourceOpts,
);
new aws.wafv2.WebAclLoggingConfiguration(
  `${environment}-waf-logging`,
  {
    resourceArn: acl.arn,
    logDestinationConfigs: [wafLogs.arn],
    redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
  },
  resourceOpts,
);
new aws.wafv2.WebAclAssociation(
  `${environment}-waf-association`,
  { resourceArn: alb.arn, webAclArn: acl.arn },
  resourceOpts,
);

// The load balancer's health, alarmed: 5xx it answers itself, and targets failing their checks.
new AlarmSet(
  `${environment}-alarms`,
  {
    metrics: [
      {
        id: "alb-5xx",
        description: "The load balancer answered 5xx itself (no healthy target, or a target failed to answer)",
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_ELB_5XX_Count",
        dimensions: { LoadBalancer: alb.arnSuffix },
        statistic: "Sum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 10,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      {
        id: "alb-unhealthy-targets",
        description: "Targets of the app's target group failing their health checks",
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { LoadBalancer: alb.arnSuffix, TargetGroup: app.arnSuffix },
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 3,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
    ],
    kmsKeyArn: key.keyArn,
    ...(alarmEmail ? { email: alarmEmail } : {}),
  },
  opts,
);

export const vpcId = network.vpcId;
export const publicSubnetIds = network.publicSubnetIds;
export const privateSubnetIds = network.privateSubnetIds;
export const databaseSubnetIds = network.databaseSubnetIds;
export const securityGroupIds = {
  web: groups.web.id,
  app: groups.app.id,
  database: groups.database.id,
  ...(groups.bastion ? { bastion: groups.bastion.id } : {}),
  kubernetes: groups.extra.kubernetes!.id,
  monitoring: groups.extra.monitoring!.id,
};
export const loadBalancerDnsName = alb.dnsName;
