import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export type RuleProtocol = "tcp" | "udp";

/**
 * Ingress from exactly one of: another security group (the usual case), or an IPv4 CIDR, which
 * only an internet-facing load balancer needs (0.0.0.0/0 must be acknowledged).
 */
export interface SecurityGroupIngressFrom {
  /** Source security group. @default none */
  fromSecurityGroupId?: pulumi.Input<string>;
  /** Source IPv4 CIDR. @default none */
  fromCidrIpv4?: pulumi.Input<string>;
  /**
   * Must be true to accept traffic from 0.0.0.0/0 (an internet-facing load balancer's listeners).
   * @default false
   */
  acknowledgeInternetIngress?: boolean;
  /** The port, or the first port of a range that ends at `toPort`. */
  port: number;
  /**
   * The last port of a range starting at `port` (e.g. Kubernetes NodePorts 30000-32767).
   * @default `port` (one port)
   */
  toPort?: number;
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
 * A security group whose ingress comes from other security groups (or from the CIDRs given
 * explicitly, the internet only when acknowledged) and whose egress is
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
  createIngressRules(name, group, args.ingress);
  createEgressRules(name, group, args.egress);
  return group;
}

/**
 * More egress for a group created by `createLeastPrivilegeSecurityGroup`, for rules that name a
 * group created after it: two groups that reference each other (the app's egress to the database,
 * the database's ingress from the app) cannot both name the other when they are created. `name`
 * prefixes the rules' logical names (`<name>-out-<i>`) and must be unique.
 */
export function addEgressRules(name: string, group: aws.ec2.SecurityGroup, egress: SecurityGroupEgressTo[]): void {
  validateRules(name, [], egress);
  createEgressRules(name, group, egress);
}

// Rules are children of the group, so they inherit its provider and show up under it.
function createIngressRules(name: string, group: aws.ec2.SecurityGroup, ingress: SecurityGroupIngressFrom[]): void {
  ingress.forEach((rule, i) => {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-in-${i}`,
      {
        securityGroupId: group.id,
        referencedSecurityGroupId: rule.fromSecurityGroupId,
        cidrIpv4: rule.fromCidrIpv4,
        ipProtocol: rule.protocol ?? "tcp",
        fromPort: rule.port,
        toPort: rule.toPort ?? rule.port,
        description: rule.description,
      },
      { parent: group },
    );
  });
}

function createEgressRules(name: string, group: aws.ec2.SecurityGroup, egress: SecurityGroupEgressTo[]): void {
  egress.forEach((rule, i) => {
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
      { parent: group },
    );
  });
}

const DESCRIPTION_MAX = 255;

function validate(name: string, args: LeastPrivilegeSecurityGroupArgs): void {
  if (
    typeof args.description !== "string" ||
    args.description.trim() === "" ||
    args.description.length > DESCRIPTION_MAX
  ) {
    throw new Error(
      `${name}: description: ${JSON.stringify(args.description)} must be a non-empty description of at most ${DESCRIPTION_MAX} characters`,
    );
  }
  validateRules(name, args.ingress, args.egress);
}

function validateRules(name: string, ingress: SecurityGroupIngressFrom[], egress: SecurityGroupEgressTo[]): void {
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
  ingress.forEach((rule, i) => {
    const at = `ingress[${i}]`;
    const sources = [rule.fromSecurityGroupId, rule.fromCidrIpv4].filter((s) => s !== undefined);
    if (sources.length !== 1) {
      throw new Error(`${name}: ${at}: give exactly one of fromSecurityGroupId, fromCidrIpv4 (got ${sources.length})`);
    }
    if (rule.fromCidrIpv4 === "0.0.0.0/0" && rule.acknowledgeInternetIngress !== true) {
      throw new Error(
        `${name}: ${at}.fromCidrIpv4: "0.0.0.0/0" opens the port to the internet; set acknowledgeInternetIngress: true if that is intended (a public load balancer)`,
      );
    }
    port(`${at}.port`, rule.port);
    if (rule.toPort !== undefined) {
      port(`${at}.toPort`, rule.toPort);
      if (rule.toPort < rule.port) {
        throw new Error(
          `${name}: ${at}.toPort: ${rule.toPort} is below port ${rule.port}; a range runs from port to toPort`,
        );
      }
    }
    protocol(`${at}.protocol`, rule.protocol);
    describe(`${at}.description`, rule.description);
  });
  egress.forEach((rule, i) => {
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
