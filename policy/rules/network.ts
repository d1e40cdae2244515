/**
 * Network rules: security groups and their three v7 rule shapes (inline `ingress`/`egress`,
 * `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroup{Ingress,Egress}Rule`), network ACLs, subnets,
 * route tables and flow logs. Links between resources (a rule's group, a load balancer's groups, a
 * subnet's route table) are followed through property dependencies first, then by value.
 */
import type { PolicyConfigSchema } from "@pulumi/policy/policy";
import {
  ALL_PROTOCOLS,
  EXTERNAL_ROUTE_TARGETS,
  FLOW_LOG_TRAFFIC_TYPE,
  INTERNAL_ROUTE_TARGETS,
  ISOLATED_TIERS,
  LOCAL_ROUTE_TARGET,
  PORT_PROTOCOLS,
  PROTOCOL_NUMBERS,
  PROVIDER_DEFAULT_SG_DESCRIPTION,
  PUBLIC_WEB_PORTS,
  REMOTE_ADMIN_PORTS,
  TIER_TAG,
  WORLD_CIDRS,
} from "../baseline/network";
import { asArray, effectiveTags, label, resourceRule, stackRule } from "./helpers";
import { identifiersOf, type ResourceView, type StackResourceView, type StackView, type StackViolation } from "./types";

export const VPC = "aws:ec2/vpc:Vpc";
export const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SG_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const SG_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl";
export const NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
export const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
export const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
export const ROUTE = "aws:ec2/route:Route";
export const ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
export const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
export const VPC_ENDPOINT_ROUTE_TABLE_ASSOCIATION =
  "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation";
export const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

const GROUP_TYPES = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP];
const RULE_TYPES = [SECURITY_GROUP_RULE, SG_INGRESS_RULE, SG_EGRESS_RULE];

/**
 * The resources of `types` that `from.props[prop]` (a string or a list) points at: through the
 * recorded property dependency, or by value (their id, ARN or name).
 */
export function pointsTo(
  stack: StackView,
  from: StackResourceView,
  prop: string,
  ...types: string[]
): StackResourceView[] {
  const urns = from.propertyDependencies[prop] ?? [];
  const values = new Set(asArray<unknown>(from.props[prop]).filter((v): v is string => typeof v === "string"));
  return stack.ofType(...types).filter((t) => urns.includes(t.urn) || [...identifiersOf(t)].some((k) => values.has(k)));
}

/** True when the value (or one recorded dependency) is set: preview leaves resource ids unknown. */
const isSet = (r: StackResourceView, prop: string) =>
  (typeof r.props[prop] === "string" && r.props[prop] !== "") || (r.propertyDependencies[prop]?.length ?? 0) > 0;

// --- Security-group permissions ------------------------------------------------------------------

/** One security-group rule, whichever of the three shapes declared it. */
export interface Permission {
  direction: "ingress" | "egress";
  /** Where in the resource: `ingress[2]` for inline rules, "" for a rule resource. */
  at: string;
  /** Normalized: "all", "tcp", "udp", "icmp", "icmpv6" or what was given. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** IPv4 and IPv6 CIDR sources (or destinations, for egress). */
  cidrs: string[];
  /** Security groups, prefix lists or `self` as sources. */
  otherPeers: boolean;
  description?: string;
}

export function normalizeProtocol(value: unknown): string {
  const p = String(value ?? "").toLowerCase();
  if (ALL_PROTOCOLS.includes(p)) return "all";
  return PROTOCOL_NUMBERS[p] ?? p;
}

const strings = (...values: unknown[]) =>
  values.flatMap((v) => asArray<unknown>(v as unknown[])).filter((v): v is string => typeof v === "string" && v !== "");

function inline(r: ResourceView, direction: "ingress" | "egress"): Permission[] {
  return asArray<any>(r.props[direction]).map((e, i) => ({
    direction,
    at: `${direction}[${i}]`,
    protocol: normalizeProtocol(e?.protocol),
    fromPort: e?.fromPort,
    toPort: e?.toPort,
    cidrs: strings(e?.cidrBlocks, e?.ipv6CidrBlocks),
    otherPeers: e?.self === true || strings(e?.securityGroups, e?.prefixListIds).length > 0,
    description: e?.description,
  }));
}

