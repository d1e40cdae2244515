/**
 * The alarm topic's own policy, for when a service must publish to it as itself (AWS CodeStar
 * Notifications: DeliveryPipeline). A topic policy replaces SNS's default one, so it restates what
 * the topic relies on: the account's principals use the topic (their IAM policies decide), and
 * the account's CloudWatch alarms publish to it; then the extra statements.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TopicPolicyStatement } from "./observability-stack";

/** What SNS's default topic policy lets the owning account do. */
const ACCOUNT_TOPIC_ACTIONS = [
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:AddPermission",
  "sns:RemovePermission",
  "sns:DeleteTopic",
  "sns:Subscribe",
  "sns:ListSubscriptionsByTopic",
  "sns:Publish",
];

export function createTopicPolicy(
  name: string,
  topic: aws.sns.Topic,
  extra: TopicPolicyStatement[] | ((topicArn: pulumi.Output<string>) => TopicPolicyStatement[]),
  parent: pulumi.Resource,
): aws.sns.TopicPolicy {
  const identity = aws.getCallerIdentityOutput({}, { parent });
  const partition = aws.getPartitionOutput({}, { parent }).partition;
  const statements: TopicPolicyStatement[] = [
    {
      sid: "AccountUsesTopic",
      principals: [
        { type: "AWS", identifiers: [pulumi.interpolate`arn:${partition}:iam::${identity.accountId}:root`] },
      ],
      actions: ACCOUNT_TOPIC_ACTIONS,
      resources: [topic.arn],
    },
    {
      sid: "AccountAlarmsPublish",
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["sns:Publish"],
      resources: [topic.arn],
      conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [identity.accountId] }],
    },
    ...(typeof extra === "function" ? extra(topic.arn) : extra),
  ];
  const doc = aws.iam.getPolicyDocumentOutput({ statements }, { parent });
  return new aws.sns.TopicPolicy(`${name}-topic-policy`, { arn: topic.arn, policy: doc.json }, { parent });
}
