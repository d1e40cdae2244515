import { createHash } from "node:crypto";
import { arn, offlineAccountId, partitionOf } from "./aws-partition";
import { ELB_HOSTED_ZONES, zoneIdPrefix, zonesOf } from "./invokes";
import { isRegional, shapeOf } from "./resource-catalog";

/** What the mock knows when it invents a resource's physical identity. */
export interface IdContext {
  type: string;
  /** Logical (Pulumi) name. */
  name: string;
  /** Inputs after auto-naming. */
  inputs: Record<string, any>;
  region: string;
  /** Deterministic pseudo-random hex of the given length, stable per resource. */
  hex(length: number): string;
  /**
   * What AWS holds (inputs and computed attributes) for a resource created earlier in this plan,
   * by its physical id; undefined for an id from elsewhere (a peer stack, a literal).
   */
  lookup?(id: unknown): Record<string, unknown> | undefined;
  /** What AWS holds for the resources of a type created earlier in this plan, in creation order. */
  earlier?(type: string): Record<string, unknown>[];
}

export interface Identity {
  id: string;
  /** Computed attributes AWS returns (ARN, DNS names, endpoints, …). */
  state: Record<string, unknown>;
}

type IdRule = (c: IdContext) => Identity;

const dns = (region: string) => partitionOf(region).dnsSuffix;
const uuid = (c: IdContext) => `${c.hex(8)}-${c.hex(4)}-4${c.hex(3)}-a${c.hex(3)}-${c.hex(12)}`;
const nameOf = (c: IdContext) => String(c.inputs.name ?? c.name);

const DIGITS = "0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const LOWER_ALNUM = LOWER + DIGITS;
const UPPER_ALNUM = UPPER + DIGITS;
const ALNUM = UPPER + LOWER + DIGITS;
const BASE32 = `${UPPER}234567`;
const HEX = "0123456789abcdef";

/** Characters of an alphabet drawn from hex pairs (a byte each). */
const fromHex = (hex: string, length: number, alphabet: string) =>
  Array.from({ length }, (_, i) => alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length]).join("");
/** Per-resource random characters of an alphabet. */
const chars = (c: IdContext, length: number, alphabet: string) => fromHex(c.hex(length * 2), length, alphabet);
/**
 * Characters AWS derives from something other than the resource, such as the account and region
 * (the `cluster-<id>` part of every RDS endpoint of an account in a region) or the account and a
 * domain name (an ACM DNS validation record): the same seed gives the same characters in every plan.
 */
function derived(seed: string, length: number, alphabet: string): string {
  let hex = "";
  for (let i = 0; hex.length < length * 2; i++) {
    hex += createHash("sha256").update(`${offlineAccountId()}|${seed}|${i}`).digest("hex");
  }
  return fromHex(hex, length, alphabet);
}
const two = (v: number) => String(v).padStart(2, "0");
/** A time of day on the plan's fixed date, from per-resource randomness: [hours, minutes, seconds, 1/10000 s]. */
const timeOfDay = (c: IdContext): [string, string, string, string] => {
  const n = parseInt(c.hex(8), 16);
  return [two(n % 24), two((n >>> 5) % 60), two((n >>> 11) % 60), String((n >>> 17) % 10000).padStart(4, "0")];
};
/** Terraform's `id.PrefixedUniqueId`: the prefix, a UTC timestamp to 1/10000 s and an 8-hex counter. */
const uniqueId = (c: IdContext, prefix: string) => {
  const [h, m, sec, frac] = timeOfDay(c);
  return `${prefix}20260101${h}${m}${sec}${frac}0000000${1 + (parseInt(c.hex(1), 16) % 9)}`;
};
/** A time as Terraform stores `aws.ToTime(t).String()`: Go's time.Time String, in UTC. */
const goTime = (c: IdContext) => {
  const [h, m, sec] = timeOfDay(c);
  return `2026-01-01 ${h}:${m}:${sec} +0000 UTC`;
};
/** The last segment of an ARN or a plain name (`arn:aws:ecs:…:cluster/prod` → `prod`). */
const lastSegment = (value: unknown) =>
  String(value ?? "")
    .split("/")
    .pop() ?? "";
/** A Route 53 hosted zone id as AWS issues them today: `Z0` and 18 more digits and capitals. */
const hostedZoneId = (c: IdContext) => `Z0${chars(c, 6, DIGITS)}${chars(c, 12, UPPER_ALNUM)}`;

/** An EC2-style resource: `<prefix>-<17 hex>`, ARN `arn:…:ec2:<region>:<account>:<kind>/<id>`. */
const ec2 =
  (prefix: string, kind: string, extra: (c: IdContext, id: string) => Record<string, unknown> = () => ({})): IdRule =>
  (c) => {
    const id = `${prefix}-${c.hex(17)}`;
    return { id, state: { arn: arn(c.region, "ec2", `${kind}/${id}`), ownerId: offlineAccountId(), ...extra(c, id) } };
  };

/** A resource whose id is its name and whose ARN is `<service>:<region>:<account>:<prefix><name>`. */
const named =
  (
    service: string,
    prefix: string,
    extra: (c: IdContext, name: string) => Record<string, unknown> = () => ({}),
  ): IdRule =>
  (c) => {
    const name = nameOf(c);
    return { id: name, state: { arn: arn(c.region, service, `${prefix}${name}`), ...extra(c, name) } };
  };

