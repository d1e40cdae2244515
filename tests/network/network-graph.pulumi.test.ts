import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { RegionalNetwork, type RegionalNetworkArgs } from "../../components/network";
import {
  OFFLINE_ACCOUNT_ID,
  planProgram,
  type RecordedResource as Recorded,
  type ResourceGraph as Graph,
} from "../../offline/testkit";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  igw: "aws:ec2/internetGateway:InternetGateway",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  flowLog: "aws:ec2/flowLog:FlowLog",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
} as const;

const AZS = [0, 1, 2];

async function planNetwork(
  args: Partial<RegionalNetworkArgs> = {},
  region = "us-east-1",
  extra?: (net: RegionalNetwork) => void,
): Promise<Graph> {
  const { graph } = await planProgram(
    () => {
      const net = new RegionalNetwork("net", { cidrBlock: "10.0.0.0/16", kmsKeyArn: KEY_ARN, region, ...args });
      extra?.(net);
    },
    { region },
  );
  return graph;
}

const dependsOn = (resource: Recorded, on: Recorded): boolean => resource.dependencies.includes(on.urn);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}
const statements = (json: string): Statement[] => (JSON.parse(json) as { Statement: Statement[] }).Statement;
const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

describe("RegionalNetwork in the primary region (10.0.0.0/16, three AZs, NAT per AZ)", () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await planNetwork({}, "us-east-1", (net) => {
      const alb = new aws.ec2.SecurityGroup("alb", { vpcId: net.vpcId, description: "load balancer" });
      const app = net.createSecurityGroup("app", {
        description: "ECS tasks",
        ingress: [{ fromSecurityGroupId: alb.id, port: 8000, description: "app port from the ALB" }],
      });
      net.createSecurityGroup("db", {
        description: "Aurora",
        ingress: [{ fromSecurityGroupId: app.id, port: 5432, description: "PostgreSQL from the app" }],
      });
    });
  }, 60_000);

  it("is one twin-region:network:RegionalNetwork component parenting its VPC", () => {
    const component = graph.one("twin-region:network:RegionalNetwork", "net");
    expect(graph.childrenOf(component).map((r) => r.name)).toContain("net-vpc");
    expect(graph.one(T.vpc, "net-vpc").inputs).toMatchObject({
      cidrBlock: "10.0.0.0/16",
      enableDnsSupport: true,
      enableDnsHostnames: true,
    });
  });

  it("three tiers across three AZs: public 10.0.0-2.0/24, private 10.0.10-12.0/24, database 10.0.20-22.0/24", () => {
    expect(graph.ofType(T.subnet)).toHaveLength(9);
    const cidrs = (tier: string) => AZS.map((az) => graph.one(T.subnet, `net-${tier}-${az}`).inputs.cidrBlock);
    expect(cidrs("public")).toEqual(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
    expect(cidrs("private")).toEqual(["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"]);
    expect(cidrs("database")).toEqual(["10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"]);
    const zones = AZS.map((az) => graph.one(T.subnet, `net-private-${az}`).inputs.availabilityZone);
    expect(new Set(zones).size).toBe(3);
  });

  it("no subnet assigns public IPs on launch, and every subnet is tagged with its tier", () => {
    for (const subnet of graph.ofType(T.subnet)) {
      expect(subnet.inputs.mapPublicIpOnLaunch, subnet.name).toBe(false);
      expect(subnet.inputs.tags?.Tier, subnet.name).toBe(subnet.name.split("-")[1]);
      expect(subnet.inputs.tags?.Name, subnet.name).toBe(subnet.name);
    }
  });

  it("public subnets route 0.0.0.0/0 to the internet gateway", () => {
    const table = graph.one(T.routeTable, "net-public-rt");
    const route = graph.one(T.route, "net-public-default");
    expect(route.inputs.destinationCidrBlock).toBe("0.0.0.0/0");
    expect(dependsOn(route, table) && dependsOn(route, graph.one(T.igw, "net-igw"))).toBe(true);
    for (const az of AZS) {
      const association = graph.one(T.association, `net-public-rta-${az}`);
      expect(dependsOn(association, table) && dependsOn(association, graph.one(T.subnet, `net-public-${az}`))).toBe(
        true,
      );
    }
  });

  it("NAT gateways, one per AZ for production: each private route table routes 0.0.0.0/0 to the NAT of its AZ", () => {
    expect(graph.ofType(T.nat)).toHaveLength(3);
    expect(graph.ofType(T.eip).every((eip) => eip.inputs.domain === "vpc")).toBe(true);
    for (const az of AZS) {
      const nat = graph.one(T.nat, `net-nat-${az}`);
      expect(dependsOn(nat, graph.one(T.subnet, `net-public-${az}`)), "NAT sits in the public subnet of its AZ").toBe(
        true,
      );
      const table = graph.one(T.routeTable, `net-private-rt-${az}`);
      const routes = graph.ofType(T.route).filter((r) => dependsOn(r, table));
      expect(routes).toHaveLength(1);
      expect(routes[0]!.inputs.destinationCidrBlock).toBe("0.0.0.0/0");
      expect(routes[0]!.inputs.gatewayId).toBeUndefined();
      expect(dependsOn(routes[0]!, nat)).toBe(true);
      expect(dependsOn(graph.one(T.association, `net-private-rta-${az}`), table)).toBe(true);
    }
  });

  it("database tier has no route to the internet: no IGW, NAT or endpoint route on its route table", () => {
    const tables = graph.ofType(T.routeTable).filter((t) => t.inputs.tags?.Tier === "database");
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      expect(table.inputs.routes ?? []).toEqual([]);
      expect(graph.ofType(T.route).filter((r) => dependsOn(r, table))).toEqual([]);
      expect(graph.ofType(T.endpoint).filter((e) => dependsOn(e, table))).toEqual([]);
    }
    for (const az of AZS) {
      const association = graph.one(T.association, `net-database-rta-${az}`);
      expect(tables.some((t) => dependsOn(association, t))).toBe(true);
    }
  });

  it("VPC flow logs: trafficType ALL, 60 s aggregation, to a KMS-encrypted log group kept 365 days", () => {
    const flowLog = graph.one(T.flowLog, "net-flow-log");
    const group = graph.one(T.logGroup, "net-flow-logs");
    expect(flowLog.inputs).toMatchObject({
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      maxAggregationInterval: 60,
    });
    expect(dependsOn(flowLog, group) && dependsOn(flowLog, graph.one(T.vpc, "net-vpc"))).toBe(true);
    expect(group.inputs.kmsKeyId).toBe(KEY_ARN);
    expect(group.inputs.retentionInDays).toBe(365);
  });

  it("flow-log role: only vpc-flow-logs.amazonaws.com for this account may assume it, and its name carries the region", () => {
    const role = graph.one(T.role, "net-flow-logs-use1");
    const [trust, ...more] = statements(role.inputs.assumeRolePolicy);
    expect(more).toEqual([]);
    expect(list(trust!.Principal?.Service)).toEqual(["vpc-flow-logs.amazonaws.com"]);
    // The account the program runs in (getCallerIdentity), not any account.
    expect(list(trust!.Condition?.StringEquals?.["aws:SourceAccount"])).toEqual([OFFLINE_ACCOUNT_ID]);
    expect(list(trust!.Condition?.ArnLike?.["aws:SourceArn"])).toEqual([
      `arn:aws:ec2:us-east-1:${OFFLINE_ACCOUNT_ID}:vpc-flow-log/*`,
    ]);
  });

  it("IAM role policy resources are exact ARNs: the flow-log group and its streams, never *", () => {
    const policy = graph.one(T.rolePolicy, "net-flow-logs-delivery");
    expect(dependsOn(policy, graph.one(T.role, "net-flow-logs-use1"))).toBe(true);
    const [statement, ...more] = statements(policy.inputs.policy);
    expect(more).toEqual([]);
    expect(list(statement!.Action).sort()).toEqual([
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]);
    const resources = list(statement!.Resource);
    const groupArn = resources.find((r) => !r.includes(":log-stream:"));
    expect(groupArn).toMatch(/^arn:aws:logs:us-east-1:\d{12}:log-group:[^*:]+$/);
    expect(resources.sort()).toEqual([groupArn, `${groupArn}:log-stream:*`].sort());
    expect(graph.one(T.flowLog, "net-flow-log").inputs.logDestination).toBe(groupArn);
  });

  it("gateway endpoints for S3 and DynamoDB, attached to every private route table", () => {
    const privateTables = AZS.map((az) => graph.one(T.routeTable, `net-private-rt-${az}`));
    for (const service of ["s3", "dynamodb"]) {
      const endpoint = graph.one(T.endpoint, `net-vpce-${service}`);
      expect(endpoint.inputs).toMatchObject({
        vpcEndpointType: "Gateway",
        serviceName: `com.amazonaws.us-east-1.${service}`,
      });
      expect(endpoint.inputs.routeTableIds).toHaveLength(3);
      expect(privateTables.every((t) => dependsOn(endpoint, t))).toBe(true);
    }
  });

  it("interface endpoints for Secrets Manager, ECR, CloudWatch Logs, Kinesis, STS and KMS: private DNS, private subnets, HTTPS from the VPC only", () => {
    const group = graph.one(T.securityGroup, "net-endpoints-sg");
    const privateSubnets = AZS.map((az) => graph.one(T.subnet, `net-private-${az}`));
    for (const service of ["secretsmanager", "ecr.api", "ecr.dkr", "logs", "kinesis-streams", "sts", "kms"]) {
      const endpoint = graph.one(T.endpoint, `net-vpce-${service.replace(/\./g, "-")}`);
      expect(endpoint.inputs).toMatchObject({
        vpcEndpointType: "Interface",
        serviceName: `com.amazonaws.us-east-1.${service}`,
        privateDnsEnabled: true,
      });
      expect(privateSubnets.every((s) => dependsOn(endpoint, s))).toBe(true);
      expect(dependsOn(endpoint, group)).toBe(true);
    }
    const ingress = graph
      .ofType(T.ingressRule)
      .filter((r) => dependsOn(r, group) && r.name.startsWith("net-endpoints"));
    expect(ingress.map((r) => r.inputs)).toEqual([
      expect.objectContaining({
        cidrIpv4: "10.0.0.0/16",
        fromPort: 443,
        toPort: 443,
        ipProtocol: "tcp",
        description: expect.any(String),
      }),
    ]);
    expect(graph.ofType(T.egressRule).filter((r) => dependsOn(r, group))).toEqual([]);
  });

  it("the default security group is locked down: no ingress, no egress", () => {
    const group = graph.one(T.defaultSecurityGroup, "net-default-sg");
    expect(group.inputs.ingress ?? []).toEqual([]);
    expect(group.inputs.egress ?? []).toEqual([]);
    expect(dependsOn(group, graph.one(T.vpc, "net-vpc"))).toBe(true);
  });

  it("security-group chain: app port 8000 from the ALB group only, database port from the app group only, every rule described", () => {
    const alb = graph.one(T.securityGroup, "alb");
    const app = graph.one(T.securityGroup, "net-app");
    const db = graph.one(T.securityGroup, "net-db");
    const ingressOf = (group: Recorded) =>
      graph
        .ofType(T.ingressRule)
        .filter((r) => r.inputs.securityGroupId !== undefined && r.name.startsWith(`${group.name}-`));
    const [appIn, ...appMore] = ingressOf(app);
    expect(appMore).toEqual([]);
    expect(appIn!.inputs).toMatchObject({ fromPort: 8000, toPort: 8000, ipProtocol: "tcp" });
    expect(dependsOn(appIn!, alb)).toBe(true);
    const [dbIn, ...dbMore] = ingressOf(db);
    expect(dbMore).toEqual([]);
    expect(dbIn!.inputs).toMatchObject({ fromPort: 5432, toPort: 5432 });
    expect(dependsOn(dbIn!, app)).toBe(true);
    for (const rule of [...graph.ofType(T.ingressRule), ...graph.ofType(T.egressRule)]) {
      expect(rule.inputs.description, rule.name).toMatch(/\S/);
      expect(rule.inputs.cidrIpv4, rule.name).not.toBe("0.0.0.0/0");
    }
    for (const rule of [appIn!, dbIn!]) {
      expect(rule.inputs.referencedSecurityGroupId).toBeDefined();
      expect(rule.inputs.cidrIpv4).toBeUndefined();
    }
  });

  it("security groups default to HTTPS egress to the VPC and the S3/DynamoDB prefix lists only", () => {
    const egress = graph.ofType(T.egressRule).filter((r) => r.name.startsWith("net-app-"));
    expect(egress).toHaveLength(3);
    expect(egress.every((r) => r.inputs.fromPort === 443 && r.inputs.toPort === 443)).toBe(true);
    expect(egress.filter((r) => r.inputs.cidrIpv4 === "10.0.0.0/16")).toHaveLength(1);
    expect(egress.filter((r) => dependsOn(r, graph.one(T.endpoint, "net-vpce-s3")))).toHaveLength(1);
    expect(egress.filter((r) => dependsOn(r, graph.one(T.endpoint, "net-vpce-dynamodb")))).toHaveLength(1);
  });
});

