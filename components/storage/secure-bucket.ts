import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { grantPolicy, type Grantee } from "../compute/iam";
import { invalidArg, validating } from "../shared/errors";
import { assertRegionName, bucketNameProblem, regionalName } from "../shared/naming";
import { regionContext, type RegionContext } from "../shared/region";
import {
  BUCKET_ROLE_TAG,
  BUCKET_ROLE_VALUES,
  BUCKET_ROLES,
  LIFECYCLE_RULE_IDS,
  LOG_BUCKET_ROLES,
  MIN_DAYS_BEFORE_IA,
  ROLE_LIFECYCLE_DEFAULTS,
  ROLES_NEEDING_LIFECYCLE,
  S3_SERVER_ACCESS_LOGS_PRINCIPAL,
  SECURE_BUCKET_DEFAULTS,
  TRANSITION_STORAGE_CLASSES,
  type BucketRole,
  type LifecycleTransition,
} from "./defaults";
import { objectReadStatements, objectWriteStatements, type ObjectGrantTarget } from "./object-grants";

/** One IAM statement, in the shape aws.iam.getPolicyDocument takes. */
export type PolicyStatement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

/** The bucket as extra bucket-policy statements see it (the raw bucket, before its policy exists). */
export interface BucketRef {
  arn: pulumi.Output<string>;
  name: pulumi.Output<string>;
}

export interface SecureBucketArgs {
  /**
   * The region the bucket lives in: the region of the component's provider. Its short code goes
   * into the bucket's name (`<name>-use1-<random>`), so the two regional stacks never collide in
   * S3's global namespace. Checked against the provider's region when the program runs.
   */
  region: string;
  /**
   * The bucket's exact name, for a bucket that something must name before it exists (the CDN's
   * failover origin: the secondary stack creates it under the name the primary chose). S3's rules
   * apply (3-63 lower-case letters, digits and hyphens, a letter or digit first and last, no
   * reserved prefix or suffix), without dots, which break TLS on the bucket's virtual-hosted
   * endpoint; give it the region's code, as the auto-names have it. A name known only at deploy
   * time is checked when it resolves.
   * @default `<name>-<region code>-<7 random>` (a Pulumi auto-name)
   */
  bucketName?: pulumi.Input<string>;
  /**
   * What the bucket is for; becomes its `BucketRole` tag and picks the role's presets (lifecycle,
   * encryption, log delivery). One of access-logs, alb-access-logs, retention, replica, data,
   * static-assets.
   * @default "data"
   */
  role?: BucketRole;
  /**
   * The region's customer-managed KMS key: SSE-KMS with S3 Bucket Keys. Required for every role
   * but "alb-access-logs", whose target bucket AWS only supports with SSE-S3 (then omit it).
   * @default none
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * Name of the region's access-log bucket (e.g. `accessLogs.bucketName`) that receives this
   * bucket's S3 server access logs. Required unless the bucket is itself a log bucket
   * (role "access-logs" or "alb-access-logs"), where it is optional.
   * @default none
   */
  accessLogBucket?: pulumi.Input<string>;
  /**
   * Key prefix of this bucket's logs in the access-log bucket.
   * @default "<name>/"
   */
  accessLogPrefix?: string;
  /**
   * Transitions of current objects to colder storage classes, in increasing days.
   * @default by role: access-logs / alb-access-logs GLACIER_IR at 90 days; retention GLACIER_IR at 30, DEEP_ARCHIVE at 180; others none
   */
  transitions?: LifecycleTransition[];
  /**
   * Days after creation when current objects expire (versioning keeps them as noncurrent
   * versions until `noncurrentVersionExpirationDays`).
   * @default by role: access-logs / alb-access-logs 365; retention 2555 (7 years); others never
   */
  expirationDays?: number;
  /**
   * Days a noncurrent version is kept before it is deleted.
   * @default by role: access-logs / alb-access-logs / retention 30; others kept
   */
  noncurrentVersionExpirationDays?: number;
  /**
   * More lifecycle rules, after the component's own (which always abort incomplete multipart
   * uploads after 7 days, and age objects out as above). Their ids must be unique and not
   * "abort-incomplete-multipart-uploads" or "age-out".
   * @default none
   */
  lifecycleRules?: aws.types.input.s3.BucketLifecycleConfigurationRule[];
  /**
   * More bucket-policy statements, after the TLS-only Deny (and, for role "access-logs", the S3
   * server access log delivery statement; for role "alb-access-logs", the load balancing
   * account's PutObject under `AWSLogs/<account>/`): e.g. a log-delivery service's PutObject with
   * aws:SourceAccount/aws:SourceArn conditions. A function receives the bucket's ARN and name.
   * An Allow for everyone (Principal "*") without a condition is refused.
   * @default none
   */
  policyStatements?: PolicyStatement[] | ((bucket: BucketRef) => PolicyStatement[]);
  /**
   * Role "access-logs" only: ARNs of the buckets that may deliver logs here (aws:SourceArn).
   * @default any bucket of this account (aws:SourceAccount)
   */
  logSourceBucketArns?: pulumi.Input<string>[];
}

