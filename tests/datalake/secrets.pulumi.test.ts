/**
 * The data lake's secrets as planned (components/datalake/secrets.ts under a test component):
 * every secret under the CMK with its value from @pulumi/random and secret in state, the MySQL
 * credential's rotation wired (function in the VPC, invoke permission for that secret only,
 * schedule), the rotation role and the read grants scoped to exact ARNs, and the pack's rules.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceRole } from "../../components/compute/iam";
import { AlarmSet } from "../../components/observability/alarm-set";
import { REQUIRED_TAG_KEYS } from "../../components/security";
import type { LakeContext } from "../../components/datalake/context";
import { createLakeSecrets, type LakeSecretsArgs } from "../../components/datalake/secrets";
import { LAKE_SECRET_KEYS, LAKE_SECRET_NAMES } from "../../components/datalake/secrets-defaults";
import { SECRET_ROTATION_ENV } from "../../functions/secret-rotation/environment";
import {
  blocking,
  planProgram,
  ProgramError,
  runPolicyPack,
  type ProgramPlan,
  type RecordedResource,
} from "../../offline/testkit";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const SUBNETS = ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"];
const GROUP = "sg-0123456789abcdef0";

const T = {
  secret: "aws:secretsmanager/secret:Secret",
  version: "aws:secretsmanager/secretVersion:SecretVersion",
  rotation: "aws:secretsmanager/secretRotation:SecretRotation",
  random: "random:index/randomPassword:RandomPassword",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

class TestLake extends pulumi.ComponentResource {
  constructor() {
    super("test:datalake:Lake", "lake", {}, {});
  }
}

/** The provider's default tags, as the stacks set them. */
const TAGS = { defaultTags: Object.fromEntries(REQUIRED_TAG_KEYS.map((k) => [k, `test-${k.toLowerCase()}`])) };

const BASE: LakeSecretsArgs = {
  mysql: { host: "web-db.cluster-abc.us-east-1.rds.amazonaws.com", database: "shop" },
  redis: { host: "master.web-cache.abc.use1.cache.amazonaws.com" },
  grafana: { url: "https://grafana.internal.example" },
  argocd: { url: "https://argocd.internal.example" },
  rotation: { subnetIds: SUBNETS, securityGroupIds: [GROUP] },
};

function program(args: LakeSecretsArgs = BASE, environment = "dev") {
  return () => {
    const parent = new TestLake();
    const ctx: LakeContext = { name: "lake", environment, region: "us-east-1", kmsKeyArn: KEY, parent };
    const secrets = createLakeSecrets(ctx, args);
    const taskRole = serviceRole("lake-task-role", { service: "ecs-tasks.amazonaws.com" }, { parent });
    secrets.grantRead("lake-task-secrets", taskRole, ["mysql", "application"]);
    const glueRole = serviceRole("lake-glue-role", { service: "glue.amazonaws.com" }, { parent });
    secrets.grantRead("lake-glue-secrets", glueRole, ["mysql"]);
    new AlarmSet("alarms", { metrics: secrets.metrics, kmsKeyArn: KEY });
    return { arns: secrets.arns };
  };
}

