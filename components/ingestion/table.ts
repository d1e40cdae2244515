import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../compute/iam";
import { TABLE_DEFAULTS, TABLE_KEYS } from "./defaults";

export interface TableReplica {
  region: string;
  /** The CMK in the replica's region: each replica is encrypted with its own region's key. */
  kmsKeyArn: pulumi.Input<string>;
}

/**
 * The records table (D5): on demand, point-in-time recovery, the region's CMK, a stream with new
 * and old images, deletion protection, and global-table replicas each with their own key and
 * their own point-in-time recovery.
 */
export function createTable(
  name: string,
  kmsKeyArn: pulumi.Input<string>,
  replicas: TableReplica[],
  opts: pulumi.CustomResourceOptions,
): aws.dynamodb.Table {
  return new aws.dynamodb.Table(
    name,
    {
      billingMode: TABLE_DEFAULTS.billingMode,
      hashKey: TABLE_KEYS.hashKey,
      rangeKey: TABLE_KEYS.rangeKey,
      attributes: [
        { name: TABLE_KEYS.hashKey, type: "S" },
        { name: TABLE_KEYS.rangeKey, type: "S" },
      ],
      pointInTimeRecovery: { enabled: TABLE_DEFAULTS.pointInTimeRecovery },
      serverSideEncryption: { enabled: true, kmsKeyArn },
      // Global tables need the stream, with both images, stated explicitly.
      streamEnabled: true,
      streamViewType: TABLE_DEFAULTS.streamViewType,
      deletionProtectionEnabled: TABLE_DEFAULTS.deletionProtectionEnabled,
      ttl: { attributeName: "expiresAt", enabled: true },
      replicas: replicas.map((r) => ({
        regionName: r.region,
        kmsKeyArn: r.kmsKeyArn,
        pointInTimeRecovery: true,
        propagateTags: true,
      })),
    },
    opts,
  );
}

/** The table's ARN in another region (a global table replica has the same name). */
export const replicaTableArn = (tableArn: pulumi.Input<string>, region: string) =>
  pulumi.output(tableArn).apply((arn) => arn.replace(/^(arn:[^:]+:dynamodb:)[^:]+:/, `$1${region}:`));

export function tableWriteStatements(tableArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string>): Statement[] {
  return [
    {
      sid: "WriteItems",
      actions: ["dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DescribeTable"],
      resources: [tableArn],
    },
    { sid: "EncryptItems", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [kmsKeyArn] },
  ];
}

export function tableReadStatements(tableArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string>): Statement[] {
  return [
    {
      sid: "ReadItems",
      actions: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:DescribeTable"],
      resources: [tableArn],
    },
    { sid: "DecryptItems", actions: ["kms:Decrypt"], resources: [kmsKeyArn] },
  ];
}
