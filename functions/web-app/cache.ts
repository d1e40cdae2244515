/**
 * The application's cache (ElastiCache Redis, or any Redis server): one connection that
 * reconnects by itself, and commands that fail at once while it is down (no offline queue), so a
 * request never waits on a cache that is not there.
 */
import Redis from "ioredis";

export interface CacheConfig {
  host: string;
  port: number;
  /** The replication group's auth token (AUTH); none for a local server without one. */
  authToken?: string;
  /** ElastiCache's in-transit encryption. */
  tls: boolean;
  /** @default 2000 */
  connectTimeoutMs?: number;
}

export class Cache {
  private readonly redis: Redis;

  constructor(config: CacheConfig) {
    this.redis = new Redis({
      host: config.host,
      port: config.port,
      ...(config.authToken ? { password: config.authToken } : {}),
      ...(config.tls ? { tls: { servername: config.host } } : {}),
      connectTimeout: config.connectTimeoutMs ?? 2000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Reconnect forever, backing off to a try every 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    // Errors reach the commands that fail; the connection's own events would otherwise be unhandled.
    this.redis.on("error", () => undefined);
  }

  /** PING, once the connection is up (it may still be connecting, or reconnecting), within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<void> {
    await withTimeout(
      this.connected(timeoutMs).then(() => this.redis.ping()),
      timeoutMs,
      "cache ping",
    );
  }

  private connected(timeoutMs: number): Promise<void> {
    if (this.redis.status === "ready") return Promise.resolve();
    return new Promise((resolve) => {
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      // Given up with the ping (withTimeout rejects it then); the listener must not outlive it.
      const timer = setTimeout(() => this.redis.off("ready", ready), timeoutMs);
      this.redis.once("ready", ready);
    });
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, "EX", ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