/** The URI API Gateway invokes a function (or a version or alias of it) by. */
const lambdaInvokeArn = (region: string, functionArn: string) =>
  `arn:${partitionOf(region).partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;

/** A resource whose id is its ARN. */
const arnIsId =
  (service: string, prefix: string, extra: (c: IdContext, a: string) => Record<string, unknown> = () => ({})): IdRule =>
  (c) => {
    const a = arn(c.region, service, `${prefix}${nameOf(c)}`);
    return { id: a, state: { arn: a, ...extra(c, a) } };
  };

/** A configuration sub-resource whose id is its parent's (e.g. an S3 bucket's versioning). */
const sameAs =
  (prop: string): IdRule =>
  (c) => ({ id: String(c.inputs[prop] ?? c.name), state: {} });

const iam =
  (kind: string, idPrefix: string): IdRule =>
  (c) => {
    const name = nameOf(c);
    const path = String(c.inputs.path ?? "/");
    return {
      id: name,
      state: {
        arn: arn(c.region, "iam", `${kind}${path}${name}`, { global: true }),
        uniqueId: `${idPrefix}${c.hex(17).toUpperCase()}`,
        createDate: "2026-01-01T00:00:00Z",
        ...(kind === "policy/" ? { policyId: `ANPA${c.hex(17).toUpperCase()}` } : {}),
      },
    };
  };

const RULES: Record<string, IdRule> = {
  // Networking
  "aws:ec2/vpc:Vpc": ec2("vpc", "vpc", (c, id) => ({
    defaultSecurityGroupId: `sg-${c.hex(17)}`,
    defaultNetworkAclId: `acl-${c.hex(17)}`,
    defaultRouteTableId: `rtb-${c.hex(17)}`,
    mainRouteTableId: `rtb-${c.hex(17)}`,
    dhcpOptionsId: `dopt-${c.hex(17)}`,
    id,
  })),
  "aws:ec2/subnet:Subnet": ec2("subnet", "subnet", (c) => {
    // The zone AWS picks when none is given is the region's first; its id follows the zone (use1-az1).
    const zones = zonesOf(c.region);
    const named = typeof c.inputs.availabilityZone === "string" ? c.inputs.availabilityZone : undefined;
    const zone =
      zones.find((z) => z.zoneId === c.inputs.availabilityZoneId) ??
      zones.find((z) => z.name === named) ??
      (named
        ? { name: named, zoneId: `${zoneIdPrefix(c.region)}-az${named.charCodeAt(named.length - 1) - 96}` }
        : zones[0]!);
    return { availabilityZone: zone.name, availabilityZoneId: zone.zoneId };
  }),
  "aws:ec2/internetGateway:InternetGateway": ec2("igw", "internet-gateway"),
  "aws:ec2/natGateway:NatGateway": ec2("nat", "natgateway", (c) => ({
    networkInterfaceId: `eni-${c.hex(17)}`,
    privateIp: "10.0.0.10",
    publicIp: `3.${parseInt(c.hex(2), 16)}.${parseInt(c.hex(2), 16)}.10`,
  })),
  "aws:ec2/eip:Eip": ec2("eipalloc", "elastic-ip", (c, id) => ({
    allocationId: id,
    publicIp: `3.${parseInt(c.hex(2), 16)}.${parseInt(c.hex(2), 16)}.${parseInt(c.hex(2), 16)}`,
  })),
  "aws:ec2/routeTable:RouteTable": ec2("rtb", "route-table"),
  "aws:ec2/route:Route": (c) => ({
    id: `r-${c.inputs.routeTableId}${parseInt(c.hex(8), 16)}`,
    state: { origin: "CreateRoute", state: "active" },
  }),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": (c) => ({ id: `rtbassoc-${c.hex(17)}`, state: {} }),
  "aws:ec2/securityGroup:SecurityGroup": ec2("sg", "security-group"),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2("sg", "security-group", () => ({ name: "default" })),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2("sgr", "security-group-rule", (c, id) => ({
    securityGroupRuleId: id,
  })),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2("sgr", "security-group-rule", (c, id) => ({
    securityGroupRuleId: id,
  })),
  "aws:ec2/vpcEndpoint:VpcEndpoint": ec2("vpce", "vpc-endpoint", (c, id) => {
    const gateway = c.inputs.vpcEndpointType === "Gateway";
    const service = String(c.inputs.serviceName ?? "")
      .split(".")
      .slice(3)
      .join(".");
    return gateway
      ? { prefixListId: `pl-${c.hex(8)}`, cidrBlocks: ["52.216.0.0/15"], state: "available" }
      : {
          networkInterfaceIds: [`eni-${c.hex(17)}`],
          dnsEntries: [
            {
              dnsName: `${id}-${c.hex(8)}.${service}.${c.region}.vpce.${dns(c.region)}`,
              hostedZoneId: `Z${c.hex(13).toUpperCase()}`,
            },
          ],
          state: "available",
        };
  }),
  "aws:ec2/flowLog:FlowLog": ec2("fl", "vpc-flow-log"),
  "aws:ec2/networkAcl:NetworkAcl": ec2("acl", "network-acl"),
  "aws:ec2/launchTemplate:LaunchTemplate": ec2("lt", "launch-template", () => ({
    latestVersion: 1,
    defaultVersion: 1,
  })),
  "aws:ec2/instance:Instance": ec2("i", "instance", (c) => {
    // An address of the instance's subnet, in the subnet's zone; a public address only when asked for.
    const subnet = c.lookup?.(c.inputs.subnetId);
    const privateIp = hostIn(subnet?.cidrBlock, parseInt(c.hex(4), 16));
    const publicIp =
      c.inputs.associatePublicIpAddress === true
        ? `3.${parseInt(c.hex(2), 16)}.${parseInt(c.hex(2), 16)}.${4 + (parseInt(c.hex(2), 16) % 250)}`
        : "";
    const internal = c.region === "us-east-1" ? "ec2.internal" : `${c.region}.compute.internal`;
    return {
      privateIp,
      privateDns: `ip-${privateIp.replace(/\./g, "-")}.${internal}`,
      publicIp,
      publicDns: publicIp
        ? `ec2-${publicIp.replace(/\./g, "-")}.${c.region === "us-east-1" ? "compute-1" : `${c.region}.compute`}.amazonaws.com`
        : "",
      availabilityZone: subnet?.availabilityZone ?? zonesOf(c.region)[0]!.name,
      instanceState: "running",
      primaryNetworkInterfaceId: `eni-${c.hex(17)}`,
    };
  }),

  // Keys, logs, identity
  "aws:kms/key:Key": (c) => {
    const id = uuid(c);
    return { id, state: { arn: arn(c.region, "kms", `key/${id}`), keyId: id } };
  },
  "aws:kms/alias:Alias": (c) => {
    const name = nameOf(c);
    return {
      id: name,
      state: { arn: arn(c.region, "kms", name), targetKeyArn: arn(c.region, "kms", `key/${c.inputs.targetKeyId}`) },
    };
  },
  // A key's policy put by a resource of its own: its id is the key's.
  "aws:kms/keyPolicy:KeyPolicy": sameAs("keyId"),
  "aws:cloudwatch/logGroup:LogGroup": named("logs", "log-group:"),
  // A resource policy of CloudWatch Logs is known by its name, account-wide.
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": (c) => ({
    id: String(c.inputs.policyName ?? c.inputs.resourceArn),
    state: { policyScope: c.inputs.resourceArn ? "RESOURCE" : "ACCOUNT", revisionId: c.hex(8) },
  }),
  // Vended-log delivery (CloudFront standard logging v2): sources and destinations are named, a
  // delivery gets a 16-character id.
  "aws:cloudwatch/logDeliverySource:LogDeliverySource": named("logs", "delivery-source:", (c) => ({
    service: /^arn:[^:]+:cloudfront:/.test(String(c.inputs.resourceArn ?? "")) ? "cloudfront" : "unknown",
  })),
  "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": named("logs", "delivery-destination:"),
  "aws:cloudwatch/logDelivery:LogDelivery": (c) => {
    const id = chars(c, 16, ALNUM);
    return { id, state: { arn: arn(c.region, "logs", `delivery:${id}`) } };
  },
  "aws:iam/role:Role": iam("role", "AROA"),
  "aws:iam/policy:Policy": iam("policy", "ANPA"),
  "aws:iam/instanceProfile:InstanceProfile": iam("instance-profile", "AIPA"),
  "aws:iam/rolePolicy:RolePolicy": (c) => ({ id: `${c.inputs.role}:${nameOf(c)}`, state: {} }),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (c) => ({ id: `${c.inputs.role}-${c.hex(26)}`, state: {} }),

  // Storage and messaging
  "aws:s3/bucket:Bucket": (c) => {
    const b = String(c.inputs.bucket);
    return {
      id: b,
      state: {
        arn: arn(c.region, "s3", b, { global: true, noAccount: true }),
        bucketDomainName: `${b}.s3.${dns(c.region)}`,
        bucketRegionalDomainName: `${b}.s3.${c.region}.${dns(c.region)}`,
        hostedZoneId: `Z${c.hex(12).toUpperCase()}`,
        region: c.region,
      },
    };
  },
  ...Object.fromEntries(
    [
      "Versioning",
      "ServerSideEncryptionConfiguration",
      "PublicAccessBlock",
      "Policy",
      "Logging",
      "LifecycleConfiguration",
      "OwnershipControls",
      "IntelligentTieringConfiguration",
      "Notification",
    ].map((kind) => [`aws:s3/bucket${kind}:Bucket${kind}`, sameAs("bucket")]),
  ),
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": sameAs("bucket"),
  "aws:sns/topic:Topic": arnIsId("sns", ""),
  "aws:sqs/queue:Queue": (c) => {
    const name = nameOf(c);
    const url = `https://sqs.${c.region}.${dns(c.region)}/${offlineAccountId()}/${name}`;
    return { id: url, state: { arn: arn(c.region, "sqs", name), url } };
  },
  "aws:kinesis/stream:Stream": arnIsId("kinesis", "stream/"),
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": arnIsId("firehose", "deliverystream/"),
  "aws:dynamodb/table:Table": named("dynamodb", "table/", (c, name) => {
    const stream = c.inputs.streamEnabled
      ? {
          streamLabel: "2026-01-01T00:00:00.000",
          streamArn: arn(c.region, "dynamodb", `table/${name}/stream/2026-01-01T00:00:00.000`),
        }
      : {};
    return stream;
  }),
  // Monitoring: Amazon Managed Service for Prometheus (`ws-<uuid>`), Amazon Managed Grafana
  // (`g-<10 hex>`, its ARN with a leading slash in the resource), OpenSearch (the id is the ARN; a
  // VPC domain's endpoint starts with `vpc-`, a public one's with `search-`).
  "aws:amp/workspace:Workspace": (c) => {
    const id = `ws-${uuid(c)}`;
    return {
      id,
      state: {
        arn: arn(c.region, "aps", `workspace/${id}`),
        prometheusEndpoint: `https://aps-workspaces.${c.region}.${dns(c.region)}/workspaces/${id}/`,
      },
    };
  },
  "aws:grafana/workspace:Workspace": (c) => {
    const id = `g-${c.hex(10)}`;
    const providers: unknown[] = Array.isArray(c.inputs.authenticationProviders)
      ? c.inputs.authenticationProviders
      : [];
    return {
      id,
      state: {
        arn: arn(c.region, "grafana", `/workspaces/${id}`),
        endpoint: `${id}.grafana-workspace.${c.region}.${dns(c.region)}`,
        grafanaVersion: c.inputs.grafanaVersion ?? "9.4",
        ...(providers.includes("SAML") ? { samlConfigurationStatus: "NOT_CONFIGURED" } : {}),
      },
    };
  },
  "aws:grafana/workspaceSamlConfiguration:WorkspaceSamlConfiguration": (c) => ({
    id: String(c.inputs.workspaceId),
    state: { status: "CONFIGURED" },
  }),
  "aws:opensearch/domain:Domain": (c) => {
    const name = String(c.inputs.domainName);
    const a = arn(c.region, "es", `domain/${name}`);
    const inVpc = Array.isArray(c.inputs.vpcOptions?.subnetIds) && c.inputs.vpcOptions.subnetIds.length > 0;
    const endpoint = `${inVpc ? "vpc" : "search"}-${name}-${chars(c, 26, LOWER_ALNUM)}.${c.region}.es.${dns(c.region)}`;
    return {
      id: a,
      state: {
        arn: a,
        domainId: `${offlineAccountId()}/${name}`,
        endpoint,
        dashboardEndpoint: `${endpoint}/_dashboards`,
        ...(inVpc
          ? {
              vpcOptions: {
                ...c.inputs.vpcOptions,
                vpcId: vpcOfSubnets(c, c.inputs.vpcOptions.subnetIds),
                availabilityZones: c.inputs.vpcOptions.subnetIds
                  .map((s: unknown) => c.lookup?.(s)?.availabilityZone)
                  .filter(Boolean),
              },
            }
          : {}),
      },
    };
  },
  "aws:opensearch/domainPolicy:DomainPolicy": (c) => ({ id: `esd-policy-${c.inputs.domainName}`, state: {} }),

  "aws:secretsmanager/secret:Secret": (c) => {
    // `secret:<name>-<6 random letters and digits>`. A replica is a secret of the same name and
    // suffix in its region, so its ARN is this ARN with the region replaced.
    const a = arn(c.region, "secretsmanager", `secret:${nameOf(c)}-${chars(c, 6, ALNUM)}`);
    const replicas = Array.isArray(c.inputs.replicas)
      ? c.inputs.replicas.map((r: Record<string, unknown>) => ({
          ...r,
          kmsKeyId: r.kmsKeyId ?? "alias/aws/secretsmanager",
          lastAccessedDate: "",
          status: "InSync",
          statusMessage: "Replication succeeded",
        }))
      : undefined;
    return { id: a, state: { arn: a, ...(replicas ? { replicas } : {}) } };
  },

  // Delivery. A CodeConnections connection is `connection/<uuid>` (its id the ARN), PENDING until
  // its handshake is completed in the console. A CodeBuild project's id is its ARN
  // (`project/<name>`); a pipeline's ARN has no resource type (`<region>:<account>:<name>`), its id
  // the name. A CodeStar Notifications rule is `notificationrule/<40 hex>`, its id the ARN.
  "aws:codeconnections/connection:Connection": (c) => {
    const a = arn(c.region, "codeconnections", `connection/${uuid(c)}`);
    return { id: a, state: { arn: a, connectionStatus: "PENDING", ownerAccountId: offlineAccountId() } };
  },
  "aws:codebuild/project:Project": (c) => {
    const a = arn(c.region, "codebuild", `project/${nameOf(c)}`);
    return { id: a, state: { arn: a } };
  },
  "aws:codepipeline/pipeline:Pipeline": named("codepipeline", ""),
  "aws:codestarnotifications/notificationRule:NotificationRule": (c) => {
    const a = arn(c.region, "codestar-notifications", `notificationrule/${c.hex(40)}`);
    return { id: a, state: { arn: a } };
  },

  // Glue: a catalog database's id is `<catalog id>:<name>` (the catalog id is the account), a
  // table's `<catalog id>:<database>:<name>`; their ARNs name `database/<name>` and
  // `table/<database>/<name>`. A data-quality ruleset's ARN is `dataQualityRuleset/<name>`, with
  // the times Glue stamps it. Crawlers, jobs, triggers and workflows are named resources whose
  // ARNs the generic rule gets right (`crawler/<name>`, …).
  "aws:glue/catalogDatabase:CatalogDatabase": (c) => {
    const catalogId = String(c.inputs.catalogId ?? offlineAccountId());
    return {
      id: `${catalogId}:${nameOf(c)}`,
      state: { arn: arn(c.region, "glue", `database/${nameOf(c)}`), catalogId },
    };
  },
  "aws:glue/catalogTable:CatalogTable": (c) => {
    const catalogId = String(c.inputs.catalogId ?? offlineAccountId());
    return {
      id: `${catalogId}:${c.inputs.databaseName}:${nameOf(c)}`,
      state: { arn: arn(c.region, "glue", `table/${c.inputs.databaseName}/${nameOf(c)}`), catalogId },
    };
  },
  "aws:glue/dataQualityRuleset:DataQualityRuleset": named("glue", "dataQualityRuleset/", () => ({
    createdOn: "2026-01-01T00:00:00Z",
    lastModifiedOn: "2026-01-01T00:00:00Z",
  })),

  // Compute and integration
  // A function created with `publish` has its first version, 1; without, only $LATEST.
  "aws:lambda/function:Function": named("lambda", "function:", (c, _name) => {
    const fn = arn(c.region, "lambda", `function:${nameOf(c)}`);
    const version = c.inputs.publish === true ? "1" : "$LATEST";
    return {
      invokeArn: lambdaInvokeArn(c.region, fn),
      qualifiedArn: `${fn}:${version}`,
      qualifiedInvokeArn: lambdaInvokeArn(c.region, `${fn}:${version}`),
      version,
    };
  }),
  // An alias's id and ARN are the function's ARN qualified with the alias's name.
  "aws:lambda/alias:Alias": (c) => {
    const fn = String(c.inputs.functionName ?? "");
    const fnArn = fn.startsWith("arn:") ? fn : arn(c.region, "lambda", `function:${fn}`);
    const a = `${fnArn}:${nameOf(c)}`;
    return { id: a, state: { arn: a, invokeArn: lambdaInvokeArn(c.region, a) } };
  },
  // CodeDeploy: an application's id is `<application id>:<name>`; a deployment group's is its UUID.
  "aws:codedeploy/application:Application": (c) => {
    const applicationId = uuid(c);
    return {
      id: `${applicationId}:${nameOf(c)}`,
      state: { applicationId, arn: arn(c.region, "codedeploy", `application:${nameOf(c)}`), linkedToGithub: false },
    };
  },
  "aws:codedeploy/deploymentGroup:DeploymentGroup": (c) => {
    const id = uuid(c);
    const group = `${String(c.inputs.appName)}/${String(c.inputs.deploymentGroupName)}`;
    // The group takes its compute platform from its application.
    const app = c.earlier?.("aws:codedeploy/application:Application").find((a) => a.name === c.inputs.appName);
    return {
      id,
      state: {
        deploymentGroupId: id,
        arn: arn(c.region, "codedeploy", `deploymentgroup:${group}`),
        computePlatform: app?.computePlatform ?? "Server",
      },
    };
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": (c) => {
    const id = uuid(c);
    return { id, state: { uuid: id, arn: arn(c.region, "lambda", `event-source-mapping:${id}`) } };
  },
  "aws:apigateway/restApi:RestApi": (c) => {
    const id = c.hex(10);
    return {
      id,
      state: {
        arn: `arn:${partitionOf(c.region).partition}:apigateway:${c.region}::/restapis/${id}`,
        executionArn: arn(c.region, "execute-api", id),
        rootResourceId: c.hex(10),
      },
    };
  },
  "aws:ecr/repository:Repository": named("ecr", "repository/", (c, name) => ({
    repositoryUrl: `${offlineAccountId()}.dkr.ecr.${c.region}.${dns(c.region)}/${name}`,
    registryId: offlineAccountId(),
  })),
  "aws:ecs/cluster:Cluster": arnIsId("ecs", "cluster/"),
  "aws:cloudwatch/metricAlarm:MetricAlarm": named("cloudwatch", "alarm:"),
  // A metric filter is known by its name within its log group; it has no ARN.
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": (c) => ({
    id: nameOf(c),
    state: { applyOnTransformedLogs: c.inputs.applyOnTransformedLogs ?? false },
  }),
  // A trail is imported, and known, by its ARN (`trail/<name>` in its home region).
  "aws:cloudtrail/trail:Trail": (c) => {
    const a = arn(c.region, "cloudtrail", `trail/${nameOf(c)}`);
    return { id: a, state: { arn: a, homeRegion: c.region } };
  },
  // Dashboards are one namespace per account: the id is the name, the ARN has no region.
  "aws:cloudwatch/dashboard:Dashboard": (c) => {
    const name = String(c.inputs.dashboardName);
    return { id: name, state: { dashboardArn: arn(c.region, "cloudwatch", `dashboard/${name}`, { global: true }) } };
  },
  "aws:cloudwatch/eventBus:EventBus": named("events", "event-bus/"),
  "aws:cloudwatch/eventRule:EventRule": named("events", "rule/"),
  "aws:sfn/stateMachine:StateMachine": arnIsId("states", "stateMachine:"),

  // API Gateway (REST), WAF, ACM, Route 53: the identities an ingestion API reads back.
  "aws:apigateway/deployment:Deployment": (c) => ({ id: c.hex(6), state: { createdDate: "2026-01-01T00:00:00Z" } }),
  "aws:apigateway/stage:Stage": (c) => {
    // Stage ids are `ags-<rest api id>-<stage>`; the ARN is the API Gateway resource path.
    const api = String(c.inputs.restApi);
    const stage = String(c.inputs.stageName);
    const { partition, dnsSuffix } = partitionOf(c.region);
    return {
      id: `ags-${api}-${stage}`,
      state: {
        arn: `arn:${partition}:apigateway:${c.region}::/restapis/${api}/stages/${stage}`,
        executionArn: arn(c.region, "execute-api", `${api}/${stage}`),
        invokeUrl: `https://${api}.execute-api.${c.region}.${dnsSuffix}/${stage}`,
      },
    };
  },
  "aws:apigateway/domainName:DomainName": (c) => {
    const domain = String(c.inputs.domainName);
    const { partition, dnsSuffix } = partitionOf(c.region);
    const regional = String(c.inputs.endpointConfiguration?.types ?? "EDGE").includes("REGIONAL");
    return {
      id: domain,
      state: {
        arn: `arn:${partition}:apigateway:${c.region}::/domainnames/${domain}`,
        ...(regional
          ? {
              regionalDomainName: `d-${c.hex(10)}.execute-api.${c.region}.${dnsSuffix}`,
              regionalZoneId: APIGATEWAY_HOSTED_ZONES[c.region] ?? `Z${c.hex(13).toUpperCase()}`,
            }
          : { cloudfrontDomainName: `d${c.hex(13)}.cloudfront.net`, cloudfrontZoneId: "Z2FDTNDATAQYW2" }),
      },
    };
  },
  "aws:wafv2/webAcl:WebAcl": (c) => {
    // CLOUDFRONT-scope ACLs live in us-east-1 under `global/`; regional ones under `regional/`.
    const id = uuid(c);
    const name = nameOf(c);
    const a =
      c.inputs.scope === "CLOUDFRONT"
        ? arn("us-east-1", "wafv2", `global/webacl/${name}/${id}`)
        : arn(c.region, "wafv2", `regional/webacl/${name}/${id}`);
    return { id, state: { arn: a, lockToken: uuid(c) } };
  },
  "aws:wafv2/webAclAssociation:WebAclAssociation": (c) => ({
    id: `${c.inputs.webAclArn},${c.inputs.resourceArn}`,
    state: {},
  }),
  "aws:acm/certificate:Certificate": (c) => {
    const id = uuid(c);
    const a = arn(c.region, "acm", `certificate/${id}`);
    const domains = [
      ...new Set(
        [c.inputs.domainName, ...(c.inputs.subjectAlternativeNames ?? [])].filter(
          (d): d is string => typeof d === "string",
        ),
      ),
    ];
    // DNS validation: one CNAME per name, `_<32 hex>.<name>.` → `_<32 hex>.<10 letters>.acm-validations.aws.`.
    // ACM derives the record from the account and the name, not the certificate: a certificate for
    // the same name in another region (or a wildcard and its base name) has the same record.
    const domainValidationOptions =
      c.inputs.validationMethod === "DNS" ? domains.map((d) => ({ domainName: d, ...acmValidationRecord(d) })) : [];
    return {
      id: a,
      state: {
        arn: a,
        domainValidationOptions,
        status: "PENDING_VALIDATION",
        type: "AMAZON_ISSUED",
        keyAlgorithm: c.inputs.keyAlgorithm ?? "RSA_2048",
      },
    };
  },
  // ---- CloudFront (global: ARNs without a region) and Shield ----
  "aws:cloudfront/distribution:Distribution": (c) => {
    const id = cloudFrontId(c);
    return {
      id,
      state: {
        arn: arn(c.region, "cloudfront", `distribution/${id}`, { global: true }),
        // `d` and 13 lower-case letters and digits; every distribution's alias target zone is Z2FDTNDATAQYW2.
        domainName: `d${chars(c, 13, LOWER_ALNUM)}.cloudfront.net`,
        hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID,
        status: "Deployed",
        etag: cloudFrontId(c),
        callerReference: `terraform-${uniqueId(c, "")}`,
        inProgressValidationBatches: 0,
        loggingV1Enabled: c.inputs.loggingConfig !== undefined,
        trustedKeyGroups: [],
        trustedSigners: [],
      },
    };
  },
  "aws:cloudfront/originAccessControl:OriginAccessControl": (c) => {
    const id = cloudFrontId(c);
    return {
      id,
      state: {
        arn: arn(c.region, "cloudfront", `origin-access-control/${id}`, { global: true }),
        etag: cloudFrontId(c),
      },
    };
  },
  ...Object.fromEntries(
    (
      [
        ["cachePolicy", "cache-policy"],
        ["originRequestPolicy", "origin-request-policy"],
        ["responseHeadersPolicy", "response-headers-policy"],
      ] as const
    ).map(([file, kind]) => [
      `aws:cloudfront/${file}:${file[0]!.toUpperCase()}${file.slice(1)}`,
      (c: IdContext): Identity => {
        const id = uuid(c);
        return {
          id,
          state: { arn: arn(c.region, "cloudfront", `${kind}/${id}`, { global: true }), etag: cloudFrontId(c) },
        };
      },
    ]),
  ),
  "aws:shield/protection:Protection": (c) => {
    const id = uuid(c);
    return { id, state: { arn: arn(c.region, "shield", `protection/${id}`, { global: true }) } };
  },
  "aws:route53/record:Record": (c) => {
    const name = String(c.inputs.name).replace(/\.$/, "").toLowerCase();
    return {
      id: `${c.inputs.zoneId}_${name}_${c.inputs.type}${c.inputs.setIdentifier ? `_${c.inputs.setIdentifier}` : ""}`,
      state: { fqdn: name },
    };
  },
  // ---- The web tier: load balancing, DNS, Aurora, ElastiCache, EFS, ECS, scaling, discovery ----
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:lb/targetGroup:TargetGroup": targetGroup,
  "aws:alb/targetGroup:TargetGroup": targetGroup,
  "aws:lb/listener:Listener": listener,
  "aws:alb/listener:Listener": listener,
  "aws:lb/listenerRule:ListenerRule": listenerRule,
  "aws:alb/listenerRule:ListenerRule": listenerRule,
  "aws:lb/targetGroupAttachment:TargetGroupAttachment": targetGroupAttachment,
  "aws:alb/targetGroupAttachment:TargetGroupAttachment": targetGroupAttachment,

  "aws:route53/zone:Zone": (c) => {
    const id = hostedZoneId(c);
    const isPrivate = Array.isArray(c.inputs.vpcs) && c.inputs.vpcs.length > 0;
    // A public zone gets a delegation set of four awsdns servers, one per top-level domain
    // (ns-0…511 .com, 512…1023 .net, 1024…1535 .org, 1536…2047 .co.uk); a private zone's NS record
    // holds the same four placeholder names in every account. The provider sorts them.
    const servers = isPrivate
      ? ["ns-0.awsdns-00.com.", "ns-512.awsdns-00.net.", "ns-1024.awsdns-00.org.", "ns-1536.awsdns-00.co.uk."]
      : (["com", "net", "org", "co.uk"] as const).map(
          (tld, i) =>
            `ns-${i * 512 + (parseInt(c.hex(3), 16) % 512)}.awsdns-${two(parseInt(c.hex(2), 16) % 64)}.${tld}`,
        );
    const nameServers = [...servers].sort();
    return {
      id,
      state: {
        zoneId: id,
        arn: arn(c.region, "route53", `hostedzone/${id}`, { global: true, noAccount: true }),
        name: String(c.inputs.name ?? "").replace(/\.$/, ""),
        nameServers,
        primaryNameServer: isPrivate ? nameServers[0] : servers[0],
        comment: c.inputs.comment ?? "Managed by Pulumi",
      },
    };
  },
  // Terraform's id is the time ACM issued the certificate; the ARN stays an input.
  "aws:acm/certificateValidation:CertificateValidation": (c) => ({ id: goTime(c), state: {} }),

  "aws:rds/globalCluster:GlobalCluster": (c) => {
    const id = String(c.inputs.globalClusterIdentifier);
    const source = typeof c.inputs.sourceDbClusterIdentifier === "string" ? c.inputs.sourceDbClusterIdentifier : "";
    const engine = String(c.inputs.engine ?? c.lookup?.(source.split(":").pop())?.engine ?? "aurora-postgresql");
    return {
      id,
      state: {
        arn: arn(c.region, "rds", `global-cluster:${id}`, { global: true }),
        globalClusterResourceId: `cluster-${c.hex(16)}`,
        // The global writer endpoint: `<id>.global-<12 characters of the account>.global.rds.amazonaws.com`.
        endpoint: `${id}.global-${derived("rds-global", 12, LOWER_ALNUM)}.global.rds.${dns(c.region)}`,
        engine,
        engineVersionActual: String(c.inputs.engineVersion ?? DEFAULT_ENGINE_VERSION[engine] ?? ""),
        globalClusterMembers: source ? [{ dbClusterArn: source, isWriter: true }] : [],
        storageEncrypted: c.inputs.storageEncrypted ?? false,
        deletionProtection: c.inputs.deletionProtection ?? false,
      },
    };
  },
  "aws:rds/cluster:Cluster": (c) => {
    const id = String(c.inputs.clusterIdentifier);
    const engine = String(c.inputs.engine);
    const secondary = isSecondaryCluster(c.inputs);
    const managed = !secondary && c.inputs.manageMasterUserPassword === true && c.inputs.masterPassword === undefined;
    const encrypted = c.inputs.storageEncrypted === true || (secondary && c.inputs.kmsKeyId !== undefined);
    const zones = zonesOf(c.region).map((z) => z.name);
    return {
      id,
      state: {
        arn: arn(c.region, "rds", `cluster:${id}`),
        endpoint: rdsHost(c.region, id, "cluster-"),
        readerEndpoint: rdsHost(c.region, id, "cluster-ro-"),
        clusterResourceId: `cluster-${chars(c, 26, BASE32)}`,
        port: Number(c.inputs.port ?? defaultPort(engine)),
        hostedZoneId: rdsHostedZone(c.region),
        engineVersionActual: String(c.inputs.engineVersion ?? DEFAULT_ENGINE_VERSION[engine] ?? ""),
        availabilityZones: c.inputs.availabilityZones ?? zones.slice(0, 3),
        dbSubnetGroupName: c.inputs.dbSubnetGroupName ?? "default",
        storageEncrypted: encrypted,
        ...(encrypted && c.inputs.kmsKeyId === undefined ? { kmsKeyId: awsManagedKey(c, "rds") } : {}),
        masterUserSecrets: managed
          ? [
              {
                // RDS names the secret `rds!cluster-<uuid>`; Secrets Manager adds its 6-character suffix.
                secretArn: arn(c.region, "secretsmanager", `secret:rds!cluster-${uuid(c)}-${chars(c, 6, ALNUM)}`),
                kmsKeyId: c.inputs.masterUserSecretKmsKeyId ?? awsManagedKey(c, "secretsmanager"),
                secretStatus: "active",
              },
            ]
          : [],
      },
    };
  },
  "aws:rds/clusterInstance:ClusterInstance": (c) => {
    const id = String(c.inputs.identifier);
    const clusterId = String(c.inputs.clusterIdentifier);
    const cluster = c.lookup?.(clusterId);
    const engine = String(c.inputs.engine);
    // The first instance of a cluster becomes its writer; a secondary cluster of a global database has none.
    const siblings = (c.earlier?.(c.type) ?? []).filter((i) => i.clusterIdentifier === clusterId);
    const writer = cluster !== undefined && !isSecondaryCluster(cluster) && siblings.length === 0;
    const zones = (cluster?.availabilityZones as string[] | undefined) ?? zonesOf(c.region).map((z) => z.name);
    return {
      id,
      state: {
        arn: arn(c.region, "rds", `db:${id}`),
        endpoint: rdsHost(c.region, id, ""),
        port: Number(cluster?.port ?? defaultPort(engine)),
        dbiResourceId: `db-${chars(c, 26, BASE32)}`,
        writer,
        availabilityZone: c.inputs.availabilityZone ?? zones[siblings.length % zones.length],
        engineVersionActual: String(
          cluster?.engineVersionActual ?? c.inputs.engineVersion ?? DEFAULT_ENGINE_VERSION[engine] ?? "",
        ),
        storageEncrypted: cluster?.storageEncrypted ?? false,
        ...(cluster?.kmsKeyId ? { kmsKeyId: cluster.kmsKeyId } : {}),
        dbSubnetGroupName: c.inputs.dbSubnetGroupName ?? cluster?.dbSubnetGroupName ?? "default",
        networkType: "IPV4",
      },
    };
  },
  "aws:rds/subnetGroup:SubnetGroup": named("rds", "subgrp:", (c) => ({
    vpcId: vpcOfSubnets(c, c.inputs.subnetIds),
    supportedNetworkTypes: ["IPV4"],
    description: c.inputs.description ?? "Managed by Pulumi",
  })),
  "aws:elasticache/subnetGroup:SubnetGroup": (c) => {
    // ElastiCache keeps subnet group names in lower case.
    const name = nameOf(c).toLowerCase();
    return {
      id: name,
      state: {
        name,
        arn: arn(c.region, "elasticache", `subnetgroup:${name}`),
        vpcId: vpcOfSubnets(c, c.inputs.subnetIds),
        description: c.inputs.description ?? "Managed by Pulumi",
      },
    };
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,

  "aws:efs/fileSystem:FileSystem": (c) => {
    const id = `fs-${c.hex(17)}`;
    const oneZone = typeof c.inputs.availabilityZoneName === "string" ? c.inputs.availabilityZoneName : undefined;
    return {
      id,
      state: {
        arn: arn(c.region, "elasticfilesystem", `file-system/${id}`),
        dnsName: efsHost(c.region, id),
        ownerId: offlineAccountId(),
        numberOfMountTargets: 0,
        sizeInBytes: [{ value: 6144, valueInIa: 0, valueInStandard: 6144 }],
        name: c.inputs.tags?.Name ?? "",
        performanceMode: c.inputs.performanceMode ?? "generalPurpose",
        throughputMode: c.inputs.throughputMode ?? "bursting",
        encrypted: c.inputs.encrypted ?? false,
        ...(c.inputs.encrypted === true && c.inputs.kmsKeyId === undefined
          ? { kmsKeyId: awsManagedKey(c, "elasticfilesystem") }
          : {}),
        ...(oneZone ? { availabilityZoneId: zoneOf(c.region, oneZone).zoneId } : {}),
      },
    };
  },
  "aws:efs/mountTarget:MountTarget": (c) => {
    const fs = String(c.inputs.fileSystemId);
    const subnet = c.lookup?.(c.inputs.subnetId);
    const zone = zoneOf(c.region, subnet?.availabilityZone);
    return {
      id: `fsmt-${c.hex(17)}`,
      state: {
        fileSystemArn: arn(c.region, "elasticfilesystem", `file-system/${fs}`),
        dnsName: efsHost(c.region, fs),
        mountTargetDnsName: `${zone.name}.${efsHost(c.region, fs)}`,
        availabilityZoneName: zone.name,
        availabilityZoneId: zone.zoneId,
        ipAddress: c.inputs.ipAddress ?? hostIn(subnet?.cidrBlock, parseInt(c.hex(4), 16)),
        networkInterfaceId: `eni-${c.hex(17)}`,
        ownerId: offlineAccountId(),
      },
    };
  },
  "aws:efs/backupPolicy:BackupPolicy": sameAs("fileSystemId"),
  // AWS Backup: a vault is known by its name (ARN `backup-vault:<name>`), a plan and a selection by
  // the UUID AWS gives them (the plan's ARN `backup-plan:<id>`, with a version id); a vault lock's
  // id is its vault's name.
  "aws:backup/vault:Vault": named("backup", "backup-vault:", () => ({ recoveryPoints: 0 })),
  "aws:backup/plan:Plan": (c) => {
    const id = uuid(c);
    return { id, state: { arn: arn(c.region, "backup", `backup-plan:${id}`), version: chars(c, 48, ALNUM) } };
  },
  "aws:backup/selection:Selection": (c) => ({ id: uuid(c), state: {} }),
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration": (c) => {
    const vault = String(c.inputs.backupVaultName);
    return { id: vault, state: { backupVaultArn: arn(c.region, "backup", `backup-vault:${vault}`) } };
  },
  // Terraform's id is the statement id, `terraform-<unique id>` when none is given.
  "aws:lambda/permission:Permission": (c) => {
    const statementId = String(
      c.inputs.statementId ??
        (c.inputs.statementIdPrefix !== undefined
          ? uniqueId(c, c.inputs.statementIdPrefix)
          : uniqueId(c, "terraform-")),
    );
    return { id: statementId, state: { statementId } };
  },
  "aws:efs/accessPoint:AccessPoint": (c) => {
    const id = `fsap-${c.hex(17)}`;
    return {
      id,
      state: {
        arn: arn(c.region, "elasticfilesystem", `access-point/${id}`),
        fileSystemArn: arn(c.region, "elasticfilesystem", `file-system/${c.inputs.fileSystemId}`),
        ownerId: offlineAccountId(),
      },
    };
  },
  "aws:efs/replicationConfiguration:ReplicationConfiguration": (c) => {
    // Id: the source file system's. EFS creates the replica (a read-only file system) in the
    // destination region unless an existing one is named; the region follows from the zone of a One Zone replica.
    const source = String(c.inputs.sourceFileSystemId);
    const sourceArn = arn(c.region, "elasticfilesystem", `file-system/${source}`);
    const given: Record<string, unknown> = c.inputs.destination ?? {};
    const zone = typeof given.availabilityZoneName === "string" ? given.availabilityZoneName : undefined;
    return {
      id: source,
      state: {
        sourceFileSystemArn: sourceArn,
        originalSourceFileSystemArn: sourceArn,
        sourceFileSystemRegion: c.region,
        creationTime: goTime(c),
        destination: {
          ...given,
          fileSystemId: given.fileSystemId ?? `fs-${c.hex(17)}`,
          region: given.region ?? zone?.replace(/[a-z]$/, ""),
          status: "ENABLED",
        },
      },
    };
  },

  "aws:ecs/service:Service": (c) => {
    // `service/<cluster name>/<service name>`; the cluster input is an ARN or a name, "default" when absent.
    const name = nameOf(c);
    const cluster = c.inputs.cluster === undefined ? "default" : lastSegment(c.inputs.cluster);
    const a = arn(c.region, "ecs", `service/${cluster}/${name}`);
    return {
      id: a,
      state: {
        arn: a,
        name,
        cluster: c.inputs.cluster ?? arn(c.region, "ecs", "cluster/default"),
        ...(c.inputs.launchType === "FARGATE" ? { platformVersion: c.inputs.platformVersion ?? "LATEST" } : {}),
        schedulingStrategy: c.inputs.schedulingStrategy ?? "REPLICA",
      },
    };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (c) => {
    // Each registration of a family is its next revision.
    const family = String(c.inputs.family);
    const revision = 1 + (c.earlier?.(c.type) ?? []).filter((t) => t.family === family).length;
    const withoutRevision = arn(c.region, "ecs", `task-definition/${family}`);
    return {
      id: family,
      state: { arn: `${withoutRevision}:${revision}`, arnWithoutRevision: withoutRevision, revision },
    };
  },
  "aws:ecs/capacityProvider:CapacityProvider": arnIsId("ecs", "capacity-provider/"),
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": sameAs("clusterName"),

  "aws:appautoscaling/target:Target": (c) => {
    const role = SCALING_SERVICE_ROLES[String(c.inputs.serviceNamespace)];
    return {
      id: String(c.inputs.resourceId),
      state: {
        arn: arn(c.region, "application-autoscaling", `scalable-target/${c.hex(36)}`),
        ...(c.inputs.roleArn === undefined && role
          ? { roleArn: arn(c.region, "iam", `role/aws-service-role/${role}`, { global: true }) }
          : {}),
      },
    };
  },
  "aws:appautoscaling/policy:Policy": (c) => {
    const name = nameOf(c);
    const resourceId = String(c.inputs.resourceId);
    const policyType = String(c.inputs.policyType ?? "StepScaling");
    const id = uuid(c);
    // A target tracking policy creates and owns two CloudWatch alarms; a step policy none.
    const alarm = (kind: string) =>
      arn(c.region, "cloudwatch", `alarm:TargetTracking-${resourceId}-${kind}-${uuid(c)}`);
    return {
      id: name,
      state: {
        name,
        policyType,
        arn: arn(
          c.region,
          "autoscaling",
          `scalingPolicy:${id}:resource/${c.inputs.serviceNamespace}/${resourceId}:policyName/${name}`,
        ),
        alarmArns: policyType === "TargetTrackingScaling" ? [alarm("AlarmHigh"), alarm("AlarmLow")] : [],
      },
    };
  },

  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (c) => {
    const id = `ns-${chars(c, 16, LOWER_ALNUM)}`;
    return {
      id,
      state: { arn: arn(c.region, "servicediscovery", `namespace/${id}`), hostedZone: hostedZoneId(c) },
    };
  },
  "aws:servicediscovery/service:Service": (c) => {
    const id = `srv-${chars(c, 16, LOWER_ALNUM)}`;
    return { id, state: { arn: arn(c.region, "servicediscovery", `service/${id}`) } };
  },
  "aws:autoscaling/group:Group": (c) => {
    const name = nameOf(c);
    return {
      id: name,
      state: { arn: arn(c.region, "autoscaling", `autoScalingGroup:${uuid(c)}:autoScalingGroupName/${name}`) },
    };
  },
  // A Serverless Application Repository application deployed as a CloudFormation stack
  // (`serverlessrepo-<name>`); the rotation applications AWS publishes output RotationLambdaARN.
  "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": (c) => {
    const name = nameOf(c);
    const id = arn(c.region, "cloudformation", `stack/serverlessrepo-${name}/${uuid(c)}`);
    const app = String(c.inputs.applicationId ?? "");
    const outputs: Record<string, string> = /RotationSingleUser|RotationMultiUser/.test(app)
      ? { RotationLambdaARN: arn(c.region, "lambda", `function:${String(c.inputs.parameters?.functionName ?? name)}`) }
      : {};
    return { id, state: { outputs } };
  },
  "aws:secretsmanager/secretVersion:SecretVersion": (c) => {
    // secretId is the secret's ARN or its name; the id is `<secretId>|<version id>`.
    const secretId = String(c.inputs.secretId);
    const secretArn = secretId.startsWith("arn:")
      ? secretId
      : ((c.earlier?.("aws:secretsmanager/secret:Secret").find((s) => s.name === secretId)?.arn as
          string | undefined) ?? arn(c.region, "secretsmanager", `secret:${secretId}-${chars(c, 6, ALNUM)}`));
    const versionId = uuid(c);
    return {
      id: `${secretId}|${versionId}`,
      state: {
        arn: secretArn,
        secretArn,
        versionId,
        versionStages: c.inputs.versionStages ?? ["AWSCURRENT"],
      },
    };
  },
};

