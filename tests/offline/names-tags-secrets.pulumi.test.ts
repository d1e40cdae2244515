/**
 * Properties of resources as Pulumi's AWS provider sets them:
 * - physical names: `<logical>-<7 hex>` when the program sets none, with the type's transforms (S3
 *   lowercases, KMS aliases get `alias/`, FIFO queues `.fifo`), the same on every run; names AWS or
 *   Pulumi would reject fail the plan instead of `pulumi up`;
 * - provider default tags merged into tagsAll, the resource's own tags winning;
 * - secrets kept secret, as a program and a policy observe them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { beforeAll, describe, expect, it } from "vitest";
import { planProgram, ProgramError, valueOf, type ProgramPlan, type ResourceGraph } from "../../offline/testkit";

const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [] });
const HEX7 = "[0-9a-f]{7}";

let names: Record<string, string> = {};

/** Resources without physical names, plus a provider (its id is part of the recorded graph). */
async function program(): Promise<void> {
  const west = new aws.Provider("west", { region: "us-west-2" });
  const queue = new aws.sqs.Queue("orders-queue");
  const fifo = new aws.sqs.Queue("orders-fifo", { fifoQueue: true });
  const role = new aws.iam.Role("AppRole", { assumeRolePolicy: TRUST });
  const bucket = new aws.s3.Bucket("Orders-Archive", {}, { provider: west });
  const key = new aws.kms.Key("key", {});
  const alias = new aws.kms.Alias("orders", { targetKeyId: key.keyId });
  const group = new aws.cloudwatch.LogGroup("app-logs", {});
  const topic = new aws.sns.Topic("alerts", {});
  const prefixed = new aws.iam.Role("prefixed", { namePrefix: "svc-", assumeRolePolicy: TRUST });
  names = await valueOf(
    pulumi.output({
      queue: queue.name,
      fifo: fifo.name,
      role: role.name,
      bucket: bucket.bucket,
      alias: alias.name,
      group: group.name,
      topic: topic.name,
      prefixed: prefixed.name,
    }),
  );
}

describe("auto-naming", () => {
  let first: ProgramPlan;
  let firstNames: Record<string, string>;
  beforeAll(async () => {
    first = await planProgram(program, { stack: "primary" });
    firstNames = names;
  });

  it("a resource without a name gets <logical>-<7 hex>, in its Output and in the recorded inputs", () => {
    expect(firstNames.queue).toMatch(new RegExp(`^orders-queue-${HEX7}$`));
    expect(firstNames.role).toMatch(new RegExp(`^AppRole-${HEX7}$`));
    expect(firstNames.group).toMatch(new RegExp(`^app-logs-${HEX7}$`));
    expect(firstNames.topic).toMatch(new RegExp(`^alerts-${HEX7}$`));
    expect(first.graph.one("aws:sqs/queue:Queue", "orders-queue").inputs.name).toBe(firstNames.queue);
    expect(first.graph.one("aws:iam/role:Role", "AppRole").inputs.name).toBe(firstNames.role);
  });

  it("each resource gets its own random suffix", () => {
    const suffixes = Object.entries(firstNames)
      .filter(([k]) => k !== "prefixed")
      .map(([, n]) => /-([0-9a-f]{7})(\.fifo)?$/.exec(n)![1]);
    expect(new Set(suffixes).size).toBe(suffixes.length);
  });

  it("S3 bucket auto-names are lowercased", () => {
    expect(firstNames.bucket).toMatch(new RegExp(`^orders-archive-${HEX7}$`));
  });

  it("KMS alias auto-names start with alias/, FIFO queue auto-names end with .fifo", () => {
    expect(firstNames.alias).toMatch(new RegExp(`^alias/orders-${HEX7}$`));
    expect(firstNames.fifo).toMatch(new RegExp(`^orders-fifo-${HEX7}\\.fifo$`));
  });

  it("namePrefix gives <prefix><26 characters> instead of an auto-name", () => {
    expect(firstNames.prefixed).toMatch(/^svc-[0-9a-z]{26}$/);
  });

  it("names are stable across runs: a second plan of the same stack records the same graph", async () => {
    const second = await planProgram(program, { stack: "primary" });
    expect(names).toEqual(firstNames);
    expect(JSON.stringify(second.resources)).toBe(JSON.stringify(first.resources));
  });

  it("another stack of the same program gets other suffixes, so global names never collide", async () => {
    await planProgram(program, { stack: "secondary" });
    expect(names.bucket).toMatch(new RegExp(`^orders-archive-${HEX7}$`));
    expect(names.bucket).not.toBe(firstNames.bucket);
    expect(names.role).not.toBe(firstNames.role);
  });
});