export interface GrantOptions {
  /**
   * Limit the grant to keys under this prefix (e.g. "raw/").
   * @default the whole bucket
   */
  prefix?: string;
}

/** S3 bucket names: 3-63 lowercase letters, digits, dots and dashes; Pulumi adds "-" and 7 characters. */
const AUTO_NAME_SUFFIX = 8;
const BUCKET_NAME_MAX = 63;
const LOGICAL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

/**
 * An S3 bucket that passes the platform's storage rules on its own: public access blocked (all
 * four settings), ACLs disabled, SSE-KMS with the region's key and S3 Bucket Keys (SSE-S3 only
 * for ALB access logs, as AWS requires), versioning, a bucket policy that denies every request
 * without TLS, server access logging to the region's access-log bucket, lifecycle rules (incomplete
 * multipart uploads always aborted; log and retention buckets age out) and the `BucketRole` tag.
 *
 * Order: S3 rejects concurrent changes to one bucket's configuration ("A conflicting conditional
 * operation is currently in progress"), and a bucket must not accept writes before it is locked
 * down, so the configuration is applied in one chain - ownership controls, public access block,
 * bucket policy, encryption, versioning, lifecycle, logging - and `bucketName`, `bucketArn` and
 * `bucketRegionalDomainName` resolve only after the last of them. Anything that takes them as an
 * input (a writer's IAM policy, a Firehose destination, a replication rule, another bucket's
 * logging) is therefore created after the bucket is secure, without a `dependsOn`.
 */
export class SecureBucket extends pulumi.ComponentResource {
  /** The bucket's name; resolves only once the bucket is locked down (see above). */
  public readonly bucketName: pulumi.Output<string>;
  /** The bucket's ARN; resolves only once the bucket is locked down. */
  public readonly bucketArn: pulumi.Output<string>;
  /** The bucket's regional domain name (an origin for CloudFront). */
  public readonly bucketRegionalDomainName: pulumi.Output<string>;
  /** The key objects are encrypted with; undefined for role "alb-access-logs" (SSE-S3). */
  public readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** What the bucket is for (its `BucketRole` tag). */
  public readonly role: BucketRole;
  /** The versioning resource: replication must be configured after it (`BucketReplication.destinationVersioning`). */
  public readonly versioning: aws.s3.BucketVersioning;

  private readonly componentName: string;
  /** Kept private: consumers use the outputs, which resolve only once the bucket is secure. */
  private readonly bucket: aws.s3.Bucket;
  private readonly where: RegionContext;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validating("SecureBucket", () => validate(name, args));
    super("twin-region:storage:SecureBucket", name, {}, opts);
    this.componentName = name;
    this.role = settings.role;
    const parent = this;

    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    // The name's region code must be the bucket's real region: checked before the bucket exists.
    this.where = regionContext("SecureBucket", args.region, parent);

