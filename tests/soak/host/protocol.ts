/** Messages between the soak's driver and a region's emulator host process (tests/soak/host/main.ts). */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

export interface HostFaults {
  /** Share of DynamoDB write calls answered ProvisionedThroughputExceeded, and of BatchWriteItem items left unprocessed. */
  throttle: number;
  /** Share of PutRecords records answered ProvisionedThroughputExceeded. */
  kinesisThrottle: number;
  /** Share of the forwarder's PutRecords calls failed as a whole (InternalFailure, 500). */
  forwarderFailure: number;
  /** Share of PutObject calls answered 503 SlowDown. */
  s3Failure: number;
}

export interface HostStart {
  type: "start";
  region: string;
  seed: number;
  faults: HostFaults;
  tableName: string;
  streamName: string;
  shards: number;
  buckets: string[];
}

export interface HostEndpoints {
  dynamodb: string;
  /** HTTP/1.1, for the driver's clients. */
  kinesis: string;
  /** HTTP/2 without TLS, for the SDK's default Kinesis handler inside the bundled functions. */
  kinesisH2: string;
  s3: string;
}

/** One change of the table, as DynamoDB Streams records it (NEW_AND_OLD_IMAGES). */
export interface TableChange {
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  sequenceNumber: string;
  /** Seconds since the epoch. */
  approximateCreationDateTime: number;
  keys: Record<string, AttributeValue>;
  newImage?: Record<string, AttributeValue>;
  oldImage?: Record<string, AttributeValue>;
  /** Written by the global table's replication from the peer region, not by a client here. */
  replicated: boolean;
}

/** Requests carrying this header are the global table's replication (their changes are not replicated back). */
export const REPLICATION_HEADER = "x-soak-replication";

export type ToHost = HostStart | { type: "stop" } | { type: "restart" } | { type: "shutdown" };

export type FromHost =
  | { type: "ready"; endpoints: HostEndpoints }
  | { type: "changes"; changes: TableChange[] }
  | { type: "stopped" }
  | { type: "restarted" }
  | { type: "stats"; faults: Record<string, number> };
