import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsStatements, type Statement } from "../compute/iam";
import { DYNAMODB_ACTIONS } from "../shared/actions";
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

/** What a writer of items needs; the key through DynamoDB only (`dynamodbEndpoint`: `RegionContext.serviceEndpoint("dynamodb")`). */
export function tableWriteStatements(
  tableArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  dynamodbEndpoint: pulumi.Input<string>,
): Statement[] {
  return [
    { sid: "WriteItems", actions: [...DYNAMODB_ACTIONS.writeItems], resources: [tableArn] },
    { sid: "EncryptItems", ...kmsStatements(kmsKeyArn, { encrypt: true }, dynamodbEndpoint)[0]! },
  ];
}

/** What a reader of items needs (never Scan); the key through DynamoDB only. */
export function tableReadStatements(
  tableArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  dynamodbEndpoint: pulumi.Input<string>,
): Statement[] {
  return [
    { sid: "ReadItems", actions: [...DYNAMODB_ACTIONS.readItems], resources: [tableArn] },
    { sid: "DecryptItems", ...kmsStatements(kmsKeyArn, { decrypt: true }, dynamodbEndpoint)[0]! },
  ];
}
