/**
 * Stack configuration: read once, validated as a whole, before any resource is created.
 *
 * `parseConfig` is pure (raw strings in, one typed object out, or a ConfigError listing every
 * problem); `loadConfig` feeds it from Pulumi's config. Defaults live here and only here;
 * Pulumi.yaml repeats them for the CLI and tests/config checks that the two agree.
 */
import * as pulumi from "@pulumi/pulumi";
import { containsCidr, normalizeCidr, overlapCidr, parseCidr } from "cidr-tools";
import { z } from "zod";
import { validateAllowedCidrs } from "../components/datalake/allowed-cidrs";
import { E164_PHONE } from "../components/observability/defaults";
import { CDN_DEFAULTS, PRICE_CLASSES, type PriceClass } from "../components/edge/cdn-defaults";
import {
  ALB_PATH_PATTERN,
  DEPLOYMENT_DEFAULTS,
  DEPLOYMENT_STRATEGIES,
  ECS_DEPLOYMENT_CONFIGS,
  type EcsDeploymentConfig,
} from "../components/web/defaults";
import {
  CONNECTION_ARN,
  DELIVERY_DEFAULTS,
  IAM_ROLE_ARN,
  PULUMI_ORG_NAME,
  REPOSITORY_ID,
  SECRET_ARN,
} from "../components/delivery/delivery-defaults";
import { branchProblem } from "../components/delivery/validation";
import { DNS_NAME } from "../components/shared/naming";
import { FUNCTION_RELEASE_DEFAULTS, FUNCTION_RELEASE_MINUTES } from "../components/compute/defaults";
import { RELEASE_STRATEGIES, resolveRelease, type FunctionReleaseArgs } from "../components/compute/release";
import {
  MAX_SUBNET_PREFIX,
  MIN_SUBNET_PREFIX,
  SUBNET_CIDR_ARGS,
  subnetCidrProblems,
  type SubnetCidrs,
} from "../components/network/subnet-layout";
import { RECOVERY_TARGET_DEFAULTS, type RecoveryTargets } from "../components/shared/recovery-targets";
import { AWS_COMMERCIAL_REGIONS, isCommercialRegion } from "./regions";
import {
  AWS_MAX_TAGS_PER_RESOURCE,
  DEFAULT_TAG_KEYS,
  MAX_USER_TAGS,
  PLATFORM_TAG_KEYS,
  RESOURCE_TAG_KEYS,
  tagLimitProblem,
} from "./tags";

export type Role = "primary" | "secondary";
export type NatStrategy = "perAz" | "single";

/** The validated configuration of one stack. Every field is final: no further defaulting. */
export interface PlatformConfig {
  /** Pulumi project name (`twin-region`); the namespace of every project config key. */
  project: string;
  /** This stack's name (`primary`, `secondary`, ...). */
  stack: string;
  /** `twin-region:role`: which half of the pair this stack deploys. */
  role: Role;
  /** `aws:region`: a commercial AWS region (see stacks/regions.ts). */
  region: string;
  /** `twin-region:environment`: short lowercase name used in resource names and tags. */
  environment: string;
  /** `twin-region:vpcCidr`: private RFC 1918 network, /16 to /24, in network form. */
  vpcCidr: string;
  /** `twin-region:azCount`: availability zones to spread subnets over (2 or 3). */
  azCount: 2 | 3;
  /**
   * `twin-region:publicSubnetCidrs`, `privateSubnetCidrs`, `databaseSubnetCidrs`: explicit subnet
   * CIDRs per tier, one per AZ (all three or none); absent, the network computes its layout.
   */
  subnetCidrs?: SubnetCidrs;
  /** `twin-region:natStrategy`: one NAT gateway per AZ, or a single shared one. */
  natStrategy: NatStrategy;
  /** `twin-region:owner`: value of the owner tag. */
  owner: string;
  /** `twin-region:costCenter`: value of the cost-centre tag. */
  costCenter: string;
  /** `twin-region:tags`: extra tags added to the platform's own tag set. */
  tags: Record<string, string>;
  /** `twin-region:peerStack`: the primary stack a secondary reads (secondary only). */
  peerStack?: string;
  /** `twin-region:secondaryRegion`: where the secondary will run (primary only, optional). */
  secondaryRegion?: string;
  /** `twin-region:alarmEmail`: address subscribed to the alarm topic. */
  alarmEmail: string;
  /** `twin-region:alarmSms`: a phone number (E.164) told of alarms by SMS. */
  alarmSms?: string;
  /** `twin-region:alarmHttpsEndpoint`: an HTTPS endpoint (an incident tool's webhook) told of alarms. */
  alarmHttpsEndpoint?: string;
  /** `twin-region:dnsDomain`: the public DNS domain of the web application (its hosted zone's name). */
  dnsDomain: string;
  /** `twin-region:hostedZoneId`: an existing public hosted zone of `dnsDomain`; unset, the primary creates one. */
  hostedZoneId?: string;
  /** `twin-region:appHostName`: the application's host name, in `dnsDomain` (default `app.<dnsDomain>`). */
  appHostName: string;
  /** `twin-region:appImage`: an image of your own for the web tier (default: functions/web-app, built). */
  appImage?: string;
  /** `twin-region:webDesiredTasks`, `webMinTasks`, `webMaxTasks`, `webCpuTarget`: the service's size and scaling. */
  webDesiredTasks: number;
  webMinTasks: number;
  webMaxTasks: number;
  webCpuTarget: number;
  /** `twin-region:webCapacity`: what the tasks run on. */
  webCapacity: "fargate" | "ec2";
  /** `twin-region:webDeployment` and `webDeploymentConfig`: how the web service is released (README, "Releasing the web service"). */
  webDeployment: "rolling" | "blue-green";
  webDeploymentConfig: EcsDeploymentConfig;
  /** `twin-region:databaseEngine` and `databaseMode`: the Aurora global database. */
  databaseEngine: "aurora-mysql" | "aurora-postgresql";
  databaseMode: "provisioned" | "serverless";
  /** `twin-region:webLambdaPath`: the ALB path served by the Lambda target. */
  webLambdaPath: string;
  /** `twin-region:apiHostName`: the ingestion API's latency-routed name, in `dnsDomain` (default `api.<dnsDomain>`). */
  apiHostName: string;
  /** `twin-region:healthCheckInterval` and `healthCheckFailureThreshold`: the web application's Route 53 health check. */
  healthCheckInterval: 30 | 10;
  healthCheckFailureThreshold: number;
  /**
   * `twin-region:rtoTargetSeconds`, `rpoTargetSeconds`, `copyRpoTargetSeconds`, `recoveryEnforcement`: what the
   * recovery report (offline/recovery) holds the planned stack to; exported as the `recoveryTargets` output.
   */
  recoveryTargets: RecoveryTargets;
  /** `twin-region:cdnHostName`: the CDN's host name, in `dnsDomain` (default `www.<dnsDomain>`); the primary's distribution serves it. */
  cdnHostName: string;
  /** `twin-region:cdnPriceClass`: the edge locations the distribution is served from. */
  cdnPriceClass: PriceClass;
  /** `twin-region:shieldAdvanced`: protect the distribution with Shield Advanced (primary only; needs the subscription). */
  shieldAdvanced: boolean;
  /** `twin-region:kubernetesHost`: the data platform's Kubernetes host with ArgoCD (primary only). */
  kubernetesHost: boolean;
  /** `twin-region:monitoring`: the data platform's monitoring: none, the seed's host, the managed services, or both (primary only). */
  monitoring: MonitoringChoice;
  /** `twin-region:opsAllowedCidrs`: who reaches the operations hosts' UIs (default: the VPC). */
  opsAllowedCidrs?: string[];
  /** `twin-region:openSearchMasterUserArn`: the IAM role or user that is OpenSearch's master user (managed monitoring). */
  openSearchMasterUserArn?: string;
  /** `twin-region:functionRelease`, `functionReleaseMinutes`: how CodeDeploy releases every function's new version to its live alias. */
  functionRelease: FunctionReleaseArgs;
  /**
   * `twin-region:deliveryRepository`: seed 004's CodePipeline in the primary (components/delivery)
   * deploys this repository ("owner/name"); unset, there is no pipeline. The other `delivery*` keys
   * configure it (stacks/delivery.ts reads them together).
   */
  deliveryRepository?: string;
  /** `twin-region:deliveryBranch`: the branch whose pushes start the pipeline. */
  deliveryBranch: string;
  /** `twin-region:deliveryConnectionArn`: an existing CodeConnections connection (unset: one is created, PENDING until its handshake). */
  deliveryConnectionArn?: string;
  /** `twin-region:deliveryPulumiOrg`: the Pulumi Cloud organization of the stacks (required with deliveryRepository). */
  deliveryPulumiOrg?: string;
  /** `twin-region:deliveryDeployRoleArn`: the role the deploy builds assume (required with deliveryRepository). */
  deliveryDeployRoleArn?: string;
  /** `twin-region:deliveryTokenSecretArn`: an existing secret holding the Pulumi access token (unset: an empty one is created). */
  deliveryTokenSecretArn?: string;
}

