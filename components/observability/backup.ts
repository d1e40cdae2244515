/**
 * The region's AWS Backup (seed 001), owned by the ObservabilityStack: a vault encrypted with the
 * region's CMK (vault lock optional), a plan with a daily and a weekly rule that copy every
 * recovery point to a vault in the peer region, selections of the region's data stores by ARN and
 * of its EC2 hosts' EBS volumes by tag, and the role AWS Backup assumes to run them.
 *
 * Who creates which vault (one direction, no cycles):
 * - each stack creates its own region's vault for its own stores;
 * - the primary, deployed first, cannot name a vault the secondary has not created yet, so it
 *   creates the vault its copies go to in the secondary region itself, through its provider for
 *   that region and with the key it owns there (`copyTo.createVault`) — as it already owns the
 *   DynamoDB replica's key there. Its copies so work before, and without, a secondary stack;
 * - the secondary copies into the primary's own vault, whose ARN it reads from the primary's
 *   exports (`copyTo.vaultArn`).
 *
 * Continuous backup (point-in-time restore through AWS Backup) is not used: Aurora keeps its own
 * automated backups with point-in-time restore (backupRetentionPeriod) and the DynamoDB tables
 * their point-in-time recovery; a continuous rule would hand the clusters' automated-backup
 * retention to AWS Backup, against the value Pulumi sets on the cluster. S3 is not backed up here
 * (the buckets are versioned and replicated), so the role has no S3 backup policies.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_BASELINE } from "../../policy/baseline/data";
import { awsManagedPolicyArn, serviceRole } from "../compute/iam";
import { invalidArg, validating } from "../shared/errors";
import { assertRegionName, regionalName } from "../shared/naming";
import { regionContext } from "../shared/region";
import { BACKUP_DEFAULTS, BACKUP_ROLE_MANAGED_POLICIES, BACKUP_RULE_NAMES, BACKUP_VOLUME_TAG } from "./backup-defaults";

const COMPONENT = "ObservabilityStack";

/**
 * AWS Backup Vault Lock on the vaults this creates. Without `changeableForDays` it is a
 * governance-mode lock: anyone allowed `backup:DeleteBackupVaultLockConfiguration` can remove or
 * change it, so it guards against mistakes, not against an administrator. With it, it is a
 * compliance-mode lock: after `changeableForDays` days (at least 3, AWS's cooling-off period) it
 * is immutable — nobody, the root user included, can remove it, delete the vault or shorten a
 * recovery point's retention, and the vault can only be deleted once it is empty.
 */
export interface BackupVaultLock {
  /**
   * Fewest days a recovery point in the vault is kept; AWS fails a backup or copy job into the
   * vault whose retention is shorter. At most the daily retention.
   * @default the daily retention
   */
  minRetentionDays?: number;
  /**
   * Most days a recovery point in the vault may be kept; AWS fails a job whose retention is longer.
   * At least the weekly retention.
   * @default no maximum
   */
  maxRetentionDays?: number;
  /**
   * Days until the lock becomes immutable (compliance mode), at least 3.
   * @default unset: governance mode, removable
   */
  changeableForDays?: number;
}

/** Where the region's recovery points are copied: a vault in the peer region, with its own key. */
export interface BackupCopyTarget {
  /** The peer region (must differ from `region`). */
  region: string;
  /**
   * An existing vault in the peer region (the secondary: the primary's `backupVaultArn` export).
   * Exactly one of `vaultArn` and `createVault`.
   */
  vaultArn?: pulumi.Input<string>;
  /**
   * Create the copy vault in the peer region (the primary: its provider for the secondary region
   * and the key it owns there). The copies are encrypted with that key, the destination's.
   * Exactly one of `vaultArn` and `createVault`.
   */
  createVault?: { provider: pulumi.ProviderResource; kmsKeyArn: pulumi.Input<string> };
}

