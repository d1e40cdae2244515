/**
 * The rotation function of the database credential (functions/secret-rotation): each of the four
 * steps against a stubbed Secrets Manager (tests/support/fake-secrets-manager.ts) with the checks
 * Secrets Manager's own rotation functions make, and the database side against the real MariaDB
 * the machine runs (tests/support/services.ts): a throwaway user's password rotated, the new one
 * logging in and the old one refused, also through the function's esbuild bundle.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as mysql from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_EXCLUDE_CHARACTERS } from "../../functions/secret-rotation/environment";
import { rotationSettings } from "../../functions/secret-rotation/handler";
import * as encodings from "../../functions/secret-rotation/node-encodings-only";
import { mysqlAccess, ownPasswordStatement } from "../../functions/secret-rotation/mysql";
import {
  rotate,
  RotationError,
  type DatabaseAccess,
  type DatabaseCredential,
  type RotationStep,
} from "../../functions/secret-rotation/rotation";
import { withBundledHandler } from "../support/bundled-handler";
import { FakeSecretsManager } from "../support/fake-secrets-manager";
import { JsonServer } from "../support/json-server";
import { missingServices, SERVICES } from "../support/services";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/datalake/mysql-AbCdEf";
const TOKEN = "4e6bc0a2-9f57-4d0b-8a3c-2f0f4f4d6a11";
const INITIAL = {
  engine: "mysql",
  host: "writer.cluster.example",
  port: 3306,
  username: "data_lake",
  password: "initial-password-1",
  dbname: "lake",
};

/** A database that knows one password per user and counts the password changes. */
function stubDatabase(passwords: Record<string, string>) {
  const changes: { as: string; to: string }[] = [];
  const database: DatabaseAccess = {
    canLogIn: async (c: DatabaseCredential) => passwords[c.username] === c.password,
    setOwnPassword: async (login, password) => {
      if (passwords[login.username] !== login.password) throw new Error("access denied");
      changes.push({ as: login.password, to: password });
      passwords[login.username] = password;
    },
  };
  return { database, passwords, changes };
}

const event = (step: RotationStep, token = TOKEN, rotationToken?: string) => ({
  Step: step,
  SecretId: ARN,
  ClientRequestToken: token,
  ...(rotationToken ? { RotationToken: rotationToken } : {}),
});

