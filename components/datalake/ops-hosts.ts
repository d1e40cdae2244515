/**
 * The seed's operations hosts, hardened (seed 002, "Kubernetes Architecture" and "Monitoring
 * Architecture"): a Kubernetes host running Minikube with ArgoCD, and a self-hosted monitoring
 * host running Prometheus, Grafana, Elasticsearch, Kibana, Logstash, Jaeger, node exporter,
 * cAdvisor and Pushgateway under docker compose, or instead of that host its managed alternative
 * (managed-monitoring.ts). Everything here is off unless asked for.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RegionalNetwork } from "../network";
import { invalidArg, validating } from "../shared/errors";
import { regionContext, type RegionContext } from "../shared/region";
import { kubernetesUserData, monitoringUserData } from "./cloud-init";
import type { LakeContext } from "./context";
import { createManagedMonitoring, type ManagedMonitoring, type ManagedMonitoringArgs } from "./managed-monitoring";
import { createOpsHost, OPS_HOSTS_COMPONENT, validateAllowedCidrs, type OpsHost } from "./ops-host";
import {
  instanceShape,
  KUBERNETES_UI_PORTS,
  MONITORING_UI_PORTS,
  OPS_HOST_DEFAULTS,
  MONITORING_CHOICES,
  type HostKind,
} from "./ops-hosts-defaults";

/** What every operations host is sized by. */
export interface OpsHostSizeArgs {
  /**
   * EC2 instance type (x86_64 or Graviton: the AMI follows it). Checked against the host's minimum
   * vCPUs and memory for the t3/t3a/t4g, m, c and r families.
   * @default "t3.medium" (Kubernetes), "t3.xlarge" (monitoring)
   */
  instanceType?: string;
  /**
   * Size of the encrypted gp3 root volume, in GiB.
   * @default 40 (Kubernetes), 100 (monitoring)
   */
  rootVolumeGiB?: number;
  /**
   * The private subnet (in AZ order) the host runs in.
   * @default 0 (Kubernetes), 1 (monitoring)
   */
  subnetIndex?: number;
  /**
   * How far IMDSv2 token responses travel: 1 keeps the instance role from the host's containers,
   * 2 lets them use it (at most 2).
   * @default 1
   */
  httpPutResponseHopLimit?: number;
}

export interface KubernetesHostArgs extends OpsHostSizeArgs {
  /** The Secrets Manager secret holding ArgoCD's admin password (JSON `{ "password": ... }` or the bare password). */
  argocdAdminSecretArn: pulumi.Input<string>;
}

export interface MonitoringHostArgs extends OpsHostSizeArgs {
  mode: "self-hosted";
  /** The Secrets Manager secret holding Grafana's admin credentials (JSON `{ "username", "password" }` or the bare password). */
  grafanaAdminSecretArn: pulumi.Input<string>;
}

/** The managed alternative: Amazon Managed Service for Prometheus, Amazon Managed Grafana, OpenSearch. */
export interface ManagedMonitoringChoice extends Omit<ManagedMonitoringArgs, "network" | "allowedCidrs"> {
  mode: "managed";
}

export interface OpsHostsArgs {
  network: RegionalNetwork;
  /**
   * IPv4 CIDRs admitted to the hosts' UI ports (Kubernetes 8443 and 30000-32767; Prometheus 9090,
   * Grafana 3000, Kibana 5601, Jaeger 16686). Never the internet: 0.0.0.0/0 and any prefix shorter
   * than /8 are refused.
   * @default the VPC's CIDR
   */
  allowedCidrs?: string[];
  /**
   * The Kubernetes host (Minikube with ArgoCD).
   * @default none
   */
  kubernetes?: KubernetesHostArgs;
  /**
   * Monitoring: `mode: "self-hosted"` for the seed's monitoring host, `mode: "managed"` for Amazon
   * Managed Service for Prometheus, Amazon Managed Grafana and OpenSearch instead.
   * @default none
   */
  monitoring?: MonitoringHostArgs | ManagedMonitoringChoice;
}

export interface OpsHosts {
  kubernetes?: OpsHost;
  /** The monitoring host, when `monitoring.mode` is "self-hosted". */
  monitoringHost?: OpsHost;
  /** The managed services, when `monitoring.mode` is "managed". */
  managedMonitoring?: ManagedMonitoring;
}

