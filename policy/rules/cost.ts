/** Cost rules: instance families from an allow-list, and log groups that do not grow forever. */
import {
  ALLOWED_EC2_INSTANCE_TYPES,
  ALLOWED_ELASTICACHE_NODE_TYPES,
  ALLOWED_RDS_INSTANCE_CLASSES,
} from "../baseline/cost";
import { asArray, label, resourceRule } from "./helpers";
import { DELIVERY_LOG_GROUP_CLASS } from "../baseline/observability";
import { LOG_GROUP, neverExpires } from "./observability";
import type { ResourceView } from "./types";

export const EC2_INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const ELASTICACHE_REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const ELASTICACHE_CLUSTER = "aws:elasticache/cluster:Cluster";

/** Does a size (`t3.small`) match one of the patterns (`t3.*`; `*` any run of characters, case-insensitive)? */
export function sizeAllowed(value: string, patterns: readonly string[]): boolean {
  return patterns.some((p) =>
    new RegExp(
      `^${p
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
      "i",
    ).test(value),
  );
}

/** A rule that the string prop `prop` (when set) is one of the configured patterns. */
function allowList<K extends string>(args: {
  name: string;
  description: string;
  resourceTypes: string[];
  prop: string;
  setting: K;
  defaults: readonly string[];
  what: string;
  remediation: string;
}) {
  return resourceRule<Record<K, string[]>>({
    name: args.name,
    description: args.description,
    group: "cost",
    severity: "medium",
    resourceTypes: args.resourceTypes,
    remediation: args.remediation,
    config: {
      schema: {
        properties: {
          [args.setting]: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            description: `Allowed ${args.what} patterns ("*" matches any characters), default ${args.defaults.join(", ")}.`,
          },
        },
      },
      defaults: { [args.setting]: [...args.defaults] } as Record<K, string[]>,
    },
    check: (r: ResourceView, config) => {
      const value = r.props[args.prop];
      // Unset: a launch template with instanceRequirements, an instance from a launch template, a replication-group member.
      if (typeof value !== "string" || value === "") return undefined;
      const allowed = asArray(config[args.setting]);
      return (
        !sizeAllowed(value, allowed) &&
        `${label(r)} uses ${args.what} ${JSON.stringify(value)}, not one of ${allowed.join(", ")}`
      );
    },
  });
}

export const costRules = [
  allowList({
    name: "ec2-allowed-instance-types",
    description: `EC2 instances and launch templates use an allowed instance type (default families ${ALLOWED_EC2_INSTANCE_TYPES.join(", ")}).`,
    resourceTypes: [EC2_INSTANCE, LAUNCH_TEMPLATE],
    prop: "instanceType",
    setting: "allowedEc2InstanceTypes",
    defaults: ALLOWED_EC2_INSTANCE_TYPES,
    what: "instance type",
    remediation:
      "Pick an instanceType from the allowed families (Graviton t4g/m7g/r7g where the software runs on arm64), or extend allowedEc2InstanceTypes in the policy config.",
  }),
  allowList({
    name: "rds-allowed-instance-classes",
    description: `RDS and Aurora instances use an allowed instance class (default ${ALLOWED_RDS_INSTANCE_CLASSES.join(", ")}).`,
    resourceTypes: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
    prop: "instanceClass",
    setting: "allowedRdsInstanceClasses",
    defaults: ALLOWED_RDS_INSTANCE_CLASSES,
    what: "instance class",
    remediation:
      "Pick an instanceClass from the allowed families (db.serverless for Aurora Serverless v2), or extend allowedRdsInstanceClasses in the policy config.",
  }),
  allowList({
    name: "elasticache-allowed-node-types",
    description: `ElastiCache replication groups and clusters use an allowed node type (default ${ALLOWED_ELASTICACHE_NODE_TYPES.join(", ")}).`,
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP, ELASTICACHE_CLUSTER],
    prop: "nodeType",
    setting: "allowedElastiCacheNodeTypes",
    defaults: ALLOWED_ELASTICACHE_NODE_TYPES,
    what: "node type",
    remediation:
      "Pick a nodeType from the allowed families, or extend allowedElastiCacheNodeTypes in the policy config.",
  }),
  resourceRule({
    name: "cloudwatch-log-group-expires",
    description:
      "CloudWatch log groups set a retention: never-expire groups (retentionInDays 0 or unset) are billed for storage forever.",
    group: "cost",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: [LOG_GROUP],
    remediation:
      "Set retentionInDays (365 meets CloudWatch.16); archive to S3 with a lifecycle rule if events must be kept longer.",
    check: (r) =>
      r.props.logGroupClass !== DELIVERY_LOG_GROUP_CLASS &&
      neverExpires(r.props) &&
      `${label(r)} never expires its events (retentionInDays ${r.props.retentionInDays ?? "unset"})`,
  }),
];