/** The data platform's monitoring (`twin-region:monitoring`). */
export const MONITORING_OPTIONS = ["none", "self-hosted", "managed", "both"] as const;
export type MonitoringChoice = (typeof MONITORING_OPTIONS)[number];

/**
 * Defaults of the project keys, as the raw strings Pulumi hands the program (Pulumi.yaml's
 * `default:` values; `azCount` is an integer there). Keys absent here and from
 * OPTIONAL_CONFIG_KEYS are required.
 */
export const CONFIG_DEFAULTS = {
  environment: "prod",
  azCount: "3",
  natStrategy: "perAz",
  owner: "platform-team",
  costCenter: "platform",
  tags: "{}",
  appHostName: "",
  webDesiredTasks: "2",
  webMinTasks: "2",
  webMaxTasks: "10",
  webCpuTarget: "70",
  webCapacity: "fargate",
  webDeployment: "rolling",
  webDeploymentConfig: DEPLOYMENT_DEFAULTS.deploymentConfigName,
  databaseEngine: "aurora-mysql",
  databaseMode: "provisioned",
  webLambdaPath: "/api/status",
  apiHostName: "",
  healthCheckInterval: "30",
  healthCheckFailureThreshold: "3",
  rtoTargetSeconds: String(RECOVERY_TARGET_DEFAULTS.rtoSeconds),
  rpoTargetSeconds: String(RECOVERY_TARGET_DEFAULTS.rpoSeconds),
  copyRpoTargetSeconds: String(RECOVERY_TARGET_DEFAULTS.copyRpoSeconds),
  recoveryEnforcement: RECOVERY_TARGET_DEFAULTS.enforcement,
  cdnHostName: "",
  cdnPriceClass: CDN_DEFAULTS.priceClass,
  shieldAdvanced: "false",
  kubernetesHost: "false",
  monitoring: "none",
  functionRelease: FUNCTION_RELEASE_DEFAULTS.strategy,
  deliveryBranch: DELIVERY_DEFAULTS.branch,
} as const;

/**
 * Optional keys without a default. Pulumi.yaml declares them with `default: ""`, because the CLI
 * requires every declared key without a default to be set in every stack; an empty string
 * therefore means "not set".
 */
/** Keys Pulumi.yaml declares as integers (the program still reads strings). */
export const INTEGER_CONFIG_KEYS = [
  "azCount",
  "webDesiredTasks",
  "webMinTasks",
  "webMaxTasks",
  "webCpuTarget",
  "healthCheckInterval",
  "healthCheckFailureThreshold",
  "rtoTargetSeconds",
  "rpoTargetSeconds",
  "copyRpoTargetSeconds",
] as const;

/** Keys Pulumi.yaml declares as booleans (the program still reads the strings "true" and "false"). */
export const BOOLEAN_CONFIG_KEYS = ["shieldAdvanced", "kubernetesHost"] as const;

export const OPTIONAL_CONFIG_KEYS = [
  "peerStack",
  "secondaryRegion",
  "hostedZoneId",
  "appImage",
  "publicSubnetCidrs",
  "privateSubnetCidrs",
  "databaseSubnetCidrs",
  "opsAllowedCidrs",
  "openSearchMasterUserArn",
  "alarmSms",
  "alarmHttpsEndpoint",
  "functionReleaseMinutes",
  "deliveryRepository",
  "deliveryConnectionArn",
  "deliveryPulumiOrg",
  "deliveryDeployRoleArn",
  "deliveryTokenSecretArn",
] as const;

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
const MIN_PREFIX = 16;
const MAX_PREFIX = 24;
/** Pulumi Cloud owner (organisation) names, and stack/project names (pulumi/pulumi httpstate). */
const OWNER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{1,38}[a-zA-Z0-9]$/;
const STACK_OR_PROJECT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
/** AWS tag character set: letters, digits, spaces and _ . : / = + - @ */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Keys for which an empty string means "not set" (Pulumi.yaml's `default: ""`, or a cleared value). */
const EMPTY_MEANS_UNSET: ReadonlySet<string> = new Set([
  "tags",
  "appHostName",
  "apiHostName",
  "cdnHostName",
  ...OPTIONAL_CONFIG_KEYS,
]);
const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);

const region = z.string().refine(isCommercialRegion, "it is not an AWS commercial region");