describe("RegionalNetwork with natStrategy single (cost-saving environments)", () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await planNetwork({ natStrategy: "single" });
  }, 60_000);

  it("one NAT gateway, used by every private route table", () => {
    const [nat, ...more] = graph.ofType(T.nat);
    expect(more).toEqual([]);
    for (const az of AZS) {
      const table = graph.one(T.routeTable, `net-private-rt-${az}`);
      const routes = graph.ofType(T.route).filter((r) => dependsOn(r, table));
      expect(routes).toHaveLength(1);
      expect(routes[0]!.inputs.destinationCidrBlock).toBe("0.0.0.0/0");
      expect(dependsOn(routes[0]!, nat!)).toBe(true);
    }
  });
});

describe("RegionalNetwork in the secondary region (10.1.0.0/16 in us-west-2)", () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await planNetwork({ cidrBlock: "10.1.0.0/16", availabilityZoneCount: 2 }, "us-west-2");
  }, 60_000);

  it("two AZs: public 10.1.0-1.0/24, private 10.1.10-11.0/24, database 10.1.20-21.0/24", () => {
    expect(
      graph
        .ofType(T.subnet)
        .map((s) => s.inputs.cidrBlock)
        .sort(),
    ).toEqual(["10.1.0.0/24", "10.1.1.0/24", "10.1.10.0/24", "10.1.11.0/24", "10.1.20.0/24", "10.1.21.0/24"].sort());
    expect(graph.ofType(T.nat)).toHaveLength(2);
  });

  it("endpoint service names and the IAM role name follow the region", () => {
    expect(graph.one(T.endpoint, "net-vpce-s3").inputs.serviceName).toBe("com.amazonaws.us-west-2.s3");
    expect(graph.one(T.role, "net-flow-logs-usw2")).toBeDefined();
  });
});

