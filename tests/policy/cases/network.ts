/** The network rules' cases: for each rule, resources that comply and resources that break it (tests/policy/network.test.ts, tests/policy/insecure-graph.test.ts). */
import { networkRules } from "../../../policy/rules/network";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = networkRules.find((r) => r.name === name);
  if (!found) throw new Error(`no network rule ${name}`);
  return found;
};

const SG = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LB = "aws:lb/loadBalancer:LoadBalancer";

const group = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: SG,
  name,
  inputs: { vpcId: "vpc-0abc", description: `${name} group`, ...inputs },
});
/** An aws.vpc.SecurityGroupIngressRule on `sg` (a logical name in the graph, or a literal id). */
const ingress = (name: string, sg: string, inputs: Record<string, unknown>): Spec => ({
  type: INGRESS,
  name,
  inputs: { securityGroupId: sg.startsWith("sg-") ? sg : `${sg}-id`, description: `${name} rule`, ...inputs },
  from: { securityGroupId: sg },
});
const classicRule = (name: string, sg: string, inputs: Record<string, unknown>): Spec => ({
  type: SG_RULE,
  name,
  inputs: { type: "ingress", securityGroupId: `${sg}-id`, description: `${name} rule`, ...inputs },
  from: { securityGroupId: sg },
});
const loadBalancer = (name: string, groups: string[]): Spec => ({
  type: LB,
  name,
  inputs: { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"] },
  from: { securityGroups: groups },
});

const vpc = (name: string): Spec => ({ type: "aws:ec2/vpc:Vpc", name, inputs: { cidrBlock: "10.0.0.0/16" } });
const subnet = (name: string, tier: string): Spec => ({
  type: "aws:ec2/subnet:Subnet",
  name,
  inputs: { vpcId: "vpc-0abc", cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: false, tags: { Name: name, Tier: tier } },
  from: { vpcId: "main" },
});
const routeTable = (name: string, routes: unknown[] = []): Spec => ({
  type: "aws:ec2/routeTable:RouteTable",
  name,
  inputs: { vpcId: "vpc-0abc", routes },
  from: { vpcId: "main" },
});
const associate = (subnetName: string, table: string): Spec => ({
  type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  name: `${subnetName}-rta`,
  inputs: { subnetId: `${subnetName}-id`, routeTableId: `${table}-id` },
  from: { subnetId: subnetName, routeTableId: table },
});
const route = (
  name: string,
  table: string,
  inputs: Record<string, unknown>,
  from: Record<string, string> = {},
): Spec => ({
  type: "aws:ec2/route:Route",
  name,
  inputs: { routeTableId: `${table}-id`, ...inputs },
  from: { routeTableId: table, ...from },
});

export const networkCases: RuleCase[] = [
  {
    rule: rule("ec2-sg-no-public-ingress"),
    compliant: [
      group("alb-sg", {
        ingress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
            ipv6CidrBlocks: ["::/0"],
            description: "HTTPS",
          },
        ],
      }),
      group("db-sg"),
      ingress("db-from-vpc", "db-sg", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/16" }),
      classicRule("db-from-app", "db-sg", {
        protocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        sourceSecurityGroupId: "sg-0app",
      }),
    ],
    violating: [
      group("web-sg", {
        ingress: [{ protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "web" }],
      }),
      ingress("all-open", "web-sg", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
      classicRule("alt-http", "web-sg", { protocol: "6", fromPort: 8080, toPort: 8080, ipv6CidrBlocks: ["::/0"] }),
    ],
    message:
      /"web-sg" ingress\[0\] allows tcp ports 80-443 from 0\.0\.0\.0\/0[\s\S]*"all-open" allows all traffic from 0\.0\.0\.0\/0[\s\S]*"alt-http" allows tcp port 8080 from ::\/0/,
  },
  {
    rule: rule("ec2-sg-public-web-ingress-on-load-balancer"),
    compliant: [
      group("alb-sg", {
        ingress: [
          { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], description: "HTTP, redirected" },
        ],
      }),
      ingress("alb-https", "alb-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
      ingress("alb-https6", "alb-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" }),
      loadBalancer("alb", ["alb-sg"]),
      group("app-sg"),
      ingress("app-from-alb", "app-sg", {
        ipProtocol: "tcp",
        fromPort: 8080,
        toPort: 8080,
        referencedSecurityGroupId: "alb-sg-id",
      }),
    ],
    violating: [
      group("alb-sg"),
      loadBalancer("alb", ["alb-sg"]),
      group("app-sg"),
      ingress("app-https", "app-sg", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
      ingress("elsewhere", "sg-0123456789abcdef0", { ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv6: "::/0" }),
    ],
    message:
      /"app-https" opens tcp port 443 to 0\.0\.0\.0\/0 on security group "app-sg", which is not attached to any load balancer in this stack[\s\S]*"elsewhere" opens tcp port 80 to ::\/0 on security group "sg-0123456789abcdef0" \(not in this stack\), which is not attached/,
  },
  {
    rule: rule("ec2-sg-no-ssh-rdp-ingress"),
    compliant: [
      group("app-sg", {
        ingress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            securityGroups: ["sg-0alb"],
            description: "HTTPS from the ALB",
          },
        ],
      }),
      ingress("metrics", "app-sg", { ipProtocol: "tcp", fromPort: 8000, toPort: 8080, cidrIpv4: "10.0.0.0/8" }),
      ingress("ping", "app-sg", { ipProtocol: "icmp", fromPort: 8, toPort: 0, cidrIpv4: "10.0.0.0/8" }),
    ],
    violating: [
      group("bastion-sg", {
        ingress: [{ protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"], description: "RDP" }],
      }),
      classicRule("low-ports", "bastion-sg", {
        protocol: "tcp",
        fromPort: 0,
        toPort: 1024,
        cidrBlocks: ["10.0.0.0/8"],
      }),
      ingress("everything", "bastion-sg", { ipProtocol: "-1", referencedSecurityGroupId: "sg-0other" }),
    ],
    message:
      /"bastion-sg" ingress\[0\] allows tcp port 3389 \(covering RDP 3389\) from 0\.0\.0\.0\/0[\s\S]*"low-ports" allows tcp ports 0-1024 \(covering SSH 22\) from 10\.0\.0\.0\/8[\s\S]*"everything" allows all traffic \(covering SSH 22 and RDP 3389\) from other security groups/,
  },
  {
    rule: rule("ec2-sg-rule-description"),
    compliant: [
      group("app-sg", {
        ingress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            securityGroups: ["sg-0alb"],
            description: "HTTPS from the ALB",
          },
        ],
        egress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["10.0.0.0/16"],
            description: "HTTPS to endpoints",
          },
        ],
      }),
      ingress("app-from-alb", "app-sg", {
        ipProtocol: "tcp",
        fromPort: 8080,
        toPort: 8080,
        referencedSecurityGroupId: "sg-0alb",
      }),
    ],
    violating: [
      group("app-sg", {
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: ["sg-0alb"], description: " " }],
      }),
      {
        type: EGRESS,
        name: "to-endpoints",
        inputs: {
          securityGroupId: "app-sg-id",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "10.0.0.0/16",
        },
        from: { securityGroupId: "app-sg" },
      },
    ],
    message:
      /"app-sg" ingress\[0\] ingress rule \(tcp port 443\) has no description[\s\S]*"to-endpoints" egress rule \(tcp port 443\) has no description/,
  },
  {
    rule: rule("ec2-sg-description"),
    compliant: [group("alb-sg", { description: "ALB: HTTP and HTTPS from the internet" })],
    violating: [
      group("alb-sg", { description: "Managed by Pulumi" }),
      { type: SG, name: "bare-sg", inputs: { vpcId: "vpc-0abc" } },
    ],
    message: /"alb-sg" keeps the provider's default description "Managed by Pulumi"[\s\S]*"bare-sg" has no description/,
  },
  {
    rule: rule("ec2-default-sg-no-rules"),
    compliant: [{ type: DEFAULT_SG, name: "main-default-sg", inputs: { vpcId: "vpc-0abc", ingress: [], egress: [] } }],
    violating: [
      {
        type: DEFAULT_SG,
        name: "main-default-sg",
        inputs: {
          vpcId: "vpc-0abc",
          ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
          egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        },
      },
    ],
    message: /"main-default-sg" keeps 1 ingress rule\(s\) and 1 egress rule\(s\)/,
  },
  {
    rule: rule("ec2-vpc-default-sg-locked-down"),
    compliant: [
      vpc("main"),
      {
        type: DEFAULT_SG,
        name: "main-default-sg",
        inputs: { vpcId: "vpc-0abc", ingress: [], egress: [] },
        from: { vpcId: "main" },
      },
    ],
    violating: [
      vpc("main"),
      vpc("other"),
      {
        type: DEFAULT_SG,
        name: "other-default-sg",
        inputs: { vpcId: "vpc-0def", ingress: [], egress: [] },
        from: { vpcId: "other" },
      },
      {
        type: INGRESS,
        name: "sneaky",
        inputs: {
          securityGroupId: "sg-0default",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "10.0.0.0/8",
          description: "x",
        },
        from: { securityGroupId: "other" },
      },
    ],
    message:
      /aws:ec2\/vpc:Vpc "main" has no aws\.ec2\.DefaultSecurityGroup[\s\S]*"sneaky" adds a rule to the default security group of "other"/,
  },
  {
    rule: rule("ec2-vpc-flow-logs"),
    compliant: [
      vpc("main"),
      {
        type: "aws:ec2/flowLog:FlowLog",
        name: "main-flow-log",
        inputs: { vpcId: "vpc-0abc", trafficType: "ALL" },
        from: { vpcId: "main" },
      },
    ],
    violating: [
      vpc("main"),
      vpc("other"),
      {
        type: "aws:ec2/flowLog:FlowLog",
        name: "other-flow-log",
        inputs: { vpcId: "vpc-0def", trafficType: "ALL" },
        from: { vpcId: "other" },
      },
    ],
    message: /^aws:ec2\/vpc:Vpc "main" has no flow log$/,
  },
  {
    rule: rule("ec2-flow-log-all-traffic"),
    compliant: [
      { type: "aws:ec2/flowLog:FlowLog", name: "flow-log", inputs: { vpcId: "vpc-0abc", trafficType: "ALL" } },
    ],
    violating: [
      { type: "aws:ec2/flowLog:FlowLog", name: "flow-log", inputs: { vpcId: "vpc-0abc", trafficType: "REJECT" } },
    ],
    message: /"flow-log" captures trafficType "REJECT", not ALL/,
  },
  {
    rule: rule("ec2-database-subnet-no-external-routes"),
    compliant: [
      vpc("main"),
      subnet("database-0", "database"),
      routeTable("database-rt", [{ cidrBlock: "10.0.0.0/16", gatewayId: "local" }]),
      associate("database-0", "database-rt"),
      subnet("public-0", "public"),
      routeTable("public-rt"),
      associate("public-0", "public-rt"),
      { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", inputs: { vpcId: "vpc-0abc" } },
      route(
        "public-default",
        "public-rt",
        { destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" },
        { gatewayId: "igw" },
      ),
      {
        type: "aws:ec2/vpcEndpoint:VpcEndpoint",
        name: "s3",
        inputs: { vpcId: "vpc-0abc", vpcEndpointType: "Gateway", routeTableIds: ["private-rt-id"] },
      },
    ],
    violating: [
      vpc("main"),
      subnet("database-0", "database"),
      subnet("database-1", "database"),
      routeTable("database-rt", [{ cidrBlock: "10.1.0.0/16", vpcPeeringConnectionId: "pcx-0123" }]),
      associate("database-0", "database-rt"),
      { type: "aws:ec2/natGateway:NatGateway", name: "nat", inputs: { subnetId: "subnet-0pub" } },
      // In a preview the NAT gateway id is not known yet: only the dependency says where the route goes.
      route("database-default", "database-rt", { destinationCidrBlock: "0.0.0.0/0" }, { natGatewayId: "nat" }),
      {
        type: "aws:ec2/vpcEndpoint:VpcEndpoint",
        name: "s3",
        inputs: { vpcId: "vpc-0abc", vpcEndpointType: "Gateway", routeTableIds: ["database-rt-id"] },
        from: { routeTableIds: "database-rt" },
      },
    ],
    message: new RegExp(
      [
        /aws:ec2\/subnet:Subnet "database-0" \(Tier=database\) uses route table "database-rt": aws:ec2\/routeTable:RouteTable "database-rt" routes\[0\] routes 10\.1\.0\.0\/16 to a VPC peering connection \(vpcPeeringConnectionId pcx-0123\)/
          .source,
        /"database-default" routes 0\.0\.0\.0\/0 to a NAT gateway \(natGatewayId \(unknown\)\)/.source,
        /aws:ec2\/vpcEndpoint:VpcEndpoint "s3" adds gateway endpoint routes/.source,
        /aws:ec2\/subnet:Subnet "database-1" \(Tier=database\) has no route table association, so it uses the VPC's main route table/
          .source,
      ].join("[\\s\\S]*"),
    ),
  },
  {
    rule: rule("ec2-subnet-no-public-ip"),
    compliant: [
      subnet("private-0", "private"),
      {
        type: "aws:ec2/defaultSubnet:DefaultSubnet",
        name: "default-a",
        inputs: { availabilityZone: "us-east-1a", mapPublicIpOnLaunch: false },
      },
    ],
    violating: [
      {
        type: "aws:ec2/subnet:Subnet",
        name: "public-0",
        inputs: { vpcId: "vpc-0abc", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true },
      },
      { type: "aws:ec2/defaultSubnet:DefaultSubnet", name: "default-a", inputs: { availabilityZone: "us-east-1a" } },
    ],
    message:
      /"public-0" sets mapPublicIpOnLaunch true[\s\S]*"default-a" is a default subnet and assigns public IPs on launch \(mapPublicIpOnLaunch defaults to true\)/,
  },
  {
    rule: rule("ec2-nacl-no-public-admin-ports"),
    compliant: [
      {
        type: "aws:ec2/networkAclRule:NetworkAclRule",
        name: "https-in",
        inputs: {
          networkAclId: "acl-0abc",
          ruleNumber: 100,
          egress: false,
          protocol: "tcp",
          ruleAction: "allow",
          cidrBlock: "0.0.0.0/0",
          fromPort: 443,
          toPort: 443,
        },
      },
      {
        type: "aws:ec2/networkAclRule:NetworkAclRule",
        name: "deny-all",
        inputs: {
          networkAclId: "acl-0abc",
          ruleNumber: 90,
          protocol: "-1",
          ruleAction: "deny",
          cidrBlock: "0.0.0.0/0",
        },
      },
      {
        type: "aws:ec2/networkAclRule:NetworkAclRule",
        name: "all-out",
        inputs: {
          networkAclId: "acl-0abc",
          ruleNumber: 100,
          egress: true,
          protocol: "-1",
          ruleAction: "allow",
          cidrBlock: "0.0.0.0/0",
        },
      },
      {
        type: "aws:ec2/networkAcl:NetworkAcl",
        name: "private-acl",
        inputs: {
          vpcId: "vpc-0abc",
          ingress: [
            { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "10.0.0.0/8" },
          ],
        },
      },
    ],
    violating: [
      {
        type: "aws:ec2/networkAclRule:NetworkAclRule",
        name: "all-in",
        inputs: {
          networkAclId: "acl-0abc",
          ruleNumber: 100,
          protocol: "-1",
          ruleAction: "allow",
          cidrBlock: "0.0.0.0/0",
          fromPort: 0,
          toPort: 0,
        },
      },
      {
        type: "aws:ec2/networkAcl:NetworkAcl",
        name: "public-acl",
        inputs: {
          vpcId: "vpc-0abc",
          ingress: [
            { ruleNo: 110, action: "allow", protocol: "6", fromPort: 3000, toPort: 4000, ipv6CidrBlock: "::/0" },
          ],
        },
      },
      {
        type: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
        name: "default-acl",
        inputs: {
          defaultNetworkAclId: "acl-0def",
          ingress: [
            { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
          ],
        },
      },
    ],
    message:
      /"all-in" rule 100 allows all traffic \(covering SSH 22 and RDP 3389\) from 0\.0\.0\.0\/0[\s\S]*"public-acl" ingress rule 110 allows tcp ports 3000-4000 \(covering RDP 3389\) from ::\/0[\s\S]*"default-acl" ingress rule 100 allows tcp port 22 \(covering SSH 22\) from 0\.0\.0\.0\/0/,
  },
];
