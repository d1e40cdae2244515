/**
 * What the offline engine answers for the operations hosts and the managed monitoring services,
 * read back through the program's Outputs as AWS would give them: an EC2 instance's address in its
 * subnet and zone (a public address only when asked for), the Amazon Linux 2023 AMI parameter,
 * Amazon Managed Service for Prometheus and Grafana workspace ids, ARNs and endpoints, an
 * OpenSearch domain's ARN id and VPC endpoint, a CloudWatch Logs resource policy's name id; and an
 * OpenSearch domain name AWS would refuse fails the plan.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { planProgram, ProgramError, valueOf } from "../../offline/testkit";

const ACCOUNT = "123456789012";

type Values = Record<string, unknown>;

function resources(): pulumi.Output<Values> {
  const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
  const subnet = new aws.ec2.Subnet("private", {
    vpcId: vpc.id,
    cidrBlock: "10.0.20.0/24",
    availabilityZone: "eu-west-1b",
  });
  const ami = aws.ssm.getParameterOutput({
    name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
  });
  const host = new aws.ec2.Instance("host", {
    ami: ami.value,
    instanceType: "t3.medium",
    subnetId: subnet.id,
    associatePublicIpAddress: false,
  });
  const exposed = new aws.ec2.Instance("exposed", {
    ami: ami.value,
    instanceType: "t3.medium",
    subnetId: subnet.id,
    associatePublicIpAddress: true,
  });
  const amp = new aws.amp.Workspace("metrics", { alias: "prod" });
  const grafana = new aws.grafana.Workspace("dashboards", {
    accountAccessType: "CURRENT_ACCOUNT",
    authenticationProviders: ["AWS_SSO"],
    permissionType: "SERVICE_MANAGED",
    grafanaVersion: "10.4",
  });
  const domain = new aws.opensearch.Domain("search", {
    domainName: "prod-logs",
    vpcOptions: { subnetIds: [subnet.id] },
  });
  const policy = new aws.cloudwatch.LogResourcePolicy("logs", {
    policyName: "opensearch-logs",
    policyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
  });
  return pulumi.output({
    ami: ami.value,
    host: pulumi.output({
      id: host.id,
      arn: host.arn,
      privateIp: host.privateIp,
      privateDns: host.privateDns,
      publicIp: host.publicIp,
      availabilityZone: host.availabilityZone,
      state: host.instanceState,
    }),
    exposedIp: exposed.publicIp,
    amp: pulumi.output({ id: amp.id, arn: amp.arn, endpoint: amp.prometheusEndpoint }),
    grafana: pulumi.output({ id: grafana.id, arn: grafana.arn, endpoint: grafana.endpoint }),
    domain: pulumi.output({
      id: domain.id,
      arn: domain.arn,
      domainId: domain.domainId,
      endpoint: domain.endpoint,
      dashboards: domain.dashboardEndpoint,
    }),
    policy: policy.id,
  }) as unknown as pulumi.Output<Values>;
}

describe("the offline engine's answers for hosts and managed monitoring (eu-west-1)", () => {
  let v: Record<string, any>;
  beforeAll(async () => {
    let out: pulumi.Output<Values> | undefined;
    await planProgram(
      () => {
        out = resources();
      },
      { region: "eu-west-1" },
    );
    v = await valueOf(out!);
  }, 60_000);

  it("Amazon Linux 2023's public parameter resolves to an ami-<17 hex>", () => {
    expect(v.ami).toMatch(/^ami-[0-9a-f]{17}$/);
  });

  it("an instance: i-<17 hex>, an address of its subnet, the subnet's zone, running, its private DNS name", () => {
    expect(v.host.id).toMatch(/^i-[0-9a-f]{17}$/);
    expect(v.host.arn).toBe(`arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${v.host.id}`);
    expect(v.host.privateIp).toMatch(/^10\.0\.20\.\d{1,3}$/);
    expect(v.host.privateDns).toBe(`ip-${v.host.privateIp.replace(/\./g, "-")}.eu-west-1.compute.internal`);
    expect(v.host.availabilityZone).toBe("eu-west-1b");
    expect(v.host.state).toBe("running");
  });

  it("a public address only for an instance that asks for one", () => {
    expect(v.host.publicIp).toBe("");
    expect(v.exposedIp).toMatch(/^3\.\d+\.\d+\.\d+$/);
  });

  it("a Prometheus workspace: ws-<uuid>, ARN …:aps:…:workspace/<id>, its remote-write/query endpoint", () => {
    expect(v.amp.id).toMatch(/^ws-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(v.amp.arn).toBe(`arn:aws:aps:eu-west-1:${ACCOUNT}:workspace/${v.amp.id}`);
    expect(v.amp.endpoint).toBe(`https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/${v.amp.id}/`);
  });

  it("a Grafana workspace: g-<10 hex>, ARN …:grafana:…:/workspaces/<id>, endpoint <id>.grafana-workspace.<region>.amazonaws.com", () => {
    expect(v.grafana.id).toMatch(/^g-[0-9a-f]{10}$/);
    expect(v.grafana.arn).toBe(`arn:aws:grafana:eu-west-1:${ACCOUNT}:/workspaces/${v.grafana.id}`);
    expect(v.grafana.endpoint).toBe(`${v.grafana.id}.grafana-workspace.eu-west-1.amazonaws.com`);
  });

  it("an OpenSearch domain: the ARN is its id, domainId <account>/<name>, a vpc- endpoint in the VPC, Dashboards under it", () => {
    expect(v.domain.id).toBe(`arn:aws:es:eu-west-1:${ACCOUNT}:domain/prod-logs`);
    expect(v.domain.arn).toBe(v.domain.id);
    expect(v.domain.domainId).toBe(`${ACCOUNT}/prod-logs`);
    expect(v.domain.endpoint).toMatch(/^vpc-prod-logs-[a-z0-9]{26}\.eu-west-1\.es\.amazonaws\.com$/);
    expect(v.domain.dashboards).toBe(`${v.domain.endpoint}/_dashboards`);
  });

  it("a CloudWatch Logs resource policy is known by its name", () => {
    expect(v.policy).toBe("opensearch-logs");
  });
});

describe("OpenSearch domain names AWS refuses", () => {
  it.each(["Prod-Logs", "a-domain-name-longer-than-28-chars", "1logs"])("%s fails the plan", async (name) => {
    const error = await planProgram(() => {
      new aws.opensearch.Domain("search", { domainName: name });
    }).then(
      () => undefined,
      (e: ProgramError) => e,
    );
    expect(error?.message).toContain(`domainName "${name}"`);
    expect(error?.message).toContain("AWS would reject it");
  });
});
