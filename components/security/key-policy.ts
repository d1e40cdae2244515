import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KMS_LOGS_ACTIONS, KMS_SERVICE_ACTIONS, KMS_SERVICE_PRINCIPALS, KMS_VIA_SERVICES } from "./defaults";

type Statement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

/** The principal S3 server access logging delivers log objects as. */
export const S3_SERVER_ACCESS_LOGS_PRINCIPAL = "logging.s3.amazonaws.com";

/**
 * What S3 server access logging needs to write into an SSE-KMS target bucket (with S3 Bucket Keys:
 * generate the bucket key's data key, and decrypt it again to verify it).
 */
export const KMS_S3_ACCESS_LOGS_ACTIONS = ["kms:GenerateDataKey*", "kms:Decrypt"] as const;

/** The principal CloudWatch Logs delivers vended logs (e.g. Step Functions execution logs) as. */
export const LOG_DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com";

export interface KeyPolicyContext {
  partition: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
  region: pulumi.Input<string>;
}

/** Statements of the platform key policy; in a key policy, resource "*" means "this key". */
export function keyPolicyStatements(ctx: KeyPolicyContext): Statement[] {
  const { partition, accountId, region } = ctx;
  const accountRoot = pulumi.interpolate`arn:${partition}:iam::${accountId}:root`;
  return [
    {
      // The standard AWS default: the account administers the key and IAM policies decide who
      // may use it. Without it the key could become unmanageable.
      sid: "AccountRootAdministersKey",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: [accountRoot] }],
      actions: ["kms:*"],
      resources: ["*"],
    },
    {
      sid: "CloudWatchLogsEncryptsAccountLogGroups",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [pulumi.interpolate`logs.${region}.amazonaws.com`] }],
      actions: [...KMS_LOGS_ACTIONS],
      resources: ["*"],
      conditions: [
        {
          test: "ArnLike",
          variable: "kms:EncryptionContext:aws:logs:arn",
          values: [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*`],
        },
      ],
    },
    {
      sid: "ServicePrincipalsUseKeyForThisAccount",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [...KMS_SERVICE_PRINCIPALS] }],
      actions: [...KMS_SERVICE_ACTIONS],
      resources: ["*"],
      conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
    },
    {
      // S3 server access logs are written by S3's logging service as itself, not by a principal
      // of the account, so an SSE-KMS access-log bucket needs the key policy to allow it; the
      // source-account condition keeps other accounts' buckets from logging through this key.
      sid: "S3ServerAccessLogsUseKeyForThisAccount",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [S3_SERVER_ACCESS_LOGS_PRINCIPAL] }],
      actions: [...KMS_S3_ACCESS_LOGS_ACTIONS],
      resources: ["*"],
      conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
    },
    {
      // A state machine encrypted with this key that logs to CloudWatch Logs: Step Functions
      // encrypts the log data with the key, and CloudWatch Logs' delivery service decrypts it
      // as itself before writing it to the log group (Step Functions Developer Guide, "Data at
      // rest encryption", step 3). Without it the workflow's logs are never delivered.
      sid: "LogDeliveryDecryptsForThisAccount",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [LOG_DELIVERY_PRINCIPAL] }],
      actions: ["kms:Decrypt"],
      resources: ["*"],
      conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
    },
    {
      // Grants nothing beyond the first statement on its own (the caller's IAM policy must
      // still allow it); it records which services the key is meant for, for reviews and
      // policy rules, and stays correct if the first statement is ever narrowed.
      sid: "AccountPrincipalsUseKeyThroughPlatformServices",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: [accountRoot] }],
      actions: [...KMS_SERVICE_ACTIONS],
      resources: ["*"],
      conditions: [
        {
          test: "StringEquals",
          variable: "kms:ViaService",
          values: KMS_VIA_SERVICES.map((service) => pulumi.interpolate`${service}.${region}.amazonaws.com`),
        },
        { test: "StringEquals", variable: "kms:CallerAccount", values: [accountId] },
      ],
    },
  ];
}