const vpcCidr = z.cidrv4("it is not an IPv4 CIDR of the form a.b.c.d/n").pipe(
  z.string().superRefine((cidr, ctx) => {
    const prefix = Number(parseCidr(cidr).prefix);
    if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
      ctx.addIssue(`prefix /${prefix} is outside /${MIN_PREFIX}../${MAX_PREFIX}`);
    }
    const network = normalizeCidr(cidr);
    if (network !== cidr) {
      ctx.addIssue(`it is not a network address: host bits are set (the network is "${network}")`);
    }
    if (!containsCidr(PRIVATE_RANGES, network)) {
      ctx.addIssue("it is not inside a private RFC 1918 range");
    }
  }),
);

/** A JSON array of strings (the CIDRs are checked together, with azCount and vpcCidr, by subnetCidrProblems). */
const cidrList = z.string().transform((text, ctx): string[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue("it is not valid JSON");
    return z.NEVER;
  }
  if (!Array.isArray(parsed) || parsed.some((c) => typeof c !== "string")) {
    ctx.addIssue("it is not a JSON array of strings");
    return z.NEVER;
  }
  return parsed as string[];
});

const tags = z.string().transform((text, ctx): Record<string, string> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue("it is not valid JSON");
    return z.NEVER;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    ctx.addIssue("it is not a JSON object");
    return z.NEVER;
  }
  const entries = Object.entries(parsed);
  // Every resource gets these tags beside the platform's (stacks/tags.ts): AWS refuses a 51st.
  const tooMany = tagLimitProblem(entries.length);
  if (tooMany) ctx.addIssue(tooMany);
  for (const [key, value] of entries) {
    const k = JSON.stringify(key);
    if (PLATFORM_TAG_KEYS.includes(key)) ctx.addIssue(`tag key ${k} is the platform's own (${platformTagUse(key)})`);
    if (key.length < 1 || key.length > 128) ctx.addIssue(`tag key ${k} is not 1-128 characters long`);
    if (key.toLowerCase().startsWith("aws:")) ctx.addIssue(`tag key ${k} uses the reserved prefix "aws:"`);
    if (!TAG_CHARS.test(key)) ctx.addIssue(`tag key ${k} has characters AWS does not allow`);
    if (typeof value !== "string") {
      ctx.addIssue(`tag ${k} has a ${value === null ? "null" : typeof value} value, not a string`);
    } else {
      if (value.length > 256) ctx.addIssue(`tag ${k} has a value longer than 256 characters`);
      if (!TAG_CHARS.test(value)) ctx.addIssue(`tag ${k} has a value with characters AWS does not allow`);
    }
  }
  return parsed as Record<string, string>;
});

/** Where the platform sets a tag key of its own. */
function platformTagUse(key: string): string {
  if (DEFAULT_TAG_KEYS.includes(key)) return "a default tag of every resource";
  const types = Object.entries(RESOURCE_TAG_KEYS)
    .filter(([, keys]) => keys.includes(key))
    .map(([type]) => type);
  return `set on every ${types.join(", ")}`;
}

/** `[registry/]repository[:tag][@sha256:digest]`, as Docker names images. */
const IMAGE_REFERENCE =
  /^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, "it is not a whole number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `it is not from ${min} to ${max}`);

const stackName = z.string().superRefine((name, ctx) => {
  const parts = name.split("/");
  const [first, second, third] = parts;
  if (parts.length > 3 || first === undefined) {
    ctx.addIssue(`it has ${parts.length} "/"-separated parts`);
    return;
  }
  const stack = parts[parts.length - 1] ?? "";
  if (parts.length >= 2 && !OWNER_NAME.test(first)) {
    ctx.addIssue(`organization ${JSON.stringify(first)} is not 3-40 letters, digits, "-" or "_"`);
  }
  if (parts.length === 3 && !STACK_OR_PROJECT_NAME.test(second ?? "")) {
    ctx.addIssue(`project ${JSON.stringify(second)} is not 1-100 letters, digits, "-", "_" or "."`);
  }
  if (!STACK_OR_PROJECT_NAME.test(stack)) {
    ctx.addIssue(`stack ${JSON.stringify(third ?? stack)} is not 1-100 letters, digits, "-", "_" or "."`);
  }
});

const tagValue = z
  .string()
  .min(1, "it is empty")
  .max(256, "it is longer than 256 characters")
  .regex(TAG_CHARS, "it has characters AWS does not allow in a tag value");

/**
 * The project keys (names as in Pulumi.yaml, without namespace) and how each raw string is
 * validated and converted. `aws:region` is validated separately: it belongs to the provider.
 */
/** An optional string key: unset when empty (Pulumi.yaml's `default: ""`), else it must match `pattern`. */
const optionalMatching = (pattern: RegExp, message: string) =>
  z.preprocess(emptyIsUnset, z.string().regex(pattern, message).optional());