/** The ARN of an AWS managed key (`alias/aws/<service>`): one per account and region. */
function awsManagedKey(c: IdContext, service: string): string {
  const h = derived(`${c.region}|aws/${service}`, 32, HEX);
  return arn(
    c.region,
    "kms",
    `key/${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`,
  );
}

/** The zone AWS reports for a zone name, as getAvailabilityZones lists it (the region's first when unknown). */
function zoneOf(region: string, name: unknown): { name: string; zoneId: string } {
  const zones = zonesOf(region);
  if (typeof name !== "string") return zones[0]!;
  return (
    zones.find((z) => z.name === name) ?? {
      name,
      zoneId: `${zoneIdPrefix(region)}-az${name.charCodeAt(name.length - 1) - 96}`,
    }
  );
}

/** The VPC of the first subnet created in this plan (what AWS reports for a subnet group or a load balancer). */
function vpcOfSubnets(c: IdContext, subnetIds: unknown): string | undefined {
  const first = Array.isArray(subnetIds) ? subnetIds[0] : undefined;
  const vpcId = c.lookup?.(first)?.vpcId;
  return typeof vpcId === "string" ? vpcId : undefined;
}

/** A host address inside an IPv4 CIDR block (skipping the 4 addresses AWS reserves at its start); 10.0.x.y when the block is unknown. */
function hostIn(cidr: unknown, n: number): string {
  const match = typeof cidr === "string" ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr) : null;
  if (!match) return `10.0.${(n >> 8) % 256}.${4 + (n % 250)}`;
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(match[5]));
  const address = base + 4 + (n % Math.max(1, size - 5));
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

