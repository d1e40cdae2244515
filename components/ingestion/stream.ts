import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsStatements, type Statement } from "../compute/iam";
import { KINESIS_ACTIONS } from "../shared/actions";
import { STREAM_DEFAULTS } from "./defaults";

export interface StreamSettings {
  /** Shards of a provisioned stream, or "on-demand" for capacity that follows the traffic. @default 4 */
  shards?: number | "on-demand";
  /** Hours records stay in the stream (24-8760). @default 24 */
  retentionPeriodHours?: number;
}

/** Checks stream settings (throws `stream.<arg>: <problem>`), before anything is created. */
export function validateStreamSettings(settings: StreamSettings = {}): void {
  const shards = settings.shards ?? STREAM_DEFAULTS.shardCount;
  const hours = settings.retentionPeriodHours ?? STREAM_DEFAULTS.retentionPeriodHours;
  if (shards !== "on-demand" && (!Number.isInteger(shards) || shards < 1))
    throw new Error(`stream.shards: ${JSON.stringify(shards)} is not a positive whole number or "on-demand"`);
  if (!Number.isInteger(hours) || hours < 24 || hours > 8760)
    throw new Error(`stream.retentionPeriodHours: ${hours} is not a whole number from 24 to 8760`);
}

/** A Kinesis stream encrypted with the region's CMK. */
export function createStream(
  name: string,
  kmsKeyArn: pulumi.Input<string>,
  settings: StreamSettings,
  opts: pulumi.CustomResourceOptions,
): aws.kinesis.Stream {
  validateStreamSettings(settings);
  const shards = settings.shards ?? STREAM_DEFAULTS.shardCount;
  const hours = settings.retentionPeriodHours ?? STREAM_DEFAULTS.retentionPeriodHours;
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

/**
 * What a producer needs to put records on the stream, and to have Kinesis encrypt them with the
 * stream's key (`kinesisEndpoint`: `RegionContext.serviceEndpoint("kinesis")` of the stream's
 * region; the key may be used through Kinesis only).
 */
export function streamWriteStatements(
  streamArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  kinesisEndpoint: pulumi.Input<string>,
): Statement[] {
  return [
    {
      sid: "PutRecords",
      actions: [...KINESIS_ACTIONS.put, ...KINESIS_ACTIONS.describeSummary],
      resources: [streamArn],
    },
    { sid: "EncryptRecords", ...kmsStatements(kmsKeyArn, { encrypt: true }, kinesisEndpoint)[0]! },
  ];
}

/** What a reader needs (shared-throughput consumers), the key through Kinesis only. */
export function streamReadStatements(
  streamArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  kinesisEndpoint: pulumi.Input<string>,
): Statement[] {
  return [
    { sid: "ReadRecords", actions: [...KINESIS_ACTIONS.read], resources: [streamArn] },
    { sid: "DecryptRecords", ...kmsStatements(kmsKeyArn, { decrypt: true }, kinesisEndpoint)[0]! },
  ];
}
