/**
 * Operations hosts and managed monitoring baseline (EC2 instances, OpenSearch, Amazon Managed
 * Service for Prometheus, Amazon Managed Grafana): what the host rules enforce and what the
 * DataLake's operations hosts and managed alternatives apply. Plain data.
 */

export const EC2_HOST_BASELINE = {
  /**
   * The farthest an IMDSv2 token response may travel. 1 keeps it on the instance; 2 lets a process
   * in a container on the default Docker bridge (one hop more) fetch a token; anything more reaches
   * containers nested deeper (a pod in Kubernetes-in-Docker) or hosts beyond the instance.
   */
  maxMetadataHopLimit: 2,
} as const;

export const OPENSEARCH_BASELINE = {
  /**
   * TLS policies of an OpenSearch domain endpoint that accept TLS 1.2 and later only (FSBP
   * Opensearch.8); the PFS one also requires forward-secret cipher suites.
   */
  tlsSecurityPolicies: ["Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"],
  /** The log type FSBP Opensearch.5 requires published to CloudWatch Logs. */
  auditLogType: "AUDIT_LOGS",
} as const;
