/**
 * The managed alternative to the seed's monitoring host: Amazon Managed Service for Prometheus
 * (metrics), Amazon Managed Grafana (dashboards) and an Amazon OpenSearch Service domain (logs and
 * traces, in place of Elasticsearch and Kibana). Each is encrypted with the region's CMK, logs to
 * CMK-encrypted log groups, and is reached only from inside the VPC or the allow-listed CIDRs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy, serviceRole, type Statement } from "../compute/iam";
import { LOG_RETENTION_VALUES, NEVER_EXPIRE } from "../../policy/baseline/observability";
import type { RegionalNetwork } from "../network";
import { invalidArg, validating } from "../shared/errors";
import { regionalName } from "../shared/naming";
import { regionContext } from "../shared/region";
import type { LakeContext } from "./context";
import { allowListIngress, OPS_HOSTS_COMPONENT, validateAllowedCidrs } from "./ops-host";
import {
  GRAFANA_AUTHENTICATION_PROVIDERS,
  MANAGED_MONITORING_DEFAULTS,
  OPENSEARCH_PORTS,
  type GrafanaAuthenticationProvider,
} from "./ops-hosts-defaults";

/** What the Grafana workspace's role may do on the Prometheus workspace: read, never write. */
export const AMP_QUERY_ACTIONS = [
  "aps:DescribeWorkspace",
  "aps:QueryMetrics",
  "aps:GetLabels",
  "aps:GetSeries",
  "aps:GetMetricMetadata",
] as const;

/** CloudWatch reads with no resource-level permissions (Service Authorization Reference), granted on `*`. */
export const CLOUDWATCH_UNSCOPED_READ_ACTIONS = [
  "cloudwatch:ListMetrics",
  "cloudwatch:GetMetricData",
  "cloudwatch:GetMetricStatistics",
  "tag:GetResources",
  "logs:GetQueryResults",
  "logs:StopQuery",
] as const;
export const CLOUDWATCH_ALARM_READ_ACTIONS = ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"] as const;
export const CLOUDWATCH_LOGS_READ_ACTIONS = [
  "logs:DescribeLogGroups",
  "logs:GetLogGroupFields",
  "logs:StartQuery",
  "logs:GetLogEvents",
] as const;
/** What OpenSearch Service needs on a log group it publishes to (its resource policy). */
export const OPENSEARCH_LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"] as const;

export interface ManagedMonitoringArgs {
  network: RegionalNetwork;
  /**
   * IPv4 CIDRs admitted to the OpenSearch domain's HTTPS port (443), besides nothing else. Never
   * the internet (0.0.0.0/0 or any prefix shorter than /8 is refused).
   * @default the VPC's CIDR
   */
  allowedCidrs?: string[];
  /**
   * How people sign in to Grafana: IAM Identity Center (must be enabled in the account's
   * organization) and/or SAML (then `grafanaSaml` is required).
   * @default ["AWS_SSO"]
   */
  grafanaAuthenticationProviders?: GrafanaAuthenticationProvider[];
  /** The SAML identity provider, when `grafanaAuthenticationProviders` includes "SAML". @default none */
  grafanaSaml?: {
    idpMetadataUrl: pulumi.Input<string>;
    /** Values of the role assertion that make a user an admin. */
    adminRoleValues: string[];
    /** @default none (everyone else a viewer) */
    editorRoleValues?: string[];
    /** @default "role" */
    roleAssertion?: string;
  };
  /** @default "10.4" */
  grafanaVersion?: string;
  /**
   * The IAM role (or user) ARN that is OpenSearch's fine-grained access control master user: it
   * maps roles and users inside OpenSearch. No internal user database, no master password.
   */
  openSearchMasterUserArn: pulumi.Input<string>;
  /**
   * The domain's name: 3-28 lowercase letters, digits and hyphens, a letter first.
   * @default `<environment>-monitoring`
   */
  openSearchDomainName?: string;
  /** @default "OpenSearch_2.19" */
  openSearchEngineVersion?: string;
  /** @default "m7g.large.search" */
  openSearchInstanceType?: string;
  /**
   * Data nodes, spread over two AZs (zone awareness): an even number.
   * @default 2
   */
  openSearchInstanceCount?: number;
  /** gp3 storage per node, in GiB. @default 20 */
  openSearchVolumeSizeGiB?: number;
  /** Retention of the log groups (Prometheus, OpenSearch application and audit logs), in days. @default 365 */
  logRetentionInDays?: number;
}