describe("the rotation of the database credential, step by step (stubbed Secrets Manager)", () => {
  let sm: FakeSecretsManager;
  let db: ReturnType<typeof stubDatabase>;
  beforeEach(() => {
    sm = new FakeSecretsManager(ARN, INITIAL);
    db = stubDatabase({ data_lake: INITIAL.password });
    sm.startRotation(TOKEN);
  });
  const run = (step: RotationStep, token = TOKEN, rotationToken?: string) =>
    rotate(event(step, token, rotationToken), sm.client, db.database);

  it("createSecret stores a password from GetRandomPassword as the AWSPENDING version, keeping the other fields", async () => {
    await run("createSecret", TOKEN, "rotation-token-1");
    expect(sm.callsOf("GetRandomPassword")).toEqual([
      {
        operation: "GetRandomPassword",
        input: { PasswordLength: 32, ExcludeCharacters: DEFAULT_EXCLUDE_CHARACTERS, RequireEachIncludedType: true },
      },
    ]);
    const [put] = sm.callsOf("PutSecretValue");
    expect(put!.input).toMatchObject({
      SecretId: ARN,
      ClientRequestToken: TOKEN,
      VersionStages: ["AWSPENDING"],
      RotationToken: "rotation-token-1",
    });
    const pending = sm.valueAt("AWSPENDING")!;
    expect(pending).toEqual({ ...INITIAL, password: pending.password });
    expect(pending.password).toHaveLength(32);
    expect(pending.password).not.toBe(INITIAL.password);
    expect(sm.valueAt("AWSCURRENT")).toEqual(INITIAL);
  });

  it("createSecret run again creates nothing more (one password, one version)", async () => {
    await run("createSecret");
    const first = sm.valueAt("AWSPENDING");
    await run("createSecret");
    expect(sm.callsOf("GetRandomPassword")).toHaveLength(1);
    expect(sm.callsOf("PutSecretValue")).toHaveLength(1);
    expect(sm.valueAt("AWSPENDING")).toEqual(first);
  });

  it("setSecret logs in with the current password and changes it to the pending one", async () => {
    await run("createSecret");
    const pending = sm.valueAt("AWSPENDING")!.password as string;
    await run("setSecret");
    expect(db.changes).toEqual([{ as: INITIAL.password, to: pending }]);
    expect(db.passwords.data_lake).toBe(pending);
  });

  it("setSecret run again changes nothing (the pending password already logs in)", async () => {
    await run("createSecret");
    await run("setSecret");
    await run("setSecret");
    expect(db.changes).toHaveLength(1);
  });

  it("setSecret logs in with the AWSPREVIOUS password when the current one is refused", async () => {
    // The database still has the AWSPREVIOUS password (the current value was stored but never set).
    sm = new FakeSecretsManager(ARN, INITIAL);
    sm.versions.set("v-older", {
      value: JSON.stringify({ ...INITIAL, password: "older-password-0" }),
      stages: ["AWSPREVIOUS"],
    });
    db = stubDatabase({ data_lake: "older-password-0" });
    sm.startRotation(TOKEN);
    await run("createSecret");
    await run("setSecret");
    expect(db.changes).toEqual([{ as: "older-password-0", to: sm.valueAt("AWSPENDING")!.password }]);
  });

  it("setSecret fails naming the database and user when no password of the secret logs in", async () => {
    db.passwords.data_lake = "someone-changed-it";
    await run("createSecret");
    await expect(run("setSecret")).rejects.toThrow(
      new RotationError(
        `cannot log in to writer.cluster.example:3306 as data_lake with the previous, current or pending password of secret ${ARN}`,
      ),
    );
  });

  it("setSecret refuses a pending version that changes the user (single-user rotation changes only the password)", async () => {
    await sm.operations.PutSecretValue!({
      SecretId: ARN,
      ClientRequestToken: TOKEN,
      SecretString: JSON.stringify({ ...INITIAL, username: "admin", password: "x-new-password" }),
      VersionStages: ["AWSPENDING"],
    });
    await expect(run("setSecret")).rejects.toThrow(
      `the pending version ${TOKEN} of secret ${ARN} changes username ("data_lake" to "admin"); single-user rotation changes only the password`,
    );
    expect(db.changes).toEqual([]);
  });

  it("testSecret passes when the pending password logs in and fails, naming the version, when it does not", async () => {
    await run("createSecret");
    await expect(run("testSecret")).rejects.toThrow(
      `the database writer.cluster.example:3306 refuses data_lake with the pending password of secret ${ARN} (version ${TOKEN})`,
    );
    await run("setSecret");
    await expect(run("testSecret")).resolves.toBeUndefined();
  });

  it("finishSecret moves AWSCURRENT to the new version, and the old one becomes AWSPREVIOUS", async () => {
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const) await run(step);
    expect(sm.callsOf("UpdateSecretVersionStage").map((c) => c.input)).toEqual([
      { SecretId: ARN, VersionStage: "AWSCURRENT", MoveToVersionId: TOKEN, RemoveFromVersionId: "v-initial" },
    ]);
    expect(sm.stagesOf(TOKEN)).toContain("AWSCURRENT");
    expect(sm.stagesOf("v-initial")).toEqual(["AWSPREVIOUS"]);
    expect(sm.valueAt("AWSCURRENT")!.password).toBe(db.passwords.data_lake);
  });

  it("a version already AWSCURRENT is done: every step returns without changing anything", async () => {
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const) await run(step);
    const before = sm.calls.length;
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const) await run(step);
    expect(sm.calls.slice(before).map((c) => c.operation)).toEqual(Array(4).fill("DescribeSecret"));
    expect(db.changes).toHaveLength(1);
  });

  it("refuses to run on a secret whose rotation is not enabled", async () => {
    sm.rotationEnabled = false;
    await expect(run("createSecret")).rejects.toThrow(new RotationError(`secret ${ARN} is not enabled for rotation`));
    expect(sm.callsOf("PutSecretValue")).toEqual([]);
  });

  it("refuses a version that has no stage, or is staged but not AWSPENDING", async () => {
    await expect(run("createSecret", "no-such-version")).rejects.toThrow(
      `version no-such-version of secret ${ARN} has no stage for rotation`,
    );
    await expect(run("setSecret", "v-initial-previous")).rejects.toThrow(RotationError);
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const) await run(step);
    // The first version is now AWSPREVIOUS only: a rotation must not act on it.
    await expect(run("finishSecret", "v-initial")).rejects.toThrow(
      `version v-initial of secret ${ARN} is not staged AWSPENDING for rotation`,
    );
    expect(sm.callsOf("UpdateSecretVersionStage")).toHaveLength(1);
  });

  it("refuses an event that is not a rotation step, naming the field", async () => {
    await expect(rotate({ ...event("createSecret"), Step: "deleteSecret" }, sm.client, db.database)).rejects.toThrow(
      /^not a Secrets Manager rotation event: Step: /,
    );
    await expect(rotate({ Step: "setSecret", SecretId: ARN }, sm.client, db.database)).rejects.toThrow(
      /ClientRequestToken: /,
    );
  });

  it("a current value that is not a MySQL credential stops the rotation before anything is created", async () => {
    sm = new FakeSecretsManager(ARN, { username: "data_lake", password: "x" });
    sm.startRotation(TOKEN);
    await expect(run("createSecret")).rejects.toThrow(
      `the AWSCURRENT version of secret ${ARN} is not a MySQL credential: host: `,
    );
    expect(sm.callsOf("PutSecretValue")).toEqual([]);
  });
});

