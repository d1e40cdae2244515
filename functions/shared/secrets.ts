/**
 * Secrets read from Secrets Manager at run time, the one reader every function and the web
 * application use: each secret is read once and served from memory for a TTL (default 5 minutes,
 * so a rotated value reaches a running process within that time); an expired value is read
 * again; a failed read is never kept, so the next call tries again. Errors say what to fix: a
 * missing secret names the variable that points at it, a denied read names the permissions the
 * role lacks (secretsmanager:GetSecretValue on the secret, kms:Decrypt on its key).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { z } from "zod";

/** What the reader needs of a Secrets Manager client (a stub in tests). */
export type SecretsClient = Pick<SecretsManagerClient, "send">;

export class SecretError extends Error {
  override name = "SecretError";
}

/** How long a value is served from memory unless the reader is told otherwise. */
export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

export interface SecretReaderOptions {
  /**
   * How long a value read is served from memory, in milliseconds; 0 reads on every call
   * (concurrent calls still share one read), Infinity keeps a value until `refresh`.
   * @default 300000 (5 minutes)
   */
  ttlMs?: number;
  /** The clock, in milliseconds (a fake one in tests). @default Date.now */
  now?: () => number;
  /**
   * Who reads, as an error message names it: "the task role", "the function's role".
   * @default "the role"
   */
  principal?: string;
}

interface Entry {
  text: Promise<string>;
  expiresAt: number;
  /** The value parsed against each schema it was asked for, so a hit returns the same object. */
  parsed: Map<z.ZodType<unknown>, unknown>;
}

export class SecretReader {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly principal: string;

  constructor(
    private readonly client: SecretsClient,
    options: SecretReaderOptions = {},
  ) {
    const ttl = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
    if (!(ttl >= 0))
      throw new RangeError(`SecretReader: ttlMs: ${String(ttl)} is not a number of milliseconds (0 or more)`);
    this.ttlMs = ttl;
    this.now = options.now ?? Date.now;
    this.principal = options.principal ?? "the role";
  }

  /**
   * The secret's string value (from memory while fresh). `variable` names where the secret's ARN
   * came from (an environment variable), for the error messages.
   */
  text(secretId: string, variable?: string): Promise<string> {
    return this.entry(secretId, variable).text;
  }

  /** The secret's JSON value, checked against `schema` (a fresh value is parsed once per schema). */
  async json<T>(secretId: string, schema: z.ZodType<T>, variable?: string): Promise<T> {
    const entry = this.entry(secretId, variable);
    const text = await entry.text;
    if (entry.parsed.has(schema)) return entry.parsed.get(schema) as T;
    try {
      const value = parseSecret(text, schema, describe(secretId, variable));
      entry.parsed.set(schema, value);
      return value;
    } catch (error) {
      // A value that does not parse is not kept either: the next call reads it again.
      this.forget(secretId, entry);
      throw error;
    }
  }

  /** The value read again from Secrets Manager now (after a rotation), replacing the one in memory. */
  refresh<T>(secretId: string, schema: z.ZodType<T>, variable?: string): Promise<T> {
    this.entries.delete(secretId);
    return this.json(secretId, schema, variable);
  }

  /** Drops the value in memory: the next call reads the secret again. */
  invalidate(secretId: string): void {
    this.entries.delete(secretId);
  }

  private entry(secretId: string, variable: string | undefined): Entry {
    const cached = this.entries.get(secretId);
    if (cached && this.now() < cached.expiresAt) return cached;
    const entry: Entry = {
      text: this.read(secretId, variable),
      expiresAt: this.now() + this.ttlMs,
      parsed: new Map(),
    };
    this.entries.set(secretId, entry);
    entry.text.catch(() => this.forget(secretId, entry));
    return entry;
  }

  /** Forgets `entry` unless a newer read has already replaced it. */
  private forget(secretId: string, entry: Entry): void {
    if (this.entries.get(secretId) === entry) this.entries.delete(secretId);
  }

  private async read(secretId: string, variable: string | undefined): Promise<string> {
    const where = describe(secretId, variable);
    let response: { SecretString?: string; SecretBinary?: Uint8Array };
    try {
      response = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    } catch (error) {
      throw new SecretError(explain(error, where, variable, this.principal), { cause: error });
    }
    if (response.SecretString === undefined)
      throw new SecretError(
        `${where} has no string value${response.SecretBinary ? " (it holds a binary value)" : ""}; store its value as a JSON string`,
      );
    return response.SecretString;
  }
}

/** `secret <id> (<VARIABLE>)`, or `secret <id>` when no variable points at it. */
const describe = (secretId: string, variable?: string) =>
  variable ? `secret ${secretId} (${variable})` : `secret ${secretId}`;

/** A secret's string as JSON checked against `schema`; `where` names the secret in the errors. */
export function parseSecret<T>(text: string, schema: z.ZodType<T>, where: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretError(`${where} is not JSON`);
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success)
    throw new SecretError(
      `${where} lacks what it needs: ${checked.error.issues
        .map((i) => `${i.path.join(".") || "(value)"}: ${i.message}`)
        .join("; ")}`,
    );
  return checked.data;
}

function explain(error: unknown, where: string, variable: string | undefined, principal: string): string {
  const name = (error as { name?: string }).name;
  switch (name) {
    case "ResourceNotFoundException":
      return `${where} does not exist in this region: check ${variable ?? "the secret's name or ARN"}`;
    case "AccessDeniedException":
      return `${where}: access denied; ${principal} needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key`;
    case "DecryptionFailure":
      return `${where} cannot be decrypted: ${principal} needs kms:Decrypt on the secret's key, and the key must be enabled`;
    case "InvalidRequestException":
      return `${where} cannot be read (deleted or scheduled for deletion?): ${(error as Error).message}`;
    default:
      return `${where} could not be read: ${name ?? "Error"}: ${(error as Error).message ?? String(error)}`;
  }
}