export const projectConfigSchema = z.object({
  role: z.enum(["primary", "secondary"], "it is not an allowed role"),
  vpcCidr,
  azCount: z
    .string()
    .regex(/^[0-9]+$/, "it is not a whole number")
    .transform(Number)
    .refine((n): n is 2 | 3 => n === 2 || n === 3, "it is not an allowed AZ count")
    .prefault(CONFIG_DEFAULTS.azCount),
  publicSubnetCidrs: z.preprocess(emptyIsUnset, cidrList.optional()),
  privateSubnetCidrs: z.preprocess(emptyIsUnset, cidrList.optional()),
  databaseSubnetCidrs: z.preprocess(emptyIsUnset, cidrList.optional()),
  natStrategy: z.enum(["perAz", "single"], "it is not an allowed strategy").prefault(CONFIG_DEFAULTS.natStrategy),
  environment: z
    .string()
    .regex(ENVIRONMENT_NAME, "it does not follow the naming rule")
    .prefault(CONFIG_DEFAULTS.environment),
  owner: tagValue.prefault(CONFIG_DEFAULTS.owner),
  costCenter: tagValue.prefault(CONFIG_DEFAULTS.costCenter),
  tags: z.preprocess(emptyIsUnset, tags.prefault(CONFIG_DEFAULTS.tags)),
  peerStack: z.preprocess(emptyIsUnset, stackName.optional()),
  secondaryRegion: z.preprocess(emptyIsUnset, region.optional()),
  alarmEmail: z.email("it is not an e-mail address"),
  alarmSms: optionalMatching(E164_PHONE, "it is not an E.164 phone number"),
  alarmHttpsEndpoint: z.preprocess(
    emptyIsUnset,
    z.url({ protocol: /^https$/, error: "it is not an https:// URL" }).optional(),
  ),
  dnsDomain: z.string().regex(DNS_NAME, "it is not a lower-case DNS domain name"),
  hostedZoneId: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, "it is not a hosted zone id")
      .optional(),
  ),
  appHostName: optionalMatching(DNS_NAME, "it is not a lower-case DNS host name"),
  appImage: optionalMatching(IMAGE_REFERENCE, "it is not a container image reference"),
  webDesiredTasks: wholeNumber(1, 1000).prefault(CONFIG_DEFAULTS.webDesiredTasks),
  webMinTasks: wholeNumber(1, 1000).prefault(CONFIG_DEFAULTS.webMinTasks),
  webMaxTasks: wholeNumber(1, 1000).prefault(CONFIG_DEFAULTS.webMaxTasks),
  webCpuTarget: wholeNumber(10, 95).prefault(CONFIG_DEFAULTS.webCpuTarget),
  webCapacity: z.enum(["fargate", "ec2"], "it is not an allowed capacity").prefault(CONFIG_DEFAULTS.webCapacity),
  webDeployment: z
    .enum(DEPLOYMENT_STRATEGIES, "it is not an allowed deployment strategy")
    .prefault(CONFIG_DEFAULTS.webDeployment),
  webDeploymentConfig: z
    .enum(ECS_DEPLOYMENT_CONFIGS, "it is not one of CodeDeploy's ECS deployment configurations")
    .prefault(CONFIG_DEFAULTS.webDeploymentConfig),
  databaseEngine: z
    .enum(["aurora-mysql", "aurora-postgresql"], "it is not an allowed engine")
    .prefault(CONFIG_DEFAULTS.databaseEngine),
  databaseMode: z
    .enum(["provisioned", "serverless"], "it is not an allowed mode")
    .prefault(CONFIG_DEFAULTS.databaseMode),
  webLambdaPath: z
    .string()
    .regex(ALB_PATH_PATTERN, "it is not an ALB path pattern")
    .prefault(CONFIG_DEFAULTS.webLambdaPath),
  apiHostName: optionalMatching(DNS_NAME, "it is not a lower-case DNS host name"),
  healthCheckInterval: z
    .enum(["30", "10"], "it is not 30 or 10")
    .transform((v): 30 | 10 => (v === "10" ? 10 : 30))
    .prefault(CONFIG_DEFAULTS.healthCheckInterval),
  healthCheckFailureThreshold: wholeNumber(1, 10).prefault(CONFIG_DEFAULTS.healthCheckFailureThreshold),
  rtoTargetSeconds: wholeNumber(1, 86_400).prefault(CONFIG_DEFAULTS.rtoTargetSeconds),
  rpoTargetSeconds: wholeNumber(0, 86_400).prefault(CONFIG_DEFAULTS.rpoTargetSeconds),
  copyRpoTargetSeconds: wholeNumber(0, 604_800).prefault(CONFIG_DEFAULTS.copyRpoTargetSeconds),
  recoveryEnforcement: z
    .enum(["mandatory", "advisory"], "it is not an allowed enforcement")
    .prefault(CONFIG_DEFAULTS.recoveryEnforcement),
  cdnHostName: optionalMatching(DNS_NAME, "it is not a lower-case DNS host name"),
  cdnPriceClass: z.enum(PRICE_CLASSES, "it is not a CloudFront price class").prefault(CONFIG_DEFAULTS.cdnPriceClass),
  shieldAdvanced: z
    .enum(["true", "false"], "it is not true or false")
    .transform((v) => v === "true")
    .prefault(CONFIG_DEFAULTS.shieldAdvanced),
  kubernetesHost: z
    .enum(["true", "false"], "it is not true or false")
    .transform((v) => v === "true")
    .prefault(CONFIG_DEFAULTS.kubernetesHost),
  monitoring: z.enum(MONITORING_OPTIONS, "it is not an allowed monitoring choice").prefault(CONFIG_DEFAULTS.monitoring),
  opsAllowedCidrs: z.preprocess(
    emptyIsUnset,
    cidrList
      .pipe(
        z.array(z.string()).superRefine((cidrs, ctx) => {
          try {
            validateAllowedCidrs("opsAllowedCidrs", cidrs);
          } catch (e) {
            ctx.addIssue((e as Error).message.replace(/^DataLake: /, ""));
          }
        }),
      )
      .optional(),
  ),
  openSearchMasterUserArn: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, "it is not an IAM role or user ARN")
      .optional(),
  ),
  functionRelease: z
    .enum(RELEASE_STRATEGIES, "it is not an allowed release strategy")
    .prefault(CONFIG_DEFAULTS.functionRelease),
  functionReleaseMinutes: z.preprocess(emptyIsUnset, wholeNumber(1, 30).optional()),
  deliveryRepository: optionalMatching(REPOSITORY_ID, 'it is not a repository id "owner/name"'),
  deliveryBranch: z
    .string()
    .superRefine((branch, ctx) => {
      const problem = branchProblem(branch);
      if (problem) ctx.addIssue(problem.replace(/^"[^"]*" /, "it "));
    })
    .prefault(CONFIG_DEFAULTS.deliveryBranch),
  deliveryConnectionArn: optionalMatching(CONNECTION_ARN, "it is not a CodeConnections connection ARN"),
  deliveryPulumiOrg: optionalMatching(PULUMI_ORG_NAME, "it is not a Pulumi organization name"),
  deliveryDeployRoleArn: optionalMatching(IAM_ROLE_ARN, "it is not an IAM role ARN"),
  deliveryTokenSecretArn: optionalMatching(SECRET_ARN, "it is not a Secrets Manager secret ARN"),
});

type ProjectKey = keyof typeof projectConfigSchema.shape;
type ConfigKey = ProjectKey | "region";

/** Every project key, in documentation order. */
export const PROJECT_CONFIG_KEYS = Object.keys(projectConfigSchema.shape) as ProjectKey[];