// ---- Elastic Load Balancing ----

const LB_KINDS: Record<string, string> = { application: "app", network: "net", gateway: "gwy" };

/**
 * `loadbalancer/<app|net|gwy>/<name>/<16 hex>` (the id is the ARN, the ARN suffix is what CloudWatch
 * dimensions use). DNS names: an ALB's is `<name>-<number>.<region>.elb.amazonaws.com` (with
 * `internal-` in front for an internal one), an NLB's `<name>-<16 hex>.elb.<region>.amazonaws.com`;
 * the hosted zone is the region's, per type.
 */
function loadBalancer(c: IdContext): Identity {
  const name = nameOf(c);
  const type = String(c.inputs.loadBalancerType ?? "application");
  const suffix = `${LB_KINDS[type] ?? "app"}/${name}/${c.hex(16)}`;
  const a = arn(c.region, "elasticloadbalancing", `loadbalancer/${suffix}`);
  const internal = c.inputs.internal === true;
  const dnsName =
    type === "network"
      ? `${name}-${c.hex(16)}.elb.${c.region}.${dns(c.region)}`
      : type === "application"
        ? `${internal ? "internal-" : ""}${name}-${parseInt(c.hex(8), 16)}.${c.region}.elb.${dns(c.region)}`
        : undefined;
  const zoneId =
    type === "gateway" ? undefined : ELB_HOSTED_ZONES[type === "network" ? "network" : "application"][c.region];
  const subnets = c.inputs.subnets ?? (c.inputs.subnetMappings ?? []).map((m: { subnetId?: string }) => m.subnetId);
  return {
    id: a,
    state: {
      arn: a,
      arnSuffix: suffix,
      name,
      loadBalancerType: type,
      internal,
      ipAddressType: c.inputs.ipAddressType ?? "ipv4",
      ...(dnsName ? { dnsName } : {}),
      ...(zoneId ? { zoneId } : {}),
      ...(vpcOfSubnets(c, subnets) ? { vpcId: vpcOfSubnets(c, subnets) } : {}),
    },
  };
}

