/**
 * The web application's credentials and configuration: its secrets read through the shared
 * reader (functions/shared/secrets.ts, whose own suite covers hit, miss, expiry and the errors),
 * and the environment checked with the variable named.
 */
import { describe, expect, it } from "vitest";
import { CACHE_SECRET, DATABASE_SECRET, loadConfig } from "../../functions/web-app/config";
import { SecretError, SecretReader, type SecretsClient } from "../../functions/shared/secrets";

const DB_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const CACHE_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cache-AbCdEf";
const TOKEN = "a-cache-auth-token-of-32-chars!!";

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/** A Secrets Manager client that answers from a table and counts its calls. */
function stubClient(secrets: Record<string, string | Error>) {
  const calls: string[] = [];
  const client: SecretsClient = {
    send: ((command: { input: { SecretId: string } }) => {
      calls.push(command.input.SecretId);
      const value = secrets[command.input.SecretId];
      if (value === undefined)
        return Promise.reject(
          awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
        );
      if (value instanceof Error) return Promise.reject(value);
      return Promise.resolve({ SecretString: value });
    }) as SecretsClient["send"],
  };
  return { client, calls };
}

const DB_SECRET = JSON.stringify({
  engine: "mysql",
  username: "app",
  password: "pw",
  host: "writer.example",
  port: 3306,
  dbname: "shop",
});

describe("the web application's secrets, through the shared reader (tests/functions/secrets.test.ts)", () => {
  it("are read once, with the variable that points at them and the task role named in the errors", async () => {
    const { client, calls } = stubClient({ [DB_ARN]: DB_SECRET });
    const reader = new SecretReader(client, { principal: "the task role" });
    const first = await reader.json(DB_ARN, DATABASE_SECRET, "DATABASE_SECRET_ARN");
    expect(first).toEqual({ username: "app", password: "pw", host: "writer.example", port: 3306, dbname: "shop" });
    expect(await reader.json(DB_ARN, DATABASE_SECRET, "DATABASE_SECRET_ARN")).toBe(first);
    expect(calls).toEqual([DB_ARN]);
    const denied = stubClient({ [DB_ARN]: awsError("AccessDeniedException", "User is not authorized") }).client;
    await expect(
      new SecretReader(denied, { principal: "the task role" }).json(DB_ARN, DATABASE_SECRET, "DATABASE_SECRET_ARN"),
    ).rejects.toThrow(
      new SecretError(
        `secret ${DB_ARN} (DATABASE_SECRET_ARN): access denied; the task role needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key`,
      ),
    );
  });

  it("a cache secret without its token says which field is missing", async () => {
    const { client } = stubClient({ [CACHE_ARN]: JSON.stringify({ password: "x" }) });
    await expect(new SecretReader(client).json(CACHE_ARN, CACHE_SECRET, "CACHE_SECRET_ARN")).rejects.toThrow(
      /lacks what it needs: authToken: /,
    );
  });
});

describe("the web application's configuration", () => {
  const env = {
    DATABASE_SECRET_ARN: DB_ARN,
    CACHE_SECRET_ARN: CACHE_ARN,
    CACHE_HOST: "master.cache.example",
  };
  const reader = () =>
    new SecretReader(stubClient({ [DB_ARN]: DB_SECRET, [CACHE_ARN]: JSON.stringify({ authToken: TOKEN }) }).client);

  it("defaults to port 8000, TLS to the database (the RDS authorities) and to the cache, and the secret's host, port and name", async () => {
    expect(await loadConfig(reader(), env)).toEqual({
      port: 8000,
      database: { host: "writer.example", port: 3306, user: "app", password: "pw", database: "shop", tls: "rds" },
      cache: { host: "master.cache.example", port: 6379, authToken: TOKEN, tls: true },
    });
  });

  it("takes the endpoints the environment names over the secret's", async () => {
    const config = await loadConfig(reader(), {
      ...env,
      DATABASE_HOST: "cluster.example",
      DATABASE_PORT: "3307",
      DATABASE_NAME: "app2",
      PORT: "9000",
    });
    expect(config.database).toMatchObject({ host: "cluster.example", port: 3307, database: "app2" });
    expect(config.port).toBe(9000);
  });

  it("uses the credentials ECS injected from the secrets and then reads no secret itself", async () => {
    const { client, calls } = stubClient({});
    const config = await loadConfig(new SecretReader(client), {
      CACHE_HOST: "master.cache.example",
      DATABASE_HOST: "cluster.example",
      DATABASE_USERNAME: "app_admin",
      DATABASE_PASSWORD: "injected-pw",
      CACHE_AUTH_TOKEN: TOKEN,
      DATABASE_SECRET_ARN: DB_ARN,
      CACHE_SECRET_ARN: CACHE_ARN,
    });
    expect(config.database).toMatchObject({
      host: "cluster.example",
      user: "app_admin",
      password: "injected-pw",
      port: 3306,
    });
    expect(config.cache.authToken).toBe(TOKEN);
    expect(calls).toEqual([]);
  });

  it("reads the secret when only part of the credentials is injected", async () => {
    const { client, calls } = stubClient({ [DB_ARN]: DB_SECRET });
    const config = await loadConfig(new SecretReader(client), { ...env, CACHE_SECRET_ARN: "", DATABASE_USERNAME: "x" });
    expect(config.database.user).toBe("app");
    expect(calls).toEqual([DB_ARN]);
  });

  it("rejects a bad value naming its variable, and a missing one likewise", async () => {
    await expect(loadConfig(reader(), { ...env, PORT: "80000" })).rejects.toThrow(
      'environment variable PORT: "80000" is not a port (1-65535)',
    );
    await expect(loadConfig(reader(), { ...env, CACHE_TLS: "yes" })).rejects.toThrow(
      'environment variable CACHE_TLS: "yes" is not one of on, off',
    );
    const { CACHE_HOST: _, ...withoutHost } = env;
    await expect(loadConfig(reader(), withoutHost)).rejects.toThrow(
      "environment variable CACHE_HOST is required and is not set",
    );
  });
});
