import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invalidArg, validating } from "../shared/errors";
import { applyThresholds, type MetricDescriptor } from "../shared/metrics";
import { regionalName } from "../shared/naming";
import { regionContext } from "../shared/region";
import { metricAlarmArgs } from "./alarm-set";
import { REGION_HEALTH_SIGNALS } from "./defaults";
import type { DashboardPanel } from "../shared/dashboard";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import { createDashboards } from "./dashboards";
import { createLogErrorFilters, logErrorMetrics } from "./log-errors";
import { checkNotifications, subscribe, type Notifications } from "./notifications";
import { createBackup, type BackupArgs } from "./backup";
import { createTopicPolicy } from "./topic-policy";
import { createAuditTrail } from "./trail";
import { createSamplingRule, createTraceGroup, type SamplingRuleArgs } from "./tracing";

/**
 * A component the stack observes: anything that describes its health signals, and, when it has
 * them, its dashboard panels, its log groups (for application-error filters) and its traced
 * resources (for an X-Ray group).
 */
export interface ObservedComponent {
  metrics(): MetricDescriptor[];
  dashboardMetrics?(): DashboardPanel[];
  logGroups?(): LogGroupRef[];
  tracedResources?(): TracedResource[];
}

export interface ObservabilityStackArgs {
  /** The region observed, the provider's (checked). */
  region: string;
  /** The region's CMK: the topic, and what else the stack encrypts. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * The components observed, by a short name of yours ("ingestion", "web": it names their X-Ray
   * group and error metrics). Any subset; a component is observed by being passed in: each of its
   * signals becomes an alarm on the topic (ids unique across them), its panels a dashboard per
   * concern, each of its log groups an application-error filter with its alarm, its traced
   * resources an X-Ray group.
   */
  components: Record<string, ObservedComponent>;
  /**
   * The region's CloudTrail trail (seed 004: one multi-region trail, owned by the primary) with the
   * CIS metric filters and their alarms. The region's key must carry the statements cloudTrailKeyStatements
   * gives for the trail's name (the trail cannot be created otherwise).
   * @default no trail (the secondary: the primary's trail records every region)
   */
  trail?: { trailName: string; accessLogBucketName: pulumi.Input<string> };
  /**
   * The region's AWS Backup: a vault (the region's key), daily and weekly rules, copies to the peer
   * region's vault, the data stores by ARN and EBS volumes by tag.
   * @default no backup plan (the components' own, if any)
   */
  backup?: Omit<BackupArgs, "region" | "kmsKeyArn">;
  /** X-Ray sampling: the service-name pattern of the platform's resources (e.g. `<environment>-*`), and the rate. @default every service, 1 a second and 5% */
  sampling?: Partial<Omit<SamplingRuleArgs, "ruleName">>;
  /** Who is told when an alarm fires and clears. @default nobody (the topic only) */
  notifications?: Notifications;
  /** Alarm thresholds by signal id, over each descriptor's default; an id no component has is an error. @default each signal's own */
  thresholds?: Record<string, number>;
  /**
   * The signals whose alarms make up the composite "region health" alarm (those present).
   * @default REGION_HEALTH_SIGNALS: the application's 5xx, unhealthy hosts and running tasks, the API's 5xx rate, the stream's lag, the consumer's errors, the database's replication lag
   */
  regionHealthSignals?: string[];
  /**
   * More statements for the topic's policy, for a service that publishes to it as itself (e.g.
   * `deliveryTopicStatements` for DeliveryPipeline's notifications); a function receives the
   * topic's ARN. With them the topic gets a policy of its own: the account may use the topic (as
   * SNS's default policy allows), CloudWatch alarms of the account may publish, then these.
   * @default SNS's default topic policy (the account's principals and its alarms)
   */
  topicPolicyStatements?: TopicPolicyStatement[] | ((topicArn: pulumi.Output<string>) => TopicPolicyStatement[]);
}

/** One statement of the alarm topic's policy, in the shape aws.iam.getPolicyDocument takes. */
export type TopicPolicyStatement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

