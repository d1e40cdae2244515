/**
 * Data rules: KMS keys and every store that holds data at rest (DynamoDB, Kinesis, Firehose,
 * RDS/Aurora, ElastiCache, EFS, Glue, Athena, SQS, SNS, Secrets Manager, AWS Backup). Settings
 * that live on another resource (a secret's rotation, a store's backup selection) are checked at
 * stack level.
 */
import {
  ATHENA_KMS_ENCRYPTION_OPTIONS,
  AWS_MANAGED_KEY_PATTERN,
  BACKUP_BASELINE,
  DATABASE_SECRET_KEYS,
  EFS_ACCESS_POINT_BASELINE,
  ELASTICACHE_BASELINE,
  ELASTICACHE_DEFAULT_SUBNET_GROUP,
  ELASTICACHE_ENCRYPTED_BY_DEFAULT_ENGINES,
  FIREHOSE_CMK_KEY_TYPE,
  FIREHOSE_DESTINATION_CONFIGS,
  GLUE_ENCRYPTION_MODES,
  KINESIS_STREAM_BASELINE,
  KMS_KEY_BASELINE,
  NARROWING_CONDITION_KEYS,
  RDS_BASELINE,
  RDS_DEFAULT_MASTER_USERNAMES,
  RDS_ENGINES_WITHOUT_IAM_AUTH,
  RDS_REQUIRED_LOG_EXPORTS,
  ROTATABLE_KEY_SPECS,
  SECRET_RECOVERY_WINDOW,
  SECRET_ROTATION_BASELINE,
  SECRET_TYPE_TAG,
  SECRET_VALUE_PROPS,
  SECRET_TYPES,
} from "../baseline/data";
import { SUBNET_TIER_VALUES, TIER_TAG } from "../baseline/network";
import {
  asArray,
  effectiveTags,
  label,
  parseJson,
  regionOf,
  resourceRule,
  stackRule,
  statementsOf,
  type Statement,
} from "./helpers";
import { DEFAULT_SUBNET, pointsTo, SUBNET } from "./network";
import { identifiersOf, type ResourceView, type StackResourceView, type StackView, type StackViolation } from "./types";

export const KMS_KEY = "aws:kms/key:Key";
/** A key's policy put by a resource of its own (the key then ignores its `policy`). */
export const KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
export const DYNAMODB_TABLE = "aws:dynamodb/table:Table";
export const KINESIS_STREAM = "aws:kinesis/stream:Stream";
export const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const RDS_GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";
export const RDS_PROXY = "aws:rds/proxy:Proxy";
export const ELASTICACHE_REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const EFS_FILE_SYSTEM = "aws:efs/fileSystem:FileSystem";
export const EFS_ACCESS_POINT = "aws:efs/accessPoint:AccessPoint";
export const EFS_MOUNT_TARGET = "aws:efs/mountTarget:MountTarget";
export const GLUE_SECURITY_CONFIGURATION = "aws:glue/securityConfiguration:SecurityConfiguration";
export const ATHENA_WORKGROUP = "aws:athena/workgroup:Workgroup";
export const SQS_QUEUE = "aws:sqs/queue:Queue";
export const SNS_TOPIC = "aws:sns/topic:Topic";
export const SECRET = "aws:secretsmanager/secret:Secret";
export const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
export const SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
export const DMS_ENDPOINT = "aws:dms/endpoint:Endpoint";
export const BACKUP_PLAN = "aws:backup/plan:Plan";
export const BACKUP_VAULT = "aws:backup/vault:Vault";
export const BACKUP_SELECTION = "aws:backup/selection:Selection";

const q = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));

/** A customer-managed key reference: a non-empty key id, ARN or alias that is not `alias/aws/...`. */
export const isCustomerManagedKey = (value: unknown): value is string =>
  typeof value === "string" && value.trim().length > 0 && !AWS_MANAGED_KEY_PATTERN.test(value);

/** Why a key reference is not a customer-managed key: nothing set, or an AWS-managed alias. */
function keyGap(value: unknown, awsManagedKey: string): string {
  return typeof value === "string" && AWS_MANAGED_KEY_PATTERN.test(value)
    ? `the AWS-managed key ${q(value)}`
    : `no customer-managed key (the AWS-managed ${awsManagedKey} is used)`;
}

/** The region segment of a KMS key ARN, if the value is one. */
const kmsArnRegion = (value: unknown) =>
  typeof value === "string" ? /^arn:[^:]+:kms:([^:]+):/.exec(value)?.[1] : undefined;

const first = (value: any) => (Array.isArray(value) ? value[0] : value);

// ---- KMS -------------------------------------------------------------------------------------

/** Everyone: `*`, `{ AWS: "*" }`, or every account's root (`arn:aws:iam::*:root`). */
function grantsEveryone(s: Statement): boolean {
  if (s.principals === "*") return true;
  return asArray(s.principals.AWS).some((id) => id === "*" || /^arn:[^:]+:iam::\*:/.test(id));
}

/** A condition that pins the caller to known accounts, organizations, sources or networks. */
function isNarrowed(s: Statement): boolean {
  return Object.entries(s.conditions).some(([operator, entries]) => {
    if (/Not|IfExists|^Null$/i.test(operator) || !entries || typeof entries !== "object") return false;
    return Object.entries(entries).some(([key, value]) => {
      const values = asArray(value as unknown);
      return (
        NARROWING_CONDITION_KEYS.includes(key.toLowerCase()) &&
        values.length > 0 &&
        values.every((v) => typeof v === "string" && v.length > 0 && !v.includes("*"))
      );
    });
  });
}

const actionsOf = (s: Statement) =>
  s.actions.length
    ? s.actions.join(", ")
    : s.notActions.length
      ? `every action except ${s.notActions.join(", ")}`
      : "actions";

function keyCannotRotate(p: Record<string, any>): string | undefined {
  const spec = p.customerMasterKeySpec ?? p.keySpec;
  if (spec !== undefined && !ROTATABLE_KEY_SPECS.includes(spec)) return `key spec ${spec}`;
  if (p.keyUsage !== undefined && p.keyUsage !== "ENCRYPT_DECRYPT") return `key usage ${p.keyUsage}`;
  if (p.customKeyStoreId || p.xksKeyId) return "a custom key store";
  return undefined;
}

// ---- RDS -------------------------------------------------------------------------------------

/** An aws.rds.Instance that is a member of an Aurora cluster: the cluster holds its storage, backup and credential settings. */
const isAuroraMember = (r: ResourceView) =>
  r.type === RDS_INSTANCE && typeof r.props.engine === "string" && r.props.engine.startsWith("aurora");
const isReadReplica = (r: ResourceView) => r.type === RDS_INSTANCE && Boolean(r.props.replicateSourceDb);
/** Aurora secondary in a global database or cross-region replica: it has no master credentials of its own. */
const isClusterWithoutOwnCredentials = (p: Record<string, any>) =>
  Boolean(p.globalClusterIdentifier || p.replicationSourceIdentifier) && !p.masterUsername;
const isRestored = (p: Record<string, any>) => Boolean(p.snapshotIdentifier || p.restoreToPointInTime);

const engineOf = (r: ResourceView): string | undefined =>
  typeof r.props.engine === "string" ? r.props.engine : undefined;

// ---- Secrets ---------------------------------------------------------------------------------

