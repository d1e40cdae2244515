/**
 * Host rules, in the compute group: what the compute rules do not already hold the DataLake's
 * operations hosts and their managed alternatives to. EC2 instances and launch templates bound
 * how far IMDSv2 tokens travel and encrypt their volumes with a customer managed key (IMDSv2,
 * encryption and public IPs themselves are compute.ts's rules); OpenSearch domains are encrypted,
 * HTTPS-only with TLS 1.2+, in a VPC, under fine-grained access control and audit-logged; Amazon
 * Managed Service for Prometheus workspaces are encrypted with a customer managed key.
 */
import { EC2_HOST_BASELINE, OPENSEARCH_BASELINE } from "../baseline/hosts";
import { INSTANCE, LAUNCH_TEMPLATE } from "./compute";
import { asArray, label, resourceRule } from "./helpers";
import type { ResourceView } from "./types";

export const OPENSEARCH_DOMAIN = "aws:opensearch/domain:Domain";
export const AMP_WORKSPACE = "aws:amp/workspace:Workspace";

/** AWS managed keys: encryption, but with a key nobody of the account controls or audits. */
const isAwsManagedKey = (key: unknown) => typeof key === "string" && /(^|:)alias\/aws\//.test(key);
const hasCustomerKey = (key: unknown) => typeof key === "string" && key !== "" && !isAwsManagedKey(key);
const keyLabel = (key: unknown) =>
  key === undefined || key === "" ? "no kmsKeyId" : `kmsKeyId ${JSON.stringify(key)}`;
const isTrue = (value: unknown) => value === true || (typeof value === "string" && value.toLowerCase() === "true");

interface HopLimitConfig {
  maxHopLimit: number;
}

const hopLimitProblem = (r: ResourceView, max: number) => {
  const options = r.props.metadataOptions ?? {};
  if (options.httpEndpoint === "disabled") return undefined;
  const hops = options.httpPutResponseHopLimit;
  return (
    typeof hops === "number" &&
    hops > max &&
    `${label(r)} lets IMDSv2 tokens travel ${hops} hops (metadataOptions.httpPutResponseHopLimit), more than ${max}`
  );
};

const ec2HostRules = [
  resourceRule<HopLimitConfig>({
    name: "ec2-imds-hop-limit",
    description: `EC2 instances and launch templates keep IMDSv2 token responses within ${EC2_HOST_BASELINE.maxMetadataHopLimit} network hops (metadataOptions.httpPutResponseHopLimit): enough for containers on the host, not for anything farther.`,
    group: "compute",
    severity: "medium",
    resourceTypes: [INSTANCE, LAUNCH_TEMPLATE],
    remediation:
      "Set metadataOptions.httpPutResponseHopLimit to 1 (the host only) or 2 (its containers too, when they need the instance role).",
    config: {
      schema: {
        properties: {
          maxHopLimit: {
            type: "integer",
            minimum: 1,
            maximum: 64,
            description: "Most hops an IMDSv2 token response may travel.",
          },
        },
      },
      defaults: { maxHopLimit: EC2_HOST_BASELINE.maxMetadataHopLimit },
    },
    check: (r, { maxHopLimit }) => hopLimitProblem(r, maxHopLimit),
  }),
  resourceRule({
    name: "ec2-instance-ebs-customer-managed-key",
    description:
      "EC2 instances encrypt their root volume and every EBS block device with a customer managed KMS key (kmsKeyId), not the AWS managed aws/ebs key.",
    group: "compute",
    severity: "medium",
    resourceTypes: [INSTANCE],
    remediation: "Set kmsKeyId to the region's CMK ARN on rootBlockDevice and on every ebsBlockDevices entry.",
    check: (r) => {
      const out: string[] = [];
      const root = r.props.rootBlockDevice ?? {};
      if (!hasCustomerKey(root.kmsKeyId)) out.push(`${label(r)} root volume has ${keyLabel(root.kmsKeyId)}`);
      for (const [i, d] of asArray<any>(r.props.ebsBlockDevices).entries()) {
        if (!hasCustomerKey(d?.kmsKeyId))
          out.push(`${label(r)} EBS block device ${d?.deviceName ?? i} has ${keyLabel(d?.kmsKeyId)}`);
      }
      return out.map((m) => `${m}, not a customer managed key`);
    },
  }),
  resourceRule({
    name: "ec2-launch-template-ebs-customer-managed-key",
    description:
      "EC2 launch templates encrypt every EBS volume they map with a customer managed KMS key (blockDeviceMappings[].ebs.kmsKeyId).",
    group: "compute",
    severity: "medium",
    resourceTypes: [LAUNCH_TEMPLATE],
    remediation: "Set ebs.kmsKeyId to the region's CMK ARN on every block device mapping.",
    check: (r) =>
      asArray<any>(r.props.blockDeviceMappings)
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => m?.ebs && !hasCustomerKey(m.ebs.kmsKeyId))
        .map(
          ({ m, i }) =>
            `${label(r)} maps EBS volume ${m.deviceName ?? i} with ${keyLabel(m.ebs.kmsKeyId)}, not a customer managed key`,
        ),
  }),
];

