/**
 * A security group's ingress may admit a port range (`toPort`), as the Kubernetes host's NodePorts
 * need; a range that ends before it starts, or past the last port, is refused before anything is created.
 */
import { describe, expect, it } from "vitest";
import { RegionalNetwork, type SecurityGroupIngressFrom } from "../../components/network";
import { planProgram, ProgramError } from "../../offline/testkit";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

const plan = (ingress: SecurityGroupIngressFrom[]) =>
  planProgram(() => {
    const net = new RegionalNetwork("net", {
      cidrBlock: "10.0.0.0/16",
      availabilityZoneCount: 2,
      natStrategy: "single",
      kmsKeyArn: KEY,
      interfaceEndpoints: [],
      region: "us-east-1",
    });
    net.createSecurityGroup("k8s", { description: "Kubernetes", ingress });
  });

describe("security-group ingress port ranges", () => {
  it("a rule with toPort admits port..toPort; one without admits its port alone", async () => {
    const { graph } = await plan([
      { fromCidrIpv4: "203.0.113.0/24", port: 30000, toPort: 32767, description: "NodePorts" },
      { fromCidrIpv4: "203.0.113.0/24", port: 8443, description: "API server" },
    ]);
    const rules = graph.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.map((r) => [r.inputs.fromPort, r.inputs.toPort])).toEqual([
      [30000, 32767],
      [8443, 8443],
    ]);
  });

  it.each([
    [{ port: 32767, toPort: 30000 }, "net-k8s: ingress[0].toPort: 30000 is below port 32767"],
    [{ port: 30000, toPort: 70000 }, "net-k8s: ingress[0].toPort: 70000 must be a port from 1 to 65535"],
  ])("%j is refused", async (ports, message) => {
    const error = await plan([{ fromCidrIpv4: "203.0.113.0/24", description: "range", ...ports }]).then(
      () => undefined,
      (e: ProgramError) => e,
    );
    expect(error?.message).toContain(message);
  });
});
