/**
 * The seed's operations hosts, hardened, and the managed monitoring alternative, planned offline in
 * a small program (a RegionalNetwork and a stand-in DataLake component): every hardening property of
 * both hosts, security groups that admit exactly the UI ports from exactly the allow-list, role
 * statements to the letter, no secret in plaintext; the managed choice's services and no monitoring
 * instance; and the args the functions refuse.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { LakeContext } from "../../components/datalake/context";
import { createOpsHosts, type OpsHostsArgs } from "../../components/datalake/ops-hosts";
import {
  KUBERNETES_UI_PORTS,
  MANAGED_MONITORING_DEFAULTS,
  MONITORING_UI_PORTS,
  OPS_HOST_DEFAULTS,
} from "../../components/datalake/ops-hosts-defaults";
import { RegionalNetwork } from "../../components/network";
import { answerInvoke } from "../../offline/invokes";
import { evaluatePolicies } from "../../offline/policy-runner";
import { planProgram, ProgramError, type ProgramPlan, type RecordedResource } from "../../offline/testkit";
import { ALL_RULES } from "../../policy/rules";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-1111-4222-a333-444455556666`;
const MASTER = `arn:aws:iam::${ACCOUNT}:role/observability-admin`;
const ALLOWED = ["203.0.113.0/24", "198.51.100.16/28"];
/** What the secrets hold: it must appear nowhere in what the hosts are given. */
const PASSWORD = "Zq7-not-in-user-data-Xw3";

const T = {
  instance: "aws:ec2/instance:Instance",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  profile: "aws:iam/instanceProfile:InstanceProfile",
  subnet: "aws:ec2/subnet:Subnet",
  secret: "aws:secretsmanager/secret:Secret",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  amp: "aws:amp/workspace:Workspace",
  grafana: "aws:grafana/workspace:Workspace",
  domain: "aws:opensearch/domain:Domain",
  domainPolicy: "aws:opensearch/domainPolicy:DomainPolicy",
  logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
} as const;

class TestLake extends pulumi.ComponentResource {
  constructor(name: string) {
    super("twin-region:test:Lake", name, {});
  }
}

type Options = Omit<OpsHostsArgs, "network">;

/** The program: a two-AZ network, the admin secrets (generated values), and the hosts under a component. */
function program(options: (secrets: { argocd: pulumi.Output<string>; grafana: pulumi.Output<string> }) => Options) {
  return () => {
    const network = new RegionalNetwork("net", {
      cidrBlock: "10.0.0.0/16",
      availabilityZoneCount: 2,
      natStrategy: "single",
      kmsKeyArn: KEY,
      region: "us-east-1",
    });
    const secret = (name: string) => {
      const s = new aws.secretsmanager.Secret(name, { kmsKeyId: KEY });
      new aws.secretsmanager.SecretVersion(name, {
        secretId: s.id,
        secretString: pulumi.secret(JSON.stringify({ username: "admin", password: PASSWORD })),
      });
      return s.arn;
    };
    const parent = new TestLake("lake");
    const ctx: LakeContext = { name: "lake", environment: "prod", region: "us-east-1", kmsKeyArn: KEY, parent };
    createOpsHosts(ctx, { network, ...options({ argocd: secret("argocd-admin"), grafana: secret("grafana-admin") }) });
  };
}

interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}
/** A policy's statements with their action and resource lists sorted (AWS keeps them as sets). */
const statements = (json: unknown): PolicyStatement[] =>
  (JSON.parse(String(json)) as { Statement: PolicyStatement[] }).Statement.map((s) => ({
    ...s,
    Action: Array.isArray(s.Action) ? [...s.Action].sort() : s.Action,
    Resource: Array.isArray(s.Resource) ? [...s.Resource].sort() : s.Resource,
  }));
const sorted = (list: readonly string[]) => [...list].sort();
/** Expected statements, their lists sorted the same way. */
const sortedStatements = (list: PolicyStatement[]): PolicyStatement[] =>
  statements(JSON.stringify({ Statement: list }));

const failure = (run: Promise<unknown>): Promise<ProgramError> =>
  run.then(
    () => {
      throw new Error("the plan succeeded");
    },
    (e: ProgramError) => e,
  );

const amiOf = (parameter: string) =>
  String(answerInvoke("aws:ssm/getParameter:getParameter", "us-east-1", { name: parameter }).value);

