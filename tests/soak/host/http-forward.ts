/** Hands a request on to an emulator on loopback and brings back its whole answer. */
import * as http from "node:http";

export interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te"]);

export function forward(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Exchange> {
  const outgoing: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (!HOP_BY_HOP.has(name) && !name.startsWith(":")) outgoing[name] = value;
  outgoing["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path, headers: outgoing, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => {
        const answer: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name))
            answer[name] = Array.isArray(value) ? value.join(", ") : value;
        resolve({ status: response.statusCode ?? 500, headers: answer, body: Buffer.concat(chunks) });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** An AWS JSON-protocol error answer. */
export function jsonError(status: number, type: string, message: string, contentType: string): Exchange {
  return {
    status,
    headers: { "content-type": contentType, "x-amzn-errortype": type },
    body: Buffer.from(JSON.stringify({ __type: type, message })),
  };
}

export function jsonAnswer(value: unknown, contentType: string): Exchange {
  return { status: 200, headers: { "content-type": contentType }, body: Buffer.from(JSON.stringify(value)) };
}
