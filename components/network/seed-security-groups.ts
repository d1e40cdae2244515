/**
 * Seed 002's security-group set, hardened: web → app → database, each group admitting only the
 * group before it, and a bastion only when an allow-list is given (SSM Session Manager otherwise).
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ipVersion, normalizeIp, parseIp, stringifyIp } from "ip-bigint";
import { validating } from "../shared/errors";
import { BASTION_MIN_ALLOWED_PREFIX, SEED_SECURITY_GROUP_PORTS } from "./defaults";
import type { CreateSecurityGroupArgs, RegionalNetwork } from "./index";
import { addEgressRules } from "./security-group";

export interface SeedSecurityGroupsArgs {
  /**
   * IPv4 CIDRs allowed SSH (22) to a bastion group, e.g. your office's egress address
   * `["203.0.113.10/32"]`: each in network form, /16 or longer, never 0.0.0.0/0. Omitted or
   * empty: no bastion group at all; reach instances with SSM Session Manager. The policy pack's
   * mandatory `ec2-sg-no-ssh-rdp-ingress` rule rejects SSH from any source unless configured
   * (`allowFromPrivateSources: true`, which still rejects public sources), so a bastion is a
   * deliberate exception in the pack config too.
   * @default none: no bastion group
   */
  bastionAllowedCidrs?: string[];
  /**
   * More groups in the same VPC, created after the seed's so that they can admit traffic from
   * them (e.g. the operations hosts' Kubernetes and monitoring groups): logical name suffix → a
   * function of the seed's groups that returns the group's args (as
   * `RegionalNetwork.createSecurityGroup` takes them).
   * @default none
   */
  extraGroups?: Record<string, (groups: SeedSecurityGroupSet) => CreateSecurityGroupArgs>;
}

/** The seed's own groups. */
export interface SeedSecurityGroupSet {
  /** The load balancer's group: 80 and 443 from the internet; egress only to the app group's ports. */
  web: aws.ec2.SecurityGroup;
  /** The application's group: 8080, 3000 and 5000 from the web group only. */
  app: aws.ec2.SecurityGroup;
  /** The data stores' group: 3306, 5432 and 6379 from the app group only; no egress. */
  database: aws.ec2.SecurityGroup;
  /** SSH from `bastionAllowedCidrs` only; undefined when no allow-list is given. */
  bastion: aws.ec2.SecurityGroup | undefined;
}

export interface SeedSecurityGroups extends SeedSecurityGroupSet {
  /** The `extraGroups`, by name. */
  extra: Record<string, aws.ec2.SecurityGroup>;
}

const GROUP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SEED_GROUPS = ["web", "app", "database", "bastion"];

/**
 * Creates seed 002's security groups in `network`'s VPC through `network.createSecurityGroup`,
 * named `<network name>-<name>-<web|app|database|bastion|extra name>`. `name` must be unique in
 * the stack (it also names the egress rules added between the groups).
 */