export interface BackupArgs {
  /** The region of the parent's provider (goes into the role's name). */
  region: string;
  /** The region's CMK: encrypts the vault and so every recovery point AWS Backup encrypts itself. */
  kmsKeyArn: pulumi.Input<string>;
  /** Aurora clusters backed up, by ARN (the web tier's `databaseClusterArn`). @default none */
  auroraClusterArns?: pulumi.Input<string>[];
  /** DynamoDB tables backed up, by ARN (the ingestion pipeline's table). @default none */
  dynamoDbTableArns?: pulumi.Input<string>[];
  /** EFS file systems backed up, by ARN (the web tier's file system, in the primary). @default none */
  efsFileSystemArns?: pulumi.Input<string>[];
  /**
   * Back up the region's EBS volumes that carry `volumeTag` (the EC2 hosts' volumes).
   * @default true
   */
  taggedVolumes?: boolean;
  /**
   * The tag that selects a volume; components put it on their hosts' volumes.
   * @default BACKUP_VOLUME_TAG: Backup = twin-region-daily-weekly
   */
  volumeTag?: { key: string; value: string };
  /** Days a daily recovery point and its copy are kept (at least the pack's minimum, 35). @default 35 */
  dailyRetentionDays?: number;
  /** Days a weekly recovery point and its copy are kept (at least the daily retention). @default 90 */
  weeklyRetentionDays?: number;
  /** The daily rule's schedule, an AWS cron expression in UTC. @default "cron(0 5 ? * * *)" */
  dailySchedule?: string;
  /** The weekly rule's schedule. @default "cron(0 5 ? * SUN *)" (overlaps the daily on purpose: AWS Backup keeps the longer-retained one) */
  weeklySchedule?: string;
  /** Minutes a job may wait to start (at least 60). @default 60 */
  startWindowMinutes?: number;
  /** Minutes a started job may run (more than the start window). @default 480 */
  completionWindowMinutes?: number;
  /** Vault lock on the vaults this creates. @default none */
  vaultLock?: BackupVaultLock;
  /**
   * The peer region's vault every recovery point is copied to (both rules, kept as long as the
   * original). Leave it out only for a single-region deployment: the pack's
   * backup-plan-cross-region-copy rule fails a plan that copies nowhere.
   * @default none
   */
  copyTo?: BackupCopyTarget;
  /** Tags put on every recovery point, besides `BackupRule` (the rule's name). @default none */
  recoveryPointTags?: Record<string, string>;
}

/** What createBackup made. */
export interface RegionalBackup {
  vault: aws.backup.Vault;
  /** The region's vault: the peer copies into it (export it as `backupVaultArn`). */
  vaultArn: pulumi.Output<string>;
  /** The vault in the peer region the copies go to (created here, or the one given). */
  copyVaultArn?: pulumi.Output<string>;
  /** The copy vault, when this created it. */
  copyVault?: aws.backup.Vault;
  plan: aws.backup.Plan;
  role: aws.iam.Role;
  selections: aws.backup.Selection[];
  vaultLocks: aws.backup.VaultLockConfiguration[];
  /** The tag a component puts on its hosts' volumes to have them backed up (unset with taggedVolumes false). */
  volumeTag?: { key: string; value: string };
}

/** createBackup's settings with defaults applied and checked (pure: the tests call it). */
export interface BackupSettings {
  daily: { retentionDays: number; schedule: string };
  weekly: { retentionDays: number; schedule: string };
  startWindowMinutes: number;
  completionWindowMinutes: number;
  volumeTag?: { key: string; value: string };
  vaultLock?: { minRetentionDays: number; maxRetentionDays?: number; changeableForDays?: number };
}

const CRON = /^cron\(\S+( \S+){5}\)$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const VAULT_ARN = /^arn:[a-z-]+:backup:([a-z0-9-]+):\d{12}:backup-vault:[a-zA-Z0-9_-]{2,50}$/;

const bad = (arg: string, problem: string) => invalidArg(COMPONENT, `backup.${arg}`, problem);
const wholeDays = (arg: string, value: number, min: number) => {
  if (!Number.isInteger(value) || value < min)
    throw bad(arg, `${value} is not a whole number of days of at least ${min}`);
};

