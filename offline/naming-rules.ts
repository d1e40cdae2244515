/**
 * Physical-name rules: which property Pulumi auto-names for a type, and the limits AWS enforces on
 * it. The engine auto-names like Pulumi (logical name, a dash, 7 random hex characters) and rejects
 * a name AWS would reject, so the mistake shows in the plan and not in `pulumi up`.
 *
 * Like Pulumi's AWS provider (pulumi-terraform-bridge `ComputeAutoNameDefault` → `NewUniqueName`),
 * an auto-name is never trimmed: a logical name too long for the type's auto-name limit fails.
 */
export interface NameRule {
  /** The property Pulumi auto-names. */
  prop: string;
  /** The longest name AWS accepts. */
  max: number;
  /** The auto-name limit pulumi-aws declares for the type, when it differs from `max`. */
  autoMax?: number;
  pattern?: RegExp;
  /** Pulumi lowercases the logical name before adding the random suffix (S3 buckets). */
  lowercase?: boolean;
  /** Added in front of an auto-name (KMS aliases: `alias/`). */
  autoPrefix?: string;
  /** Input that, when true, makes Pulumi add `.fifo` to the auto-name (SQS queues, SNS topics). */
  fifoFlag?: string;
  /** What AWS allows, for the error message. */
  allowed?: string;
}

