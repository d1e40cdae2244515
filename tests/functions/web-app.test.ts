/**
 * The web application (functions/web-app) over real connections: MariaDB as Aurora MySQL, Redis as
 * ElastiCache, both on loopback (tests/support/services.ts). Each run uses a database of its own.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import * as mysql from "mysql2/promise";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { taskImageContext } from "../../components/compute/task-image";
import { createApp, type App } from "../../functions/web-app/app";
import { Cache } from "../../functions/web-app/cache";
import { Database, type DatabaseConfig } from "../../functions/web-app/database";
import { SILENT } from "../../functions/shared/log";
import { JsonServer } from "../support/json-server";
import { closedPort, missingServices, SERVICES } from "../support/services";

const missing = missingServices("mariadb", "redis");
const DB_NAME = `web_app_test_${process.pid}_${Date.now() % 100_000}`;
const RUN = `${process.pid}-${Date.now()}`;
const APP_USER = `web_app_${process.pid}`;
const APP_PASSWORD = "a-test-password";
const ROTATED_USER = `web_rot_${process.pid}`;

const databaseConfig = (overrides: Partial<DatabaseConfig> = {}): DatabaseConfig => ({
  ...SERVICES.mariadb,
  user: "root",
  password: "",
  database: DB_NAME,
  tls: "off",
  connectTimeoutMs: 1000,
  ...overrides,
});
const cacheConfig = (port: number = SERVICES.redis.port) => ({
  host: SERVICES.redis.host,
  port,
  tls: false,
  connectTimeoutMs: 500,
});

let admin: mysql.Connection;
const running: App[] = [];

async function serve(deps: Partial<Parameters<typeof createApp>[0]> = {}): Promise<{ app: App; url: string }> {
  const app = createApp({
    database: new Database(databaseConfig()),
    cache: new Cache(cacheConfig()),
    logger: SILENT,
    healthTimeoutMs: 500,
    ...deps,
  });
  running.push(app);
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const json = async (response: Response) => ({
  status: response.status,
  cache: response.headers.get("x-cache"),
  body: (await response.json()) as Record<string, unknown>,
});
const put = (url: string, body: unknown) =>
  fetch(url, { method: "PUT", body: typeof body === "string" ? body : JSON.stringify(body) }).then(json);
const get = (url: string) => fetch(url).then(json);

describe.skipIf(missing)(`the web application${missing ? ` (${missing})` : ""}`, () => {
  beforeAll(async () => {
    admin = await mysql.createConnection({ ...SERVICES.mariadb, user: "root", password: "" });
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.stop(1000)));
  });
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
    await admin?.query(`DROP USER IF EXISTS '${APP_USER}'@'127.0.0.1'`);
    await admin?.query(`DROP USER IF EXISTS '${ROTATED_USER}'@'127.0.0.1'`);
    await admin?.end();
  });

  describe("GET /health", () => {
    it("answers 200 when the database and the cache both answer", async () => {
      const { url } = await serve();
      expect(await get(`${url}/health`)).toMatchObject({
        status: 200,
        body: { status: "ok", checks: { database: "ok", cache: "ok" } },
      });
    });

    it("answers 503 naming the database when it is unreachable", async () => {
      const { url } = await serve({ database: new Database(databaseConfig({ port: await closedPort() })) });
      const health = await get(`${url}/health`);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: "unavailable", checks: { cache: "ok" } });
      expect((health.body.checks as Record<string, string>).database).toMatch(/^unreachable: /);
    });

    it("insists on TLS to the database by default (the RDS authorities): a server that offers none is unreachable, never used in plaintext", async () => {
      const { url } = await serve({ database: new Database(databaseConfig({ tls: "rds" })) });
      const health = await get(`${url}/health`);
      expect(health.status).toBe(503);
      expect((health.body.checks as Record<string, string>).database).toMatch(
        /^unreachable: .*(secure|SSL|TLS|certificate)/i,
      );
    });

    it("answers 503 naming the cache when it is unreachable, while items are still read and written", async () => {
      const { url } = await serve({ cache: new Cache(cacheConfig(await closedPort())) });
      const health = await get(`${url}/health`);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: "unavailable", checks: { database: "ok" } });
      expect((health.body.checks as Record<string, string>).cache).toMatch(/^unreachable: /);

      const id = `no-cache-${RUN}`;
      expect((await put(`${url}/items/${id}`, { value: "kept" })).status).toBe(200);
      expect(await get(`${url}/items/${id}`)).toMatchObject({ status: 200, body: { id, value: "kept" } });
    });
  });

  describe("/items/:id", () => {
    it("writes to the database, reads through the cache (a miss, then a hit), and a write drops the cached copy", async () => {
      const { url } = await serve();
      const id = `item-${RUN}`;
      const written = await put(`${url}/items/${id}`, { value: "first" });
      expect(written).toMatchObject({ status: 200, body: { id, value: "first" } });
      const [[row]] = await admin.query<mysql.RowDataPacket[]>(`SELECT value FROM ${DB_NAME}.items WHERE id = ?`, [id]);
      expect(row?.value).toBe("first");

      expect(await get(`${url}/items/${id}`)).toMatchObject({ status: 200, cache: "miss", body: { value: "first" } });
      expect(await get(`${url}/items/${id}`)).toMatchObject({ status: 200, cache: "hit", body: { value: "first" } });

      await put(`${url}/items/${id}`, { value: "second" });
      expect(await get(`${url}/items/${id}`)).toMatchObject({ status: 200, cache: "miss", body: { value: "second" } });
    });

    it("answers 404 for an item that does not exist, 400 for a body that is not {value: string}, 405 for another method, 413 for a body over 16 KB", async () => {
      const { url } = await serve();
      expect((await get(`${url}/items/absent-${RUN}`)).status).toBe(404);
      expect((await put(`${url}/items/x`, "not json")).status).toBe(400);
      expect((await put(`${url}/items/x`, { value: 42 })).status).toBe(400);
      expect((await put(`${url}/items/x`, { value: "v", other: 1 })).status).toBe(400);
      expect((await fetch(`${url}/items/x`, { method: "DELETE" })).status).toBe(405);
      expect((await put(`${url}/items/x`, { value: "v".repeat(17 * 1024) })).status).toBe(413);
      expect((await get(`${url}/items/${"x".repeat(65)}`)).status).toBe(404);
      expect((await get(`${url}/nothing`)).status).toBe(404);
    });

    it("keeps working after the database drops its connections (the pool reconnects)", async () => {
      const { url } = await serve();
      const id = `reconnect-${RUN}`;
      await put(`${url}/items/${id}`, { value: "before" });
      const [connections] = await admin.query<mysql.RowDataPacket[]>(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?",
        [DB_NAME],
      );
      expect(connections.length).toBeGreaterThan(0);
      for (const c of connections) await admin.query(`KILL ${Number(c.ID)}`);

      expect(await put(`${url}/items/${id}`, { value: "after" })).toMatchObject({
        status: 200,
        body: { value: "after" },
      });
      expect((await get(`${url}/health`)).status).toBe(200);
    });
    it("runs a statement again on a new connection when its connection drops in the middle of it (as in a failover)", async () => {
      const { url } = await serve();
      const id = `mid-statement-${RUN}`;
      await put(`${url}/items/${id}`, { value: "before" });
      const locker = await mysql.createConnection({ ...SERVICES.mariadb, user: "root", password: "" });
      await locker.query(`LOCK TABLES ${DB_NAME}.items WRITE`);
      const pending = put(`${url}/items/${id}`, { value: "after" });
      let victim: number | undefined;
      for (let i = 0; i < 100 && victim === undefined; i++) {
        const [rows] = await admin.query<mysql.RowDataPacket[]>(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'INSERT INTO items%'",
          [DB_NAME],
        );
        victim = rows[0]?.ID as number | undefined;
        if (victim === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(victim, "the write waiting on the table lock").toBeDefined();
      await admin.query(`KILL ${Number(victim)}`);
      await locker.query("UNLOCK TABLES");
      await locker.end();

      expect(await pending).toMatchObject({ status: 200, body: { value: "after" } });
    });

    it("reads the credentials again when the database refuses the password (a rotation), once, and carries on", async () => {
      await admin.query(`CREATE USER '${ROTATED_USER}'@'127.0.0.1' IDENTIFIED BY 'before-rotation'`);
      await admin.query(`GRANT ALL ON ${DB_NAME}.* TO '${ROTATED_USER}'@'127.0.0.1'`);
      let current = "before-rotation";
      let reads = 0;
      const database = new Database(databaseConfig({ user: ROTATED_USER, password: current }), () => {
        reads++;
        return Promise.resolve({ user: ROTATED_USER, password: current });
      });
      const { url } = await serve({ database });
      const id = `rotation-${RUN}`;
      await put(`${url}/items/${id}`, { value: "before" });

      // The rotation function sets a new password and stores it in the secret; open connections stay.
      current = "after-rotation";
      await admin.query(`ALTER USER '${ROTATED_USER}'@'127.0.0.1' IDENTIFIED BY '${current}'`);
      const [connections] = await admin.query<mysql.RowDataPacket[]>(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?",
        [ROTATED_USER],
      );
      for (const c of connections) await admin.query(`KILL ${Number(c.ID)}`);

      expect(await put(`${url}/items/${id}`, { value: "after" })).toMatchObject({
        status: 200,
        body: { value: "after" },
      });
      expect(reads).toBe(1);
      expect(await get(`${url}/items/${id}`)).toMatchObject({ status: 200, body: { value: "after" } });
      expect(reads).toBe(1);
    });

    it("without a source of credentials, a refused password fails the request and is not retried", async () => {
      const database = new Database(databaseConfig({ user: ROTATED_USER, password: "never-right" }));
      const { url } = await serve({ database });
      expect((await put(`${url}/items/refused-${RUN}`, { value: "x" })).status).toBe(500);
    });
  });

  describe("stopping (SIGTERM)", () => {
    it("takes no new connections, finishes the request in flight, then closes its database and cache connections", async () => {
      const closed: string[] = [];
      const database = new Database(databaseConfig());
      const cache = new Cache(cacheConfig());
      const { app, url } = await serve({
        database: Object.assign(Object.create(database) as Database, {
          close: () => database.close().then(() => closed.push("database")),
        }),
        cache: Object.assign(Object.create(cache) as Cache, {
          close: () => cache.close().then(() => closed.push("cache")),
        }),
      });
      running.pop();
      const id = `in-flight-${RUN}`;
      const body = JSON.stringify({ value: "finished" });
      // A request whose body is only half sent when the stop begins.
      const response = new Promise<number>((resolve, reject) => {
        const req = http.request(`${url}/items/${id}`, {
          method: "PUT",
          headers: { "content-length": Buffer.byteLength(body) },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.write(body.slice(0, 5));
        setTimeout(() => req.end(body.slice(5)), 300);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stopped = app.stop(5000);

      await expect(fetch(`${url}/health`)).rejects.toThrow();
      expect(await response).toBe(200);
      await stopped;
      expect(closed.sort()).toEqual(["cache", "database"]);
      const [[row]] = await admin.query<mysql.RowDataPacket[]>(`SELECT value FROM ${DB_NAME}.items WHERE id = ?`, [id]);
      expect(row?.value).toBe("finished");
    });
  });

  describe("as its image runs it", () => {
    it("starts from its build context alone (the bundle and the Dockerfile), reads its credentials from Secrets Manager, serves /health and items, and exits 0 on SIGTERM", async () => {
      const contextsDir = fs.mkdtempSync(path.join(os.tmpdir(), "web-app-"));
      const outDir = path.resolve(taskImageContext("web-app", { contextsDir }).context);
      expect(fs.readdirSync(outDir).sort()).toEqual(["Dockerfile", "main.js", "main.js.map"]);
      const dockerfile = fs.readFileSync(path.join(outDir, "Dockerfile"), "utf8");
      expect(dockerfile).toMatch(/^USER 1000:1000$/m);
      expect(dockerfile).toMatch(/^EXPOSE 8000$/m);

      const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
      const asked: string[] = [];
      const secrets = new JsonServer("application/x-amz-json-1.1", {
        GetSecretValue: async (input) => {
          asked.push(String(input.SecretId));
          return {
            ARN: secretArn,
            Name: "db",
            SecretString: JSON.stringify({ username: APP_USER, password: APP_PASSWORD }),
          };
        },
      });
      const endpoint = await secrets.start();
      const port = await closedPort();
      // A secret's password is never empty (local root's is): a user of this run's own.
      await admin.query(`CREATE USER '${APP_USER}'@'127.0.0.1' IDENTIFIED BY '${APP_PASSWORD}'`);
      await admin.query(`GRANT ALL ON ${DB_NAME}.* TO '${APP_USER}'@'127.0.0.1'`);
      const child = spawn(process.execPath, [path.join(outDir, "main.js")], {
        cwd: outDir,
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          DATABASE_SECRET_ARN: secretArn,
          DATABASE_HOST: SERVICES.mariadb.host,
          DATABASE_NAME: DB_NAME,
          DATABASE_TLS: "off",
          CACHE_HOST: SERVICES.redis.host,
          CACHE_TLS: "off",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        for (let i = 0; i < 100 && !output.includes('"listening"'); i++) await new Promise((r) => setTimeout(r, 50));
        expect(output, output).toContain('"message":"listening"');
        const url = `http://127.0.0.1:${port}`;
        expect((await get(`${url}/health`)).status).toBe(200);
        expect((await put(`${url}/items/process-${RUN}`, { value: "from the image" })).status).toBe(200);
        expect(asked).toEqual([secretArn]);
      } finally {
        child.kill("SIGTERM");
        await secrets.stop();
      }
      expect(await exited, output).toBe(0);
      expect(output).toContain('"message":"stopped"');
      // Structured logs: every line is JSON.
      for (const line of output.trim().split("\n")) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
      fs.rmSync(contextsDir, { recursive: true, force: true });
    }, 60_000);
  });
});
