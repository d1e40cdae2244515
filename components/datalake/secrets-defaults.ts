/**
 * The data lake's secrets (seed 002, "Secrets Manager Layout"): which there are, what each holds,
 * and the secure defaults the component, its tests and the policy rules share.
 */
import { SECRET_ROTATION_BASELINE } from "../../policy/baseline/data";
import { DEFAULT_EXCLUDE_CHARACTERS } from "../../functions/secret-rotation/environment";

/** The secrets of the seed's layout, by the name grants refer to them. */
export const LAKE_SECRET_NAMES = ["mysql", "redis", "grafana", "argocd", "application"] as const;
export type LakeSecretName = (typeof LAKE_SECRET_NAMES)[number];

/** What each secret's JSON holds (its keys), as consumers read it. */
export const LAKE_SECRET_KEYS: Record<LakeSecretName, readonly string[]> = {
  // The structure of Secrets Manager's database rotation (`dbname` is the seed's "Database").
  mysql: ["engine", "host", "port", "username", "password", "dbname"],
  redis: ["engine", "host", "port", "password"],
  grafana: ["username", "password", "url"],
  argocd: ["username", "password", "url"],
  application: ["jwtSecret", "apiKey", "encryptionKey", "webhookSecret"],
};

/**
 * Symbols a generated password may contain besides letters and digits: none of the characters the
 * rotation function excludes from the passwords it generates (quotes, backslash, slash, at-sign,
 * colon), so the first password and every rotated one survive the same clients and URLs.
 */
export const PASSWORD_SPECIALS = "!#$%&*()-_=+[]{}<>?";
if ([...PASSWORD_SPECIALS].some((c) => DEFAULT_EXCLUDE_CHARACTERS.includes(c)))
  throw new Error("PASSWORD_SPECIALS holds a character the rotation excludes");

export const LAKE_SECRETS_DEFAULTS = {
  /** Days a deleted secret can be restored (Secrets Manager's longest window). */
  recoveryWindowInDays: 30,
  /** Days between rotations of the MySQL credential. */
  rotationDays: SECRET_ROTATION_BASELINE.automaticallyAfterDays,
  /**
   * Whether enabling rotation rotates at once. Off: the user must first exist in the database
   * (with the secret's first password); Secrets Manager then checks the configuration by running
   * the function's testSecret step, and the first rotation follows the schedule.
   */
  rotateImmediately: false,
  mysqlUsername: "data_lake",
  mysqlPort: 3306,
  redisPort: 6379,
  redisEngine: "redis",
  operationsUsername: "admin",
  /** Passwords (MySQL, Grafana, ArgoCD): longer than the seed's 16 characters, with symbols. */
  passwordLength: 32,
  /** The Redis AUTH token: letters and digits only (ElastiCache accepts few symbols), 16-128 characters. */
  redisPasswordLength: 32,
  /** The application's secrets, letters and digits (each one a token, not typed by people). */
  jwtSecretLength: 64,
  apiKeyLength: 40,
  encryptionKeyLength: 64,
  webhookSecretLength: 48,
} as const;

/** Secrets Manager's limits on the settings the component takes. */
export const LAKE_SECRETS_LIMITS = {
  /** RecoveryWindowInDays: 7-30 (0, deletion without recovery, is refused: the pack's rule too). */
  recoveryWindowInDays: { min: 7, max: 30 },
  /** RotationRules.AutomaticallyAfterDays: 1-1000. */
  rotationDays: { min: 1, max: 1000 },
} as const;
