/**
 * Rotation of a MySQL credential held in Secrets Manager, single-user strategy: the four steps
 * Secrets Manager calls, each with the standard checks (the secret has rotation enabled, the
 * version is staged AWSPENDING, a version already AWSCURRENT is done) and safe to run again.
 *
 *   createSecret  a new password from GetRandomPassword, stored as the AWSPENDING version (the
 *                 current value's other fields kept); nothing if that version already exists
 *   setSecret     logs in with the current credential (or the previous one, after a rotation
 *                 that set the password but did not finish) and changes the account's own
 *                 password to the pending one; nothing if the pending one already logs in
 *   testSecret    logs in with the pending credential
 *   finishSecret  moves AWSCURRENT to the pending version (Secrets Manager moves AWSPREVIOUS)
 *
 * Why single-user: the account changes its own password, so the function needs no other
 * credential than the one it rotates, and its role can read and write exactly that one secret
 * (the alternating-users strategy needs a master secret, which would give the function, and
 * anyone who can change it, the keys to every account of the database). The cost is a moment
 * between setSecret and finishSecret when the database already wants the new password and a
 * client still holds the old one: clients read the secret again when a login is refused
 * (functions/shared/secrets.ts `refresh`; the web app does), and connections already open stay up.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { DEFAULT_EXCLUDE_CHARACTERS } from "./environment";

export type SecretsClient = Pick<SecretsManagerClient, "send">;

export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What Secrets Manager invokes the function with. */
export interface RotationEvent {
  Step: RotationStep;
  SecretId: string;
  ClientRequestToken: string;
  /** Present on current invocations; passed back on PutSecretValue. */
  RotationToken?: string;
}

/**
 * The database credential's JSON: the structure Secrets Manager's database rotation uses (extra
 * fields are kept). Checked by hand, not with zod: the function's bundle stays small.
 */
export interface DatabaseCredential {
  engine?: "mysql";
  host: string;
  /** @default 3306 */
  port: number;
  username: string;
  password: string;
  dbname?: string;
  [extra: string]: unknown;
}

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** The event's problems (field: what is wrong), none for a rotation event. */
function eventProblems(event: unknown): string[] {
  if (!event || typeof event !== "object") return ["(event): not an object"];
  const e = event as Record<string, unknown>;
  return [
    ...(ROTATION_STEPS.includes(e.Step as RotationStep)
      ? []
      : [`Step: ${JSON.stringify(e.Step)} is not one of ${ROTATION_STEPS.join(", ")}`]),
    ...(["SecretId", "ClientRequestToken"] as const).filter((k) => !isText(e[k])).map((k) => `${k}: missing or empty`),
    ...(e.RotationToken === undefined || isText(e.RotationToken) ? [] : ["RotationToken: not a string"]),
  ];
}

/** The credential in `raw`, or its problems (field: what is wrong). */
export function parseCredential(raw: Record<string, unknown>): DatabaseCredential | string[] {
  const problems: string[] = [];
  for (const key of ["host", "username", "password"] as const)
    if (!isText(raw[key])) problems.push(`${key}: missing or not a non-empty string`);
  if (raw.engine !== undefined && raw.engine !== "mysql")
    problems.push(`engine: ${JSON.stringify(raw.engine)} is not mysql`);
  if (raw.dbname !== undefined && !isText(raw.dbname)) problems.push("dbname: not a non-empty string");
  const port = raw.port === undefined ? 3306 : Number(raw.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || (typeof raw.port === "string" && raw.port.trim() === ""))
    problems.push(`port: ${JSON.stringify(raw.port)} is not a port (1-65535)`);
  return problems.length ? problems : ({ ...raw, port } as DatabaseCredential);
}

/** What the rotation needs of the database (MySQL in ./mysql.ts, a stub in tests). */
export interface DatabaseAccess {
  /** True when the server accepts the credential, false when it refuses the login; rejects on any other error (unreachable, TLS). */
  canLogIn(credential: DatabaseCredential): Promise<boolean>;
  /** Logged in as `login`, sets that account's own password to `password`. */
  setOwnPassword(login: DatabaseCredential, password: string): Promise<void>;
}

