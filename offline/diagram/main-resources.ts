/**
 * What the data-flow diagram draws: the resource types that are nodes (the "main" resources, with
 * a readable label and a shape), the supporting resources that belong to one of them, and the
 * resources that only connect two main ones (an event source mapping, a listener, a Lambda
 * permission…), with the direction data takes through them. Everything else (roles, policies,
 * keys, alarms, log groups, subnets, security groups…) is folded away.
 */
import type { RecordedResource } from "../graph";

/** How a node is drawn: where requests enter, what computes, what carries messages, what stores. */
export type NodeKind = "entry" | "compute" | "channel" | "store";

export interface MainType {
  /** The label; `{name}` is replaced by the resource's own name, made readable (see readableName). */
  label: string;
  kind: NodeKind;
  /** The label when several such nodes are drawn as one ("Glue crawlers ×2"). */
  plural?: string;
  /** Left out when nothing flows into or out of it (the log buckets). */
  hideIfIsolated?: boolean;
}

/** Main resource types → label and shape. */
export const MAIN_TYPES: Record<string, MainType> = {
  "aws:apigateway/restApi:RestApi": { label: "API Gateway", kind: "entry" },
  "aws:apigatewayv2/api:Api": { label: "API Gateway", kind: "entry" },
  "aws:lb/loadBalancer:LoadBalancer": { label: "ALB", kind: "entry" },
  "aws:cloudfront/distribution:Distribution": { label: "CloudFront", kind: "entry" },
  "aws:route53/record:Record": { label: "Route 53 {name}", kind: "entry" },
  "aws:kinesis/stream:Stream": { label: "Kinesis stream", kind: "channel" },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { label: "Firehose {name}", kind: "channel" },
  "aws:cloudwatch/eventBus:EventBus": { label: "EventBridge bus", kind: "channel" },
  "aws:sqs/queue:Queue": { label: "{name} queue", kind: "channel", plural: "queues", hideIfIsolated: true },
  "aws:lambda/function:Function": { label: "{name} λ", kind: "compute", plural: "λ functions" },
  "aws:sfn/stateMachine:StateMachine": { label: "Step Functions", kind: "compute" },
  "aws:ecs/service:Service": { label: "{name} ECS service", kind: "compute", plural: "ECS services" },
  "aws:autoscaling/group:Group": { label: "EC2 Auto Scaling group", kind: "compute" },
  "aws:ec2/instance:Instance": { label: "{name} EC2", kind: "compute", plural: "EC2 instances" },
  "aws:glue/job:Job": { label: "Glue {name} job", kind: "compute", plural: "Glue jobs" },
  "aws:glue/crawler:Crawler": { label: "Glue {name} crawler", kind: "compute", plural: "Glue crawlers" },
  "aws:athena/workgroup:Workgroup": { label: "Athena workgroup", kind: "compute" },
  "aws:cloudtrail/trail:Trail": { label: "CloudTrail", kind: "entry" },
  "aws:codepipeline/pipeline:Pipeline": { label: "CodePipeline", kind: "compute" },
  "aws:codebuild/project:Project": { label: "CodeBuild {name}", kind: "compute", plural: "CodeBuild projects" },
  "aws:codestarconnections/connection:Connection": { label: "Git connection", kind: "entry" },
  "aws:codeconnections/connection:Connection": { label: "Git connection", kind: "entry" },
  "aws:dynamodb/table:Table": { label: "DynamoDB table", kind: "store" },
  "aws:s3/bucket:Bucket": { label: "{name} bucket", kind: "store", plural: "buckets", hideIfIsolated: true },
  "aws:rds/cluster:Cluster": { label: "Aurora cluster", kind: "store" },
  "aws:elasticache/replicationGroup:ReplicationGroup": { label: "ElastiCache", kind: "store" },
  "aws:efs/fileSystem:FileSystem": { label: "EFS", kind: "store" },
  "aws:efs/replicationConfiguration:ReplicationConfiguration": { label: "EFS replica", kind: "store" },
  "aws:glue/catalogDatabase:CatalogDatabase": { label: "Glue catalog", kind: "store" },
  "aws:backup/vault:Vault": { label: "Backup {name} vault", kind: "store", plural: "Backup vaults" },
  "aws:opensearch/domain:Domain": { label: "OpenSearch", kind: "store" },
  "aws:amp/workspace:Workspace": { label: "Managed Prometheus", kind: "store" },
  "aws:grafana/workspace:Workspace": { label: "Managed Grafana", kind: "entry" },
};

