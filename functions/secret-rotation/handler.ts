/**
 * The rotation function of a MySQL credential in Secrets Manager (single-user strategy, see
 * ./rotation.ts): Secrets Manager invokes it with `{ Step, SecretId, ClientRequestToken,
 * RotationToken }` four times per rotation. It runs in the database's VPC (private subnets, a
 * security group the database admits) and reaches Secrets Manager through the VPC's interface
 * endpoint.
 *
 * Environment (names in ./environment.ts):
 *   DATABASE_TLS        (default "rds") "rds" or "off"
 *   PASSWORD_LENGTH     (default 32) 16-128
 *   EXCLUDE_CHARACTERS  (default :/@"'\) characters generated passwords never contain
 * A wrong variable fails the invocation naming it; a failed step fails the invocation, and
 * Secrets Manager retries the rotation.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Logger } from "@aws-lambda-powertools/logger";
import { optionalEnv } from "../shared/env";
import { instrumented } from "../shared/powertools";
import { DEFAULT_EXCLUDE_CHARACTERS, SECRET_ROTATION_ENV as E } from "./environment";
import { mysqlAccess } from "./mysql";
import { DEFAULT_PASSWORD_LENGTH, rotate } from "./rotation";

const logger = new Logger();
const secrets = new SecretsManagerClient({});

/** The function's settings from its environment, each variable checked and named when wrong. */
export function rotationSettings(env: NodeJS.ProcessEnv = process.env) {
  const tls = optionalEnv(E.databaseTls, "rds", env);
  if (tls !== "rds" && tls !== "off")
    throw new Error(`environment variable ${E.databaseTls}: ${JSON.stringify(tls)} is not one of rds, off`);
  const lengthText = optionalEnv(E.passwordLength, String(DEFAULT_PASSWORD_LENGTH), env);
  const passwordLength = Number(lengthText);
  if (!Number.isInteger(passwordLength) || passwordLength < 16 || passwordLength > 128)
    throw new Error(
      `environment variable ${E.passwordLength}: ${JSON.stringify(lengthText)} is not a length from 16 to 128`,
    );
  return {
    tls: tls as "rds" | "off",
    passwordLength,
    excludeCharacters: optionalEnv(E.excludeCharacters, DEFAULT_EXCLUDE_CHARACTERS, env),
  };
}

export const handler = instrumented({ logger }, async (event: unknown): Promise<void> => {
  const { tls, ...options } = rotationSettings();
  await rotate(event, secrets, mysqlAccess({ tls }), {
    ...options,
    log: (message, details) => logger.info(message, details ?? {}),
  });
});