/** Every rule a security group or rule resource declares. */
export function permissionsOf(r: ResourceView): Permission[] {
  const p = r.props;
  switch (r.type) {
    case SECURITY_GROUP:
    case DEFAULT_SECURITY_GROUP:
      return [...inline(r, "ingress"), ...inline(r, "egress")];
    case SECURITY_GROUP_RULE:
      return [
        {
          direction: p.type === "egress" ? "egress" : "ingress",
          at: "",
          protocol: normalizeProtocol(p.protocol),
          fromPort: p.fromPort,
          toPort: p.toPort,
          cidrs: strings(p.cidrBlocks, p.ipv6CidrBlocks),
          otherPeers: p.self === true || strings(p.sourceSecurityGroupId, p.prefixListIds).length > 0,
          description: p.description,
        },
      ];
    case SG_INGRESS_RULE:
    case SG_EGRESS_RULE:
      return [
        {
          direction: r.type === SG_INGRESS_RULE ? "ingress" : "egress",
          at: "",
          protocol: normalizeProtocol(p.ipProtocol),
          fromPort: p.fromPort,
          toPort: p.toPort,
          cidrs: strings(p.cidrIpv4, p.cidrIpv6),
          otherPeers: strings(p.referencedSecurityGroupId, p.prefixListId).length > 0,
          description: p.description,
        },
      ];
    default:
      return [];
  }
}

export const ingressOf = (r: ResourceView) => permissionsOf(r).filter((p) => p.direction === "ingress");

export const isWorld = (cidr: string) => WORLD_CIDRS.includes(cidr) || /\/0$/.test(cidr);

/** The port range a rule opens, or undefined when it carries no ports (ICMP and other protocols). */
export function portRange(p: { protocol: string; fromPort?: number; toPort?: number }): [number, number] | undefined {
  if (p.protocol === "all") return [0, 65535];
  if (!PORT_PROTOCOLS.includes(p.protocol)) return undefined;
  // Unknown or -1 ports (not yet resolved in a preview) are read as the widest range.
  const from = typeof p.fromPort === "number" && p.fromPort >= 0 ? p.fromPort : 0;
  const to = typeof p.toPort === "number" && p.toPort >= 0 ? p.toPort : 65535;
  return [from, to];
}

export const coversPort = (p: Permission, port: number) => {
  const range = portRange(p);
  return range !== undefined && range[0] <= port && port <= range[1];
};

function describeTraffic(p: { protocol: string; fromPort?: number; toPort?: number }): string {
  if (p.protocol === "all") return "all traffic";
  const range = portRange(p);
  if (!range) return `${p.protocol || "protocol ?"} traffic`;
  return range[0] === range[1] ? `${p.protocol} port ${range[0]}` : `${p.protocol} ports ${range[0]}-${range[1]}`;
}

const where = (r: ResourceView, p: Permission) => `${label(r)}${p.at ? ` ${p.at}` : ""}`;

/** A world-open ingress rule that only opens one of the public web ports over TCP. */
const isPublicWebOnly = (p: Permission, ports: readonly number[]) =>
  p.protocol === "tcp" && p.fromPort === p.toPort && ports.includes(p.fromPort as number);

interface PublicPortsConfig {
  publicPorts: number[];
}
const publicPortsConfig: { schema: PolicyConfigSchema; defaults: PublicPortsConfig } = {
  schema: {
    properties: {
      publicPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        description: "TCP ports a load balancer's security group may open to 0.0.0.0/0 and ::/0.",
      },
    },
  },
  defaults: { publicPorts: [...PUBLIC_WEB_PORTS] },
};

const GROUP_AND_RULE_TYPES = [...GROUP_TYPES, ...RULE_TYPES];

// --- Subnets and routes ----------------------------------------------------------------------------

interface RouteView {
  source: string;
  destination?: string;
  /** Properties naming where the route goes, with their value (or "(unknown)" when only a dependency says so). */
  targets: Record<string, string>;
}

function routeOfResource(route: StackResourceView): RouteView {
  const targets: Record<string, string> = {};
  for (const prop of [...Object.keys(EXTERNAL_ROUTE_TARGETS), ...INTERNAL_ROUTE_TARGETS]) {
    if (isSet(route, prop)) targets[prop] = typeof route.props[prop] === "string" ? route.props[prop] : "(unknown)";
  }
  const p = route.props;
  return {
    source: label(route),
    destination: p.destinationCidrBlock ?? p.destinationIpv6CidrBlock ?? p.destinationPrefixListId,
    targets,
  };
}

