/** In front of s3rver: answers a share of PutObject calls 503 SlowDown, as S3 does under load. */
import { Fault, type Random } from "../random";
import { forward, type Exchange } from "./http-forward";

export interface S3ProxyOptions {
  targetPort: () => number;
  failure: number;
  random: Random;
}

export class S3Proxy {
  private readonly slowDown: Fault;

  constructor(private readonly options: S3ProxyOptions) {
    this.slowDown = new Fault(options.random, options.failure);
  }

  get injected() {
    return { slowDowns: this.slowDown.count };
  }

  handle = async (method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Exchange> => {
    const isPutObject = method === "PUT" && !headers["x-amz-copy-source"] && path.split("?")[0]!.split("/").length > 2;
    if (isPutObject && this.slowDown.fires()) {
      return {
        status: 503,
        headers: { "content-type": "application/xml" },
        body: Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        ),
      };
    }
    return forward(this.options.targetPort(), method, path, headers, body);
  };
}