    this.bucket = new aws.s3.Bucket(
      regionalName(name, args.region),
      {
        ...(args.bucketName === undefined ? {} : { bucket: pulumi.output(args.bucketName).apply(checkedBucketName) }),
        forceDestroy: SECURE_BUCKET_DEFAULTS.forceDestroy,
        tags: this.where.region.apply(() => ({ [BUCKET_ROLE_TAG]: settings.role })),
      },
      { parent },
    );
    const bucketId = this.bucket.bucket;
    const bucketArn = this.bucket.arn;
    settings.bindBucket({ arn: bucketArn, name: bucketId });

    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucketId, rule: { objectOwnership: SECURE_BUCKET_DEFAULTS.objectOwnership } },
      { parent },
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket: bucketId,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent, dependsOn: [ownership] },
    );

    const policyDocument = aws.iam.getPolicyDocumentOutput(
      {
        statements: [
          {
            sid: "DenyRequestsWithoutTls",
            effect: "Deny",
            principals: [{ type: "*", identifiers: ["*"] }],
            actions: ["s3:*"],
            resources: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
            conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
          },
          ...(settings.role === BUCKET_ROLES.accessLogs
            ? [accessLogDeliveryStatement(bucketArn, accountId, args.logSourceBucketArns)]
            : []),
          ...(settings.role === BUCKET_ROLES.albAccessLogs
            ? [albAccessLogDeliveryStatement(bucketArn, accountId, aws.elb.getServiceAccountOutput({}, { parent }).arn)]
            : []),
          ...settings.policyStatements,
        ],
      },
      { parent },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucketId, policy: policyDocument.json },
      { parent, dependsOn: [publicAccessBlock] },
    );

    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucketId,
        rules: [
          settings.role === BUCKET_ROLES.albAccessLogs
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: SECURE_BUCKET_DEFAULTS.albAccessLogsSseAlgorithm } }
            : {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: SECURE_BUCKET_DEFAULTS.sseAlgorithm,
                  kmsMasterKeyId: args.kmsKeyArn,
                },
                bucketKeyEnabled: SECURE_BUCKET_DEFAULTS.bucketKeyEnabled,
              },
        ],
      },
      { parent, dependsOn: [policy] },
    );
    this.versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucketId, versioningConfiguration: { status: SECURE_BUCKET_DEFAULTS.versioningStatus } },
      { parent, dependsOn: [encryption] },
    );
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucketId, rules: lifecycleRules(settings.lifecycle, args.lifecycleRules ?? []) },
      // Noncurrent-version rules need versioning in place first.
      { parent, dependsOn: [this.versioning] },
    );
    const logging =
      args.accessLogBucket === undefined
        ? undefined
        : new aws.s3.BucketLogging(
            `${name}-logging`,
            { bucket: bucketId, targetBucket: args.accessLogBucket, targetPrefix: args.accessLogPrefix ?? `${name}/` },
            { parent, dependsOn: [lifecycle] },
          );

    // Outputs resolve only once the whole configuration chain is applied (see the class doc).
    const ready = (logging ?? lifecycle).id;
    const afterReady = (value: pulumi.Output<string>): pulumi.Output<string> =>
      pulumi.all([value, ready]).apply(([v]) => v);
    this.bucketName = afterReady(bucketId);
    this.bucketArn = afterReady(bucketArn);
    this.bucketRegionalDomainName = afterReady(this.bucket.bucketRegionalDomainName);
    this.kmsKeyArn = pulumi.output(settings.role === BUCKET_ROLES.albAccessLogs ? undefined : args.kmsKeyArn);
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      bucketRegionalDomainName: this.bucketRegionalDomainName,
      kmsKeyArn: this.kmsKeyArn,
      region: this.where.region,
    });
  }

  /**
   * Least-privilege statements to read objects (under `prefix`): s3:GetObject on the objects,
   * s3:ListBucket on the bucket (narrowed by s3:prefix) and kms:Decrypt on the bucket's key only
   * through S3 in the bucket's region and only for this bucket's objects.
   */
  readStatements(options: GrantOptions = {}): PolicyStatement[] {
    return objectReadStatements(this.grantTarget(options));
  }

  /**
   * Least-privilege statements to write objects (under `prefix`): s3:PutObject and
   * s3:AbortMultipartUpload on the objects, kms:GenerateDataKey and kms:Decrypt (multipart
   * uploads) on the bucket's key only through S3 in the bucket's region for this bucket.
   */
  writeStatements(options: GrantOptions = {}): PolicyStatement[] {
    return objectWriteStatements(this.grantTarget(options));
  }

  /** Lets `grantee` read objects (`readStatements`): an inline policy `<bucket>-<name>-read`. */
  grantRead(name: string, grantee: Grantee, options: GrantOptions = {}): aws.iam.RolePolicy {
    return grantPolicy(`${this.componentName}-${name}-read`, grantee, this.readStatements(options), this);
  }

  /** Lets `grantee` write objects (`writeStatements`): an inline policy `<bucket>-<name>-write`. */
  grantWrite(name: string, grantee: Grantee, options: GrantOptions = {}): aws.iam.RolePolicy {
    return grantPolicy(`${this.componentName}-${name}-write`, grantee, this.writeStatements(options), this);
  }

  /** Lets `grantee` read and write objects: one inline policy `<bucket>-<name>-read-write`. */
  grantReadWrite(name: string, grantee: Grantee, options: GrantOptions = {}): aws.iam.RolePolicy {
    const statements = [...this.readStatements(options), ...this.writeStatements(options)];
    return grantPolicy(`${this.componentName}-${name}-read-write`, grantee, statements, this);
  }

  private grantTarget(options: GrantOptions): ObjectGrantTarget {
    return {
      component: "SecureBucket",
      bucketArn: this.bucketArn,
      kmsKeyArn: this.role === BUCKET_ROLES.albAccessLogs ? undefined : this.kmsKeyArn,
      s3Endpoint: this.where.serviceEndpoint("s3"),
      prefix: options.prefix,
    };
  }
}

