/**
 * In front of kinesalite: injects per-record ProvisionedThroughputExceeded into PutRecords answers
 * (the records that "failed" are not written), fails whole PutRecords calls of the forwarder with
 * InternalFailure, and translates PutRecords' StreamARN, which kinesalite predates, into a name.
 */
import type { PutRecordsRequestEntry, PutRecordsResultEntry } from "@aws-sdk/client-kinesis";
import { Fault, type Random } from "../random";
import { forward, jsonAnswer, jsonError, type Exchange } from "./http-forward";

const CONTENT_TYPE = "application/x-amz-json-1.1";

export interface KinesisProxyOptions {
  targetPort: () => number;
  throttle: number;
  forwarderFailure: number;
  random: Random;
}

type Entry = Omit<PutRecordsRequestEntry, "Data"> & { Data: string };

export class KinesisProxy {
  private readonly throttled: Fault;
  private readonly forwarderFailure: Fault;

  constructor(private readonly options: KinesisProxyOptions) {
    this.throttled = new Fault(options.random, options.throttle);
    this.forwarderFailure = new Fault(options.random, options.forwarderFailure);
  }

  get injected() {
    return { throttledRecords: this.throttled.count, forwarderCallsFailed: this.forwarderFailure.count };
  }

  handle = async (method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Exchange> => {
    const operation = (headers["x-amz-target"] ?? "").split(".")[1];
    if (operation !== "PutRecords") return forward(this.options.targetPort(), method, path, headers, body);
    const input = JSON.parse(body.toString()) as { StreamARN?: string; StreamName?: string; Records: Entry[] };
    if (input.StreamARN) {
      input.StreamName = input.StreamARN.split("/").pop();
      delete input.StreamARN;
    }
    const fromForwarder = input.Records.every((r) => r.PartitionKey?.startsWith("forwarded:"));
    if (fromForwarder && this.forwarderFailure.fires()) {
      return jsonError(500, "InternalFailure", "Internal service failure.", CONTENT_TYPE);
    }
    const fail = input.Records.map(() => this.throttled.fires());
    const sent = input.Records.filter((_, i) => !fail[i]);
    let written: PutRecordsResultEntry[] = [];
    if (sent.length > 0) {
      const answer = await forward(
        this.options.targetPort(),
        method,
        path,
        { ...headers, "x-amz-target": "Kinesis_20131202.PutRecords" },
        Buffer.from(JSON.stringify({ ...input, Records: sent })),
      );
      if (answer.status !== 200) return answer;
      written = (JSON.parse(answer.body.toString()) as { Records: PutRecordsResultEntry[] }).Records;
    }
    let next = 0;
    const records = fail.map((failed) => {
      if (!failed) return written[next++]!;
      return { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard" };
    });
    return jsonAnswer({ FailedRecordCount: records.filter((r) => r.ErrorCode).length, Records: records }, CONTENT_TYPE);
  };
}
