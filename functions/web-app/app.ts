/**
 * The web application's HTTP server:
 *
 *   GET /health      200 when the database and the cache both answer within a second, else 503;
 *                    the body says which one failed (the load balancer's and ECS's health check)
 *   GET /items/:id   the item, from the cache when it is there (x-cache: hit), else from the
 *                    database, then cached for a minute (x-cache: miss); 404 when there is none
 *   PUT /items/:id   `{"value": "..."}`: writes the item to the database and drops it from the cache
 *
 * The cache only speeds reads up: when it is down, reads and writes still work (and /health says
 * so). One JSON log line per request. `stop` stops taking connections, lets the requests in
 * flight finish (up to a deadline), then closes the database and cache connections.
 */
import * as http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { LogSink } from "../shared/log";
import type { Cache } from "./cache";
import type { Database, Item } from "./database";

export interface AppDeps {
  database: Pick<Database, "ping" | "getItem" | "putItem" | "close">;
  cache: Pick<Cache, "ping" | "get" | "set" | "delete" | "close">;
  logger: LogSink;
  /** @default 1000 */
  healthTimeoutMs?: number;
}

export interface App {
  server: http.Server;
  /** Stops taking connections and waits for the requests in flight (at most `deadlineMs`), then closes the connections to the database and cache. */
  stop(deadlineMs: number): Promise<void>;
}

const ITEM_PATH = /^\/items\/([A-Za-z0-9_-]{1,64})$/;
const ITEM_BODY = z.object({ value: z.string().max(4096) }).strict();
const MAX_BODY_BYTES = 16 * 1024;
const CACHE_TTL_SECONDS = 60;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createApp(deps: AppDeps): App {
  const { database, cache, logger } = deps;
  const healthTimeoutMs = deps.healthTimeoutMs ?? 1000;
  let inFlight = 0;
  let stopping = false;
  let drained: (() => void) | undefined;

  async function health(): Promise<[number, unknown]> {
    const check = (ping: Promise<void>) =>
      ping.then(
        () => "ok",
        (error: unknown) => `unreachable: ${(error as Error).message}`,
      );
    const [db, redis] = await Promise.all([check(database.ping(healthTimeoutMs)), check(cache.ping(healthTimeoutMs))]);
    const ok = db === "ok" && redis === "ok";
    return [ok ? 200 : 503, { status: ok ? "ok" : "unavailable", checks: { database: db, cache: redis } }];
  }

  async function readItem(id: string, res: http.ServerResponse): Promise<[number, unknown]> {
    const key = `item:${id}`;
    const cached = await cache.get(key).catch((error: unknown) => {
      logger.warn("cache read failed; reading the database", { key, error: (error as Error).message });
      return null;
    });
    if (cached !== null) {
      res.setHeader("x-cache", "hit");
      return [200, JSON.parse(cached) as Item];
    }
    res.setHeader("x-cache", "miss");
    const item = await database.getItem(id);
    if (!item) throw new HttpError(404, `no item ${id}`);
    await cache.set(key, JSON.stringify(item), CACHE_TTL_SECONDS).catch((error: unknown) => {
      logger.warn("cache write failed", { key, error: (error as Error).message });
    });
    return [200, item];
  }

  async function writeItem(id: string, req: http.IncomingMessage): Promise<[number, unknown]> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, "the body is not JSON");
    }
    const parsed = ITEM_BODY.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'the body must be {"value": a string of at most 4096 characters}');
    const item = await database.putItem(id, parsed.data.value);
    // Dropped, not overwritten: a reader that raced the write cannot leave the old value cached for long.
    await cache.delete(`item:${id}`).catch((error: unknown) => {
      logger.warn("cache invalidation failed", { id, error: (error as Error).message });
    });
    return [200, item];
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<[number, unknown]> {
    const path = new URL(req.url ?? "/", "http://app").pathname;
    if (path === "/health") {
      if (req.method !== "GET") throw new HttpError(405, "GET only");
      return health();
    }
    const item = ITEM_PATH.exec(path);
    if (item) {
      if (req.method === "GET") return readItem(item[1]!, res);
      if (req.method === "PUT") return writeItem(item[1]!, req);
      throw new HttpError(405, "GET or PUT only");
    }
    throw new HttpError(404, "not found");
  }

  const server = http.createServer((req, res) => {
    const started = Date.now();
    inFlight++;
    if (stopping) res.setHeader("connection", "close");
    void route(req, res)
      .catch((error: unknown): [number, unknown] => {
        if (error instanceof HttpError) return [error.status, { error: error.message }];
        logger.error("request failed", { method: req.method, path: req.url, error: (error as Error).message });
        return [500, { error: "internal error" }];
      })
      .then(([status, body]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
        logger.info("request", { method: req.method, path: req.url, status, durationMs: Date.now() - started });
      })
      .finally(() => {
        inFlight--;
        if (stopping && inFlight === 0) drained?.();
      });
  });
  // Longer than the load balancer's idle timeout (60 s), so the balancer closes idle connections first.
  server.keepAliveTimeout = 65_000;

  async function stop(deadlineMs: number): Promise<void> {
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      const finished = new Promise<void>((resolve) => (drained = resolve));
      const late = await Promise.race([finished.then(() => false), sleep(deadlineMs, true, { ref: false })]);
      if (late) logger.warn("stopping with requests still in flight", { inFlight });
    }
    server.closeAllConnections();
    await closed;
    await Promise.allSettled([database.close(), cache.close()]);
  }

  return { server, stop };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `the body is over ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