describe("names AWS or Pulumi would reject fail the plan", () => {
  it("an explicit IAM role name over 64 characters fails, naming the type, the value and the limit", async () => {
    const name = "r".repeat(65);
    const run = planProgram(() => {
      new aws.iam.Role("long", { name, assumeRolePolicy: TRUST });
    });
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow(
      new RegExp(`aws:iam/role:Role "long": name "${name}" is 65 characters, more than the 64 allowed`),
    );
  });

  it("an explicit S3 bucket name with capitals fails", async () => {
    const run = planProgram(() => {
      new aws.s3.Bucket("upper", { bucket: "Orders-Archive" });
    });
    await expect(run).rejects.toThrow(/aws:s3\/bucket:Bucket "upper": bucket "Orders-Archive" is not allowed/);
  });

  it("an auto-name that would not fit the type's limit fails as in Pulumi (the logical name is not trimmed)", async () => {
    const logical = "a-logical-name-for-a-role-that-is-far-too-long-for-iam-names";
    expect(`${logical}-`.length + 7).toBeGreaterThan(64);
    const run = planProgram(() => {
      new aws.iam.Role(logical, { assumeRolePolicy: TRUST });
    });
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow(
      `could not make instance of 'aws:iam/role:Role': name '${logical}-' plus 7 random chars is longer than maximum length 64`,
    );
  });

  it("an auto-name that just fits (logical name of 56 characters for a 64-character limit) is used whole", async () => {
    const logical = "x".repeat(56);
    let name = "";
    await planProgram(async () => {
      name = await valueOf(new aws.iam.Role(logical, { assumeRolePolicy: TRUST }).name);
    });
    expect(name).toMatch(new RegExp(`^${logical}-${HEX7}$`));
    expect(name).toHaveLength(64);
  });
});

// ---- Default tags and secrets ----

describe("default tags", () => {
  let v: Record<string, any>;
  let graph: ResourceGraph;
  beforeAll(async () => {
    ({ graph } = await planProgram(
      async () => {
        const tagged = new aws.Provider("tagged", {
          region: "us-west-2",
          defaultTags: { tags: { Owner: "platform", CostCenter: "cc-7", Environment: "provider" } },
        });
        const plain = new aws.Provider("plain", { region: "us-west-2" });
        const onDefault = new aws.sqs.Queue("on-default", { tags: { Environment: "resource" } });
        const onTagged = new aws.sqs.Queue(
          "on-tagged",
          { tags: { Environment: "resource", Name: "orders" } },
          { provider: tagged },
        );
        const untagged = new aws.sqs.Queue("untagged", {}, { provider: tagged });
        const onPlain = new aws.sqs.Queue("on-plain", { tags: { Name: "plain" } }, { provider: plain });
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, { provider: tagged });
        const table = new aws.ec2.RouteTable("rt", { vpcId: vpc.id }, { provider: tagged });
        const route = new aws.ec2.Route(
          "default-route",
          { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0123456789abcdef0" },
          { provider: tagged },
        );
        v = await valueOf(
          pulumi.output({
            onDefault: onDefault.tagsAll,
            onTagged: onTagged.tagsAll,
            onTaggedTags: onTagged.tags,
            untagged: untagged.tagsAll,
            onPlain: onPlain.tagsAll,
            vpc: vpc.tagsAll,
            route: route.id,
          }),
        );
      },
      { region: "us-east-1", defaultTags: { Environment: "stack", Stack: "primary" } },
    ));
  });

  it("the defaultTags option applies to the default provider: merged into tagsAll, the resource's own tags win", () => {
    expect(v.onDefault).toEqual({ Environment: "resource", Stack: "primary" });
    expect(graph.one("aws:sqs/queue:Queue", "on-default").inputs.tagsAll).toEqual({
      Environment: "resource",
      Stack: "primary",
    });
  });

  it("an explicit provider's defaultTags are merged into tagsAll, the resource's own tags win; tags keep only the resource's own", () => {
    expect(v.onTagged).toEqual({ Owner: "platform", CostCenter: "cc-7", Environment: "resource", Name: "orders" });
    expect(v.onTaggedTags).toEqual({ Environment: "resource", Name: "orders" });
    expect(v.untagged).toEqual({ Owner: "platform", CostCenter: "cc-7", Environment: "provider" });
    expect(v.vpc).toEqual({ Owner: "platform", CostCenter: "cc-7", Environment: "provider" });
  });

  it("an explicit provider does not inherit the stack's default tags", () => {
    expect(v.onPlain).toEqual({ Name: "plain" });
    expect(graph.one("aws:sqs/queue:Queue", "untagged").inputs.tagsAll).not.toHaveProperty("Stack");
  });

  it("resources AWS cannot tag (aws.ec2.Route) get no tagsAll", () => {
    const route = graph.one("aws:ec2/route:Route", "default-route");
    expect(route.inputs).not.toHaveProperty("tagsAll");
    expect(route.id).toMatch(/^r-rtb-[0-9a-f]{17}\d+$/);
  });
});

