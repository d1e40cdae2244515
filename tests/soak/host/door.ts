/**
 * A listening port that can be closed and opened again on the same number: how a region's
 * emulators and proxies stop (clients get "connection refused") and come back with their state.
 */
import * as http from "node:http";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { Exchange } from "./http-forward";

export type Handler = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
) => Promise<Exchange>;

export interface Door {
  readonly port: number;
  close(): Promise<void>;
  open(): Promise<void>;
}

function listen(server: http.Server | http2.Http2Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const headersOf = (raw: http.IncomingHttpHeaders | http2.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : String(value);
  return out;
};

const failure = (error: unknown): Exchange => ({
  status: 500,
  headers: { "content-type": "text/plain" },
  body: Buffer.from(`proxy: ${(error as Error).message}`),
});

/**
 * An existing HTTP server (an emulator's) behind a door. Closing it stops only the listener, as a
 * service's endpoint going away does: kinesalite's own `close` also closes its database, under
 * requests still in flight, whose next read then throws in the emulator's process and ends it
 * ("cannot call iterator() before open()"), which hung a soak until its timeout.
 */
export async function serverDoor(server: http.Server): Promise<Door> {
  return reopenable(
    server,
    () => server.closeAllConnections(),
    (done) => http.Server.prototype.close.call(server, () => done()),
  );
}

/** An HTTP/1.1 server answering with `handler`. */
export function httpDoor(handler: Handler): Promise<Door> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handler(req.method ?? "GET", req.url ?? "/", headersOf(req.headers), Buffer.concat(chunks))
        .catch(failure)
        .then((answer) => {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        });
    });
  });
  server.keepAliveTimeout = 60_000;
  return serverDoor(server);
}

/** An HTTP/2 server without TLS (prior knowledge), answering with `handler`. */
export async function h2Door(handler: Handler): Promise<Door> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      const h = headersOf(headers);
      void handler(h[":method"] ?? "POST", h[":path"] ?? "/", h, Buffer.concat(chunks))
        .catch(failure)
        .then((answer) => {
          if (stream.destroyed) return;
          stream.respond({ ":status": answer.status, ...answer.headers });
          stream.end(answer.body);
        });
    });
    stream.on("error", () => undefined);
  });
  return reopenable(server, () => {
    for (const session of sessions) session.destroy();
  });
}

/** A listening server that closes (dropping its connections with `drop`) and opens again on the same port. */
async function reopenable(
  server: http.Server | http2.Http2Server,
  drop: () => void,
  stopListening: (done: () => void) => void = (done) => server.close(() => done()),
): Promise<Door> {
  let port = await listen(server, 0);
  return {
    get port() {
      return port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        stopListening(resolve);
        drop();
      }),
    open: async () => {
      port = await listen(server, port);
    },
  };
}
