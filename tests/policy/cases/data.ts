/** The data rules' cases: for each rule, resources that comply and resources that break it (tests/policy/data.test.ts, tests/policy/insecure-graph.test.ts). */
import { SECRET_TYPE_TAG } from "../../../policy/baseline/data";
import { dataRules } from "../../../policy/rules/data";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = dataRules.find((r) => r.name === name);
  if (!found) throw new Error(`no data rule ${name}`);
  return found;
};

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const KEY_WEST = "arn:aws:kms:us-west-2:123456789012:key/9f8e7d6c-5555-4666-b777-888899990000";
const ROLE = "arn:aws:iam::123456789012:role/service";
const res = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Spec> = {}): Spec => ({
  type,
  name,
  inputs,
  ...extra,
});

// KMS
const KMS = "aws:kms/key:Key";
const policyOf = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const rootStatement = {
  Sid: "AccountRoot",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::123456789012:root" },
  Action: "kms:*",
  Resource: "*",
};
const key = (name: string, inputs: Record<string, unknown> = {}) =>
  res(KMS, name, {
    description: name,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policyOf(rootStatement),
    ...inputs,
  });

// DynamoDB
const TABLE = "aws:dynamodb/table:Table";
const table = (name: string, inputs: Record<string, unknown> = {}, extra: Partial<Spec> = {}) =>
  res(
    TABLE,
    name,
    {
      name: `${name}-abc1234`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attributes: [{ name: "pk", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
      deletionProtectionEnabled: true,
      replicas: [{ regionName: "us-west-2", kmsKeyArn: KEY_WEST, pointInTimeRecovery: true }],
      ...inputs,
    },
    extra,
  );

// Kinesis and Firehose
const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const s3Dest = (extra: Record<string, unknown> = {}) => ({
  bucketArn: "arn:aws:s3:::archive-abc1234",
  roleArn: ROLE,
  kmsKeyArn: KEY,
  ...extra,
});
const directPut = (name: string, inputs: Record<string, unknown> = {}) =>
  res(FIREHOSE, name, {
    destination: "extended_s3",
    serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY },
    extendedS3Configuration: s3Dest(),
    ...inputs,
  });
const fromStream = (name: string) =>
  res(FIREHOSE, name, {
    destination: "extended_s3",
    kinesisSourceConfiguration: {
      kinesisStreamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
      roleArn: ROLE,
    },
    extendedS3Configuration: s3Dest(),
  });

// RDS and Aurora
const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const GLOBAL = "aws:rds/globalCluster:GlobalCluster";
const cluster = (name: string, inputs: Record<string, unknown> = {}, extra: Partial<Spec> = {}) =>
  res(
    CLUSTER,
    name,
    {
      engine: "aurora-postgresql",
      clusterIdentifier: `${name}-abc1234`,
      globalClusterIdentifier: "global-db",
      masterUsername: "app",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEY,
      storageEncrypted: true,
      kmsKeyId: KEY,
      deletionProtection: true,
      backupRetentionPeriod: 7,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql"],
      ...inputs,
    },
    extra,
  );
/** An Aurora global secondary: no master credentials, its own region's key. */
const secondary = (name: string, inputs: Record<string, unknown> = {}) =>
  res(CLUSTER, name, {
    engine: "aurora-postgresql",
    clusterIdentifier: `${name}-abc1234`,
    globalClusterIdentifier: "global-db",
    storageEncrypted: true,
    kmsKeyId: KEY_WEST,
    deletionProtection: true,
    backupRetentionPeriod: 7,
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: ["postgresql"],
    ...inputs,
  });
const instance = (name: string, inputs: Record<string, unknown> = {}, extra: Partial<Spec> = {}) =>
  res(
    INSTANCE,
    name,
    {
      engine: "postgres",
      identifier: `${name}-abc1234`,
      instanceClass: "db.t4g.micro",
      username: "app",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEY,
      storageEncrypted: true,
      kmsKeyId: KEY,
      deletionProtection: true,
      backupRetentionPeriod: 14,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      publiclyAccessible: false,
      ...inputs,
    },
    extra,
  );
/** An aws.rds.Instance inside an Aurora cluster: the cluster carries the storage and credential settings. */
const auroraMember = (name: string) =>
  res(INSTANCE, name, { engine: "aurora-postgresql", identifier: `${name}-abc1234`, instanceClass: "db.r6g.large" });
const replica = (name: string, inputs: Record<string, unknown> = {}) =>
  res(INSTANCE, name, {
    identifier: `${name}-abc1234`,
    instanceClass: "db.t4g.micro",
    replicateSourceDb: "reporting-abc1234",
    deletionProtection: true,
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: ["postgresql"],
    ...inputs,
  });
const clusterInstance = (name: string, inputs: Record<string, unknown> = {}) =>
  res(CLUSTER_INSTANCE, name, {
    clusterIdentifier: "db-abc1234",
    engine: "aurora-postgresql",
    instanceClass: "db.r6g.large",
    ...inputs,
  });
const globalCluster = (name: string, inputs: Record<string, unknown> = {}) =>
  res(GLOBAL, name, {
    globalClusterIdentifier: "global-db",
    engine: "aurora-postgresql",
    storageEncrypted: true,
    deletionProtection: true,
    ...inputs,
  });

// ElastiCache
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const cache = (name: string, inputs: Record<string, unknown> = {}) =>
  res(REDIS, name, {
    replicationGroupId: `${name}-abc1234`,
    description: "session cache",
    engine: "valkey",
    nodeType: "cache.t4g.small",
    numCacheClusters: 2,
    subnetGroupName: "cache-private",
    atRestEncryptionEnabled: true,
    kmsKeyId: KEY,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    userGroupIds: ["app-users"],
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    snapshotRetentionLimit: 7,
    ...inputs,
  });

// EFS, Glue, Athena, SQS, SNS
const EFS = "aws:efs/fileSystem:FileSystem";
const accessPoint = (name: string, inputs: Record<string, unknown> = {}) =>
  res("aws:efs/accessPoint:AccessPoint", name, {
    fileSystemId: "fs-0123456789abcdef0",
    posixUser: { uid: 1000, gid: 1000 },
    rootDirectory: { path: "/web", creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "750" } },
    ...inputs,
  });