function targetGroup(c: IdContext): Identity {
  const suffix = `targetgroup/${nameOf(c)}/${c.hex(16)}`;
  const a = arn(c.region, "elasticloadbalancing", suffix);
  // Load balancers are listed once a listener or rule forwards to the group: none at creation.
  return {
    id: a,
    state: { arn: a, arnSuffix: suffix, loadBalancerArns: [], targetType: c.inputs.targetType ?? "instance" },
  };
}

/** `listener/<app|net>/<load balancer name>/<load balancer hex>/<16 hex>`, read from the load balancer's ARN. */
function listener(c: IdContext): Identity {
  const lb = /:loadbalancer\/((?:app|net|gwy)\/[^/]+\/[0-9a-f]+)$/.exec(String(c.inputs.loadBalancerArn ?? ""));
  const a = arn(c.region, "elasticloadbalancing", `listener/${lb?.[1] ?? `app/${c.name}/${c.hex(16)}`}/${c.hex(16)}`);
  return { id: a, state: { arn: a } };
}

/** `listener-rule/<app|net>/<lb name>/<lb hex>/<listener hex>/<16 hex>`; without a priority, the listener's next free one. */
function listenerRule(c: IdContext): Identity {
  const path = /:listener\/((?:app|net|gwy)\/[^/]+\/[0-9a-f]+\/[0-9a-f]+)$/.exec(String(c.inputs.listenerArn ?? ""));
  const a = arn(
    c.region,
    "elasticloadbalancing",
    `listener-rule/${path?.[1] ?? `app/${c.name}/${c.hex(16)}/${c.hex(16)}`}/${c.hex(16)}`,
  );
  const taken = (c.earlier?.(c.type) ?? [])
    .filter((r) => r.listenerArn === c.inputs.listenerArn)
    .map((r) => Number(r.priority));
  return { id: a, state: { arn: a, priority: c.inputs.priority ?? Math.max(0, ...taken) + 1 } };
}

