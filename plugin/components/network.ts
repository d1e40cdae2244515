import * as pulumi from "@pulumi/pulumi";
import { RegionalNetwork as Network, type AvailabilityZoneCount } from "../../components/network";
import { validating } from "../../components/shared/errors";
import type { NatStrategy } from "./enums";
import { adopt } from "./outputs";

/**
 * RegionalNetwork's args in the component package. Where they differ from the TypeScript ones:
 * `availabilityZoneCount` is a number (checked to be 2 or 3 by the component), `natStrategy` an
 * enum, and the flow-log group is created or skipped (`skipFlowLogs`), not brought.
 */
export interface RegionalNetworkArgs {
  /** IPv4 CIDR of the VPC: inside an RFC 1918 range, /16 to /24 (e.g. "10.0.0.0/16"). */
  cidrBlock: pulumi.Input<string>;
  /** Number of availability zones, 2 or 3; one subnet per tier in each. Default: 3. */
  availabilityZoneCount?: number;
  /** The public subnets' CIDRs, one per AZ in AZ order, instead of the computed layout; give all three tiers' lists or none. */
  publicSubnetCidrs?: string[];
  /** The private subnets' CIDRs (egress through NAT), one per AZ in AZ order. */
  privateSubnetCidrs?: string[];
  /** The database subnets' CIDRs (no route out of the VPC), one per AZ in AZ order. */
  databaseSubnetCidrs?: string[];
  /** One NAT gateway per AZ or one shared. Default: perAz. */
  natStrategy?: NatStrategy;
  /** KMS key ARN that encrypts the flow-log group. Required unless `skipFlowLogs`. */
  kmsKeyArn?: pulumi.Input<string>;
  /** Retention of the flow-log group, in days (a value CloudWatch Logs accepts). Default: 365. */
  flowLogRetentionInDays?: pulumi.Input<number>;
  /** Service suffixes of the interface endpoints (`com.amazonaws.<region>.<service>`); an empty list creates none. */
  interfaceEndpoints?: string[];
  /** No VPC flow log at all (the TypeScript `flowLogs: { skip: true }`). Default: false. */
  skipFlowLogs?: boolean;
  /** The region this network is deployed to, its provider's (checked). Default: the `aws:region` config value. */
  region?: string;
}

/**
 * One region's VPC: public, private and database subnets across 2-3 AZs, NAT gateways, VPC flow
 * logs, gateway endpoints for S3 and DynamoDB, interface endpoints for the AWS APIs, and a
 * locked-down default security group. The TypeScript RegionalNetwork (components/network) with the
 * args above; pass its outputs on as a NetworkRef.
 */
export class RegionalNetwork extends pulumi.ComponentResource {
  /** The VPC's id. */
  public readonly vpcId!: pulumi.Output<string>;
  /** The VPC's IPv4 CIDR. */
  public readonly vpcCidr!: pulumi.Output<string>;
  /** The AZ names used, in subnet order. */
  public readonly availabilityZones!: pulumi.Output<string[]>;
  /** Public subnets, one per AZ, in AZ order. */
  public readonly publicSubnetIds!: pulumi.Output<string[]>;
  /** Private subnets (egress through NAT), one per AZ, in AZ order. */
  public readonly privateSubnetIds!: pulumi.Output<string[]>;
  /** Database subnets (no route out of the VPC), one per AZ, in AZ order. */
  public readonly databaseSubnetIds!: pulumi.Output<string[]>;
  /** Route tables of the private tier, one per AZ. */
  public readonly privateRouteTableIds!: pulumi.Output<string[]>;
  /** The database tier's route table (one, with no route out). */
  public readonly databaseRouteTableIds!: pulumi.Output<string[]>;
  /** NAT gateways: one per AZ (perAz) or one (single). */
  public readonly natGatewayIds!: pulumi.Output<string[]>;
  /** The flow-log group; undefined with `skipFlowLogs`. */
  public readonly flowLogGroupName!: pulumi.Output<string | undefined>;
  /** The interface endpoints' security group; undefined when `interfaceEndpoints` is empty. */
  public readonly endpointSecurityGroupId!: pulumi.Output<string | undefined>;
  /** The S3 gateway endpoint's prefix list, for security-group egress rules. */
  public readonly s3PrefixListId!: pulumi.Output<string>;
  /** The DynamoDB gateway endpoint's prefix list, for security-group egress rules. */
  public readonly dynamodbPrefixListId!: pulumi.Output<string>;

  constructor(name: string, args: RegionalNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    validating("RegionalNetwork", () => {
      if (args.skipFlowLogs !== undefined && typeof args.skipFlowLogs !== "boolean")
        throw new Error(`skipFlowLogs: ${JSON.stringify(args.skipFlowLogs)} is not true or false`);
    });
    super("twin-region:index:RegionalNetwork", name, {}, opts);
    const network = new Network(
      name,
      {
        cidrBlock: args.cidrBlock,
        // A number here; the component rejects anything but 2 or 3, naming the arg.
        availabilityZoneCount: args.availabilityZoneCount as AvailabilityZoneCount | undefined,
        publicSubnetCidrs: args.publicSubnetCidrs,
        privateSubnetCidrs: args.privateSubnetCidrs,
        databaseSubnetCidrs: args.databaseSubnetCidrs,
        natStrategy: args.natStrategy,
        kmsKeyArn: args.kmsKeyArn,
        flowLogRetentionInDays: args.flowLogRetentionInDays,
        interfaceEndpoints: args.interfaceEndpoints,
        flowLogs: args.skipFlowLogs ? { skip: true } : undefined,
        region: args.region,
      },
      { parent: this },
    );
    this.registerOutputs(
      adopt(this, {
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        availabilityZones: network.availabilityZones,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        databaseSubnetIds: network.databaseSubnetIds,
        privateRouteTableIds: network.privateRouteTableIds,
        databaseRouteTableIds: network.databaseRouteTableIds,
        natGatewayIds: network.natGatewayIds,
        flowLogGroupName: network.flowLogGroupName,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        s3PrefixListId: network.s3PrefixListId,
        dynamodbPrefixListId: network.dynamodbPrefixListId,
      }),
    );
  }
}
