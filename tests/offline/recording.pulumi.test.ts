/**
 * What the engine records and answers besides AWS resources: the component tree, dependencies,
 * provider references, remote (awsx) components, StackReference outputs, and the graph queries
 * tests are written with.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { planProgram, ProgramError, ResourceGraph, valueOf, type RecordedResource } from "../../offline/testkit";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  queue: "aws:sqs/queue:Queue",
  repo: "aws:ecr/repository:Repository",
  image: "awsx:ecr:Image",
} as const;

describe("the recorded graph", () => {
  let graph: ResourceGraph;
  let imageUri = "";
  let repositoryUrl = "";
  beforeAll(async () => {
    ({ graph } = await planProgram(async () => {
      const west = new aws.Provider("west", { region: "us-west-2" });
      const outer = new pulumi.ComponentResource("test:rec:Outer", "outer");
      const inner = new pulumi.ComponentResource("test:rec:Inner", "inner", {}, { parent: outer });
      const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, { parent: outer });
      new aws.ec2.Subnet("subnet", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }, { parent: inner });
      const first = new aws.sqs.Queue("first", {}, { parent: inner });
      new aws.sqs.Queue("after-first", {}, { dependsOn: [first] });
      new aws.sqs.Queue("after-inner", {}, { dependsOn: [inner] });
      new aws.sqs.Queue("west-queue", {}, { provider: west });

      const repo = new aws.ecr.Repository("repo", { name: "orders" }, { provider: west });
      const image = new awsx.ecr.Image(
        "image",
        { repositoryUrl: repo.repositoryUrl, context: "./app" },
        { provider: west },
      );
      [imageUri, repositoryUrl] = await valueOf(pulumi.all([image.imageUri, repo.repositoryUrl]));
    }));
  });

  it("parent URNs form the component tree: childrenOf gives direct children, descendantsOf every level", () => {
    const outer = graph.one("test:rec:Outer", "outer");
    const inner = graph.one("test:rec:Inner", "inner");
    expect(
      graph
        .childrenOf(outer)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["inner", "vpc"]);
    expect(
      graph
        .descendantsOf(outer)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["first", "inner", "subnet", "vpc"]);
    expect(
      graph
        .childrenOf(inner)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["first", "subnet"]);
    expect(graph.ancestorsOf(graph.one(T.subnet, "subnet")).map((r) => r.name)).toEqual([
      "inner",
      "outer",
      "twin-region-test",
    ]);
    expect(graph.one(T.queue, "after-first").parent).toBe(graph.ofType("pulumi:pulumi:Stack")[0]!.urn);
  });

  it("dependencies include input-derived ones (a subnet depends on the VPC whose id it takes)", () => {
    expect(graph.one(T.subnet, "subnet").dependencies).toContain(graph.one(T.vpc, "vpc").urn);
    expect(graph.one(T.vpc, "vpc").dependencies).toEqual([]);
  });

  it("dependencies include dependsOn; dependsOn a component expands to its children", () => {
    expect(graph.one(T.queue, "after-first").dependencies).toEqual([graph.one(T.queue, "first").urn]);
    const afterInner = graph.one(T.queue, "after-inner").dependencies;
    expect(afterInner).toContain(graph.one(T.queue, "first").urn);
    expect(afterInner).toContain(graph.one(T.subnet, "subnet").urn);
  });

  it("an explicit provider is recorded as <provider URN>::<provider id>; the default provider is not recorded", () => {
    const provider = graph.one("pulumi:providers:aws", "west");
    expect(graph.one(T.queue, "west-queue").provider).toBe(`${provider.urn}::${provider.id}`);
    expect(provider.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(graph.one(T.queue, "first").provider).toBeUndefined();
  });

  it("awsx:ecr:Image is one remote registration whose imageUri is <repositoryUrl>@sha256:<64 hex>, in the repository's region", () => {
    expect(repositoryUrl).toBe("123456789012.dkr.ecr.us-west-2.amazonaws.com/orders");
    expect(imageUri).toMatch(/^123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com\/orders@sha256:[0-9a-f]{64}$/);
    const image = graph.one(T.image, "image");
    expect(image.remote).toBe(true);
    expect(image.region).toBe("us-west-2");
    expect(graph.childrenOf(image)).toEqual([]);
    expect(image.dependencies).toContain(graph.one(T.repo, "repo").urn);
  });
});

describe("remote components the engine has no model for", () => {
  it("an unknown remote component type fails the plan naming the type", async () => {
    const run = planProgram(() => {
      new awsx.ec2.Vpc("vpc", {});
    });
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow(/no model for the remote component awsx:ec2:Vpc "vpc"/);
  });
});

describe("StackReference", () => {
  const PEER = "acme/twin-region/primary";
  let v: Record<string, any>;
  beforeAll(async () => {
    await planProgram(
      async () => {
        const peer = new pulumi.StackReference(PEER);
        v = {
          vpcDetails: await peer.getOutputDetails("vpcId"),
          secretDetails: await peer.getOutputDetails("dbPassword"),
          missingDetails: await peer.getOutputDetails("nothing"),
          vpcId: await valueOf(peer.requireOutput("vpcId")),
          vpcIdIsSecret: await pulumi.isSecret(peer.requireOutput("vpcId")),
          password: await valueOf(peer.requireOutput("dbPassword")),
          passwordIsSecret: await pulumi.isSecret(peer.requireOutput("dbPassword")),
          nested: await valueOf(peer.getOutput("subnets")),
        };
      },
      {
        stackReferences: {
          [PEER]: {
            outputs: {
              vpcId: "vpc-0123456789abcdef0",
              dbPassword: "hunter2",
              subnets: { private: ["subnet-1", "subnet-2"] },
            },
            secretOutputNames: ["dbPassword"],
          },
        },
      },
    );
  });

  it("outputs given in stackReferences are readable with getOutputDetails and requireOutput", () => {
    expect(v.vpcDetails).toEqual({ value: "vpc-0123456789abcdef0" });
    expect(v.vpcId).toBe("vpc-0123456789abcdef0");
    expect(v.vpcIdIsSecret).toBe(false);
    expect(v.nested).toEqual({ private: ["subnet-1", "subnet-2"] });
    expect(v.missingDetails).toEqual({});
  });

  it("a secret output stays secret", () => {
    expect(v.secretDetails).toEqual({ secretValue: "hunter2" });
    expect(v.password).toBe("hunter2");
    expect(v.passwordIsSecret).toBe(true);
  });

  it("a StackReference to a stack the engine has no outputs for fails the plan naming it", async () => {
    const run = planProgram(
      () => {
        new pulumi.StackReference("acme/twin-region/nowhere");
      },
      { stackReferences: { [PEER]: { outputs: {} } } },
    );
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow(
      /StackReference "acme\/twin-region\/nowhere" has no outputs here \(known: acme\/twin-region\/primary\)/,
    );
  });
});

describe("graph query helpers", () => {
  const r = (name: string, inputs: Record<string, any>): RecordedResource => ({
    urn: `urn:pulumi:test::p::${T.subnet}::${name}`,
    type: T.subnet,
    name,
    region: "us-east-1",
    custom: true,
    inputs,
    secretOutputs: [],
    dependencies: [],
  });
  const graph = new ResourceGraph([
    r("public-0", { cidrBlock: "10.0.0.0/24", tags: { Tier: "public" }, ingress: [{ cidrBlocks: ["0.0.0.0/0"] }] }),
    r("private-0", { cidrBlock: "10.0.10.0/24", tags: { Tier: "private" } }),
  ]);

  it("one() returns the single match and, when there is none, throws listing the names that exist", () => {
    expect(graph.one(T.subnet, "public-0").inputs.cidrBlock).toBe("10.0.0.0/24");
    expect(() => graph.one(T.subnet, "public-1")).toThrow(
      `no ${T.subnet} named "public-1" in the graph; ${T.subnet} names: public-0, private-0`,
    );
    expect(() => graph.one(T.vpc, "vpc")).toThrow(`no ${T.vpc} named "vpc" in the graph; ${T.vpc} names: none`);
  });

  it("prop() reads dotted paths through objects and array indexes, undefined when absent", () => {
    const subnet = graph.one(T.subnet, "public-0");
    expect(ResourceGraph.prop(subnet, "tags.Tier")).toBe("public");
    expect(ResourceGraph.prop(subnet, "ingress.0.cidrBlocks.0")).toBe("0.0.0.0/0");
    expect(ResourceGraph.prop(subnet, "tags.Missing.deeper")).toBeUndefined();
  });

  it("expectProp() passes on an equal value and throws naming the resource, the path and both values otherwise", () => {
    const subnet = graph.one(T.subnet, "private-0");
    expect(() => ResourceGraph.expectProp(subnet, "tags", { Tier: "private" })).not.toThrow();
    expect(() => ResourceGraph.expectProp(subnet, "tags.Tier", "public")).toThrow(
      `${T.subnet} "private-0": expected tags.Tier = "public", got "private"`,
    );
  });
});