/** Terraform's id: the target group's ARN, a dash and a unique id. */
function targetGroupAttachment(c: IdContext): Identity {
  return { id: uniqueId(c, `${c.inputs.targetGroupArn}-`), state: {} };
}

// ---- ElastiCache ----

/**
 * `replicationgroup:<id>` (ElastiCache keeps the id in lower case). Endpoints are
 * `<…>.<6 characters of the account and region>.<region code>.cache.amazonaws.com`: with in-transit
 * encryption `master.<id>.…` and `replica.<id>.…` (`clustercfg.<id>.…` in cluster mode), without it
 * `<id>.….ng.0001.…` and `<id>-ro.….ng.0001.…` (`<id>.….clustercfg.…`). Member clusters are
 * `<id>-001…` (`<id>-0001-001…` per shard in cluster mode).
 */
function replicationGroup(c: IdContext): Identity {
  const id = String(c.inputs.replicationGroupId).toLowerCase();
  const tls = c.inputs.transitEncryptionEnabled === true;
  const shards = Number(c.inputs.numNodeGroups ?? 1);
  const clusterMode =
    c.inputs.clusterMode === "enabled" ||
    shards > 1 ||
    String(c.inputs.parameterGroupName ?? "").includes("cluster.on");
  const key = derived(`${c.region}|elasticache`, 6, LOWER_ALNUM);
  const suffix = `${zoneIdPrefix(c.region)}.cache.${dns(c.region)}`;
  const replicas = Number(c.inputs.replicasPerNodeGroup ?? 0);
  const numCacheClusters = Number(c.inputs.numCacheClusters ?? 1 + replicas);
  const memberClusters = clusterMode
    ? Array.from({ length: shards }, (_, s) =>
        Array.from(
          { length: 1 + replicas },
          (_, n) => `${id}-${String(s + 1).padStart(4, "0")}-${String(n + 1).padStart(3, "0")}`,
        ),
      ).flat()
    : Array.from({ length: numCacheClusters }, (_, n) => `${id}-${String(n + 1).padStart(3, "0")}`);
  const engine = String(c.inputs.engine ?? "redis");
  return {
    id,
    state: {
      replicationGroupId: id,
      arn: arn(c.region, "elasticache", `replicationgroup:${id}`),
      engine,
      engineVersionActual: actualCacheVersion(engine, c.inputs.engineVersion),
      port: Number(c.inputs.port ?? 6379),
      clusterEnabled: clusterMode,
      memberClusters: memberClusters.sort(),
      ...(tls ? { transitEncryptionMode: c.inputs.transitEncryptionMode ?? "required" } : {}),
      ...(clusterMode
        ? {
            numNodeGroups: shards,
            replicasPerNodeGroup: replicas,
            configurationEndpointAddress: tls
              ? `clustercfg.${id}.${key}.${suffix}`
              : `${id}.${key}.clustercfg.${suffix}`,
          }
        : {
            numCacheClusters,
            primaryEndpointAddress: tls ? `master.${id}.${key}.${suffix}` : `${id}.${key}.ng.0001.${suffix}`,
            readerEndpointAddress: tls ? `replica.${id}.${key}.${suffix}` : `${id}-ro.${key}.ng.0001.${suffix}`,
          }),
    },
  };
}