export interface ManagedMonitoring {
  prometheusWorkspace: aws.amp.Workspace;
  grafanaWorkspace: aws.grafana.Workspace;
  grafanaRole: aws.iam.Role;
  grafanaSecurityGroup: aws.ec2.SecurityGroup;
  openSearchDomain: aws.opensearch.Domain;
  openSearchSecurityGroup: aws.ec2.SecurityGroup;
  /** The CMK-encrypted log groups: Prometheus, OpenSearch application and OpenSearch audit logs. */
  logGroups: {
    prometheus: aws.cloudwatch.LogGroup;
    openSearchApplication: aws.cloudwatch.LogGroup;
    openSearchAudit: aws.cloudwatch.LogGroup;
  };
}

/**
 * Amazon Managed Service for Prometheus, Amazon Managed Grafana (customer-managed role scoped to
 * that workspace and to CloudWatch reads, in the VPC's private subnets) and an OpenSearch domain
 * (CMK at rest, node-to-node encryption, HTTPS with TLS 1.2+, in the VPC behind its own security
 * group, fine-grained access control with an IAM master user, audit and application logs).
 */
export function createManagedMonitoring(ctx: LakeContext, args: ManagedMonitoringArgs): ManagedMonitoring {
  const s = validating(OPS_HOSTS_COMPONENT, () => validateManaged(ctx, args));
  const parent = ctx.parent;
  const name = ctx.name;
  const where = regionContext(OPS_HOSTS_COMPONENT, ctx.region, parent);
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;

  const logGroup = (suffix: string) =>
    new aws.cloudwatch.LogGroup(
      `${name}-${suffix}`,
      { retentionInDays: s.logRetentionInDays, kmsKeyId: ctx.kmsKeyArn },
      { parent },
    );

  // Prometheus: the workspace's data and its vended logs, both under the CMK.
  const prometheusLogs = logGroup("prometheus-logs");
  const prometheusWorkspace = new aws.amp.Workspace(
    `${name}-prometheus`,
    {
      alias: `${ctx.environment}-data-platform`,
      kmsKeyArn: ctx.kmsKeyArn,
      loggingConfiguration: { logGroupArn: pulumi.interpolate`${prometheusLogs.arn}:*` },
    },
    { parent },
  );

  // Grafana: a role of its own, for workspaces of this account only.
  const grafanaRole = serviceRole(
    regionalName(`${name}-grafana`, ctx.region),
    {
      service: "grafana.amazonaws.com",
      sourceArn: pulumi.interpolate`arn:${where.partition}:grafana:${where.region}:${account}:/workspaces/*`,
      description: "Amazon Managed Grafana of the data platform: queries its Prometheus workspace and CloudWatch",
    },
    { parent },
  );
  rolePolicy(
    `${name}-grafana-data-sources`,
    grafanaRole,
    grafanaStatements(prometheusWorkspace.arn, where.partition, where.region, account),
    { parent },
  );
  const grafanaSecurityGroup = args.network.createSecurityGroup(
    `${name}-grafana`,
    {
      description: "Amazon Managed Grafana's interfaces in the VPC: outbound HTTPS to its data sources only",
      ingress: [],
    },
    { parent },
  );
  const grafanaWorkspace = new aws.grafana.Workspace(
    `${name}-grafana`,
    {
      accountAccessType: MANAGED_MONITORING_DEFAULTS.accountAccessType,
      authenticationProviders: s.authenticationProviders,
      permissionType: MANAGED_MONITORING_DEFAULTS.permissionType,
      roleArn: grafanaRole.arn,
      dataSources: [...MANAGED_MONITORING_DEFAULTS.dataSources],
      grafanaVersion: s.grafanaVersion,
      kmsKeyId: ctx.kmsKeyArn,
      description: `Dashboards of the ${ctx.environment} data platform`,
      vpcConfiguration: { securityGroupIds: [grafanaSecurityGroup.id], subnetIds: args.network.privateSubnetIds },
    },
    { parent },
  );
  if (args.grafanaSaml) {
    new aws.grafana.WorkspaceSamlConfiguration(
      `${name}-grafana-saml`,
      {
        workspaceId: grafanaWorkspace.id,
        idpMetadataUrl: args.grafanaSaml.idpMetadataUrl,
        adminRoleValues: args.grafanaSaml.adminRoleValues,
        editorRoleValues: args.grafanaSaml.editorRoleValues ?? [],
        roleAssertion: args.grafanaSaml.roleAssertion ?? "role",
      },
      { parent },
    );
  }

  // OpenSearch: its own security group, HTTPS from the allow-list only; no egress (it only answers).
  const openSearchSecurityGroup = args.network.createSecurityGroup(
    `${name}-opensearch`,
    {
      description: "OpenSearch domain of the data platform: HTTPS from the allow-list only",
      ingress: allowListIngress(OPENSEARCH_PORTS, s.allowedCidrs ?? [args.network.vpcCidr]),
      egress: [],
    },
    { parent },
  );
  const openSearchApplication = logGroup("opensearch-application");
  const openSearchAudit = logGroup("opensearch-audit");
  const domainArn = pulumi.interpolate`arn:${where.partition}:es:${where.region}:${account}:domain/${s.domainName}`;
  // OpenSearch checks, when the domain is created, that it may write to the groups it publishes to.
  const logPolicyDocument = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          sid: "OpenSearchPublishesDomainLogs",
          principals: [{ type: "Service", identifiers: ["es.amazonaws.com"] }],
          actions: [...OPENSEARCH_LOG_ACTIONS],
          resources: [openSearchApplication.arn, openSearchAudit.arn].map((arn) => pulumi.interpolate`${arn}:*`),
          conditions: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [domainArn] },
          ],
        },
      ],
    },
    { parent },
  );
  const logPolicy = new aws.cloudwatch.LogResourcePolicy(
    `${name}-opensearch-logs`,
    { policyName: `${s.domainName}-opensearch-logs`, policyDocument: logPolicyDocument.json },
    { parent },
  );
  const o = MANAGED_MONITORING_DEFAULTS.opensearch;
  const openSearchDomain = new aws.opensearch.Domain(
    `${name}-opensearch`,
    {
      domainName: s.domainName,
      engineVersion: s.engineVersion,
      clusterConfig: {
        instanceType: s.instanceType,
        instanceCount: s.instanceCount,
        zoneAwarenessEnabled: true,
        zoneAwarenessConfig: { availabilityZoneCount: o.availabilityZoneCount },
      },
      ebsOptions: { ebsEnabled: true, volumeType: o.volumeType, volumeSize: s.volumeSizeGiB },
      encryptAtRest: { enabled: true, kmsKeyId: ctx.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: o.tlsSecurityPolicy },
      vpcOptions: {
        subnetIds: args.network.privateSubnetIds.apply((ids) => ids.slice(0, o.availabilityZoneCount)),
        securityGroupIds: [openSearchSecurityGroup.id],
      },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: args.openSearchMasterUserArn },
      },
      logPublishingOptions: [
        { logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: openSearchApplication.arn, enabled: true },
        { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: openSearchAudit.arn, enabled: true },
      ],
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
    },
    { parent, dependsOn: [logPolicy] },
  );
  // Who may send requests at all (fine-grained access control then decides what each may do).
  const accessDocument = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          sid: "MasterUserReachesDomain",
          principals: [{ type: "AWS", identifiers: [args.openSearchMasterUserArn] }],
          actions: ["es:ESHttp*"],
          resources: [pulumi.interpolate`${openSearchDomain.arn}/*`],
        },
      ],
    },
    { parent },
  );
  new aws.opensearch.DomainPolicy(
    `${name}-opensearch-access`,
    { domainName: openSearchDomain.domainName, accessPolicies: accessDocument.json },
    { parent },
  );

  return {
    prometheusWorkspace,
    grafanaWorkspace,
    grafanaRole,
    grafanaSecurityGroup,
    openSearchDomain,
    openSearchSecurityGroup,
    logGroups: { prometheus: prometheusLogs, openSearchApplication, openSearchAudit },
  };
}

