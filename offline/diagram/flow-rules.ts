/**
 * Which way data flows along a reference. Two tables:
 * - CONNECTORS: resources that are not drawn but join two that are (an event source mapping joins a
 *   stream to a function): the inputs data comes from and the inputs it goes to. A path through
 *   connectors (ALB → listener → target group → ECS service) becomes one edge.
 * - MAIN_PROP_RULES: inputs of a drawn resource whose direction is not the default.
 * The default, for a drawn resource whose input names another drawn one: what its role may do
 * with it decides (iam-grants.ts: a writer points at the store, a reader from it); without a
 * grant, the referencing resource sends to the referenced one (a trail names its bucket, a task
 * its database, a record its load balancer), except that a queue it names is one it consumes.
 */
import type { RecordedResource } from "../graph";

export type Direction = "in" | "out" | "both";

export interface ConnectorRule {
  /** Inputs naming where data comes from. */
  from: string[];
  /** Inputs naming where it goes. */
  to: string[];
  /** The label of the edge, when its path goes through this connector. */
  label?: string;
}

export const CONNECTORS: Record<string, ConnectorRule> = {
  "aws:lambda/eventSourceMapping:EventSourceMapping": { from: ["eventSourceArn"], to: ["functionName"] },
  "aws:lambda/permission:Permission": { from: ["sourceArn"], to: ["function"] },
  "aws:apigateway/integration:Integration": { from: ["restApi"], to: ["uri", "requestTemplates"] },
  "aws:apigatewayv2/integration:Integration": { from: ["apiId"], to: ["integrationUri"] },
  "aws:apigateway/domainName:DomainName": { from: [], to: [] },
  "aws:apigateway/basePathMapping:BasePathMapping": { from: ["domainName"], to: ["restApi"] },
  "aws:cloudwatch/eventRule:EventRule": { from: ["eventBusName"], to: [] },
  "aws:cloudwatch/eventTarget:EventTarget": { from: ["rule", "eventBusName"], to: ["arn"], label: "events" },
  "aws:pipes/pipe:Pipe": { from: ["source"], to: ["target"] },
  "aws:s3/bucketNotification:BucketNotification": { from: ["bucket"], to: ["queues", "topics", "lambdaFunctions"] },
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
    from: ["bucket"],
    to: ["rules"],
    label: "S3 replication",
  },
  "aws:lb/listener:Listener": { from: ["loadBalancerArn"], to: ["defaultActions"] },
  "aws:lb/listenerRule:ListenerRule": { from: ["listenerArn"], to: ["actions"] },
  "aws:lb/targetGroup:TargetGroup": { from: [], to: [] },
  "aws:lb/targetGroupAttachment:TargetGroupAttachment": { from: ["targetGroupArn"], to: ["targetId"] },
  "aws:rds/globalCluster:GlobalCluster": { from: [], to: [], label: "Aurora global database" },
  "aws:backup/selection:Selection": { from: ["resources"], to: ["planId"], label: "backup" },
  // The plan's rules name its vault and the vault it copies to: see backupPlanLinks.
  "aws:backup/plan:Plan": { from: [], to: [], label: "backup" },
};

type PropRule = Direction | ((r: RecordedResource, target: RecordedResource) => Direction);

/** Inputs of drawn resources whose direction is not the default, and the label of their edge. */
export const MAIN_PROP_RULES: Record<string, Record<string, { direction: PropRule; label?: string }>> = {
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { kinesisSourceConfiguration: { direction: "in" } },
  "aws:glue/crawler:Crawler": { s3Targets: { direction: "in" }, databaseName: { direction: "out" } },
  "aws:ecs/service:Service": { loadBalancers: { direction: "in" } },
  "aws:autoscaling/group:Group": { targetGroupArns: { direction: "in" } },
  "aws:efs/replicationConfiguration:ReplicationConfiguration": {
    sourceFileSystemId: { direction: "in", label: "EFS replication" },
  },
  // The cluster in the global database's region writes; the others are its replicas.
  "aws:rds/cluster:Cluster": {
    globalClusterIdentifier: { direction: (r, global) => (r.region === global.region ? "out" : "in") },
  },
};

/** The label of a Route 53 record's edge to what it routes to: its routing policy. */
export function recordRouting(record: RecordedResource): string | undefined {
  const failover = record.inputs.failoverRoutingPolicies?.[0]?.type;
  if (failover) return `failover ${String(failover).toLowerCase()}`;
  if (record.inputs.latencyRoutingPolicies?.length) return "latency";
  if (record.inputs.weightedRoutingPolicies?.length) return "weighted";
  return undefined;
}

/** The default when no rule and no grant decides: a queue is consumed, anything else is sent to. */
export const defaultDirection = (target: RecordedResource): Direction =>
  target.type === "aws:sqs/queue:Queue" ? "in" : "out";

/** The vaults a backup plan's rules back up into, and the vaults they copy those backups to. */
export function backupPlanLinks(plan: RecordedResource): { vaults: string[]; copies: string[] } {
  const rules: any[] = Array.isArray(plan.inputs.rules) ? plan.inputs.rules : [];
  return {
    vaults: rules.map((r) => r?.targetVaultName).filter((v): v is string => typeof v === "string"),
    copies: rules
      .flatMap((r) => (Array.isArray(r?.copyActions) ? r.copyActions : []))
      .map((c: any) => c?.destinationVaultArn)
      .filter((v: unknown): v is string => typeof v === "string"),
  };
}

/** A CloudFront distribution's origins: the domain names it fetches from. */
export const originDomains = (distribution: RecordedResource): string[] =>
  (Array.isArray(distribution.inputs.origins) ? distribution.inputs.origins : [])
    .map((o: any) => o?.domainName)
    .filter((d: unknown): d is string => typeof d === "string");
