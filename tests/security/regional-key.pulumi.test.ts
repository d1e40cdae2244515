import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { KMS_KEY_DEFAULTS, RegionalKey } from "../../components/security";
import { planProgram, ProgramError, valueOf, type RecordedResource, type ResourceGraph } from "../../offline/testkit";

const ACCOUNT = "123456789012";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";

type Principal = "*" | Record<string, string | string[]>;
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Principal;
  Condition?: Record<string, Record<string, string | string[]>>;
}
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statementsOf = (key: RecordedResource): Statement[] =>
  (JSON.parse(String(key.inputs.policy)) as { Statement: Statement[] }).Statement;
const principalValues = (p: Principal | undefined): string[] =>
  p === undefined ? [] : p === "*" ? ["*"] : Object.values(p).flatMap(list);

describe("RegionalKey with defaults (us-east-1)", () => {
  let graph: ResourceGraph;
  let keyArn = "";
  let keyId = "";
  let aliasName = "";
  beforeAll(async () => {
    ({ graph } = await planProgram(
      async () => {
        const key = new RegionalKey("platform");
        [keyArn, keyId, aliasName] = await Promise.all([
          valueOf(key.keyArn),
          valueOf(key.keyId),
          valueOf(key.aliasName),
        ]);
      },
      { region: "us-east-1" },
    ));
  });

  const key = () => graph.one(KEY, "platform-key");

  it("is one twin-region:security:RegionalKey component parenting its key and alias", () => {
    const component = graph.one("twin-region:security:RegionalKey", "platform");
    expect(
      graph
        .childrenOf(component)
        .map((r) => r.type)
        .sort(),
    ).toEqual([ALIAS, KEY]);
  });

  it("exposes the key's ARN arn:aws:kms:us-east-1:123456789012:key/<id>", () => {
    expect(keyArn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`);
    expect(key().region).toBe("us-east-1");
  });

  it("turns yearly rotation on and keeps the 30-day deletion window by default", () => {
    expect(key().inputs.enableKeyRotation).toBe(true);
    expect(key().inputs.deletionWindowInDays).toBe(30);
    expect(KMS_KEY_DEFAULTS.deletionWindowInDays).toBe(30);
  });

  it("names its alias alias/<component name> and points it at the key", () => {
    expect(aliasName).toBe("alias/platform");
    const alias = graph.one(ALIAS, "platform-alias");
    expect(alias.inputs.targetKeyId).toBe(keyId);
    expect(alias.dependencies).toContain(key().urn);
  });

  it("key policy: the account root (not *) administers the key with kms:*", () => {
    const admin = statementsOf(key()).filter((s) => list(s.Action).includes("kms:*"));
    expect(admin).toHaveLength(1);
    expect(admin[0]!.Effect).toBe("Allow");
    expect(admin[0]!.Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
  });

  it("key policy: CloudWatch Logs of this region may use the key only for this account's log groups in this region", () => {
    const logs = statementsOf(key()).filter((s) => principalValues(s.Principal).some((p) => p.startsWith("logs.")));
    expect(logs).toHaveLength(1);
    expect(logs[0]!.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logs[0]!.Condition).toEqual({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` },
    });
    expect(list(logs[0]!.Action)).toEqual(
      expect.arrayContaining(["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"]),
    );
  });

  it("key policy: S3 server access logging may generate and decrypt data keys, only for this account's buckets (SSE-KMS access-log buckets)", () => {
    const logging = statementsOf(key()).filter((s) =>
      principalValues(s.Principal).includes("logging.s3.amazonaws.com"),
    );
    expect(logging).toHaveLength(1);
    expect(logging[0]!.Effect).toBe("Allow");
    expect(logging[0]!.Principal).toEqual({ Service: "logging.s3.amazonaws.com" });
    expect(list(logging[0]!.Action).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(logging[0]!.Condition).toEqual({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
  });

  it("key policy: CloudWatch Logs delivery may decrypt (logs of a state machine encrypted with the key), only for this account", () => {
    const delivery = statementsOf(key()).filter((s) =>
      principalValues(s.Principal).includes("delivery.logs.amazonaws.com"),
    );
    expect(delivery).toHaveLength(1);
    expect(delivery[0]!.Effect).toBe("Allow");
    expect(delivery[0]!.Principal).toEqual({ Service: "delivery.logs.amazonaws.com" });
    expect(delivery[0]!.Action).toBe("kms:Decrypt");
    expect(delivery[0]!.Condition).toEqual({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
  });

  it("key policy: no statement has Principal *, and every AWS principal is this account", () => {
    const statements = statementsOf(key());
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(principalValues(s.Principal), s.Sid).not.toContain("*");
      if (s.Principal !== "*" && s.Principal?.AWS) {
        for (const p of list(s.Principal.AWS)) expect(p, s.Sid).toBe(`arn:aws:iam::${ACCOUNT}:root`);
      }
    }
  });
});

describe("RegionalKey in another region, through the component's provider", () => {
  let graph: ResourceGraph;
  let keyArn = "";
  beforeAll(async () => {
    ({ graph } = await planProgram(
      async () => {
        const west = new aws.Provider("west", { region: "us-west-2" });
        const key = new RegionalKey("west", { aliasName: "orders/west", deletionWindowInDays: 7 }, { provider: west });
        keyArn = await valueOf(key.keyArn);
      },
      { region: "us-east-1" },
    ));
  });

  it("creates the key in the provider's region", () => {
    expect(keyArn).toMatch(new RegExp(`^arn:aws:kms:us-west-2:${ACCOUNT}:key/`));
    expect(graph.one(KEY, "west-key").region).toBe("us-west-2");
  });

  it("grants CloudWatch Logs of its own region, for log groups of its own region", () => {
    const logs = statementsOf(graph.one(KEY, "west-key")).find((s) =>
      principalValues(s.Principal).some((p) => p.startsWith("logs.")),
    );
    expect(logs?.Principal).toEqual({ Service: "logs.us-west-2.amazonaws.com" });
    expect(logs?.Condition?.ArnLike?.["kms:EncryptionContext:aws:logs:arn"]).toBe(
      `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:*`,
    );
  });

  it("takes the alias name and a deletion window of 7 days (the minimum)", () => {
    expect(graph.one(ALIAS, "west-alias").inputs.name).toBe("alias/orders/west");
    expect(graph.one(KEY, "west-key").inputs.deletionWindowInDays).toBe(7);
  });
});

describe("RegionalKey validation", () => {
  it("rejects a deletion window shorter than 7 days, naming the arg and the value", async () => {
    const run = planProgram(() => new RegionalKey("short", { deletionWindowInDays: 6 }));
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow("deletionWindowInDays: 6 must be a whole number of days from 7 to 30");
  });

  it("rejects a deletion window longer than 30 days", async () => {
    await expect(planProgram(() => new RegionalKey("long", { deletionWindowInDays: 31 }))).rejects.toThrow(
      /deletionWindowInDays: 31/,
    );
  });

  it("rejects an alias name with the alias/ prefix or in the aws/ namespace", async () => {
    await expect(planProgram(() => new RegionalKey("k", { aliasName: "alias/k" }))).rejects.toThrow(
      /aliasName: "alias\/k"/,
    );
    await expect(planProgram(() => new RegionalKey("k", { aliasName: "aws/k" }))).rejects.toThrow(
      /aliasName: "aws\/k"/,
    );
  });
});