const subnet = (name: string, tier: string, inputs: Record<string, unknown> = {}) =>
  res("aws:ec2/subnet:Subnet", name, {
    vpcId: "vpc-0123",
    cidrBlock: "10.0.0.0/24",
    mapPublicIpOnLaunch: false,
    tags: { Tier: tier },
    ...inputs,
  });
const mountTarget = (name: string, subnetName: string) =>
  res(
    "aws:efs/mountTarget:MountTarget",
    name,
    { fileSystemId: "fs-0123456789abcdef0", subnetId: `${subnetName}-id`, securityGroups: ["sg-efs"] },
    { from: { subnetId: subnetName } },
  );
const GLUE = "aws:glue/securityConfiguration:SecurityConfiguration";
const glue = (name: string, encryptionConfiguration: Record<string, unknown>) =>
  res(GLUE, name, { name, encryptionConfiguration });
const goodGlue = {
  s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
  cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
  jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY },
};
const ATHENA = "aws:athena/workgroup:Workgroup";
const workgroup = (name: string, configuration: Record<string, unknown>) => res(ATHENA, name, { name, configuration });
const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";

// Secrets Manager
const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const secret = (name: string, inputs: Record<string, unknown> = {}) =>
  res(SECRET, name, { name: `${name}-abc1234`, kmsKeyId: KEY, ...inputs });
const rotation = (name: string, target: string, inputs: Record<string, unknown> = {}) =>
  res(
    ROTATION,
    name,
    {
      secretId: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${target}`,
      rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate",
      rotationRules: { automaticallyAfterDays: 30 },
      ...inputs,
    },
    { from: { secretId: target } },
  );
const version = (name: string, target: string, secretString: string, from: Record<string, string> = {}) =>
  res(
    VERSION,
    name,
    { secretId: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${target}`, secretString },
    { from: { secretId: target, ...from }, secretOutputs: ["secretString"] },
  );
const dbTag = { tags: { [SECRET_TYPE_TAG]: "database-credential" } };

// AWS Backup
const PLAN = "aws:backup/plan:Plan";
const VAULT = "aws:backup/vault:Vault";
const SELECTION = "aws:backup/selection:Selection";
const plan = (name: string, rules: unknown[]) => res(PLAN, name, { name, rules });
const selection = (name: string, inputs: Record<string, unknown>, from: Record<string, string | string[]> = {}) =>
  res(SELECTION, name, { name, iamRoleArn: ROLE, planId: "plan-id", ...inputs }, { from });