describe("the function's settings and statements", () => {
  it("changes the password with ALTER USER on MySQL 5.7.6+/Aurora MySQL, SET PASSWORD on MariaDB and older MySQL", () => {
    expect(ownPasswordStatement("8.0.39")).toBe("ALTER USER USER() IDENTIFIED BY ?");
    expect(ownPasswordStatement("8.0.mysql_aurora.3.08.0")).toBe("ALTER USER USER() IDENTIFIED BY ?");
    expect(ownPasswordStatement("5.7.12-log")).toBe("ALTER USER USER() IDENTIFIED BY ?");
    expect(ownPasswordStatement("5.7.5")).toBe("SET PASSWORD = PASSWORD(?)");
    expect(ownPasswordStatement("10.11.19-MariaDB-0+deb12u1")).toBe("SET PASSWORD = PASSWORD(?)");
  });

  it("stands in for iconv-lite in the bundle: CESU-8 (MySQL's utf8mb3) as iconv-lite has it, any other character set refused by name", () => {
    // CESU-8: UTF-8 in the Basic Multilingual Plane; beyond it, each surrogate as 3 bytes (ED A0-BF xx).
    const vectors: [string, string][] = [
      ["héllo", "68c3a96c6c6f"],
      ["😀", "eda0bdedb880"],
      ["a😀b", "61eda0bdedb88062"],
    ];
    for (const [text, hex] of vectors) {
      expect(encodings.getEncoder("cesu8").write(text).toString("hex"), text).toBe(hex);
      expect(encodings.getDecoder("CESU8").write(Buffer.from(hex, "hex")), text).toBe(text);
    }
    expect(() => encodings.getDecoder("sjis")).toThrow(
      'the secret rotation function decodes only utf8, CESU-8 and Node.js\'s encodings; the server sent "sjis"',
    );
  });

  it("defaults to TLS, 32 characters and the excluded characters, and names a wrong variable", () => {
    expect(rotationSettings({})).toEqual({
      tls: "rds",
      passwordLength: 32,
      excludeCharacters: DEFAULT_EXCLUDE_CHARACTERS,
    });
    expect(() => rotationSettings({ DATABASE_TLS: "yes" })).toThrow(
      'environment variable DATABASE_TLS: "yes" is not one of rds, off',
    );
    expect(() => rotationSettings({ PASSWORD_LENGTH: "8" })).toThrow(
      'environment variable PASSWORD_LENGTH: "8" is not a length from 16 to 128',
    );
  });
});

const missing = missingServices("mariadb");
const USER = `dl_rot_${process.pid}`;
const FIRST_PASSWORD = "first-Password-123";

