/**
 * The environment variables the secret rotation function reads, by name: handler.ts reads them
 * through this object and the component that deploys it (createDatabaseSecretRotation in
 * components/datalake/secrets.ts) sets them through it. Besides these it reads AWS_REGION (set
 * by Lambda) and POWERTOOLS_SERVICE_NAME (set by PlatformFunction to the handler's name).
 */
export const SECRET_ROTATION_ENV = {
  /** (default "rds") "rds": TLS to the database verified against the Amazon RDS authorities; "off": plain TCP (local tests only). */
  databaseTls: "DATABASE_TLS",
  /** (default 32) Length of the passwords GetRandomPassword generates (16-128). */
  passwordLength: "PASSWORD_LENGTH",
  /** (default the characters below) Characters the generated passwords never contain. */
  excludeCharacters: "EXCLUDE_CHARACTERS",
} as const;

/**
 * Characters left out of generated passwords: the quotes, backslash, slash and at-sign that
 * MySQL clients, connection URLs and shells treat specially (what AWS's MySQL rotation
 * functions exclude by default), and the colon of `user:password@host` URLs.
 */
export const DEFAULT_EXCLUDE_CHARACTERS = ":/@\"'\\";