const DB_SOURCE_TYPES = [RDS_CLUSTER, RDS_INSTANCE, RDS_PROXY, RDS_GLOBAL_CLUSTER];

function looksLikeDatabaseSecret(secretString: unknown): boolean {
  const value = parseJson(secretString);
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return DATABASE_SECRET_KEYS.required.every((k) => k in value) && DATABASE_SECRET_KEYS.oneOf.some((k) => k in value);
}

/** Why a secret holds a database credential, or undefined when nothing says so. */
function databaseCredentialReason(stack: StackView, secret: StackResourceView): string | undefined {
  if (effectiveTags(secret)[SECRET_TYPE_TAG] === SECRET_TYPES.databaseCredential)
    return `tagged ${SECRET_TYPE_TAG}=${SECRET_TYPES.databaseCredential}`;
  for (const version of stack.configuring(secret, SECRET_VERSION, "secretId")) {
    const source = (version.propertyDependencies.secretString ?? [])
      .map((u) => stack.byUrn(u))
      .find((d) => d && DB_SOURCE_TYPES.includes(d.type));
    if (source) return `its value comes from ${label(source)}`;
    if (looksLikeDatabaseSecret(version.props.secretString))
      return `its value is a database credential (username, password, ${DATABASE_SECRET_KEYS.oneOf.join("/")})`;
  }
  const keys = identifiersOf(secret);
  const proxy = stack
    .ofType(RDS_PROXY)
    .find(
      (p) =>
        p.propertyDependencies.auths?.includes(secret.urn) ||
        asArray<any>(p.props.auths).some((a) => keys.has(a?.secretArn)),
    );
  if (proxy) return `${label(proxy)} authenticates with it`;
  const endpoint = stack.configuring(secret, DMS_ENDPOINT, "secretsManagerArn")[0];
  if (endpoint) return `${label(endpoint)} connects with it`;
  return undefined;
}

/** Days between rotations from `automaticallyAfterDays` or a `rate(...)` expression; undefined for cron. */
function rotationDays(rules: Record<string, any> | undefined): number | undefined {
  if (!rules) return undefined;
  if (typeof rules.automaticallyAfterDays === "number") return rules.automaticallyAfterDays;
  const rate =
    typeof rules.scheduleExpression === "string"
      ? /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/i.exec(rules.scheduleExpression.trim())
      : null;
  if (!rate) return undefined;
  const n = Number(rate[1]);
  return rate[2]!.toLowerCase().startsWith("hour") ? n / 24 : n;
}

// ---- AWS Backup coverage ---------------------------------------------------------------------

/** The data stores an AWS Backup selection must cover, with the parts of the ARN AWS Backup matches. */
const DATA_STORES: Record<
  string,
  { service: string; resource: (p: Record<string, any>) => string | undefined; prefix: string }
> = {
  [DYNAMODB_TABLE]: { service: "dynamodb", prefix: "table/", resource: (p) => p.name },
  [RDS_CLUSTER]: { service: "rds", prefix: "cluster:", resource: (p) => p.clusterIdentifier },
  [RDS_INSTANCE]: { service: "rds", prefix: "db:", resource: (p) => p.identifier },
  [EFS_FILE_SYSTEM]: { service: "elasticfilesystem", prefix: "file-system/", resource: (p) => p.id },
};

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "s",
  );

/** Does an ARN or ARN pattern from a selection's `resources` name this store? Unknown names match only a wildcard. */
function arnPatternMatches(pattern: string, store: StackResourceView): boolean {
  if (pattern === "*") return true;
  if (store.props.arn && pattern === store.props.arn) return true;
  const kind = DATA_STORES[store.type];
  const parts = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(pattern);
  if (!kind || !parts) return false;
  const [, , service, region, , resource] = parts;
  if (service !== kind.service) return false;
  const storeRegion = regionOf(store);
  if (region && storeRegion && !globToRegExp(region).test(storeRegion)) return false;
  const name = kind.resource(store.props);
  // An unknown name (not yet assigned) stands for a character no real name has, so only `*` matches it.
  return globToRegExp(resource!).test(`${kind.prefix}${typeof name === "string" && name ? name : "\u0000"}`);
}

