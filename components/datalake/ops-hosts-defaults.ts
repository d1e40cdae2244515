/**
 * The operations hosts' and the managed monitoring alternatives' defaults, in one place: the host
 * modules, their tests, the seed's security-group set and the policy rules all import this module,
 * so they cannot drift apart. What the pack enforces comes from policy/baseline/hosts.ts.
 */
import { EC2_HOST_BASELINE, OPENSEARCH_BASELINE } from "../../policy/baseline/hosts";
import { LOG_RETENTION } from "../../policy/baseline/observability";

/** A TCP port or port range a security group admits, with what listens there. */
export interface PortRange {
  from: number;
  to: number;
  description: string;
}

/** The Kubernetes host's ports (seed 002: Minikube's API server, NodePort services, ArgoCD on a NodePort). */
export const KUBERNETES_PORTS = {
  apiServer: 8443,
  nodePortFirst: 30000,
  nodePortLast: 32767,
  /** ArgoCD's server as NodePort services (the seed's 30080; HTTPS beside it). */
  argocdHttp: 30080,
  argocdHttps: 30443,
} as const;

/** The monitoring host's ports (seed 002). Only the UIs are admitted by its security group. */
export const MONITORING_PORTS = {
  prometheus: 9090,
  grafana: 3000,
  kibana: 5601,
  jaegerUi: 16686,
  /** Published on the host's loopback only. */
  elasticsearch: 9200,
  logstashBeats: 5044,
  nodeExporter: 9100,
  pushgateway: 9091,
  otlpGrpc: 4317,
  otlpHttp: 4318,
} as const;

/** What the Kubernetes host's security group admits, from the allow-listed CIDRs only. */
export const KUBERNETES_UI_PORTS: readonly PortRange[] = [
  { from: KUBERNETES_PORTS.apiServer, to: KUBERNETES_PORTS.apiServer, description: "Kubernetes API server (Minikube)" },
  {
    from: KUBERNETES_PORTS.nodePortFirst,
    to: KUBERNETES_PORTS.nodePortLast,
    description: "Kubernetes NodePort services (ArgoCD on 30080 and 30443)",
  },
];

/** What the monitoring host's security group admits, from the allow-listed CIDRs only. */
export const MONITORING_UI_PORTS: readonly PortRange[] = [
  { from: MONITORING_PORTS.prometheus, to: MONITORING_PORTS.prometheus, description: "Prometheus UI" },
  { from: MONITORING_PORTS.grafana, to: MONITORING_PORTS.grafana, description: "Grafana UI" },
  { from: MONITORING_PORTS.kibana, to: MONITORING_PORTS.kibana, description: "Kibana UI" },
  { from: MONITORING_PORTS.jaegerUi, to: MONITORING_PORTS.jaegerUi, description: "Jaeger UI" },
];

/** What the managed OpenSearch domain's security group admits (HTTPS only). */
export const OPENSEARCH_PORTS: readonly PortRange[] = [
  { from: 443, to: 443, description: "OpenSearch HTTPS (REST API and Dashboards)" },
];

export const HOST_KINDS = ["kubernetes", "monitoring"] as const;
export type HostKind = (typeof HOST_KINDS)[number];

/** What a host needs at least, and what is checked where the instance type's size is known. */
export interface HostMinimum {
  vcpus: number;
  memoryGiB: number;
  rootVolumeGiB: number;
}