export const dataCases: RuleCase[] = [
  // KMS
  {
    rule: rule("kms-key-rotation"),
    compliant: [
      key("data"),
      key("signing", { enableKeyRotation: undefined, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
    ],
    violating: [key("data", { enableKeyRotation: false }), key("unset", { enableKeyRotation: undefined })],
    message:
      /Key "data" has enableKeyRotation false; automatic rotation is off[\s\S]*"unset" has enableKeyRotation unset/,
  },
  {
    rule: rule("kms-key-policy-not-public"),
    compliant: [
      key("data", {
        policy: policyOf(rootStatement, {
          Sid: "AccountViaServices",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "s3.us-east-1.amazonaws.com" },
          },
        }),
      }),
      key("deny-only", {
        policy: policyOf(rootStatement, {
          Sid: "DenyAll",
          Effect: "Deny",
          Principal: "*",
          Action: "kms:*",
          Resource: "*",
        }),
      }),
      key("no-policy", { policy: undefined }),
    ],
    violating: [
      key("open", {
        policy: policyOf(rootStatement, {
          Sid: "Open",
          Effect: "Allow",
          Principal: "*",
          Action: "kms:*",
          Resource: "*",
        }),
      }),
      // Already-parsed document; a transport condition and a wildcard account do not narrow the caller.
      key("loose", {
        policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "TlsOnly",
              Effect: "Allow",
              Principal: { AWS: "*" },
              Action: "*",
              Resource: "*",
              Condition: { Bool: { "aws:SecureTransport": "true" } },
            },
            {
              Sid: "AnyAccount",
              Effect: "Allow",
              Principal: { AWS: ["*"] },
              Action: "kms:Decrypt",
              Resource: "*",
              Condition: { StringLike: { "kms:CallerAccount": "*" } },
            },
          ],
        },
      }),
      // The policy a KeyPolicy puts on a key is the key's policy.
      res("aws:kms/keyPolicy:KeyPolicy", "later", {
        keyId: "0b1c2d3e-1111-4222-a333-444455556666",
        policy: policyOf(rootStatement, {
          Sid: "AnyCloudFront",
          Effect: "Allow",
          Principal: "*",
          Action: "kms:Decrypt",
          Resource: "*",
        }),
      }),
    ],
    message:
      /"open" key policy allows kms:\* to everyone \(statement Open\)[\s\S]*"loose" key policy allows \* to everyone \(statement TlsOnly\)[\s\S]*allows kms:Decrypt to everyone \(statement AnyAccount\)[\s\S]*KeyPolicy "later" key policy allows kms:Decrypt to everyone \(statement AnyCloudFront\)/,
  },
  {
    rule: rule("kms-key-deletion-window"),
    config: { minDeletionWindowInDays: 14 },
    compliant: [key("data"), key("default-window", { deletionWindowInDays: undefined })],
    violating: [key("data", { deletionWindowInDays: 10 })],
    message: /Key "data" has deletionWindowInDays 10, shorter than 14/,
  },

  // DynamoDB
  {
    rule: rule("dynamodb-point-in-time-recovery"),
    compliant: [table("orders")],
    violating: [
      table("orders", { pointInTimeRecovery: { enabled: false } }),
      table("bare", { pointInTimeRecovery: undefined }),
    ],
    message: /Table "orders" has pointInTimeRecovery.enabled false[\s\S]*"bare" has pointInTimeRecovery.enabled unset/,
  },
  {
    rule: rule("dynamodb-encryption-cmk"),
    compliant: [table("orders")],
    violating: [
      table("owned", { serverSideEncryption: undefined }),
      table("managed", { serverSideEncryption: { enabled: true } }),
    ],
    message:
      /"owned" has serverSideEncryption.enabled unset: it uses the AWS-owned key[\s\S]*"managed" enables server-side encryption with no customer-managed key \(the AWS-managed alias\/aws\/dynamodb is used\)/,
  },
  {
    rule: rule("dynamodb-deletion-protection"),
    compliant: [table("orders")],
    violating: [table("orders", { deletionProtectionEnabled: false })],
    message: /Table "orders" has deletionProtectionEnabled false/,
  },
  {
    rule: rule("dynamodb-replica-encryption-pitr"),
    compliant: [table("orders"), table("single-region", { replicas: undefined })],
    violating: [
      table("orders", {
        replicas: [
          { regionName: "us-west-2", kmsKeyArn: KEY, pointInTimeRecovery: false },
          { regionName: "eu-west-1" },
        ],
      }),
    ],
    message:
      /replica in us-west-2 uses a KMS key from us-east-1[\s\S]*replica in us-west-2 has pointInTimeRecovery false[\s\S]*replica in eu-west-1 has no customer-managed key[\s\S]*replica in eu-west-1 has pointInTimeRecovery unset/,
  },

  // Kinesis and Firehose
  {
    rule: rule("kinesis-stream-encrypted-cmk"),
    compliant: [res(STREAM, "events", { shardCount: 1, encryptionType: "KMS", kmsKeyId: KEY })],
    violating: [
      res(STREAM, "plain", { shardCount: 1 }),
      res(STREAM, "managed", { shardCount: 1, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" }),
    ],
    message:
      /"plain" has encryptionType "NONE": records are not encrypted at rest[\s\S]*"managed" is encrypted with the AWS-managed key "alias\/aws\/kinesis"/,
  },
  {
    rule: rule("firehose-encrypted-cmk"),
    compliant: [directPut("archive"), fromStream("from-stream")],
    violating: [
      directPut("owned", { serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } }),
      directPut("off", { serverSideEncryption: undefined }),
      directPut("no-arn", { serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK" } }),
    ],
    message:
      /"owned" uses serverSideEncryption.keyType "AWS_OWNED_CMK", not CUSTOMER_MANAGED_CMK[\s\S]*"off" has serverSideEncryption.enabled unset and no Kinesis stream source[\s\S]*"no-arn" uses CUSTOMER_MANAGED_CMK without a keyArn/,
  },
  {
    rule: rule("firehose-s3-destination-kms"),
    compliant: [directPut("archive"), fromStream("from-stream")],
    violating: [
      directPut("archive", {
        extendedS3Configuration: s3Dest({
          kmsKeyArn: undefined,
          s3BackupMode: "Enabled",
          s3BackupConfiguration: { bucketArn: "arn:aws:s3:::raw", roleArn: ROLE },
        }),
      }),
      directPut("http", {
        destination: "http_endpoint",
        extendedS3Configuration: undefined,
        httpEndpointConfiguration: {
          url: "https://example.test",
          s3Configuration: { bucketArn: "arn:aws:s3:::failed", roleArn: ROLE },
        },
      }),
    ],
    message:
      /"archive" writes to S3 through extendedS3Configuration without[\s\S]*"archive" writes to S3 through extendedS3Configuration.s3BackupConfiguration without[\s\S]*"http" writes to S3 through httpEndpointConfiguration.s3Configuration without a customer-managed kmsKeyArn/,
  },

  // RDS and Aurora
  {
    rule: rule("rds-storage-encrypted-cmk"),
    compliant: [cluster("db"), secondary("db-west"), instance("reporting"), auroraMember("member"), replica("reader")],
    violating: [
      cluster("db", { storageEncrypted: false }),
      instance("reporting", { kmsKeyId: undefined }),
      replica("far-reader", { replicateSourceDb: "arn:aws:rds:us-west-2:123456789012:db:reporting-abc1234" }),
    ],
    message:
      /Cluster "db" has storageEncrypted false: storage and snapshots are not encrypted[\s\S]*Instance "reporting" encrypts storage with no customer-managed key \(the AWS-managed alias\/aws\/rds is used\)[\s\S]*"far-reader" is a cross-region read replica without a kmsKeyId/,
  },
  {
    rule: rule("rds-global-cluster-encrypted"),
    compliant: [
      globalCluster("global"),
      globalCluster("from-source", {
        storageEncrypted: undefined,
        sourceDbClusterIdentifier: "arn:aws:rds:us-east-1:123456789012:cluster:db",
      }),
    ],
    violating: [globalCluster("global", { storageEncrypted: undefined })],
    message: /GlobalCluster "global" has storageEncrypted unset and no encrypted source cluster/,
  },
  {
    rule: rule("rds-not-publicly-accessible"),
    compliant: [instance("reporting"), clusterInstance("db-1"), clusterInstance("db-2", { publiclyAccessible: false })],
    violating: [
      clusterInstance("db-1", { publiclyAccessible: true }),
      instance("reporting", { publiclyAccessible: true }),
    ],
    message:
      /ClusterInstance "db-1" has publiclyAccessible true[\s\S]*Instance "reporting" has publiclyAccessible true/,
  },
  {
    rule: rule("rds-deletion-protection"),
    compliant: [
      cluster("db"),
      secondary("db-west"),
      instance("reporting"),
      globalCluster("global"),
      auroraMember("member"),
    ],
    violating: [
      cluster("db", { deletionProtection: false }),
      instance("reporting", { deletionProtection: undefined }),
      globalCluster("global", { deletionProtection: undefined }),
    ],
    message:
      /Cluster "db" has deletionProtection false[\s\S]*Instance "reporting" has deletionProtection unset[\s\S]*GlobalCluster "global" has deletionProtection unset/,
  },
  {
    rule: rule("rds-backup-retention"),
    compliant: [cluster("db"), instance("reporting"), replica("reader"), auroraMember("member")],
    violating: [
      cluster("db", { backupRetentionPeriod: 3 }),
      instance("reporting", { backupRetentionPeriod: undefined }),
    ],
    message:
      /Cluster "db" keeps automated backups 3 day\(s\), fewer than 7[\s\S]*Instance "reporting" keeps automated backups 1 day\(s\) \(the AWS default\), fewer than 7/,
  },
  {
    rule: rule("rds-iam-authentication"),
    compliant: [
      cluster("db"),
      instance("reporting"),
      instance("legacy", { engine: "oracle-ee", iamDatabaseAuthenticationEnabled: undefined }),
    ],
    violating: [cluster("db", { iamDatabaseAuthenticationEnabled: false })],
    message: /Cluster "db" has iamDatabaseAuthenticationEnabled false/,
  },
  {
    rule: rule("rds-cloudwatch-log-exports"),
    compliant: [
      cluster("db"),
      cluster("mysql", { engine: "aurora-mysql", enabledCloudwatchLogsExports: ["audit", "error", "slowquery"] }),
      instance("reporting"),
      auroraMember("member"),
    ],
    violating: [
      cluster("mysql", { engine: "aurora-mysql", enabledCloudwatchLogsExports: ["error"] }),
      instance("reporting", { enabledCloudwatchLogsExports: [] }),
    ],
    message:
      /Cluster "mysql" \(aurora-mysql\) exports error but not audit[\s\S]*Instance "reporting" exports no logs to CloudWatch Logs/,
  },
  {
    rule: rule("rds-master-password-managed"),
    compliant: [
      cluster("db"),
      secondary("db-west"),
      cluster(
        "secret-password",
        { manageMasterUserPassword: undefined, masterPassword: "from-config" },
        { secretOutputs: ["masterPassword"] },
      ),
      instance("reporting"),
      instance("write-only", { manageMasterUserPassword: undefined, passwordWo: "from-config", passwordWoVersion: 1 }),
      replica("reader"),
      auroraMember("member"),
    ],
    violating: [
      cluster("plain", { manageMasterUserPassword: undefined, masterPassword: "hunter2" }),
      cluster("aws-key", { masterUserSecretKmsKeyId: undefined }),
      instance("nothing", { manageMasterUserPassword: undefined }),
    ],
    message:
      /Cluster "plain" sets masterPassword as plain text \(not a secret\)[\s\S]*Cluster "aws-key" keeps its managed master secret under no customer-managed key[\s\S]*Instance "nothing" sets neither manageMasterUserPassword nor a secret password/,
  },

  {
    rule: rule("rds-auto-minor-version-upgrade"),
    compliant: [
      cluster("db"),
      secondary("db-west"),
      instance("reporting", { autoMinorVersionUpgrade: true }),
      clusterInstance("db-1"),
    ],
    violating: [
      cluster("db", { autoMinorVersionUpgrade: false }),
      clusterInstance("db-1", { autoMinorVersionUpgrade: false }),
      instance("reporting", { autoMinorVersionUpgrade: false }),
    ],
    message:
      /Cluster "db" has autoMinorVersionUpgrade false[\s\S]*ClusterInstance "db-1" has autoMinorVersionUpgrade false[\s\S]*Instance "reporting" has autoMinorVersionUpgrade false/,
  },
  {
    rule: rule("rds-copy-tags-to-snapshot"),
    compliant: [
      cluster("db", { copyTagsToSnapshot: true }),
      secondary("db-west", { copyTagsToSnapshot: true }),
      instance("reporting", { copyTagsToSnapshot: true }),
      auroraMember("member"),
    ],
    violating: [cluster("db"), instance("reporting", { copyTagsToSnapshot: false })],
    message: /Cluster "db" has copyTagsToSnapshot unset[\s\S]*Instance "reporting" has copyTagsToSnapshot false/,
  },
  {
    rule: rule("rds-custom-master-username"),
    compliant: [cluster("db"), secondary("db-west"), instance("reporting"), replica("reader"), auroraMember("member")],
    violating: [
      cluster("db", { masterUsername: "postgres" }),
      cluster("mysql", { engine: "aurora-mysql", masterUsername: "Admin" }),
      instance("reporting", { username: "admin" }),
    ],
    message:
      /Cluster "db" has the default masterUsername "postgres"[\s\S]*Cluster "mysql" has the default masterUsername "Admin"[\s\S]*Instance "reporting" has the default username "admin"/,
  },

  // ElastiCache
  {
    rule: rule("elasticache-encryption-at-rest"),
    compliant: [
      cache("sessions"),
      cache("valkey-default", { atRestEncryptionEnabled: undefined }),
      cache("global-member", {
        atRestEncryptionEnabled: undefined,
        engine: undefined,
        globalReplicationGroupId: "ldgnf-sessions",
      }),
    ],
    violating: [
      cache("redis", { engine: "redis", atRestEncryptionEnabled: undefined }),
      cache("off", { atRestEncryptionEnabled: false }),
    ],
    message:
      /"redis" has atRestEncryptionEnabled unset \(engine redis\)[\s\S]*"off" has atRestEncryptionEnabled false \(engine valkey\)/,
  },
  {
    rule: rule("elasticache-encryption-in-transit"),
    compliant: [cache("sessions"), cache("default-mode", { transitEncryptionMode: undefined })],
    violating: [
      cache("preferred", { transitEncryptionMode: "preferred" }),
      cache("plain", { transitEncryptionEnabled: undefined }),
    ],
    message:
      /"preferred" has transitEncryptionMode "preferred", which still accepts unencrypted connections[\s\S]*"plain" has transitEncryptionEnabled unset/,
  },
  {
    rule: rule("elasticache-auth"),
    compliant: [
      cache("rbac"),
      cache("token", { userGroupIds: undefined, authToken: "from-secret" }),
      cache("token-wo", { userGroupIds: [], authTokenWo: "from-secret", authTokenWoVersion: 1 }),
    ],
    violating: [cache("open", { userGroupIds: [] })],
    message: /"open" has neither authToken nor userGroupIds/,
  },
  {
    rule: rule("elasticache-automatic-failover"),
    compliant: [cache("sessions")],
    violating: [cache("single", { automaticFailoverEnabled: false, multiAzEnabled: undefined, numCacheClusters: 1 })],
    message: /"single" has automaticFailoverEnabled false and multiAzEnabled unset/,
  },
  {
    rule: rule("elasticache-automatic-backups"),
    compliant: [cache("sessions")],
    violating: [cache("none", { snapshotRetentionLimit: undefined })],
    message: /"none" has snapshotRetentionLimit 0, fewer than 1 day\(s\)/,
  },

  {
    rule: rule("elasticache-auto-minor-version-upgrade"),
    compliant: [cache("sessions"), cache("explicit", { autoMinorVersionUpgrade: true })],
    violating: [cache("pinned", { autoMinorVersionUpgrade: false })],
    message: /ReplicationGroup "pinned" has autoMinorVersionUpgrade false/,
  },
  {
    rule: rule("elasticache-custom-subnet-group"),
    compliant: [cache("sessions")],
    violating: [cache("unset", { subnetGroupName: undefined }), cache("default-group", { subnetGroupName: "default" })],
    message:
      /"unset" names no subnetGroupName, so it uses the "default" subnet group of the default VPC[\s\S]*"default-group" uses the "default" subnet group/,
  },

  // EFS, Glue, Athena
  {
    rule: rule("efs-access-point-root-directory"),
    compliant: [accessPoint("web")],
    violating: [
      accessPoint("whole", { rootDirectory: { path: "/" } }),
      accessPoint("unset", { rootDirectory: undefined }),
    ],
    message:
      /AccessPoint "whole" has rootDirectory.path "\/": clients see the whole file system[\s\S]*"unset" sets no rootDirectory.path/,
  },
  {
    rule: rule("efs-access-point-posix-user"),
    compliant: [accessPoint("web")],
    violating: [
      accessPoint("anyone", { posixUser: undefined }),
      accessPoint("root", { posixUser: { uid: 0, gid: 0 } }),
    ],
    message:
      /AccessPoint "anyone" enforces no POSIX user[\s\S]*"root" enforces posixUser uid 0 \(root\) on every client/,
  },
  {
    rule: rule("efs-mount-target-private-subnet"),
    compliant: [
      subnet("private-a", "private"),
      mountTarget("shared-a", "private-a"),
      subnet("db-b", "database"),
      mountTarget("shared-b", "db-b"),
    ],
    violating: [
      subnet("public-a", "public"),
      mountTarget("shared-a", "public-a"),
      subnet("auto-ip", "private", { mapPublicIpOnLaunch: true }),
      mountTarget("shared-b", "auto-ip"),
    ],
    message:
      /MountTarget "shared-a" is in aws:ec2\/subnet:Subnet "public-a", which is tagged Tier=public[\s\S]*"shared-b" is in aws:ec2\/subnet:Subnet "auto-ip", which assigns public IP addresses on launch/,
  },
  {
    rule: rule("efs-encrypted-cmk"),
    compliant: [res(EFS, "shared", { encrypted: true, kmsKeyId: KEY })],
    violating: [
      res(EFS, "plain", {}),
      res(EFS, "managed", {
        encrypted: true,
        kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/elasticfilesystem",
      }),
    ],
    message:
      /"plain" has encrypted unset[\s\S]*"managed" is encrypted with the AWS-managed key "arn:aws:kms:us-east-1:123456789012:alias\/aws\/elasticfilesystem"/,
  },
  {
    rule: rule("glue-security-configuration-encrypted"),
    compliant: [glue("etl", goodGlue)],
    violating: [
      glue("etl", {
        s3Encryption: { s3EncryptionMode: "SSE-S3" },
        cloudwatchEncryption: {},
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS" },
      }),
    ],
    message:
      /"etl" S3 encryption is "SSE-S3", not SSE-KMS[\s\S]*"etl" CloudWatch encryption is "DISABLED", not SSE-KMS[\s\S]*"etl" job bookmark encryption has no kmsKeyArn/,
  },
  {
    rule: rule("athena-workgroup-encrypted"),
    compliant: [
      workgroup("analytics", {
        enforceWorkgroupConfiguration: true,
        resultConfiguration: {
          outputLocation: "s3://results/",
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY },
        },
      }),
      workgroup("managed", {
        managedQueryResultsConfiguration: { enabled: true, encryptionConfiguration: { kmsKey: KEY } },
      }),
    ],
    violating: [
      workgroup("analytics", {
        enforceWorkgroupConfiguration: false,
        resultConfiguration: {
          outputLocation: "s3://results/",
          encryptionConfiguration: { encryptionOption: "SSE_S3" },
        },
      }),
      workgroup("no-key", { resultConfiguration: { encryptionConfiguration: { encryptionOption: "CSE_KMS" } } }),
    ],
    message:
      /"analytics" has enforceWorkgroupConfiguration false[\s\S]*"analytics" encrypts query results with "SSE_S3", not SSE_KMS or CSE_KMS[\s\S]*"no-key" uses CSE_KMS without a kmsKeyArn/,
  },

  // SQS, SNS
  {
    rule: rule("sqs-queue-encrypted-cmk"),
    compliant: [res(QUEUE, "jobs", { kmsMasterKeyId: KEY, kmsDataKeyReusePeriodSeconds: 300 })],
    violating: [
      res(QUEUE, "sse-sqs", { sqsManagedSseEnabled: true }),
      res(QUEUE, "managed", { kmsMasterKeyId: "alias/aws/sqs" }),
      res(QUEUE, "plain", {}),
    ],
    message:
      /"sse-sqs" uses SQS-managed SSE \(sqsManagedSseEnabled\), not a KMS key[\s\S]*"managed" is encrypted with the AWS-managed key "alias\/aws\/sqs"[\s\S]*"plain" has no kmsMasterKeyId/,
  },
  {
    rule: rule("sns-topic-encrypted-cmk"),
    compliant: [res(TOPIC, "alarms", { kmsMasterKeyId: KEY })],
    violating: [res(TOPIC, "alarms", {}), res(TOPIC, "managed", { kmsMasterKeyId: "alias/aws/sns" })],
    message: /"alarms" has no kmsMasterKeyId[\s\S]*"managed" has the AWS-managed key "alias\/aws\/sns"/,
  },

  // Secrets Manager
  {
    rule: rule("secretsmanager-secret-cmk"),
    compliant: [
      secret("db", { replicas: [{ region: "us-west-2", kmsKeyId: KEY_WEST }] }),
      secret("by-alias", { replicas: [{ region: "us-west-2", kmsKeyId: "alias/platform" }] }),
    ],
    violating: [
      secret("db", { kmsKeyId: undefined, replicas: [{ region: "us-west-2" }] }),
      secret("wrong-region", { replicas: [{ region: "us-west-2", kmsKeyId: KEY }] }),
    ],
    message:
      /Secret "db" is encrypted with no customer-managed key \(the AWS-managed alias\/aws\/secretsmanager is used\)[\s\S]*"db" replica in us-west-2 has no customer-managed key[\s\S]*"wrong-region" replica in us-west-2 names a KMS key of us-east-1, not of its own region/,
  },
  {
    rule: rule("secretsmanager-rotation-schedule"),
    compliant: [
      rotation("days", "db"),
      rotation("rate", "db", { rotationRules: { scheduleExpression: "rate(10 days)" } }),
      rotation("cron", "db", { rotationRules: { scheduleExpression: "cron(0 4 ? * SUN *)" } }),
    ],
    violating: [
      rotation("slow", "db", { rotationRules: { automaticallyAfterDays: 120 } }),
      rotation("hours", "db", { rotationRules: { scheduleExpression: "rate(2400 hours)" } }),
      rotation("off", "db", { rotationEnabled: false }),
    ],
    message:
      /"slow" rotates every 120 days, more than 90[\s\S]*"hours" rotates every 100 days, more than 90[\s\S]*"off" has rotationEnabled false/,
  },
  {
    rule: rule("secretsmanager-secret-recovery-window"),
    compliant: [secret("default", { recoveryWindowInDays: undefined }), secret("week", { recoveryWindowInDays: 7 })],
    violating: [secret("forced", { recoveryWindowInDays: 0 }), secret("short", { recoveryWindowInDays: 3 })],
    message:
      /Secret "forced" has recoveryWindowInDays 0: a deletion cannot be undone[\s\S]*"short" has recoveryWindowInDays 3; Secrets Manager takes 7-30/,
  },
  {
    rule: rule("secretsmanager-secret-value-not-plaintext"),
    compliant: [
      version("generated", "db", JSON.stringify({ password: "from-random" })),
      res(VERSION, "write-only", {
        secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
        secretStringWo: "x",
        secretStringWoVersion: 1,
      }),
    ],
    violating: [
      res(
        VERSION,
        "typed-in",
        { secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db", secretString: "hunter2" },
        { secretOutputs: [] },
      ),
      res(
        VERSION,
        "binary",
        { secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db", secretBinary: "aHVudGVyMg==" },
        { secretOutputs: [] },
      ),
    ],
    message:
      /SecretVersion "typed-in" holds secretString as plain text in the stack's state[\s\S]*"binary" holds secretBinary as plain text/,
  },
  {
    rule: rule("secretsmanager-database-secret-rotation"),
    compliant: [
      secret("db", dbTag),
      rotation("db-rotation", "db"),
      secret("api-key", { tags: { [SECRET_TYPE_TAG]: "api-key" } }),
      version("api-key-value", "api-key", JSON.stringify({ token: "t" })),
    ],
    violating: [
      secret("tagged", dbTag),
      rotation("tagged-rotation", "tagged", { rotationEnabled: false }),
      secret("shaped"),
      version(
        "shaped-value",
        "shaped",
        JSON.stringify({ engine: "postgres", host: "db.internal", username: "app", password: "p" }),
      ),
      cluster("db"),
      secret("from-cluster"),
      version("from-cluster-value", "from-cluster", JSON.stringify({ endpoint: "db.cluster" }), { secretString: "db" }),
      secret("proxy-auth"),
      res(
        "aws:rds/proxy:Proxy",
        "proxy",
        {
          engineFamily: "POSTGRESQL",
          roleArn: ROLE,
          auths: [
            { authScheme: "SECRETS", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:proxy-auth" },
          ],
        },
        { from: { auths: "proxy-auth" } },
      ),
    ],
    message:
      /Secret "tagged" holds a database credential \(tagged SecretType=database-credential\) but has no enabled aws.secretsmanager.SecretRotation[\s\S]*"shaped" holds a database credential \(its value is a database credential[\s\S]*"from-cluster" holds a database credential \(its value comes from aws:rds\/cluster:Cluster "db"\)[\s\S]*"proxy-auth" holds a database credential \(aws:rds\/proxy:Proxy "proxy" authenticates with it\)/,
  },

  // AWS Backup
  {
    rule: rule("backup-plan-retention"),
    compliant: [
      plan("daily", [
        {
          ruleName: "daily",
          targetVaultName: "vault",
          schedule: "cron(0 5 * * ? *)",
          lifecycle: { deleteAfter: 35 },
          copyActions: [
            {
              destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:dr",
              lifecycle: { deleteAfter: 90 },
            },
          ],
        },
        { ruleName: "keep", targetVaultName: "vault", schedule: "cron(0 6 1 * ? *)" },
      ]),
    ],
    violating: [
      plan("daily", [
        {
          ruleName: "daily",
          targetVaultName: "vault",
          lifecycle: { deleteAfter: 7 },
          copyActions: [
            {
              destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:dr",
              lifecycle: { deleteAfter: 14 },
            },
          ],
        },
      ]),
    ],
    message:
      /Plan "daily" rule "daily" deletes recovery points after 7 days, fewer than 35[\s\S]*keeps its copy to arn:aws:backup:us-west-2:123456789012:backup-vault:dr 14 days, fewer than 35/,
  },
  {
    rule: rule("backup-vault-cmk"),
    compliant: [res(VAULT, "vault", { name: "vault", kmsKeyArn: KEY })],
    violating: [
      res(VAULT, "vault", { name: "vault" }),
      res(VAULT, "managed", { name: "managed", kmsKeyArn: "alias/aws/backup" }),
    ],
    message:
      /Vault "vault" has no customer-managed key \(the AWS-managed alias\/aws\/backup is used\)[\s\S]*"managed" has the AWS-managed key "alias\/aws\/backup"/,
  },
  {
    rule: rule("data-store-backup-coverage"),
    compliant: [
      table("with-pitr"),
      table("selected", { pointInTimeRecovery: undefined }),
      cluster("db", { tags: { Backup: "daily" } }),
      instance("reporting"),
      res(EFS, "shared", { encrypted: true, kmsKeyId: KEY }),
      auroraMember("member"),
      replica("reader"),
      selection("by-arn", { resources: ["arn-of-selected"] }, { resources: "selected" }),
      selection("by-tag", { selectionTags: [{ type: "STRINGEQUALS", key: "Backup", value: "daily" }] }),
      selection("by-pattern", {
        resources: ["arn:aws:rds:us-east-1:123456789012:db:reporting-*", "arn:aws:elasticfilesystem:*:*:file-system/*"],
      }),
    ],
    violating: [
      table("orders", { pointInTimeRecovery: { enabled: false } }),
      cluster("db", { tags: { Backup: "weekly" } }),
      instance("reporting"),
      res(EFS, "shared", { encrypted: true, kmsKeyId: KEY }),
      table("other"),
      selection("other-table", { resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/other-abc1234"] }),
      selection("daily-clusters", {
        resources: ["arn:aws:rds:*:*:cluster:*"],
        conditions: [{ stringEquals: [{ key: "aws:ResourceTag/Backup", value: "daily" }] }],
      }),
      selection("instances-elsewhere", { resources: ["arn:aws:rds:eu-west-1:123456789012:db:*"] }),
      selection(
        "file-systems-but-shared",
        { resources: ["arn:aws:elasticfilesystem:*:*:file-system/*"], notResources: ["arn-of-shared"] },
        { notResources: "shared" },
      ),
    ],
    message:
      /Table "orders" is in no AWS Backup selection and has no point-in-time recovery[\s\S]*Cluster "db" is in no AWS Backup selection[\s\S]*Instance "reporting" is in no AWS Backup selection[\s\S]*FileSystem "shared" is in no AWS Backup selection/,
  },
];