export function createSeedSecurityGroups(
  name: string,
  network: RegionalNetwork,
  args: SeedSecurityGroupsArgs = {},
  opts?: pulumi.CustomResourceOptions,
): SeedSecurityGroups {
  const bastionCidrs = validating("SeedSecurityGroups", () => {
    validateExtraGroupNames(args.extraGroups ?? {});
    return validateBastionAllowedCidrs(args.bastionAllowedCidrs ?? []);
  });
  const ports = SEED_SECURITY_GROUP_PORTS;

  const web = network.createSecurityGroup(
    `${name}-web`,
    {
      description: `${name} web (load balancer): HTTP and HTTPS from the internet, the app ports to the app only`,
      ingress: ports.web.map((port) => ({
        fromCidrIpv4: "0.0.0.0/0",
        acknowledgeInternetIngress: true,
        port,
        description: `Port ${port} from the internet (public load balancer)`,
      })),
      egress: [],
    },
    opts,
  );
  const app = network.createSecurityGroup(
    `${name}-app`,
    {
      description: `${name} application: ${ports.app.join(", ")} from the web group only`,
      ingress: ports.app.map((port) => ({
        fromSecurityGroupId: web.id,
        port,
        description: `App port ${port} from the web group`,
      })),
    },
    opts,
  );
  const database = network.createSecurityGroup(
    `${name}-database`,
    {
      description: `${name} databases and cache: ${ports.database.join(", ")} from the app group only`,
      ingress: ports.database.map((port) => ({
        fromSecurityGroupId: app.id,
        port,
        description: `Data port ${port} from the app group`,
      })),
      egress: [],
    },
    opts,
  );
  addEgressRules(
    `${name}-web-to-app`,
    web,
    ports.app.map((port) => ({ toSecurityGroupId: app.id, port, description: `App port ${port} to the app group` })),
  );
  addEgressRules(
    `${name}-app-to-database`,
    app,
    ports.database.map((port) => ({
      toSecurityGroupId: database.id,
      port,
      description: `Data port ${port} to the database group`,
    })),
  );
  const bastion =
    bastionCidrs.length === 0
      ? undefined
      : network.createSecurityGroup(
          `${name}-bastion`,
          {
            description: `${name} bastion: SSH from the allow-listed CIDRs only`,
            ingress: bastionCidrs.flatMap((cidr) =>
              ports.bastion.map((port) => ({ fromCidrIpv4: cidr, port, description: `SSH from ${cidr} (allow-list)` })),
            ),
          },
          opts,
        );

  const set: SeedSecurityGroupSet = { web, app, database, bastion };
  const extra = Object.fromEntries(
    Object.entries(args.extraGroups ?? {}).map(([extraName, build]) => [
      extraName,
      network.createSecurityGroup(`${name}-${extraName}`, build(set), opts),
    ]),
  );
  return { ...set, extra };
}

/**
 * The bastion's SSH allow-list, checked: each an IPv4 CIDR in network form with a prefix of at
 * least /16, never the internet (0.0.0.0/0, or any other way of writing most of it). Throws,
 * naming the entry and quoting it.
 */
export function validateBastionAllowedCidrs(cidrs: readonly string[]): string[] {
  if (!Array.isArray(cidrs)) {
    throw new Error(`bastionAllowedCidrs: ${JSON.stringify(cidrs)} is not a list of IPv4 CIDRs`);
  }
  cidrs.forEach((cidr, i) => {
    const fail = (why: string): never => {
      throw new Error(`bastionAllowedCidrs[${i}]: ${JSON.stringify(cidr)} ${why}`);
    };
    if (cidr === "0.0.0.0/0") {
      fail("opens SSH to the whole internet; list your own addresses, or give none and use SSM Session Manager");
    }
    const [address, prefixText, ...rest] = typeof cidr === "string" ? cidr.split("/") : [];
    if (address === undefined || prefixText === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefixText)) {
      return fail('is not an IPv4 CIDR such as "203.0.113.10/32"');
    }
    if (ipVersion(address) !== 4 || normalizeIp(address) !== address || Number(prefixText) > 32) {
      return fail('is not an IPv4 CIDR such as "203.0.113.10/32"');
    }
    const prefix = Number(prefixText);
    if (prefix < BASTION_MIN_ALLOWED_PREFIX) {
      fail(
        `allows ${2 ** (32 - prefix)} addresses; an allow-list entry is /${BASTION_MIN_ALLOWED_PREFIX} or longer (at most ${2 ** (32 - BASTION_MIN_ALLOWED_PREFIX)} addresses)`,
      );
    }
    const mask = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n);
    const network = stringifyIp({ number: parseIp(address).number & mask, version: 4 });
    if (network !== address) fail(`is not a network address; did you mean "${network}/${prefix}"?`);
    if (cidrs.indexOf(cidr) !== i) fail("is listed twice");
  });
  return [...cidrs];
}

function validateExtraGroupNames(extraGroups: Record<string, unknown>): void {
  for (const [extraName, build] of Object.entries(extraGroups)) {
    if (!GROUP_NAME.test(extraName) || SEED_GROUPS.includes(extraName)) {
      throw new Error(
        `extraGroups: "${extraName}" must be 1-63 lowercase letters, digits or "-", other than ${SEED_GROUPS.join(", ")}`,
      );
    }
    if (typeof build !== "function") {
      throw new Error(`extraGroups.${extraName}: expected a function of the seed's groups returning the group's args`);
    }
  }
}