function inlineRoutes(table: StackResourceView): RouteView[] {
  return asArray<any>(table.props.routes).map((r, i) => {
    const targets: Record<string, string> = {};
    for (const prop of [...Object.keys(EXTERNAL_ROUTE_TARGETS), ...INTERNAL_ROUTE_TARGETS]) {
      if (typeof r?.[prop] === "string" && r[prop] !== "") targets[prop] = r[prop];
    }
    return {
      source: `${label(table)} routes[${i}]`,
      destination: r?.cidrBlock ?? r?.ipv6CidrBlock ?? r?.destinationPrefixListId,
      targets,
    };
  });
}

/** Why a route leaves the VPC, or undefined when it stays inside. */
function externalReason(route: RouteView): string | undefined {
  for (const [prop, value] of Object.entries(route.targets)) {
    if (prop === "gatewayId" && value === LOCAL_ROUTE_TARGET) continue;
    const what = EXTERNAL_ROUTE_TARGETS[prop];
    if (what) return `to ${what} (${prop} ${value})`;
  }
  if (route.destination && isWorld(route.destination)) return `to ${route.destination}`;
  const known = Object.entries(route.targets).some(
    ([prop, value]) => INTERNAL_ROUTE_TARGETS.includes(prop) || (prop === "gatewayId" && value === LOCAL_ROUTE_TARGET),
  );
  return known ? undefined : "with a target that cannot be checked";
}

function routeTablesOfSubnet(
  stack: StackView,
  subnet: StackResourceView,
): { associated: boolean; tables: StackResourceView[] } {
  const associations = stack.configuring(subnet, ROUTE_TABLE_ASSOCIATION, "subnetId");
  return {
    associated: associations.length > 0,
    tables: associations.flatMap((a) => pointsTo(stack, a, "routeTableId", ROUTE_TABLE)),
  };
}

// --- Network ACLs --------------------------------------------------------------------------------

interface AclEntry {
  at: string;
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
}

function aclIngressOf(r: ResourceView): AclEntry[] {
  const p = r.props;
  if (r.type === NETWORK_ACL_RULE) {
    if (p.egress === true || String(p.ruleAction ?? "").toLowerCase() !== "allow") return [];
    return [
      {
        at: `rule ${p.ruleNumber ?? "?"}`,
        protocol: normalizeProtocol(p.protocol),
        fromPort: p.fromPort,
        toPort: p.toPort,
        cidrs: strings(p.cidrBlock, p.ipv6CidrBlock),
      },
    ];
  }
  return asArray<any>(p.ingress)
    .filter((e) => String(e?.action ?? "").toLowerCase() === "allow")
    .map((e) => ({
      at: `ingress rule ${e?.ruleNo ?? "?"}`,
      protocol: normalizeProtocol(e?.protocol),
      fromPort: e?.fromPort,
      toPort: e?.toPort,
      cidrs: strings(e?.cidrBlock, e?.ipv6CidrBlock),
    }));
}

const ADMIN_PORTS = Object.values(REMOTE_ADMIN_PORTS);
const adminPortsIn = (e: { protocol: string; fromPort?: number; toPort?: number }) => {
  const range = portRange(e);
  return range ? ADMIN_PORTS.filter((port) => range[0] <= port && port <= range[1]) : [];
};

const namePorts = (ports: number[]) =>
  ports
    .map((x) => (x === REMOTE_ADMIN_PORTS.ssh ? `SSH ${x}` : x === REMOTE_ADMIN_PORTS.rdp ? `RDP ${x}` : String(x)))
    .join(" and ");

interface AdminConfig {
  allowFromPrivateSources: boolean;
}