const LB_NAME: NameRule = {
  prop: "name",
  max: 32,
  pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
  allowed: "1-32 letters, digits and hyphens, no hyphen first or last",
};
const RDS_IDENTIFIER = {
  max: 63,
  lowercase: true,
  pattern: /^(?!.*--)[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
  allowed: "1-63 lowercase letters, digits and hyphens, a letter first, no two hyphens in a row, no hyphen last",
};
const ECS_NAME = { pattern: /^[a-zA-Z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores" };

const RULES: Record<string, NameRule> = {
  "aws:s3/bucket:Bucket": {
    prop: "bucket",
    max: 63,
    lowercase: true,
    pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    allowed: "3-63 lowercase letters, digits, dots and dashes",
  },
  "aws:iam/role:Role": { prop: "name", max: 64, pattern: /^[\w+=,.@-]+$/, allowed: "letters, digits and +=,.@_-" },
  "aws:iam/policy:Policy": { prop: "name", max: 128 },
  "aws:iam/rolePolicy:RolePolicy": { prop: "name", max: 128 },
  "aws:lambda/function:Function": {
    prop: "name",
    max: 64,
    pattern: /^[a-zA-Z0-9_-]+$/,
    allowed: "letters, digits, dashes and underscores",
  },
  "aws:sqs/queue:Queue": { prop: "name", max: 80, fifoFlag: "fifoQueue", pattern: /^[a-zA-Z0-9_-]+(\.fifo)?$/ },
  "aws:sns/topic:Topic": {
    prop: "name",
    max: 256,
    autoMax: 80,
    fifoFlag: "fifoTopic",
    pattern: /^[a-zA-Z0-9_-]+(\.fifo)?$/,
  },
  "aws:kms/alias:Alias": {
    prop: "name",
    max: 256,
    autoMax: 238,
    autoPrefix: "alias/",
    pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
    allowed: '"alias/" then letters, digits and /_-',
  },
  "aws:cloudwatch/logGroup:LogGroup": { prop: "name", max: 512, pattern: /^[\w#./-]+$/ },
  "aws:kinesis/stream:Stream": { prop: "name", max: 128, pattern: /^[a-zA-Z0-9_.-]+$/ },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { prop: "name", max: 64, pattern: /^[a-zA-Z0-9_.-]+$/ },
  "aws:dynamodb/table:Table": { prop: "name", max: 255, pattern: /^[a-zA-Z0-9_.-]{3,}$/ },
  "aws:sfn/stateMachine:StateMachine": { prop: "name", max: 80 },
  "aws:cloudwatch/eventRule:EventRule": { prop: "name", max: 64 },
  // Metric filters: 1-512 characters, no ":" or "*" (CloudWatch Logs API reference).
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
    prop: "name",
    max: 512,
    pattern: /^[^:*]+$/,
    allowed: 'any characters but ":" and "*"',
  },
  // CloudTrail trails: 3-128 letters, digits, ".", "_" and "-", alphanumeric first and last, no
  // two of ".", "_", "-" in a row (CloudTrail User Guide, "Trail naming requirements").
  "aws:cloudtrail/trail:Trail": {
    prop: "name",
    max: 128,
    pattern: /^(?=.{3,})[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9]))*$/,
    allowed: 'letters, digits, ".", "_" and "-", alphanumeric first and last, no two separators in a row',
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    prop: "dashboardName",
    max: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: 'letters, digits, "-" and "_"',
  },
  "aws:cloudwatch/eventBus:EventBus": { prop: "name", max: 256 },
  "aws:ecr/repository:Repository": { prop: "name", max: 256, lowercase: true, pattern: /^[a-z0-9][a-z0-9._/-]*$/ },
  "aws:ec2/securityGroup:SecurityGroup": { prop: "name", max: 255 },
  // Elastic Load Balancing: 1-32 letters, digits and hyphens, not starting or ending with a hyphen;
  // a load balancer's name may not start with "internal-" (AWS uses it for internal DNS names).
  ...Object.fromEntries(
    ["lb", "alb"].flatMap((m) => [
      [
        `aws:${m}/loadBalancer:LoadBalancer`,
        { ...LB_NAME, pattern: /^(?!internal-)[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/ },
      ],
      [`aws:${m}/targetGroup:TargetGroup`, LB_NAME],
    ]),
  ),
  // RDS identifiers: 1-63 letters, digits and hyphens, a letter first, no "--", no hyphen last.
  // Pulumi lowercases the logical name in auto-names; Terraform rejects upper case in explicit ones.
  "aws:rds/cluster:Cluster": { prop: "clusterIdentifier", ...RDS_IDENTIFIER },
  "aws:rds/clusterInstance:ClusterInstance": { prop: "identifier", ...RDS_IDENTIFIER },
  "aws:rds/globalCluster:GlobalCluster": { prop: "globalClusterIdentifier", ...RDS_IDENTIFIER },
  "aws:rds/subnetGroup:SubnetGroup": {
    prop: "name",
    max: 255,
    pattern: /^(?!default$)[0-9a-z ._-]+$/,
    allowed: 'lowercase letters, digits, spaces and ._- (not "default")',
  },
  // ElastiCache keeps ids and subnet group names in lower case, so explicit upper case is accepted.
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    prop: "replicationGroupId",
    max: 40,
    lowercase: true,
    pattern: /^(?!.*--)[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    allowed: "1-40 letters, digits and hyphens, a letter first, no two hyphens in a row, no hyphen last",
  },
  "aws:elasticache/subnetGroup:SubnetGroup": { prop: "name", max: 255, pattern: /^[a-zA-Z0-9-]+$/ },
  // EFS creation tokens: AWS takes 1-64 characters; pulumi-aws auto-names them up to 255.
  "aws:efs/fileSystem:FileSystem": { prop: "creationToken", max: 64, autoMax: 255 },
  "aws:ecs/cluster:Cluster": { prop: "name", max: 255, ...ECS_NAME },
  "aws:ecs/service:Service": { prop: "name", max: 255, ...ECS_NAME },
  "aws:ecs/taskDefinition:TaskDefinition": { prop: "family", max: 255, ...ECS_NAME },
  "aws:ecs/capacityProvider:CapacityProvider": {
    prop: "name",
    max: 255,
    pattern: /^(?!(?:aws|ecs|fargate))[a-zA-Z0-9_-]+$/i,
    allowed: 'letters, digits, hyphens and underscores, not starting with "aws", "ecs" or "fargate"',
  },
  "aws:autoscaling/group:Group": { prop: "name", max: 255 },
  "aws:appautoscaling/policy:Policy": { prop: "name", max: 256 },
  // CloudFront: origin access controls 1-64 characters; cache, origin request and response headers
  // policies 1-128 letters, digits, hyphens and underscores (CloudFront API reference).
  "aws:cloudfront/originAccessControl:OriginAccessControl": { prop: "name", max: 64 },
  ...Object.fromEntries(
    [
      "cachePolicy:CachePolicy",
      "originRequestPolicy:OriginRequestPolicy",
      "responseHeadersPolicy:ResponseHeadersPolicy",
    ].map((t) => [
      `aws:cloudfront/${t}`,
      { prop: "name", max: 128, pattern: /^[a-zA-Z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores" },
    ]),
  ),
  // CloudWatch Logs delivery sources and destinations: 1-60 characters of [\w-].
  ...Object.fromEntries(
    ["logDeliverySource:LogDeliverySource", "logDeliveryDestination:LogDeliveryDestination"].map((t) => [
      `aws:cloudwatch/${t}`,
      { prop: "name", max: 60, pattern: /^[\w-]+$/, allowed: "letters, digits, underscores and hyphens" },
    ]),
  ),
  // Glue: names of 1-255 characters on one line (the API's single-line string pattern); catalog
  // database names lower-case letters, digits and underscores beyond that, as Athena and the
  // catalog keep them (Glue lower-cases what it is given).
  ...Object.fromEntries(
    [
      "crawler:Crawler",
      "job:Job",
      "trigger:Trigger",
      "workflow:Workflow",
      "securityConfiguration:SecurityConfiguration",
      "dataQualityRuleset:DataQualityRuleset",
    ].map((t) => [`aws:glue/${t}`, { prop: "name", max: 255, pattern: /^[^\r\n]+$/, allowed: "one line" }]),
  ),
  "aws:glue/catalogDatabase:CatalogDatabase": {
    prop: "name",
    max: 255,
    pattern: /^[a-z0-9_]+$/,
    allowed: "lower-case letters, digits and underscores",
  },
  // Athena workgroups: 1-128 letters, digits, ".", "_" and "-".
  "aws:athena/workgroup:Workgroup": {
    prop: "name",
    max: 128,
    pattern: /^[a-zA-Z0-9._-]+$/,
    allowed: 'letters, digits, ".", "_" and "-"',
  },
  "aws:wafv2/webAcl:WebAcl": {
    prop: "name",
    max: 128,
    pattern: /^[\w-]+$/,
    allowed: "letters, digits, underscores and hyphens",
  },
  // OpenSearch domains: 3-28 lowercase letters, digits and hyphens, a letter first.
  "aws:opensearch/domain:Domain": {
    prop: "domainName",
    max: 28,
    lowercase: true,
    pattern: /^[a-z][a-z0-9-]{2,27}$/,
    allowed: "3-28 lowercase letters, digits and hyphens, a letter first",
  },
  // AWS Backup vaults: 2-50 letters, digits, hyphens and underscores; plans: 1-50, dots too.
  "aws:backup/vault:Vault": {
    prop: "name",
    max: 50,
    pattern: /^[a-zA-Z0-9_-]{2,50}$/,
    allowed: "2-50 letters, digits, hyphens and underscores",
  },
  "aws:backup/plan:Plan": {
    prop: "name",
    max: 50,
    pattern: /^[a-zA-Z0-9_.-]{1,50}$/,
    allowed: "1-50 letters, digits, hyphens, underscores and dots",
  },
  // Delivery (the services' API references): CodeBuild projects 2-255 characters, a letter or
  // digit first, then letters, digits, "-" and "_"; pipelines 1-100 of letters, digits and ".@-_";
  // CodeConnections connections 1-32 characters; notification rules 1-64 letters, digits, spaces, "-" and "_".
  "aws:codebuild/project:Project": {
    prop: "name",
    max: 255,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/,
    allowed: 'a letter or digit, then letters, digits, "-" and "_"',
  },
  "aws:codepipeline/pipeline:Pipeline": {
    prop: "name",
    max: 100,
    pattern: /^[A-Za-z0-9.@_-]+$/,
    allowed: 'letters, digits, ".", "@", "-" and "_"',
  },
  "aws:codeconnections/connection:Connection": { prop: "name", max: 32 },
  "aws:codestarnotifications/notificationRule:NotificationRule": {
    prop: "name",
    max: 64,
    pattern: /^[A-Za-z0-9 _-]+$/,
    allowed: 'letters, digits, spaces, "-" and "_"',
  },
  "aws:secretsmanager/secret:Secret": {
    prop: "name",
    max: 512,
    pattern: /^[a-zA-Z0-9/_+=.@-]+$/,
    allowed: "letters, digits and /_+=.@-",
  },
};

/** The name rule for a type; `name` with no limit for types AWS does not constrain here. */
export function nameRuleOf(type: string): NameRule {
  return RULES[type] ?? { prop: "name", max: Number.MAX_SAFE_INTEGER };
}

/**
 * Pulumi's auto-name: `<logical>-<7 hex>` (lowercased first for S3 buckets), `.fifo` added for FIFO
 * queues and topics, `alias/` in front for KMS aliases. Fails, as Pulumi does, when the logical
 * name leaves no room for the suffix: Pulumi does not trim it.
 */
export function autoName(
  type: string,
  logical: string,
  suffix: string,
  rule: NameRule,
  inputs: Record<string, unknown> = {},
): string {
  const base = `${rule.lowercase ? logical.toLowerCase() : logical}-`;
  const limit = rule.autoMax ?? rule.max;
  if (base.length + suffix.length > limit) {
    throw new Error(
      `${type} "${logical}": could not make instance of '${type}': name '${base}' plus ${suffix.length} random chars is longer than maximum length ${limit}; ` +
        `give it a shorter logical name or set ${rule.prop} explicitly`,
    );
  }
  const fifo = rule.fifoFlag && inputs[rule.fifoFlag] === true ? ".fifo" : "";
  return `${rule.autoPrefix ?? ""}${base}${suffix}${fifo}`;
}

export function checkName(type: string, logical: string, value: unknown): void {
  const rule = RULES[type];
  if (!rule || typeof value !== "string") return;
  const fail = (why: string) => {
    throw new Error(`${type} "${logical}": ${rule.prop} "${value}" ${why}; AWS would reject it`);
  };
  if (value.length > rule.max) fail(`is ${value.length} characters, more than the ${rule.max} allowed`);
  if (rule.pattern && !rule.pattern.test(value)) fail(`is not allowed (${rule.allowed ?? rule.pattern.source})`);
}
