import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export type RuleProtocol = "tcp" | "udp";

/** Ingress from another security group; the only kind of ingress this helper creates. */
export interface SecurityGroupIngressFrom {
  fromSecurityGroupId: pulumi.Input<string>;
  port: number;
  /** @default "tcp" */
  protocol?: RuleProtocol;
  description: string;
}

/** Egress to exactly one of: a security group, an IPv4 CIDR, or a managed prefix list. */
export interface SecurityGroupEgressTo {
  /** Destination security group. @default none */
  toSecurityGroupId?: pulumi.Input<string>;
  /** Destination IPv4 CIDR. @default none */
  cidrIpv4?: pulumi.Input<string>;
  /** Destination managed prefix list (e.g. a gateway endpoint's). @default none */
  prefixListId?: pulumi.Input<string>;
  port: number;
  /** @default "tcp" */
  protocol?: RuleProtocol;
  description: string;
  /**
   * Must be true to send traffic to 0.0.0.0/0 (through the NAT gateways).
   * @default false
   */
  acknowledgeInternetEgress?: boolean;
}

export interface LeastPrivilegeSecurityGroupArgs {
  vpcId: pulumi.Input<string>;
  description: string;
  ingress: SecurityGroupIngressFrom[];
  /** The complete egress; an empty list means no egress at all. */
  egress: SecurityGroupEgressTo[];
}

/**
 * A security group whose ingress comes only from other security groups and whose egress is
 * exactly the listed rules, each a separate `aws.vpc` rule resource with a description. The
 * provider removes AWS's default allow-all egress rule when it creates the group.
 */
export function createLeastPrivilegeSecurityGroup(
  name: string,
  args: LeastPrivilegeSecurityGroupArgs,
  opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
  validate(name, args);
  const group = new aws.ec2.SecurityGroup(
    name,
    { vpcId: args.vpcId, description: args.description, revokeRulesOnDelete: true, tags: { Name: name } },
    opts,
  );
  // Rules are children of the group, so they inherit its provider and show up under it.
  const ruleOpts: pulumi.CustomResourceOptions = { parent: group };
  args.ingress.forEach((rule, i) => {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-in-${i}`,
      {
        securityGroupId: group.id,
        referencedSecurityGroupId: rule.fromSecurityGroupId,
        ipProtocol: rule.protocol ?? "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        description: rule.description,
      },
      ruleOpts,
    );
  });
  args.egress.forEach((rule, i) => {
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-out-${i}`,
      {
        securityGroupId: group.id,
        referencedSecurityGroupId: rule.toSecurityGroupId,
        cidrIpv4: rule.cidrIpv4,
        prefixListId: rule.prefixListId,
        ipProtocol: rule.protocol ?? "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        description: rule.description,
      },
      ruleOpts,
    );
  });
  return group;
}

const DESCRIPTION_MAX = 255;

function validate(name: string, args: LeastPrivilegeSecurityGroupArgs): void {
  const describe = (path: string, value: unknown): void => {
    if (typeof value !== "string" || value.trim() === "" || value.length > DESCRIPTION_MAX) {
      throw new Error(
        `${name}: ${path}: ${JSON.stringify(value)} must be a non-empty description of at most ${DESCRIPTION_MAX} characters`,
      );
    }
  };
  const port = (path: string, value: unknown): void => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
      throw new Error(`${name}: ${path}: ${JSON.stringify(value)} must be a port from 1 to 65535`);
    }
  };
  const protocol = (path: string, value: unknown): void => {
    if (value !== undefined && value !== "tcp" && value !== "udp") {
      throw new Error(`${name}: ${path}: ${JSON.stringify(value)} must be "tcp" or "udp"`);
    }
  };
  describe("description", args.description);
  args.ingress.forEach((rule, i) => {
    const at = `ingress[${i}]`;
    if (rule.fromSecurityGroupId === undefined) {
      throw new Error(`${name}: ${at}.fromSecurityGroupId is required: ingress is only allowed from security groups`);
    }
    port(`${at}.port`, rule.port);
    protocol(`${at}.protocol`, rule.protocol);
    describe(`${at}.description`, rule.description);
  });
  args.egress.forEach((rule, i) => {
    const at = `egress[${i}]`;
    const targets = [rule.toSecurityGroupId, rule.cidrIpv4, rule.prefixListId].filter((t) => t !== undefined);
    if (targets.length !== 1) {
      throw new Error(
        `${name}: ${at}: give exactly one of toSecurityGroupId, cidrIpv4, prefixListId (got ${targets.length})`,
      );
    }
    if (rule.cidrIpv4 === "0.0.0.0/0" && rule.acknowledgeInternetEgress !== true) {
      throw new Error(
        `${name}: ${at}.cidrIpv4: "0.0.0.0/0" opens egress to the internet; set acknowledgeInternetEgress: true if that is intended`,
      );
    }
    port(`${at}.port`, rule.port);
    protocol(`${at}.protocol`, rule.protocol);
    describe(`${at}.description`, rule.description);
  });
}
