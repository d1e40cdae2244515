import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_ENDPOINTS, HTTPS_PORT, type GatewayEndpointService } from "./defaults";

// Commercial and GovCloud partitions; China regions use other prefixes for some services.
const serviceName = (region: pulumi.Input<string>, service: string): pulumi.Output<string> =>
  pulumi.interpolate`com.amazonaws.${region}.${service}`;

export interface GatewayEndpointsArgs {
  vpcId: pulumi.Input<string>;
  region: pulumi.Input<string>;
  routeTableIds: pulumi.Input<string>[];
}

export function createGatewayEndpoints(
  name: string,
  args: GatewayEndpointsArgs,
  parent: pulumi.Resource,
): Record<GatewayEndpointService, aws.ec2.VpcEndpoint> {
  const entries = GATEWAY_ENDPOINTS.map((service) => [
    service,
    new aws.ec2.VpcEndpoint(
      `${name}-vpce-${service}`,
      {
        vpcId: args.vpcId,
        vpcEndpointType: "Gateway",
        serviceName: serviceName(args.region, service),
        routeTableIds: args.routeTableIds,
      },
      { parent },
    ),
  ]);
  return Object.fromEntries(entries) as Record<GatewayEndpointService, aws.ec2.VpcEndpoint>;
}

export interface InterfaceEndpointsArgs {
  vpcId: pulumi.Input<string>;
  vpcCidr: pulumi.Input<string>;
  region: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  services: readonly string[];
}

/**
 * Interface endpoints with private DNS in the given subnets, behind one security group that
 * accepts HTTPS from the VPC CIDR only and has no egress rules (responses need none).
 */
export function createInterfaceEndpoints(
  name: string,
  args: InterfaceEndpointsArgs,
  parent: pulumi.Resource,
): { securityGroup: aws.ec2.SecurityGroup; endpoints: aws.ec2.VpcEndpoint[] } {
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-endpoints-sg`,
    {
      vpcId: args.vpcId,
      description: "Interface VPC endpoints: HTTPS from the VPC only",
      tags: { Name: `${name}-endpoints` },
    },
    { parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-endpoints-sg-https`,
    {
      securityGroupId: securityGroup.id,
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIpv4: args.vpcCidr,
      description: "HTTPS to AWS API endpoints from inside the VPC",
    },
    { parent },
  );
  const endpoints = args.services.map(
    (service) =>
      new aws.ec2.VpcEndpoint(
        `${name}-vpce-${service.replace(/\./g, "-")}`,
        {
          vpcId: args.vpcId,
          vpcEndpointType: "Interface",
          serviceName: serviceName(args.region, service),
          privateDnsEnabled: true,
          subnetIds: args.subnetIds,
          securityGroupIds: [securityGroup.id],
        },
        { parent },
      ),
  );
  return { securityGroup, endpoints };
}