describe("operations hosts: Kubernetes and self-hosted monitoring, allow-listed", () => {
  let plan: ProgramPlan;
  const one = (type: string, name: string) => plan.graph.one(type, name);
  const rulesOf = (type: string, group: RecordedResource) =>
    plan.graph.ofType(type).filter((r) => r.inputs.securityGroupId === group.id);
  const secretArn = (name: string) => one(T.secret, name).id!;

  beforeAll(async () => {
    plan = await planProgram(
      program((secrets) => ({
        allowedCidrs: ALLOWED,
        kubernetes: { argocdAdminSecretArn: secrets.argocd },
        monitoring: { mode: "self-hosted", grafanaAdminSecretArn: secrets.grafana },
      })),
    );
  }, 60_000);

  it("two instances of Amazon Linux 2023 (its public SSM parameter), sized for Minikube with ArgoCD and for the ELK stack", () => {
    const ami = amiOf(OPS_HOST_DEFAULTS.amiParameters.x86_64);
    expect(ami).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(plan.graph.ofType(T.instance).map((i) => [i.name, i.inputs.instanceType, i.inputs.ami])).toEqual([
      ["lake-kubernetes", "t3.medium", ami],
      ["lake-monitoring", "t3.xlarge", ami],
    ]);
    for (const instance of plan.graph.ofType(T.instance)) {
      expect(plan.graph.ancestorsOf(instance).map((a) => a.type)).toContain("twin-region:test:Lake");
      expect(instance.ignoreChanges).toEqual(["ami"]);
    }
  });

  it("each in a private subnet (Kubernetes in the first AZ, monitoring in the second), with no public IP", () => {
    expect(one(T.instance, "lake-kubernetes").inputs.subnetId).toBe(one(T.subnet, "net-private-0").id);
    expect(one(T.instance, "lake-monitoring").inputs.subnetId).toBe(one(T.subnet, "net-private-1").id);
    for (const instance of plan.graph.ofType(T.instance)) {
      expect(instance.inputs.associatePublicIpAddress, instance.name).toBe(false);
    }
  });

  it("IMDSv2 required, hop limit 1 (containers cannot take the instance role), instance tags off the metadata service", () => {
    for (const instance of plan.graph.ofType(T.instance)) {
      expect(instance.inputs.metadataOptions, instance.name).toEqual({
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      });
    }
  });

  it("a gp3 root volume encrypted with the region's CMK, sized for each stack, tagged for the backup plan; EBS-optimized, detailed monitoring", () => {
    const root = (name: string) => one(T.instance, name).inputs.rootBlockDevice;
    expect(root("lake-kubernetes")).toEqual({
      volumeType: "gp3",
      volumeSize: 40,
      encrypted: true,
      kmsKeyId: KEY,
      deleteOnTermination: true,
      // Selected by the region's backup plan (components/observability/backup-defaults.ts).
      tags: { Backup: "twin-region-daily-weekly" },
    });
    expect(root("lake-monitoring")).toMatchObject({
      volumeType: "gp3",
      volumeSize: 100,
      encrypted: true,
      kmsKeyId: KEY,
    });
    for (const instance of plan.graph.ofType(T.instance)) {
      expect([instance.inputs.ebsOptimized, instance.inputs.monitoring], instance.name).toEqual([true, true]);
    }
  });

  it("user data is the rendered cloud-config naming its secret by ARN; no secret value reaches any host resource", () => {
    const k8s = one(T.instance, "lake-kubernetes").inputs;
    const mon = one(T.instance, "lake-monitoring").inputs;
    expect(k8s.userData).toMatch(/^#cloud-config\n/);
    expect(k8s.userData).toContain(`--secret-id "${secretArn("argocd-admin")}"`);
    expect(mon.userData).toContain(`--secret-id "${secretArn("grafana-admin")}"`);
    expect([k8s.userDataReplaceOnChange, mon.userDataReplaceOnChange]).toEqual([true, true]);
    const lake = one("twin-region:test:Lake", "lake");
    for (const r of plan.graph.descendantsOf(lake)) {
      expect(JSON.stringify(r.inputs), r.name).not.toContain(PASSWORD);
    }
    // The value does exist in the plan: in the secret versions, marked secret.
    const versions = plan.graph.ofType("aws:secretsmanager/secretVersion:SecretVersion");
    for (const v of versions) {
      expect(v.secretOutputs, v.name).toContain("secretString");
      expect(JSON.stringify(v.inputs), v.name).toContain(PASSWORD);
    }
  });

  it("security groups admit exactly the UI ports, each from exactly the allow-listed CIDRs: no SSH, no other source", () => {
    const expected = (ports: typeof KUBERNETES_UI_PORTS) =>
      ports.flatMap((p) =>
        ALLOWED.map((cidr) => ({ cidrIpv4: cidr, fromPort: p.from, toPort: p.to, ipProtocol: "tcp" })),
      );
    const actual = (group: string) =>
      rulesOf(T.ingress, one(T.sg, group)).map((r) => ({
        cidrIpv4: r.inputs.cidrIpv4,
        fromPort: r.inputs.fromPort,
        toPort: r.inputs.toPort,
        ipProtocol: r.inputs.ipProtocol,
      }));
    expect(actual("net-lake-kubernetes-host")).toEqual(expected(KUBERNETES_UI_PORTS));
    expect(actual("net-lake-monitoring-host")).toEqual(expected(MONITORING_UI_PORTS));
    expect(KUBERNETES_UI_PORTS.map((p) => [p.from, p.to])).toEqual([
      [8443, 8443],
      [30000, 32767],
    ]);
    expect(MONITORING_UI_PORTS.map((p) => p.from)).toEqual([9090, 3000, 5601, 16686]);
    for (const rule of plan.graph.ofType(T.ingress)) {
      expect(rule.inputs.fromPort === 22 || rule.inputs.cidrIpv4 === "0.0.0.0/0", rule.name).toBe(false);
    }
    expect(one(T.instance, "lake-kubernetes").inputs.vpcSecurityGroupIds).toEqual([
      one(T.sg, "net-lake-kubernetes-host").id,
    ]);
  });

  it("egress is HTTPS only: to the VPC's endpoints, the S3 and DynamoDB gateways, and out through NAT", () => {
    const egress = rulesOf(T.egress, one(T.sg, "net-lake-monitoring-host"));
    expect(egress.map((r) => [r.inputs.fromPort, r.inputs.toPort])).toEqual(Array(4).fill([443, 443]));
    expect(sorted(egress.map((r) => r.inputs.cidrIpv4 ?? "prefix list"))).toEqual(
      sorted(["10.0.0.0/16", "prefix list", "prefix list", "0.0.0.0/0"]),
    );
  });

  it("instance roles: EC2 may assume them; SSM's managed policy and nothing else broad; exactly their own secret and the CMK through Secrets Manager", () => {
    for (const [kind, secret] of [
      ["kubernetes", "argocd-admin"],
      ["monitoring", "grafana-admin"],
    ] as const) {
      const role = plan.graph.ofType(T.role).find((r) => r.name === `lake-${kind}-host-use1`)!;
      expect(statements(role.inputs.assumeRolePolicy)).toEqual(
        sortedStatements([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }]),
      );
      const attached = plan.graph.ofType(T.attachment).filter((a) => a.inputs.role === role.inputs.name);
      expect(attached.map((a) => a.inputs.policyArn)).toEqual(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
      const inline = plan.graph.ofType(T.rolePolicy).filter((p) => p.inputs.role === role.id);
      expect(inline).toHaveLength(1);
      expect(statements(inline[0]!.inputs.policy)).toEqual(
        sortedStatements([
          {
            Sid: "ReadOwnSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: secretArn(secret),
          },
          {
            Sid: "DecryptSecretsThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: KEY,
            Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
          },
        ]),
      );
      const profile = one(T.profile, `lake-${kind}-profile`);
      expect(profile.inputs.role).toBe(role.inputs.name);
      expect(one(T.instance, `lake-${kind}`).inputs.iamInstanceProfile).toBe(profile.inputs.name);
    }
  });

  it("passes every mandatory policy rule (tags come from the stack's provider, not planned here)", () => {
    const stack = { name: "ops-hosts", region: "us-east-1", resources: plan.resources, violations: [] };
    const blocking = evaluatePolicies(stack, ALL_RULES).filter(
      (v) => v.enforcementLevel === "mandatory" && v.rule !== "aws-required-tags",
    );
    expect(blocking.map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });
});

describe("managed monitoring instead of the monitoring host", () => {
  let plan: ProgramPlan;
  const only = (type: string) => {
    const all = plan.graph.ofType(type);
    expect(all, type).toHaveLength(1);
    return all[0]!;
  };

  beforeAll(async () => {
    plan = await planProgram(program(() => ({ monitoring: { mode: "managed", openSearchMasterUserArn: MASTER } })));
  }, 60_000);

  it("creates no instance, no instance profile and no host security group", () => {
    expect(plan.graph.ofType(T.instance)).toEqual([]);
    expect(plan.graph.ofType(T.profile)).toEqual([]);
    expect(plan.graph.ofType(T.sg).map((g) => g.name)).not.toContain("net-lake-monitoring-host");
  });

  it("Amazon Managed Service for Prometheus: encrypted with the CMK, logging to a CMK-encrypted group", () => {
    const amp = only(T.amp);
    expect(amp.id).toMatch(/^ws-[0-9a-f-]{36}$/);
    expect(amp.inputs.kmsKeyArn).toBe(KEY);
    const logs = plan.graph.one(T.logGroup, "lake-prometheus-logs");
    expect(logs.inputs).toMatchObject({ kmsKeyId: KEY, retentionInDays: 365 });
    expect(amp.inputs.loggingConfiguration).toEqual({
      logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${logs.inputs.name}:*`,
    });
  });

  it("Amazon Managed Grafana: IAM Identity Center sign-in, its own role, Prometheus and CloudWatch, in the private subnets", () => {
    const grafana = only(T.grafana);
    const role = plan.graph.ofType(T.role).find((r) => r.name === "lake-grafana-use1")!;
    expect(grafana.inputs).toMatchObject({
      accountAccessType: "CURRENT_ACCOUNT",
      authenticationProviders: ["AWS_SSO"],
      permissionType: "CUSTOMER_MANAGED",
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${role.inputs.name}`,
      dataSources: ["PROMETHEUS", "CLOUDWATCH"],
      grafanaVersion: MANAGED_MONITORING_DEFAULTS.grafanaVersion,
      kmsKeyId: KEY,
    });
    expect(grafana.inputs.vpcConfiguration).toEqual({
      securityGroupIds: [plan.graph.one(T.sg, "net-lake-grafana").id],
      subnetIds: [0, 1].map((az) => plan.graph.one(T.subnet, `net-private-${az}`).id),
    });
    expect(grafana.id).toMatch(/^g-[0-9a-f]{10}$/);
    const sg = plan.graph.one(T.sg, "net-lake-grafana");
    expect(plan.graph.ofType(T.ingress).filter((r) => r.inputs.securityGroupId === sg.id)).toEqual([]);
  });

  it("Grafana's role: assumed by Grafana for this account's workspaces; queries exactly its Prometheus workspace and reads CloudWatch", () => {
    const amp = only(T.amp);
    const role = plan.graph.ofType(T.role).find((r) => r.name === "lake-grafana-use1")!;
    expect(statements(role.inputs.assumeRolePolicy)).toEqual(
      sortedStatements([
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: "grafana.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:grafana:us-east-1:${ACCOUNT}:/workspaces/*` },
          },
        },
      ]),
    );
    const policy = plan.graph.ofType(T.rolePolicy).find((p) => p.inputs.role === role.id)!;
    expect(statements(policy.inputs.policy)).toEqual(
      sortedStatements([
        {
          Sid: "QueryOwnPrometheusWorkspace",
          Effect: "Allow",
          Action: [
            "aps:DescribeWorkspace",
            "aps:QueryMetrics",
            "aps:GetLabels",
            "aps:GetSeries",
            "aps:GetMetricMetadata",
          ],
          Resource: `arn:aws:aps:us-east-1:${ACCOUNT}:workspace/${amp.id}`,
        },
        {
          Sid: "ReadCloudWatchMetrics",
          Effect: "Allow",
          Action: [
            "cloudwatch:ListMetrics",
            "cloudwatch:GetMetricData",
            "cloudwatch:GetMetricStatistics",
            "tag:GetResources",
            "logs:GetQueryResults",
            "logs:StopQuery",
          ],
          Resource: "*",
        },
        {
          Sid: "ReadCloudWatchAlarms",
          Effect: "Allow",
          Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"],
          Resource: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*`,
        },
        {
          Sid: "QueryCloudWatchLogs",
          Effect: "Allow",
          Action: ["logs:DescribeLogGroups", "logs:GetLogGroupFields", "logs:StartQuery", "logs:GetLogEvents"],
          Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`,
        },
      ]),
    );
  });

  it("OpenSearch: CMK at rest, node-to-node encryption, HTTPS with TLS 1.2+, two AZs of the VPC, fine-grained access with an IAM master user", () => {
    const domain = only(T.domain);
    expect(domain.inputs.domainName).toBe("prod-monitoring");
    expect(domain.inputs.engineVersion).toBe("OpenSearch_2.19");
    expect(domain.inputs.encryptAtRest).toEqual({ enabled: true, kmsKeyId: KEY });
    expect(domain.inputs.nodeToNodeEncryption).toEqual({ enabled: true });
    expect(domain.inputs.domainEndpointOptions).toEqual({
      enforceHttps: true,
      tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
    });
    expect(domain.inputs.clusterConfig).toEqual({
      instanceType: "m7g.large.search",
      instanceCount: 2,
      zoneAwarenessEnabled: true,
      zoneAwarenessConfig: { availabilityZoneCount: 2 },
    });
    expect(domain.inputs.vpcOptions).toEqual({
      subnetIds: [0, 1].map((az) => plan.graph.one(T.subnet, `net-private-${az}`).id),
      securityGroupIds: [plan.graph.one(T.sg, "net-lake-opensearch").id],
    });
    expect(domain.inputs.advancedSecurityOptions).toEqual({
      enabled: true,
      anonymousAuthEnabled: false,
      internalUserDatabaseEnabled: false,
      masterUserOptions: { masterUserArn: MASTER },
    });
    expect(domain.id).toBe(`arn:aws:es:us-east-1:${ACCOUNT}:domain/prod-monitoring`);
  });

  it("OpenSearch's security group admits HTTPS only, from the VPC by default, and sends nothing", () => {
    const sg = plan.graph.one(T.sg, "net-lake-opensearch");
    const ingress = plan.graph.ofType(T.ingress).filter((r) => r.inputs.securityGroupId === sg.id);
    expect(ingress.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort])).toEqual([
      ["10.0.0.0/16", 443, 443],
    ]);
    expect(plan.graph.ofType(T.egress).filter((r) => r.inputs.securityGroupId === sg.id)).toEqual([]);
  });

  it("OpenSearch publishes application and audit logs to CMK-encrypted groups it is allowed to write, for this domain only", () => {
    const domain = only(T.domain);
    const group = (suffix: string) => plan.graph.one(T.logGroup, `lake-opensearch-${suffix}`);
    for (const g of [group("application"), group("audit")]) expect(g.inputs.kmsKeyId).toBe(KEY);
    expect(domain.inputs.logPublishingOptions).toEqual([
      { logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: arnOf(group("application")), enabled: true },
      { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: arnOf(group("audit")), enabled: true },
    ]);
    const policy = only(T.logPolicy);
    expect(domain.dependencies).toContain(policy.urn);
    expect(statements(policy.inputs.policyDocument)).toEqual(
      sortedStatements([
        {
          Sid: "OpenSearchPublishesDomainLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [`${arnOf(group("application"))}:*`, `${arnOf(group("audit"))}:*`],
          Principal: { Service: "es.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:es:us-east-1:${ACCOUNT}:domain/prod-monitoring` },
          },
        },
      ]),
    );
  });

  it("OpenSearch's access policy lets only the master user send requests to this domain", () => {
    const access = only(T.domainPolicy);
    expect(access.inputs.domainName).toBe("prod-monitoring");
    expect(statements(access.inputs.accessPolicies)).toEqual(
      sortedStatements([
        {
          Sid: "MasterUserReachesDomain",
          Effect: "Allow",
          Action: "es:ESHttp*",
          Resource: `arn:aws:es:us-east-1:${ACCOUNT}:domain/prod-monitoring/*`,
          Principal: { AWS: MASTER },
        },
      ]),
    );
  });

  it("passes every mandatory policy rule", () => {
    const stack = { name: "managed", region: "us-east-1", resources: plan.resources, violations: [] };
    const blocking = evaluatePolicies(stack, ALL_RULES).filter(
      (v) => v.enforcementLevel === "mandatory" && v.rule !== "aws-required-tags",
    );
    expect(blocking.map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });
});