describe("RegionalNetwork supporting flow-log group", () => {
  it("flowLogs: { skip: true } creates no flow log, group or role", async () => {
    const graph = await planNetwork({ flowLogs: { skip: true }, kmsKeyArn: undefined });
    expect(graph.ofType(T.flowLog)).toEqual([]);
    expect(graph.ofType(T.logGroup)).toEqual([]);
    expect(graph.ofType(T.role)).toEqual([]);
  }, 60_000);

  it("flowLogs: { existing } delivers to the given group and creates none", async () => {
    const existing = {
      arn: "arn:aws:logs:us-east-1:123456789012:log-group:central-flow-logs",
      name: "central-flow-logs",
    };
    const graph = await planNetwork({ flowLogs: { existing }, kmsKeyArn: undefined });
    expect(graph.ofType(T.logGroup)).toEqual([]);
    expect(graph.one(T.flowLog, "net-flow-log").inputs.logDestination).toBe(existing.arn);
    const [statement] = statements(graph.one(T.rolePolicy, "net-flow-logs-delivery").inputs.policy);
    expect(list(statement!.Resource).sort()).toEqual([existing.arn, `${existing.arn}:log-stream:*`].sort());
  }, 60_000);

  it("flowLogs: { args } overrides the created group's props", async () => {
    const graph = await planNetwork({ flowLogs: { args: { retentionInDays: 731 } } });
    expect(graph.one(T.logGroup, "net-flow-logs").inputs).toMatchObject({ retentionInDays: 731, kmsKeyId: KEY_ARN });
  }, 60_000);
});

