/**
 * Secrets read from Secrets Manager at start, once per secret (a failed read is not kept, so a
 * later call tries again), and errors that say what to fix: a missing secret names the variable
 * that points at it, a denied one names the permission the task role lacks.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { z } from "zod";

export type SecretsClient = Pick<SecretsManagerClient, "send">;

export class SecretError extends Error {
  override name = "SecretError";
}

export class SecretReader {
  private readonly values = new Map<string, Promise<unknown>>();

  constructor(private readonly client: SecretsClient) {}

  /** The secret's JSON value, checked against `schema`; `variable` names where its ARN came from. */
  json<T>(secretId: string, schema: z.ZodType<T>, variable: string): Promise<T> {
    let value = this.values.get(secretId);
    if (!value) {
      value = this.read(secretId, schema, variable);
      this.values.set(secretId, value);
      value.catch(() => this.values.delete(secretId));
    }
    return value as Promise<T>;
  }

  /** The secret's value read again from Secrets Manager (after a rotation), replacing the cached one. */
  refresh<T>(secretId: string, schema: z.ZodType<T>, variable: string): Promise<T> {
    this.values.delete(secretId);
    return this.json(secretId, schema, variable);
  }

  private async read<T>(secretId: string, schema: z.ZodType<T>, variable: string): Promise<T> {
    let text: string | undefined;
    try {
      text = (await this.client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      throw new SecretError(explain(error, secretId, variable), { cause: error });
    }
    if (text === undefined) throw new SecretError(`secret ${secretId} (${variable}) has no string value`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretError(`secret ${secretId} (${variable}) is not JSON`);
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success)
      throw new SecretError(
        `secret ${secretId} (${variable}) lacks what it needs: ${checked.error.issues
          .map((i) => `${i.path.join(".") || "(value)"}: ${i.message}`)
          .join("; ")}`,
      );
    return checked.data;
  }
}

function explain(error: unknown, secretId: string, variable: string): string {
  const name = (error as { name?: string }).name;
  const where = `secret ${secretId} (${variable})`;
  switch (name) {
    case "ResourceNotFoundException":
      return `${where} does not exist in this region: check ${variable}`;
    case "AccessDeniedException":
      return `${where}: access denied; the task role needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key`;
    case "DecryptionFailure":
      return `${where} cannot be decrypted: the task role needs kms:Decrypt on the secret's key`;
    case "InvalidRequestException":
      return `${where} cannot be read (deleted or scheduled for deletion?): ${(error as Error).message}`;
    default:
      return `${where} could not be read: ${name ?? "Error"}: ${(error as Error).message ?? String(error)}`;
  }
}
