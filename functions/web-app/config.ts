/**
 * The web application's configuration: where its database and cache are (environment, ./environment.ts)
 * and their credentials (Secrets Manager, through the shared reader of functions/shared/secrets.ts).
 */
import { z } from "zod";
import { optionalEnv, requireEnv } from "../shared/env";
import type { CacheConfig } from "./cache";
import type { DatabaseConfig } from "./database";
import { WEB_APP_ENV } from "./environment";
import type { SecretReader } from "../shared/secrets";

/** The database secret as RDS writes one (extra fields, e.g. `engine`, are ignored). */
export const DATABASE_SECRET = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  host: z.string().min(1).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  dbname: z.string().min(1).optional(),
});

export const CACHE_SECRET = z.object({ authToken: z.string().min(16).max(128) });

export interface AppConfig {
  port: number;
  database: DatabaseConfig;
  cache: CacheConfig;
}

function portOf(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`environment variable ${name}: ${JSON.stringify(value)} is not a port (1-65535)`);
  return port;
}

function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`environment variable ${name}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
  return value as T;
}

export async function loadConfig(secrets: SecretReader, env: NodeJS.ProcessEnv = process.env): Promise<AppConfig> {
  const E = WEB_APP_ENV;
  const port = portOf(E.port, optionalEnv(E.port, "8000", env));
  const databaseTls = choice(E.databaseTls, optionalEnv(E.databaseTls, "rds", env), ["rds", "off"] as const);
  const cacheTls = choice(E.cacheTls, optionalEnv(E.cacheTls, "on", env), ["on", "off"] as const);
  const cacheHost = requireEnv(E.cacheHost, env);
  const cachePort = portOf(E.cachePort, optionalEnv(E.cachePort, "6379", env));
  const cacheSecretArn = env[E.cacheSecretArn]?.trim();
  // Credentials ECS injected from the secrets win; otherwise the application reads the secrets itself (cached).
  const injectedUser = env[E.databaseUsername]?.trim();
  const injectedPassword = env[E.databasePassword];
  const injectedToken = env[E.cacheAuthToken];
  const [db, cacheSecret] = await Promise.all([
    injectedUser && injectedPassword
      ? DATABASE_SECRET.parse({ username: injectedUser, password: injectedPassword })
      : secrets.json(requireEnv(E.databaseSecretArn, env), DATABASE_SECRET, E.databaseSecretArn),
    injectedToken
      ? CACHE_SECRET.parse({ authToken: injectedToken })
      : cacheSecretArn
        ? secrets.json(cacheSecretArn, CACHE_SECRET, E.cacheSecretArn)
        : undefined,
  ]);
  const host = env[E.databaseHost]?.trim() || db.host;
  if (!host) throw new Error(`the database host is unknown: set ${E.databaseHost}, or "host" in the database secret`);
  return {
    port,
    database: {
      host,
      port: env[E.databasePort]?.trim() ? portOf(E.databasePort, env[E.databasePort]!.trim()) : (db.port ?? 3306),
      user: db.username,
      password: db.password,
      database: env[E.databaseName]?.trim() || db.dbname || "app",
      tls: databaseTls,
    },
    cache: {
      host: cacheHost,
      port: cachePort,
      ...(cacheSecret ? { authToken: cacheSecret.authToken } : {}),
      tls: cacheTls === "on",
    },
  };
}