const ALLOWED: Record<ConfigKey, string> = {
  region: `an AWS commercial region (${AWS_COMMERCIAL_REGIONS.join(", ")}); GovCloud and China are not supported`,
  role: `"primary" or "secondary"`,
  vpcCidr: `an IPv4 network inside a private RFC 1918 range (${PRIVATE_RANGES.join(", ")}), written as its network address, with a prefix from /${MIN_PREFIX} to /${MAX_PREFIX}, e.g. "10.0.0.0/16"`,
  azCount: "2 or 3",
  publicSubnetCidrs: subnetCidrsAllowed("public", '["10.0.1.0/24","10.0.2.0/24"]'),
  privateSubnetCidrs: subnetCidrsAllowed("private", '["10.0.10.0/24","10.0.20.0/24"]'),
  databaseSubnetCidrs: subnetCidrsAllowed("database", '["10.0.100.0/24","10.0.200.0/24"]'),
  natStrategy: `"perAz" (one NAT gateway per AZ) or "single" (one shared NAT gateway)`,
  environment: `2-16 lowercase letters, digits or "-", starting with a letter and not ending with "-", e.g. "prod"`,
  owner: `a non-empty tag value of at most 256 characters`,
  costCenter: `a non-empty tag value of at most 256 characters`,
  tags: `a JSON object of at most ${MAX_USER_TAGS} string values (AWS allows ${AWS_MAX_TAGS_PER_RESOURCE} tags per resource, and the platform puts up to ${AWS_MAX_TAGS_PER_RESOURCE - MAX_USER_TAGS} of its own on one), e.g. '{"team":"data"}', keys 1-128 characters not starting with "aws:" and not one of the platform's (${PLATFORM_TAG_KEYS.join(", ")}), values at most 256 characters`,
  peerStack: `the primary stack's name: "<stack>", "<org>/<stack>" or "<org>/<project>/<stack>", with a stack name of letters, digits, "-", "_" or "."`,
  secondaryRegion: "an AWS commercial region (as for aws:region) other than aws:region, or unset",
  alarmEmail: `an e-mail address, e.g. "platform-alerts@example.com"`,
  alarmSms: `unset, or a phone number in E.164 form, e.g. "+14155550100" (SNS sends it an SMS per alarm and recovery)`,
  alarmHttpsEndpoint: `unset, or an https:// URL, e.g. an incident tool's SNS webhook (SNS confirms the subscription by a request to it)`,
  dnsDomain: `a lower-case DNS domain name you control, e.g. "example.com" (the web application's hosted zone)`,
  hostedZoneId: `the id of an existing public hosted zone of dnsDomain, e.g. "Z0123456789ABCDEFGHIJ", or unset (the primary creates the zone)`,
  appHostName: `a lower-case host name inside dnsDomain, e.g. "app.example.com", or unset ("app.<dnsDomain>")`,
  appImage: `a container image reference such as "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:<digest>", or unset (functions/web-app is built)`,
  webDesiredTasks: "a whole number of tasks from webMinTasks to webMaxTasks",
  webMinTasks: "a whole number of tasks from 1 to webMaxTasks",
  webMaxTasks: "a whole number of tasks from webMinTasks to 1000",
  webCpuTarget: "a whole percentage from 10 to 95",
  webCapacity: `"fargate" or "ec2"`,
  webDeployment: `"rolling" (ECS rolling update, circuit breaker and alarm rollback) or "blue-green" (CodeDeploy)`,
  webDeploymentConfig: `one of CodeDeploy's ECS configurations: ${ECS_DEPLOYMENT_CONFIGS.join(", ")} (used with webDeployment "blue-green")`,
  databaseEngine: `"aurora-mysql" or "aurora-postgresql"`,
  databaseMode: `"provisioned" (writer + reader instances) or "serverless" (Aurora Serverless v2)`,
  webLambdaPath: `an ALB path pattern starting with "/", at most 128 characters, e.g. "/api/status"`,
  apiHostName: `a lower-case host name inside dnsDomain other than appHostName, e.g. "api.example.com", or unset ("api.<dnsDomain>")`,
  healthCheckInterval: `30 (standard) or 10 (fast: failover about 40 s sooner, billed higher) seconds between Route 53's checks`,
  healthCheckFailureThreshold: "a whole number of consecutive failed checks from 1 to 10",
  rtoTargetSeconds: "a whole number of seconds from 1 to 86400 (one day), e.g. 300 (seed 003: under 5 minutes)",
  rpoTargetSeconds:
    "a whole number of seconds from 0 to 86400, e.g. 1 (seed 003); it applies to the databases (Aurora global database, DynamoDB global table)",
  copyRpoTargetSeconds:
    "a whole number of seconds from 0 to 604800 (a week), e.g. 900; it applies to S3 and EFS replication and stream forwarding, whose best documented bound is 15 minutes (S3 Replication Time Control, EFS replication)",
  recoveryEnforcement: `"mandatory" (a missed recovery target fails npm start with exit 1) or "advisory" (reported only)`,
  cdnHostName: `a lower-case host name inside dnsDomain other than appHostName, e.g. "www.example.com", or unset ("www.<dnsDomain>")`,
  cdnPriceClass: `${PRICE_CLASSES.map((c) => `"${c}"`).join(", ")} (the edge locations CloudFront serves from; 100 is the cheapest: North America, Europe, Israel)`,
  shieldAdvanced: `true or false (true needs a Shield Advanced subscription: USD 3,000 a month, one year; primary only)`,
  kubernetesHost: `true or false (the seed's Minikube host with ArgoCD, hardened: a private EC2 instance reached through SSM; primary only)`,
  monitoring: `${MONITORING_OPTIONS.map((m) => `"${m}"`).join(", ")} (the seed's self-hosted monitoring host; Amazon Managed Prometheus, Managed Grafana and OpenSearch; or both while moving off the host; primary only)`,
  opsAllowedCidrs: `unset (the VPC's CIDR), or a JSON array of IPv4 network CIDRs admitted to the operations hosts' UI ports, e.g. '["10.20.0.0/16"]'; never 0.0.0.0/0, ::/0 or a prefix shorter than /8`,
  openSearchMasterUserArn: `the ARN of the IAM role or user that is the OpenSearch domain's fine-grained access master user, e.g. "arn:aws:iam::123456789012:role/search-admin"; required when monitoring is "managed" or "both"`,
  functionRelease: `${RELEASE_STRATEGIES.map((r) => `"${r}"`).join(", ")}: how CodeDeploy shifts every function's live alias to a new version (10% first for canary, 10% a step for linear), rolling back on the function's release alarm`,
  functionReleaseMinutes: `unset (the strategy's default: ${FUNCTION_RELEASE_DEFAULTS.canaryMinutes} for canary, ${FUNCTION_RELEASE_DEFAULTS.linearMinutes} for linear), or the minutes of one of CodeDeploy's predefined configurations: ${FUNCTION_RELEASE_MINUTES.canary.join(", ")} for canary (before the rest of the traffic), ${FUNCTION_RELEASE_MINUTES.linear.join(", ")} for linear (between two 10% steps); none for all-at-once`,
  deliveryRepository: `unset (no pipeline), or the repository the primary's CodePipeline deploys, "owner/name", e.g. "acme/twin-region" (primary only)`,
  deliveryBranch: `a git branch name, e.g. "main" (the branch whose pushes start the pipeline)`,
  deliveryConnectionArn: `unset (a CodeConnections connection to GitHub is created, PENDING until its handshake is completed in the console), or an existing connection's ARN, e.g. "arn:aws:codeconnections:us-east-1:123456789012:connection/<uuid>"`,
  deliveryPulumiOrg: `the Pulumi Cloud organization holding the stacks (3-40 letters, digits, "-" or "_"); required with deliveryRepository`,
  deliveryDeployRoleArn: `the ARN of the IAM role the deploy builds assume to run pulumi up, e.g. "arn:aws:iam::123456789012:role/pulumi-deploy"; required with deliveryRepository`,
  deliveryTokenSecretArn: `unset (an empty secret is created: put the Pulumi access token in it), or the ARN of an existing Secrets Manager secret holding it, encrypted with the platform key`,
};

