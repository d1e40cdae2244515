/**
 * Data baseline: the secure values the data rules (KMS, DynamoDB, Kinesis, Firehose, RDS/Aurora,
 * ElastiCache, EFS, Glue, Athena, SQS, SNS, Secrets Manager, AWS Backup) enforce, and what the
 * components that create those resources apply. Plain data, imported by components, their tests
 * and the policy rules alike.
 */

/** Customer-managed KMS keys. AWS accepts a deletion window of 7 to 30 days. */
export const KMS_KEY_BASELINE = {
  enableKeyRotation: true,
  /** Rule default for the shortest acceptable window (configurable per rule). */
  minDeletionWindowInDays: 7,
  /** What AWS applies when deletionWindowInDays is left out. */
  awsDefaultDeletionWindowInDays: 30,
} as const;

/** Key specs AWS can rotate automatically (symmetric encryption keys only). */
export const ROTATABLE_KEY_SPECS: readonly string[] = ["SYMMETRIC_DEFAULT"];

/**
 * Condition keys that narrow a statement whose principal is everyone down to known accounts,
 * organizations, source resources or networks. `kms:ViaService` alone does not: any account's
 * principal can call through the service.
 */
export const NARROWING_CONDITION_KEYS: readonly string[] = [
  "kms:calleraccount",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:userid",
  "aws:username",
];

/** `alias/aws/<service>` (bare or as an ARN) names an AWS-managed key, not a customer-managed one. */
export const AWS_MANAGED_KEY_PATTERN = /(^|:)alias\/aws\//;

export const DYNAMODB_TABLE_BASELINE = {
  deletionProtectionEnabled: true,
  pointInTimeRecovery: { enabled: true },
  /** serverSideEncryption.kmsKeyArn must also name the region's CMK. */
  serverSideEncryption: { enabled: true },
} as const;

export const KINESIS_STREAM_BASELINE = { encryptionType: "KMS" } as const;

/** Firehose server-side encryption with the customer-managed key type. */
export const FIREHOSE_CMK_KEY_TYPE = "CUSTOMER_MANAGED_CMK";

/** Firehose properties holding a destination; each may carry an `s3Configuration` (its S3 backup). */
export const FIREHOSE_DESTINATION_CONFIGS: readonly string[] = [
  "elasticsearchConfiguration",
  "httpEndpointConfiguration",
  "icebergConfiguration",
  "opensearchConfiguration",
  "opensearchserverlessConfiguration",
  "redshiftConfiguration",
  "snowflakeConfiguration",
  "splunkConfiguration",
];

export const RDS_BASELINE = {
  storageEncrypted: true,
  deletionProtection: true,
  iamDatabaseAuthenticationEnabled: true,
  publiclyAccessible: false,
  manageMasterUserPassword: true,
  /** Rule default for the minimum automated-backup retention (configurable per rule). */
  minBackupRetentionDays: 7,
  /** What AWS applies when backupRetentionPeriod is left out. */
  awsDefaultBackupRetentionDays: 1,
} as const;

/**
 * Master user names RDS suggests by default (RDS.24 for clusters, RDS.25 for instances): "admin"
 * for MySQL, MariaDB, Oracle and SQL Server, "postgres" for PostgreSQL. Compared case-insensitively.
 */
export const RDS_DEFAULT_MASTER_USERNAMES: readonly string[] = ["admin", "postgres"];

/** Engines (by prefix) without IAM database authentication. */
export const RDS_ENGINES_WITHOUT_IAM_AUTH: readonly string[] = ["oracle", "sqlserver", "db2", "custom-"];

/**
 * Log types each engine must export to CloudWatch Logs, beyond "at least one": the audit log for
 * MySQL-family engines ([RDS.34] for Aurora MySQL), the server log for PostgreSQL-family engines.
 */
export const RDS_REQUIRED_LOG_EXPORTS: Readonly<Record<string, readonly string[]>> = {
  "aurora-mysql": ["audit"],
  mysql: ["audit"],
  mariadb: ["audit"],
  "aurora-postgresql": ["postgresql"],
  postgres: ["postgresql"],
};

export const ELASTICACHE_BASELINE = {
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  /** "preferred" still accepts unencrypted connections. */
  transitEncryptionMode: "required",
  automaticFailoverEnabled: true,
  multiAzEnabled: true,
  /** Rule default for [ElastiCache.1]: days of automatic snapshots kept. */
  minSnapshotRetentionDays: 1,
} as const;

/** The subnet group ElastiCache uses when none is named (ElastiCache.7): built from the default VPC. */
export const ELASTICACHE_DEFAULT_SUBNET_GROUP = "default";

/** Engines whose at-rest encryption is on unless turned off (the provider's default). */
export const ELASTICACHE_ENCRYPTED_BY_DEFAULT_ENGINES: readonly string[] = ["valkey"];

export const EFS_BASELINE = { encrypted: true } as const;

/**
 * EFS access points: the root directory they must not expose (EFS.3: `/` is the whole file
 * system) and the POSIX user id they must not enforce (EFS.4 asks for a user identity; uid 0 is
 * root, which also needs the elasticfilesystem:ClientRootAccess permission).
 */
export const EFS_ACCESS_POINT_BASELINE = { forbiddenRootDirectory: "/", rootUid: 0 } as const;

/** Glue security configuration: every data class encrypted with KMS. */
export const GLUE_ENCRYPTION_MODES = {
  s3EncryptionMode: "SSE-KMS",
  cloudwatchEncryptionMode: "SSE-KMS",
  jobBookmarksEncryptionMode: "CSE-KMS",
} as const;

/** Athena query-result encryption options that use a KMS key. */
export const ATHENA_KMS_ENCRYPTION_OPTIONS: readonly string[] = ["SSE_KMS", "CSE_KMS"];

/** Tag that declares what a secret holds; the rotation rule reads it. */
export const SECRET_TYPE_TAG = "SecretType";
export const SECRET_TYPES = {
  databaseCredential: "database-credential",
  apiKey: "api-key",
  other: "other",
} as const;

/** JSON keys of the secret structure the Secrets Manager rotation functions expect for databases. */
export const DATABASE_SECRET_KEYS = { required: ["username", "password"], oneOf: ["engine", "host"] } as const;

/** A secret's recovery window: AWS takes 7-30 days, or 0 (deletion without recovery, which the pack refuses). */
export const SECRET_RECOVERY_WINDOW = { min: 7, max: 30 } as const;

/** A secret version's value props: secret in state, or write-only (`*Wo`, never stored). */
export const SECRET_VALUE_PROPS = ["secretString", "secretBinary"] as const;

export const SECRET_ROTATION_BASELINE = {
  /** Rule default for [SecretsManager.4]: the longest schedule between rotations (configurable). */
  maxDaysBetweenRotations: 90,
  /** What the components use. */
  automaticallyAfterDays: 30,
} as const;

export const BACKUP_BASELINE = {
  /**
   * Rule default for the shortest retention of a recovery point (configurable per rule); the
   * default of AWS Config's backup-plan-min-frequency-and-min-retention-check.
   */
  minRetentionDays: 35,
  /**
   * AWS Backup Vault Lock: ChangeableForDays (the grace period before a compliance-mode lock becomes
   * immutable) must be at least 3, AWS's 72-hour cooling-off period; MinRetentionDays at least 1.
   */
  vaultLock: { minChangeableForDays: 3, minRetentionDays: 1 },
  /** A plan rule's start window, when set, must be at least 60 minutes (AWS rejects less). */
  minStartWindowMinutes: 60,
} as const;
