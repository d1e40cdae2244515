/** A loopback HTTP server for an AWS JSON-protocol service: routes X-Amz-Target operations to handlers. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type Operation = (input: Record<string, unknown>) => Promise<unknown>;

export class JsonServer {
  private server?: http.Server;
  endpoint = "";

  constructor(
    private readonly contentType: string,
    private readonly operations: Record<string, Operation>,
  ) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
        const handler = this.operations[operation];
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": this.contentType });
          res.end(JSON.stringify(body));
        };
        if (!handler) return reply(400, { __type: "UnknownOperationException", message: operation });
        handler(JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, unknown>)
          .then((out) => reply(200, out))
          // An error named like a service's exception (ResourceNotFoundException) is answered as that exception.
          .catch((error: Error) =>
            /Exception$/.test(error.name)
              ? reply(400, { __type: error.name, message: error.message })
              : reply(500, { __type: "InternalFailure", message: error.message }),
          );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
