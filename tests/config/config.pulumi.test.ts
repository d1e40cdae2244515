import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  BOOLEAN_CONFIG_KEYS,
  CONFIG_DEFAULTS,
  INTEGER_CONFIG_KEYS,
  ConfigError,
  OPTIONAL_CONFIG_KEYS,
  PROJECT_CONFIG_KEYS,
  assertPeerCompatible,
  loadConfig,
  parseConfig,
  projectConfigSchema,
  type PlatformConfig,
} from "../../stacks/config";
import { planProgram } from "../../offline/testkit";

const root = join(__dirname, "..", "..");
const PROJECT = "twin-region";

type Values = Record<string, string | undefined>;

function readYaml(file: string): Record<string, unknown> {
  return parse(readFileSync(join(root, file), "utf8")) as Record<string, unknown>;
}

/** A stack file's config as loadConfig would hand it over: project keys without namespace. */
function stackValues(file: string): Values {
  const config = readYaml(file)["config"] as Record<string, unknown>;
  const values: Values = {};
  for (const [key, value] of Object.entries(config)) {
    const name = key.startsWith(`${PROJECT}:`) ? key.slice(PROJECT.length + 1) : key;
    values[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return values;
}

const primary: Values = {
  "aws:region": "us-east-1",
  role: "primary",
  vpcCidr: "10.0.0.0/16",
  alarmEmail: "platform-alerts@example.com",
  dnsDomain: "example.com",
};
const secondary: Values = {
  "aws:region": "us-west-2",
  role: "secondary",
  vpcCidr: "10.1.0.0/16",
  peerStack: "primary",
  alarmEmail: "platform-alerts@example.com",
  dnsDomain: "example.com",
};

function parseWith(base: Values, changes: Values, stack = "test"): PlatformConfig {
  return parseConfig({ project: PROJECT, stack, values: { ...base, ...changes } });
}

/** The ConfigError thrown for the given values (fails the test if none is thrown). */
function problemsOf(base: Values, changes: Values): readonly string[] {
  try {
    parseWith(base, changes);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(changes)}`);
}

/** Asserts exactly one problem, on `key`, quoting `value`, and stating what is allowed. */
function expectOneProblem(problems: readonly string[], key: string, value: string | undefined, ...parts: string[]) {
  expect(problems).toHaveLength(1);
  const line = problems[0] ?? "";
  expect(line).toContain(value === undefined ? `${key} is not set` : `${key} = ${JSON.stringify(value)}`);
  expect(line).toContain("Allowed:");
  for (const part of parts) expect(line).toContain(part);
}

describe("stack files", () => {
  it("accepts Pulumi.primary.yaml as a primary in us-east-1 with the documented defaults", () => {
    const cfg = parseConfig({ project: PROJECT, stack: "primary", values: stackValues("Pulumi.primary.yaml") });
    expect(cfg).toEqual({
      project: PROJECT,
      stack: "primary",
      role: "primary",
      region: "us-east-1",
      environment: "prod",
      vpcCidr: "10.0.0.0/16",
      azCount: 3,
      natStrategy: "perAz",
      owner: "platform-team",
      costCenter: "platform",
      tags: {},
      secondaryRegion: "us-west-2",
      alarmEmail: "platform-alerts@example.com",
      dnsDomain: "twin-region.example.com",
      appHostName: "app.twin-region.example.com",
      webDesiredTasks: 2,
      webMinTasks: 2,
      webMaxTasks: 10,
      webCpuTarget: 70,
      webCapacity: "fargate",
      webDeployment: "rolling",
      webDeploymentConfig: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      databaseEngine: "aurora-mysql",
      databaseMode: "provisioned",
      webLambdaPath: "/api/status",
      apiHostName: "api.twin-region.example.com",
      healthCheckInterval: 30,
      healthCheckFailureThreshold: 3,
      // Seed 003's targets, enforced.
      recoveryTargets: { rtoSeconds: 300, rpoSeconds: 1, copyRpoSeconds: 900, enforcement: "mandatory" },
      cdnHostName: "www.twin-region.example.com",
      cdnPriceClass: "PriceClass_100",
      shieldAdvanced: false,
      kubernetesHost: false,
      monitoring: "none",
      functionRelease: { strategy: "canary" },
      deliveryBranch: "main",
    });
  });

  it("accepts Pulumi.secondary.yaml as a secondary in us-west-2 that reads the primary stack", () => {
    const cfg = parseConfig({ project: PROJECT, stack: "secondary", values: stackValues("Pulumi.secondary.yaml") });
    expect(cfg).toMatchObject({ role: "secondary", region: "us-west-2", vpcCidr: "10.1.0.0/16", peerStack: "primary" });
    expect(cfg.secondaryRegion).toBeUndefined();
  });
});

describe("web tier keys", () => {
  it("defaults the host name to app.<dnsDomain> and reads the sizes as numbers", () => {
    const cfg = parseWith(primary, {
      webMinTasks: "3",
      webDesiredTasks: "4",
      webMaxTasks: "12",
      webCapacity: "ec2",
      webDeployment: "blue-green",
      webDeploymentConfig: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    });
    expect(cfg).toMatchObject({
      appHostName: "app.example.com",
      webMinTasks: 3,
      webDesiredTasks: 4,
      webMaxTasks: 12,
      webCapacity: "ec2",
      webDeployment: "blue-green",
      webDeploymentConfig: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    });
  });

  it.each([
    ["dnsDomain", "Example.COM", "not a lower-case DNS domain name"],
    ["hostedZoneId", "zone-1", "not a hosted zone id"],
    ["appImage", "not an image!", "not a container image reference"],
    ["webCpuTarget", "99", "not from 10 to 95"],
    ["webMinTasks", "two", "not a whole number"],
    ["webCapacity", "lambda", "not an allowed capacity"],
    ["webDeployment", "canary", "not an allowed deployment strategy"],
    ["webDeploymentConfig", "CodeDeployDefault.AllAtOnce", "not one of CodeDeploy's ECS deployment configurations"],
    ["databaseEngine", "mysql", "not an allowed engine"],
    ["databaseMode", "serverless-v1", "not an allowed mode"],
    ["webLambdaPath", "api/status", "not an ALB path pattern"],
  ])("rejects %s = %j, naming the key and why", (key, value, why) => {
    expectOneProblem(problemsOf(primary, { [key]: value }), `twin-region:${key}`, value, why);
  });

  it("rejects a host name outside the domain, and task counts out of order", () => {
    expectOneProblem(
      problemsOf(primary, { appHostName: "app.other.org" }),
      "twin-region:appHostName",
      "app.other.org",
      "not inside dnsDomain",
    );
    expectOneProblem(
      problemsOf(primary, { webMinTasks: "5", webMaxTasks: "3" }),
      "twin-region:webMaxTasks",
      "3",
      "below webMinTasks",
    );
    expectOneProblem(
      problemsOf(primary, { webDesiredTasks: "11" }),
      "twin-region:webDesiredTasks",
      "11",
      "outside webMinTasks..webMaxTasks",
    );
  });

  it("takes the fast health-check interval and a failure threshold as numbers", () => {
    expect(parseWith(primary, { healthCheckInterval: "10", healthCheckFailureThreshold: "1" })).toMatchObject({
      healthCheckInterval: 10,
      healthCheckFailureThreshold: 1,
    });
  });

  it.each([
    ["healthCheckInterval", "20", "not 30 or 10"],
    ["healthCheckFailureThreshold", "0", "not from 1 to 10"],
    ["healthCheckFailureThreshold", "11", "not from 1 to 10"],
    ["apiHostName", "API.example.com", "not a lower-case DNS host name"],
  ])("rejects the edge key %s = %j, naming the key and why", (key, value, why) => {
    expectOneProblem(problemsOf(primary, { [key]: value }), `twin-region:${key}`, value, why);
  });

  it("rejects an API name outside the domain, or the application's own name", () => {
    expectOneProblem(
      problemsOf(primary, { apiHostName: "api.other.org" }),
      "twin-region:apiHostName",
      "api.other.org",
      "not inside dnsDomain",
    );
    expectOneProblem(
      problemsOf(primary, { apiHostName: "app.example.com" }),
      "twin-region:apiHostName",
      "app.example.com",
      "the application's name too",
    );
  });

  it("requires dnsDomain", () => {
    const values = { ...primary };
    delete values.dnsDomain;
    expectOneProblem(problemsOf(values, {}), "twin-region:dnsDomain", undefined, "it is required");
  });
});

describe("recovery targets", () => {
  it("defaults to seed 003's RTO 300 s and RPO 1 s, copies 900 s, enforced", () => {
    expect(parseWith(primary, {}).recoveryTargets).toEqual({
      rtoSeconds: 300,
      rpoSeconds: 1,
      copyRpoSeconds: 900,
      enforcement: "mandatory",
    });
  });

  it("reads each key as a number, and advisory enforcement", () => {
    const cfg = parseWith(primary, {
      rtoTargetSeconds: "120",
      rpoTargetSeconds: "0",
      copyRpoTargetSeconds: "3600",
      recoveryEnforcement: "advisory",
    });
    expect(cfg.recoveryTargets).toEqual({
      rtoSeconds: 120,
      rpoSeconds: 0,
      copyRpoSeconds: 3600,
      enforcement: "advisory",
    });
  });

  it("rejects a zero RTO, a fraction, a negative RPO and an unknown enforcement, naming each key and what is allowed", () => {
    expectOneProblem(
      problemsOf(primary, { rtoTargetSeconds: "0" }),
      "twin-region:rtoTargetSeconds",
      "0",
      "from 1 to 86400",
    );
    expectOneProblem(
      problemsOf(primary, { rpoTargetSeconds: "0.5" }),
      "twin-region:rpoTargetSeconds",
      "0.5",
      "whole number",
    );
    expectOneProblem(
      problemsOf(primary, { copyRpoTargetSeconds: "-1" }),
      "twin-region:copyRpoTargetSeconds",
      "-1",
      "S3 and EFS replication",
    );
    expectOneProblem(
      problemsOf(primary, { recoveryEnforcement: "strict" }),
      "twin-region:recoveryEnforcement",
      "strict",
      `"mandatory"`,
      `"advisory"`,
    );
  });
});

describe("CDN keys", () => {
  it("defaults the CDN's host name to www.<dnsDomain>, the cheapest price class and no Shield Advanced", () => {
    expect(parseWith(primary, {})).toMatchObject({
      cdnHostName: "www.example.com",
      cdnPriceClass: "PriceClass_100",
      shieldAdvanced: false,
    });
    expect(
      parseWith(primary, { cdnHostName: "cdn.example.com", cdnPriceClass: "PriceClass_All", shieldAdvanced: "true" }),
    ).toMatchObject({ cdnHostName: "cdn.example.com", cdnPriceClass: "PriceClass_All", shieldAdvanced: true });
  });

  it.each([
    ["cdnHostName", "WWW.example.com", "not a lower-case DNS host name"],
    ["cdnHostName", "www.other.org", 'not inside dnsDomain "example.com"'],
    ["cdnHostName", "app.example.com", "the application's host name"],
    ["cdnPriceClass", "PriceClass_50", "not a CloudFront price class"],
    ["shieldAdvanced", "yes", "not true or false"],
  ])("rejects %s = %j, naming the key and why", (key, value, why) => {
    expectOneProblem(problemsOf(primary, { [key]: value }), `twin-region:${key}`, value, why);
  });

  it("rejects a CDN name equal to a custom application name, and Shield Advanced on the secondary", () => {
    expectOneProblem(
      problemsOf(primary, { appHostName: "www.example.com" }),
      "twin-region:cdnHostName",
      undefined,
      'the application\'s host name ("www.example.com")',
    );
    expectOneProblem(
      problemsOf(secondary, { shieldAdvanced: "true" }),
      "twin-region:shieldAdvanced",
      "true",
      "the primary owns the distribution",
    );
  });
});

describe("VPC CIDR", () => {
  it("rejects a VPC CIDR outside the private ranges, naming the key and value", () => {
    expectOneProblem(
      problemsOf(primary, { vpcCidr: "8.8.0.0/16" }),
      "twin-region:vpcCidr",
      "8.8.0.0/16",
      "private RFC 1918",
      "10.0.0.0/8",
    );
  });

  it("rejects a /8 and a /28 prefix, saying prefixes /16 to /24 are allowed", () => {
    expectOneProblem(
      problemsOf(primary, { vpcCidr: "10.0.0.0/8" }),
      "twin-region:vpcCidr",
      "10.0.0.0/8",
      "/8",
      "/16 to /24",
    );
    expectOneProblem(
      problemsOf(primary, { vpcCidr: "10.0.0.0/28" }),
      "twin-region:vpcCidr",
      "10.0.0.0/28",
      "/28",
      "/16 to /24",
    );
  });

  it("rejects a CIDR with host bits set and names the network address meant", () => {
    expectOneProblem(
      problemsOf(primary, { vpcCidr: "10.0.0.1/16" }),
      "twin-region:vpcCidr",
      "10.0.0.1/16",
      "not a network address",
      '"10.0.0.0/16"',
    );
  });

  it("rejects text that is not a CIDR", () => {
    expectOneProblem(problemsOf(primary, { vpcCidr: "10.0.0.0" }), "twin-region:vpcCidr", "10.0.0.0", "a.b.c.d/n");
  });

  it("accepts networks in each private range", () => {
    for (const vpcCidr of ["10.20.0.0/16", "172.16.0.0/20", "192.168.1.0/24"]) {
      expect(parseWith(primary, { vpcCidr }).vpcCidr).toBe(vpcCidr);
    }
  });
});

describe("region and sizing", () => {
  it("rejects an unknown region, listing the commercial regions", () => {
    expectOneProblem(
      problemsOf(primary, { "aws:region": "us-middle-1" }),
      "aws:region",
      "us-middle-1",
      "us-east-1",
      "eu-west-1",
    );
  });

  it("requires aws:region", () => {
    expectOneProblem(problemsOf(primary, { "aws:region": undefined }), "aws:region", undefined, "required");
  });

  it("rejects azCount 1 and accepts 2", () => {
    expectOneProblem(problemsOf(primary, { azCount: "1" }), "twin-region:azCount", "1", "2 or 3");
    expect(parseWith(primary, { azCount: "2" }).azCount).toBe(2);
  });

  it("rejects an unknown NAT strategy", () => {
    expectOneProblem(
      problemsOf(primary, { natStrategy: "none" }),
      "twin-region:natStrategy",
      "none",
      '"perAz"',
      '"single"',
    );
  });

  it("rejects an environment name with capitals", () => {
    expectOneProblem(problemsOf(primary, { environment: "Prod" }), "twin-region:environment", "Prod", "lowercase");
  });

  it("rejects a secondaryRegion equal to aws:region", () => {
    expectOneProblem(
      problemsOf(primary, { secondaryRegion: "us-east-1" }),
      "twin-region:secondaryRegion",
      "us-east-1",
      "equals aws:region",
    );
  });
});

describe("peer stack", () => {
  it("requires a peer stack on a secondary", () => {
    const { peerStack: _omitted, ...withoutPeer } = secondary;
    expectOneProblem(problemsOf(withoutPeer, {}), "twin-region:peerStack", undefined, '"secondary"');
  });

  it("rejects a peer stack on a primary", () => {
    expectOneProblem(
      problemsOf(primary, { peerStack: "primary" }),
      "twin-region:peerStack",
      "primary",
      '"primary"',
      "must not be set",
    );
  });

  it("accepts the stack, org/stack and org/project/stack forms", () => {
    for (const peerStack of [
      "primary",
      "acme/primary",
      "acme/twin-region/primary",
      "organization/twin-region/primary",
    ]) {
      expect(parseWith(secondary, { peerStack }).peerStack).toBe(peerStack);
    }
  });

  it("rejects malformed stack names, a foreign project and the stack itself", () => {
    expectOneProblem(problemsOf(secondary, { peerStack: "a/b/c/d" }), "twin-region:peerStack", "a/b/c/d", "4");
    expectOneProblem(
      problemsOf(secondary, { peerStack: "acme/pri mary" }),
      "twin-region:peerStack",
      "acme/pri mary",
      "pri mary",
    );
    expectOneProblem(
      problemsOf(secondary, { peerStack: "acme/other/primary" }),
      "twin-region:peerStack",
      "acme/other/primary",
      '"other"',
    );
    expectOneProblem(problemsOf(secondary, { peerStack: "test" }), "twin-region:peerStack", "test", "itself");
  });
});

describe("alarm e-mail and tags", () => {
  it("rejects a malformed alarm e-mail", () => {
    expectOneProblem(
      problemsOf(primary, { alarmEmail: "alerts@" }),
      "twin-region:alarmEmail",
      "alerts@",
      "e-mail address",
    );
  });

  it("parses tags given as a JSON object", () => {
    expect(parseWith(primary, { tags: '{"team":"data","tier":"gold"}' }).tags).toEqual({ team: "data", tier: "gold" });
  });

  it("rejects tags that are not JSON, not an object, or break AWS tag rules", () => {
    expectOneProblem(problemsOf(primary, { tags: "{team:data}" }), "twin-region:tags", "{team:data}", "not valid JSON");
    expectOneProblem(problemsOf(primary, { tags: '["team"]' }), "twin-region:tags", '["team"]', "not a JSON object");
    const bad = JSON.stringify({ "aws:owner": "x", count: 3, ["k".repeat(129)]: "v" });
    expectOneProblem(problemsOf(primary, { tags: bad }), "twin-region:tags", bad, '"aws:"', "number value", "1-128");
  });
});

describe("reporting", () => {
  it("reports several errors together, one line per key", () => {
    const problems = problemsOf(primary, { role: undefined, vpcCidr: "8.8.0.0/16", azCount: "1", alarmEmail: "nope" });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain("twin-region:role is not set");
    expect(problems[1]).toContain('twin-region:vpcCidr = "8.8.0.0/16"');
    expect(problems[2]).toContain('twin-region:azCount = "1"');
    expect(problems[3]).toContain('twin-region:alarmEmail = "nope"');
  });

  it("throws a RunError whose message lists every problem on its own line", () => {
    try {
      parseWith(primary, { azCount: "1", natStrategy: "x" });
      expect.unreachable();
    } catch (err) {
      expect(pulumi.RunError.isInstance(err)).toBe(true);
      const lines = (err as Error).message.split("\n");
      expect(lines[0]).toContain('stack "test"');
      expect(lines.slice(1)).toEqual([
        expect.stringContaining("twin-region:azCount"),
        expect.stringContaining("twin-region:natStrategy"),
      ]);
    }
  });

  it("rejects an unknown project key, such as a misspelt one", () => {
    expectOneProblem(
      problemsOf(primary, { vpcCIDR: "10.0.0.0/16" }),
      "twin-region:vpcCIDR",
      "10.0.0.0/16",
      "not a known key",
      "twin-region:vpcCidr",
    );
  });
});

describe("assertPeerCompatible", () => {
  const cfg = parseWith(secondary, {}, "secondary");

  it("accepts 10.1.0.0/16 in us-west-2 against a primary with 10.0.0.0/16 in us-east-1", () => {
    expect(() => assertPeerCompatible(cfg, { region: "us-east-1", vpcCidr: "10.0.0.0/16" })).not.toThrow();
  });

  it("rejects a peer in the same region, naming both stacks' values", () => {
    expect(() => assertPeerCompatible(cfg, { region: "us-west-2", vpcCidr: "10.0.0.0/16" })).toThrow(
      /aws:region = "us-west-2" of stack "secondary" equals aws:region = "us-west-2" of stack "primary"/,
    );
  });

  it("rejects the same and overlapping VPC CIDRs, naming both values", () => {
    expect(() => assertPeerCompatible(cfg, { region: "us-east-1", vpcCidr: "10.1.0.0/16" })).toThrow(ConfigError);
    const overlapping = parseWith(secondary, { vpcCidr: "10.0.128.0/17" }, "secondary");
    expect(() => assertPeerCompatible(overlapping, { region: "us-east-1", vpcCidr: "10.0.0.0/16" })).toThrow(
      /"10\.0\.128\.0\/17" of stack "secondary" overlaps twin-region:vpcCidr = "10\.0\.0\.0\/16" of stack "primary"/,
    );
  });
});

describe("Pulumi.yaml config schema", () => {
  const project = readYaml("Pulumi.yaml");
  const declared = project["config"] as Record<string, { type?: string; description?: string; default?: unknown }>;

  it("declares exactly the keys of the zod schema, without namespace", () => {
    expect(project["name"]).toBe(PROJECT);
    expect(Object.keys(declared).sort()).toEqual(Object.keys(projectConfigSchema.shape).sort());
  });

  it.each(PROJECT_CONFIG_KEYS)("documents %s with a type, a description and the same default as config.ts", (key) => {
    const decl = declared[key];
    expect(decl?.type).toBe(
      (INTEGER_CONFIG_KEYS as readonly string[]).includes(key)
        ? "integer"
        : (BOOLEAN_CONFIG_KEYS as readonly string[]).includes(key)
          ? "boolean"
          : "string",
    );
    expect(decl?.description?.length ?? 0).toBeGreaterThan(10);
    if (key in CONFIG_DEFAULTS) {
      expect(String(decl?.default)).toBe(CONFIG_DEFAULTS[key as keyof typeof CONFIG_DEFAULTS]);
    } else if ((OPTIONAL_CONFIG_KEYS as readonly string[]).includes(key)) {
      expect(decl?.default).toBe("");
    } else {
      expect(decl).not.toHaveProperty("default");
    }
  });

  it("hands the program Pulumi.yaml's defaults, which parse to what config.ts defaults to", () => {
    const withYamlDefaults: Values = { ...primary };
    for (const [key, decl] of Object.entries(declared)) {
      if (decl.default !== undefined) withYamlDefaults[key] = String(decl.default);
    }
    expect(parseWith(withYamlDefaults, {})).toEqual(parseWith(primary, {}));
  });
});

describe("loadConfig", () => {
  it("reads the project keys and aws:region from Pulumi config and ignores other providers' keys", async () => {
    const config: Record<string, string> = { "aws:profile": "ops" };
    for (const [key, value] of Object.entries(stackValues("Pulumi.secondary.yaml"))) {
      if (value !== undefined && key !== "aws:region") config[key.includes(":") ? key : `${PROJECT}:${key}`] = value;
    }
    let loaded: PlatformConfig | undefined;
    await planProgram(() => (loaded = loadConfig()), {
      project: PROJECT,
      stack: "secondary",
      region: "us-west-2",
      config: { ...config, [`${PROJECT}:azCount`]: "2" },
    });
    expect(loaded).toMatchObject({
      project: PROJECT,
      stack: "secondary",
      region: "us-west-2",
      peerStack: "primary",
      azCount: 2,
    });
  });
});

describe("operations keys (the data lake's hosts and monitoring)", () => {
  const ROLE_ARN = "arn:aws:iam::123456789012:role/search-admin";

  it("defaults to no host and no monitoring beside CloudWatch; takes the hosts, both monitoring choices and an allow-list", () => {
    expect(parseWith(primary, {})).toMatchObject({ kubernetesHost: false, monitoring: "none" });
    expect(parseWith(primary, {}).opsAllowedCidrs).toBeUndefined();
    expect(
      parseWith(primary, {
        kubernetesHost: "true",
        monitoring: "both",
        opsAllowedCidrs: '["10.20.0.0/16","192.168.4.0/24"]',
        openSearchMasterUserArn: ROLE_ARN,
      }),
    ).toMatchObject({
      kubernetesHost: true,
      monitoring: "both",
      opsAllowedCidrs: ["10.20.0.0/16", "192.168.4.0/24"],
      openSearchMasterUserArn: ROLE_ARN,
    });
  });

  it.each([
    ["kubernetesHost", "yes", "not true or false"],
    ["monitoring", "prometheus", "not an allowed monitoring choice"],
    ["opsAllowedCidrs", '["0.0.0.0/0"]', "admits the internet"],
    ["opsAllowedCidrs", '["10.0.0.1/16"]', "not a network address"],
    ["opsAllowedCidrs", '["::/0"]', "IPv6"],
    ["opsAllowedCidrs", "10.0.0.0/16", "not valid JSON"],
    ["openSearchMasterUserArn", "search-admin", "not an IAM role or user ARN"],
  ])("rejects %s = %j, naming the key and why", (key, value, why) => {
    expectOneProblem(problemsOf(primary, { [key]: value }), `twin-region:${key}`, value, why);
  });

  it("asks for the OpenSearch master user with managed monitoring, and keeps the hosts off the secondary", () => {
    for (const monitoring of ["managed", "both"])
      expectOneProblem(
        problemsOf(primary, { monitoring }),
        "twin-region:openSearchMasterUserArn",
        undefined,
        `monitoring is "${monitoring}"`,
      );
    expectOneProblem(
      problemsOf(secondary, { kubernetesHost: "true" }),
      "twin-region:kubernetesHost",
      "true",
      "primary",
    );
    expectOneProblem(
      problemsOf(secondary, { monitoring: "self-hosted" }),
      "twin-region:monitoring",
      "self-hosted",
      "primary",
    );
  });
});

describe("alarm notification keys", () => {
  it("takes an SMS number and an HTTPS endpoint beside the e-mail address, both optional", () => {
    expect(parseWith(primary, {}).alarmSms).toBeUndefined();
    expect(
      parseWith(primary, { alarmSms: "+14155550100", alarmHttpsEndpoint: "https://events.example.com/sns" }),
    ).toMatchObject({ alarmSms: "+14155550100", alarmHttpsEndpoint: "https://events.example.com/sns" });
  });

  it.each([
    ["alarmSms", "4155550100", "not an E.164 phone number"],
    ["alarmHttpsEndpoint", "http://events.example.com/sns", "not an https:// URL"],
  ])("rejects %s = %j, naming the key and why", (key, value, why) => {
    expectOneProblem(problemsOf(primary, { [key]: value }), `twin-region:${key}`, value, why);
  });
});

describe("delivery keys (the primary's DeliveryPipeline)", () => {
  const ON = {
    deliveryRepository: "acme/twin-region",
    deliveryPulumiOrg: "acme",
    deliveryDeployRoleArn: "arn:aws:iam::123456789012:role/pulumi-deploy",
  };

  it("has no pipeline by default, and takes the repository, its branch, the organization, the role, a connection and a token secret", () => {
    expect(parseWith(primary, {})).toMatchObject({ deliveryBranch: "main" });
    expect(parseWith(primary, {}).deliveryRepository).toBeUndefined();
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:delivery/pulumi-token-AbCdEf";
    const connection = "arn:aws:codeconnections:us-east-1:123456789012:connection/79d4d357-a2ee-41e4-b350-2fe39ae59448";
    expect(
      parseWith(primary, {
        ...ON,
        deliveryBranch: "release/2026",
        deliveryConnectionArn: connection,
        deliveryTokenSecretArn: secret,
      }),
    ).toMatchObject({
      ...ON,
      deliveryBranch: "release/2026",
      deliveryConnectionArn: connection,
      deliveryTokenSecretArn: secret,
    });
  });

  it.each([
    ["deliveryRepository", "twin-region", 'not a repository id "owner/name"'],
    ["deliveryBranch", "feature..x", '".."'],
    ["deliveryConnectionArn", "arn:aws:s3:::bucket", "not a CodeConnections connection ARN"],
    ["deliveryDeployRoleArn", "admin", "not an IAM role ARN"],
    ["deliveryTokenSecretArn", "pulumi-token", "not a Secrets Manager secret ARN"],
  ])("rejects %s = %j, naming the key and why", (key, value, why) => {
    expectOneProblem(problemsOf(primary, { ...ON, [key]: value }), `twin-region:${key}`, value, why);
  });

  it("asks for the organization and the deployment role with a repository, and refuses the keys on the secondary", () => {
    for (const key of ["deliveryPulumiOrg", "deliveryDeployRoleArn"])
      expectOneProblem(
        problemsOf(primary, { ...ON, [key]: "" }),
        `twin-region:${key}`,
        undefined,
        "deliveryRepository is set",
      );
    expectOneProblem(
      problemsOf(secondary, { deliveryRepository: "acme/twin-region" }),
      "twin-region:deliveryRepository",
      "acme/twin-region",
      "the primary's pipeline deploys both stacks",
    );
  });
});