/**
 * The monitoring and recovery layer of one region: one CloudWatch alarm per health signal of the
 * components passed in (each descriptor's threshold unless overridden by id), alarm and OK actions
 * to a CMK-encrypted SNS topic with e-mail, SMS and HTTPS subscriptions, and a composite
 * "region health" alarm over the critical signals.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
  /** The CMK-encrypted topic every alarm notifies. */
  public readonly topicArn: pulumi.Output<string>;
  /** Every alarm's ARN, by signal id. */
  public readonly alarmArns: pulumi.Output<Record<string, string>>;
  /** The composite alarm over the critical signals (undefined when none is present). */
  public readonly regionHealthAlarmArn: pulumi.Output<string | undefined>;
  /** The composite alarm's name (`<name>-region-health`), which the failover runbook watches. */
  public readonly regionHealthAlarmName: pulumi.Output<string | undefined>;
  /** The dashboards' names, by concern (ingestion, api, compute, web, datalake: those the components draw). */
  public readonly dashboardNames: pulumi.Output<Record<string, string>>;
  /** The dashboards' console addresses, by concern. */
  public readonly dashboardUrls: pulumi.Output<Record<string, string>>;
  /** The trail's ARN (undefined without `trail`). */
  public readonly trailArn: pulumi.Output<string | undefined>;
  /** The region's backup vault (undefined without `backup`). */
  public readonly backupVaultArn: pulumi.Output<string | undefined>;
  /** The vault in the peer region the copies go to (undefined without `backup.copyTo`). */
  public readonly backupCopyVaultArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    const components = Object.entries(args.components);
    const errorFilterArgs = components.flatMap(([key, c]) => {
      const logGroups = c.logGroups?.() ?? [];
      return logGroups.length > 0 ? [{ key, args: { component: `${name}-${key}`, logGroups } }] : [];
    });
    const signals = validating("ObservabilityStack", () => {
      checkNotifications("ObservabilityStack", args.notifications ?? {});
      const all = [
        ...components.flatMap(([, c]) => c.metrics()),
        ...errorFilterArgs.flatMap((f) => logErrorMetrics(f.args)),
      ];
      const ids = all.map((m) => m.id);
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup)
        throw invalidArg(
          "ObservabilityStack",
          "components",
          `two components describe a signal "${dup}" (signal ids must be unique: observe the two in stacks of their own)`,
        );
      for (const [id, value] of Object.entries(args.thresholds ?? {})) {
        if (!ids.includes(id))
          throw invalidArg("ObservabilityStack", "thresholds", `no component has a signal "${id}"`);
        if (typeof value !== "number" || !Number.isFinite(value))
          throw invalidArg("ObservabilityStack", `thresholds["${id}"]`, `${JSON.stringify(value)} is not a number`);
      }
      return applyThresholds(all, args.thresholds ?? {});
    });
    super("twin-region:observability:ObservabilityStack", name, {}, opts);
    const parent = this;
    const where = regionContext("ObservabilityStack", args.region, parent);

    const topic = new aws.sns.Topic(`${name}-topic`, { kmsMasterKeyId: args.kmsKeyArn }, { parent });
    subscribe(name, topic.arn, args.notifications ?? {}, parent);
    if (args.topicPolicyStatements !== undefined) createTopicPolicy(name, topic, args.topicPolicyStatements, parent);
    for (const f of errorFilterArgs) createLogErrorFilters(`${name}-${f.key}`, f.args, parent);
    const alarms = new Map(
      signals.map((m) => [
        m.id,
        new aws.cloudwatch.MetricAlarm(`${name}-${m.id}`, metricAlarmArgs(m, topic.arn), { parent }),
      ]),
    );

    const critical = (args.regionHealthSignals ?? [...REGION_HEALTH_SIGNALS]).filter((id) => alarms.has(id));
    const health =
      critical.length === 0
        ? undefined
        : new aws.cloudwatch.CompositeAlarm(
            `${name}-region-health`,
            {
              alarmName: regionalName(`${name}-region-health`, args.region),
              alarmDescription: `${name}: the region is not serving (any of ${critical.join(", ")} in alarm); the failover runbook starts here`,
              alarmRule: pulumi
                .all(critical.map((id) => alarms.get(id)!.name))
                .apply((names) => names.map((n) => `ALARM("${n}")`).join(" OR ")),
              alarmActions: [topic.arn],
              okActions: [topic.arn],
              actionsEnabled: true,
            },
            { parent },
          );

    const dashboards = createDashboards(
      name,
      {
        region: args.region,
        sources: components.flatMap(([, c]) => (c.dashboardMetrics ? [c.dashboardMetrics()] : [])),
      },
      parent,
    );
    createSamplingRule(
      `${name}-sampling`,
      { ruleName: `${name}-sampling`.slice(0, 32), serviceNamePattern: "*", ...args.sampling },
      parent,
    );
    for (const [key, c] of components) {
      const traced = c.tracedResources?.() ?? [];
      if (traced.length > 0) createTraceGroup(`${name}-${key}`, { groupName: `${name}-${key}`, traced }, parent);
    }
    const trail = args.trail
      ? createAuditTrail(
          `${name}-trail`,
          {
            region: args.region,
            kmsKeyArn: args.kmsKeyArn,
            accessLogBucketName: args.trail.accessLogBucketName,
            alarmTopicArn: topic.arn,
            trailName: args.trail.trailName,
          },
          parent,
        )
      : undefined;

    const backup = args.backup
      ? createBackup(name, { ...args.backup, region: args.region, kmsKeyArn: args.kmsKeyArn }, parent)
      : undefined;
    this.backupVaultArn = backup ? backup.vaultArn : pulumi.output(undefined);
    this.backupCopyVaultArn = backup?.copyVaultArn ?? pulumi.output(undefined);
    this.dashboardNames = pulumi.output(dashboards.names as Record<string, string>);
    this.dashboardUrls = pulumi.output(dashboards.urls as Record<string, string>);
    this.trailArn = trail ? trail.trailArn : pulumi.output(undefined);
    this.topicArn = topic.arn;
    this.alarmArns = pulumi
      .all([...alarms].map(([id, alarm]) => alarm.arn.apply((arn) => [id, arn] as const)))
      .apply((pairs) => Object.fromEntries(pairs));
    this.regionHealthAlarmArn = health ? health.arn : pulumi.output(undefined);
    this.regionHealthAlarmName = health ? health.alarmName : pulumi.output(undefined);
    this.registerOutputs({
      topicArn: this.topicArn,
      alarmArns: this.alarmArns,
      regionHealthAlarmArn: this.regionHealthAlarmArn,
      dashboardNames: this.dashboardNames,
      trailArn: this.trailArn,
      backupVaultArn: this.backupVaultArn,
      region: where.region,
    });
  }
}
