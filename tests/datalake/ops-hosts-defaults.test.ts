/**
 * The operations hosts' pure helpers: which AMI architecture an instance type needs, what size it
 * is (so a host too small for its stack is refused), and the allow-list check.
 */
import { describe, expect, it } from "vitest";
import { validateAllowedCidrs } from "../../components/datalake/ops-host";
import { architectureOf, instanceShape, OPS_HOST_DEFAULTS } from "../../components/datalake/ops-hosts-defaults";

describe("architectureOf", () => {
  it.each([
    ["t3.medium", "x86_64"],
    ["m7i-flex.large", "x86_64"],
    ["g4dn.xlarge", "x86_64"],
    ["r7iz.large", "x86_64"],
    ["t4g.medium", "arm64"],
    ["m7g.large", "arm64"],
    ["c7gn.xlarge", "arm64"],
    ["r6gd.large", "arm64"],
    ["g5g.xlarge", "arm64"],
    ["a1.large", "arm64"],
  ])("%s runs %s images", (type, arch) => {
    expect(architectureOf(type)).toBe(arch);
  });
});

describe("instanceShape", () => {
  it.each([
    ["t3.small", { vcpus: 2, memoryGiB: 2 }],
    ["t3.medium", { vcpus: 2, memoryGiB: 4 }],
    ["t4g.xlarge", { vcpus: 4, memoryGiB: 16 }],
    ["m7g.medium", { vcpus: 1, memoryGiB: 4 }],
    ["m6i.large", { vcpus: 2, memoryGiB: 8 }],
    ["c7g.2xlarge", { vcpus: 8, memoryGiB: 16 }],
    ["r7g.xlarge", { vcpus: 4, memoryGiB: 32 }],
  ])("%s has %j", (type, shape) => {
    expect(instanceShape(type)).toEqual(shape);
  });

  it("does not guess for other families or bare metal", () => {
    expect(instanceShape("g5.xlarge")).toBeUndefined();
    expect(instanceShape("m7g.metal")).toBeUndefined();
  });

  it("the defaults meet their hosts' minimums: Minikube with ArgoCD, and the ELK stack", () => {
    for (const kind of ["kubernetes", "monitoring"] as const) {
      const d = OPS_HOST_DEFAULTS[kind];
      const shape = instanceShape(d.instanceType)!;
      expect(shape.vcpus).toBeGreaterThanOrEqual(d.minimum.vcpus);
      expect(shape.memoryGiB).toBeGreaterThanOrEqual(d.minimum.memoryGiB);
      expect(d.rootVolumeGiB).toBeGreaterThanOrEqual(d.minimum.rootVolumeGiB);
    }
    // The seed's t3.small cannot hold Minikube (2 GiB) and ArgoCD besides the OS.
    expect(instanceShape("t3.small")!.memoryGiB).toBeLessThan(OPS_HOST_DEFAULTS.kubernetes.minimum.memoryGiB);
  });
});

describe("validateAllowedCidrs", () => {
  it("accepts IPv4 network CIDRs from /8 to /32", () => {
    expect(validateAllowedCidrs("allowedCidrs", ["10.0.0.0/8", "203.0.113.7/32"])).toEqual([
      "10.0.0.0/8",
      "203.0.113.7/32",
    ]);
  });

  it.each([
    [["0.0.0.0/0"], 'DataLake: allowedCidrs[0]: "0.0.0.0/0" admits the internet'],
    [["10.0.0.0/16", "0.0.0.0/1"], 'DataLake: allowedCidrs[1]: "0.0.0.0/1" admits the internet (or a /1 of it)'],
    [["::/0"], 'DataLake: allowedCidrs[0]: "::/0" is IPv6'],
    [["10.0.0.0"], 'DataLake: allowedCidrs[0]: "10.0.0.0" is not an IPv4 CIDR'],
    [["10.0.0.0/33"], 'DataLake: allowedCidrs[0]: "10.0.0.0/33" has a prefix longer than /32'],
    [["10.1.2.3/16"], 'DataLake: allowedCidrs[0]: "10.1.2.3/16" is not a network address; did you mean "10.1.0.0/16"?'],
    [["10.0.0.0/16", "10.0.0.0/16"], 'DataLake: allowedCidrs[1]: "10.0.0.0/16" is listed twice'],
    [[], "DataLake: allowedCidrs: [] must list at least one IPv4 CIDR"],
  ])("%j is refused: %s", (cidrs, message) => {
    expect(() => validateAllowedCidrs("allowedCidrs", cidrs)).toThrow(message);
  });
});
