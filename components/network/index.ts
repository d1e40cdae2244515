import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validating } from "../shared/errors";
import { assertRegionName } from "../shared/naming";
import { regionContext } from "../shared/region";
import { resolveSupporting, type ResolvedSupporting, type Supporting } from "../shared/supporting";
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  FLOW_LOG_DEFAULTS,
  LOG_RETENTION_VALUES,
  NAT_STRATEGIES,
  NETWORK_DEFAULTS,
  type NatStrategy,
} from "./defaults";
import { createGatewayEndpoints, createInterfaceEndpoints } from "./endpoints";
import { createVpcFlowLog, type ExistingLogGroup } from "./flow-logs";
import { workloadEgress } from "./workload-egress";
import {
  createLeastPrivilegeSecurityGroup,
  type SecurityGroupEgressTo,
  type SecurityGroupIngressFrom,
} from "./security-group";
import { TIER_TAG } from "../../policy/baseline/network";
import {
  explicitSubnetCidrs,
  planSubnetLayout,
  SUBNET_TIERS,
  type SubnetCidrs,
  validateAzCount,
  validateVpcCidr,
  type AvailabilityZoneCount,
  type SubnetTier,
} from "./subnet-layout";

export * from "./defaults";
export { InvalidArgError } from "../shared/errors";
export type { Supporting } from "../shared/supporting";
export type { ExistingLogGroup } from "./flow-logs";
export * from "./security-group";
export * from "./subnet-layout";
export * from "./seed-security-groups";

export interface RegionalNetworkArgs {
  /** IPv4 CIDR of the VPC: inside an RFC 1918 range, /16 to /24 (e.g. "10.0.0.0/16"). */
  cidrBlock: pulumi.Input<string>;
  /**
   * Number of availability zones (2 or 3); one subnet per tier in each.
   * @default 3
   */
  availabilityZoneCount?: AvailabilityZoneCount;
  /**
   * The public subnets' CIDRs, one per AZ in AZ order, instead of the computed layout. Give all
   * three tiers' lists or none; each CIDR /16 to /28, inside `cidrBlock`, overlapping no other
   * subnet (e.g. seed 002: `["10.0.1.0/24", "10.0.2.0/24"]`).
   * @default the computed layout: x.x.0-2.0/24 in a /16 (see planSubnetLayout)
   */
  publicSubnetCidrs?: string[];
  /**
   * The private subnets' CIDRs (egress through NAT), one per AZ in AZ order; rules as
   * `publicSubnetCidrs` (e.g. seed 002: `["10.0.10.0/24", "10.0.20.0/24"]`).
   * @default the computed layout: x.x.10-12.0/24 in a /16
   */
  privateSubnetCidrs?: string[];
  /**
   * The database subnets' CIDRs (no route out of the VPC), one per AZ in AZ order; rules as
   * `publicSubnetCidrs`.
   * @default the computed layout: x.x.20-22.0/24 in a /16
   */
  databaseSubnetCidrs?: string[];
  /**
   * "perAz": one NAT gateway per AZ (an AZ outage cuts no other AZ off); "single": one NAT
   * gateway shared by all private subnets, for cost-saving environments.
   * @default "perAz"
   */
  natStrategy?: NatStrategy;
  /**
   * KMS key ARN that encrypts the flow-log group. Required when the component creates the
   * group (`flowLogs` omitted or `{ args }` without `kmsKeyId`).
   * @default none
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * Retention of the flow-log group, in days (a value CloudWatch Logs accepts).
   * @default 365
   */
  flowLogRetentionInDays?: pulumi.Input<number>;
  /**
   * Service suffixes of the interface endpoints (`com.amazonaws.<region>.<service>`), placed in
   * the private subnets with private DNS. An empty list creates none.
   * @default secretsmanager, ecr.api, ecr.dkr, logs, kinesis-streams, sts, kms, sqs
   */
  interfaceEndpoints?: string[];
  /**
   * The flow-log group: `{ existing }` to deliver to your own group, `{ args }` to override the
   * props of the created one, `{ skip: true }` for no flow log at all.
   * @default a created group, encrypted with `kmsKeyArn`, retained `flowLogRetentionInDays`
   */
  flowLogs?: Supporting<ExistingLogGroup, aws.cloudwatch.LogGroupArgs>;
  /**
   * The region this network is deployed to, its provider's (checked). Used only in
   * global-namespace names such as the flow-log IAM role, so two regional stacks never collide.
   * @default the `aws:region` config value
   */
  region?: string;
}

