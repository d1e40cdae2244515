/** The cost rules' cases: for each rule, resources that comply and resources that break it (tests/policy/cost.test.ts, tests/policy/insecure-graph.test.ts). */
import { costRules } from "../../../policy/rules/cost";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = costRules.find((r) => r.name === name);
  if (!found) throw new Error(`no cost rule ${name}`);
  return found;
};

const instance = (name: string, instanceType?: string): Spec => ({
  type: "aws:ec2/instance:Instance",
  name,
  inputs: { ami: "ami-0abc", ...(instanceType ? { instanceType } : {}) },
});
const template = (name: string, inputs: Record<string, unknown>): Spec => ({
  type: "aws:ec2/launchTemplate:LaunchTemplate",
  name,
  inputs,
});
const clusterInstance = (name: string, instanceClass: string): Spec => ({
  type: "aws:rds/clusterInstance:ClusterInstance",
  name,
  inputs: { clusterIdentifier: "prod-aurora", engine: "aurora-postgresql", instanceClass },
});
const redis = (name: string, nodeType?: string): Spec => ({
  type: "aws:elasticache/replicationGroup:ReplicationGroup",
  name,
  inputs: { description: "cache", ...(nodeType ? { nodeType } : {}) },
});
const logGroup = (name: string, inputs: Record<string, unknown>): Spec => ({
  type: "aws:cloudwatch/logGroup:LogGroup",
  name,
  inputs,
});

export const costCases: RuleCase[] = [
  {
    rule: rule("ec2-allowed-instance-types"),
    compliant: [
      instance("minikube", "t3.small"),
      template("workers", { instanceType: "m7g.large" }),
      template("flex", { instanceRequirements: { vcpuCount: { min: 2 } } }),
      instance("from-template"),
    ],
    violating: [instance("monitoring", "p4d.24xlarge"), template("workers", { instanceType: "x2iedn.32xlarge" })],
    message:
      /aws:ec2\/instance:Instance "monitoring" uses instance type "p4d\.24xlarge", not one of t3\.\*[\s\S]*LaunchTemplate "workers" uses instance type "x2iedn\.32xlarge"/,
  },
  {
    // A narrower list: only Graviton burstable.
    rule: rule("ec2-allowed-instance-types"),
    config: { allowedEc2InstanceTypes: ["t4g.*"] },
    compliant: [instance("minikube", "t4g.small")],
    violating: [instance("minikube", "t3.small")],
    message: /"minikube" uses instance type "t3\.small", not one of t4g\.\*$/,
  },
  {
    rule: rule("rds-allowed-instance-classes"),
    compliant: [
      clusterInstance("writer", "db.r7g.large"),
      clusterInstance("reader", "db.serverless"),
      { type: "aws:rds/instance:Instance", name: "mysql", inputs: { instanceClass: "db.t4g.medium" } },
    ],
    violating: [
      clusterInstance("writer", "db.x2g.16xlarge"),
      { type: "aws:rds/instance:Instance", name: "mysql", inputs: { instanceClass: "db.m5.24xlarge" } },
    ],
    message:
      /ClusterInstance "writer" uses instance class "db\.x2g\.16xlarge"[\s\S]*rds\/instance:Instance "mysql" uses instance class "db\.m5\.24xlarge"/,
  },
  {
    rule: rule("rds-allowed-instance-classes"),
    config: { allowedRdsInstanceClasses: ["db.serverless"] },
    compliant: [clusterInstance("reader", "db.serverless")],
    violating: [clusterInstance("writer", "db.r7g.large")],
    message: /"writer" uses instance class "db\.r7g\.large", not one of db\.serverless/,
  },
  {
    rule: rule("elasticache-allowed-node-types"),
    compliant: [
      redis("sessions", "cache.t4g.small"),
      redis("member"),
      { type: "aws:elasticache/cluster:Cluster", name: "memcached", inputs: { nodeType: "cache.r7g.large" } },
    ],
    violating: [
      redis("sessions", "cache.r6gd.16xlarge"),
      { type: "aws:elasticache/cluster:Cluster", name: "memcached", inputs: { nodeType: "cache.m5.24xlarge" } },
    ],
    message:
      /ReplicationGroup "sessions" uses node type "cache\.r6gd\.16xlarge"[\s\S]*elasticache\/cluster:Cluster "memcached" uses node type "cache\.m5\.24xlarge"/,
  },
  {
    rule: rule("elasticache-allowed-node-types"),
    config: { allowedElastiCacheNodeTypes: ["cache.t4g.*", "cache.r6gd.*"] },
    compliant: [redis("sessions", "cache.r6gd.16xlarge")],
    violating: [redis("sessions", "cache.r7g.large")],
    message: /"sessions" uses node type "cache\.r7g\.large", not one of cache\.t4g\.\*, cache\.r6gd\.\*/,
  },
  {
    rule: rule("cloudwatch-log-group-expires"),
    compliant: [logGroup("app", { retentionInDays: 365 }), logGroup("vended", { logGroupClass: "DELIVERY" })],
    violating: [logGroup("forever", { retentionInDays: 0 }), logGroup("unset", {})],
    message:
      /"forever" never expires its events \(retentionInDays 0\)[\s\S]*"unset" never expires its events \(retentionInDays unset\)/,
  },
];
