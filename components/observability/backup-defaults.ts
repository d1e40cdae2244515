/** The region's AWS Backup defaults (createBackup), in one place; the limits the pack enforces come from BACKUP_BASELINE. */
import { BACKUP_BASELINE } from "../../policy/baseline/data";

/**
 * The tag that puts an EBS volume into the region's backup plan: a component whose EC2 hosts hold
 * data puts it on its launch template's volumes (`tagSpecifications: [{ resourceType: "volume",
 * tags: { [BACKUP_VOLUME_TAG.key]: BACKUP_VOLUME_TAG.value } }]`) or on its instances' root block
 * devices (`rootBlockDevice.tags`). The volumes selection matches exactly this key and value.
 */
export const BACKUP_VOLUME_TAG = { key: "Backup", value: "twin-region-daily-weekly" } as const;

export const BACKUP_DEFAULTS = {
  /** Days a daily recovery point (and its copy) is kept: the pack's minimum, AWS Config's default. */
  dailyRetentionDays: BACKUP_BASELINE.minRetentionDays,
  /** Days a weekly recovery point (and its copy) is kept. */
  weeklyRetentionDays: 90,
  /** 05:00 UTC every day. */
  dailySchedule: "cron(0 5 ? * * *)",
  /**
   * 05:00 UTC on Sundays: the same time as the daily rule on purpose. When two rules of a plan
   * overlap, AWS Backup takes one backup, for the rule with the longer retention, so Sunday's
   * backup is the weekly one and no resource gets two jobs at once.
   */
  weeklySchedule: "cron(0 5 ? * SUN *)",
  /** Minutes a job may wait to start before AWS Backup cancels it (AWS's minimum is 60). */
  startWindowMinutes: 60,
  /** Minutes a started job may run before AWS Backup cancels it. */
  completionWindowMinutes: 8 * 60,
  /** Vault lock is off unless asked for (a compliance-mode lock cannot be undone). */
  vaultLock: undefined,
} as const;

/** The rule names of the plan: what recovery-point tags, copy messages and policy messages say. */
export const BACKUP_RULE_NAMES = { daily: "daily", weekly: "weekly" } as const;

/** The AWS-managed policies of the backup role: backups and restores of every resource type AWS Backup supports except S3. */
export const BACKUP_ROLE_MANAGED_POLICIES = [
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
] as const;
