/**
 * The real services every project machine (a developer's, CI's) runs on loopback: MariaDB (the
 * MySQL protocol, as Aurora MySQL speaks it; root with an empty password, database `test`),
 * PostgreSQL and Redis. A suite that needs one skips where it is not reachable, saying which.
 */
import { spawnSync } from "node:child_process";
import * as net from "node:net";

export const SERVICES = {
  mariadb: { host: "127.0.0.1", port: 3306 },
  postgres: { host: "127.0.0.1", port: 5432 },
  redis: { host: "127.0.0.1", port: 6379 },
} as const;

export type ServiceName = keyof typeof SERVICES;

/**
 * Undefined when every service named answers on its port; else the line a skipped suite shows.
 * Synchronous (a short child process), so that `describe.skipIf` can use it.
 */
export function missingServices(...names: ServiceName[]): string | undefined {
  const probe = `
    const net = require("node:net");
    const targets = JSON.parse(process.argv[1]);
    Promise.all(targets.map(({ host, port }) => new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (up) => { socket.destroy(); resolve(up); };
      socket.setTimeout(500, () => done(false));
      socket.once("connect", () => done(true));
      socket.once("error", () => done(false));
    }))).then((up) => process.stdout.write(JSON.stringify(up)));`;
  const result = spawnSync(process.execPath, ["-e", probe, JSON.stringify(names.map((n) => SERVICES[n]))], {
    encoding: "utf8",
    timeout: 5000,
  });
  const up = JSON.parse(result.stdout || "[]") as boolean[];
  const down = names.filter((_, i) => up[i] !== true);
  if (down.length === 0) return undefined;
  return `skipped: ${down.map((n) => `${n} (${SERVICES[n].host}:${SERVICES[n].port})`).join(", ")} not reachable; the README's Testing section says what these suites need`;
}

/** A loopback port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