const openSearchRules = [
  resourceRule({
    name: "opensearch-encrypted-at-rest",
    description:
      "[Opensearch.1] OpenSearch domains encrypt data at rest (encryptAtRest.enabled) with a customer managed KMS key.",
    group: "compute",
    resourceTypes: [OPENSEARCH_DOMAIN],
    remediation:
      "Set encryptAtRest: { enabled: true, kmsKeyId: <CMK ARN> } (an existing domain cannot turn it on in place: it is replaced).",
    check: (r) => {
      const at = r.props.encryptAtRest ?? {};
      if (!isTrue(at.enabled)) return `${label(r)} does not encrypt data at rest (encryptAtRest.enabled)`;
      return (
        !hasCustomerKey(at.kmsKeyId) &&
        `${label(r)} encrypts at rest with ${keyLabel(at.kmsKeyId)}, not a customer managed key`
      );
    },
  }),
  resourceRule({
    name: "opensearch-node-to-node-encryption",
    description:
      "[Opensearch.3] OpenSearch domains encrypt traffic between their nodes (nodeToNodeEncryption.enabled).",
    group: "compute",
    resourceTypes: [OPENSEARCH_DOMAIN],
    remediation: "Set nodeToNodeEncryption: { enabled: true }.",
    check: (r) =>
      !isTrue(r.props.nodeToNodeEncryption?.enabled) &&
      `${label(r)} does not encrypt node-to-node traffic (nodeToNodeEncryption.enabled)`,
  }),
  resourceRule({
    name: "opensearch-https-tls12",
    description: `[Opensearch.8] OpenSearch domains accept HTTPS only (domainEndpointOptions.enforceHttps) with a TLS 1.2+ policy (${OPENSEARCH_BASELINE.tlsSecurityPolicies.join(", ")}).`,
    group: "compute",
    resourceTypes: [OPENSEARCH_DOMAIN],
    remediation:
      'Set domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }.',
    check: (r) => {
      const endpoint = r.props.domainEndpointOptions ?? {};
      const out: string[] = [];
      if (!isTrue(endpoint.enforceHttps))
        out.push(`${label(r)} accepts plain HTTP (domainEndpointOptions.enforceHttps)`);
      if (!(OPENSEARCH_BASELINE.tlsSecurityPolicies as readonly string[]).includes(endpoint.tlsSecurityPolicy)) {
        out.push(
          `${label(r)} has TLS policy ${JSON.stringify(endpoint.tlsSecurityPolicy ?? "Policy-Min-TLS-1-0-2019-07")}, which accepts TLS below 1.2`,
        );
      }
      return out;
    },
  }),
  resourceRule({
    name: "opensearch-in-vpc",
    description:
      "[Opensearch.2] OpenSearch domains are placed in a VPC (vpcOptions.subnetIds), with no public endpoint.",
    group: "compute",
    resourceTypes: [OPENSEARCH_DOMAIN],
    remediation:
      "Set vpcOptions: { subnetIds: <private subnets>, securityGroupIds: [<group admitting 443 from known CIDRs>] } (replaces the domain).",
    check: (r) =>
      asArray(r.props.vpcOptions?.subnetIds).length === 0 &&
      `${label(r)} has a public endpoint (no vpcOptions.subnetIds)`,
  }),
  resourceRule({
    name: "opensearch-fine-grained-access-control",
    description:
      "[Opensearch.7] OpenSearch domains enable fine-grained access control (advancedSecurityOptions.enabled), without anonymous access, and with an IAM master user rather than passwords in the internal user database.",
    group: "compute",
    resourceTypes: [OPENSEARCH_DOMAIN],
    remediation:
      "Set advancedSecurityOptions: { enabled: true, anonymousAuthEnabled: false, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: <IAM role ARN> } }.",
    check: (r) => {
      const security = r.props.advancedSecurityOptions ?? {};
      if (!isTrue(security.enabled))
        return `${label(r)} does not enable fine-grained access control (advancedSecurityOptions.enabled)`;
      const out: string[] = [];
      if (isTrue(security.anonymousAuthEnabled)) out.push(`${label(r)} lets anonymous users in (anonymousAuthEnabled)`);
      if (
        isTrue(security.internalUserDatabaseEnabled) ||
        security.masterUserOptions?.masterUserPassword !== undefined
      ) {
        out.push(`${label(r)} keeps its master user's password in the internal user database; name an IAM master user`);
      }
      return out;
    },
  }),
  resourceRule({
    name: "opensearch-audit-logging",
    description: `[Opensearch.5] OpenSearch domains publish audit logs (${OPENSEARCH_BASELINE.auditLogType}) to CloudWatch Logs.`,
    group: "compute",
    severity: "medium",
    resourceTypes: [OPENSEARCH_DOMAIN],
    remediation: `Add { logType: "${OPENSEARCH_BASELINE.auditLogType}", cloudwatchLogGroupArn: <CMK-encrypted group>, enabled: true } to logPublishingOptions (with a CloudWatch Logs resource policy letting es.amazonaws.com write to the group).`,
    check: (r) => {
      const audit = asArray<any>(r.props.logPublishingOptions).find(
        (o) => o?.logType === OPENSEARCH_BASELINE.auditLogType,
      );
      return (
        (!audit || audit.enabled === false || !audit.cloudwatchLogGroupArn) &&
        `${label(r)} does not publish ${OPENSEARCH_BASELINE.auditLogType} to CloudWatch Logs`
      );
    },
  }),
];

const ampRules = [
  resourceRule({
    name: "amp-workspace-customer-managed-key",
    description:
      "Amazon Managed Service for Prometheus workspaces encrypt their metrics with a customer managed KMS key (kmsKeyArn); it cannot be added later.",
    group: "compute",
    severity: "medium",
    resourceTypes: [AMP_WORKSPACE],
    remediation: "Set kmsKeyArn to the region's CMK ARN (replaces the workspace).",
    check: (r) =>
      !hasCustomerKey(r.props.kmsKeyArn) &&
      `${label(r)} encrypts with an AWS owned key (no kmsKeyArn), not a customer managed key`,
  }),
];

export const hostRules = [...ec2HostRules, ...openSearchRules, ...ampRules];
