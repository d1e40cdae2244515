/**
 * `npm start -- --all-options`: both stacks planned with every optional part switched on, through
 * the config keys a user would set. The run is made once per test run, beside the shared plan
 * (tests/support/shared-plan.setup.ts); this suite reads it and holds it to the pack.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_OPTIONS, allOptionsOverrides, renderAllOptions } from "../../offline/all-options";
import { parsePlanArgs, UsageError, USAGE } from "../../offline/plan-args";
import { isBlocking } from "../../offline/policy-runner";
import { CONFIG_DEFAULTS, PROJECT_CONFIG_KEYS, parseConfig } from "../../stacks/config";
import { ALL_OPTIONS_ACCOUNT } from "../support/all-options-run";
import { shown } from "../support/run-start";
import { allOptionsPlan, sharedPlan, type AllOptionsPlan, type PlannedStack } from "../support/shared-plan";

const ROLES = ["primary", "secondary"] as const;
const BASE: Record<(typeof ROLES)[number], Record<string, string>> = {
  primary: {
    "aws:region": "us-east-1",
    role: "primary",
    vpcCidr: "10.0.0.0/16",
    alarmEmail: "platform-alerts@example.com",
    dnsDomain: "example.com",
  },
  secondary: {
    "aws:region": "us-west-2",
    role: "secondary",
    vpcCidr: "10.1.0.0/16",
    peerStack: "primary",
    alarmEmail: "platform-alerts@example.com",
    dnsDomain: "example.com",
  },
};
const parse = (role: (typeof ROLES)[number], changes: Record<string, string> = {}) =>
  parseConfig({ project: "twin-region", stack: role, values: { ...BASE[role], ...changes } });
const takes = (role: string) => ALL_OPTIONS.filter((o) => o.roles === undefined || o.roles.includes(role as never));

describe("the --all-options list (offline/all-options.ts)", () => {
  it.each(ALL_OPTIONS.map((o) => [o.key, o]))(
    "%s: a project config key, switched from its default to a value the stack config accepts",
    (_key, option) => {
      expect(PROJECT_CONFIG_KEYS).toContain(option.key);
      expect(option.value).not.toBe((CONFIG_DEFAULTS as Record<string, string>)[option.key]);
      expect(option.part.length).toBeGreaterThan(10);
      expect(option.offBecause.length).toBeGreaterThan(10);
      for (const role of ROLES.filter((r) => takes(r).includes(option))) {
        // It changes what the stack is configured to deploy: alone, or with the role's other
        // options where it needs one of them (managed monitoring needs the OpenSearch master user).
        const others = Object.fromEntries(
          takes(role)
            .filter((o) => o !== option)
            .map((o) => [o.key, o.value]),
        );
        let alone: ReturnType<typeof parse> | undefined;
        try {
          alone = parse(role, { [option.key]: option.value });
        } catch {
          alone = undefined;
        }
        if (alone) expect(alone, role).not.toEqual(parse(role));
        else expect(parse(role, { ...others, [option.key]: option.value }), role).not.toEqual(parse(role, others));
      }
    },
  );

  it("lists each key once, and every role's stack accepts all of its options together", () => {
    const keys = ALL_OPTIONS.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const role of ROLES) {
      expect(() => parse(role, Object.fromEntries(takes(role).map((o) => [o.key, o.value]))), role).not.toThrow();
    }
  });

  it("sets a part only on the roles that take it, and lets the user's --config win", () => {
    const stacks = [
      { stack: "primary", role: "primary" },
      { stack: "secondary", role: "secondary" },
    ];
    const overrides = allOptionsOverrides(stacks, { secondary: { webCapacity: "fargate", vpcCidr: "10.2.0.0/16" } });
    expect(overrides.primary).toEqual({
      webCapacity: "ec2",
      webDeployment: "blue-green",
      shieldAdvanced: "true",
      healthCheckInterval: "10",
      kubernetesHost: "true",
      monitoring: "both",
      openSearchMasterUserArn: "arn:aws:iam::123456789012:role/search-admin",
      deliveryRepository: "acme/twin-region",
      deliveryPulumiOrg: "acme",
      deliveryDeployRoleArn: "arn:aws:iam::123456789012:role/pulumi-deploy",
    });
    expect(overrides.secondary).toEqual({
      webCapacity: "fargate",
      webDeployment: "blue-green",
      healthCheckInterval: "10",
      vpcCidr: "10.2.0.0/16",
    });
  });

  it("is documented in the usage text, and refused with --graph (which runs no program)", () => {
    expect(USAGE).toContain("--all-options");
    expect(parsePlanArgs(["--all-options"]).allOptions).toBe(true);
    expect(parsePlanArgs([]).allOptions).toBe(false);
    expect(() => parsePlanArgs(["--all-options", "--graph", "plan.json"])).toThrow(UsageError);
  });

  it("plans as another account with --account-id (12 digits; refused with --graph), and names it in the example ARNs it sets", () => {
    expect(parsePlanArgs(["--account-id", "210987654321"]).accountId).toBe("210987654321");
    expect(parsePlanArgs([]).accountId).toBeUndefined();
    expect(() => parsePlanArgs(["--account-id", "2109876543"])).toThrow(
      /--account-id "2109876543" is not an AWS account id/,
    );
    expect(() => parsePlanArgs(["--account-id", "210987654321", "--graph", "plan.json"])).toThrow(UsageError);
    const overrides = allOptionsOverrides([{ stack: "primary", role: "primary" }], {}, "210987654321");
    expect(overrides.primary!.deliveryDeployRoleArn).toBe("arn:aws:iam::210987654321:role/pulumi-deploy");
    expect(overrides.primary!.openSearchMasterUserArn).toBe("arn:aws:iam::210987654321:role/search-admin");
  });
});

describe("npm start -- --all-options", () => {
  let plan: AllOptionsPlan;
  let stacks: PlannedStack[];
  let defaults: PlannedStack[];
  beforeAll(() => {
    plan = allOptionsPlan();
    stacks = [plan.primary, plan.secondary];
    const shared = sharedPlan();
    defaults = [shared.primary, shared.secondary];
  });

  it("exits 0 and prints, before anything is planned, each part with its key, value, stacks and why it is off by default", () => {
    expect(plan.run.code, shown(plan.run)).toBe(0);
    const expected = renderAllOptions([
      { stack: "primary", role: "primary" },
      { stack: "secondary", role: "secondary" },
    ]);
    expect(plan.run.stdout.startsWith(expected), shown(plan.run)).toBe(true);
    expect(expected).toContain(
      "  shieldAdvanced=true (primary): AWS Shield Advanced protection of the CloudFront distribution. Off by default:",
    );
    expect(plan.run.stdout.indexOf(expected)).toBeLessThan(plan.run.stdout.indexOf("Planning primary, then secondary"));
  });

  it("passes every mandatory rule of the pack in both stacks, with every option on", () => {
    for (const stack of stacks) {
      const blocking = stack.violations.filter(isBlocking).map((v) => `${v.rule}: ${v.resourceName}: ${v.message}`);
      expect(blocking, stack.stack).toEqual([]);
    }
  });

  // The web service's blue/green releases (webDeployment) are checked on this run by tests/web/blue-green.test.ts.
  it("plans the web tier on EC2 capacity in both stacks (an Auto Scaling group and an ECS capacity provider), which the default run does not", () => {
    for (const [i, stack] of stacks.entries()) {
      expect(stack.graph.ofType("aws:autoscaling/group:Group"), stack.stack).toHaveLength(1);
      expect(stack.graph.ofType("aws:ecs/capacityProvider:CapacityProvider"), stack.stack).toHaveLength(1);
      expect(defaults[i]!.graph.ofType("aws:autoscaling/group:Group"), stack.stack).toEqual([]);
    }
  });

  it("protects the primary's distribution with Shield Advanced, and only the primary's", () => {
    const [protection, ...more] = plan.primary.graph.ofType("aws:shield/protection:Protection");
    expect(more).toEqual([]);
    expect(protection!.propertyDependencies?.resourceArn).toEqual(
      plan.primary.graph.ofType("aws:cloudfront/distribution:Distribution").map((d) => d.urn),
    );
    expect(plan.secondary.graph.ofType("aws:shield/protection:Protection")).toEqual([]);
    expect(defaults[0]!.graph.ofType("aws:shield/protection:Protection")).toEqual([]);
  });

  it("checks each region's /health every 10 s (fast health checks), where the default run checks every 30 s", () => {
    for (const [i, stack] of stacks.entries()) {
      const intervals = (s: PlannedStack) =>
        s.graph
          .ofType("aws:route53/healthCheck:HealthCheck")
          .filter((h) => h.inputs.resourcePath === "/health")
          .map((h) => h.inputs.requestInterval);
      expect(intervals(stack).length, stack.stack).toBeGreaterThan(0);
      expect(new Set(intervals(stack)), stack.stack).toEqual(new Set([10]));
      expect(new Set(intervals(defaults[i]!)), stack.stack).toEqual(new Set([30]));
    }
  });

  it("runs the data platform's operations in the primary: the Kubernetes and monitoring hosts, Managed Prometheus and Grafana, OpenSearch, and their endpoints", () => {
    const primary = plan.primary.graph;
    const hosts = primary.ofType("aws:ec2/instance:Instance");
    expect(hosts.map((h) => h.name).sort()).toEqual(["prod-data-lake-kubernetes", "prod-data-lake-monitoring"]);
    for (const type of [
      "aws:amp/workspace:Workspace",
      "aws:grafana/workspace:Workspace",
      "aws:opensearch/domain:Domain",
    ])
      expect(primary.ofType(type), type).toHaveLength(1);
    const endpoints = primary.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => String(e.inputs.serviceName));
    for (const service of ["aps-workspaces", "monitoring"])
      expect(endpoints).toContain(`com.amazonaws.us-east-1.${service}`);
    expect(plan.primary.outputs.operationsHostIds).toEqual({
      kubernetes: expect.any(String),
      monitoring: expect.any(String),
    });
    for (const stack of [plan.secondary, defaults[0]!, defaults[1]!])
      expect(stack.graph.ofType("aws:ec2/instance:Instance"), stack.stack).toEqual([]);
  });

  it("delivers through the primary's DeliveryPipeline, and only the primary's: CodeStar Notifications may publish to its CMK-encrypted alarm topic, and the outputs say what to do next", () => {
    const primary = plan.primary.graph;
    const [pipeline, ...more] = primary.ofType("aws:codepipeline/pipeline:Pipeline");
    expect(more).toEqual([]);
    expect(pipeline!.parent).toBe(primary.one("twin-region:delivery:DeliveryPipeline", "prod-delivery").urn);
    expect(primary.ofType("aws:codebuild/project:Project")).toHaveLength(3);
    const topic = primary.one("aws:sns/topic:Topic", "prod-observability-topic");
    const [topicPolicy] = primary.ofType("aws:sns/topicPolicy:TopicPolicy");
    expect(topicPolicy!.inputs.arn).toBe(topic.id);
    // SNS's default policy restated (the account, its alarms), then the notifications' grant.
    expect(JSON.parse(String(topicPolicy!.inputs.policy)).Statement.map((s: { Sid?: string }) => s.Sid)).toEqual([
      "AccountUsesTopic",
      "AccountAlarmsPublish",
      "CodeStarNotificationsPublish",
    ]);
    const publish = JSON.parse(String(topicPolicy!.inputs.policy)).Statement.find(
      (s: { Sid?: string }) => s.Sid === "CodeStarNotificationsPublish",
    );
    expect(publish).toMatchObject({
      Principal: { Service: "codestar-notifications.amazonaws.com" },
      Action: "sns:Publish",
    });
    const key = primary.ofType("aws:kms/key:Key").find((k) => k.name === "prod-platform-key")!;
    expect(String(key.inputs.policy)).toContain("CodeStarNotificationsUseKeyThroughSns");
    expect(plan.primary.outputs).toMatchObject({
      deliveryPipelineName: "prod-delivery",
      deliveryConnectionStatus: expect.stringMatching(/^PENDING: complete the connection's handshake in the console/),
      deliveryTokenSecretArn: expect.stringMatching(
        new RegExp(`^arn:aws:secretsmanager:us-east-1:${ALL_OPTIONS_ACCOUNT}:secret:prod-delivery-pulumi-token`),
      ),
    });
    for (const stack of [plan.secondary, defaults[0]!, defaults[1]!]) {
      expect(stack.graph.ofType("aws:codepipeline/pipeline:Pipeline"), stack.stack).toEqual([]);
      expect(stack.graph.ofType("aws:sns/topicPolicy:TopicPolicy"), stack.stack).toEqual([]);
      expect(
        Object.keys(stack.outputs).filter((k) => k.startsWith("delivery")),
        stack.stack,
      ).toEqual([]);
    }
  });
});