/**
 * A stack configuration that cannot be used. Extends RunError, so Pulumi prints the message
 * without a stack trace. `problems` holds one line per problem.
 */
export class ConfigError extends pulumi.RunError {
  readonly problems: readonly string[];
  constructor(stack: string, problems: readonly string[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`Configuration of stack "${stack}" is invalid (${count}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Pure: validates the raw config strings of one stack and returns the typed config. */
export function parseConfig(raw: {
  project: string;
  stack: string;
  values: Record<string, string | undefined>;
}): PlatformConfig {
  const problems: string[] = [];
  const nameOf = (key: ConfigKey) => (key === "region" ? "aws:region" : `${raw.project}:${key}`);
  const valueOf = (key: ConfigKey) => raw.values[key === "region" ? "aws:region" : key];
  const failed = new Set<ConfigKey>();
  const report = (key: ConfigKey, reason: string) => {
    const value = valueOf(key);
    const unset = value === undefined || (value === "" && EMPTY_MEANS_UNSET.has(key));
    const subject = unset ? `${nameOf(key)} is not set` : `${nameOf(key)} = ${JSON.stringify(value)}`;
    problems.push(`${subject}: ${reason}. Allowed: ${ALLOWED[key]}.`);
    failed.add(key);
  };
  const check = <T>(key: ConfigKey, schema: z.ZodType<T>): T | undefined => {
    const result = schema.safeParse(valueOf(key));
    if (result.success) return result.data;
    report(key, valueOf(key) === undefined ? "it is required" : result.error.issues.map((i) => i.message).join("; "));
    return undefined;
  };

  const shape = projectConfigSchema.shape;
  const cfg = {
    region: check("region", region),
    role: check("role", shape.role),
    vpcCidr: check("vpcCidr", shape.vpcCidr),
    azCount: check("azCount", shape.azCount),
    publicSubnetCidrs: check("publicSubnetCidrs", shape.publicSubnetCidrs),
    privateSubnetCidrs: check("privateSubnetCidrs", shape.privateSubnetCidrs),
    databaseSubnetCidrs: check("databaseSubnetCidrs", shape.databaseSubnetCidrs),
    natStrategy: check("natStrategy", shape.natStrategy),
    environment: check("environment", shape.environment),
    owner: check("owner", shape.owner),
    costCenter: check("costCenter", shape.costCenter),
    tags: check("tags", shape.tags),
    peerStack: check("peerStack", shape.peerStack),
    secondaryRegion: check("secondaryRegion", shape.secondaryRegion),
    alarmEmail: check("alarmEmail", shape.alarmEmail),
    alarmSms: check("alarmSms", shape.alarmSms),
    alarmHttpsEndpoint: check("alarmHttpsEndpoint", shape.alarmHttpsEndpoint),
    dnsDomain: check("dnsDomain", shape.dnsDomain),
    hostedZoneId: check("hostedZoneId", shape.hostedZoneId),
    appHostName: check("appHostName", shape.appHostName),
    appImage: check("appImage", shape.appImage),
    webDesiredTasks: check("webDesiredTasks", shape.webDesiredTasks),
    webMinTasks: check("webMinTasks", shape.webMinTasks),
    webMaxTasks: check("webMaxTasks", shape.webMaxTasks),
    webCpuTarget: check("webCpuTarget", shape.webCpuTarget),
    webCapacity: check("webCapacity", shape.webCapacity),
    webDeployment: check("webDeployment", shape.webDeployment),
    webDeploymentConfig: check("webDeploymentConfig", shape.webDeploymentConfig),
    databaseEngine: check("databaseEngine", shape.databaseEngine),
    databaseMode: check("databaseMode", shape.databaseMode),
    webLambdaPath: check("webLambdaPath", shape.webLambdaPath),
    apiHostName: check("apiHostName", shape.apiHostName),
    healthCheckInterval: check("healthCheckInterval", shape.healthCheckInterval),
    healthCheckFailureThreshold: check("healthCheckFailureThreshold", shape.healthCheckFailureThreshold),
    rtoTargetSeconds: check("rtoTargetSeconds", shape.rtoTargetSeconds),
    rpoTargetSeconds: check("rpoTargetSeconds", shape.rpoTargetSeconds),
    copyRpoTargetSeconds: check("copyRpoTargetSeconds", shape.copyRpoTargetSeconds),
    recoveryEnforcement: check("recoveryEnforcement", shape.recoveryEnforcement),
    cdnHostName: check("cdnHostName", shape.cdnHostName),
    cdnPriceClass: check("cdnPriceClass", shape.cdnPriceClass),
    shieldAdvanced: check("shieldAdvanced", shape.shieldAdvanced),
    kubernetesHost: check("kubernetesHost", shape.kubernetesHost),
    monitoring: check("monitoring", shape.monitoring),
    opsAllowedCidrs: check("opsAllowedCidrs", shape.opsAllowedCidrs),
    openSearchMasterUserArn: check("openSearchMasterUserArn", shape.openSearchMasterUserArn),
    functionRelease: check("functionRelease", shape.functionRelease),
    functionReleaseMinutes: check("functionReleaseMinutes", shape.functionReleaseMinutes),
    deliveryRepository: check("deliveryRepository", shape.deliveryRepository),
    deliveryBranch: check("deliveryBranch", shape.deliveryBranch),
    deliveryConnectionArn: check("deliveryConnectionArn", shape.deliveryConnectionArn),
    deliveryPulumiOrg: check("deliveryPulumiOrg", shape.deliveryPulumiOrg),
    deliveryDeployRoleArn: check("deliveryDeployRoleArn", shape.deliveryDeployRoleArn),
    deliveryTokenSecretArn: check("deliveryTokenSecretArn", shape.deliveryTokenSecretArn),
  };

  for (const [key, value] of Object.entries(raw.values)) {
    if (!key.includes(":") && !(key in shape)) {
      const known = PROJECT_CONFIG_KEYS.map((k) => `${raw.project}:${k}`).join(", ");
      problems.push(`${raw.project}:${key} = ${JSON.stringify(value)}: it is not a known key. Allowed: ${known}.`);
    }
  }

  // Rules that join two keys; each runs only when the keys it reads are valid on their own.
  if (cfg.role === "secondary" && cfg.peerStack === undefined && !failed.has("peerStack")) {
    report(
      "peerStack",
      `it is required when ${nameOf("role")} is "secondary" (the secondary reads the primary's outputs)`,
    );
  }
  if (cfg.role === "primary" && cfg.peerStack !== undefined) {
    report("peerStack", `it must not be set when ${nameOf("role")} is "primary" (the primary reads no other stack)`);
  }
  if (cfg.role === "secondary" && cfg.peerStack !== undefined) {
    const parts = cfg.peerStack.split("/");
    const peerProject = parts.length === 3 ? parts[1] : raw.project;
    if (peerProject !== raw.project) {
      report("peerStack", `it names project "${peerProject}", not this project "${raw.project}"`);
    } else if (parts[parts.length - 1] === raw.stack) {
      report("peerStack", `it names this stack ("${raw.stack}") itself`);
    }
  }
  if (cfg.role === "secondary" && cfg.secondaryRegion !== undefined) {
    report(
      "secondaryRegion",
      `it must not be set when ${nameOf("role")} is "secondary" (the secondary's region is aws:region)`,
    );
  }
  if (cfg.secondaryRegion !== undefined && cfg.secondaryRegion === cfg.region) {
    report("secondaryRegion", `it equals aws:region ("${cfg.region}")`);
  }

  const subnetLists = {
    public: cfg.publicSubnetCidrs,
    private: cfg.privateSubnetCidrs,
    database: cfg.databaseSubnetCidrs,
  };
  const subnetKeys = Object.values(SUBNET_CIDR_ARGS);
  if (cfg.azCount !== undefined && !subnetKeys.some((key) => failed.has(key))) {
    const names = { availabilityZoneCount: nameOf("azCount"), cidrBlock: nameOf("vpcCidr") };
    for (const { arg, message } of subnetCidrProblems(subnetLists, cfg.azCount, cfg.vpcCidr, names)) {
      // "<key>: " is said by the report already; an item ("<key>[1]: ") stays named.
      report(arg, message.startsWith(`${arg}: `) ? message.slice(arg.length + 2) : message);
    }
  }
  const subnetCidrs =
    subnetKeys.some((key) => failed.has(key)) || cfg.publicSubnetCidrs === undefined
      ? undefined
      : (subnetLists as SubnetCidrs);

  const { webMinTasks: min, webMaxTasks: max, webDesiredTasks: desired } = cfg;
  if (min !== undefined && max !== undefined && min > max) report("webMaxTasks", `it is below webMinTasks (${min})`);
  else if (desired !== undefined && min !== undefined && max !== undefined && (desired < min || desired > max))
    report("webDesiredTasks", `it is outside webMinTasks..webMaxTasks (${min}..${max})`);
  for (const key of ["appHostName", "apiHostName"] as const) {
    const host = cfg[key];
    if (
      host !== undefined &&
      cfg.dnsDomain !== undefined &&
      host !== cfg.dnsDomain &&
      !host.endsWith(`.${cfg.dnsDomain}`)
    )
      report(key, `it is not inside dnsDomain "${cfg.dnsDomain}" (the certificate validates in that zone)`);
  }
  if (cfg.apiHostName !== undefined && cfg.apiHostName === (cfg.appHostName ?? `app.${cfg.dnsDomain}`))
    report("apiHostName", `it is the application's name too (appHostName): each needs a name of its own`);
  const cdnHostName = cfg.cdnHostName ?? (cfg.dnsDomain === undefined ? undefined : `www.${cfg.dnsDomain}`);
  const appHostName = cfg.appHostName ?? (cfg.dnsDomain === undefined ? undefined : `app.${cfg.dnsDomain}`);
  if (
    cfg.cdnHostName !== undefined &&
    cfg.dnsDomain !== undefined &&
    cfg.cdnHostName !== cfg.dnsDomain &&
    !cfg.cdnHostName.endsWith(`.${cfg.dnsDomain}`)
  )
    report(
      "cdnHostName",
      `it is not inside dnsDomain "${cfg.dnsDomain}" (the CDN's certificate validates in that zone)`,
    );
  else if (cdnHostName !== undefined && cdnHostName === appHostName && !failed.has("appHostName"))
    report(
      "cdnHostName",
      `${cfg.cdnHostName === undefined ? `its default "${cdnHostName}"` : "it"} is the application's host name ("${appHostName}"), which is the CDN's origin; give the CDN a name of its own`,
    );
  if (cfg.role === "secondary" && cfg.shieldAdvanced === true)
    report(
      "shieldAdvanced",
      `it must not be true when ${nameOf("role")} is "secondary" (the primary owns the distribution Shield protects)`,
    );

  // The operations hosts belong to the primary's data lake (the secondary's is a replica).
  if (cfg.role === "secondary" && cfg.kubernetesHost === true)
    report(
      "kubernetesHost",
      `it must not be true when ${nameOf("role")} is "secondary" (the primary's data lake runs it)`,
    );
  if (cfg.role === "secondary" && cfg.monitoring !== undefined && cfg.monitoring !== "none")
    report("monitoring", `it must be "none" when ${nameOf("role")} is "secondary" (the primary's data lake runs it)`);
  if (
    (cfg.monitoring === "managed" || cfg.monitoring === "both") &&
    cfg.openSearchMasterUserArn === undefined &&
    !failed.has("openSearchMasterUserArn")
  )
    report(
      "openSearchMasterUserArn",
      `it is required when ${nameOf("monitoring")} is "${cfg.monitoring}" (the OpenSearch domain's fine-grained access needs a master user)`,
    );

  // The interval must be one of CodeDeploy's predefined configurations for the strategy.
  const functionRelease: FunctionReleaseArgs = {
    ...(cfg.functionRelease === undefined ? {} : { strategy: cfg.functionRelease }),
    ...(cfg.functionReleaseMinutes === undefined ? {} : { minutes: cfg.functionReleaseMinutes }),
  };
  if (!failed.has("functionRelease") && !failed.has("functionReleaseMinutes")) {
    try {
      resolveRelease(functionRelease, "config");
    } catch (e) {
      // "config: release.minutes: <problem>"
      report("functionReleaseMinutes", (e as Error).message.split(": ").slice(2).join(": "));
    }
  }
  // The delivery pipeline deploys both stacks from the primary; its keys go together.
  const deliveryKeys = [
    "deliveryRepository",
    "deliveryConnectionArn",
    "deliveryPulumiOrg",
    "deliveryDeployRoleArn",
    "deliveryTokenSecretArn",
  ] as const;
  if (cfg.role === "secondary") {
    for (const key of deliveryKeys)
      if (cfg[key] !== undefined)
        report(
          key,
          `it must not be set when ${nameOf("role")} is "secondary" (the primary's pipeline deploys both stacks)`,
        );
    if (cfg.deliveryBranch !== undefined && cfg.deliveryBranch !== CONFIG_DEFAULTS.deliveryBranch)
      report(
        "deliveryBranch",
        `it must not be set when ${nameOf("role")} is "secondary" (the primary's pipeline deploys both stacks)`,
      );
  } else if (cfg.deliveryRepository !== undefined) {
    for (const key of ["deliveryPulumiOrg", "deliveryDeployRoleArn"] as const)
      if (cfg[key] === undefined && !failed.has(key))
        report(
          key,
          `it is required when ${nameOf("deliveryRepository")} is set (the pipeline's deploy builds need it)`,
        );
  }

  if (problems.length > 0) throw new ConfigError(raw.stack, problems);
  return {
    project: raw.project,
    stack: raw.stack,
    role: must(cfg.role),
    region: must(cfg.region),
    environment: must(cfg.environment),
    vpcCidr: must(cfg.vpcCidr),
    azCount: must(cfg.azCount),
    ...(subnetCidrs === undefined ? {} : { subnetCidrs }),
    natStrategy: must(cfg.natStrategy),
    owner: must(cfg.owner),
    costCenter: must(cfg.costCenter),
    tags: must(cfg.tags),
    ...(cfg.peerStack === undefined ? {} : { peerStack: cfg.peerStack }),
    ...(cfg.secondaryRegion === undefined ? {} : { secondaryRegion: cfg.secondaryRegion }),
    alarmEmail: must(cfg.alarmEmail),
    ...(cfg.alarmSms === undefined ? {} : { alarmSms: cfg.alarmSms }),
    ...(cfg.alarmHttpsEndpoint === undefined ? {} : { alarmHttpsEndpoint: cfg.alarmHttpsEndpoint }),
    dnsDomain: must(cfg.dnsDomain),
    ...(cfg.hostedZoneId === undefined ? {} : { hostedZoneId: cfg.hostedZoneId }),
    appHostName: cfg.appHostName ?? `app.${must(cfg.dnsDomain)}`,
    ...(cfg.appImage === undefined ? {} : { appImage: cfg.appImage }),
    webDesiredTasks: must(cfg.webDesiredTasks),
    webMinTasks: must(cfg.webMinTasks),
    webMaxTasks: must(cfg.webMaxTasks),
    webCpuTarget: must(cfg.webCpuTarget),
    webCapacity: must(cfg.webCapacity),
    webDeployment: must(cfg.webDeployment),
    webDeploymentConfig: must(cfg.webDeploymentConfig),
    databaseEngine: must(cfg.databaseEngine),
    databaseMode: must(cfg.databaseMode),
    webLambdaPath: must(cfg.webLambdaPath),
    apiHostName: cfg.apiHostName ?? `api.${must(cfg.dnsDomain)}`,
    healthCheckInterval: must(cfg.healthCheckInterval),
    healthCheckFailureThreshold: must(cfg.healthCheckFailureThreshold),
    recoveryTargets: {
      rtoSeconds: must(cfg.rtoTargetSeconds),
      rpoSeconds: must(cfg.rpoTargetSeconds),
      copyRpoSeconds: must(cfg.copyRpoTargetSeconds),
      enforcement: must(cfg.recoveryEnforcement),
    },
    cdnHostName: must(cdnHostName),
    cdnPriceClass: must(cfg.cdnPriceClass),
    shieldAdvanced: must(cfg.shieldAdvanced),
    kubernetesHost: must(cfg.kubernetesHost),
    monitoring: must(cfg.monitoring),
    ...(cfg.opsAllowedCidrs === undefined ? {} : { opsAllowedCidrs: cfg.opsAllowedCidrs }),
    ...(cfg.openSearchMasterUserArn === undefined ? {} : { openSearchMasterUserArn: cfg.openSearchMasterUserArn }),
    functionRelease,
    ...(cfg.deliveryRepository === undefined ? {} : { deliveryRepository: cfg.deliveryRepository }),
    deliveryBranch: must(cfg.deliveryBranch),
    ...(cfg.deliveryConnectionArn === undefined ? {} : { deliveryConnectionArn: cfg.deliveryConnectionArn }),
    ...(cfg.deliveryPulumiOrg === undefined ? {} : { deliveryPulumiOrg: cfg.deliveryPulumiOrg }),
    ...(cfg.deliveryDeployRoleArn === undefined ? {} : { deliveryDeployRoleArn: cfg.deliveryDeployRoleArn }),
    ...(cfg.deliveryTokenSecretArn === undefined ? {} : { deliveryTokenSecretArn: cfg.deliveryTokenSecretArn }),
  };
}

/** Reads this stack's config through Pulumi (project keys and `aws:region`) and validates it. */
export function loadConfig(): PlatformConfig {
  const project = pulumi.getProject();
  const prefix = `${project}:`;
  const values: Record<string, string | undefined> = { "aws:region": new pulumi.Config("aws").get("region") };
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (key.startsWith(prefix)) values[key.slice(prefix.length)] = value;
  }
  return parseConfig({ project, stack: pulumi.getStack(), values });
}

