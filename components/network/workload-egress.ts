import type * as pulumi from "@pulumi/pulumi";
import { HTTPS_PORT } from "./defaults";
import type { SecurityGroupEgressTo } from "./security-group";

/** Where a network's private workloads reach AWS without the internet. */
export interface WorkloadEgressTargets {
  vpcCidr: pulumi.Input<string>;
  s3PrefixListId: pulumi.Input<string>;
  dynamodbPrefixListId: pulumi.Input<string>;
}

/**
 * The default egress of a group made by `RegionalNetwork.createSecurityGroup`: HTTPS to the
 * interface endpoints in the VPC and to S3 and DynamoDB through their gateway endpoints. One list,
 * so the component package's view of a network (plugin/components/network-ref.ts) makes the same
 * groups as the component does.
 */
export function workloadEgress(network: WorkloadEgressTargets): SecurityGroupEgressTo[] {
  return [
    { cidrIpv4: network.vpcCidr, port: HTTPS_PORT, description: "HTTPS to interface endpoints in the VPC" },
    { prefixListId: network.s3PrefixListId, port: HTTPS_PORT, description: "HTTPS to S3 through the gateway endpoint" },
    {
      prefixListId: network.dynamodbPrefixListId,
      port: HTTPS_PORT,
      description: "HTTPS to DynamoDB through the gateway endpoint",
    },
  ];
}