export interface CreateSecurityGroupArgs {
  description: string;
  /** Ingress from other security groups, or from a CIDR (the internet only when acknowledged: a public load balancer). */
  ingress: SecurityGroupIngressFrom[];
  /**
   * The complete egress. The default reaches what private workloads need without the internet:
   * HTTPS to the VPC CIDR (interface endpoints) and to the S3 and DynamoDB prefix lists
   * (gateway endpoints). Add e.g. `{ toSecurityGroupId: db.id, port: 5432, ... }` for more.
   * @default HTTPS to the VPC CIDR, the S3 and the DynamoDB prefix lists
   */
  egress?: SecurityGroupEgressTo[];
}

/**
 * One region's VPC: public, private and database subnets across 2-3 AZs, NAT gateways, VPC flow
 * logs, gateway endpoints for S3 and DynamoDB, interface endpoints for the AWS APIs, and a
 * locked-down default security group. The database tier has no route out of the VPC.
 */
export class RegionalNetwork extends pulumi.ComponentResource {
  /** The VPC's id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 CIDR. */
  public readonly vpcCidr: pulumi.Output<string>;
  /** The AZ names used, in subnet order. */
  public readonly availabilityZones: pulumi.Output<string[]>;
  /** Public subnets, one per AZ, in AZ order. */
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  /** Private subnets (egress through NAT), one per AZ, in AZ order. */
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Database subnets (no route out of the VPC), one per AZ, in AZ order. */
  public readonly databaseSubnetIds: pulumi.Output<string[]>;
  /** Route tables of the private tier, one per AZ. */
  public readonly privateRouteTableIds: pulumi.Output<string[]>;
  /** The database tier's route table (one, with no route out). */
  public readonly databaseRouteTableIds: pulumi.Output<string[]>;
  /** NAT gateways: one per AZ (`perAz`) or one (`single`). */
  public readonly natGatewayIds: pulumi.Output<string[]>;
  /** Undefined when `flowLogs` is `{ skip: true }`. */
  public readonly flowLogGroupName: pulumi.Output<string | undefined>;
  /** Undefined when `interfaceEndpoints` is empty. */
  public readonly endpointSecurityGroupId: pulumi.Output<string | undefined>;
  /** The S3 gateway endpoint's prefix list, for security-group egress rules. */
  public readonly s3PrefixListId: pulumi.Output<string>;
  /** The DynamoDB gateway endpoint's prefix list, for security-group egress rules. */
  public readonly dynamodbPrefixListId: pulumi.Output<string>;

  private readonly componentName: string;

