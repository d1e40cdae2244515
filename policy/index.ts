/**
 * The twin-region policy pack. This file only assembles the rules: constructing a PolicyPack
 * starts the analyzer's gRPC server, so nothing else imports it (the offline runner and the
 * tests use policy/rules directly).
 *
 *   pulumi preview --stack primary --policy-pack policy
 *   (cd policy && pulumi policy publish <org>)
 */
import { PolicyPack } from "@pulumi/policy";
import { ALL_RULES } from "./rules";
import { toCrossGuardPolicy } from "./rules/crossguard";

new PolicyPack("twin-region", {
  description: "Security rules of the twin-region platform, each naming the AWS control it enforces.",
  provider: "aws",
  enforcementLevel: "mandatory",
  tags: ["aws", "security", "fsbp"],
  policies: ALL_RULES.map(toCrossGuardPolicy),
});