/** The version ElastiCache runs: the given major.minor with its patch, or the engine's default. */
function actualCacheVersion(engine: string, given: unknown): string {
  if (typeof given === "string" && /^\d+\.\d+$/.test(given)) return `${given}.${engine === "valkey" ? "1" : "0"}`;
  if (typeof given === "string") return given;
  return engine === "valkey" ? "8.0.1" : "7.1.0";
}

// ---- RDS ----

/** Engine versions RDS picks when none is given (the defaults at the time of writing). */
const DEFAULT_ENGINE_VERSION: Record<string, string> = {
  "aurora-mysql": "8.0.mysql_aurora.3.08.2",
  "aurora-postgresql": "16.6",
  mysql: "8.0.40",
  postgres: "17.2",
};

const defaultPort = (engine: string) => (/postgres/.test(engine) ? 5432 : 3306);

/**
 * A secondary cluster of a global database: it joins a global cluster and has no master
 * credentials of its own (AWS rejects them there), so it has no writer and no managed secret.
 */
const isSecondaryCluster = (inputs: Record<string, unknown>) =>
  inputs.globalClusterIdentifier !== undefined &&
  inputs.masterUsername === undefined &&
  inputs.masterPassword === undefined &&
  inputs.manageMasterUserPassword !== true;

/**
 * An RDS host name: `<id>.<kind><12 characters>.<region>.rds.amazonaws.com`, where the 12
 * characters (a `c` and 11 more) are the same for every cluster and instance of an account in a
 * region. China regions put `rds` first: `<id>.<kind><12>.rds.<region>.amazonaws.com.cn`.
 */
