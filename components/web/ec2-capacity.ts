import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsManagedPolicyArn, serviceRole } from "../compute/iam";
import type { RegionContext } from "../shared/region";
import { regionalName } from "../shared/naming";
import { EC2_CAPACITY_DEFAULTS } from "./defaults";

export interface Ec2CapacityArgs {
  where: RegionContext;
  kmsKeyArn: pulumi.Input<string>;
  cluster: aws.ecs.Cluster;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The instances' own security group (tasks use the app's, on their own network interfaces). */
  securityGroupId: pulumi.Input<string>;
  instanceType: string;
  minInstances: number;
  maxInstances: number;
}

/**
 * Seeds 000/001's EC2 capacity: an Auto Scaling group over the private subnets of every AZ, from a
 * launch template of the ECS-optimized AMI with IMDSv2 required (hop limit 1: tasks cannot reach
 * the instance's credentials), a gp3 root volume encrypted with the region's CMK, no public IP,
 * Systems Manager access instead of SSH, registered as the cluster's capacity provider with
 * managed scaling and managed termination protection. Returns the capacity provider's name.
 */
export function createEc2Capacity(name: string, args: Ec2CapacityArgs, parent: pulumi.Resource): pulumi.Output<string> {
  const role = serviceRole(
    regionalName(`${name}-instance-role`, args.where.name),
    // EC2 sends no source context when an instance profile's role is assumed (the pack's iam-role-trust-source-condition-honoured).
    {
      service: "ec2.amazonaws.com",
      description: "ECS container instances of the web tier: ECS agent and SSM",
      withoutSourceContext: true,
    },
    { parent },
  );
  ["service-role/AmazonEC2ContainerServiceforEC2Role", "AmazonSSMManagedInstanceCore"].forEach((policy, i) => {
    new aws.iam.RolePolicyAttachment(
      `${name}-instance-policy-${i}`,
      { role: role.name, policyArn: awsManagedPolicyArn(args.where.partition, policy) },
      { parent },
    );
  });
  const profile = new aws.iam.InstanceProfile(`${name}-instance-profile`, { role: role.name }, { parent });
  const ami = aws.ssm.getParameterOutput({ name: EC2_CAPACITY_DEFAULTS.amiParameter }, { parent });
  const template = new aws.ec2.LaunchTemplate(
    `${name}-instances`,
    {
      imageId: ami.value,
      instanceType: args.instanceType,
      iamInstanceProfile: { arn: profile.arn },
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: [args.securityGroupId] }],
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: EC2_CAPACITY_DEFAULTS.rootVolumeGiB,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: args.kmsKeyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: true },
      userData: args.cluster.name.apply((cluster) =>
        Buffer.from(`#!/bin/bash\necho ECS_CLUSTER=${cluster} >> /etc/ecs/ecs.config\n`).toString("base64"),
      ),
      updateDefaultVersion: true,
    },
    { parent },
  );
  const group = new aws.autoscaling.Group(
    `${name}-instances`,
    {
      vpcZoneIdentifiers: args.subnetIds,
      minSize: args.minInstances,
      maxSize: args.maxInstances,
      launchTemplate: { id: template.id, version: "$Latest" },
      healthCheckType: "EC2",
      protectFromScaleIn: true,
      // ECS managed scaling sets the desired capacity from here on.
      tags: [{ key: "AmazonECSManaged", value: "true", propagateAtLaunch: true }],
    },
    { parent, ignoreChanges: ["desiredCapacity"] },
  );
  const provider = new aws.ecs.CapacityProvider(
    `${name}-ec2`,
    {
      autoScalingGroupProvider: {
        autoScalingGroupArn: group.arn,
        managedTerminationProtection: "ENABLED",
        managedScaling: {
          status: "ENABLED",
          targetCapacity: EC2_CAPACITY_DEFAULTS.targetCapacityPercent,
          minimumScalingStepSize: 1,
          maximumScalingStepSize: 4,
        },
      },
    },
    { parent },
  );
  const attached = new aws.ecs.ClusterCapacityProviders(
    `${name}-capacity`,
    {
      clusterName: args.cluster.name,
      capacityProviders: [provider.name],
      defaultCapacityProviderStrategies: [{ capacityProvider: provider.name, weight: 1, base: 0 }],
    },
    { parent },
  );
  // The name resolves once the provider is attached to the cluster: a service using it waits for that.
  return pulumi.all([provider.name, attached.id]).apply(([providerName]) => providerName);
}
