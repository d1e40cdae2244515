import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { MetricDescriptor } from "../shared/metrics";

export interface AlarmSetArgs {
  /** The signals to alarm on, from the components' `metrics()`. */
  metrics: MetricDescriptor[];
  /** The region's CMK, for the alarm topic. */
  kmsKeyArn: pulumi.Input<string>;
  /** Address subscribed to the topic (the subscription must be confirmed from the e-mail). @default no subscription */
  email?: string;
}

/** A CloudWatch alarm's args for a metric descriptor, telling `topicArn` when it fires and when it clears. */
export function metricAlarmArgs(m: MetricDescriptor, topicArn: pulumi.Input<string>): aws.cloudwatch.MetricAlarmArgs {
  return {
    ...(m.alarmName !== undefined ? { name: m.alarmName } : {}),
    alarmDescription: m.description,
    namespace: m.namespace,
    metricName: m.metricName,
    dimensions: m.dimensions,
    statistic: m.statistic,
    period: m.periodSeconds,
    evaluationPeriods: m.evaluationPeriods,
    threshold: m.threshold,
    comparisonOperator: m.comparisonOperator,
    treatMissingData: m.treatMissingData ?? "notBreaching",
    alarmActions: [topicArn],
    okActions: [topicArn],
  };
}

/** One CloudWatch alarm per metric descriptor, all notifying one KMS-encrypted SNS topic. */
export class AlarmSet extends pulumi.ComponentResource {
  /** The KMS-encrypted SNS topic every alarm notifies. */
  public readonly topicArn: pulumi.Output<string>;
  /** The alarms, one per metric descriptor. */
  public readonly alarmNames: pulumi.Output<string[]>;

  constructor(name: string, args: AlarmSetArgs, opts?: pulumi.ComponentResourceOptions) {
    const ids = args.metrics.map((m) => m.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup)
      throw new Error(
        `AlarmSet: metrics: id "${dup}" appears twice (ids must be unique: two components with the same ids need their own AlarmSet)`,
      );
    super("twin-region:observability:AlarmSet", name, {}, opts);
    const parent = this;
    const topic = new aws.sns.Topic(`${name}-topic`, { kmsMasterKeyId: args.kmsKeyArn }, { parent });
    if (args.email)
      new aws.sns.TopicSubscription(
        `${name}-email`,
        { topic: topic.arn, protocol: "email", endpoint: args.email },
        { parent },
      );
    const alarms = args.metrics.map(
      (m) => new aws.cloudwatch.MetricAlarm(`${name}-${m.id}`, metricAlarmArgs(m, topic.arn), { parent }),
    );
    this.topicArn = topic.arn;
    this.alarmNames = pulumi.all(alarms.map((a) => a.name));
    this.registerOutputs({ topicArn: this.topicArn, alarmNames: this.alarmNames });
  }
}
