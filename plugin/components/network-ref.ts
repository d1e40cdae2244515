import * as pulumi from "@pulumi/pulumi";
import {
  createLeastPrivilegeSecurityGroup,
  type CreateSecurityGroupArgs,
  type RegionalNetwork,
} from "../../components/network";
import { workloadEgress } from "../../components/network/workload-egress";

/**
 * A RegionalNetwork by its outputs: what the web tier and the data lake use of one. A program in
 * another language holds a RegionalNetwork of this package as a resource whose outputs it can read,
 * not as the TypeScript object those components take, so it passes the outputs.
 */
export interface NetworkRef {
  /** RegionalNetwork's `vpcId`. */
  vpcId: pulumi.Input<string>;
  /** RegionalNetwork's `vpcCidr`. */
  vpcCidr: pulumi.Input<string>;
  /** RegionalNetwork's `publicSubnetIds`. */
  publicSubnetIds: pulumi.Input<string[]>;
  /** RegionalNetwork's `privateSubnetIds`. */
  privateSubnetIds: pulumi.Input<string[]>;
  /** RegionalNetwork's `databaseSubnetIds`. */
  databaseSubnetIds: pulumi.Input<string[]>;
  /** RegionalNetwork's `s3PrefixListId`. */
  s3PrefixListId: pulumi.Input<string>;
  /** RegionalNetwork's `dynamodbPrefixListId`. */
  dynamodbPrefixListId: pulumi.Input<string>;
}

/**
 * The RegionalNetwork the TypeScript components take, made from a NetworkRef: its outputs, and
 * `createSecurityGroup` as RegionalNetwork's (the same default egress, `workloadEgress`), the
 * groups named `<owner>-<name>` and parented to `parent` (the facade), as the network would parent
 * them to itself. The one cast of the package: the class has private members, so no other object
 * is one; the web tier and the data lake use only these members of their network.
 */
export function networkFromRef(ref: NetworkRef, owner: string, parent: pulumi.Resource): RegionalNetwork {
  const view = {
    vpcId: pulumi.output(ref.vpcId),
    vpcCidr: pulumi.output(ref.vpcCidr),
    publicSubnetIds: pulumi.output(ref.publicSubnetIds),
    privateSubnetIds: pulumi.output(ref.privateSubnetIds),
    databaseSubnetIds: pulumi.output(ref.databaseSubnetIds),
    s3PrefixListId: pulumi.output(ref.s3PrefixListId),
    dynamodbPrefixListId: pulumi.output(ref.dynamodbPrefixListId),
    createSecurityGroup(name: string, args: CreateSecurityGroupArgs, opts?: pulumi.CustomResourceOptions) {
      return createLeastPrivilegeSecurityGroup(
        `${owner}-${name}`,
        {
          vpcId: ref.vpcId,
          description: args.description,
          ingress: args.ingress,
          egress: args.egress ?? workloadEgress(ref),
        },
        { parent, ...opts },
      );
    },
  };
  return view as unknown as RegionalNetwork;
}