/** The label of a table replica drawn in its own region. */
export const TABLE_REPLICA_LABEL = "DynamoDB replica";

/**
 * Whether a resource of a main type is drawn: a Route 53 record only when it routes traffic (an
 * alias; a certificate's validation record is not), a queue only when it is not a dead-letter queue
 * (see isDeadLetterQueue).
 */
export function isMainResource(r: RecordedResource): boolean {
  if (!(r.type in MAIN_TYPES)) return false;
  if (r.type === "aws:route53/record:Record") return Array.isArray(r.inputs.aliases) && r.inputs.aliases.length > 0;
  return true;
}

/** Inputs that name a dead-letter queue: a queue named only there is folded into its owner. */
export const DEAD_LETTER_PROPS = new Set([
  "redrivePolicy",
  "destinationConfig",
  "deadLetterConfig",
  "sourceParameters",
]);

/**
 * Supporting resources that belong to one main resource, through the input that names it: a
 * reference to them is a reference to their owner, and what they reference, their owner does.
 */
export const OWNED_BY: Record<string, string> = {
  "aws:s3/bucketVersioning:BucketVersioning": "bucket",
  "aws:s3/bucketLogging:BucketLogging": "bucket",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "bucket",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "bucket",
  "aws:s3/bucketPolicy:BucketPolicy": "bucket",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "bucket",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "bucket",
  "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": "bucket",
  "aws:lambda/alias:Alias": "functionName",
  "aws:rds/clusterInstance:ClusterInstance": "clusterIdentifier",
};

/**
 * Supporting resources owned by the main resource that names them: an ECS service's task
 * definition (its containers name the queues, buckets and databases the service uses), an Auto
 * Scaling group's launch template.
 */
export const OWNED_BY_REFERRER: Record<string, { type: string; prop: string }> = {
  "aws:ecs/taskDefinition:TaskDefinition": { type: "aws:ecs/service:Service", prop: "taskDefinition" },
  "aws:ec2/launchTemplate:LaunchTemplate": { type: "aws:autoscaling/group:Group", prop: "launchTemplate" },
};

/** Inputs of main and owned resources that never carry data: logging, encryption, identity, network. */
export const IGNORED_PROPS = new Set([
  "tags",
  "tagsAll",
  "description",
  "role",
  "roleArn",
  "executionRoleArn",
  "taskRoleArn",
  "iamRoleArn",
  "kmsKeyId",
  "kmsKeyArn",
  "kmsMasterKeyId",
  "kmsKeyIdentifier",
  "encryptionConfiguration",
  "serverSideEncryption",
  "securityConfiguration",
  "loggingConfig",
  "loggingConfiguration",
  "logging",
  "accessLogs",
  "connectionLogs",
  "accessLogSettings",
  "cloudWatchLogsGroupArn",
  "cloudWatchLogsRoleArn",
  "vpcConfig",
  "networkConfiguration",
  "securityGroups",
  "securityGroupIds",
  "vpcSecurityGroupIds",
  "subnets",
  "subnetIds",
  "subnetGroupName",
  "dbSubnetGroupName",
  "cluster",
  "serviceRegistries",
  "replicas",
  "healthCheckId",
  "zoneId",
  "targetBucket",
  // A policy says who may reach a resource, not where its data goes.
  "policy",
]);

/** Drawn resources whose edges come from these inputs only (a distribution's aliases are the records that point at it). */
export const ONLY_PROPS: Record<string, string[]> = {
  "aws:cloudfront/distribution:Distribution": ["origins"],
};
