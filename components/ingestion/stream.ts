import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../compute/iam";
import { STREAM_DEFAULTS } from "./defaults";

export interface StreamSettings {
  /** Shards of a provisioned stream, or "on-demand" for capacity that follows the traffic. @default 4 */
  shards?: number | "on-demand";
  /** Hours records stay in the stream (24-8760). @default 24 */
  retentionPeriodHours?: number;
}

/** A Kinesis stream encrypted with the region's CMK. */
export function createStream(
  name: string,
  kmsKeyArn: pulumi.Input<string>,
  settings: StreamSettings,
  opts: pulumi.CustomResourceOptions,
): aws.kinesis.Stream {
  const shards = settings.shards ?? STREAM_DEFAULTS.shardCount;
  const hours = settings.retentionPeriodHours ?? STREAM_DEFAULTS.retentionPeriodHours;
  if (shards !== "on-demand" && (!Number.isInteger(shards) || shards < 1))
    throw new Error(`stream.shards must be a positive integer or "on-demand", got ${JSON.stringify(shards)}`);
  if (!Number.isInteger(hours) || hours < 24 || hours > 8760)
    throw new Error(`stream.retentionPeriodHours must be 24-8760, got ${hours}`);
  return new aws.kinesis.Stream(
    name,
    {
      ...(shards === "on-demand"
        ? { streamModeDetails: { streamMode: "ON_DEMAND" } }
        : { shardCount: shards, streamModeDetails: { streamMode: "PROVISIONED" } }),
      retentionPeriod: hours,
      encryptionType: STREAM_DEFAULTS.encryptionType,
      kmsKeyId: kmsKeyArn,
      shardLevelMetrics: [
        "IncomingRecords",
        "IteratorAgeMilliseconds",
        "OutgoingRecords",
        "WriteProvisionedThroughputExceeded",
        "ReadProvisionedThroughputExceeded",
      ],
    },
    opts,
  );
}

/** What a producer needs to put records on the stream (and encrypt them). */
export function streamWriteStatements(streamArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string>): Statement[] {
  return [
    {
      sid: "PutRecords",
      actions: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"],
      resources: [streamArn],
    },
    { sid: "EncryptRecords", actions: ["kms:GenerateDataKey"], resources: [kmsKeyArn] },
  ];
}

/** What a reader needs (shared-throughput consumers). */
export function streamReadStatements(streamArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string>): Statement[] {
  return [
    {
      sid: "ReadRecords",
      actions: [
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:ListShards",
      ],
      resources: [streamArn],
    },
    { sid: "DecryptRecords", actions: ["kms:Decrypt"], resources: [kmsKeyArn] },
  ];
}
