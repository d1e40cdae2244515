/**
 * The web application ResilientWebTier runs by default: a container on port 8000 (see ./app.ts
 * for its routes, ./environment.ts for its environment). Credentials come from Secrets Manager
 * (injected by ECS, or read at start), and the database secret is read again when the server
 * refuses the password (a rotation). On SIGTERM (ECS stopping the task) or SIGINT it stops taking connections, finishes
 * the requests in flight within ECS's 30 s stopTimeout, and exits 0. Writes nothing to disk, so it
 * runs with a read-only root filesystem.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp } from "./app";
import { Cache } from "./cache";
import { DATABASE_SECRET, loadConfig } from "./config";
import { Database, type CredentialSource } from "./database";
import { WEB_APP_ENV } from "./environment";
import { SecretReader } from "../shared/secrets";

/** Within ECS's default stopTimeout (30 s), leaving time to close the connections. */
const STOP_DEADLINE_MS = 25_000;

async function main(): Promise<void> {
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || "web-app" });
  const reader = new SecretReader(new SecretsManagerClient({}), { principal: "the task role" });
  const config = await loadConfig(reader);
  // After a rotation of the database password, a refused login reads the secret again.
  const secretArn = process.env[WEB_APP_ENV.databaseSecretArn]?.trim();
  const credentials: CredentialSource | undefined = secretArn
    ? async () => {
        const secret = await reader.refresh(secretArn, DATABASE_SECRET, WEB_APP_ENV.databaseSecretArn);
        logger.info("database credentials read again after a refused login");
        return { user: secret.username, password: secret.password };
      }
    : undefined;
  const app = createApp({
    database: new Database(config.database, credentials),
    cache: new Cache(config.cache),
    logger,
  });
  await new Promise<void>((resolve) => app.server.listen(config.port, resolve));
  logger.info("listening", { port: config.port, database: config.database.host, cache: config.cache.host });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info("stopping", { signal });
      void app.stop(STOP_DEADLINE_MS).then(() => {
        logger.info("stopped");
        process.exit(0);
      });
    });
  }
}

main().catch((error: unknown) => {
  console.error(
    JSON.stringify({
      level: "ERROR",
      message: "the web application failed to start",
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  process.exit(1);
});