/** Applies the defaults and checks every arg, naming it and quoting the value. */
export function backupSettings(args: BackupArgs): BackupSettings {
  return validating(COMPONENT, () => {
    assertRegionName("backup.region", args.region);
    const daily = args.dailyRetentionDays ?? BACKUP_DEFAULTS.dailyRetentionDays;
    wholeDays("dailyRetentionDays", daily, BACKUP_BASELINE.minRetentionDays);
    const weekly = args.weeklyRetentionDays ?? Math.max(BACKUP_DEFAULTS.weeklyRetentionDays, daily);
    wholeDays("weeklyRetentionDays", weekly, daily);
    const schedules = {
      dailySchedule: args.dailySchedule ?? BACKUP_DEFAULTS.dailySchedule,
      weeklySchedule: args.weeklySchedule ?? BACKUP_DEFAULTS.weeklySchedule,
    };
    for (const [arg, value] of Object.entries(schedules)) {
      if (!CRON.test(value))
        throw bad(arg, `"${value}" is not an AWS cron expression (cron(<6 fields>), e.g. "cron(0 5 ? * * *)")`);
    }
    const start = args.startWindowMinutes ?? BACKUP_DEFAULTS.startWindowMinutes;
    if (!Number.isInteger(start) || start < BACKUP_BASELINE.minStartWindowMinutes)
      throw bad(
        "startWindowMinutes",
        `${start} is not a whole number of minutes of at least ${BACKUP_BASELINE.minStartWindowMinutes} (AWS's minimum)`,
      );
    const completion = args.completionWindowMinutes ?? BACKUP_DEFAULTS.completionWindowMinutes;
    if (!Number.isInteger(completion) || completion <= start)
      throw bad(
        "completionWindowMinutes",
        `${completion} is not a whole number of minutes greater than the start window (${start})`,
      );

    const stores = [args.auroraClusterArns, args.dynamoDbTableArns, args.efsFileSystemArns].flatMap((a) => a ?? []);
    const taggedVolumes = args.taggedVolumes ?? true;
    if (!stores.length && !taggedVolumes)
      throw bad(
        "taggedVolumes",
        "false with no Aurora cluster, DynamoDB table or EFS file system: the plan would back up nothing",
      );
    const volumeTag = args.volumeTag ?? BACKUP_VOLUME_TAG;
    if (!TAG_KEY.test(volumeTag.key))
      throw bad("volumeTag.key", `"${volumeTag.key}" is not a tag key AWS allows (1-128 characters, not "aws:" first)`);
    if (!TAG_VALUE.test(volumeTag.value))
      throw bad("volumeTag.value", `"${volumeTag.value}" is not a tag value AWS allows (0-256 characters)`);

    const copy = args.copyTo;
    if (copy) {
      assertRegionName("backup.copyTo.region", copy.region);
      if (copy.region === args.region)
        throw bad("copyTo.region", `"${copy.region}" is the backup's own region; copies go to the peer region`);
      if ((copy.vaultArn === undefined) === (copy.createVault === undefined))
        throw bad(
          "copyTo",
          "give exactly one of vaultArn (the peer's vault) and createVault (create it in the peer region)",
        );
      if (typeof copy.vaultArn === "string") {
        const m = VAULT_ARN.exec(copy.vaultArn);
        if (!m)
          throw bad(
            "copyTo.vaultArn",
            `"${copy.vaultArn}" is not a backup vault ARN (arn:<partition>:backup:<region>:<account>:backup-vault:<name>)`,
          );
        if (m[1] !== copy.region)
          throw bad("copyTo.vaultArn", `"${copy.vaultArn}" is not in copyTo.region ("${copy.region}")`);
      }
    }

    let vaultLock: BackupSettings["vaultLock"];
    if (args.vaultLock) {
      const { maxRetentionDays, changeableForDays } = args.vaultLock;
      const min = args.vaultLock.minRetentionDays ?? daily;
      wholeDays("vaultLock.minRetentionDays", min, BACKUP_BASELINE.vaultLock.minRetentionDays);
      if (min > daily)
        throw bad(
          "vaultLock.minRetentionDays",
          `${min} is more than dailyRetentionDays (${daily}): AWS would fail every daily backup and copy job`,
        );
      if (maxRetentionDays !== undefined) {
        wholeDays("vaultLock.maxRetentionDays", maxRetentionDays, min);
        if (maxRetentionDays < weekly)
          throw bad(
            "vaultLock.maxRetentionDays",
            `${maxRetentionDays} is less than weeklyRetentionDays (${weekly}): AWS would fail every weekly backup and copy job`,
          );
      }
      if (changeableForDays !== undefined)
        wholeDays("vaultLock.changeableForDays", changeableForDays, BACKUP_BASELINE.vaultLock.minChangeableForDays);
      vaultLock = {
        minRetentionDays: min,
        ...(maxRetentionDays !== undefined ? { maxRetentionDays } : {}),
        ...(changeableForDays !== undefined ? { changeableForDays } : {}),
      };
    }
    return {
      daily: { retentionDays: daily, schedule: schedules.dailySchedule },
      weekly: { retentionDays: weekly, schedule: schedules.weeklySchedule },
      startWindowMinutes: start,
      completionWindowMinutes: completion,
      ...(taggedVolumes ? { volumeTag: { key: volumeTag.key, value: volumeTag.value } } : {}),
      ...(vaultLock ? { vaultLock } : {}),
    };
  });
}

/**
 * The region's backups: its vault, plan, selections and role, children of `parent` (the
 * ObservabilityStack), every logical name starting with `name`.
 */
