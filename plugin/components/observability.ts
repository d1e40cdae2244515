import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { deliveryTopicStatements } from "../../components/delivery/notifications";
import { ObservabilityStack as Stack, type Notifications } from "../../components/observability";
import { adopt } from "./outputs";

/** The region's CloudTrail trail (seed 004: one multi-region trail, owned by the primary) with the CIS metric filters and their alarms. */
export interface TrailSettings {
  /** The trail's name; the region's key must carry the statements `cloudTrailKeyStatements` gives for it. */
  trailName: string;
  /** The bucket the trail bucket's access logs go to. */
  accessLogBucketName: pulumi.Input<string>;
}

/** The peer region's vault every recovery point is copied to. */
export interface BackupCopyTarget {
  /** The peer region. */
  region: string;
  /** The peer's vault, by ARN. Default: the component's name for it in that region. */
  vaultArn?: pulumi.Input<string>;
}

/** The region's AWS Backup plan: a vault, daily and weekly rules, copies to the peer's vault. */
export interface BackupSettings {
  /** Aurora clusters backed up, by ARN (the web tier's `databaseClusterArn`). */
  auroraClusterArns?: pulumi.Input<string>[];
  /** DynamoDB tables backed up, by ARN (the ingestion pipeline's table). */
  dynamoDbTableArns?: pulumi.Input<string>[];
  /** EFS file systems backed up, by ARN (the web tier's file system, in the primary). */
  efsFileSystemArns?: pulumi.Input<string>[];
  /** Back up the region's EBS volumes tagged for it. Default: true. */
  taggedVolumes?: boolean;
  /** Days a daily recovery point and its copy are kept (at least 35). Default: 35. */
  dailyRetentionDays?: number;
  /** Days a weekly recovery point and its copy are kept. Default: 90. */
  weeklyRetentionDays?: number;
  /** Where the copies go; leave it out only for a single region. Default: none. */
  copyTo?: BackupCopyTarget;
}

/** X-Ray sampling of the platform's resources. */
export interface SamplingSettings {
  /** The service-name pattern (e.g. `<environment>-*`). Default: "*". */
  serviceNamePattern?: string;
  /** Requests a second sampled before the rate applies. Default: 1. */
  reservoirSize?: number;
  /** Default: 0.05. */
  fixedRate?: number;
}

/**
 * ObservabilityStack's args in the component package. Where they differ from the TypeScript
 * ones: no `components` (the TypeScript components observed, whose metric descriptors, log groups
 * and panels the stack reads when it is created; a program in another language holds them as
 * resources, not as those objects), so no per-signal alarms, dashboards, `thresholds` or
 * `regionHealthSignals`; `trail`, `backup` and `sampling` are named types; `backup` without
 * vault lock, schedules and windows (the component's defaults); of `topicPolicyStatements`, the
 * delivery pipeline's as a switch (`allowDeliveryNotifications`).
 */
export interface ObservabilityStackArgs {
  /** The region observed, the provider's (checked). */
  region: string;
  /** The region's CMK: the topic, and what else the stack encrypts. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region's trail. Default: none (the secondary: the primary's trail records every region). */
  trail?: TrailSettings;
  /** The region's AWS Backup. Default: none. */
  backup?: BackupSettings;
  /** X-Ray sampling. Default: every service, 1 a second and 5%. */
  sampling?: SamplingSettings;
  /** Who is told when an alarm fires and clears. Default: nobody (the topic only). */
  notifications?: Notifications;
  /**
   * Let AWS CodeStar Notifications of this account publish to the topic (the TypeScript
   * `deliveryTopicStatements`), for a DeliveryPipeline's notifications; its key needs
   * RegionalKey's `allowDeliveryNotifications` too. Default: false (SNS's default topic policy).
   */
  allowDeliveryNotifications?: boolean;
}

/**
 * A region's audit and operations base: the CMK-encrypted alarm topic and its subscriptions, the
 * CloudTrail trail with the CIS filters and alarms, AWS Backup, X-Ray sampling. The TypeScript
 * ObservabilityStack (components/observability) without observed components.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
  /** The CMK-encrypted topic every alarm notifies. */
  public readonly topicArn!: pulumi.Output<string>;
  /** Every alarm's ARN, by id (the trail's CIS alarms). */
  public readonly alarmArns!: pulumi.Output<Record<string, string>>;
  /** The trail's ARN (undefined without `trail`). */
  public readonly trailArn!: pulumi.Output<string | undefined>;
  /** The region's backup vault (undefined without `backup`). */
  public readonly backupVaultArn!: pulumi.Output<string | undefined>;
  /** The peer region's vault the copies go to (undefined without `backup.copyTo`). */
  public readonly backupCopyVaultArn!: pulumi.Output<string | undefined>;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("twin-region:index:ObservabilityStack", name, {}, opts);
    const accountId = args.allowDeliveryNotifications
      ? aws.getCallerIdentityOutput({}, { parent: this }).accountId
      : undefined;
    const stack = new Stack(
      name,
      {
        region: args.region,
        kmsKeyArn: args.kmsKeyArn,
        components: {},
        trail: args.trail,
        backup: args.backup,
        sampling: args.sampling,
        notifications: args.notifications,
        topicPolicyStatements: accountId && ((topicArn) => deliveryTopicStatements(topicArn, accountId)),
      },
      { parent: this },
    );
    this.registerOutputs(
      adopt(this, {
        topicArn: stack.topicArn,
        alarmArns: stack.alarmArns,
        trailArn: stack.trailArn,
        backupVaultArn: stack.backupVaultArn,
        backupCopyVaultArn: stack.backupCopyVaultArn,
      }),
    );
  }
}
