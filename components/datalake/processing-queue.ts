import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../compute/iam";
import { DLQ_RETENTION_SECONDS } from "../compute/defaults";
import { SQS_ACTIONS } from "../shared/actions";
import { invalidArg } from "../shared/errors";
import type { LakeBucketRef, LakeContext } from "./context";
import { PROCESSING_QUEUE_DEFAULTS } from "./processing-defaults";

export interface ProcessingQueueArgs {
  /**
   * Seconds a received message stays hidden: at least the time a task takes to process what it
   * receives (one receive of up to 4 messages, one after another).
   * @default 900
   */
  visibilityTimeoutSeconds?: number;
  /** @default 345600 (4 days) */
  messageRetentionSeconds?: number;
  /** Receives before a message moves to the dead-letter queue (1-1000). @default 5 */
  maxReceiveCount?: number;
  /**
   * Let the lake bucket's S3 event notifications send to the queue (a statement for
   * s3.amazonaws.com with aws:SourceArn the bucket and aws:SourceAccount this account). The
   * notification itself is configured on the bucket by its owner.
   * @default true
   */
  allowLakeNotifications?: boolean;
}

export interface ProcessingQueue {
  queue: aws.sqs.Queue;
  deadLetterQueue: aws.sqs.Queue;
  queuePolicy: aws.sqs.QueuePolicy;
  deadLetterQueuePolicy: aws.sqs.QueuePolicy;
}

const COMPONENT = "DataLake";

/** Visibility timeouts SQS accepts (0 s to 12 h) and the processing window the task needs. */
function checkQueueArgs(args: ProcessingQueueArgs) {
  const visibility = args.visibilityTimeoutSeconds ?? PROCESSING_QUEUE_DEFAULTS.visibilityTimeoutSeconds;
  const retention = args.messageRetentionSeconds ?? PROCESSING_QUEUE_DEFAULTS.messageRetentionSeconds;
  const receives = args.maxReceiveCount ?? PROCESSING_QUEUE_DEFAULTS.maxReceiveCount;
  if (!Number.isInteger(visibility) || visibility < 60 || visibility > 43_200)
    throw invalidArg(
      COMPONENT,
      "processing.queue.visibilityTimeoutSeconds",
      `${visibility} is not a whole number of seconds from 60 (a task's processing time) to 43200 (SQS's maximum)`,
    );
  if (!Number.isInteger(retention) || retention < 60 || retention > DLQ_RETENTION_SECONDS)
    throw invalidArg(
      COMPONENT,
      "processing.queue.messageRetentionSeconds",
      `${retention} is not a whole number of seconds from 60 to ${DLQ_RETENTION_SECONDS} (SQS's limits)`,
    );
  if (!Number.isInteger(receives) || receives < 1 || receives > 1000)
    throw invalidArg(COMPONENT, "processing.queue.maxReceiveCount", `${receives} is not a whole number from 1 to 1000`);
  return { visibility, retention, receives };
}

/** A statement denying every request to the queue that is not made over TLS. */
export const denyInsecureTransportStatement = (queueArn: pulumi.Input<string>): Statement => ({
  sid: "DenyInsecureTransport",
  effect: "Deny",
  actions: ["sqs:*"],
  resources: [queueArn],
  principals: [{ type: "*", identifiers: ["*"] }],
  conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
});

/**
 * The queue-policy statement that lets the lake bucket's S3 event notifications send to the queue:
 * s3.amazonaws.com, only for this bucket (aws:SourceArn) in this account (aws:SourceAccount).
 * S3 also needs the queue's key: the key policy must let s3.amazonaws.com use kms:GenerateDataKey
 * and kms:Decrypt (the key's owner grants it).
 */
export function lakeNotificationStatement(
  queueArn: pulumi.Input<string>,
  bucketArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): Statement {
  return {
    sid: "LakeNotifications",
    actions: [...SQS_ACTIONS.send],
    resources: [queueArn],
    principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
    conditions: [
      { test: "ArnEquals", variable: "aws:SourceArn", values: [bucketArn] },
      { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
    ],
  };
}

/**
 * The processing cluster's work queue: encrypted with the region's CMK, a dead-letter queue (also
 * CMK-encrypted, 14 days' retention) after `maxReceiveCount` receives, a visibility timeout that
 * covers a task's processing, long polling, and policies on both queues denying any request not
 * made over TLS. The work queue also admits the lake bucket's S3 event notifications (unless
 * `allowLakeNotifications` is false).
 */
export function createProcessingQueue(
  ctx: LakeContext,
  lake: LakeBucketRef,
  args: ProcessingQueueArgs = {},
): ProcessingQueue {
  const { visibility, retention, receives } = checkQueueArgs(args);
  const parent = ctx.parent;
  const deadLetterQueue = new aws.sqs.Queue(
    `${ctx.name}-processing-dlq`,
    { kmsMasterKeyId: ctx.kmsKeyArn, messageRetentionSeconds: DLQ_RETENTION_SECONDS },
    { parent },
  );
  const queue = new aws.sqs.Queue(
    `${ctx.name}-processing-queue`,
    {
      kmsMasterKeyId: ctx.kmsKeyArn,
      visibilityTimeoutSeconds: visibility,
      messageRetentionSeconds: retention,
      receiveWaitTimeSeconds: PROCESSING_QUEUE_DEFAULTS.receiveWaitTimeSeconds,
      redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount: receives }),
    },
    { parent },
  );
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const policy = (name: string, q: aws.sqs.Queue, statements: Statement[]) =>
    new aws.sqs.QueuePolicy(
      name,
      { queueUrl: q.url, policy: aws.iam.getPolicyDocumentOutput({ statements }, { parent }).json },
      { parent },
    );
  const queuePolicy = policy(`${ctx.name}-processing-queue`, queue, [
    denyInsecureTransportStatement(queue.arn),
    ...(args.allowLakeNotifications === false ? [] : [lakeNotificationStatement(queue.arn, lake.bucketArn, account)]),
  ]);
  const deadLetterQueuePolicy = policy(`${ctx.name}-processing-dlq`, deadLetterQueue, [
    denyInsecureTransportStatement(deadLetterQueue.arn),
  ]);
  return { queue, deadLetterQueue, queuePolicy, deadLetterQueuePolicy };
}
