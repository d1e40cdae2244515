/** The AWS Backup rules' cases (policy/rules/backup.ts): for each rule, resources that comply and resources that break it. */
import { backupRules } from "../../../policy/rules/backup";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = backupRules.find((r) => r.name === name);
  if (!found) throw new Error(`no backup rule ${name}`);
  return found;
};

const PLAN = "aws:backup/plan:Plan";
const VAULT = "aws:backup/vault:Vault";
const SELECTION = "aws:backup/selection:Selection";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const ROLE = "arn:aws:iam::123456789012:role/backup";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const EAST_VAULT = "arn:aws:backup:us-east-1:123456789012:backup-vault:main";
const WEST_VAULT = "arn:aws:backup:us-west-2:123456789012:backup-vault:dr";

const res = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Spec> = {}): Spec => ({
  type,
  name,
  inputs,
  ...extra,
});
const backupRule = (ruleName: string, deleteAfter: number | undefined, copies: [string, number?][] = []) => ({
  ruleName,
  targetVaultName: "main",
  schedule: "cron(0 5 ? * * *)",
  ...(deleteAfter === undefined ? {} : { lifecycle: { deleteAfter } }),
  ...(copies.length
    ? {
        copyActions: copies.map(([destinationVaultArn, days]) => ({
          destinationVaultArn,
          ...(days === undefined ? {} : { lifecycle: { deleteAfter: days } }),
        })),
      }
    : {}),
});
const plan = (name: string, rules: unknown[], region = "us-east-1") => res(PLAN, name, { name, region, rules });
const selection = (name: string, inputs: Record<string, unknown>) =>
  res(SELECTION, name, { name, iamRoleArn: ROLE, planId: "plan-id", ...inputs });
const vault = (name: string) => res(VAULT, name, { name, kmsKeyArn: KEY, arn: EAST_VAULT.replace(/main$/, name) });
const lock = (name: string, inputs: Record<string, unknown>) =>
  res(LOCK, name, { backupVaultName: "main", ...inputs }, { from: { backupVaultName: "main" } });

export const backupCases: RuleCase[] = [
  {
    rule: rule("backup-plan-cross-region-copy"),
    compliant: [
      plan("primary", [backupRule("daily", 35, [[WEST_VAULT, 35]]), backupRule("weekly", 90, [[WEST_VAULT]])]),
      // Only one rule need leave the region; a local copy besides it is fine.
      plan("mixed", [backupRule("daily", 35, [[EAST_VAULT]]), backupRule("weekly", 90, [[WEST_VAULT]])]),
      plan("secondary", [backupRule("daily", 35, [[EAST_VAULT]])], "us-west-2"),
    ],
    violating: [
      plan("local", [backupRule("daily", 35), backupRule("weekly", 90)]),
      plan("same-region", [backupRule("daily", 35, [[EAST_VAULT]])]),
    ],
    message:
      /Plan "local" has no rule with copyActions: its recovery points stay in us-east-1[\s\S]*Plan "same-region" copies only within us-east-1 \(arn:aws:backup:us-east-1:123456789012:backup-vault:main\)/,
  },
  {
    rule: rule("backup-selection-scoped"),
    compliant: [
      selection("stores", { resources: ["arn:aws:rds:us-east-1:123456789012:cluster:db"] }),
      selection("volumes", {
        resources: ["arn:aws:ec2:us-east-1:123456789012:volume/*"],
        conditions: [{ stringEquals: [{ key: "aws:ResourceTag/Backup", value: "daily" }] }],
      }),
      selection("by-tag", { selectionTags: [{ type: "STRINGEQUALS", key: "Backup", value: "daily" }] }),
      selection("everything-tagged", {
        resources: ["*"],
        conditions: [{ stringLikes: [{ key: "aws:ResourceTag/Team", value: "shop*" }] }],
      }),
    ],
    violating: [
      selection("empty", { resources: [] }),
      selection("star-or-tag", {
        resources: ["*"],
        selectionTags: [{ type: "STRINGEQUALS", key: "Backup", value: "daily" }],
        conditions: [{ stringEquals: [] }],
      }),
    ],
    message:
      /Selection "empty" names no resources, tags or conditions[\s\S]*Selection "star-or-tag" selects resources "\*" with no conditions/,
  },
  {
    rule: rule("backup-vault-lock-retention"),
    compliant: [
      vault("main"),
      lock("governance", { minRetentionDays: 35, maxRetentionDays: 365 }),
      lock("compliance", { minRetentionDays: 35, changeableForDays: 3 }),
      plan("in-range", [backupRule("daily", 35), backupRule("weekly", 365, [[WEST_VAULT, 10]])]),
      // Copies into the locked vault from a plan elsewhere: within the range too.
      plan("into-main", [{ ...backupRule("daily", 7, [[EAST_VAULT, 90]]), targetVaultName: "other" }], "us-west-2"),
    ],
    violating: [
      vault("main"),
      lock("soon", { minRetentionDays: 35, maxRetentionDays: 365, changeableForDays: 1 }),
      lock("upside-down", { minRetentionDays: 400, maxRetentionDays: 365 }),
      plan("too-short", [backupRule("daily", 7)]),
      plan("forever", [backupRule("keep", undefined)]),
      plan("copy-too-long", [{ ...backupRule("daily", 35, [[EAST_VAULT, 3650]]), targetVaultName: "other" }]),
    ],
    message:
      /VaultLockConfiguration "soon" has changeableForDays 1, fewer than AWS's 3-day cooling-off period[\s\S]*Plan "too-short" rule "daily" keeps recovery points 7 days, fewer than the lock's minRetentionDays 35 of vault "main"[\s\S]*Plan "forever" rule "keep" keeps recovery points until deleted, more than the lock's maxRetentionDays 365[\s\S]*Plan "copy-too-long" rule "daily"'s copy keeps recovery points 3650 days, more than the lock's maxRetentionDays 365[\s\S]*VaultLockConfiguration "upside-down" has minRetentionDays 400 above maxRetentionDays 365/,
  },
];