describe.skipIf(missing)(`the rotation against MariaDB${missing ? ` (${missing})` : ""}`, () => {
  let admin: mysql.Connection;
  const credential = (password: string) => ({
    engine: "mysql" as const,
    host: SERVICES.mariadb.host,
    port: SERVICES.mariadb.port,
    username: USER,
    password,
    dbname: "test",
  });
  const logsIn = (password: string) => mysqlAccess({ tls: "off" }).canLogIn(credential(password));

  beforeAll(async () => {
    admin = await mysql.createConnection({ ...SERVICES.mariadb, user: "root", password: "" });
  });
  beforeEach(async () => {
    await admin.query(`DROP USER IF EXISTS '${USER}'@'127.0.0.1'`);
    // A user without privileges: it can change only its own password.
    await admin.query(`CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY ?`, [FIRST_PASSWORD]);
  });
  afterAll(async () => {
    await admin?.query(`DROP USER IF EXISTS '${USER}'@'127.0.0.1'`);
    await admin?.end();
  });

  it("rotates a user's password: the new one logs in, the old one is refused, and a second setSecret changes nothing", async () => {
    const sm = new FakeSecretsManager(ARN, credential(FIRST_PASSWORD));
    sm.startRotation(TOKEN);
    const database = mysqlAccess({ tls: "off", connectTimeoutMs: 2000 });
    await rotate(event("createSecret"), sm.client, database);
    const pending = sm.valueAt("AWSPENDING")!.password as string;
    await rotate(event("setSecret"), sm.client, database);
    expect(await logsIn(pending)).toBe(true);
    expect(await logsIn(FIRST_PASSWORD)).toBe(false);
    await rotate(event("setSecret"), sm.client, database);
    expect(await logsIn(pending)).toBe(true);
    await rotate(event("testSecret"), sm.client, database);
    await rotate(event("finishSecret"), sm.client, database);
    expect(sm.valueAt("AWSCURRENT")).toEqual(credential(pending));
    expect(sm.valueAt("AWSPREVIOUS")).toEqual(credential(FIRST_PASSWORD));
  });

  it("testSecret fails when the database refuses the pending password", async () => {
    const sm = new FakeSecretsManager(ARN, credential(FIRST_PASSWORD));
    sm.startRotation(TOKEN);
    const database = mysqlAccess({ tls: "off", connectTimeoutMs: 2000 });
    await rotate(event("createSecret"), sm.client, database);
    await expect(rotate(event("testSecret"), sm.client, database)).rejects.toThrow(RotationError);
  });

  it("an unreachable database fails the step with the connection error, not as a refused password", async () => {
    const sm = new FakeSecretsManager(ARN, { ...credential(FIRST_PASSWORD), port: 1 });
    sm.startRotation(TOKEN);
    const database = mysqlAccess({ tls: "off", connectTimeoutMs: 2000 });
    await rotate(event("createSecret"), sm.client, database);
    await expect(rotate(event("setSecret"), sm.client, database)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("rotates through its esbuild bundle, as Lambda runs it, with Secrets Manager on loopback", async () => {
    const sm = new FakeSecretsManager(ARN, credential(FIRST_PASSWORD));
    sm.startRotation(TOKEN);
    const server = new JsonServer("application/x-amz-json-1.1", sm.operations);
    const endpoint = await server.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secret-rotation-"));
    try {
      await withBundledHandler<(e: unknown, c: unknown) => Promise<void>>(
        "secret-rotation",
        dir,
        {
          DATABASE_TLS: "off",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
          POWERTOOLS_LOG_LEVEL: "SILENT",
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
        async (handler) => {
          const context = { awsRequestId: "req-1", functionName: "rotation" };
          for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const)
            await handler(event(step, TOKEN, "rotation-token"), context);
        },
      );
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const current = sm.valueAt("AWSCURRENT")!.password as string;
    expect(current).not.toBe(FIRST_PASSWORD);
    expect(await logsIn(current)).toBe(true);
    expect(await logsIn(FIRST_PASSWORD)).toBe(false);
    expect(sm.callsOf("PutSecretValue")[0]!.input.RotationToken).toBe("rotation-token");
  });
});
