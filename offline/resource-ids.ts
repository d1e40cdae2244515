import { arn, OFFLINE_ACCOUNT_ID, partitionOf } from "./aws-partition";
import { zoneIdPrefix, zonesOf } from "./invokes";
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

/** An EC2-style resource: `<prefix>-<17 hex>`, ARN `arn:…:ec2:<region>:<account>:<kind>/<id>`. */
const ec2 =
  (prefix: string, kind: string, extra: (c: IdContext, id: string) => Record<string, unknown> = () => ({})): IdRule =>
  (c) => {
    const id = `${prefix}-${c.hex(17)}`;
    return { id, state: { arn: arn(c.region, "ec2", `${kind}/${id}`), ownerId: OFFLINE_ACCOUNT_ID, ...extra(c, id) } };
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
  "aws:ec2/instance:Instance": ec2("i", "instance", (c) => ({
    privateIp: "10.0.10.25",
    primaryNetworkInterfaceId: `eni-${c.hex(17)}`,
  })),

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
  "aws:cloudwatch/logGroup:LogGroup": named("logs", "log-group:"),
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
    const url = `https://sqs.${c.region}.${dns(c.region)}/${OFFLINE_ACCOUNT_ID}/${name}`;
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
  "aws:secretsmanager/secret:Secret": (c) => {
    const a = arn(c.region, "secretsmanager", `secret:${nameOf(c)}-${c.hex(6)}`);
    return { id: a, state: { arn: a } };
  },

  // Compute and integration
  "aws:lambda/function:Function": named("lambda", "function:", (c, _name) => {
    const fn = arn(c.region, "lambda", `function:${nameOf(c)}`);
    return {
      invokeArn: `arn:${partitionOf(c.region).partition}:apigateway:${c.region}:lambda:path/2015-03-31/functions/${fn}/invocations`,
      qualifiedArn: `${fn}:$LATEST`,
      version: "$LATEST",
    };
  }),
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
    repositoryUrl: `${OFFLINE_ACCOUNT_ID}.dkr.ecr.${c.region}.${dns(c.region)}/${name}`,
    registryId: OFFLINE_ACCOUNT_ID,
  })),
  "aws:ecs/cluster:Cluster": arnIsId("ecs", "cluster/"),
  "aws:cloudwatch/metricAlarm:MetricAlarm": named("cloudwatch", "alarm:"),
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
    // DNS validation: one CNAME per name, `_<32 hex>.<name>.` → `_<32 hex>.<10 chars>.acm-validations.aws.`
    const domainValidationOptions =
      c.inputs.validationMethod === "DNS"
        ? domains.map((d) => ({
            domainName: d,
            resourceRecordName: `_${c.hex(32)}.${d.replace(/^\*\./, "")}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${c.hex(32)}.${c.hex(10)}.acm-validations.aws.`,
          }))
        : [];
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
  "aws:route53/record:Record": (c) => {
    const name = String(c.inputs.name).replace(/\.$/, "").toLowerCase();
    return {
      id: `${c.inputs.zoneId}_${name}_${c.inputs.type}${c.inputs.setIdentifier ? `_${c.inputs.setIdentifier}` : ""}`,
      state: { fqdn: name },
    };
  },
};

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