function rdsHost(region: string, id: string, kind: "cluster-" | "cluster-ro-" | ""): string {
  const key = `c${derived(`${region}|rds`, 11, LOWER_ALNUM)}`;
  const { partition, dnsSuffix } = partitionOf(region);
  return partition === "aws-cn"
    ? `${id}.${kind}${key}.rds.${region}.${dnsSuffix}`
    : `${id}.${kind}${key}.${region}.rds.${dnsSuffix}`;
}

/** Route 53 hosted zones of RDS endpoints, per region (as DescribeDBClusters reports them). */
const RDS_HOSTED_ZONES: Record<string, string> = {
  "us-east-1": "Z2R2ITUGPM61AM",
  "us-east-2": "Z2XHWR1WZ565X2",
  "us-west-1": "Z10WI91S59XXQN",
  "us-west-2": "Z1PVIF0B656C1W",
  "eu-west-1": "Z29XKXDKYMONMX",
  "eu-central-1": "Z1RLNUO7B9Q6NB",
};

/** The region's RDS hosted zone; for a region not in the table, a stable made-up one of the same shape. */
const rdsHostedZone = (region: string) =>
  RDS_HOSTED_ZONES[region] ?? `Z${derived(`${region}|rds-zone`, 13, UPPER_ALNUM)}`;

// ---- EFS, ACM, Application Auto Scaling ----

/** `<file system id>.efs.<region>.amazonaws.com` (`.amazonaws.com.cn` in China). */
const efsHost = (region: string, fileSystemId: string) => `${fileSystemId}.efs.${region}.${dns(region)}`;

/**
 * The DNS validation CNAME ACM asks for a name: derived from the account and the name (a wildcard
 * shares its base name's record), so it is the same in every region and for every certificate.
 */
function acmValidationRecord(domain: string) {
  const base = domain.replace(/^\*\./, "").toLowerCase();
  return {
    resourceRecordName: `_${derived(`acm|${base}|name`, 32, HEX)}.${base}.`,
    resourceRecordType: "CNAME",
    resourceRecordValue: `_${derived(`acm|${base}|value`, 32, HEX)}.${derived(`acm|${base}|target`, 10, LOWER)}.acm-validations.aws.`,
  };
}

/** The service-linked role Application Auto Scaling uses per namespace when no role is given. */
const SCALING_SERVICE_ROLES: Record<string, string> = {
  ecs: "ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
  dynamodb: "dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
  rds: "rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster",
  elasticache:
    "elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG",
};

/** The hosted zone of every CloudFront distribution's domain name (Route 53 alias targets). */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/** CloudFront's ids (distributions, origin access controls, ETags): `E` and 13 capitals and digits. */
const cloudFrontId = (c: IdContext) => `E${chars(c, 13, UPPER_ALNUM)}`;

/** Route 53 hosted zones of API Gateway regional endpoints (the AWS "API Gateway endpoints and quotas" table). */
const APIGATEWAY_HOSTED_ZONES: Record<string, string> = {
  "us-east-1": "Z1UJRXOUMOOFQ8",
  "us-east-2": "ZOJJZC49E0EPZ",
  "us-west-1": "Z2MUQ32089INYE",
  "us-west-2": "Z2OJLYMUO9EFXC",
  "ca-central-1": "Z19DQILCV0OWEC",
  "eu-central-1": "Z1U9ULNL0V5AJ3",
  "eu-west-1": "ZLY8HYME6SFDD",
  "eu-west-2": "ZJ5UAJN8Y3Z2Q",
  "eu-west-3": "Z3KY65QIEKYHQQ",
  "sa-east-1": "ZCMLWB8V5SYIT",
  "ap-south-1": "Z3VO1THU9YC4UR",
  "ap-northeast-1": "Z1YSHQZHG15GKL",
  "ap-northeast-2": "Z20JF4UZKIW1U8",
  "ap-northeast-3": "Z2YQB5RD63NC85",
  "ap-southeast-1": "ZL327KTPIQFUL",
  "ap-southeast-2": "Z2RPCDW04V8134",
};

/** Service name in an ARN for a @pulumi/aws module when no rule is written for the type. */
const SERVICE_OF_MODULE: Record<string, string> = {
  cloudwatch: "cloudwatch",
  lb: "elasticloadbalancing",
  alb: "elasticloadbalancing",
  rds: "rds",
  efs: "elasticfilesystem",
  elasticache: "elasticache",
  sfn: "states",
  wafv2: "wafv2",
  acm: "acm",
  glue: "glue",
  athena: "athena",
  backup: "backup",
  cloudtrail: "cloudtrail",
  route53: "route53",
  cloudfront: "cloudfront",
};

/**
 * Generic identity for types without a rule: `<name>-<8 hex>` and, when the SDK declares an `arn`
 * output, `arn:<partition>:<service>:<region>:<account>:<kind>/<name>`.
 */
function generic(c: IdContext): Identity {
  const [, mod = "unknown", file = "resource"] = /^aws:([^/]+)\/([^:]+):/.exec(c.type) ?? [];
  const id = c.inputs.name ? String(c.inputs.name) : `${c.name}-${c.hex(8)}`;
  const state: Record<string, unknown> = {};
  if (shapeOf(c.type)?.outputs.has("arn")) {
    const service = SERVICE_OF_MODULE[mod] ?? mod;
    const kind = file.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
    // Global services (CloudFront, Route 53, WAF for CloudFront, …) have no region in their ARNs.
    state.arn = arn(c.region, service, `${kind}/${id}`, { global: !isRegional(c.type) });
  }
  return { id, state };
}

export function identityOf(c: IdContext): Identity {
  return (RULES[c.type] ?? generic)(c);
}

export const hasIdentityRule = (type: string): boolean => type in RULES;