export const OPS_HOST_DEFAULTS = {
  /**
   * Minikube needs 2 vCPUs, 2 GiB of memory and 20 GB of disk; ArgoCD's seven workloads need
   * about 1.5 GiB more and the OS its own: the seed's t3.small (2 vCPU, 2 GiB) cannot run both.
   * A t3.medium (2 vCPU, 4 GiB) can; 40 GiB holds Minikube's 20 GB node, its images and the OS.
   */
  kubernetes: {
    instanceType: "t3.medium",
    rootVolumeGiB: 40,
    /** The first private subnet (the seed's first AZ). */
    subnetIndex: 0,
    minimum: { vcpus: 2, memoryGiB: 4, rootVolumeGiB: 30 } as HostMinimum,
  },
  /**
   * Elasticsearch (2 GiB heap, 4 GiB limit), Logstash (512 MiB heap, 1 GiB limit), Kibana (1.5 GiB),
   * Prometheus, Grafana, Jaeger's in-memory store and the exporters need about 9 GiB, and
   * Elasticsearch wants as much again as page cache: a t3.xlarge (4 vCPU, 16 GiB). 100 GiB holds
   * the images (about 5 GB), Elasticsearch's indices and Prometheus's 15 days of samples.
   */
  monitoring: {
    instanceType: "t3.xlarge",
    rootVolumeGiB: 100,
    /** The second private subnet (the seed's second AZ), wrapping to the first when there is one. */
    subnetIndex: 1,
    minimum: { vcpus: 2, memoryGiB: 8, rootVolumeGiB: 50 } as HostMinimum,
  },
  /**
   * 1: only the host's own processes (cloud-init, the SSM agent, the AWS CLI reading the secrets)
   * get IMDSv2 tokens; a process in a container does not, so a compromised container cannot take
   * the instance role, which reads the admin secrets. 2 is what containers on the Docker bridge
   * need (one hop more); the baseline allows it for workloads that must use the role.
   */
  httpPutResponseHopLimit: 1,
  maxHttpPutResponseHopLimit: EC2_HOST_BASELINE.maxMetadataHopLimit,
  volumeType: "gp3",
  maxRootVolumeGiB: 16_384,
  /** Amazon Linux 2023 from its public SSM parameters, per architecture. */
  amiParameters: {
    x86_64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    arm64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
  },
  /** EC2's limit on user data, before base64. */
  maxUserDataBytes: 16_384,
} as const;

/**
 * Versions the Kubernetes host installs, pinned (bump them together: Minikube's release notes name
 * the Kubernetes versions it supports, ArgoCD's the Kubernetes versions it is tested with).
 */
export const KUBERNETES_HOST_VERSIONS = {
  minikube: "v1.35.0",
  kubernetes: "v1.32.0",
  argocd: "v3.0.6",
} as const;

/** The docker compose plugin the monitoring host installs (Amazon Linux 2023 packages Docker without it). */
export const DOCKER_COMPOSE_VERSION = "v2.35.0";

/** The monitoring stack's images, each at a pinned tag (never `latest`). */
export const MONITORING_IMAGES = {
  prometheus: "prom/prometheus:v3.5.0",
  grafana: "grafana/grafana:12.1.0",
  elasticsearch: "docker.elastic.co/elasticsearch/elasticsearch:8.18.0",
  kibana: "docker.elastic.co/kibana/kibana:8.18.0",
  logstash: "docker.elastic.co/logstash/logstash:8.18.0",
  jaeger: "jaegertracing/jaeger:2.5.0",
  nodeExporter: "prom/node-exporter:v1.9.1",
  cadvisor: "gcr.io/cadvisor/cadvisor:v0.49.1",
  pushgateway: "prom/pushgateway:v1.11.0",
} as const;

/** Sizes of the monitoring stack's containers, for the instance type above. */
export const MONITORING_STACK_SIZES = {
  elasticsearchHeap: "2g",
  elasticsearchMemory: "4g",
  logstashHeap: "512m",
  logstashMemory: "1g",
  kibanaMemory: "1536m",
  prometheusRetention: "15d",
  scrapeInterval: "15s",
  /** The uid the Grafana image runs as: it must be able to read its admin password file. */
  grafanaUid: 472,
} as const;

/** How the platform's metrics, dashboards and logs are kept: the seed's host, or AWS's managed services. */
export const MONITORING_CHOICES = ["self-hosted", "managed"] as const;
export type MonitoringChoice = (typeof MONITORING_CHOICES)[number];