export const networkRules = [
  resourceRule<PublicPortsConfig>({
    name: "ec2-sg-no-public-ingress",
    description:
      "[EC2.18, EC2.19] No security-group ingress from 0.0.0.0/0 or ::/0, except TCP 80/443 (checked by ec2-sg-public-web-ingress-on-load-balancer); covers inline ingress, aws.ec2.SecurityGroupRule and aws.vpc.SecurityGroupIngressRule.",
    group: "network",
    severity: "critical",
    resourceTypes: GROUP_AND_RULE_TYPES,
    remediation:
      "Allow ingress only from security groups or private CIDRs; put internet-facing services behind a load balancer whose group alone opens 80/443.",
    config: publicPortsConfig,
    check: (r, config) =>
      ingressOf(r)
        .filter((p) => !isPublicWebOnly(p, config.publicPorts))
        .flatMap((p) =>
          p.cidrs.filter(isWorld).map((cidr) => `${where(r, p)} allows ${describeTraffic(p)} from ${cidr}`),
        ),
  }),
  stackRule<PublicPortsConfig>({
    name: "ec2-sg-public-web-ingress-on-load-balancer",
    description:
      "[EC2.18] Ingress from 0.0.0.0/0 or ::/0 to TCP 80/443 is allowed only on security groups attached to a load balancer (aws.lb.LoadBalancer securityGroups).",
    group: "network",
    severity: "high",
    remediation:
      "Open 80/443 to the internet only on the load balancer's security group; let the targets accept traffic from that group.",
    config: publicPortsConfig,
    check: (stack, config) => {
      const loadBalancers = stack.ofType(...LOAD_BALANCER_TYPES);
      const onLoadBalancer = (group: StackResourceView) =>
        loadBalancers.some((lb) => pointsTo(stack, lb, "securityGroups", ...GROUP_TYPES).includes(group));
      return stack.ofType(...GROUP_AND_RULE_TYPES).flatMap((r) => {
        const open = ingressOf(r).filter((p) => isPublicWebOnly(p, config.publicPorts) && p.cidrs.some(isWorld));
        if (open.length === 0) return [];
        const groups = GROUP_TYPES.includes(r.type) ? [r] : pointsTo(stack, r, "securityGroupId", ...GROUP_TYPES);
        if (groups.length > 0 && groups.every(onLoadBalancer)) return [];
        const target =
          groups.length > 0
            ? groups.map((g) => `security group "${g.name}"`).join(", ")
            : `security group ${JSON.stringify(r.props.securityGroupId ?? "(unknown)")} (not in this stack)`;
        return open.map((p): StackViolation => ({
          message: `${where(r, p)} opens ${describeTraffic(p)} to ${p.cidrs.filter(isWorld).join(", ")} on ${target}, which is not attached to any load balancer in this stack`,
          urn: r.urn,
        }));
      });
    },
  }),
  resourceRule<AdminConfig>({
    name: "ec2-sg-no-ssh-rdp-ingress",
    description:
      "[EC2.13, EC2.14, EC2.53, EC2.54] No security-group ingress reaches SSH (22) or RDP (3389) from any source, including port ranges that cover them and all-protocol (-1) rules; administer hosts through SSM Session Manager.",
    group: "network",
    severity: "high",
    resourceTypes: GROUP_AND_RULE_TYPES,
    remediation:
      "Remove the rule (or narrow its port range and protocol) and reach instances with SSM Session Manager instead of SSH/RDP.",
    config: {
      schema: {
        properties: {
          allowFromPrivateSources: {
            type: "boolean",
            description: "When true, only ingress from 0.0.0.0/0 or ::/0 to 22/3389 is reported.",
          },
        },
      },
      defaults: { allowFromPrivateSources: false },
    },
    check: (r, config) =>
      ingressOf(r).flatMap((p) => {
        const ports = adminPortsIn(p);
        if (ports.length === 0) return [];
        const world = p.cidrs.filter(isWorld);
        if (config.allowFromPrivateSources && world.length === 0) return [];
        const sources =
          world.length > 0
            ? world.join(", ")
            : p.cidrs.length > 0
              ? p.cidrs.join(", ")
              : "other security groups or prefix lists";
        return [`${where(r, p)} allows ${describeTraffic(p)} (covering ${namePorts(ports)}) from ${sources}`];
      }),
  }),
  resourceRule({
    name: "ec2-sg-rule-description",
    description:
      "Every security-group rule (inline ingress/egress, aws.ec2.SecurityGroupRule, aws.vpc.SecurityGroupIngressRule/EgressRule) has a description saying why it exists.",
    group: "network",
    severity: "low",
    resourceTypes: GROUP_AND_RULE_TYPES,
    remediation: 'Set description on the rule, e.g. "HTTPS from the ALB".',
    check: (r) =>
      permissionsOf(r)
        .filter((p) => typeof p.description !== "string" || p.description.trim() === "")
        .map((p) => `${where(r, p)} ${p.direction} rule (${describeTraffic(p)}) has no description`),
  }),
  resourceRule({
    name: "ec2-sg-description",
    description:
      'Every security group states its purpose in its description (not the provider\'s default "Managed by Pulumi").',
    group: "network",
    severity: "low",
    resourceTypes: [SECURITY_GROUP],
    remediation:
      "Set description on the aws.ec2.SecurityGroup (it forces replacement, so set it when creating the group).",
    check: (r) => {
      const d = r.props.description;
      if (typeof d !== "string" || d.trim() === "") return `${label(r)} has no description`;
      return d === PROVIDER_DEFAULT_SG_DESCRIPTION && `${label(r)} keeps the provider's default description "${d}"`;
    },
  }),
  resourceRule({
    name: "ec2-default-sg-no-rules",
    description: "[EC2.2] The VPC default security group allows no inbound or outbound traffic.",
    group: "network",
    severity: "high",
    resourceTypes: [DEFAULT_SECURITY_GROUP],
    remediation:
      "Declare the aws.ec2.DefaultSecurityGroup with ingress: [] and egress: [], and use dedicated security groups instead.",
    check: (r) => {
      const counts = (["ingress", "egress"] as const)
        .map((d) => [d, asArray(r.props[d]).length] as const)
        .filter(([, n]) => n > 0);
      return counts.length > 0 && `${label(r)} keeps ${counts.map(([d, n]) => `${n} ${d} rule(s)`).join(" and ")}`;
    },
  }),
  stackRule({
    name: "ec2-vpc-default-sg-locked-down",
    description:
      "[EC2.2] Every VPC's default security group is adopted (aws.ec2.DefaultSecurityGroup strips AWS's allow-all rules), and no rule resource adds rules to it.",
    group: "network",
    severity: "high",
    remediation:
      "Add an aws.ec2.DefaultSecurityGroup with vpcId set to the VPC and ingress: [] and egress: []; attach rules to dedicated groups instead.",
    check: (stack) => {
      const defaults = stack.ofType(DEFAULT_SECURITY_GROUP);
      const unadopted = stack.ofType(VPC).flatMap((vpc): StackViolation[] =>
        defaults.some((d) => pointsTo(stack, d, "vpcId", VPC).includes(vpc))
          ? []
          : [
              {
                message: `${label(vpc)} has no aws.ec2.DefaultSecurityGroup, so its default group keeps AWS's allow-all rules`,
                urn: vpc.urn,
              },
            ],
      );
      // A rule whose group comes from a VPC can only be on its default group (vpc.defaultSecurityGroupId).
      const added = stack.ofType(...RULE_TYPES).flatMap((rule): StackViolation[] => {
        const onDefault = pointsTo(stack, rule, "securityGroupId", DEFAULT_SECURITY_GROUP, VPC, DEFAULT_VPC);
        return onDefault.length > 0
          ? [
              {
                message: `${label(rule)} adds a rule to the default security group of "${onDefault[0]!.name}"`,
                urn: rule.urn,
              },
            ]
          : [];
      });
      return [...unadopted, ...added];
    },
  }),
  stackRule({
    name: "ec2-vpc-flow-logs",
    description: "[EC2.6] Every VPC has a flow log (aws.ec2.FlowLog whose vpcId is the VPC).",
    group: "network",
    severity: "medium",
    remediation:
      "Create an aws.ec2.FlowLog with vpcId set to the VPC and trafficType ALL (RegionalNetwork does unless flowLogs is { skip: true }).",
    check: (stack) =>
      stack
        .ofType(VPC, DEFAULT_VPC)
        .flatMap((vpc): StackViolation[] =>
          stack.configuring(vpc, FLOW_LOG, "vpcId").length > 0
            ? []
            : [{ message: `${label(vpc)} has no flow log`, urn: vpc.urn }],
        ),
  }),
  resourceRule({
    name: "ec2-flow-log-all-traffic",
    description: "[EC2.6] Flow logs capture all traffic (trafficType ALL), not only accepted or rejected packets.",
    group: "network",
    severity: "medium",
    resourceTypes: [FLOW_LOG],
    remediation: `Set trafficType to "${FLOW_LOG_TRAFFIC_TYPE}".`,
    check: (r) =>
      r.props.trafficType !== FLOW_LOG_TRAFFIC_TYPE &&
      `${label(r)} captures trafficType ${JSON.stringify(r.props.trafficType)}, not ${FLOW_LOG_TRAFFIC_TYPE}`,
  }),
  stackRule({
    name: "ec2-database-subnet-no-external-routes",
    description:
      "Subnets tagged Tier=database route nowhere outside the VPC: their route tables (explicit aws.ec2.RouteTableAssociation) have no route, inline or aws.ec2.Route, to an internet, NAT, egress-only, transit or virtual private gateway, a peering connection or 0.0.0.0/0 / ::/0, and no gateway endpoint routes.",
    group: "network",
    severity: "high",
    remediation:
      "Associate database subnets with a route table of their own that holds only the local route; send no default route, NAT, gateway or endpoint routes to it.",
    check: (stack) => {
      const isolated = stack.ofType(SUBNET).filter((s) => ISOLATED_TIERS.includes(effectiveTags(s)[TIER_TAG] ?? ""));
      return isolated.flatMap((subnet): StackViolation[] => {
        const tier = effectiveTags(subnet)[TIER_TAG];
        const { associated, tables } = routeTablesOfSubnet(stack, subnet);
        if (!associated)
          return [
            {
              message: `${label(subnet)} (${TIER_TAG}=${tier}) has no route table association, so it uses the VPC's main route table`,
              urn: subnet.urn,
            },
          ];
        return tables.flatMap((table) => {
          const routes = [
            ...inlineRoutes(table),
            ...stack.configuring(table, ROUTE, "routeTableId").map(routeOfResource),
          ];
          const viaRoutes = routes.flatMap((route) => {
            const reason = externalReason(route);
            return reason ? [`${route.source} routes ${route.destination ?? "(unknown destination)"} ${reason}`] : [];
          });
          const endpoints = [
            ...stack
              .ofType(VPC_ENDPOINT)
              .filter((e) => pointsTo(stack, e, "routeTableIds", ROUTE_TABLE).includes(table)),
            ...stack.configuring(table, VPC_ENDPOINT_ROUTE_TABLE_ASSOCIATION, "routeTableId"),
          ].map((e) => `${label(e)} adds gateway endpoint routes`);
          return [...viaRoutes, ...endpoints].map((why) => ({
            message: `${label(subnet)} (${TIER_TAG}=${tier}) uses route table "${table.name}": ${why}`,
            urn: subnet.urn,
          }));
        });
      });
    },
  }),
  resourceRule({
    name: "ec2-subnet-no-public-ip",
    description:
      "[EC2.15] Subnets do not assign public IPv4 addresses on launch (mapPublicIpOnLaunch); default subnets do unless told otherwise.",
    group: "network",
    severity: "medium",
    resourceTypes: [SUBNET, DEFAULT_SUBNET],
    remediation: "Set mapPublicIpOnLaunch: false; give public endpoints a load balancer or an Elastic IP instead.",
    check: (r) => {
      const value = r.props.mapPublicIpOnLaunch;
      if (r.type === DEFAULT_SUBNET)
        return (
          value !== false &&
          `${label(r)} is a default subnet and assigns public IPs on launch (mapPublicIpOnLaunch ${value === undefined ? "defaults to true" : String(value)})`
        );
      return value === true && `${label(r)} sets mapPublicIpOnLaunch true`;
    },
  }),
  resourceRule({
    name: "ec2-nacl-no-public-admin-ports",
    description:
      "[EC2.21] Network ACLs do not allow ingress from 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389), including port ranges and all-protocol entries that cover them.",
    group: "network",
    severity: "high",
    resourceTypes: [NETWORK_ACL, NETWORK_ACL_RULE, DEFAULT_NETWORK_ACL],
    remediation:
      "Remove the allow entry or narrow it to the ports and private CIDRs that need it; administer hosts through SSM Session Manager.",
    check: (r) =>
      aclIngressOf(r).flatMap((e) => {
        const ports = adminPortsIn(e);
        const world = e.cidrs.filter(isWorld);
        if (ports.length === 0 || world.length === 0) return [];
        return [
          `${label(r)} ${e.at} allows ${describeTraffic(e)} (covering ${namePorts(ports)}) from ${world.join(", ")}`,
        ];
      }),
  }),
];