describe("secrets", () => {
  let plan: ProgramPlan;
  let v: Record<string, any>;
  beforeAll(async () => {
    plan = await planProgram(async () => {
      const secretQueue = new aws.sqs.Queue("secret-input", {
        name: "jobs",
        kmsMasterKeyId: pulumi.secret("alias/orders"),
      });
      const secretArn = new aws.sqs.Queue("secret-arn", { name: "hidden" }, { additionalSecretOutputs: ["arn"] });
      const password = new random.RandomPassword("db-password", { length: 24, special: false });
      // The SDK declares secretString secret itself: secret whether or not the input was.
      const secret = new aws.secretsmanager.Secret("db-secret", { name: "db" });
      const fromSecret = new aws.secretsmanager.SecretVersion("from-secret", {
        secretId: secret.id,
        secretString: pulumi.secret("s3cr3t"),
      });
      const fromPlain = new aws.secretsmanager.SecretVersion("from-plain", {
        secretId: secret.id,
        secretString: "plain",
      });
      v = {
        inputIsSecret: await pulumi.isSecret(secretQueue.kmsMasterKeyId),
        inputValue: await valueOf(secretQueue.kmsMasterKeyId),
        plainArnIsSecret: await pulumi.isSecret(secretQueue.arn),
        arnIsSecret: await pulumi.isSecret(secretArn.arn),
        arnValue: await valueOf(secretArn.arn),
        urlIsSecret: await pulumi.isSecret(secretArn.url),
        passwordIsSecret: await pulumi.isSecret(password.result),
        password: await valueOf(password.result),
        fromSecret: await valueOf(fromSecret.secretString),
        fromSecretIsSecret: await pulumi.isSecret(fromSecret.secretString),
        fromPlain: await valueOf(fromPlain.secretString),
        fromPlainIsSecret: await pulumi.isSecret(fromPlain.secretString),
      };
      return { password: password.result, queueUrl: secretQueue.url };
    });
  });

  it("a pulumi.secret input stays secret on the resource's output, is listed in secretOutputs, and the recorded input is the plain value", () => {
    const queue = plan.graph.one("aws:sqs/queue:Queue", "secret-input");
    expect(v.inputIsSecret).toBe(true);
    expect(v.inputValue).toBe("alias/orders");
    expect(queue.secretOutputs).toEqual(["kmsMasterKeyId"]);
    expect(queue.inputs.kmsMasterKeyId).toBe("alias/orders");
    expect(v.plainArnIsSecret).toBe(false);
  });

  it('additionalSecretOutputs: ["arn"] makes the ARN secret and lists it; other outputs stay plain', () => {
    expect(v.arnIsSecret).toBe(true);
    expect(v.arnValue).toBe("arn:aws:sqs:us-east-1:123456789012:hidden");
    expect(v.urlIsSecret).toBe(false);
    expect(plan.graph.one("aws:sqs/queue:Queue", "secret-arn").secretOutputs).toEqual(["arn"]);
  });

  it("random.RandomPassword result is secret, listed in secretOutputs and has the requested length", () => {
    expect(v.passwordIsSecret).toBe(true);
    expect(v.password).toHaveLength(24);
    expect(v.password).toMatch(/^[A-Za-z0-9]+$/);
    expect(plan.graph.one("random:index/randomPassword:RandomPassword", "db-password").secretOutputs).toContain(
      "result",
    );
  });

  it("an output the SDK declares secret is secret and reads back as its plain value, whether the input was secret or not", () => {
    expect(v.fromSecret).toBe("s3cr3t");
    expect(v.fromSecretIsSecret).toBe(true);
    expect(v.fromPlain).toBe("plain");
    expect(v.fromPlainIsSecret).toBe(true);
    expect(plan.graph.one("aws:secretsmanager/secretVersion:SecretVersion", "from-plain").secretOutputs).toContain(
      "secretString",
    );
  });

  it("a secret stack export is reported in secretOutputNames; a plain one is not", () => {
    expect(plan.outputs.password).toBe(v.password);
    expect(plan.secretOutputNames).toEqual(["password"]);
    expect(plan.outputs.queueUrl).toBe("https://sqs.us-east-1.amazonaws.com/123456789012/jobs");
  });
});