  constructor(name: string, args: RegionalNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validating("RegionalNetwork", () => validate(args));
    super("twin-region:network:RegionalNetwork", name, {}, opts);
    this.componentName = name;
    const parent = this;
    const azCount = settings.availabilityZoneCount;

    const where = regionContext("RegionalNetwork", settings.region, parent);
    const region = where.region;
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const partition = where.partition;
    const availabilityZones = aws
      .getAvailabilityZonesOutput({ state: "available" }, { parent })
      .names.apply((names) => {
        if (names.length < azCount) {
          throw new Error(
            `availabilityZoneCount: ${azCount} exceeds the ${names.length} available AZs (${names.join(", ")})`,
          );
        }
        return names.slice(0, azCount);
      });
    const explicit = settings.subnetCidrs;
    const tiers = pulumi.output(args.cidrBlock).apply((cidr): SubnetCidrs => {
      if (explicit === undefined) return planSubnetLayout(cidr, azCount).tiers;
      // Checked here too when cidrBlock was not known at construction.
      return explicitSubnetCidrs(explicit, azCount, cidr) ?? explicit;
    });

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        enableDnsSupport: NETWORK_DEFAULTS.enableDnsSupport,
        enableDnsHostnames: NETWORK_DEFAULTS.enableDnsHostnames,
        tags: { Name: name },
      },
      { parent },
    );
    // Adopting the default group strips every rule from it, so nothing can fall back on it.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [] }, { parent });

    const subnets = Object.fromEntries(
      SUBNET_TIERS.map((tier) => [
        tier,
        Array.from(
          { length: azCount },
          (_, az) =>
            new aws.ec2.Subnet(
              `${name}-${tier}-${az}`,
              {
                vpcId: vpc.id,
                cidrBlock: tiers.apply((t) => at(t[tier], az)),
                availabilityZone: availabilityZones.apply((names) => at(names, az)),
                mapPublicIpOnLaunch: NETWORK_DEFAULTS.mapPublicIpOnLaunch,
                tags: { Name: `${name}-${tier}-${az}`, [TIER_TAG]: tier },
              },
              { parent },
            ),
        ),
      ]),
    ) as Record<SubnetTier, aws.ec2.Subnet[]>;

    // Public tier: one route table with the default route to the internet gateway.
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: name } }, { parent });
    const publicRouteTable = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, tags: { Name: `${name}-public`, [TIER_TAG]: "public" } },
      { parent },
    );
    new aws.ec2.Route(
      `${name}-public-default`,
      { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      { parent },
    );
    associate(name, "public", subnets.public, () => publicRouteTable, parent);

    // NAT gateways in the public subnets.
    const natCount = settings.natStrategy === "perAz" ? azCount : 1;
    const natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${i}`,
        { domain: "vpc", tags: { Name: `${name}-nat-${i}` } },
        { parent, dependsOn: [igw] },
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${i}`,
        {
          allocationId: eip.allocationId,
          subnetId: at(subnets.public, i).id,
          connectivityType: "public",
          tags: { Name: `${name}-nat-${i}` },
        },
        { parent, dependsOn: [igw] },
      );
    });

    // Private tier: a route table per AZ, default route to that AZ's NAT (or the single one).
    const privateRouteTables = subnets.private.map((_, az) => {
      const table = new aws.ec2.RouteTable(
        `${name}-private-rt-${az}`,
        { vpcId: vpc.id, tags: { Name: `${name}-private-${az}`, [TIER_TAG]: "private" } },
        { parent },
      );
      new aws.ec2.Route(
        `${name}-private-default-${az}`,
        {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: at(natGateways, natCount === 1 ? 0 : az).id,
        },
        { parent },
      );
      return table;
    });
    associate(name, "private", subnets.private, (az) => at(privateRouteTables, az), parent);

    // Database tier: only the implicit local route; no internet gateway, NAT or endpoint routes.
    const databaseRouteTable = new aws.ec2.RouteTable(
      `${name}-database-rt`,
      { vpcId: vpc.id, tags: { Name: `${name}-database`, [TIER_TAG]: "database" } },
      { parent },
    );
    associate(name, "database", subnets.database, () => databaseRouteTable, parent);

    const gatewayEndpoints = createGatewayEndpoints(
      name,
      { vpcId: vpc.id, region, routeTableIds: privateRouteTables.map((t) => t.id) },
      parent,
    );
    const interfaceEndpoints =
      settings.interfaceEndpoints.length > 0
        ? createInterfaceEndpoints(
            name,
            {
              vpcId: vpc.id,
              vpcCidr: vpc.cidrBlock,
              region,
              subnetIds: subnets.private.map((s) => s.id),
              services: settings.interfaceEndpoints,
            },
            parent,
          )
        : undefined;

    const flowLog =
      settings.flowLogGroup.kind === "skip"
        ? undefined
        : createVpcFlowLog(
            name,
            {
              vpcId: vpc.id,
              regionName: settings.region,
              region,
              accountId,
              partition,
              logGroup: settings.flowLogGroup,
              logGroupDefaults: {
                retentionInDays: args.flowLogRetentionInDays ?? FLOW_LOG_DEFAULTS.retentionInDays,
                kmsKeyId: args.kmsKeyArn,
              },
            },
            parent,
          );

    const ids = (resources: { id: pulumi.Output<string> }[]): pulumi.Output<string[]> =>
      pulumi.all(resources.map((r) => r.id));
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    this.availabilityZones = availabilityZones;
    this.publicSubnetIds = ids(subnets.public);
    this.privateSubnetIds = ids(subnets.private);
    this.databaseSubnetIds = ids(subnets.database);
    this.privateRouteTableIds = ids(privateRouteTables);
    this.databaseRouteTableIds = ids([databaseRouteTable]);
    this.natGatewayIds = ids(natGateways);
    this.flowLogGroupName = flowLog ? flowLog.logGroupName : pulumi.output(undefined);
    this.endpointSecurityGroupId = interfaceEndpoints ? interfaceEndpoints.securityGroup.id : pulumi.output(undefined);
    this.s3PrefixListId = gatewayEndpoints.s3.prefixListId;
    this.dynamodbPrefixListId = gatewayEndpoints.dynamodb.prefixListId;

    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidr: this.vpcCidr,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      databaseSubnetIds: this.databaseSubnetIds,
      privateRouteTableIds: this.privateRouteTableIds,
      databaseRouteTableIds: this.databaseRouteTableIds,
      natGatewayIds: this.natGatewayIds,
      flowLogGroupName: this.flowLogGroupName,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      s3PrefixListId: this.s3PrefixListId,
      dynamodbPrefixListId: this.dynamodbPrefixListId,
      region: where.region,
    });
  }

  /**
   * A security group in this VPC whose ingress comes from other security groups (or from CIDRs
   * named explicitly, 0.0.0.0/0 only when acknowledged). Its
   * logical name is `<network name>-<name>`; it is a child of this network unless `opts` says
   * otherwise.
   */
  public createSecurityGroup(
    name: string,
    args: CreateSecurityGroupArgs,
    opts?: pulumi.CustomResourceOptions,
  ): aws.ec2.SecurityGroup {
    const egress = args.egress ?? workloadEgress(this);
    return createLeastPrivilegeSecurityGroup(
      `${this.componentName}-${name}`,
      { vpcId: this.vpcId, description: args.description, ingress: args.ingress, egress },
      { parent: this, ...opts },
    );
  }
}