/** S3 server access logging may put log objects, for this account's buckets (confused-deputy protection). */
function accessLogDeliveryStatement(
  bucketArn: pulumi.Output<string>,
  accountId: pulumi.Output<string>,
  sourceBucketArns: pulumi.Input<string>[] | undefined,
): PolicyStatement {
  return {
    sid: "S3ServerAccessLogsDelivery",
    effect: "Allow",
    principals: [{ type: "Service", identifiers: [S3_SERVER_ACCESS_LOGS_PRINCIPAL] }],
    actions: ["s3:PutObject"],
    resources: [pulumi.interpolate`${bucketArn}/*`],
    conditions: [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
      ...(sourceBucketArns ? [{ test: "ArnLike", variable: "aws:SourceArn", values: sourceBucketArns }] : []),
    ],
  };
}

/**
 * Elastic Load Balancing may put access logs, under any prefix, in this account's AWSLogs/ folder
 * only: `<prefix>/AWSLogs/<account>/...` is where it writes. The principal is the load balancing
 * account of the bucket's region (aws.elb.getServiceAccount), as the ALB guide requires for the
 * regions opened before August 2022; without this grant creating a load balancer with access logs
 * fails ("Access Denied for bucket").
 */
function albAccessLogDeliveryStatement(
  bucketArn: pulumi.Output<string>,
  accountId: pulumi.Output<string>,
  elbAccountArn: pulumi.Output<string>,
): PolicyStatement {
  return {
    sid: "AlbAccessLogsDelivery",
    effect: "Allow",
    principals: [{ type: "AWS", identifiers: [elbAccountArn] }],
    actions: ["s3:PutObject"],
    resources: [pulumi.interpolate`${bucketArn}/*AWSLogs/${accountId}/*`],
  };
}

interface ResolvedLifecycle {
  transitions: readonly LifecycleTransition[];
  expirationDays?: number;
  noncurrentVersionExpirationDays?: number;
}

function lifecycleRules(
  settings: ResolvedLifecycle,
  extra: aws.types.input.s3.BucketLifecycleConfigurationRule[],
): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
    {
      id: LIFECYCLE_RULE_IDS.abortIncompleteUploads,
      status: "Enabled",
      filter: {},
      abortIncompleteMultipartUpload: {
        daysAfterInitiation: SECURE_BUCKET_DEFAULTS.abortIncompleteMultipartUploadDays,
      },
    },
  ];
  const { transitions, expirationDays, noncurrentVersionExpirationDays } = settings;
  if (transitions.length > 0 || expirationDays !== undefined || noncurrentVersionExpirationDays !== undefined) {
    rules.push({
      id: LIFECYCLE_RULE_IDS.ageOut,
      status: "Enabled",
      filter: {},
      ...(transitions.length > 0
        ? { transitions: transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })) }
        : {}),
      ...(expirationDays !== undefined ? { expiration: { days: expirationDays } } : {}),
      ...(noncurrentVersionExpirationDays !== undefined
        ? { noncurrentVersionExpiration: { noncurrentDays: noncurrentVersionExpirationDays } }
        : {}),
    });
  }
  return [...rules, ...extra];
}

