import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { invalidArg } from "../shared/errors";
import { E164_PHONE } from "./defaults";

/** Who hears of an alarm: e-mail addresses (each must confirm its subscription), SMS numbers, HTTPS endpoints. */
export interface Notifications {
  /** @default none */
  emails?: string[];
  /** E.164 phone numbers, e.g. "+14155550100". @default none */
  sms?: string[];
  /** HTTPS URLs (SNS confirms each subscription by a request to it). @default none */
  httpsEndpoints?: string[];
}

const email = z.email();
const https = z.url({ protocol: /^https$/ });

/** Throws, naming the entry, for an address, number or URL SNS would not take (or would take over plain HTTP). */
export function checkNotifications(component: string, n: Notifications): void {
  const check = (arg: string, values: string[] | undefined, ok: (v: string) => boolean, what: string) =>
    (values ?? []).forEach((v, i) => {
      if (typeof v !== "string" || !ok(v))
        throw invalidArg(component, `${arg}[${i}]`, `${JSON.stringify(v)} is not ${what}`);
    });
  check("notifications.emails", n.emails, (v) => email.safeParse(v).success, "an e-mail address");
  check("notifications.sms", n.sms, (v) => E164_PHONE.test(v), 'an E.164 phone number such as "+14155550100"');
  check("notifications.httpsEndpoints", n.httpsEndpoints, (v) => https.safeParse(v).success, "an https:// URL");
}

/** The topic's subscriptions, one per endpoint. */
export function subscribe(
  name: string,
  topicArn: pulumi.Input<string>,
  n: Notifications,
  parent: pulumi.Resource,
): aws.sns.TopicSubscription[] {
  const endpoints: [protocol: string, values: string[] | undefined][] = [
    ["email", n.emails],
    ["sms", n.sms],
    ["https", n.httpsEndpoints],
  ];
  return endpoints.flatMap(([protocol, values]) =>
    (values ?? []).map(
      (endpoint, i) =>
        new aws.sns.TopicSubscription(`${name}-${protocol}-${i}`, { topic: topicArn, protocol, endpoint }, { parent }),
    ),
  );
}