interface Settings {
  availabilityZoneCount: AvailabilityZoneCount;
  /** Undefined: the computed layout. */
  subnetCidrs: SubnetCidrs | undefined;
  natStrategy: NatStrategy;
  interfaceEndpoints: readonly string[];
  flowLogGroup: ResolvedSupporting<ExistingLogGroup, aws.cloudwatch.LogGroupArgs>;
  region: string;
}

const SERVICE_SUFFIX = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

function validate(args: RegionalNetworkArgs): Settings {
  if (typeof args.cidrBlock === "string") {
    validateVpcCidr(args.cidrBlock);
  }
  const availabilityZoneCount = args.availabilityZoneCount ?? NETWORK_DEFAULTS.availabilityZoneCount;
  validateAzCount(availabilityZoneCount);
  const subnetCidrs = explicitSubnetCidrs(
    { public: args.publicSubnetCidrs, private: args.privateSubnetCidrs, database: args.databaseSubnetCidrs },
    availabilityZoneCount,
    typeof args.cidrBlock === "string" ? args.cidrBlock : undefined,
  );

  const natStrategy = args.natStrategy ?? NETWORK_DEFAULTS.natStrategy;
  if (!(NAT_STRATEGIES as readonly string[]).includes(natStrategy)) {
    throw new Error(`natStrategy: "${natStrategy}" must be one of ${NAT_STRATEGIES.map((s) => `"${s}"`).join(", ")}`);
  }

  const retention = args.flowLogRetentionInDays;
  if (typeof retention === "number" && !(LOG_RETENTION_VALUES as readonly number[]).includes(retention)) {
    throw new Error(
      `flowLogRetentionInDays: ${retention} is not a CloudWatch Logs retention value (${LOG_RETENTION_VALUES.join(", ")})`,
    );
  }

  const interfaceEndpoints: readonly string[] = args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS;
  for (const service of interfaceEndpoints) {
    if (typeof service !== "string" || !SERVICE_SUFFIX.test(service) || service.startsWith("com.amazonaws.")) {
      throw new Error(
        `interfaceEndpoints: "${String(service)}" is not a service suffix such as "ecr.api" (without "com.amazonaws.<region>.")`,
      );
    }
  }
  const duplicate = interfaceEndpoints.find((s, i) => interfaceEndpoints.indexOf(s) !== i);
  if (duplicate !== undefined) {
    throw new Error(`interfaceEndpoints: "${duplicate}" is listed twice`);
  }

  const flowLogGroup = resolveSupporting("flowLogs", args.flowLogs);
  if (flowLogGroup.kind === "create" && args.kmsKeyArn === undefined && flowLogGroup.args.kmsKeyId === undefined) {
    throw new Error(
      "kmsKeyArn: required to encrypt the flow-log group the component creates (pass a RegionalKey's keyArn, or flowLogs: { existing } / { args: { kmsKeyId } })",
    );
  }

  const region = args.region ?? aws.config.region;
  if (region === undefined) {
    throw new Error("region: not given and the aws:region config is not set");
  }
  assertRegionName("region", region);

  return { availabilityZoneCount, subnetCidrs, natStrategy, interfaceEndpoints, flowLogGroup, region };
}

function associate(
  name: string,
  tier: SubnetTier,
  subnets: aws.ec2.Subnet[],
  tableFor: (az: number) => aws.ec2.RouteTable,
  parent: pulumi.Resource,
): void {
  subnets.forEach((subnet, az) => {
    new aws.ec2.RouteTableAssociation(
      `${name}-${tier}-rta-${az}`,
      { subnetId: subnet.id, routeTableId: tableFor(az).id },
      { parent },
    );
  });
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) {
    throw new Error(`internal: no item ${index} in a list of ${items.length}`);
  }
  return item;
}
