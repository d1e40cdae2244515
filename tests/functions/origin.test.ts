import { describe, expect, it } from "vitest";
import { forwardedPartitionKey, hashKeyOf, originOf } from "../../functions/shared/origin";
import { ingestionEvent, kinesisRecord, sequenceNumber } from "./fixtures";

const original = kinesisRecord(5, ingestionEvent(5), "evt-000005");

describe("forwarded partition keys", () => {
  it("carry the origin's region, arrival time and sequence number, once, within Kinesis's 256 characters", () => {
    const key = forwardedPartitionKey(original);
    expect(key).toBe(`forwarded:us-east-1:1738324800005:${sequenceNumber(5)}:evt-000005`);
    const copy = { ...kinesisRecord(9, ingestionEvent(5), key), awsRegion: "us-west-2" };
    expect(forwardedPartitionKey(copy)).toBe(key);
    expect(forwardedPartitionKey(kinesisRecord(1, ingestionEvent(1), "k".repeat(256)))).toHaveLength(256);
  });

  it("let a copy keep the shard of its original key: the explicit hash key is the original key's MD5", () => {
    // Kinesis maps a partition key to the MD5 of its UTF-8 bytes, read as an unsigned 128-bit integer.
    expect(hashKeyOf("a")).toBe(BigInt("0x0cc175b9c0f1b6a831c399e269772661").toString(10));
    expect(BigInt(hashKeyOf("k".repeat(256)))).toBeLessThan(2n ** 128n);
  });
});

describe("the origin of a stream record", () => {
  it("is this region, its own arrival time and sequence number, for a record that entered here", () => {
    expect(originOf({ ...original, awsRegion: "us-west-2" })).toEqual({
      region: "us-west-2",
      forwarded: false,
      sequenceNumber: sequenceNumber(5),
      receivedAt: "2025-01-31T12:00:00.005Z",
    });
  });

  it("is the peer's region, arrival time and sequence number for the forwarder's copy, not the copy's own", () => {
    const copy = { ...kinesisRecord(900, ingestionEvent(5), forwardedPartitionKey(original)), awsRegion: "us-west-2" };
    expect(originOf(copy)).toEqual({
      region: "us-east-1",
      forwarded: true,
      sequenceNumber: sequenceNumber(5),
      receivedAt: "2025-01-31T12:00:00.005Z",
    });
  });

  it("still knows a copy marked the way earlier releases marked it, so a rollout announces nothing twice", () => {
    const copy = { ...kinesisRecord(900, ingestionEvent(5), "forwarded:us-east-1:evt-000005"), awsRegion: "us-west-2" };
    expect(originOf(copy)).toMatchObject({ region: "us-east-1", forwarded: true, sequenceNumber: sequenceNumber(900) });
  });
});