export interface RotationOptions {
  /** Length of generated passwords. @default 32 */
  passwordLength?: number;
  /** Characters generated passwords never contain. @default DEFAULT_EXCLUDE_CHARACTERS */
  excludeCharacters?: string;
  /** Where progress is logged (never a secret value). @default nothing logged */
  log?: (message: string, details?: Record<string, unknown>) => void;
}

export const DEFAULT_PASSWORD_LENGTH = 32;

/** A rotation that cannot go on: the message names the secret, the version and what is wrong. */
export class RotationError extends Error {
  override name = "RotationError";
}

const AWSCURRENT = "AWSCURRENT";
const AWSPENDING = "AWSPENDING";
const AWSPREVIOUS = "AWSPREVIOUS";

/** Runs one step of a rotation, after the checks every step makes. */
export async function rotate(
  event: unknown,
  secrets: SecretsClient,
  database: DatabaseAccess,
  options: RotationOptions = {},
): Promise<void> {
  const problems = eventProblems(event);
  if (problems.length) throw new RotationError(`not a Secrets Manager rotation event: ${problems.join("; ")}`);
  const rotation = event as RotationEvent;
  const { Step: step, SecretId: secretId, ClientRequestToken: token } = rotation;
  const log = options.log ?? (() => undefined);

  const metadata = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!metadata.RotationEnabled) throw new RotationError(`secret ${secretId} is not enabled for rotation`);
  const versions = metadata.VersionIdsToStages ?? {};
  const stages = versions[token];
  if (!stages) throw new RotationError(`version ${token} of secret ${secretId} has no stage for rotation`);
  if (stages.includes(AWSCURRENT)) {
    log("version already AWSCURRENT: nothing to do", { step, secretId, token });
    return;
  }
  if (!stages.includes(AWSPENDING))
    throw new RotationError(`version ${token} of secret ${secretId} is not staged ${AWSPENDING} for rotation`);

  const steps: Record<RotationStep, () => Promise<void>> = {
    createSecret: () => createSecret(secrets, rotation, options, log),
    setSecret: () => setSecret(secrets, database, secretId, token, log),
    testSecret: () => testSecret(secrets, database, secretId, token, log),
    finishSecret: () => finishSecret(secrets, secretId, token, versions, log),
  };
  await steps[step]();
}

const isNotFound = (error: unknown) => (error as { name?: string }).name === "ResourceNotFoundException";

/** The raw JSON of a version (by stage, and version id), or undefined when no such version exists. */
async function readVersion(
  secrets: SecretsClient,
  secretId: string,
  stage: string,
  versionId?: string,
): Promise<Record<string, unknown> | undefined> {
  let text: string | undefined;
  try {
    const response = await secrets.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        VersionStage: stage,
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
    text = response.SecretString;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const where = `the ${stage} version${versionId ? ` ${versionId}` : ""} of secret ${secretId}`;
  if (text === undefined) throw new RotationError(`${where} has no string value`);
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new RotationError(`${where} is not a JSON object`);
}

/** A version's credential, checked; fails naming the version when it is missing or malformed. */
async function credentialOf(
  secrets: SecretsClient,
  secretId: string,
  stage: string,
  versionId?: string,
): Promise<DatabaseCredential | undefined> {
  const raw = await readVersion(secrets, secretId, stage, versionId);
  if (!raw) return undefined;
  const checked = parseCredential(raw);
  if (Array.isArray(checked))
    throw new RotationError(
      `the ${stage} version of secret ${secretId} is not a MySQL credential: ${checked.join("; ")}`,
    );
  return checked;
}

async function required(
  secrets: SecretsClient,
  secretId: string,
  stage: string,
  versionId?: string,
): Promise<DatabaseCredential> {
  const credential = await credentialOf(secrets, secretId, stage, versionId);
  if (!credential)
    throw new RotationError(`secret ${secretId} has no ${stage} version${versionId ? ` ${versionId}` : ""}`);
  return credential;
}

async function createSecret(
  secrets: SecretsClient,
  event: RotationEvent,
  options: RotationOptions,
  log: NonNullable<RotationOptions["log"]>,
): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token } = event;
  const currentRaw = await readVersion(secrets, secretId, AWSCURRENT);
  if (!currentRaw) throw new RotationError(`secret ${secretId} has no ${AWSCURRENT} version`);
  // Checked, so that a malformed current value stops the rotation before it creates anything.
  await required(secrets, secretId, AWSCURRENT);
  if (await readVersion(secrets, secretId, AWSPENDING, token)) {
    log("pending version already created", { secretId, token });
    return;
  }
  const generated = await secrets.send(
    new GetRandomPasswordCommand({
      PasswordLength: options.passwordLength ?? DEFAULT_PASSWORD_LENGTH,
      ExcludeCharacters: options.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
      RequireEachIncludedType: true,
    }),
  );
  if (!generated.RandomPassword) throw new RotationError("GetRandomPassword returned no password");
  await secrets.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: token,
      SecretString: JSON.stringify({ ...currentRaw, password: generated.RandomPassword }),
      VersionStages: [AWSPENDING],
      ...(event.RotationToken ? { RotationToken: event.RotationToken } : {}),
    }),
  );
  log("pending version created", { secretId, token });
}

