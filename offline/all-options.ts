/**
 * `npm start -- --all-options`: the stacks planned with every optional part switched on, so a
 * reviewer sees the seeds' whole architecture planned and policy-checked in one run. Each part is
 * switched on through the stack config key a user would set (as `--config STACK:KEY=VALUE` does);
 * the list is printed at the top of the run. A new optional part is one more entry here.
 */

import { OFFLINE_ACCOUNT_ID } from "./aws-partition";

/** One part of the platform that is off by default, and the config that switches it on. */
export interface OptionalPart {
  /** The project config key, as in Pulumi.<stack>.yaml without the namespace (e.g. "webCapacity"). */
  key: string;
  /** The value that switches the part on, as a stack file or `--config` gives it. */
  value: string;
  /** What it switches on. */
  part: string;
  /** Why it is off by default. */
  offBecause: string;
  /**
   * The stack roles (`twin-region:role`) that take it: a key one role rejects (Shield Advanced
   * protects the primary's distribution) is set only where it applies.
   * @default both roles
   */
  roles?: readonly ("primary" | "secondary")[];
}

export const ALL_OPTIONS: readonly OptionalPart[] = [
  {
    key: "webCapacity",
    value: "ec2",
    part: "the web tier's EC2 capacity (an Auto Scaling group as the ECS cluster's capacity provider)",
    offBecause: "Fargate needs no instances to patch or pay for while idle",
  },
  {
    key: "webDeployment",
    value: "blue-green",
    part: "CodeDeploy blue/green releases of the web service (a second target group, a test listener, a deployment group that shifts traffic and rolls back on failure and on the deployment alarms)",
    offBecause:
      "a release runs two sets of tasks for the termination wait, and it is started with `aws deploy create-deployment`, not by `pulumi up`",
  },
  {
    key: "shieldAdvanced",
    value: "true",
    part: "AWS Shield Advanced protection of the CloudFront distribution",
    offBecause: "it needs a subscription: USD 3,000 a month per organization, a one-year commitment",
    roles: ["primary"],
  },
  {
    key: "healthCheckInterval",
    value: "10",
    part: "fast Route 53 health checks of each region's /health (failover about 40 s sooner)",
    offBecause: "fast checks are billed higher than standard (30 s) ones",
  },
  {
    key: "kubernetesHost",
    value: "true",
    part: "the data platform's Kubernetes host with ArgoCD (seed 002's Minikube host, hardened)",
    offBecause: "an EC2 instance to pay for and patch; most teams deploy to a managed cluster",
    roles: ["primary"],
  },
  {
    key: "monitoring",
    value: "both",
    part: "the seed's self-hosted monitoring host and the managed alternative (Managed Prometheus, Managed Grafana, OpenSearch)",
    offBecause:
      "the host is a 16 GiB instance, and the managed services and the OpenSearch domain bill by the hour; CloudWatch already alarms every signal",
    roles: ["primary"],
  },
  {
    key: "openSearchMasterUserArn",
    value: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/search-admin`,
    part: "the OpenSearch domain's master user (an example role: the managed monitoring needs one)",
    offBecause: "it belongs to the managed monitoring, which is off",
    roles: ["primary"],
  },
  {
    key: "deliveryRepository",
    value: "acme/twin-region",
    part: "seed 004's CI/CD in AWS: a CodePipeline that tests, deploys the primary, waits for an approval and deploys the secondary (an example repository)",
    offBecause:
      "it needs a repository, a Pulumi Cloud organization and a deployment role; the GitHub Actions workflows deploy without it",
    roles: ["primary"],
  },
  {
    key: "deliveryPulumiOrg",
    value: "acme",
    part: "the Pulumi Cloud organization of the stacks the pipeline deploys (an example: the pipeline needs one)",
    offBecause: "it belongs to the delivery pipeline, which is off",
    roles: ["primary"],
  },
  {
    key: "deliveryDeployRoleArn",
    value: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/pulumi-deploy`,
    part: "the role the pipeline's deploy builds assume (an example role: the pipeline needs one)",
    offBecause: "it belongs to the delivery pipeline, which is off",
    roles: ["primary"],
  },
];

/**
 * The `--config` overrides that switch every part on, per stack, from each stack's role; the
 * user's own `--config` values win over them.
 */
export function allOptionsOverrides(
  stacks: readonly { stack: string; role: string | undefined }[],
  userOverrides: Record<string, Record<string, string>>,
  accountId: string = OFFLINE_ACCOUNT_ID,
  options: readonly OptionalPart[] = ALL_OPTIONS,
): Record<string, Record<string, string>> {
  const overrides: Record<string, Record<string, string>> = { ...userOverrides };
  // The example ARNs some parts need (a role of the user's) name the account being planned.
  const inAccount = (value: string) => value.split(OFFLINE_ACCOUNT_ID).join(accountId);
  for (const { stack, role } of stacks) {
    const on = options.filter((o) => o.roles === undefined || (o.roles as readonly string[]).includes(role ?? ""));
    overrides[stack] = { ...Object.fromEntries(on.map((o) => [o.key, inAccount(o.value)])), ...userOverrides[stack] };
  }
  return overrides;
}

/** What the run prints first: each part, the key and value that switch it on, where, and why it is off by default. */
export function renderAllOptions(
  stacks: readonly { stack: string; role: string | undefined }[],
  options: readonly OptionalPart[] = ALL_OPTIONS,
): string {
  const lines = options.map((o) => {
    const where = stacks
      .filter((s) => o.roles === undefined || (o.roles as readonly string[]).includes(s.role ?? ""))
      .map((s) => s.stack);
    return `  ${o.key}=${o.value} (${where.length ? where.join(", ") : "no stack planned"}): ${o.part}. Off by default: ${o.offBecause}.`;
  });
  return `--all-options: every optional part on, through the config keys a user would set (--config STACK:KEY=VALUE wins over them):\n${lines.join("\n")}\n`;
}