/**
 * The caller's extra statements, checked before anything is created. A function form is called
 * with the bucket's ARN and name as deferred outputs, which `bindBucket` resolves once the bucket
 * exists.
 */
function extraStatements(
  given: SecureBucketArgs["policyStatements"],
): Pick<Settings, "policyStatements" | "bindBucket"> {
  if (typeof given !== "function") return { policyStatements: checkedStatements(given ?? []), bindBucket: () => {} };
  const [arn, resolveArn] = pulumi.deferredOutput<string>();
  const [name, resolveName] = pulumi.deferredOutput<string>();
  return {
    policyStatements: checkedStatements(given({ arn, name })),
    bindBucket: (bucket) => {
      resolveArn(bucket.arn);
      resolveName(bucket.name);
    },
  };
}

/** Refuses, where the values are known, extra statements that would make the bucket public. */
function checkedStatements(statements: PolicyStatement[]): PolicyStatement[] {
  statements.forEach((s, i) => {
    const plain = s as { effect?: unknown; principals?: unknown; conditions?: unknown };
    if (plain.effect !== undefined && plain.effect !== "Allow") return;
    const principals = Array.isArray(plain.principals)
      ? (plain.principals as { type?: unknown; identifiers?: unknown }[])
      : [];
    const everyone = principals.some(
      (p) => p.type === "*" || (Array.isArray(p.identifiers) && p.identifiers.includes("*")),
    );
    const conditions = Array.isArray(plain.conditions) ? plain.conditions : [];
    if (everyone && conditions.length === 0) {
      throw new Error(
        `policyStatements[${i}]: allows everyone (Principal "*") without a condition; name the principals, or narrow it with aws:SourceAccount / aws:SourceArn`,
      );
    }
  });
  return statements;
}

interface Settings {
  role: BucketRole;
  lifecycle: ResolvedLifecycle;
  /** `policyStatements`, checked. */
  policyStatements: PolicyStatement[];
  /** Gives the bucket to a `policyStatements` function's deferred BucketRef. */
  bindBucket(bucket: BucketRef): void;
}

function validate(name: string, args: SecureBucketArgs): Settings {
  assertRegionName("region", args.region);
  if (!LOGICAL_NAME_PATTERN.test(name)) {
    throw new Error(
      `name: "${name}" must be lowercase letters, digits and dashes, starting and ending with a letter or digit (it begins the bucket's name)`,
    );
  }
  const logical = regionalName(name, args.region);
  if (typeof args.bucketName === "string") checkedBucketName(args.bucketName);
  if (args.bucketName === undefined && logical.length + AUTO_NAME_SUFFIX > BUCKET_NAME_MAX) {
    throw new Error(
      `name: "${name}" is too long: the bucket's name "${logical}-<7 random>" would exceed ${BUCKET_NAME_MAX} characters; use at most ${BUCKET_NAME_MAX - AUTO_NAME_SUFFIX - (logical.length - name.length)}`,
    );
  }
  const role = args.role ?? SECURE_BUCKET_DEFAULTS.role;
  if (!BUCKET_ROLE_VALUES.includes(role)) {
    throw new Error(`role: "${String(role)}" is not a bucket role; use one of ${BUCKET_ROLE_VALUES.join(", ")}`);
  }
  if (role === BUCKET_ROLES.albAccessLogs) {
    if (args.kmsKeyArn !== undefined) {
      throw new Error(
        `kmsKeyArn: must be omitted for role "${role}": ALB access logs can only be delivered to a bucket encrypted with SSE-S3`,
      );
    }
  } else if (args.kmsKeyArn === undefined) {
    throw new Error(`kmsKeyArn: required for role "${role}" (SSE-KMS with the region's customer-managed key)`);
  }
  if (args.accessLogBucket === undefined && !LOG_BUCKET_ROLES.includes(role)) {
    throw new Error(
      `accessLogBucket: required for role "${role}": every bucket but a log bucket sends server access logs to the region's access-log bucket`,
    );
  }
  if (
    args.accessLogPrefix !== undefined &&
    (args.accessLogPrefix.startsWith("/") || args.accessLogPrefix.length > 1024)
  ) {
    throw new Error(
      `accessLogPrefix: "${args.accessLogPrefix}" must not start with "/" and be at most 1024 characters`,
    );
  }
  if (args.logSourceBucketArns !== undefined && role !== BUCKET_ROLES.accessLogs) {
    throw new Error(`logSourceBucketArns: only for role "${BUCKET_ROLES.accessLogs}", not "${role}"`);
  }

  const preset = ROLE_LIFECYCLE_DEFAULTS[role];
  const lifecycle: ResolvedLifecycle = {
    transitions: args.transitions ?? preset.transitions,
    expirationDays: args.expirationDays ?? preset.expirationDays,
    noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays ?? preset.noncurrentVersionExpirationDays,
  };
  validateLifecycle(lifecycle, args.lifecycleRules ?? []);
  if (
    ROLES_NEEDING_LIFECYCLE.includes(role) &&
    lifecycle.transitions.length === 0 &&
    lifecycle.expirationDays === undefined
  ) {
    throw new Error(
      `transitions / expirationDays: a bucket with role "${role}" must age its objects out; give transitions or expirationDays`,
    );
  }
  return { role, lifecycle, ...extraStatements(args.policyStatements) };
}