async function setSecret(
  secrets: SecretsClient,
  database: DatabaseAccess,
  secretId: string,
  token: string,
  log: NonNullable<RotationOptions["log"]>,
): Promise<void> {
  const pending = await required(secrets, secretId, AWSPENDING, token);
  const current = await required(secrets, secretId, AWSCURRENT);
  for (const field of ["username", "host", "port"] as const) {
    if (pending[field] !== current[field])
      throw new RotationError(
        `the pending version ${token} of secret ${secretId} changes ${field} (${JSON.stringify(current[field])} to ${JSON.stringify(pending[field])}); single-user rotation changes only the password`,
      );
  }
  if (await database.canLogIn(pending)) {
    log("pending password already set in the database", { secretId, token });
    return;
  }
  // The current password, or the previous one when an earlier rotation set the password but did not finish.
  const candidates: [string, DatabaseCredential | undefined][] = [
    [AWSCURRENT, current],
    [AWSPREVIOUS, await credentialOf(secrets, secretId, AWSPREVIOUS)],
  ];
  for (const [stage, candidate] of candidates) {
    if (!candidate || candidate.username !== pending.username) continue;
    if (await database.canLogIn(candidate)) {
      await database.setOwnPassword(candidate, pending.password);
      log("password changed in the database", { secretId, token, loggedInWith: stage });
      return;
    }
  }
  throw new RotationError(
    `cannot log in to ${pending.host}:${pending.port} as ${pending.username} with the previous, current or pending password of secret ${secretId}`,
  );
}

async function testSecret(
  secrets: SecretsClient,
  database: DatabaseAccess,
  secretId: string,
  token: string,
  log: NonNullable<RotationOptions["log"]>,
): Promise<void> {
  const pending = await required(secrets, secretId, AWSPENDING, token);
  if (!(await database.canLogIn(pending)))
    throw new RotationError(
      `the database ${pending.host}:${pending.port} refuses ${pending.username} with the pending password of secret ${secretId} (version ${token})`,
    );
  log("pending password logs in", { secretId, token });
}

async function finishSecret(
  secrets: SecretsClient,
  secretId: string,
  token: string,
  versions: Record<string, string[]>,
  log: NonNullable<RotationOptions["log"]>,
): Promise<void> {
  const current = Object.entries(versions).find(([, stages]) => stages.includes(AWSCURRENT))?.[0];
  await secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: AWSCURRENT,
      MoveToVersionId: token,
      ...(current ? { RemoveFromVersionId: current } : {}),
    }),
  );
  log("AWSCURRENT moved to the new version", { secretId, token, previous: current });
}
