/**
 * Where a Kinesis record entered the platform. The forwarder copies every record of the primary
 * region's stream to the peer's; the copy's partition key carries its origin, because Kinesis
 * records have no other metadata and the event itself is the producer's and stays untouched:
 *
 *   forwarded:<origin region>:<arrival time in ms>:<origin sequence number>:<original key>
 *
 * With the origin's arrival time and sequence number, the peer's consumer stores exactly the item
 * the origin stored, so the global table's two writes of one record are the same item (the second
 * one changes nothing). The copy is put with an ExplicitHashKey, the MD5 of the original key, so
 * it lands on the shard the original key maps to and keeps its order.
 */
import { createHash } from "node:crypto";

const FORWARDED_KEY = /^forwarded:([a-z0-9-]+):(\d{1,15}):(\d{1,128}):(.*)$/s;
/** The form of releases before the origin carried its arrival time and sequence number. */
const FORWARDED_KEY_V1 = /^forwarded:([a-z0-9-]+):/;
const MAX_PARTITION_KEY = 256;

/** What the consumer needs of a stream record: a Lambda Kinesis record has all of it. */
export interface StreamRecordOrigin {
  awsRegion: string;
  kinesis: { partitionKey: string; sequenceNumber: string; approximateArrivalTimestamp: number };
}

export interface Origin {
  /** The region whose stream first received the record. */
  region: string;
  /** True when the forwarder brought the record from that region. */
  forwarded: boolean;
  /** The record's sequence number in its origin stream. */
  sequenceNumber: string;
  /** When the origin stream received it, ISO 8601 UTC. */
  receivedAt: string;
}

const isoOfSeconds = (seconds: number): string => new Date(Math.round(seconds * 1000)).toISOString();

/** The partition key of the peer's copy of `record` (a key already marked is kept as it is). */
export function forwardedPartitionKey(record: StreamRecordOrigin): string {
  const { partitionKey, sequenceNumber, approximateArrivalTimestamp } = record.kinesis;
  if (FORWARDED_KEY_V1.test(partitionKey)) return partitionKey;
  const key = `forwarded:${record.awsRegion}:${Math.round(approximateArrivalTimestamp * 1000)}:${sequenceNumber}:${partitionKey}`;
  return key.length <= MAX_PARTITION_KEY ? key : key.slice(0, MAX_PARTITION_KEY);
}

/** The hash key Kinesis derives from a partition key: its MD5 as an unsigned 128-bit decimal. */
export function hashKeyOf(partitionKey: string): string {
  return BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`).toString(10);
}

export function originOf(record: StreamRecordOrigin): Origin {
  const { partitionKey, sequenceNumber, approximateArrivalTimestamp } = record.kinesis;
  const here = { sequenceNumber, receivedAt: isoOfSeconds(approximateArrivalTimestamp) };
  const match = FORWARDED_KEY.exec(partitionKey);
  if (match)
    return {
      region: match[1]!,
      forwarded: true,
      sequenceNumber: match[3]!,
      receivedAt: new Date(Number(match[2])).toISOString(),
    };
  const v1 = FORWARDED_KEY_V1.exec(partitionKey);
  if (v1) return { region: v1[1]!, forwarded: true, ...here };
  return { region: record.awsRegion, forwarded: false, ...here };
}