export function createBackup(name: string, args: BackupArgs, parent: pulumi.Resource): RegionalBackup {
  const settings = backupSettings(args);
  const where = regionContext(COMPONENT, args.region, parent);
  const opts = { parent };

  const vault = new aws.backup.Vault(`${name}-backup-vault`, { kmsKeyArn: args.kmsKeyArn }, opts);
  const vaultLocks: aws.backup.VaultLockConfiguration[] = [];
  const lock = (logical: string, target: aws.backup.Vault, provider?: pulumi.ProviderResource) => {
    if (!settings.vaultLock) return;
    vaultLocks.push(
      new aws.backup.VaultLockConfiguration(
        logical,
        { backupVaultName: target.name, ...settings.vaultLock },
        provider ? { parent, provider } : opts,
      ),
    );
  };
  lock(`${name}-backup-vault-lock`, vault);

  let copyVault: aws.backup.Vault | undefined;
  let copyVaultArn: pulumi.Output<string> | undefined;
  if (args.copyTo?.createVault) {
    const { provider, kmsKeyArn } = args.copyTo.createVault;
    copyVault = new aws.backup.Vault(`${name}-backup-copy-vault`, { kmsKeyArn }, { parent, provider });
    lock(`${name}-backup-copy-vault-lock`, copyVault, provider);
    copyVaultArn = copyVault.arn;
  } else if (args.copyTo?.vaultArn !== undefined) {
    copyVaultArn = pulumi.output(args.copyTo.vaultArn);
  }

  const rule = (ruleName: string, { retentionDays, schedule }: { retentionDays: number; schedule: string }) => ({
    ruleName,
    targetVaultName: vault.name,
    schedule,
    startWindow: settings.startWindowMinutes,
    completionWindow: settings.completionWindowMinutes,
    lifecycle: { deleteAfter: retentionDays },
    recoveryPointTags: { ...(args.recoveryPointTags ?? {}), BackupRule: ruleName },
    ...(copyVaultArn
      ? { copyActions: [{ destinationVaultArn: copyVaultArn, lifecycle: { deleteAfter: retentionDays } }] }
      : {}),
  });
  const plan = new aws.backup.Plan(
    `${name}-backup-plan`,
    { rules: [rule(BACKUP_RULE_NAMES.daily, settings.daily), rule(BACKUP_RULE_NAMES.weekly, settings.weekly)] },
    // The copy rules name the copy vault's ARN; with a lock, the jobs must not run before it holds.
    { parent, dependsOn: vaultLocks },
  );

  // AWS Backup documents no aws:SourceAccount/SourceArn on the AssumeRole it makes with a selection's
  // role (its confused-deputy guidance covers resource policies only), so the trust names the
  // principal alone; only a caller allowed iam:PassRole in this account can hand AWS Backup the role.
  const role = serviceRole(
    regionalName(`${name}-backup-role`, where.name),
    {
      service: "backup.amazonaws.com",
      description: "AWS Backup: backs up and restores the region's data stores and tagged EBS volumes",
      withoutSourceContext: true,
    },
    opts,
  );
  const attachments = BACKUP_ROLE_MANAGED_POLICIES.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-backup-${policy.endsWith("ForBackup") ? "backup" : "restore"}-policy`,
        { role: role.name, policyArn: awsManagedPolicyArn(where.partition, policy) },
        opts,
      ),
  );

  const selections: aws.backup.Selection[] = [];
  const stores = [
    ...(args.auroraClusterArns ?? []),
    ...(args.dynamoDbTableArns ?? []),
    ...(args.efsFileSystemArns ?? []),
  ];
  if (stores.length) {
    selections.push(
      new aws.backup.Selection(
        `${name}-backup-stores`,
        { name: "data-stores", planId: plan.id, iamRoleArn: role.arn, resources: stores },
        { parent, dependsOn: attachments },
      ),
    );
  }
  if (settings.volumeTag) {
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    // Resources AND conditions: the region's EBS volumes that carry the tag, and nothing else.
    selections.push(
      new aws.backup.Selection(
        `${name}-backup-volumes`,
        {
          name: "tagged-volumes",
          planId: plan.id,
          iamRoleArn: role.arn,
          resources: [pulumi.interpolate`arn:${where.partition}:ec2:${where.region}:${account}:volume/*`],
          conditions: [
            { stringEquals: [{ key: `aws:ResourceTag/${settings.volumeTag.key}`, value: settings.volumeTag.value }] },
          ],
        },
        { parent, dependsOn: attachments },
      ),
    );
  }

  return {
    vault,
    vaultArn: vault.arn,
    ...(copyVaultArn ? { copyVaultArn } : {}),
    ...(copyVault ? { copyVault } : {}),
    plan,
    role,
    selections,
    vaultLocks,
    ...(settings.volumeTag ? { volumeTag: settings.volumeTag } : {}),
  };
}