describe("RegionalNetwork validates its args before creating anything", () => {
  const base: RegionalNetworkArgs = { cidrBlock: "10.0.0.0/16", kmsKeyArn: KEY_ARN, region: "us-east-1" };
  it.each<[Partial<RegionalNetworkArgs>, string]>([
    [{ cidrBlock: "10.0.0.0/8" }, 'cidrBlock: "10.0.0.0/8"'],
    [{ cidrBlock: "8.8.0.0/16" }, 'cidrBlock: "8.8.0.0/16" must be inside a private (RFC 1918) range'],
    [{ availabilityZoneCount: 4 as never }, "availabilityZoneCount: 4"],
    [{ natStrategy: "none" as never }, 'natStrategy: "none"'],
    [{ flowLogRetentionInDays: 42 }, "flowLogRetentionInDays: 42"],
    [{ interfaceEndpoints: ["ecr.api", "ecr.api"] }, 'interfaceEndpoints: "ecr.api" is listed twice'],
    [{ interfaceEndpoints: ["com.amazonaws.us-east-1.sts"] }, 'interfaceEndpoints: "com.amazonaws.us-east-1.sts"'],
    [{ kmsKeyArn: undefined }, "kmsKeyArn: required"],
    [{ flowLogs: { skip: true, args: {} } as never }, "flowLogs: pass only one of existing, args, skip"],
    [{ region: "useast1" }, 'region: "useast1"'],
  ])("rejects %j, naming the component and the arg", (override, message) => {
    expect(() => new RegionalNetwork("bad", { ...base, ...override })).toThrow(`RegionalNetwork: ${message}`);
  });
});
