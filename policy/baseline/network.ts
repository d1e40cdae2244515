/**
 * Network baseline (VPC, subnets, route tables, security groups, network ACLs, flow logs): what
 * the network rules enforce and what the components that build networks apply. Plain data,
 * imported by components, their tests and the policy rules alike.
 */

/** Sources that mean "the whole internet". */
export const WORLD_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

/** Ports that may be open to the internet, and only on a load balancer's security group (EC2.18's authorized ports). */
export const PUBLIC_WEB_PORTS: readonly number[] = [80, 443];

/** Remote administration ports: SSH and RDP (EC2.13, EC2.14, EC2.21, EC2.53, EC2.54). */
export const REMOTE_ADMIN_PORTS = { ssh: 22, rdp: 3389 } as const;

/** Protocol spellings that mean every protocol (and so every port) in security-group and NACL rules. */
export const ALL_PROTOCOLS: readonly string[] = ["-1", "all"];

/** IANA protocol numbers AWS accepts in place of names. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  "1": "icmp",
  "6": "tcp",
  "17": "udp",
  "58": "icmpv6",
};

/** Protocols whose rules carry ports (for ICMP, fromPort/toPort are the type and code). */
export const PORT_PROTOCOLS: readonly string[] = ["tcp", "udp"];

/** The description the Pulumi AWS provider gives a security group created without one. */
export const PROVIDER_DEFAULT_SG_DESCRIPTION = "Managed by Pulumi";

/** The tag that states a subnet's (and route table's) tier; RegionalNetwork sets it on every subnet. */
export const TIER_TAG = "Tier";

export const SUBNET_TIER_VALUES = { public: "public", private: "private", database: "database" } as const;

/** Subnet tiers that must have no route leaving the VPC. */
export const ISOLATED_TIERS: readonly string[] = [SUBNET_TIER_VALUES.database];

/** A route table's implicit route inside the VPC. */
export const LOCAL_ROUTE_TARGET = "local";

/**
 * Route targets that leave the VPC, by route property: internet and virtual private gateways
 * (`gatewayId`, other than "local"), NAT, egress-only internet, transit, carrier and local
 * (Outposts) gateways, VPC peering, Cloud WAN and Oracle Database@AWS networks.
 */
export const EXTERNAL_ROUTE_TARGETS: Readonly<Record<string, string>> = {
  gatewayId: "an internet or virtual private gateway",
  natGatewayId: "a NAT gateway",
  egressOnlyGatewayId: "an egress-only internet gateway",
  transitGatewayId: "a transit gateway",
  vpcPeeringConnectionId: "a VPC peering connection",
  carrierGatewayId: "a carrier gateway",
  localGatewayId: "a local gateway",
  coreNetworkArn: "a Cloud WAN core network",
  odbNetworkArn: "an ODB network",
};

/** Route targets that stay inside the VPC (allowed for isolated tiers unless the destination is the internet). */
export const INTERNAL_ROUTE_TARGETS: readonly string[] = ["vpcEndpointId", "networkInterfaceId"];

/** Flow logs record accepted and rejected traffic. */
export const FLOW_LOG_TRAFFIC_TYPE = "ALL";