/**
 * The operations hosts asked for: each an EC2 instance in a private subnet of `network`, IMDSv2
 * required, an encrypted gp3 root volume, no public IP, reached through Systems Manager and, on its
 * UI ports, from `allowedCidrs` only; its role reads exactly its own secret.
 */
export function createOpsHosts(ctx: LakeContext, args: OpsHostsArgs): OpsHosts {
  const settings = validating(OPS_HOSTS_COMPONENT, () => validateOpsHosts(args));
  if (!args.kubernetes && !args.monitoring) return {};
  const where = regionContext(OPS_HOSTS_COMPONENT, ctx.region, ctx.parent);
  const allowedCidrs: pulumi.Input<string>[] = settings.allowedCidrs ?? [args.network.vpcCidr];
  const monitoring = args.monitoring;
  return {
    ...(args.kubernetes ? { kubernetes: createKubernetesHost(ctx, where, args, args.kubernetes, allowedCidrs) } : {}),
    ...(monitoring?.mode === "self-hosted"
      ? { monitoringHost: createMonitoringHost(ctx, where, args, monitoring, allowedCidrs) }
      : {}),
    ...(monitoring?.mode === "managed"
      ? {
          managedMonitoring: createManagedMonitoring(ctx, {
            ...withoutMode(monitoring),
            network: args.network,
            ...(settings.allowedCidrs ? { allowedCidrs: settings.allowedCidrs } : {}),
          }),
        }
      : {}),
  };
}

const withoutMode = ({ mode: _mode, ...rest }: ManagedMonitoringChoice) => rest;

function createKubernetesHost(
  ctx: LakeContext,
  where: RegionContext,
  args: OpsHostsArgs,
  host: KubernetesHostArgs,
  allowedCidrs: pulumi.Input<string>[],
): OpsHost {
  return createOpsHost(ctx, {
    kind: "kubernetes",
    network: args.network,
    where,
    allowedCidrs,
    ports: KUBERNETES_UI_PORTS,
    ...sized("kubernetes", host),
    secretArns: [host.argocdAdminSecretArn],
    userData: pulumi
      .output(host.argocdAdminSecretArn)
      .apply((argocdAdminSecretArn) => kubernetesUserData({ region: ctx.region, argocdAdminSecretArn })),
    description: "Kubernetes host (Minikube with ArgoCD) of the data platform",
  });
}

function createMonitoringHost(
  ctx: LakeContext,
  where: RegionContext,
  args: OpsHostsArgs,
  host: MonitoringHostArgs,
  allowedCidrs: pulumi.Input<string>[],
): OpsHost {
  return createOpsHost(ctx, {
    kind: "monitoring",
    network: args.network,
    where,
    allowedCidrs,
    ports: MONITORING_UI_PORTS,
    ...sized("monitoring", host),
    secretArns: [host.grafanaAdminSecretArn],
    userData: pulumi
      .output(host.grafanaAdminSecretArn)
      .apply((grafanaAdminSecretArn) => monitoringUserData({ region: ctx.region, grafanaAdminSecretArn })),
    description: "Monitoring host (Prometheus, Grafana, ELK, Jaeger) of the data platform",
  });
}

const sized = (kind: HostKind, host: OpsHostSizeArgs) => ({
  instanceType: host.instanceType ?? OPS_HOST_DEFAULTS[kind].instanceType,
  rootVolumeGiB: host.rootVolumeGiB ?? OPS_HOST_DEFAULTS[kind].rootVolumeGiB,
  subnetIndex: host.subnetIndex ?? OPS_HOST_DEFAULTS[kind].subnetIndex,
  httpPutResponseHopLimit: host.httpPutResponseHopLimit ?? OPS_HOST_DEFAULTS.httpPutResponseHopLimit,
});

interface OpsHostsSettings {
  allowedCidrs?: string[];
}

