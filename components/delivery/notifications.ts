/**
 * The pipeline's notifications to the alarm topic (AWS CodeStar Notifications): a failed
 * execution, an approval waiting, a failed build. The topic is the ObservabilityStack's,
 * encrypted with the region's CMK, so two grants live with whoever owns the topic and the key:
 * `deliveryTopicStatements` for the topic's policy and `deliveryKeyStatements` for the key's.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../compute/iam";
import { KMS_ACTIONS } from "../shared/actions";
import { CODESTAR_NOTIFICATIONS_PRINCIPAL, DELIVERY_DEFAULTS, DELIVERY_NOTIFICATION_EVENTS } from "./delivery-defaults";

/**
 * The topic-policy statement that lets CodeStar Notifications publish to the topic, for rules of
 * this account only (aws:SourceAccount), as the Developer Tools console guide's topic policy has it.
 */
export function deliveryTopicStatements(topicArn: pulumi.Input<string>, accountId: pulumi.Input<string>): Statement[] {
  return [
    {
      sid: "CodeStarNotificationsPublish",
      principals: [{ type: "Service", identifiers: [CODESTAR_NOTIFICATIONS_PRINCIPAL] }],
      actions: ["sns:Publish"],
      resources: [topicArn],
      conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
    },
  ];
}

/**
 * The key-policy statement that lets CodeStar Notifications publish to a topic encrypted with the
 * key: a data key and decrypt, only through SNS in the key's region (kms:ViaService). Without it
 * the notifications of an encrypted topic are dropped.
 */
export function deliveryKeyStatements(region: pulumi.Input<string>): Statement[] {
  return [
    {
      sid: "CodeStarNotificationsUseKeyThroughSns",
      principals: [{ type: "Service", identifiers: [CODESTAR_NOTIFICATIONS_PRINCIPAL] }],
      actions: [...KMS_ACTIONS.serviceDataKeys],
      resources: ["*"],
      conditions: [
        { test: "StringEquals", variable: "kms:ViaService", values: [pulumi.interpolate`sns.${region}.amazonaws.com`] },
      ],
    },
  ];
}

/** One notification rule: `resource`'s `events` to the topic. */
export function notificationRule(
  name: string,
  resource: pulumi.Input<string>,
  events: readonly string[],
  topicArn: pulumi.Input<string>,
  parent: pulumi.Resource,
): aws.codestarnotifications.NotificationRule {
  return new aws.codestarnotifications.NotificationRule(
    `${name}-notify`,
    {
      name: `${name}-notify`.slice(0, 64),
      resource,
      eventTypeIds: [...events],
      detailType: DELIVERY_DEFAULTS.notificationDetail,
      status: "ENABLED",
      targets: [{ address: topicArn, type: "SNS" }],
    },
    { parent },
  );
}

export { DELIVERY_NOTIFICATION_EVENTS };
