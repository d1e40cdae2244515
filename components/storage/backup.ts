import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_BASELINE } from "../../policy/baseline/data";
import { awsManagedPolicyArn, serviceRole } from "../compute/iam";
import type { RegionContext } from "../shared/region";
import { regionalName } from "../shared/naming";

export interface RegionalBackupArgs {
  /** The stores' region (its code goes into the role's name). */
  where: RegionContext;
  /** The vault's CMK. */
  kmsKeyArn: pulumi.Input<string>;
  /** The data stores backed up (Aurora clusters, EFS file systems, DynamoDB tables…), by ARN. */
  resourceArns: pulumi.Input<string>[];
  /** Days a daily recovery point is kept. @default 35 */
  retentionDays?: number;
}

/**
 * AWS Backup for a component's data stores until the ObservabilityStack owns the region's backups:
 * a vault encrypted with the region's CMK, a daily plan keeping recovery points `retentionDays`
 * (at least the pack's minimum), a selection naming the stores, and a role that only AWS Backup
 * may assume with the AWS-managed backup and restore policies.
 */
export function createRegionalBackup(
  name: string,
  args: RegionalBackupArgs,
  parent: pulumi.Resource,
): aws.backup.Vault {
  const retention = args.retentionDays ?? BACKUP_BASELINE.minRetentionDays;
  const vault = new aws.backup.Vault(`${name}-backup-vault`, { kmsKeyArn: args.kmsKeyArn }, { parent });
  const plan = new aws.backup.Plan(
    `${name}-backup-plan`,
    {
      rules: [
        {
          ruleName: "daily",
          targetVaultName: vault.name,
          schedule: "cron(0 5 ? * * *)",
          startWindow: 60,
          completionWindow: 180,
          lifecycle: { deleteAfter: retention },
        },
      ],
    },
    { parent },
  );
  const role = serviceRole(
    regionalName(`${name}-backup-role`, args.where.name),
    {
      service: "backup.amazonaws.com",
      description: "AWS Backup: backs up and restores the tier's data stores",
      // AWS Backup sends no documented source context (policy/baseline/identity.ts).
      withoutSourceContext: true,
    },
    { parent },
  );
  const attachments = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"].map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-backup-${policy.endsWith("Backup") ? "backup" : "restore"}-policy`,
        { role: role.name, policyArn: awsManagedPolicyArn(args.where.partition, `service-role/${policy}`) },
        { parent },
      ),
  );
  new aws.backup.Selection(
    `${name}-backup-selection`,
    { name: `${name}-stores`, planId: plan.id, iamRoleArn: role.arn, resources: args.resourceArns },
    { parent, dependsOn: attachments },
  );
  return vault;
}