function tagConditionHolds(
  tags: Record<string, string>,
  entries: unknown,
  test: (actual: string | undefined, expected: string) => boolean,
): boolean {
  return asArray<any>(entries as any).every((c) => {
    const key = typeof c?.key === "string" ? c.key.replace(/^aws:ResourceTag\//, "") : undefined;
    return key !== undefined && test(tags[key], String(c.value));
  });
}

/** Whether an AWS Backup selection assigns this store, with the AWS semantics: (resources OR tags) AND conditions, minus notResources. */
function selectionCovers(selection: StackResourceView, store: StackResourceView): boolean {
  const p = selection.props;
  const tags = effectiveTags(store);
  const named = (prop: string) =>
    selection.propertyDependencies[prop]?.includes(store.urn) ||
    asArray<string>(p[prop]).some((a) => typeof a === "string" && arnPatternMatches(a, store));
  if (named("notResources")) return false;
  const resources = asArray<string>(p.resources);
  const listOfTags = asArray<any>(p.selectionTags);
  const byResource = named("resources");
  const byTag = listOfTags.some(
    (t) =>
      String(t?.type ?? "STRINGEQUALS").toUpperCase() === "STRINGEQUALS" &&
      typeof t?.key === "string" &&
      tags[t.key] === String(t.value),
  );
  const selected =
    byResource ||
    byTag ||
    (resources.length === 0 && listOfTags.length === 0 && !selection.propertyDependencies.resources?.length);
  if (!selected) return false;
  return asArray<any>(p.conditions).every(
    (c) =>
      tagConditionHolds(tags, c?.stringEquals, (a, e) => a === e) &&
      tagConditionHolds(tags, c?.stringLikes, (a, e) => a !== undefined && globToRegExp(e).test(a)) &&
      tagConditionHolds(tags, c?.stringNotEquals, (a, e) => a !== e) &&
      tagConditionHolds(tags, c?.stringNotLikes, (a, e) => a === undefined || !globToRegExp(e).test(a)),
  );
}

/** Stores that AWS Backup should protect: tables, clusters, standalone primary instances and file systems. */
function dataStores(stack: StackView): StackResourceView[] {
  return stack.ofType(...Object.keys(DATA_STORES)).filter((r) => !isAuroraMember(r) && !isReadReplica(r));
}

// ---- Rules -----------------------------------------------------------------------------------

const RDS_STORES = [RDS_CLUSTER, RDS_INSTANCE];

export const dataRules = [
  // KMS
  resourceRule({
    name: "kms-key-rotation",
    description: "[KMS.4] Customer-managed symmetric KMS keys have automatic key rotation enabled.",
    group: "data",
    severity: "medium",
    resourceTypes: [KMS_KEY],
    remediation: "Set enableKeyRotation: true on the aws.kms.Key (optionally rotationPeriodInDays, 90-2560).",
    check: (r) =>
      !keyCannotRotate(r.props) &&
      r.props.enableKeyRotation !== true &&
      `${label(r)} has enableKeyRotation ${q(r.props.enableKeyRotation)}; automatic rotation is off`,
  }),
  resourceRule({
    name: "kms-key-policy-not-public",
    description:
      '[KMS.5] A KMS key policy (an aws.kms.Key\'s policy, or an aws.kms.KeyPolicy\'s) grants nothing (in particular not kms:* or *) to everyone (Principal "*" or AWS "*") without a condition that narrows it to known accounts or sources.',
    group: "data",
    severity: "critical",
    resourceTypes: [KMS_KEY, KMS_KEY_POLICY],
    remediation:
      "Name the account root, roles or service principals in the key policy, or add a condition such as kms:CallerAccount / aws:SourceAccount / aws:PrincipalOrgID to the statement.",
    check: (r) =>
      statementsOf(r.props.policy)
        .filter((s) => s.effect === "Allow" && grantsEveryone(s) && !isNarrowed(s))
        .map(
          (s) =>
            `${label(r)} key policy allows ${actionsOf(s)} to everyone${s.sid ? ` (statement ${s.sid})` : ""} without a condition that narrows the caller`,
        ),
  }),
  resourceRule<{ minDeletionWindowInDays: number }>({
    name: "kms-key-deletion-window",
    description:
      "A KMS key waits at least the configured number of days (default 7) between scheduled deletion and deletion, so an unintended deletion (what KMS.3 reports) can be cancelled.",
    group: "data",
    severity: "medium",
    resourceTypes: [KMS_KEY],
    remediation: `Set deletionWindowInDays to at least the configured minimum (the components use ${KMS_KEY_BASELINE.awsDefaultDeletionWindowInDays}).`,
    config: {
      schema: {
        properties: {
          minDeletionWindowInDays: {
            type: "integer",
            minimum: 7,
            maximum: 30,
            description: "Shortest acceptable deletion window in days.",
          },
        },
      },
      defaults: { minDeletionWindowInDays: KMS_KEY_BASELINE.minDeletionWindowInDays },
    },
    check: (r, { minDeletionWindowInDays }) => {
      const window = r.props.deletionWindowInDays ?? KMS_KEY_BASELINE.awsDefaultDeletionWindowInDays;
      return (
        typeof window === "number" &&
        window < minDeletionWindowInDays &&
        `${label(r)} has deletionWindowInDays ${window}, shorter than ${minDeletionWindowInDays}`
      );
    },
  }),

  // DynamoDB
  resourceRule({
    name: "dynamodb-point-in-time-recovery",
    description: "[DynamoDB.2] DynamoDB tables have point-in-time recovery enabled.",
    group: "data",
    severity: "medium",
    resourceTypes: [DYNAMODB_TABLE],
    remediation: "Set pointInTimeRecovery: { enabled: true } on the aws.dynamodb.Table.",
    check: (r) =>
      r.props.pointInTimeRecovery?.enabled !== true &&
      `${label(r)} has pointInTimeRecovery.enabled ${q(r.props.pointInTimeRecovery?.enabled)}`,
  }),
  resourceRule({
    name: "dynamodb-encryption-cmk",
    description:
      "DynamoDB tables are encrypted with a customer-managed KMS key (serverSideEncryption enabled with kmsKeyArn), not the AWS-owned or AWS-managed key.",
    group: "data",
    resourceTypes: [DYNAMODB_TABLE],
    remediation:
      "Set serverSideEncryption: { enabled: true, kmsKeyArn: <the region's CMK ARN> } on the aws.dynamodb.Table.",
    check: (r) => {
      const sse = r.props.serverSideEncryption;
      if (sse?.enabled !== true)
        return `${label(r)} has serverSideEncryption.enabled ${q(sse?.enabled)}: it uses the AWS-owned key`;
      return (
        !isCustomerManagedKey(sse.kmsKeyArn) &&
        `${label(r)} enables server-side encryption with ${keyGap(sse.kmsKeyArn, "alias/aws/dynamodb")}; set kmsKeyArn`
      );
    },
  }),
  resourceRule({
    name: "dynamodb-deletion-protection",
    description: "[DynamoDB.6] DynamoDB tables have deletion protection enabled.",
    group: "data",
    severity: "medium",
    resourceTypes: [DYNAMODB_TABLE],
    remediation: "Set deletionProtectionEnabled: true on the aws.dynamodb.Table.",
    check: (r) =>
      r.props.deletionProtectionEnabled !== true &&
      `${label(r)} has deletionProtectionEnabled ${q(r.props.deletionProtectionEnabled)}`,
  }),
  resourceRule({
    name: "dynamodb-replica-encryption-pitr",
    description:
      "[DynamoDB.2] Every replica of a DynamoDB global table has its own customer-managed KMS key in the replica's region and point-in-time recovery.",
    group: "data",
    resourceTypes: [DYNAMODB_TABLE],
    remediation:
      "In each replicas[] entry set kmsKeyArn to the CMK of that replica's region and pointInTimeRecovery: true.",
    check: (r) =>
      asArray<any>(r.props.replicas).flatMap((replica) => {
        const where = `replica in ${replica?.regionName ?? "an unnamed region"}`;
        const out: string[] = [];
        const keyRegion = kmsArnRegion(replica?.kmsKeyArn);
        if (!isCustomerManagedKey(replica?.kmsKeyArn))
          out.push(`${label(r)} ${where} has ${keyGap(replica?.kmsKeyArn, "alias/aws/dynamodb")}; set kmsKeyArn`);
        else if (keyRegion && replica?.regionName && keyRegion !== replica.regionName)
          out.push(`${label(r)} ${where} uses a KMS key from ${keyRegion}: ${q(replica.kmsKeyArn)}`);
        if (replica?.pointInTimeRecovery !== true)
          out.push(`${label(r)} ${where} has pointInTimeRecovery ${q(replica?.pointInTimeRecovery)}`);
        return out;
      }),
  }),

  // Kinesis and Firehose
  resourceRule({
    name: "kinesis-stream-encrypted-cmk",
    description:
      "[Kinesis.1] Kinesis data streams are encrypted at rest with a customer-managed KMS key (encryptionType KMS and kmsKeyId).",
    group: "data",
    resourceTypes: [KINESIS_STREAM],
    remediation: `Set encryptionType: "${KINESIS_STREAM_BASELINE.encryptionType}" and kmsKeyId to the region's CMK on the aws.kinesis.Stream.`,
    check: (r) => {
      if (r.props.encryptionType !== KINESIS_STREAM_BASELINE.encryptionType)
        return `${label(r)} has encryptionType ${q(r.props.encryptionType ?? "NONE")}: records are not encrypted at rest`;
      return (
        !isCustomerManagedKey(r.props.kmsKeyId) &&
        `${label(r)} is encrypted with ${keyGap(r.props.kmsKeyId, "alias/aws/kinesis")}; set kmsKeyId`
      );
    },
  }),
  resourceRule({
    name: "firehose-encrypted-cmk",
    description:
      "[DataFirehose.1] Firehose delivery streams are encrypted at rest with a customer-managed key (serverSideEncryption with CUSTOMER_MANAGED_CMK), unless they read from a Kinesis data stream (or MSK), which is encrypted itself.",
    group: "data",
    resourceTypes: [FIREHOSE],
    remediation: `Set serverSideEncryption: { enabled: true, keyType: "${FIREHOSE_CMK_KEY_TYPE}", keyArn: <the region's CMK ARN> }, or read from an encrypted Kinesis stream (kinesisSourceConfiguration).`,
    check: (r) => {
      if (r.props.kinesisSourceConfiguration || r.props.mskSourceConfiguration) return undefined;
      const sse = r.props.serverSideEncryption;
      if (sse?.enabled !== true)
        return `${label(r)} has serverSideEncryption.enabled ${q(sse?.enabled)} and no Kinesis stream source`;
      if (sse.keyType !== FIREHOSE_CMK_KEY_TYPE)
        return `${label(r)} uses serverSideEncryption.keyType ${q(sse.keyType ?? "AWS_OWNED_CMK")}, not ${FIREHOSE_CMK_KEY_TYPE}`;
      return !isCustomerManagedKey(sse.keyArn) && `${label(r)} uses ${FIREHOSE_CMK_KEY_TYPE} without a keyArn`;
    },
  }),
  resourceRule({
    name: "firehose-s3-destination-kms",
    description:
      "[DataFirehose.1] Every S3 destination or S3 backup of a Firehose delivery stream writes with a customer-managed KMS key (kmsKeyArn).",
    group: "data",
    resourceTypes: [FIREHOSE],
    remediation:
      "Set kmsKeyArn to the region's CMK in extendedS3Configuration (and its s3BackupConfiguration) and in every destination's s3Configuration.",
    check: (r) => {
      const s3 = r.props.extendedS3Configuration;
      const configs: [string, any][] = [
        ["extendedS3Configuration", s3],
        ...(s3?.s3BackupMode === "Enabled"
          ? [["extendedS3Configuration.s3BackupConfiguration", s3.s3BackupConfiguration] as [string, any]]
          : []),
        ...FIREHOSE_DESTINATION_CONFIGS.map(
          (c) => [`${c}.s3Configuration`, r.props[c]?.s3Configuration] as [string, any],
        ),
      ];
      return configs
        .filter(([, c]) => c && typeof c === "object" && !isCustomerManagedKey(c.kmsKeyArn))
        .map(([path]) => `${label(r)} writes to S3 through ${path} without a customer-managed kmsKeyArn`);
    },
  }),

  // RDS and Aurora
  resourceRule({
    name: "rds-storage-encrypted-cmk",
    description:
      "[RDS.3, RDS.4, RDS.27] RDS DB instances and Aurora/RDS clusters encrypt storage (and so their snapshots) with a customer-managed KMS key (storageEncrypted and kmsKeyId).",
    group: "data",
    resourceTypes: RDS_STORES,
    remediation:
      "Set storageEncrypted: true and kmsKeyId to the region's CMK ARN (a cross-region replica or Aurora secondary cluster needs its own region's key).",
    check: (r) => {
      if (isAuroraMember(r)) return undefined;
      const p = r.props;
      if (isReadReplica(r)) {
        const crossRegion = typeof p.replicateSourceDb === "string" && p.replicateSourceDb.startsWith("arn:");
        return (
          crossRegion &&
          !isCustomerManagedKey(p.kmsKeyId) &&
          `${label(r)} is a cross-region read replica without a kmsKeyId for its region`
        );
      }
      if (p.storageEncrypted !== true)
        return `${label(r)} has storageEncrypted ${q(p.storageEncrypted)}: storage and snapshots are not encrypted`;
      return (
        !isCustomerManagedKey(p.kmsKeyId) &&
        `${label(r)} encrypts storage with ${keyGap(p.kmsKeyId, "alias/aws/rds")}; set kmsKeyId`
      );
    },
  }),
  resourceRule({
    name: "rds-global-cluster-encrypted",
    description:
      "[RDS.27] An Aurora global database is created encrypted (storageEncrypted, or from an encrypted source cluster).",
    group: "data",
    resourceTypes: [RDS_GLOBAL_CLUSTER],
    remediation:
      "Set storageEncrypted: true on the aws.rds.GlobalCluster (or create it from an encrypted cluster with sourceDbClusterIdentifier); each member cluster names its region's CMK in kmsKeyId.",
    check: (r) =>
      r.props.storageEncrypted !== true &&
      !r.props.sourceDbClusterIdentifier &&
      `${label(r)} has storageEncrypted ${q(r.props.storageEncrypted)} and no encrypted source cluster`,
  }),
  resourceRule({
    name: "rds-not-publicly-accessible",
    description: "[RDS.2] RDS DB instances and Aurora cluster instances are not publicly accessible.",
    group: "data",
    severity: "critical",
    resourceTypes: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
    remediation: "Remove publiclyAccessible (or set it to false) and place the database in private subnets.",
    check: (r) => r.props.publiclyAccessible === true && `${label(r)} has publiclyAccessible true`,
  }),
  resourceRule({
    name: "rds-deletion-protection",
    description:
      "[RDS.7, RDS.8] Aurora/RDS clusters, global databases and DB instances have deletion protection enabled.",
    group: "data",
    severity: "medium",
    resourceTypes: [RDS_CLUSTER, RDS_INSTANCE, RDS_GLOBAL_CLUSTER],
    remediation: "Set deletionProtection: true.",
    check: (r) =>
      !isAuroraMember(r) &&
      r.props.deletionProtection !== true &&
      `${label(r)} has deletionProtection ${q(r.props.deletionProtection)}`,
  }),
  resourceRule<{ minBackupRetentionDays: number }>({
    name: "rds-backup-retention",
    description:
      "[RDS.11] Aurora/RDS clusters and DB instances keep automated backups for at least the configured number of days (default 7).",
    group: "data",
    severity: "medium",
    resourceTypes: RDS_STORES,
    remediation:
      "Set backupRetentionPeriod to at least the configured minimum (and a preferredBackupWindow / backupWindow).",
    config: {
      schema: {
        properties: {
          minBackupRetentionDays: {
            type: "integer",
            minimum: 1,
            maximum: 35,
            description: "Fewest days of automated backups.",
          },
        },
      },
      defaults: { minBackupRetentionDays: RDS_BASELINE.minBackupRetentionDays },
    },
    check: (r, { minBackupRetentionDays }) => {
      if (isAuroraMember(r) || isReadReplica(r)) return undefined;
      const days = r.props.backupRetentionPeriod ?? RDS_BASELINE.awsDefaultBackupRetentionDays;
      const unset = r.props.backupRetentionPeriod === undefined ? " (the AWS default)" : "";
      return (
        typeof days === "number" &&
        days < minBackupRetentionDays &&
        `${label(r)} keeps automated backups ${days} day(s)${unset}, fewer than ${minBackupRetentionDays}`
      );
    },
  }),
  resourceRule({
    name: "rds-iam-authentication",
    description:
      "[RDS.10, RDS.12] Aurora/RDS clusters and DB instances have IAM database authentication enabled (engines that support it).",
    group: "data",
    severity: "medium",
    resourceTypes: RDS_STORES,
    remediation: "Set iamDatabaseAuthenticationEnabled: true and grant rds-db:connect to the roles that connect.",
    check: (r) => {
      const engine = engineOf(r);
      if (isAuroraMember(r) || (engine && RDS_ENGINES_WITHOUT_IAM_AUTH.some((e) => engine.startsWith(e))))
        return undefined;
      return (
        r.props.iamDatabaseAuthenticationEnabled !== true &&
        `${label(r)} has iamDatabaseAuthenticationEnabled ${q(r.props.iamDatabaseAuthenticationEnabled)}`
      );
    },
  }),
  resourceRule({
    name: "rds-cloudwatch-log-exports",
    description:
      "[RDS.9, RDS.34] Aurora/RDS clusters and DB instances export their logs to CloudWatch Logs (the audit log for MySQL-family engines, the postgresql log for PostgreSQL-family engines).",
    group: "data",
    severity: "medium",
    resourceTypes: RDS_STORES,
    remediation:
      'Set enabledCloudwatchLogsExports, e.g. ["audit", "error", "slowquery"] for Aurora MySQL or ["postgresql"] for Aurora PostgreSQL.',
    check: (r) => {
      if (isAuroraMember(r)) return undefined;
      const exported = asArray<string>(r.props.enabledCloudwatchLogsExports);
      if (exported.length === 0)
        return `${label(r)} exports no logs to CloudWatch Logs (enabledCloudwatchLogsExports is empty)`;
      const engine = engineOf(r);
      const missing = (engine ? (RDS_REQUIRED_LOG_EXPORTS[engine] ?? []) : []).filter((t) => !exported.includes(t));
      return (
        missing.length > 0 && `${label(r)} (${engine}) exports ${exported.join(", ")} but not ${missing.join(", ")}`
      );
    },
  }),
  resourceRule({
    name: "rds-master-password-managed",
    description:
      "The master password of an Aurora/RDS cluster or DB instance is managed by Secrets Manager (manageMasterUserPassword, under a customer-managed key) or given as a secret, never as plain text.",
    group: "data",
    resourceTypes: RDS_STORES,
    remediation:
      "Set manageMasterUserPassword: true and masterUserSecretKmsKeyId to the region's CMK, and drop masterPassword/password (or pass it through pulumi.secret / the write-only *Wo input).",
    check: (r) => {
      const p = r.props;
      if (isAuroraMember(r) || isReadReplica(r) || isRestored(p)) return undefined;
      const passwordProp = r.type === RDS_CLUSTER ? "masterPassword" : "password";
      if (p.manageMasterUserPassword === true) {
        return (
          !isCustomerManagedKey(p.masterUserSecretKmsKeyId) &&
          `${label(r)} keeps its managed master secret under ${keyGap(p.masterUserSecretKmsKeyId, "alias/aws/secretsmanager")}; set masterUserSecretKmsKeyId`
        );
      }
      if (p[`${passwordProp}Wo`]) return undefined;
      if (p[passwordProp] !== undefined && p[passwordProp] !== null) {
        // Only the offline engine knows which props are secret; CrossGuard cannot tell, so accept there.
        return (
          r.secretProps !== undefined &&
          !r.secretProps.includes(passwordProp) &&
          `${label(r)} sets ${passwordProp} as plain text (not a secret); use manageMasterUserPassword`
        );
      }
      if (r.type === RDS_CLUSTER && isClusterWithoutOwnCredentials(p)) return undefined;
      return `${label(r)} sets neither manageMasterUserPassword nor a secret ${passwordProp}`;
    },
  }),

  resourceRule({
    name: "rds-auto-minor-version-upgrade",
    description:
      "[RDS.13, RDS.35] Aurora/RDS clusters, cluster instances and DB instances apply minor engine upgrades automatically (autoMinorVersionUpgrade not false; Aurora upgrades a cluster only when every instance allows it).",
    group: "data",
    severity: "medium",
    resourceTypes: [RDS_CLUSTER, RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
    remediation: "Remove autoMinorVersionUpgrade: false (it defaults to true) and set a preferredMaintenanceWindow.",
    check: (r) => r.props.autoMinorVersionUpgrade === false && `${label(r)} has autoMinorVersionUpgrade false`,
  }),
  resourceRule({
    name: "rds-copy-tags-to-snapshot",
    description:
      "[RDS.16, RDS.17] Aurora/RDS clusters and standalone DB instances copy their tags to their snapshots (copyTagsToSnapshot), so snapshots keep the owner, cost and backup tags.",
    group: "data",
    severity: "low",
    resourceTypes: RDS_STORES,
    remediation: "Set copyTagsToSnapshot: true.",
    check: (r) =>
      !isAuroraMember(r) &&
      r.props.copyTagsToSnapshot !== true &&
      `${label(r)} has copyTagsToSnapshot ${q(r.props.copyTagsToSnapshot)}`,
  }),
  resourceRule({
    name: "rds-custom-master-username",
    description: `[RDS.24, RDS.25] Aurora/RDS clusters and DB instances that name a master user do not use the engine's default name (${RDS_DEFAULT_MASTER_USERNAMES.join(", ")}); an Aurora secondary cluster, a replica or a restore names none and is not checked.`,
    group: "data",
    severity: "medium",
    resourceTypes: RDS_STORES,
    remediation:
      'Set masterUsername (username on an aws.rds.Instance) to a name of your own, e.g. "app_admin" (a replacement: the name is fixed at creation).',
    check: (r) => {
      const prop = r.type === RDS_CLUSTER ? "masterUsername" : "username";
      const user = r.props[prop];
      return (
        typeof user === "string" &&
        RDS_DEFAULT_MASTER_USERNAMES.includes(user.trim().toLowerCase()) &&
        `${label(r)} has the default ${prop} ${q(user)}`
      );
    },
  }),

  // ElastiCache
  resourceRule({
    name: "elasticache-encryption-at-rest",
    description: "[ElastiCache.4] ElastiCache replication groups are encrypted at rest.",
    group: "data",
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP],
    remediation:
      "Set atRestEncryptionEnabled: true (and kmsKeyId to the region's CMK) when creating the replication group.",
    check: (r) => {
      const p = r.props;
      if (p.globalReplicationGroupId) return undefined; // inherited from the global datastore's primary
      const on =
        p.atRestEncryptionEnabled === true ||
        (p.atRestEncryptionEnabled === undefined && ELASTICACHE_ENCRYPTED_BY_DEFAULT_ENGINES.includes(p.engine));
      return (
        !on &&
        `${label(r)} has atRestEncryptionEnabled ${q(p.atRestEncryptionEnabled)}${p.engine ? ` (engine ${p.engine})` : ""}`
      );
    },
  }),
  resourceRule({
    name: "elasticache-encryption-in-transit",
    description: '[ElastiCache.5] ElastiCache replication groups require encryption in transit (TLS, mode "required").',
    group: "data",
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP],
    remediation: `Set transitEncryptionEnabled: true and transitEncryptionMode: "${ELASTICACHE_BASELINE.transitEncryptionMode}".`,
    check: (r) => {
      const p = r.props;
      if (p.globalReplicationGroupId) return undefined;
      if (p.transitEncryptionEnabled !== true)
        return `${label(r)} has transitEncryptionEnabled ${q(p.transitEncryptionEnabled)}`;
      return (
        p.transitEncryptionMode === "preferred" &&
        `${label(r)} has transitEncryptionMode "preferred", which still accepts unencrypted connections`
      );
    },
  }),
  resourceRule({
    name: "elasticache-auth",
    description:
      "[ElastiCache.6] ElastiCache replication groups authenticate clients with an AUTH token or RBAC user groups.",
    group: "data",
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP],
    remediation: "Set userGroupIds to an aws.elasticache.UserGroup (RBAC, engine 6+) or authToken from a secret.",
    check: (r) => {
      const p = r.props;
      if (p.globalReplicationGroupId || p.authToken || p.authTokenWo || asArray(p.userGroupIds).length > 0)
        return undefined;
      return `${label(r)} has neither authToken nor userGroupIds: any client that reaches it can connect`;
    },
  }),
  resourceRule({
    name: "elasticache-automatic-failover",
    description: "[ElastiCache.3] ElastiCache replication groups have automatic failover and Multi-AZ enabled.",
    group: "data",
    severity: "medium",
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP],
    remediation:
      "Set automaticFailoverEnabled: true and multiAzEnabled: true with at least one replica (numCacheClusters >= 2 or replicasPerNodeGroup >= 1).",
    check: (r) => {
      const off = (["automaticFailoverEnabled", "multiAzEnabled"] as const).filter((k) => r.props[k] !== true);
      return off.length > 0 && `${label(r)} has ${off.map((k) => `${k} ${q(r.props[k])}`).join(" and ")}`;
    },
  }),
  resourceRule<{ minSnapshotRetentionDays: number }>({
    name: "elasticache-automatic-backups",
    description:
      "[ElastiCache.1] ElastiCache replication groups keep automatic snapshots for at least the configured number of days (default 1).",
    group: "data",
    enforcementLevel: "advisory",
    severity: "medium",
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP],
    remediation: "Set snapshotRetentionLimit (and snapshotWindow) on the replication group.",
    config: {
      schema: {
        properties: {
          minSnapshotRetentionDays: {
            type: "integer",
            minimum: 1,
            maximum: 35,
            description: "Fewest days of automatic snapshots.",
          },
        },
      },
      defaults: { minSnapshotRetentionDays: ELASTICACHE_BASELINE.minSnapshotRetentionDays },
    },
    check: (r, { minSnapshotRetentionDays }) => {
      const days = r.props.snapshotRetentionLimit ?? 0;
      return (
        typeof days === "number" &&
        days < minSnapshotRetentionDays &&
        `${label(r)} has snapshotRetentionLimit ${days}, fewer than ${minSnapshotRetentionDays} day(s)`
      );
    },
  }),

  resourceRule({
    name: "elasticache-auto-minor-version-upgrade",
    description:
      "[ElastiCache.2] ElastiCache replication groups apply minor engine upgrades automatically (autoMinorVersionUpgrade not false).",
    group: "data",
    severity: "medium",
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP],
    remediation:
      "Remove autoMinorVersionUpgrade: false (it defaults to true for Redis OSS 6+ and Valkey) and set a maintenanceWindow.",
    check: (r) => r.props.autoMinorVersionUpgrade === false && `${label(r)} has autoMinorVersionUpgrade false`,
  }),
  resourceRule({
    name: "elasticache-custom-subnet-group",
    description: `[ElastiCache.7] ElastiCache replication groups run in a subnet group of their own (subnetGroupName set, not "${ELASTICACHE_DEFAULT_SUBNET_GROUP}", which is built from the default VPC).`,
    group: "data",
    resourceTypes: [ELASTICACHE_REPLICATION_GROUP],
    remediation:
      "Create an aws.elasticache.SubnetGroup of the private (or database) subnets, one per Availability Zone, and set subnetGroupName to its name (a replacement).",
    check: (r) => {
      const group = r.props.subnetGroupName;
      if (typeof group !== "string" || group.trim() === "")
        return `${label(r)} names no subnetGroupName, so it uses the "${ELASTICACHE_DEFAULT_SUBNET_GROUP}" subnet group of the default VPC`;
      return (
        group === ELASTICACHE_DEFAULT_SUBNET_GROUP &&
        `${label(r)} uses the "${ELASTICACHE_DEFAULT_SUBNET_GROUP}" subnet group`
      );
    },
  }),

  // EFS, Glue, Athena
  resourceRule({
    name: "efs-access-point-root-directory",
    description:
      '[EFS.3] EFS access points confine clients to a directory of their own (rootDirectory.path set and not "/", the whole file system).',
    group: "data",
    severity: "medium",
    resourceTypes: [EFS_ACCESS_POINT],
    remediation:
      'Set rootDirectory: { path: "/<application>", creationInfo: { ownerUid, ownerGid, permissions: "750" } } (a replacement: access points are immutable).',
    check: (r) => {
      const path = r.props.rootDirectory?.path;
      if (typeof path !== "string" || path.trim() === "")
        return `${label(r)} sets no rootDirectory.path, so clients see the whole file system ("/")`;
      return (
        path.trim().replace(/\/+$/, "") === "" &&
        `${label(r)} has rootDirectory.path "${path}": clients see the whole file system`
      );
    },
  }),
  resourceRule({
    name: "efs-access-point-posix-user",
    description:
      "[EFS.4] EFS access points enforce a POSIX user identity (posixUser with uid and gid) for every file operation, and not root (uid 0).",
    group: "data",
    severity: "medium",
    resourceTypes: [EFS_ACCESS_POINT],
    remediation:
      "Set posixUser: { uid: 1000, gid: 1000 } (the uid:gid the containers run as, the owner in rootDirectory.creationInfo); a replacement.",
    check: (r) => {
      const user = r.props.posixUser;
      if (!user || typeof user !== "object" || user.uid === undefined || user.gid === undefined)
        return `${label(r)} enforces no POSIX user (posixUser with uid and gid): clients act as whatever user they claim`;
      return (
        Number(user.uid) === EFS_ACCESS_POINT_BASELINE.rootUid &&
        `${label(r)} enforces posixUser uid 0 (root) on every client`
      );
    },
  }),
  stackRule({
    name: "efs-mount-target-private-subnet",
    description: `[EFS.6] EFS mount targets are not in subnets that assign public IP addresses on launch (mapPublicIpOnLaunch, a default subnet) or that are tagged ${TIER_TAG}=${SUBNET_TIER_VALUES.public}.`,
    group: "data",
    severity: "medium",
    remediation:
      "Create the mount targets in the private (or database) subnets, one per Availability Zone, with a security group that allows NFS (2049) only from the clients' security groups.",
    check: (stack) =>
      stack.ofType(EFS_MOUNT_TARGET).flatMap((target): StackViolation[] =>
        pointsTo(stack, target, "subnetId", SUBNET, DEFAULT_SUBNET).flatMap((subnet): StackViolation[] => {
          const p = subnet.props;
          const why =
            p.mapPublicIpOnLaunch === true || (subnet.type === DEFAULT_SUBNET && p.mapPublicIpOnLaunch !== false)
              ? "assigns public IP addresses on launch"
              : effectiveTags(subnet)[TIER_TAG] === SUBNET_TIER_VALUES.public
                ? `is tagged ${TIER_TAG}=${SUBNET_TIER_VALUES.public}`
                : undefined;
          return why ? [{ message: `${label(target)} is in ${label(subnet)}, which ${why}`, urn: target.urn }] : [];
        }),
      ),
  }),
  resourceRule({
    name: "efs-encrypted-cmk",
    description: "[EFS.1] EFS file systems are encrypted at rest with a customer-managed KMS key.",
    group: "data",
    resourceTypes: [EFS_FILE_SYSTEM],
    remediation:
      "Set encrypted: true and kmsKeyId to the region's CMK ARN (a replacement: encryption is fixed at creation).",
    check: (r) => {
      if (r.props.encrypted !== true) return `${label(r)} has encrypted ${q(r.props.encrypted)}`;
      return (
        !isCustomerManagedKey(r.props.kmsKeyId) &&
        `${label(r)} is encrypted with ${keyGap(r.props.kmsKeyId, "alias/aws/elasticfilesystem")}; set kmsKeyId`
      );
    },
  }),
  resourceRule({
    name: "glue-security-configuration-encrypted",
    description:
      "A Glue security configuration encrypts S3 data (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS), each with a KMS key.",
    group: "data",
    resourceTypes: [GLUE_SECURITY_CONFIGURATION],
    remediation: `In encryptionConfiguration set s3Encryption.s3EncryptionMode "${GLUE_ENCRYPTION_MODES.s3EncryptionMode}", cloudwatchEncryption.cloudwatchEncryptionMode "${GLUE_ENCRYPTION_MODES.cloudwatchEncryptionMode}" and jobBookmarksEncryption.jobBookmarksEncryptionMode "${GLUE_ENCRYPTION_MODES.jobBookmarksEncryptionMode}", each with kmsKeyArn.`,
    check: (r) => {
      const ec = r.props.encryptionConfiguration ?? {};
      const parts = [
        ["S3", first(ec.s3Encryption), "s3EncryptionMode"],
        ["CloudWatch", first(ec.cloudwatchEncryption), "cloudwatchEncryptionMode"],
        ["job bookmark", first(ec.jobBookmarksEncryption), "jobBookmarksEncryptionMode"],
      ] as const;
      return parts.flatMap(([what, block, modeKey]) => {
        const mode = block?.[modeKey];
        if (mode !== GLUE_ENCRYPTION_MODES[modeKey])
          return [`${label(r)} ${what} encryption is ${q(mode ?? "DISABLED")}, not ${GLUE_ENCRYPTION_MODES[modeKey]}`];
        return isCustomerManagedKey(block?.kmsKeyArn) ? [] : [`${label(r)} ${what} encryption has no kmsKeyArn`];
      });
    },
  }),
  resourceRule({
    name: "athena-workgroup-encrypted",
    description:
      "An Athena workgroup enforces its configuration (clients cannot override it) and encrypts query results with a KMS key (SSE_KMS or CSE_KMS).",
    group: "data",
    resourceTypes: [ATHENA_WORKGROUP],
    remediation:
      'Set configuration.enforceWorkgroupConfiguration: true and configuration.resultConfiguration.encryptionConfiguration { encryptionOption: "SSE_KMS", kmsKeyArn: <the region\'s CMK> }.',
    check: (r) => {
      const c = r.props.configuration ?? {};
      const out: string[] = [];
      if (c.enforceWorkgroupConfiguration === false)
        out.push(`${label(r)} has enforceWorkgroupConfiguration false: clients can override its result encryption`);
      if (c.managedQueryResultsConfiguration?.enabled === true) {
        if (!isCustomerManagedKey(c.managedQueryResultsConfiguration.encryptionConfiguration?.kmsKey))
          out.push(`${label(r)} stores managed query results without a customer-managed kmsKey`);
        return out;
      }
      const enc = c.resultConfiguration?.encryptionConfiguration;
      if (!ATHENA_KMS_ENCRYPTION_OPTIONS.includes(enc?.encryptionOption))
        out.push(
          `${label(r)} encrypts query results with ${q(enc?.encryptionOption ?? "nothing")}, not ${ATHENA_KMS_ENCRYPTION_OPTIONS.join(" or ")}`,
        );
      else if (!isCustomerManagedKey(enc.kmsKeyArn))
        out.push(`${label(r)} uses ${enc.encryptionOption} without a kmsKeyArn`);
      return out;
    },
  }),

  // SQS, SNS
  resourceRule({
    name: "sqs-queue-encrypted-cmk",
    description:
      "[SQS.1] SQS queues are encrypted at rest with a customer-managed KMS key (kmsMasterKeyId); SQS-managed SSE does not count.",
    group: "data",
    resourceTypes: [SQS_QUEUE],
    remediation:
      "Set kmsMasterKeyId to the region's CMK (and kmsDataKeyReusePeriodSeconds) and drop sqsManagedSseEnabled.",
    check: (r) => {
      if (isCustomerManagedKey(r.props.kmsMasterKeyId)) return undefined;
      if (r.props.kmsMasterKeyId)
        return `${label(r)} is encrypted with the AWS-managed key ${q(r.props.kmsMasterKeyId)}`;
      return r.props.sqsManagedSseEnabled === true
        ? `${label(r)} uses SQS-managed SSE (sqsManagedSseEnabled), not a KMS key`
        : `${label(r)} has no kmsMasterKeyId`;
    },
  }),
  resourceRule({
    name: "sns-topic-encrypted-cmk",
    description: "[SNS.1] SNS topics are encrypted at rest with a customer-managed KMS key (kmsMasterKeyId).",
    group: "data",
    resourceTypes: [SNS_TOPIC],
    remediation:
      "Set kmsMasterKeyId to the region's CMK; its key policy must let the publishing services (events, cloudwatch) use it.",
    check: (r) =>
      !isCustomerManagedKey(r.props.kmsMasterKeyId) &&
      `${label(r)} has ${r.props.kmsMasterKeyId ? `the AWS-managed key ${q(r.props.kmsMasterKeyId)}` : "no kmsMasterKeyId"}`,
  }),

  // Secrets Manager
  resourceRule({
    name: "secretsmanager-secret-cmk",
    description:
      "Secrets Manager secrets, and each of their replicas, are encrypted with a customer-managed KMS key; a replica's key (when given as an ARN) is in the replica's own region.",
    group: "data",
    resourceTypes: [SECRET],
    remediation:
      "Set kmsKeyId to the region's CMK, and in every replicas[] entry kmsKeyId to the CMK (ARN) of that replica's region.",
    check: (r) => [
      ...(isCustomerManagedKey(r.props.kmsKeyId)
        ? []
        : [`${label(r)} is encrypted with ${keyGap(r.props.kmsKeyId, "alias/aws/secretsmanager")}; set kmsKeyId`]),
      ...asArray<any>(r.props.replicas).flatMap((replica) => {
        const where = `${label(r)} replica in ${replica?.region ?? "an unnamed region"}`;
        if (!isCustomerManagedKey(replica?.kmsKeyId))
          return [`${where} has ${keyGap(replica?.kmsKeyId, "alias/aws/secretsmanager")}`];
        const keyRegion = kmsArnRegion(replica.kmsKeyId);
        return keyRegion && replica.region && keyRegion !== replica.region
          ? [`${where} names a KMS key of ${keyRegion}, not of its own region: ${q(replica.kmsKeyId)}`]
          : [];
      }),
    ],
  }),
  resourceRule<{ maxDaysBetweenRotations: number }>({
    name: "secretsmanager-rotation-schedule",
    description:
      "[SecretsManager.4] A secret rotation is enabled and rotates at least every configured number of days (default 90).",
    group: "data",
    enforcementLevel: "advisory",
    severity: "medium",
    resourceTypes: [SECRET_ROTATION],
    remediation: `Set rotationRules.automaticallyAfterDays (the components use ${SECRET_ROTATION_BASELINE.automaticallyAfterDays}) or a scheduleExpression within the limit.`,
    config: {
      schema: {
        properties: {
          maxDaysBetweenRotations: {
            type: "integer",
            minimum: 1,
            maximum: 365,
            description: "Longest schedule between rotations, in days.",
          },
        },
      },
      defaults: { maxDaysBetweenRotations: SECRET_ROTATION_BASELINE.maxDaysBetweenRotations },
    },
    check: (r, { maxDaysBetweenRotations }) => {
      if (r.props.rotationEnabled === false) return `${label(r)} has rotationEnabled false`;
      if (!r.props.rotationRules) return `${label(r)} has no rotationRules`;
      const days = rotationDays(r.props.rotationRules);
      return (
        days !== undefined &&
        days > maxDaysBetweenRotations &&
        `${label(r)} rotates every ${days} days, more than ${maxDaysBetweenRotations}`
      );
    },
  }),
  resourceRule({
    name: "secretsmanager-secret-recovery-window",
    description: `Secrets Manager secrets can be restored after deletion: recoveryWindowInDays is ${SECRET_RECOVERY_WINDOW.min}-${SECRET_RECOVERY_WINDOW.max} (unset means 30), never 0 (deleted at once, without recovery).`,
    group: "data",
    severity: "medium",
    resourceTypes: [SECRET],
    remediation: `Leave recoveryWindowInDays unset (30 days) or set it to ${SECRET_RECOVERY_WINDOW.min}-${SECRET_RECOVERY_WINDOW.max}; to replace a secret, let Pulumi name it (namePrefix) rather than deleting the old one without recovery.`,
    check: (r) => {
      const days = r.props.recoveryWindowInDays;
      if (days === undefined || days === null) return undefined;
      if (days === 0) return `${label(r)} has recoveryWindowInDays 0: a deletion cannot be undone`;
      return (
        (typeof days !== "number" || days < SECRET_RECOVERY_WINDOW.min || days > SECRET_RECOVERY_WINDOW.max) &&
        `${label(r)} has recoveryWindowInDays ${JSON.stringify(days)}; Secrets Manager takes ${SECRET_RECOVERY_WINDOW.min}-${SECRET_RECOVERY_WINDOW.max}`
      );
    },
  }),
  resourceRule({
    name: "secretsmanager-secret-value-not-plaintext",
    description:
      "A secret version's value (secretString, secretBinary) is a Pulumi secret, encrypted in the stack's state, or given write-only (secretStringWo); never plain text in state. Checked where the offline engine can tell (CrossGuard hands policies unwrapped values).",
    group: "data",
    severity: "high",
    resourceTypes: [SECRET_VERSION],
    remediation:
      "Generate the value with @pulumi/random (its result is secret) or wrap it in pulumi.secret(...); or pass it as secretStringWo.",
    check: (r) => {
      if (r.secretProps === undefined) return undefined;
      const plain = SECRET_VALUE_PROPS.filter(
        (prop) => r.props[prop] !== undefined && r.props[prop] !== null && !r.secretProps!.includes(prop),
      );
      return plain.length > 0 && `${label(r)} holds ${plain.join(" and ")} as plain text in the stack's state`;
    },
  }),
  stackRule({
    name: "secretsmanager-database-secret-rotation",
    description:
      "[SecretsManager.1] Every secret that holds a database credential (tagged SecretType=database-credential, valued from a database or with the username/password/engine/host structure, or used by an RDS Proxy or DMS endpoint) has automatic rotation.",
    group: "data",
    remediation:
      "Create an aws.secretsmanager.SecretRotation for the secret (rotationLambdaArn of a rotation function for its engine, rotationRules.automaticallyAfterDays), or let RDS manage the password (manageMasterUserPassword).",
    check: (stack) =>
      stack.ofType(SECRET).flatMap((secret) => {
        const reason = databaseCredentialReason(stack, secret);
        if (!reason) return [];
        const rotations = stack
          .configuring(secret, SECRET_ROTATION, "secretId")
          .filter((x) => x.props.rotationEnabled !== false);
        return rotations.length
          ? []
          : [
              {
                message: `${label(secret)} holds a database credential (${reason}) but has no enabled aws.secretsmanager.SecretRotation`,
                urn: secret.urn,
              },
            ];
      }),
  }),

  // AWS Backup
  resourceRule<{ minRetentionDays: number }>({
    name: "backup-plan-retention",
    description: `AWS Backup plan rules (and their cross-region copies) keep recovery points for at least the configured number of days (default ${BACKUP_BASELINE.minRetentionDays}).`,
    group: "data",
    severity: "medium",
    resourceTypes: [BACKUP_PLAN],
    remediation:
      "Set rules[].lifecycle.deleteAfter (and copyActions[].lifecycle.deleteAfter) to at least the configured minimum, or leave it out to keep recovery points until deleted.",
    config: {
      schema: {
        properties: {
          minRetentionDays: { type: "integer", minimum: 1, description: "Fewest days a recovery point is kept." },
        },
      },
      defaults: { minRetentionDays: BACKUP_BASELINE.minRetentionDays },
    },
    check: (r, { minRetentionDays }) =>
      asArray<any>(r.props.rules).flatMap((rule, i) => {
        const name = rule?.ruleName ? `"${rule.ruleName}"` : String(i);
        const short = (days: unknown) => typeof days === "number" && days < minRetentionDays;
        return [
          ...(short(rule?.lifecycle?.deleteAfter)
            ? [
                `${label(r)} rule ${name} deletes recovery points after ${rule.lifecycle.deleteAfter} days, fewer than ${minRetentionDays}`,
              ]
            : []),
          ...asArray<any>(rule?.copyActions)
            .filter((c) => short(c?.lifecycle?.deleteAfter))
            .map(
              (c) =>
                `${label(r)} rule ${name} keeps its copy to ${c.destinationVaultArn ?? "another vault"} ${c.lifecycle.deleteAfter} days, fewer than ${minRetentionDays}`,
            ),
        ];
      }),
  }),
  resourceRule({
    name: "backup-vault-cmk",
    description: "[Backup.1] AWS Backup vaults encrypt recovery points with a customer-managed KMS key.",
    group: "data",
    resourceTypes: [BACKUP_VAULT],
    remediation:
      "Set kmsKeyArn on the aws.backup.Vault to the region's CMK (a replacement: the vault key is fixed at creation).",
    check: (r) =>
      !isCustomerManagedKey(r.props.kmsKeyArn) &&
      `${label(r)} has ${keyGap(r.props.kmsKeyArn, "alias/aws/backup")}; set kmsKeyArn`,
  }),
  stackRule({
    name: "data-store-backup-coverage",
    description:
      "[DynamoDB.4, RDS.26, EFS.2] Every data store (DynamoDB table, Aurora/RDS cluster, standalone RDS instance, EFS file system) is assigned to an AWS Backup plan by a selection (its ARN in resources or matching selectionTags/conditions); a DynamoDB table may rely on point-in-time recovery instead.",
    group: "data",
    severity: "medium",
    remediation:
      "Add the store's ARN to an aws.backup.Selection's resources, or give it the tag the selection matches (selectionTags / conditions); for a DynamoDB table, point-in-time recovery also counts.",
    check: (stack) => {
      const selections = stack.ofType(BACKUP_SELECTION);
      return dataStores(stack).flatMap((store): StackViolation[] => {
        if (store.type === DYNAMODB_TABLE && store.props.pointInTimeRecovery?.enabled === true) return [];
        if (selections.some((s) => selectionCovers(s, store))) return [];
        const alt = store.type === DYNAMODB_TABLE ? " and has no point-in-time recovery" : "";
        return [{ message: `${label(store)} is in no AWS Backup selection${alt}`, urn: store.urn }];
      });
    },
  }),
];