/**
 * Checks a secondary stack's config against the primary's exported region and VPC CIDR: the two
 * must be in different regions and their VPC networks must not overlap (peering and routing
 * between the regions need disjoint address space).
 */
export function assertPeerCompatible(cfg: PlatformConfig, peer: { region: string; vpcCidr: string }): void {
  const peerName = cfg.peerStack ?? "peer";
  const problems: string[] = [];
  if (cfg.region === peer.region) {
    problems.push(
      `aws:region = "${cfg.region}" of stack "${cfg.stack}" equals aws:region = "${peer.region}" of stack "${peerName}". Allowed: a region different from the peer's.`,
    );
  }
  let overlaps: boolean;
  try {
    overlaps = overlapCidr(cfg.vpcCidr, peer.vpcCidr);
  } catch {
    problems.push(
      `${cfg.project}:vpcCidr = "${peer.vpcCidr}" exported by stack "${peerName}" is not a CIDR. Allowed: ${ALLOWED.vpcCidr}.`,
    );
    overlaps = false;
  }
  if (overlaps) {
    problems.push(
      `${cfg.project}:vpcCidr = "${cfg.vpcCidr}" of stack "${cfg.stack}" overlaps ${cfg.project}:vpcCidr = "${peer.vpcCidr}" of stack "${peerName}". Allowed: a network that shares no address with the peer's.`,
    );
  }
  if (problems.length > 0) throw new ConfigError(cfg.stack, problems);
}

function subnetCidrsAllowed(tier: string, example: string): string {
  return `unset (the network's computed layout), or a JSON array of the ${tier} subnets' IPv4 CIDRs, one per AZ in AZ order (azCount of them), e.g. '${example}' (seed 002); set all three of ${Object.values(SUBNET_CIDR_ARGS).join(", ")} or none; each /${MIN_SUBNET_PREFIX} to /${MAX_SUBNET_PREFIX}, written as its network address, inside vpcCidr, and sharing no address with any other subnet`;
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("internal: config value missing after successful validation");
  return value;
}