/** An exact bucket name, checked against S3's rules (when it is known: now, or when it resolves). */
function checkedBucketName(name: string): string {
  const problem = bucketNameProblem(name);
  if (problem)
    throw invalidArg("SecureBucket", "bucketName", `${problem}; use 3-63 lower-case letters, digits and hyphens`);
  return name;
}

const positiveDays = (arg: string, value: number | undefined): void => {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new Error(`${arg}: ${value} must be a whole number of days, at least 1`);
  }
};

function validateLifecycle(
  lifecycle: ResolvedLifecycle,
  extra: aws.types.input.s3.BucketLifecycleConfigurationRule[],
): void {
  let previous = 0;
  lifecycle.transitions.forEach((t, i) => {
    positiveDays(`transitions[${i}].days`, t.days);
    if (!(TRANSITION_STORAGE_CLASSES as readonly string[]).includes(t.storageClass)) {
      throw new Error(
        `transitions[${i}].storageClass: "${String(t.storageClass)}" is not one of ${TRANSITION_STORAGE_CLASSES.join(", ")}`,
      );
    }
    if ((t.storageClass === "STANDARD_IA" || t.storageClass === "ONEZONE_IA") && t.days < MIN_DAYS_BEFORE_IA) {
      throw new Error(
        `transitions[${i}].days: ${t.days} is too early for ${t.storageClass}; S3 requires at least ${MIN_DAYS_BEFORE_IA} days`,
      );
    }
    if (t.days <= previous) {
      throw new Error(
        `transitions[${i}].days: ${t.days} must be later than the transition before it (${previous} days)`,
      );
    }
    previous = t.days;
  });
  positiveDays("expirationDays", lifecycle.expirationDays);
  positiveDays("noncurrentVersionExpirationDays", lifecycle.noncurrentVersionExpirationDays);
  if (lifecycle.expirationDays !== undefined && lifecycle.expirationDays <= previous) {
    throw new Error(
      `expirationDays: ${lifecycle.expirationDays} must be later than the last transition (${previous} days)`,
    );
  }
  const reserved: string[] = Object.values(LIFECYCLE_RULE_IDS);
  const seen = new Set<string>();
  extra.forEach((rule, i) => {
    if (typeof rule.id !== "string") return;
    if (reserved.includes(rule.id))
      throw new Error(`lifecycleRules[${i}].id: "${rule.id}" is the component's own rule; choose another id`);
    if (seen.has(rule.id)) throw new Error(`lifecycleRules[${i}].id: "${rule.id}" is used twice`);
    seen.add(rule.id);
  });
}
