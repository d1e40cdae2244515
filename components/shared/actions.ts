/**
 * IAM action lists, defined once per service and shared by every grant, role policy and
 * integration that needs them, so a reader of a stream and the API that writes to it can never
 * disagree on what "read" or "put" means.
 */

export const KINESIS_ACTIONS = {
  /** Put records (what producers and the API's Kinesis integration do). */
  put: ["kinesis:PutRecord", "kinesis:PutRecords"],
  /** Look the stream up before putting (the SDK's producers call it). */
  describeSummary: ["kinesis:DescribeStreamSummary"],
  /** Read records with shared throughput (Lambda event source mappings, the forwarder, readers). */
  read: [
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
  ],
  /** Enhanced fan-out. */
  subscribe: ["kinesis:SubscribeToShard"],
} as const;

export const DYNAMODB_ACTIONS = {
  writeItems: ["dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DescribeTable"],
  readItems: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:DescribeTable"],
  /** Read one item by its key, and nothing else (the ingestion API's record reader: never Query or Scan). */
  getItem: ["dynamodb:GetItem"],
  /** Look up whether items exist, by key (the consumer, before it writes a forwarded copy). */
  lookUpItems: ["dynamodb:BatchGetItem"],
  /** Read a table's stream (Lambda event source mappings, EventBridge Pipes), granted on the stream's ARN. */
  readStream: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
  /**
   * List the streams of the account: Lambda's and EventBridge Pipes' documented permissions for a
   * DynamoDB stream source include it, and it has no resource-level permissions (the Service
   * Authorization Reference lists no resource type for it), so it is granted on `"*"` in a
   * statement of its own (`listStreamsStatement`) and nothing else is granted with it.
   */
  listStreams: ["dynamodb:ListStreams"],
} as const;

export const SQS_ACTIONS = {
  send: ["sqs:SendMessage"],
  /** A dead-letter destination: send, and read the queue's attributes (Lambda checks them). */
  deadLetter: ["sqs:SendMessage", "sqs:GetQueueAttributes"],
  consume: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
} as const;

export const KMS_ACTIONS = {
  /** Read what a service encrypted with the key. */
  decrypt: ["kms:Decrypt"],
  /** Write: a data key for each object, record or message (Decrypt too, for multipart and envelope reads). */
  encrypt: ["kms:GenerateDataKey", "kms:Decrypt"],
  /** A data key only: a writer that never reads back what it encrypted (CloudWatch Logs' vended delivery). */
  dataKey: ["kms:GenerateDataKey"],
  /**
   * Encrypt and decrypt client-side, the caller itself calling KMS: a Glue job's bookmarks under a
   * security configuration's CSE-KMS (a data key per bookmark, Encrypt and Decrypt of the bookmark).
   */
  clientSide: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
  /** Look the key up (a service that encrypts its own data with a customer managed key checks it with this). */
  describe: ["kms:DescribeKey"],
  /** A service that asks for data keys of every kind and reads back what it wrote (CloudTrail's log files). */
  serviceDataKeys: ["kms:GenerateDataKey*", "kms:Decrypt"],
} as const;

export const EVENTS_ACTIONS = { put: ["events:PutEvents"] } as const;

/**
 * The statement that lets a DynamoDB stream's reader list streams: `dynamodb:ListStreams` alone, on
 * `"*"` (the only resource it can be granted on), beside the stream-scoped `readStream` statement.
 */
export const listStreamsStatement = (sid = "ListStreams") => ({
  sid,
  actions: [...DYNAMODB_ACTIONS.listStreams],
  resources: ["*"],
});

export const SECRETS_MANAGER_ACTIONS = {
  /** Read a secret's value and its metadata (a task or job reading its own credentials). */
  read: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
  /** What a rotation function does to the one secret it rotates (the four steps' calls). */
  rotate: [
    "secretsmanager:DescribeSecret",
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
  ],
  /**
   * Generate a password (createSecret). It reads or changes no secret and has no resource-level
   * permissions (the Service Authorization Reference lists no resource type for
   * secretsmanager:GetRandomPassword), so it is granted on `"*"` in a statement of its own.
   */
  randomPassword: ["secretsmanager:GetRandomPassword"],
} as const;
