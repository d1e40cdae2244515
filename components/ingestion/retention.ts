import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FUNCTION_DEFAULTS } from "../compute/defaults";
import { rolePolicy, serviceRole } from "../compute/iam";
import { regionalName } from "../shared/naming";
import type { RegionContext } from "../shared/region";
import { objectDeliveryStatements } from "../storage/object-grants";
import { RETENTION_DEFAULTS } from "./defaults";
import { streamReadStatements } from "./stream";

export interface RetentionDeliveryArgs {
  streamArn: pulumi.Input<string>;
  streamKmsKeyArn: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
  /** Key the archived objects are encrypted with (the bucket's CMK). */
  bucketKmsKeyArn: pulumi.Input<string>;
  /** The region the delivery runs in (the pipeline's). */
  where: RegionContext;
  /** @default 300 */
  bufferingIntervalSeconds?: number;
  /** @default 64 */
  bufferingSizeMb?: number;
}

/**
 * Every record of the stream, delivered by Kinesis Data Firehose to the retention bucket (R2):
 * gzip-compressed, partitioned by hour, SSE-KMS with the bucket's key, delivery errors to their
 * own prefix and to an encrypted log group.
 */
export function createRetentionDelivery(
  name: string,
  args: RetentionDeliveryArgs,
  opts: pulumi.CustomResourceOptions,
): aws.kinesis.FirehoseDeliveryStream {
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    { retentionInDays: FUNCTION_DEFAULTS.logRetentionInDays, kmsKeyId: args.bucketKmsKeyArn },
    opts,
  );
  const logStream = new aws.cloudwatch.LogStream(
    `${name}-s3-delivery`,
    { logGroupName: logGroup.name, name: "S3Delivery" },
    opts,
  );
  const role = serviceRole(
    regionalName(`${name}-role`, args.where.name),
    { service: "firehose.amazonaws.com", description: "Delivers stream records to the retention bucket" },
    opts,
  );
  const access = rolePolicy(
    `${name}-access`,
    role,
    [
      ...streamReadStatements(args.streamArn, args.streamKmsKeyArn, args.where.serviceEndpoint("kinesis")),
      // The bucket grant every writer gets (the key through S3 only, for this bucket's objects
      // only), with what Firehose needs besides: it reads back, lists and resumes its uploads.
      ...objectDeliveryStatements({
        component: "IngestionPipeline",
        bucketArn: args.bucketArn,
        kmsKeyArn: args.bucketKmsKeyArn,
        s3Endpoint: args.where.serviceEndpoint("s3"),
      }),
      {
        sid: "DeliveryLogs",
        actions: ["logs:PutLogEvents"],
        resources: [pulumi.interpolate`${logGroup.arn}:log-stream:*`],
      },
    ],
    opts,
  );
  return new aws.kinesis.FirehoseDeliveryStream(
    name,
    {
      destination: "extended_s3",
      kinesisSourceConfiguration: { kinesisStreamArn: args.streamArn, roleArn: role.arn },
      extendedS3Configuration: {
        roleArn: role.arn,
        bucketArn: args.bucketArn,
        kmsKeyArn: args.bucketKmsKeyArn,
        bufferingInterval: args.bufferingIntervalSeconds ?? RETENTION_DEFAULTS.bufferingIntervalSeconds,
        bufferingSize: args.bufferingSizeMb ?? RETENTION_DEFAULTS.bufferingSizeMb,
        compressionFormat: "GZIP",
        prefix: "records/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/",
        errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/",
        cloudwatchLoggingOptions: { enabled: true, logGroupName: logGroup.name, logStreamName: logStream.name },
      },
    },
    { ...opts, dependsOn: [access] },
  );
}
