/**
 * The region's AWS Backup (createBackup) as both stacks use it, planned once: the primary creates
 * its vault and the copy vault in the secondary region, the secondary copies into the primary's
 * vault; plus the args it refuses before creating anything.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { backupSettings, createBackup, type BackupArgs } from "../../components/observability/backup";
import { BACKUP_DEFAULTS, BACKUP_VOLUME_TAG } from "../../components/observability/backup-defaults";
import { planProgram, type ProgramPlan } from "../../offline/testkit";
import { evaluatePolicies } from "../../offline/policy-runner";
import { ALL_RULES } from "../../policy/rules";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-1111-4222-a333-444455556666";
const WEST_KEY = "arn:aws:kms:us-west-2:123456789012:key/9f8e7d6c-5555-4666-b777-888899990000";
const VAULT = "aws:backup/vault:Vault";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const BACKUP_RULES = [
  "backup-plan-cross-region-copy",
  "backup-selection-scoped",
  "backup-vault-lock-retention",
  "backup-plan-retention",
  "backup-vault-cmk",
  "data-store-backup-coverage",
  "iam-role-trust-source-condition-honoured",
  "iam-role-trust-service-source-condition",
];

const component = (name: string, opts: pulumi.ComponentResourceOptions = {}) =>
  new pulumi.ComponentResource("twin-region:observability:ObservabilityStack", name, {}, opts);

describe("createBackup in both regions", () => {
  let plan: ProgramPlan;
  const exported: Record<string, pulumi.Output<string> | undefined> = {};
  beforeAll(async () => {
    plan = await planProgram(() => {
      const west = new aws.Provider("west", { region: "us-west-2" });
      // The stores of the primary region, as the web tier and the ingestion pipeline create them.
      const table = new aws.dynamodb.Table("orders", {
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attributes: [{ name: "pk", type: "S" }],
        serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
      });
      const fs = new aws.efs.FileSystem("shared", { encrypted: true, kmsKeyId: KEY });
      const primary = createBackup(
        "prod-obs",
        {
          region: "us-east-1",
          kmsKeyArn: KEY,
          auroraClusterArns: ["arn:aws:rds:us-east-1:123456789012:cluster:prod-db"],
          dynamoDbTableArns: [table.arn],
          efsFileSystemArns: [fs.arn],
          vaultLock: { maxRetentionDays: 400, changeableForDays: 3 },
          copyTo: { region: "us-west-2", createVault: { provider: west, kmsKeyArn: WEST_KEY } },
          recoveryPointTags: { Component: "shop" },
        },
        component("primary"),
      );
      const secondary = createBackup(
        "prod-obs-w",
        { region: "us-west-2", kmsKeyArn: WEST_KEY, copyTo: { region: "us-east-1", vaultArn: primary.vaultArn } },
        component("secondary", { providers: [west] }),
      );
      exported.primaryVault = primary.vaultArn;
      exported.copyVault = primary.copyVaultArn;
      exported.secondaryCopy = secondary.copyVaultArn;
    });
  });

  const under = (parent: string) => {
    const root = plan.graph.one("twin-region:observability:ObservabilityStack", parent);
    return (type: string) => plan.graph.descendantsOf(root).filter((r) => r.type === type);
  };

  it("encrypts the region's vault with its CMK, and the copy vault in the peer region with the key there", () => {
    const vault = plan.graph.one(VAULT, "prod-obs-backup-vault");
    const copy = plan.graph.one(VAULT, "prod-obs-backup-copy-vault");
    expect(vault.inputs).toMatchObject({ kmsKeyArn: KEY, region: "us-east-1" });
    expect(copy.inputs).toMatchObject({ kmsKeyArn: WEST_KEY, region: "us-west-2" });
    expect(copy.inputs.forceDestroy).toBeUndefined();
    const [secondaryVault, ...more] = under("secondary")(VAULT);
    expect(secondaryVault!.inputs).toMatchObject({ kmsKeyArn: WEST_KEY, region: "us-west-2" });
    expect(more).toEqual([]);
  });

  it("locks both of the primary's vaults in compliance mode when asked, and no vault without", () => {
    const locks = under("primary")(LOCK);
    const vaults = under("primary")(VAULT);
    expect(locks.map((l) => [l.inputs.backupVaultName, l.inputs.region])).toEqual(
      vaults.map((v) => [v.inputs.name, v.inputs.region]),
    );
    for (const lock of locks) {
      expect(lock.inputs).toMatchObject({ minRetentionDays: 35, maxRetentionDays: 400, changeableForDays: 3 });
    }
    expect(under("secondary")(LOCK)).toEqual([]);
  });

  it("backs up daily and weekly with the retention, windows and tags given, copying every recovery point to the peer vault", () => {
    const [primaryPlan] = under("primary")(PLAN);
    const copyVault = plan.graph.one(VAULT, "prod-obs-backup-copy-vault");
    const [daily, weekly] = primaryPlan!.inputs.rules as any[];
    const copyArn = `arn:aws:backup:us-west-2:123456789012:backup-vault:${copyVault.inputs.name}`;
    expect(daily).toMatchObject({
      ruleName: "daily",
      targetVaultName: plan.graph.one(VAULT, "prod-obs-backup-vault").inputs.name,
      schedule: BACKUP_DEFAULTS.dailySchedule,
      startWindow: 60,
      completionWindow: 480,
      lifecycle: { deleteAfter: 35 },
      recoveryPointTags: { Component: "shop", BackupRule: "daily" },
      copyActions: [{ destinationVaultArn: copyArn, lifecycle: { deleteAfter: 35 } }],
    });
    expect(weekly).toMatchObject({
      ruleName: "weekly",
      schedule: "cron(0 5 ? * SUN *)",
      lifecycle: { deleteAfter: 90 },
      recoveryPointTags: { BackupRule: "weekly" },
      copyActions: [{ destinationVaultArn: copyArn, lifecycle: { deleteAfter: 90 } }],
    });
    expect(daily.enableContinuousBackup).toBeUndefined();
  });

  it("copies the secondary's recovery points into the primary's own vault", async () => {
    const primaryVault = plan.graph.one(VAULT, "prod-obs-backup-vault");
    const rules = under("secondary")(PLAN)[0]!.inputs.rules as any[];
    const destinations = rules.flatMap((r) => r.copyActions.map((c: any) => c.destinationVaultArn));
    expect(destinations).toEqual([
      `arn:aws:backup:us-east-1:123456789012:backup-vault:${primaryVault.inputs.name}`,
      `arn:aws:backup:us-east-1:123456789012:backup-vault:${primaryVault.inputs.name}`,
    ]);
    expect(rules.every((r) => r.targetVaultName === under("secondary")(VAULT)[0]!.inputs.name)).toBe(true);
  });

  it("selects the Aurora cluster, table and file system by ARN, and the region's EBS volumes that carry the tag", () => {
    const table = plan.graph.one("aws:dynamodb/table:Table", "orders");
    const fs = plan.graph.one("aws:efs/fileSystem:FileSystem", "shared");
    const stores = plan.graph.one(SELECTION, "prod-obs-backup-stores");
    const volumes = plan.graph.one(SELECTION, "prod-obs-backup-volumes");
    expect(stores.inputs.resources).toEqual([
      "arn:aws:rds:us-east-1:123456789012:cluster:prod-db",
      `arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`,
      expect.stringMatching(new RegExp(`^arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-`)),
    ]);
    expect(stores.propertyDependencies?.resources).toEqual(expect.arrayContaining([table.urn, fs.urn]));
    expect(volumes.inputs).toMatchObject({
      name: "tagged-volumes",
      resources: ["arn:aws:ec2:us-east-1:123456789012:volume/*"],
      conditions: [
        { stringEquals: [{ key: `aws:ResourceTag/${BACKUP_VOLUME_TAG.key}`, value: BACKUP_VOLUME_TAG.value }] },
      ],
    });
    expect(volumes.inputs.selectionTags).toBeUndefined();
    // The secondary has no store given: its only selection is the tagged volumes of its own region.
    expect(under("secondary")(SELECTION).map((s) => s.inputs.resources)).toEqual([
      ["arn:aws:ec2:us-west-2:123456789012:volume/*"],
    ]);
  });

  it("gives AWS Backup alone a role with the managed backup and restore policies, and selects with it once they are attached", () => {
    const [role] = under("primary")("aws:iam/role:Role");
    const trust = JSON.parse(role!.inputs.assumeRolePolicy);
    expect(trust.Statement).toEqual([
      { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "backup.amazonaws.com" } },
    ]);
    const attachments = under("primary")("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    expect(attachments.map((a) => a.inputs.policyArn).sort()).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
    for (const selection of under("primary")(SELECTION)) {
      expect(selection.inputs.iamRoleArn).toMatch(/^arn:aws:iam::123456789012:role\/prod-obs-backup-role-use1-/);
      expect([...selection.dependencies]).toEqual(expect.arrayContaining(attachments.map((a) => a.urn)));
    }
    expect(role!.name).toBe("prod-obs-backup-role-use1");
    expect(under("secondary")("aws:iam/role:Role")[0]!.name).toBe("prod-obs-w-backup-role-usw2");
  });

  it("returns the vault ARNs a stack exports", async () => {
    const value = (o: pulumi.Output<string> | undefined) =>
      new Promise<string | undefined>((resolve) => (o ? o.apply(resolve) : resolve(undefined)));
    expect(await value(exported.primaryVault)).toMatch(/^arn:aws:backup:us-east-1:123456789012:backup-vault:prod-obs-/);
    expect(await value(exported.copyVault)).toMatch(/^arn:aws:backup:us-west-2:123456789012:backup-vault:prod-obs-/);
    expect(await value(exported.secondaryCopy)).toBe(await value(exported.primaryVault));
  });

  it("passes the pack's backup, coverage and trust rules", () => {
    const stack = { name: "backup", region: "us-east-1", resources: plan.resources, violations: [] };
    const rules = ALL_RULES.filter((r) => BACKUP_RULES.includes(r.name));
    expect(rules.map((r) => r.name).sort()).toEqual([...BACKUP_RULES].sort());
    expect(evaluatePolicies(stack, rules).map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });
});

describe("createBackup's settings", () => {
  const base: BackupArgs = {
    region: "us-east-1",
    kmsKeyArn: KEY,
    auroraClusterArns: ["arn:aws:rds:us-east-1:1:cluster:db"],
  };
  const refused = (args: Partial<BackupArgs>) => () => backupSettings({ ...base, ...args });

  it("defaults to 35 daily and 90 weekly days, 60/480-minute windows, the volume tag and no lock", () => {
    expect(backupSettings(base)).toEqual({
      daily: { retentionDays: 35, schedule: "cron(0 5 ? * * *)" },
      weekly: { retentionDays: 90, schedule: "cron(0 5 ? * SUN *)" },
      startWindowMinutes: 60,
      completionWindowMinutes: 480,
      volumeTag: { key: "Backup", value: "twin-region-daily-weekly" },
    });
    expect(backupSettings({ ...base, dailyRetentionDays: 120 }).weekly.retentionDays).toBe(120);
    expect(backupSettings({ ...base, vaultLock: {} }).vaultLock).toEqual({ minRetentionDays: 35 });
  });

  it.each([
    [{ dailyRetentionDays: 7 }, /backup\.dailyRetentionDays: 7 is not a whole number of days of at least 35/],
    [{ weeklyRetentionDays: 40, dailyRetentionDays: 60 }, /backup\.weeklyRetentionDays: 40 is not .* at least 60/],
    [{ dailySchedule: "rate(1 day)" }, /backup\.dailySchedule: "rate\(1 day\)" is not an AWS cron expression/],
    [{ startWindowMinutes: 30 }, /backup\.startWindowMinutes: 30 is not .* at least 60/],
    [
      { completionWindowMinutes: 60 },
      /backup\.completionWindowMinutes: 60 is not .* greater than the start window \(60\)/,
    ],
    [{ auroraClusterArns: [], taggedVolumes: false }, /backup\.taggedVolumes: false with no Aurora cluster/],
    [{ volumeTag: { key: "aws:backup", value: "x" } }, /backup\.volumeTag\.key: "aws:backup" is not a tag key/],
    [
      { copyTo: { region: "us-east-1", vaultArn: "arn" } },
      /backup\.copyTo\.region: "us-east-1" is the backup's own region/,
    ],
    [{ copyTo: { region: "us-west-2" } }, /backup\.copyTo: give exactly one of vaultArn/],
    [
      { copyTo: { region: "us-west-2", vaultArn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr" } },
      /backup\.copyTo\.vaultArn: ".*" is not in copyTo\.region \("us-west-2"\)/,
    ],
    [{ copyTo: { region: "us-west-2", vaultArn: "dr" } }, /backup\.copyTo\.vaultArn: "dr" is not a backup vault ARN/],
    [
      { vaultLock: { minRetentionDays: 60 } },
      /backup\.vaultLock\.minRetentionDays: 60 is more than dailyRetentionDays \(35\)/,
    ],
    [
      { vaultLock: { maxRetentionDays: 60 } },
      /backup\.vaultLock\.maxRetentionDays: 60 is less than weeklyRetentionDays \(90\)/,
    ],
    [{ vaultLock: { changeableForDays: 2 } }, /backup\.vaultLock\.changeableForDays: 2 is not .* at least 3/],
  ])("refuses %j", (args, message) => {
    expect(refused(args as Partial<BackupArgs>)).toThrow(message);
    expect(refused(args as Partial<BackupArgs>)).toThrow(/^ObservabilityStack: backup\./);
  });
});
