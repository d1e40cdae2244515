/**
 * One operations host: an EC2 instance in a private subnet, reachable only through Systems
 * Manager and the security group's allow-list, with IMDSv2 required, a gp3 root volume encrypted
 * with the region's CMK, no public IP and an instance role that reads exactly its own secrets.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsManagedPolicyArn, rolePolicy, secretReadStatements, serviceRole, type Statement } from "../compute/iam";
import type { RegionalNetwork, SecurityGroupEgressTo, SecurityGroupIngressFrom } from "../network";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { BACKUP_VOLUME_TAG } from "../observability/backup-defaults";
import type { LakeContext } from "./context";
import { architectureOf, OPS_HOST_DEFAULTS, type HostKind, type PortRange } from "./ops-hosts-defaults";

/** The component the operations hosts' errors are reported as (the DataLake composes them). */
export { OPS_HOSTS_COMPONENT, validateAllowedCidrs } from "./allowed-cidrs";

/**
 * The one AWS managed policy an operations host's role gets: what the SSM agent needs (Session
 * Manager instead of SSH, Run Command, inventory), maintained by AWS as the agent changes.
 */
export const SSM_MANAGED_POLICY = "AmazonSSMManagedInstanceCore";

export interface OpsHostSpec {
  kind: HostKind;
  network: RegionalNetwork;
  where: RegionContext;
  /** CIDRs admitted to `ports` (validated by the caller). */
  allowedCidrs: pulumi.Input<string>[];
  ports: readonly PortRange[];
  instanceType: string;
  rootVolumeGiB: number;
  /** Which private subnet (in AZ order). */
  subnetIndex: number;
  httpPutResponseHopLimit: number;
  /** The secrets the host reads at boot (GetSecretValue and DescribeSecret on exactly these). */
  secretArns: pulumi.Input<string>[];
  /** Rendered cloud-config. */
  userData: pulumi.Input<string>;
  description: string;
}

/** What an operations host is made of. */
export interface OpsHost {
  instance: aws.ec2.Instance;
  securityGroup: aws.ec2.SecurityGroup;
  role: aws.iam.Role;
  instanceProfile: aws.iam.InstanceProfile;
}

/**
 * Egress of a host: what the network's private workloads get by default (HTTPS to the interface
 * endpoints in the VPC, among them Secrets Manager's, and to the S3 and DynamoDB gateway
 * endpoints), plus HTTPS to the internet through the NAT gateways, where its packages, container
 * images, Minikube, kubectl and the ArgoCD manifest come from, and where the SSM agent connects.
 * DNS, NTP and the instance metadata service are not filtered by security groups.
 */
export function hostEgress(network: RegionalNetwork): SecurityGroupEgressTo[] {
  return [
    { cidrIpv4: network.vpcCidr, port: 443, description: "HTTPS to interface endpoints in the VPC" },
    { prefixListId: network.s3PrefixListId, port: 443, description: "HTTPS to S3 through the gateway endpoint" },
    {
      prefixListId: network.dynamodbPrefixListId,
      port: 443,
      description: "HTTPS to DynamoDB through the gateway endpoint",
    },
    {
      cidrIpv4: "0.0.0.0/0",
      acknowledgeInternetEgress: true,
      port: 443,
      description: "HTTPS through NAT: OS packages, container images, releases, SSM",
    },
  ];
}

/** Ingress: every port (range) from every allow-listed CIDR, and nothing else (no SSH: access is SSM). */
export function allowListIngress(
  ports: readonly PortRange[],
  allowedCidrs: pulumi.Input<string>[],
): SecurityGroupIngressFrom[] {
  return ports.flatMap((p) =>
    allowedCidrs.map((cidr) => ({
      fromCidrIpv4: cidr,
      port: p.from,
      ...(p.to !== p.from ? { toPort: p.to } : {}),
      description: p.description,
    })),
  );
}

/** The statements of a host's own policy: its secrets, and the CMK only through Secrets Manager. */
export function hostStatements(
  secretArns: pulumi.Input<string>[],
  kmsKeyArn: pulumi.Input<string>,
  where: RegionContext,
): Statement[] {
  return secretReadStatements(secretArns, kmsKeyArn, where.serviceEndpoint("secretsmanager")).map((s) => ({
    sid: "DecryptSecretsThroughSecretsManager",
    ...s,
  }));
}

export function createOpsHost(ctx: LakeContext, spec: OpsHostSpec): OpsHost {
  const parent = ctx.parent;
  const base = `${ctx.name}-${spec.kind}`;
  const securityGroup = spec.network.createSecurityGroup(
    `${ctx.name}-${spec.kind}-host`,
    {
      description: `${spec.description}: UI ports from the allow-list only, no SSH (Systems Manager)`,
      ingress: allowListIngress(spec.ports, spec.allowedCidrs),
      egress: hostEgress(spec.network),
    },
    { parent },
  );
  // EC2 passes no aws:SourceAccount/aws:SourceArn when it assumes an instance role, so a condition
  // on them would leave the instance without credentials (policy/baseline/identity.ts).
  const role = serviceRole(
    regionalName(`${base}-host`, ctx.region),
    { service: "ec2.amazonaws.com", description: spec.description, withoutSourceContext: true },
    { parent },
  );
  new aws.iam.RolePolicyAttachment(
    `${base}-ssm`,
    { role: role.name, policyArn: awsManagedPolicyArn(spec.where.partition, SSM_MANAGED_POLICY) },
    { parent },
  );
  rolePolicy(`${base}-secrets`, role, hostStatements(spec.secretArns, ctx.kmsKeyArn, spec.where), { parent });
  const instanceProfile = new aws.iam.InstanceProfile(`${base}-profile`, { role: role.name }, { parent });

  const ami = aws.ssm.getParameterOutput(
    { name: OPS_HOST_DEFAULTS.amiParameters[architectureOf(spec.instanceType)] },
    { parent },
  );
  const subnetId = spec.network.privateSubnetIds.apply((ids) => {
    const id = ids[spec.subnetIndex];
    if (id === undefined) {
      throw new Error(
        `${spec.kind}.subnetIndex: ${spec.subnetIndex} is not a private subnet of the network (it has ${ids.length})`,
      );
    }
    return id;
  });
  const instance = new aws.ec2.Instance(
    base,
    {
      ami: ami.value,
      instanceType: spec.instanceType,
      subnetId,
      vpcSecurityGroupIds: [securityGroup.id],
      iamInstanceProfile: instanceProfile.name,
      associatePublicIpAddress: false,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: spec.httpPutResponseHopLimit,
        instanceMetadataTags: "disabled",
      },
      rootBlockDevice: {
        volumeType: OPS_HOST_DEFAULTS.volumeType,
        volumeSize: spec.rootVolumeGiB,
        encrypted: true,
        kmsKeyId: ctx.kmsKeyArn,
        deleteOnTermination: true,
        // The region's backup plan selects volumes by this tag (the hosts hold Prometheus, Elasticsearch and ArgoCD state).
        tags: { [BACKUP_VOLUME_TAG.key]: BACKUP_VOLUME_TAG.value },
      },
      ebsOptimized: true,
      monitoring: true,
      userData: spec.userData,
      // A changed cloud-config only runs on a new instance.
      userDataReplaceOnChange: true,
      tags: { Name: base },
    },
    // A newer Amazon Linux image would replace the host; it is patched in place (dnf, SSM Patch Manager).
    { parent, ignoreChanges: ["ami"] },
  );
  return { instance, securityGroup, role, instanceProfile };
}