const arnOf = (logGroup: RecordedResource) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${logGroup.inputs.name}`;

describe("managed monitoring with SAML sign-in", () => {
  it("configures the workspace's SAML identity provider with the admin role values", async () => {
    const plan = await planProgram(
      program(() => ({
        allowedCidrs: ["203.0.113.0/24"],
        monitoring: {
          mode: "managed",
          openSearchMasterUserArn: MASTER,
          grafanaAuthenticationProviders: ["SAML"],
          grafanaSaml: { idpMetadataUrl: "https://idp.example.com/metadata", adminRoleValues: ["grafana-admins"] },
        },
      })),
    );
    const grafana = plan.graph.ofType(T.grafana)[0]!;
    expect(grafana.inputs.authenticationProviders).toEqual(["SAML"]);
    const saml = plan.graph.one(
      "aws:grafana/workspaceSamlConfiguration:WorkspaceSamlConfiguration",
      "lake-grafana-saml",
    );
    expect(saml.inputs).toMatchObject({
      workspaceId: grafana.id,
      idpMetadataUrl: "https://idp.example.com/metadata",
      adminRoleValues: ["grafana-admins"],
      editorRoleValues: [],
      roleAssertion: "role",
    });
    const sg = plan.graph.one(T.sg, "net-lake-opensearch");
    const ingress = plan.graph.ofType(T.ingress).filter((r) => r.inputs.securityGroupId === sg.id);
    expect(ingress.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort])).toEqual([["203.0.113.0/24", 443]]);
  }, 60_000);
});

describe("what the operations hosts refuse, before anything is created", () => {
  const plans = (options: Options) => failure(planProgram(program(() => options)));
  const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:argocd-AbCdEf`;

  it.each([
    [
      { allowedCidrs: ["0.0.0.0/0"], kubernetes: { argocdAdminSecretArn: SECRET } },
      'DataLake: allowedCidrs[0]: "0.0.0.0/0" admits the internet',
    ],
    [
      { allowedCidrs: ["10.0.0.0/16", "::/0"], kubernetes: { argocdAdminSecretArn: SECRET } },
      'DataLake: allowedCidrs[1]: "::/0" is IPv6',
    ],
    [{ allowedCidrs: ["10.0.0.1/16"], kubernetes: { argocdAdminSecretArn: SECRET } }, 'did you mean "10.0.0.0/16"?'],
    [
      { kubernetes: { argocdAdminSecretArn: SECRET, instanceType: "t3.small" } },
      'DataLake: kubernetes.instanceType: "t3.small" has 2 vCPU and 2 GiB; the kubernetes host needs at least 2 vCPU and 4 GiB',
    ],
    [
      { monitoring: { mode: "self-hosted", grafanaAdminSecretArn: SECRET, instanceType: "t3.medium" } },
      "the monitoring host needs at least 2 vCPU and 8 GiB",
    ],
    [
      { kubernetes: { argocdAdminSecretArn: SECRET, httpPutResponseHopLimit: 3 } },
      "DataLake: kubernetes.httpPutResponseHopLimit: 3 must be 1",
    ],
    [
      { kubernetes: { argocdAdminSecretArn: SECRET, rootVolumeGiB: 8 } },
      "DataLake: kubernetes.rootVolumeGiB: 8 must be a whole number of GiB from 30",
    ],
    [
      { kubernetes: { argocdAdminSecretArn: "my-secret" } },
      'DataLake: kubernetes.argocdAdminSecretArn: "my-secret" is not a Secrets Manager secret ARN',
    ],
    [
      { monitoring: { mode: "hosted" } as unknown as Options["monitoring"] },
      'DataLake: monitoring.mode: "hosted" is not "self-hosted" or "managed"',
    ],
    [
      { monitoring: { mode: "managed", openSearchMasterUserArn: "admin" } },
      'DataLake: openSearchMasterUserArn: "admin" is not an IAM role or user ARN',
    ],
    [
      { monitoring: { mode: "managed", openSearchMasterUserArn: MASTER, openSearchInstanceCount: 3 } },
      "DataLake: openSearchInstanceCount: 3 must be a multiple of 2",
    ],
    [
      { monitoring: { mode: "managed", openSearchMasterUserArn: MASTER, grafanaAuthenticationProviders: ["SAML"] } },
      'DataLake: grafanaSaml: is required when grafanaAuthenticationProviders includes "SAML"',
    ],
    [
      { monitoring: { mode: "managed", openSearchMasterUserArn: MASTER, openSearchDomainName: "Monitoring" } },
      'DataLake: openSearchDomainName: "Monitoring" must be 3-28 lowercase letters',
    ],
  ] as [Options, string][])("%j → %s", async (options, message) => {
    const error = await plans(options);
    expect(error.message).toContain(message);
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
