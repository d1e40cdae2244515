/** DeliveryPipeline's checks of its args, before anything is created. */
import type * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_VALUES } from "../../policy/baseline/observability";
import { invalidArg } from "../shared/errors";
import {
  CONNECTION_ARN,
  CONNECTION_PROVIDER_TYPES,
  DELIVERY_DEFAULTS,
  GITLAB_REPOSITORY_ID,
  IAM_ROLE_ARN,
  PULUMI_ORG_NAME,
  PULUMI_STACK_NAME,
  REPOSITORY_ID,
  SECRET_ARN,
  type ConnectionProviderType,
} from "./delivery-defaults";
import type { DeliveryPipelineArgs } from "./delivery-pipeline";

const COMPONENT = "DeliveryPipeline";
const fail = (arg: string, problem: string) => invalidArg(COMPONENT, arg, problem);

/** What is wrong with a branch name, by git's ref-name rules (`git check-ref-format`), or undefined. */
export function branchProblem(branch: unknown): string | undefined {
  if (typeof branch !== "string" || branch.length === 0)
    return `${JSON.stringify(branch)} is not a branch name (it is empty)`;
  const q = JSON.stringify(branch);
  const control = [...branch].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (control || /[\s~^:?*[\\]/.test(branch)) return `${q} has a character git does not allow in a branch name`;
  if (branch.includes("..") || branch.includes("@{") || branch.includes("//"))
    return `${q} has "..", "@{" or "//", which git does not allow`;
  if (/^[-/.]|[/.]$|\.lock$|\/\./.test(branch))
    return `${q} begins with "-", "/" or ".", ends with "/", "." or ".lock", or has a part beginning with "."`;
  return undefined;
}

/** A string arg known now: checked against `pattern`; one known only at deploy time is not. */
function checkKnown(arg: string, value: pulumi.Input<string> | undefined, pattern: RegExp, what: string): void {
  if (typeof value === "string" && !pattern.test(value)) throw fail(arg, `${JSON.stringify(value)} is not ${what}`);
}

/** The resolved settings the component builds from. */
export interface DeliverySettings {
  branch: string;
  connectionProviderType: ConnectionProviderType;
  stacks: { primary: string; secondary: string };
  buildImage: string;
  computeType: string;
  logRetentionInDays: number;
  pulumiCliVersion: string;
}

export function validateDeliveryArgs(args: DeliveryPipelineArgs): DeliverySettings {
  const providerType = args.connectionProviderType ?? DELIVERY_DEFAULTS.connectionProviderType;
  if (!(CONNECTION_PROVIDER_TYPES as readonly string[]).includes(providerType))
    throw fail(
      "connectionProviderType",
      `${JSON.stringify(providerType)} is not one of ${CONNECTION_PROVIDER_TYPES.join(", ")}`,
    );
  if (args.connectionArn !== undefined && args.connectionProviderType !== undefined)
    throw fail(
      "connectionProviderType",
      "it applies to a connection the component creates; with connectionArn (bring your own) leave it out",
    );
  const gitlab = providerType === "GitLab" || providerType === "GitLabSelfManaged";
  if (typeof args.repository !== "string" || !(gitlab ? GITLAB_REPOSITORY_ID : REPOSITORY_ID).test(args.repository))
    throw fail(
      "repository",
      `${JSON.stringify(args.repository)} is not a repository id "owner/name"${gitlab ? ' (or "group/subgroup/name")' : ""}, e.g. "acme/twin-region"`,
    );
  const branch = args.branch ?? DELIVERY_DEFAULTS.branch;
  const badBranch = branchProblem(branch);
  if (badBranch) throw fail("branch", badBranch);
  if (typeof args.pulumiOrg !== "string" || !PULUMI_ORG_NAME.test(args.pulumiOrg))
    throw fail(
      "pulumiOrg",
      `${JSON.stringify(args.pulumiOrg)} is not a Pulumi organization name (3-40 letters, digits, "-" or "_")`,
    );
  const stacks = { ...DELIVERY_DEFAULTS.stacks, ...args.stacks };
  for (const [role, stack] of Object.entries(stacks))
    if (typeof stack !== "string" || !PULUMI_STACK_NAME.test(stack))
      throw fail(
        `stacks.${role}`,
        `${JSON.stringify(stack)} is not a stack name (1-100 letters, digits, "-", "_" or ".")`,
      );
  if (stacks.primary === stacks.secondary)
    throw fail("stacks", `the primary and the secondary are the same stack ("${stacks.primary}")`);
  checkKnown("connectionArn", args.connectionArn, CONNECTION_ARN, "a CodeConnections connection ARN");
  checkKnown("deployRoleArn", args.deployRoleArn, IAM_ROLE_ARN, "an IAM role ARN");
  if (args.deployRoleArn === undefined || args.deployRoleArn === "")
    throw fail("deployRoleArn", "it is required: the role the deploy builds assume to change the account");
  checkKnown("pulumiAccessTokenSecretArn", args.pulumiAccessTokenSecretArn, SECRET_ARN, "a Secrets Manager secret ARN");
  const logRetentionInDays = args.logRetentionInDays ?? DELIVERY_DEFAULTS.logRetentionInDays;
  if (!LOG_RETENTION_VALUES.includes(logRetentionInDays) || logRetentionInDays === 0)
    throw fail(
      "logRetentionInDays",
      `${JSON.stringify(logRetentionInDays)} is not a retention CloudWatch Logs takes (${LOG_RETENTION_VALUES.filter((d) => d > 0).join(", ")})`,
    );
  const buildImage = args.buildImage ?? DELIVERY_DEFAULTS.buildImage;
  if (typeof buildImage !== "string" || buildImage.trim() === "") throw fail("buildImage", "it is empty");
  const pulumiCliVersion = args.pulumiCliVersion ?? DELIVERY_DEFAULTS.pulumiCliVersion;
  if (!/^\d+\.\d+\.\d+$/.test(pulumiCliVersion))
    throw fail("pulumiCliVersion", `${JSON.stringify(pulumiCliVersion)} is not a release such as "3.270.0"`);
  return {
    branch,
    connectionProviderType: providerType,
    stacks,
    buildImage,
    computeType: args.computeType ?? DELIVERY_DEFAULTS.computeType,
    logRetentionInDays,
    pulumiCliVersion,
  };
}