interface PolicyStatement {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
const statementsOf = (policy: RecordedResource): PolicyStatement[] =>
  (JSON.parse(String(policy.inputs.policy)) as { Statement: PolicyStatement[] }).Statement;
const list = (v: string | string[]) => [v].flat();

describe("the data lake's secrets", () => {
  let plan: ProgramPlan;
  let secretsByName: Map<string, RecordedResource>;
  beforeAll(async () => {
    plan = await planProgram(program(), TAGS);
    secretsByName = new Map(plan.graph.ofType(T.secret).map((s) => [s.name, s]));
  });
  /** A secret's ARN: its id (as Secrets Manager's and Terraform's). */
  const secretArn = (name: string) => {
    const id = String(secretsByName.get(`lake-${name}-secret`)!.id);
    expect(id).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/data-lake/${name}-`));
    return id;
  };

  it("creates the seed's five secrets, each encrypted with the CMK, named under <env>/data-lake/, kept 30 days after deletion", () => {
    expect([...secretsByName.keys()].sort()).toEqual(LAKE_SECRET_NAMES.map((n) => `lake-${n}-secret`).sort());
    for (const secret of secretsByName.values()) {
      expect(secret.inputs.kmsKeyId, secret.name).toBe(KEY);
      expect(secret.inputs.recoveryWindowInDays, secret.name).toBe(30);
      expect(String(secret.inputs.description).length, secret.name).toBeGreaterThan(10);
    }
    for (const n of LAKE_SECRET_NAMES)
      expect(secretsByName.get(`lake-${n}-secret`)!.inputs.name).toMatch(new RegExp(`^dev/data-lake/${n}-`));
  });

  it("keeps every value secret in state, each generated value from @pulumi/random (itself secret)", () => {
    const versions = plan.graph.ofType(T.version);
    expect(versions).toHaveLength(5);
    const randoms = plan.graph.ofType(T.random);
    for (const r of randoms) expect(r.secretOutputs, r.name).toContain("result");
    for (const version of versions) {
      expect(version.secretOutputs, version.name).toContain("secretString");
      const sources = (version.propertyDependencies?.secretString ?? []).map((u) => plan.graph.byUrn(u));
      expect(
        sources.some((s) => s.type === T.random),
        version.name,
      ).toBe(true);
    }
    // MySQL, Redis, Grafana, ArgoCD: one password each; the application: four values.
    expect(randoms).toHaveLength(8);
  });

  it("holds what the seed's layout lists, with the host, port and database given", () => {
    const valueOf = (n: string) => {
      const secret = secretsByName.get(`lake-${n}-secret`)!;
      return JSON.parse(
        String(plan.graph.ofType(T.version).find((v) => v.inputs.secretId === secret.id)!.inputs.secretString),
      ) as Record<string, unknown>;
    };
    for (const n of LAKE_SECRET_NAMES)
      expect(Object.keys(valueOf(n)).sort(), n).toEqual([...LAKE_SECRET_KEYS[n]].sort());
    expect(valueOf("mysql")).toMatchObject({
      engine: "mysql",
      host: BASE.mysql.host,
      port: 3306,
      username: "data_lake",
      dbname: "shop",
    });
    expect(String(valueOf("mysql").password)).toHaveLength(32);
    expect(valueOf("redis")).toMatchObject({ engine: "redis", host: BASE.redis.host, port: 6379 });
    expect(valueOf("grafana")).toMatchObject({ username: "admin", url: BASE.grafana!.url });
    const app = valueOf("application");
    expect(new Set(Object.values(app)).size).toBe(4);
  });

  it("tags the MySQL secret as a database credential and the application's as API keys", () => {
    expect(secretsByName.get("lake-mysql-secret")!.inputs.tags).toEqual({ SecretType: "database-credential" });
    expect(secretsByName.get("lake-application-secret")!.inputs.tags).toEqual({ SecretType: "api-key" });
  });

  it("rotates the MySQL credential every 30 days with the rotation function's live alias, invoked by Secrets Manager for that secret only", () => {
    const [rotation] = plan.graph.ofType(T.rotation);
    const mysql = secretsByName.get("lake-mysql-secret")!;
    expect(plan.graph.ofType(T.rotation)).toHaveLength(1);
    expect(rotation!.inputs.secretId).toBe(mysql.id);
    expect(rotation!.inputs.rotationRules).toEqual({ automaticallyAfterDays: 30 });
    expect(rotation!.inputs.rotateImmediately).toBe(false);
    const fn = plan.graph
      .ofType(T.fn)
      .find((f) => f.inputs.environment.variables.POWERTOOLS_SERVICE_NAME === "secret-rotation")!;
    expect(rotation!.inputs.rotationLambdaArn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${fn.id}:live`);
    const [permission] = plan.graph.ofType(T.permission);
    expect(permission!.inputs).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "secretsmanager.amazonaws.com",
      function: fn.id,
      qualifier: "live",
      sourceArn: secretArn("mysql"),
    });
    // Set up only once Secrets Manager may invoke the function.
    expect(rotation!.dependencies).toContain(permission!.urn);
  });

  it("runs the rotation function in the private subnets with the security group given, TLS to the database", () => {
    const fn = plan.graph
      .ofType(T.fn)
      .find((f) => f.inputs.environment.variables.POWERTOOLS_SERVICE_NAME === "secret-rotation")!;
    expect(fn.inputs.vpcConfig).toMatchObject({ subnetIds: SUBNETS, securityGroupIds: [GROUP] });
    expect(fn.inputs.environment.variables[SECRET_ROTATION_ENV.databaseTls]).toBe("rds");
    expect(fn.inputs.kmsKeyArn).toBe(KEY);
  });

  it("lets the rotation role change exactly the MySQL secret, GetRandomPassword alone on *, the key through Secrets Manager only", () => {
    const access = plan.graph.ofType(T.rolePolicy).find((p) => p.name === "lake-mysql-rotation-access")!;
    const statements = statementsOf(access);
    expect(statements.find((s) => s.Sid === "RotateOwnSecret")).toMatchObject({ Resource: secretArn("mysql") });
    expect(list(statements.find((s) => s.Sid === "RotateOwnSecret")!.Action).sort()).toEqual([
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]);
    const onEverything = statements.filter((s) => list(s.Resource).includes("*"));
    expect(onEverything.flatMap((s) => list(s.Action))).toEqual(["secretsmanager:GetRandomPassword"]);
    const kms = statements.find((s) => list(s.Action).includes("kms:Decrypt"))!;
    expect(kms.Resource).toBe(KEY);
    expect(list(kms.Action)).toContain("kms:GenerateDataKey");
    expect(kms.Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } });
  });

  it("grants a task role and Glue exactly their own secrets' ARNs (never *), and the key through Secrets Manager only", () => {
    const grants = {
      "lake-task-secrets": [secretArn("mysql"), secretArn("application")],
      "lake-glue-secrets": [secretArn("mysql")],
    };
    for (const [name, arns] of Object.entries(grants)) {
      const statements = statementsOf(plan.graph.ofType(T.rolePolicy).find((p) => p.name === name)!);
      for (const s of statements) expect(list(s.Resource), `${name} ${s.Sid}`).not.toContain("*");
      const read = statements.find((s) => s.Sid === "ReadOwnSecrets")!;
      expect(list(read.Action).sort(), name).toEqual([
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
      ]);
      expect(list(read.Resource).sort(), name).toEqual([...arns].sort());
      const kms = statements
        .filter((s) => list(s.Action).some((a) => a.startsWith("kms:")))
        .map(({ Sid: _, ...s }) => s);
      expect(kms, name).toEqual([
        {
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: KEY,
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
      ]);
    }
  });

  it("passes every mandatory rule of the pack", () => {
    expect(blocking(runPolicyPack(plan)).map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });

  it("exports the ARN of each secret", () => {
    expect(Object.keys(plan.outputs.arns as object).sort()).toEqual([...LAKE_SECRET_NAMES].sort());
    expect((plan.outputs.arns as Record<string, string>).mysql).toBe(secretArn("mysql"));
  });
});