function validateOpsHosts(args: OpsHostsArgs): OpsHostsSettings {
  const allowedCidrs =
    args.allowedCidrs === undefined ? undefined : validateAllowedCidrs("allowedCidrs", args.allowedCidrs);
  if (args.kubernetes) {
    validateHostSize("kubernetes", args.kubernetes);
    requireArn("kubernetes.argocdAdminSecretArn", args.kubernetes.argocdAdminSecretArn);
  }
  if (args.monitoring) {
    const mode: unknown = args.monitoring.mode;
    if (!(MONITORING_CHOICES as readonly unknown[]).includes(mode)) {
      throw invalidArg(
        OPS_HOSTS_COMPONENT,
        "monitoring.mode",
        `${JSON.stringify(mode)} is not ${MONITORING_CHOICES.map((c) => `"${c}"`).join(" or ")}`,
      );
    }
    if (args.monitoring.mode === "self-hosted") {
      validateHostSize("monitoring", args.monitoring);
      requireArn("monitoring.grafanaAdminSecretArn", args.monitoring.grafanaAdminSecretArn);
    }
  }
  return { allowedCidrs };
}

function validateHostSize(kind: HostKind, host: OpsHostSizeArgs): void {
  const minimum = OPS_HOST_DEFAULTS[kind].minimum;
  const instanceType = host.instanceType ?? OPS_HOST_DEFAULTS[kind].instanceType;
  if (typeof instanceType !== "string" || !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) {
    throw invalidArg(
      OPS_HOSTS_COMPONENT,
      `${kind}.instanceType`,
      `${JSON.stringify(instanceType)} is not an EC2 instance type such as "t3.medium"`,
    );
  }
  const shape = instanceShape(instanceType);
  if (shape && (shape.vcpus < minimum.vcpus || shape.memoryGiB < minimum.memoryGiB)) {
    throw invalidArg(
      OPS_HOSTS_COMPONENT,
      `${kind}.instanceType`,
      `"${instanceType}" has ${shape.vcpus} vCPU and ${shape.memoryGiB} GiB; the ${kind} host needs at least ${minimum.vcpus} vCPU and ${minimum.memoryGiB} GiB (default "${OPS_HOST_DEFAULTS[kind].instanceType}")`,
    );
  }
  const volume = host.rootVolumeGiB ?? OPS_HOST_DEFAULTS[kind].rootVolumeGiB;
  if (!Number.isInteger(volume) || volume < minimum.rootVolumeGiB || volume > OPS_HOST_DEFAULTS.maxRootVolumeGiB) {
    throw invalidArg(
      OPS_HOSTS_COMPONENT,
      `${kind}.rootVolumeGiB`,
      `${JSON.stringify(volume)} must be a whole number of GiB from ${minimum.rootVolumeGiB} to ${OPS_HOST_DEFAULTS.maxRootVolumeGiB}`,
    );
  }
  const subnet = host.subnetIndex ?? OPS_HOST_DEFAULTS[kind].subnetIndex;
  if (!Number.isInteger(subnet) || subnet < 0 || subnet > 2) {
    throw invalidArg(
      OPS_HOSTS_COMPONENT,
      `${kind}.subnetIndex`,
      `${JSON.stringify(subnet)} must be 0, 1 or 2 (a private subnet, in AZ order)`,
    );
  }
  const hops = host.httpPutResponseHopLimit ?? OPS_HOST_DEFAULTS.httpPutResponseHopLimit;
  if (!Number.isInteger(hops) || hops < 1 || hops > OPS_HOST_DEFAULTS.maxHttpPutResponseHopLimit) {
    throw invalidArg(
      OPS_HOSTS_COMPONENT,
      `${kind}.httpPutResponseHopLimit`,
      `${JSON.stringify(hops)} must be 1 (the host only) or ${OPS_HOST_DEFAULTS.maxHttpPutResponseHopLimit} (its containers too)`,
    );
  }
}

/** A secret ARN given as text must look like one (an Output is checked by AWS at deploy time). */
function requireArn(arg: string, value: pulumi.Input<string>): void {
  if (value === undefined || value === null || value === "") {
    throw invalidArg(
      OPS_HOSTS_COMPONENT,
      arg,
      "is required: the host reads its admin password from this secret at boot",
    );
  }
  if (typeof value === "string" && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(value)) {
    throw invalidArg(OPS_HOSTS_COMPONENT, arg, `${JSON.stringify(value)} is not a Secrets Manager secret ARN`);
  }
}

export type { OpsHost } from "./ops-host";