/** The Grafana workspace role's statements: its Prometheus workspace, and CloudWatch reads of this account and region. */
export function grafanaStatements(
  prometheusWorkspaceArn: pulumi.Input<string>,
  partition: pulumi.Input<string>,
  region: pulumi.Input<string>,
  account: pulumi.Input<string>,
): Statement[] {
  return [
    { sid: "QueryOwnPrometheusWorkspace", actions: [...AMP_QUERY_ACTIONS], resources: [prometheusWorkspaceArn] },
    // No resource-level permissions exist for these (Service Authorization Reference).
    { sid: "ReadCloudWatchMetrics", actions: [...CLOUDWATCH_UNSCOPED_READ_ACTIONS], resources: ["*"] },
    {
      sid: "ReadCloudWatchAlarms",
      actions: [...CLOUDWATCH_ALARM_READ_ACTIONS],
      resources: [pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${account}:alarm:*`],
    },
    {
      sid: "QueryCloudWatchLogs",
      actions: [...CLOUDWATCH_LOGS_READ_ACTIONS],
      resources: [pulumi.interpolate`arn:${partition}:logs:${region}:${account}:log-group:*`],
    },
  ];
}

interface ManagedSettings {
  allowedCidrs?: string[];
  authenticationProviders: GrafanaAuthenticationProvider[];
  grafanaVersion: string;
  domainName: string;
  engineVersion: string;
  instanceType: string;
  instanceCount: number;
  volumeSizeGiB: number;
  logRetentionInDays: number;
}

/** Retentions CloudWatch Logs accepts, without "never expire" (the cost rule flags it). */
const LOG_RETENTION_DAYS = LOG_RETENTION_VALUES.filter((days) => days !== NEVER_EXPIRE);

function validateManaged(ctx: LakeContext, args: ManagedMonitoringArgs): ManagedSettings {
  const d = MANAGED_MONITORING_DEFAULTS;
  const fail = (arg: string, problem: string): never => {
    throw invalidArg(OPS_HOSTS_COMPONENT, arg, problem);
  };
  const allowedCidrs =
    args.allowedCidrs === undefined ? undefined : validateAllowedCidrs("allowedCidrs", args.allowedCidrs);

  const providers = args.grafanaAuthenticationProviders ?? [...d.authenticationProviders];
  if (
    !Array.isArray(providers) ||
    providers.length === 0 ||
    providers.some((p) => !(GRAFANA_AUTHENTICATION_PROVIDERS as readonly string[]).includes(p)) ||
    new Set(providers).size !== providers.length
  ) {
    fail(
      "grafanaAuthenticationProviders",
      `${JSON.stringify(providers)} must name "AWS_SSO", "SAML" or both, once each`,
    );
  }
  if (providers.includes("SAML") !== (args.grafanaSaml !== undefined)) {
    fail(
      "grafanaSaml",
      providers.includes("SAML")
        ? 'is required when grafanaAuthenticationProviders includes "SAML" (the identity provider\'s metadata and admin role values)'
        : 'is given but grafanaAuthenticationProviders does not include "SAML"',
    );
  }
  if (args.grafanaSaml && args.grafanaSaml.adminRoleValues.length === 0) {
    fail("grafanaSaml.adminRoleValues", "must name at least one role value, or nobody can administer the workspace");
  }
  const grafanaVersion = args.grafanaVersion ?? d.grafanaVersion;
  if (!/^\d+\.\d+$/.test(grafanaVersion))
    fail("grafanaVersion", `${JSON.stringify(grafanaVersion)} is not a version such as "10.4"`);

  const master = args.openSearchMasterUserArn;
  if (master === undefined || master === null || master === "") {
    fail(
      "openSearchMasterUserArn",
      "is required: fine-grained access control needs an IAM master user (no internal passwords)",
    );
  }
  if (typeof master === "string" && !/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/.test(master)) {
    fail("openSearchMasterUserArn", `${JSON.stringify(master)} is not an IAM role or user ARN`);
  }
  const domainName = args.openSearchDomainName ?? `${ctx.environment}-monitoring`;
  if (!d.opensearch.domainNamePattern.test(domainName)) {
    fail(
      "openSearchDomainName",
      `${JSON.stringify(domainName)} must be 3-28 lowercase letters, digits and hyphens, a letter first${args.openSearchDomainName === undefined ? " (the default is <environment>-monitoring: pass a shorter name)" : ""}`,
    );
  }
  const engineVersion = args.openSearchEngineVersion ?? d.opensearch.engineVersion;
  const engine = /^OpenSearch_(\d+)\.(\d+)$/.exec(engineVersion);
  if (!engine || Number(engine[1]) < 2) {
    fail(
      "openSearchEngineVersion",
      `${JSON.stringify(engineVersion)} must be OpenSearch 2.x or later, e.g. "OpenSearch_2.19" (Elasticsearch versions are legacy)`,
    );
  }
  const instanceType = args.openSearchInstanceType ?? d.opensearch.instanceType;
  if (!/^[a-z0-9]+\.[a-z0-9]+\.search$/.test(instanceType) || instanceType.startsWith("t2.")) {
    fail(
      "openSearchInstanceType",
      `${JSON.stringify(instanceType)} must be an OpenSearch instance type such as "m7g.large.search" (not T2: it cannot encrypt at rest)`,
    );
  }
  const instanceCount = args.openSearchInstanceCount ?? d.opensearch.instanceCount;
  if (
    !Number.isInteger(instanceCount) ||
    instanceCount < d.opensearch.availabilityZoneCount ||
    instanceCount % d.opensearch.availabilityZoneCount !== 0
  ) {
    fail(
      "openSearchInstanceCount",
      `${JSON.stringify(instanceCount)} must be a multiple of ${d.opensearch.availabilityZoneCount} (one node per AZ at least, zone awareness spreads them evenly)`,
    );
  }
  const volumeSizeGiB = args.openSearchVolumeSizeGiB ?? d.opensearch.volumeSizeGiB;
  if (!Number.isInteger(volumeSizeGiB) || volumeSizeGiB < 10 || volumeSizeGiB > 1536) {
    fail("openSearchVolumeSizeGiB", `${JSON.stringify(volumeSizeGiB)} must be a whole number of GiB from 10 to 1536`);
  }
  const logRetentionInDays = args.logRetentionInDays ?? d.logRetentionInDays;
  if (!LOG_RETENTION_DAYS.includes(logRetentionInDays)) {
    fail(
      "logRetentionInDays",
      `${JSON.stringify(logRetentionInDays)} is not a retention CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`,
    );
  }
  return {
    allowedCidrs,
    authenticationProviders: providers,
    grafanaVersion,
    domainName,
    engineVersion,
    instanceType,
    instanceCount,
    volumeSizeGiB,
    logRetentionInDays,
  };
}