describe("the data lake's secrets, configured", () => {
  it("takes the rotation schedule, recovery window, user and a Redis AUTH token given, which stays secret", async () => {
    const plan = await planProgram(
      program({
        ...BASE,
        mysql: { ...BASE.mysql, username: "lake_reader", port: 3307 },
        redis: { ...BASE.redis, password: pulumi.secret("an-existing-auth-token-0123456789") },
        rotation: { ...BASE.rotation, automaticallyAfterDays: 7, rotateImmediately: true },
        recoveryWindowInDays: 7,
      }),
    );
    const rotation = plan.graph.ofType(T.rotation)[0]!;
    expect(rotation.inputs.rotationRules).toEqual({ automaticallyAfterDays: 7 });
    expect(rotation.inputs.rotateImmediately).toBe(true);
    for (const s of plan.graph.ofType(T.secret)) expect(s.inputs.recoveryWindowInDays).toBe(7);
    const redis = plan.graph.ofType(T.secret).find((s) => s.name === "lake-redis-secret")!;
    const version = plan.graph.ofType(T.version).find((v) => v.inputs.secretId === redis.id)!;
    expect(JSON.parse(String(version.inputs.secretString)).password).toBe("an-existing-auth-token-0123456789");
    expect(version.secretOutputs).toContain("secretString");
    const mysql = plan.graph.ofType(T.secret).find((s) => s.name === "lake-mysql-secret")!;
    const mysqlValue = plan.graph.ofType(T.version).find((v) => v.inputs.secretId === mysql.id)!;
    expect(JSON.parse(String(mysqlValue.inputs.secretString))).toMatchObject({ username: "lake_reader", port: 3307 });
    // Seven random values: no Redis password is generated when one is given.
    expect(plan.graph.ofType(T.random)).toHaveLength(7);
  });

  const refused = async (run: () => unknown) => {
    const error = await planProgram(run).then(
      () => undefined,
      (e: ProgramError) => e,
    );
    expect(error, "the plan succeeded").toBeInstanceOf(ProgramError);
    // Refused before any secret exists.
    expect(error!.resources.filter((r) => r.type === T.secret)).toEqual([]);
    return error!.message;
  };

  it("refuses a recovery window or schedule outside Secrets Manager's limits, a bad user name and environment", async () => {
    expect(await refused(program({ ...BASE, recoveryWindowInDays: 0 }))).toContain(
      "DataLake: secrets.recoveryWindowInDays: 0 is not a whole number of days from 7 to 30",
    );
    expect(await refused(program({ ...BASE, rotation: { ...BASE.rotation, automaticallyAfterDays: 1001 } }))).toContain(
      "DataLake: secrets.rotation.automaticallyAfterDays: 1001 is not a whole number of days from 1 to 1000",
    );
    expect(await refused(program({ ...BASE, mysql: { ...BASE.mysql, username: "data-lake'" } }))).toContain(
      `DataLake: secrets.mysql.username: "data-lake'" is not a MySQL user name of 1-32 letters, digits and underscores`,
    );
    expect(await refused(program(BASE, "dev env"))).toContain(
      `DataLake: environment: "dev env" cannot start a secret's name`,
    );
  });

  it("refuses a grant that names no secret or an unknown one", async () => {
    const errors: string[] = [];
    await planProgram(() => {
      const parent = new TestLake();
      const secrets = createLakeSecrets(
        { name: "lake", environment: "dev", region: "us-east-1", kmsKeyArn: KEY, parent },
        BASE,
      );
      const role = new aws.iam.Role("r", { assumeRolePolicy: "{}" }, { parent });
      for (const names of [[], ["mysql", "vault"]] as never[][])
        try {
          secrets.grantRead("bad-grant", role, names);
        } catch (e) {
          errors.push((e as Error).message);
        }
    });
    expect(errors).toEqual([
      "DataLake: readStatements: [] does not name the secrets to read: one or more of mysql, redis, grafana, argocd, application",
      'DataLake: readStatements: ["mysql","vault"] does not name the secrets to read: one or more of mysql, redis, grafana, argocd, application',
    ]);
  });
});
