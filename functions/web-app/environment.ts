/**
 * The environment variables the web application reads, by name: main.ts reads them through this
 * object, and the component that defines its container sets them through it.
 */
export const WEB_APP_ENV = {
  /** (default 8000) The port it listens on. */
  port: "PORT",
  /**
   * (required unless DATABASE_USERNAME and DATABASE_PASSWORD are injected) The Secrets Manager secret of the database credentials, JSON as RDS writes it:
   * `username`, `password`, and optionally `host`, `port`, `dbname`.
   */
  databaseSecretArn: "DATABASE_SECRET_ARN",
  /**
   * (optional) The database user and password, injected by ECS from the secret (the tier does
   * this: the execution role reads the secret, the task needs no access to it). When both are
   * set, the application does not read `DATABASE_SECRET_ARN` itself.
   */
  databaseUsername: "DATABASE_USERNAME",
  databasePassword: "DATABASE_PASSWORD",
  /** (default: the secret's `host`) The cluster's writer endpoint. */
  databaseHost: "DATABASE_HOST",
  /** (default: the secret's `port`, else 3306) */
  databasePort: "DATABASE_PORT",
  /** (default: the secret's `dbname`, else "app") */
  databaseName: "DATABASE_NAME",
  /** (default "rds") "rds": TLS verified against the Amazon RDS certificate authorities; "off": plain TCP, for a local server. */
  databaseTls: "DATABASE_TLS",
  /**
   * The Secrets Manager secret of the cache's auth token, JSON: `{ "authToken": "..." }`. The tier
   * always sets it; without it the application connects without AUTH (a local server).
   */
  cacheSecretArn: "CACHE_SECRET_ARN",
  /** (optional) The cache's AUTH token, injected by ECS from the secret; when set, `CACHE_SECRET_ARN` is not read. */
  cacheAuthToken: "CACHE_AUTH_TOKEN",
  /** (required) The replication group's primary endpoint. */
  cacheHost: "CACHE_HOST",
  /** (default 6379) */
  cachePort: "CACHE_PORT",
  /** (default "on") "on": TLS, as ElastiCache's in-transit encryption requires; "off": plain TCP, for a local server. */
  cacheTls: "CACHE_TLS",
} as const;