export const GRAFANA_AUTHENTICATION_PROVIDERS = ["AWS_SSO", "SAML"] as const;
export type GrafanaAuthenticationProvider = (typeof GRAFANA_AUTHENTICATION_PROVIDERS)[number];

export const MANAGED_MONITORING_DEFAULTS = {
  /** A Grafana version Amazon Managed Grafana offers for new workspaces. */
  grafanaVersion: "10.4",
  authenticationProviders: ["AWS_SSO"] as GrafanaAuthenticationProvider[],
  dataSources: ["PROMETHEUS", "CLOUDWATCH"],
  permissionType: "CUSTOMER_MANAGED",
  accountAccessType: "CURRENT_ACCOUNT",
  /**
   * Interface endpoints the Grafana workspace reaches its data sources through once it is placed in
   * the VPC (it has no other way out): add them to RegionalNetwork's `interfaceEndpoints`.
   */
  interfaceEndpoints: ["aps-workspaces", "monitoring"],
  logRetentionInDays: LOG_RETENTION.defaultRetentionDays,
  opensearch: {
    engineVersion: "OpenSearch_2.19",
    /** Graviton general purpose nodes; one per AZ. */
    instanceType: "m7g.large.search",
    instanceCount: 2,
    availabilityZoneCount: 2,
    volumeType: "gp3",
    volumeSizeGiB: 20,
    tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
    allowedTlsSecurityPolicies: OPENSEARCH_BASELINE.tlsSecurityPolicies,
    /** Published to CloudWatch Logs, each to a CMK-encrypted group of its own. */
    logTypes: ["ES_APPLICATION_LOGS", OPENSEARCH_BASELINE.auditLogType],
    /** AWS's limit on a domain name: 3-28 lowercase letters, digits and hyphens, a letter first. */
    domainNamePattern: /^[a-z][a-z0-9-]{2,27}$/,
  },
} as const;

/** The shortest allow-listed prefix: anything broader admits a large part of the internet. */
export const MIN_ALLOWED_CIDR_PREFIX = 8;

/** CPU architecture of an instance type: Graviton families carry a `g` after their generation (m7g, t4g, c7gn, r8gd), and a1. */
export function architectureOf(instanceType: string): "x86_64" | "arm64" {
  const family = instanceType.split(".")[0] ?? "";
  if (family === "a1") return "arm64";
  const suffix = /^[a-z]+\d+([a-z-]*)$/.exec(family)?.[1] ?? "";
  return suffix.includes("g") ? "arm64" : "x86_64";
}

/** Burstable sizes: vCPUs and memory (GiB), the same for t3, t3a and t4g. */
const BURSTABLE_SIZES: Record<string, [number, number]> = {
  nano: [2, 0.5],
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  "2xlarge": [8, 32],
};
/** Memory per vCPU of the general purpose, compute and memory optimized families. */
const GIB_PER_VCPU: Record<string, number> = { m: 4, c: 2, r: 8 };

/**
 * vCPUs and memory of an instance type of the t3/t3a/t4g, m, c or r families (current generations
 * follow these ratios); undefined for any other type, which is then not checked.
 */
export function instanceShape(instanceType: string): { vcpus: number; memoryGiB: number } | undefined {
  const match = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/.exec(instanceType);
  if (!match) return undefined;
  const [, letters, , , size] = match as unknown as [string, string, string, string, string];
  if (letters === "t") {
    const shape = BURSTABLE_SIZES[size];
    return shape ? { vcpus: shape[0], memoryGiB: shape[1] } : undefined;
  }
  const perVcpu = GIB_PER_VCPU[letters];
  if (perVcpu === undefined) return undefined;
  const vcpus = size === "medium" ? 1 : size === "large" ? 2 : size === "xlarge" ? 4 : sizeMultiple(size);
  return vcpus === undefined ? undefined : { vcpus, memoryGiB: vcpus * perVcpu };
}

const sizeMultiple = (size: string): number | undefined => {
  const n = /^(\d+)xlarge$/.exec(size)?.[1];
  return n === undefined ? undefined : Number(n) * 4;
};
