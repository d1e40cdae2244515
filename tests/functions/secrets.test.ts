/**
 * The one runtime secret reader (functions/shared/secrets.ts) against a stubbed Secrets Manager
 * client: a hit is served from memory, a miss reads, an expired value is read again (a fake
 * clock), a failed read is not kept, and every failure says what to fix.
 */
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_SECRET_TTL_MS, SecretError, SecretReader, type SecretsClient } from "../../functions/shared/secrets";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/datalake/mysql-AbCdEf";
const CREDENTIAL = z.object({ username: z.string().min(1), password: z.string().min(8) });

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

type Answer = { SecretString?: string; SecretBinary?: Uint8Array } | Error;

/** A client whose answer can change between calls (a rotation), counting what it was asked. */
function stubClient(initial: Answer) {
  const state = { answer: initial, calls: [] as string[] };
  const client: SecretsClient = {
    send: ((command: GetSecretValueCommand) => {
      expect(command).toBeInstanceOf(GetSecretValueCommand);
      state.calls.push(command.input.SecretId!);
      return state.answer instanceof Error ? Promise.reject(state.answer) : Promise.resolve(state.answer);
    }) as SecretsClient["send"],
  };
  return { client, state };
}

const value = (username: string, password: string) => ({ SecretString: JSON.stringify({ username, password }) });

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("the shared secret reader", () => {
  it("reads a secret on a miss and serves the second read from memory (the client is called once)", async () => {
    const { client, state } = stubClient(value("data_lake", "first-password"));
    const reader = new SecretReader(client);
    const first = await reader.json(ARN, CREDENTIAL, "MYSQL_SECRET_ARN");
    const second = await reader.json(ARN, CREDENTIAL, "MYSQL_SECRET_ARN");
    expect(first).toEqual({ username: "data_lake", password: "first-password" });
    expect(second).toBe(first);
    expect(await reader.text(ARN)).toBe(JSON.stringify(first));
    expect(state.calls).toEqual([ARN]);
  });

  it("shares one read between concurrent callers", async () => {
    const { client, state } = stubClient(value("data_lake", "first-password"));
    const reader = new SecretReader(client);
    await Promise.all([reader.text(ARN), reader.text(ARN), reader.json(ARN, CREDENTIAL)]);
    expect(state.calls).toEqual([ARN]);
  });

  it("keeps a value 5 minutes by default and reads it again once the TTL has passed (a fake clock)", async () => {
    expect(DEFAULT_SECRET_TTL_MS).toBe(300_000);
    const clock = fakeClock();
    const { client, state } = stubClient(value("data_lake", "first-password"));
    const reader = new SecretReader(client, { now: clock.now });
    await reader.json(ARN, CREDENTIAL);
    clock.advance(DEFAULT_SECRET_TTL_MS - 1);
    await reader.json(ARN, CREDENTIAL);
    expect(state.calls).toHaveLength(1);
    clock.advance(1);
    state.answer = value("data_lake", "second-password");
    expect((await reader.json(ARN, CREDENTIAL)).password).toBe("second-password");
    expect(state.calls).toHaveLength(2);
  });

  it("takes the TTL it is given: 0 reads on every call, and a negative one is refused", async () => {
    const { client, state } = stubClient(value("data_lake", "first-password"));
    const reader = new SecretReader(client, { ttlMs: 0 });
    await reader.text(ARN);
    await reader.text(ARN);
    expect(state.calls).toHaveLength(2);
    expect(() => new SecretReader(client, { ttlMs: -1 })).toThrow(
      "SecretReader: ttlMs: -1 is not a number of milliseconds (0 or more)",
    );
  });

  it("serves the rotated value after a refresh, before the TTL has passed", async () => {
    const { client, state } = stubClient(value("data_lake", "first-password"));
    const reader = new SecretReader(client);
    expect((await reader.json(ARN, CREDENTIAL)).password).toBe("first-password");
    state.answer = value("data_lake", "rotated-password");
    expect((await reader.json(ARN, CREDENTIAL)).password).toBe("first-password");
    expect((await reader.refresh(ARN, CREDENTIAL)).password).toBe("rotated-password");
    expect((await reader.json(ARN, CREDENTIAL)).password).toBe("rotated-password");
    expect(state.calls).toHaveLength(2);
  });

  it("a missing secret names the variable that points at it, and is not kept (the next call asks again)", async () => {
    const { client, state } = stubClient(
      awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
    );
    const reader = new SecretReader(client);
    await expect(reader.json(ARN, CREDENTIAL, "MYSQL_SECRET_ARN")).rejects.toThrow(
      new SecretError(`secret ${ARN} (MYSQL_SECRET_ARN) does not exist in this region: check MYSQL_SECRET_ARN`),
    );
    state.answer = value("data_lake", "first-password");
    expect((await reader.json(ARN, CREDENTIAL, "MYSQL_SECRET_ARN")).username).toBe("data_lake");
    expect(state.calls).toEqual([ARN, ARN]);
  });

  it("a denied read names the permissions the role lacks: secretsmanager:GetSecretValue and kms:Decrypt", async () => {
    const { client } = stubClient(awsError("AccessDeniedException", "User is not authorized"));
    const reader = new SecretReader(client, { principal: "the function's role" });
    const error = await reader.json(ARN, CREDENTIAL, "MYSQL_SECRET_ARN").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretError);
    expect((error as Error).message).toBe(
      `secret ${ARN} (MYSQL_SECRET_ARN): access denied; the function's role needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key`,
    );
    expect((error as Error).cause).toMatchObject({ name: "AccessDeniedException" });
  });

  it("a value that cannot be decrypted names kms:Decrypt on the secret's key", async () => {
    const { client } = stubClient(awsError("DecryptionFailure", "KMS key is disabled"));
    await expect(new SecretReader(client).text(ARN)).rejects.toThrow(
      `secret ${ARN} cannot be decrypted: the role needs kms:Decrypt on the secret's key, and the key must be enabled`,
    );
  });

  it("a secret with no string value says so", async () => {
    const { client } = stubClient({ SecretBinary: new Uint8Array([1, 2, 3]) });
    await expect(new SecretReader(client).text(ARN, "MYSQL_SECRET_ARN")).rejects.toThrow(
      `secret ${ARN} (MYSQL_SECRET_ARN) has no string value (it holds a binary value); store its value as a JSON string`,
    );
  });

  it("a value that is not JSON says so, and is read again on the next call", async () => {
    const { client, state } = stubClient({ SecretString: "hunter2" });
    const reader = new SecretReader(client);
    await expect(reader.json(ARN, CREDENTIAL, "MYSQL_SECRET_ARN")).rejects.toThrow(
      new SecretError(`secret ${ARN} (MYSQL_SECRET_ARN) is not JSON`),
    );
    state.answer = value("data_lake", "first-password");
    await expect(reader.json(ARN, CREDENTIAL, "MYSQL_SECRET_ARN")).resolves.toMatchObject({ username: "data_lake" });
    expect(state.calls).toHaveLength(2);
  });

  it("a value that fails the schema names each field and what is wrong with it", async () => {
    const { client } = stubClient({ SecretString: JSON.stringify({ username: "", password: "short" }) });
    await expect(new SecretReader(client).json(ARN, CREDENTIAL)).rejects.toThrow(
      /^secret \S+ lacks what it needs: username: .+; password: .+$/,
    );
  });

  it("parses a fresh value once per schema, and each schema sees only its own fields", async () => {
    const { client, state } = stubClient(value("data_lake", "first-password"));
    const reader = new SecretReader(client);
    const userOnly = z.object({ username: z.string() });
    expect(await reader.json(ARN, userOnly)).toEqual({ username: "data_lake" });
    expect(await reader.json(ARN, CREDENTIAL)).toEqual({ username: "data_lake", password: "first-password" });
    expect(state.calls).toHaveLength(1);
  });
});
