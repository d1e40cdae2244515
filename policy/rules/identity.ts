/**
 * IAM rules: least-privilege identity policies, trust policies that name exactly who may assume a
 * role, and no IAM users with policies or long-lived access keys.
 */
import {
  ADMIN_ACTIONS,
  EXTERNAL_ID_KEY,
  PASS_ROLE_ACTION,
  SECRET_NARROWING_CONDITION_KEYS,
  SECRET_VALUE_ACTIONS,
  SERVICES_NEVER_SENDING_SOURCE_CONTEXT,
  SERVICES_WITHOUT_SOURCE_CONTEXT,
  SOURCE_CONDITION_KEYS,
  WILDCARD_RESOURCE_ACTIONS,
} from "../baseline/identity";
import { asArray, isPublicPrincipal, label, parseJson, resourceRule, statementsOf, type Statement } from "./helpers";
import type { ResourceView } from "./types";

export const IAM_POLICY = "aws:iam/policy:Policy";
export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
export const GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
export const ROLE = "aws:iam/role:Role";
export const USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
export const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
export const USER_POLICIES_EXCLUSIVE = "aws:iam/userPoliciesExclusive:UserPoliciesExclusive";
export const USER_POLICY_ATTACHMENTS_EXCLUSIVE =
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive";
export const ACCESS_KEY = "aws:iam/accessKey:AccessKey";

/** Resources that carry identity-based policy documents (a role's are its `inlinePolicies`). */
export const IDENTITY_POLICY_TYPES: readonly string[] = [IAM_POLICY, ROLE_POLICY, USER_POLICY, GROUP_POLICY, ROLE];

/** Does an IAM pattern (`*` any run, `?` one character; case-insensitive) match the value? */
export function wildcardMatches(pattern: string, value: string): boolean {
  if (typeof pattern !== "string" || typeof value !== "string") return false;
  const source = [...pattern]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i").test(value);
}

/** Is every action `action` can stand for (itself a pattern) covered by one of the allowed patterns? */
function coveredBy(action: string, allowed: readonly string[]): boolean {
  if (typeof action !== "string") return false;
  if (!/[*?]/.test(action)) return allowed.some((p) => wildcardMatches(p, action));
  // A wildcard action is covered by a trailing-`*` pattern whose prefix it starts with.
  return allowed.some(
    (p) =>
      p.endsWith("*") && !/[*?]/.test(p.slice(0, -1)) && action.toLowerCase().startsWith(p.slice(0, -1).toLowerCase()),
  );
}

interface PolicyDocument {
  /** Where the statements come from, for messages: `policy`, `inline policy "x"`. */
  where: string;
  statements: Statement[];
}

/** The identity-based documents of a resource: `policy`, or a role's inline policies. */
function identityDocuments(r: ResourceView): PolicyDocument[] {
  if (r.type === ROLE) {
    return asArray<any>(r.props.inlinePolicies)
      .filter((p) => p && p.policy)
      .map((p) => ({ where: `inline policy ${JSON.stringify(p.name ?? "")}`, statements: statementsOf(p.policy) }));
  }
  return [{ where: "policy", statements: statementsOf(r.props.policy) }];
}

/** A prop value for messages; unknown in preview or unset shows as (unknown). */
const quoted = (value: unknown) => (value === undefined || value === null ? "(unknown)" : JSON.stringify(value));

const statementLabel = (s: Statement, i: number) => (s.sid ? `statement "${s.sid}"` : `statement ${i}`);

/** One message per Allow statement of the resource's identity policies that `problem` finds fault with. */
function perAllowStatement(r: ResourceView, problem: (s: Statement) => string | undefined): string[] {
  return identityDocuments(r).flatMap((doc) =>
    doc.statements.flatMap((s, i) => {
      if (s.effect !== "Allow") return [];
      const what = problem(s);
      return what ? [`${label(r)} ${doc.where} ${statementLabel(s, i)} ${what}`] : [];
    }),
  );
}

const onEverything = (s: Statement) => s.resources.includes("*");
/** Resource patterns that stand for every role: `*`, `arn:aws:iam::*:*`, `arn:aws:iam::123456789012:role/*`. */
const isAnyRole = (resource: string) => resource === "*" || /^arn:[^:]*:iam::[^:]*:(\*|role\/\*)$/.test(resource);

/** A trust statement's AWS principals' accounts (`123456789012`, or the account of an ARN). */
function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/**
 * Does a resource pattern stand for every secret of an account: `*`, `arn:aws:secretsmanager:*:*:*`,
 * `arn:aws:secretsmanager:us-east-1:123456789012:secret:*`? It does when it matches two secrets of
 * unrelated names in its own partition, region and account (a name prefix such as
 * `secret:dev/data-lake/*` matches neither).
 */
export function coversEverySecret(resource: string): boolean {
  if (typeof resource !== "string") return false;
  if (resource === "*") return true;
  const parts = resource.split(":");
  const literal = (part: string | undefined, fallback: string) => (part && !/[*?]/.test(part) ? part : fallback);
  const probe = (name: string) =>
    `arn:${literal(parts[1], "aws")}:secretsmanager:${literal(parts[3], "us-east-1")}:${literal(parts[4], "123456789012")}:secret:${name}`;
  return wildcardMatches(resource, probe("a-AbCdEf")) && wildcardMatches(resource, probe("zz/unrelated-ZyXwVu"));
}

const hasConditionKey = (s: Statement, keys: readonly string[]) => {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return Object.values(s.conditions).some(
    (byKey) => byKey && typeof byKey === "object" && Object.keys(byKey).some((k) => wanted.has(k.toLowerCase())),
  );
};

/** Account ids the provider is restricted to (`allowedAccountIds`, a list or its JSON string). */
function providerAccounts(r: ResourceView): string[] {
  const ids = parseJson(r.provider?.props.allowedAccountIds);
  return asArray<unknown>(ids).filter((v): v is string => typeof v === "string");
}

const trustStatements = (r: ResourceView) =>
  statementsOf(r.props.assumeRolePolicy)
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.effect === "Allow");

export interface TrustedAccountsConfig {
  trustedAccountIds: string[];
}

export interface ServiceSourceConfig {
  exemptServicePrincipals: string[];
}

export const identityRules = [
  resourceRule({
    name: "iam-no-admin-policy",
    description:
      '[IAM.1] No IAM policy (managed, role, user, group or role inline) allows every action ("*") on every resource ("*"), nor every action but a few (NotAction) on "*".',
    group: "identity",
    severity: "critical",
    resourceTypes: IDENTITY_POLICY_TYPES,
    remediation:
      "Grant the specific actions the principal needs on the ARNs it uses (aws.iam.getPolicyDocument statements with named actions and resources).",
    check: (r) =>
      perAllowStatement(r, (s) => {
        if (!onEverything(s)) return undefined;
        if (s.actions.some((a) => ADMIN_ACTIONS.includes(a))) return `allows "*" on "*" (full administrative access)`;
        if (s.notActions.length > 0) return `allows every action except ${s.notActions.join(", ")} on "*"`;
        return undefined;
      }),
  }),
  resourceRule({
    name: "iam-no-passrole-on-any-role",
    description:
      'Identity policies do not allow iam:PassRole (directly, through iam:* or through "*") on every role: passing any role to a service is privilege escalation.',
    group: "identity",
    severity: "high",
    resourceTypes: IDENTITY_POLICY_TYPES,
    remediation:
      "Allow iam:PassRole only on the ARNs of the roles the principal hands to a service, with an iam:PassedToService condition naming that service.",
    check: (r) =>
      perAllowStatement(r, (s) => {
        const passing = s.actions.filter((a) => wildcardMatches(a, PASS_ROLE_ACTION));
        const anyRole = s.resources.filter(isAnyRole);
        return passing.length && anyRole.length
          ? `allows ${passing.join(", ")} (iam:PassRole) on ${anyRole.map((x) => JSON.stringify(x)).join(", ")}`
          : undefined;
      }),
  }),
  resourceRule({
    name: "iam-no-service-wildcard-actions",
    description:
      '[IAM.21] Identity policies do not allow every action of a service ("s3:*"); prefixed wildcards such as "ec2:Describe*" are fine.',
    group: "identity",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: IDENTITY_POLICY_TYPES,
    remediation: "List the actions the principal calls (or a narrow prefix such as s3:Get*) instead of service:*.",
    check: (r) =>
      perAllowStatement(r, (s) => {
        const wild = s.actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
        return wild.length ? `allows every action of a service (${wild.join(", ")})` : undefined;
      }),
  }),
  resourceRule({
    name: "iam-wildcard-resource-actions",
    description:
      'Identity policies grant on Resource "*" only actions AWS authorizes solely on "*" (e.g. xray:PutTraceSegments, cloudwatch:PutMetricData, ecr:GetAuthorizationToken); everything else names its ARNs.',
    group: "identity",
    enforcementLevel: "advisory",
    severity: "medium",
    resourceTypes: IDENTITY_POLICY_TYPES,
    remediation:
      "Move the listed actions to a statement whose Resource names the ARNs they act on (the function's log group, the table, the queue...).",
    check: (r) =>
      perAllowStatement(r, (s) => {
        if (!onEverything(s)) return undefined;
        const scoped = s.actions.filter((a) => !coveredBy(a, WILDCARD_RESOURCE_ACTIONS));
        return scoped.length
          ? `allows ${scoped.join(", ")} on "*"; these support resource-level permissions`
          : undefined;
      }),
  }),
  resourceRule({
    name: "iam-secret-access-named-secrets",
    description:
      'Identity policies grant access to secret values (secretsmanager:GetSecretValue, PutSecretValue, UpdateSecret, RotateSecret, DeleteSecret, resource policies...) on named secrets, never on every secret of an account ("*" or secret:*) unless a tag or name condition narrows it: a role reads exactly its own secrets.',
    group: "identity",
    severity: "high",
    resourceTypes: IDENTITY_POLICY_TYPES,
    remediation:
      "List the ARNs of the secrets the principal uses (or a name prefix such as secret:<env>/<app>/*), e.g. through the owning component's grantRead helper.",
    check: (r) =>
      perAllowStatement(r, (s) => {
        const actions = s.actions.filter((a) => SECRET_VALUE_ACTIONS.some((x) => wildcardMatches(a, x)));
        const everySecret = s.resources.filter(coversEverySecret);
        if (!actions.length || !everySecret.length) return undefined;
        const narrowed = Object.values(s.conditions).some(
          (byKey) =>
            byKey &&
            typeof byKey === "object" &&
            Object.keys(byKey).some((k) => SECRET_NARROWING_CONDITION_KEYS.some((p) => p.test(k.toLowerCase()))),
        );
        return narrowed
          ? undefined
          : `allows ${actions.join(", ")} on ${everySecret.map((x) => JSON.stringify(x)).join(", ")} (every secret of the account)`;
      }),
  }),
  resourceRule({
    name: "iam-role-trust-not-public",
    description:
      'A role\'s trust policy does not let everyone assume it: no Principal "*" or {AWS: "*"}, and no federated principal without conditions (every identity of that provider).',
    group: "identity",
    severity: "critical",
    resourceTypes: [ROLE],
    remediation:
      "Name the service, account or role that assumes the role in assumeRolePolicy; for web identity (OIDC) add conditions on the token's aud and sub.",
    check: (r) =>
      trustStatements(r).flatMap(({ s, i }) => {
        if (isPublicPrincipal(s))
          return [`${label(r)} trust ${statementLabel(s, i)} lets any principal ("*") assume the role`];
        const federated = s.principals === "*" ? [] : asArray(s.principals.Federated);
        if (federated.length && Object.keys(s.conditions).length === 0) {
          return [
            `${label(r)} trust ${statementLabel(s, i)} lets every identity of ${federated.join(", ")} assume the role (no conditions)`,
          ];
        }
        return [];
      }),
  }),
  resourceRule<TrustedAccountsConfig>({
    name: "iam-role-trust-cross-account-external-id",
    description:
      "A role trusted by an AWS account other than the platform's own (trustedAccountIds, or the provider's allowedAccountIds) requires an sts:ExternalId condition.",
    group: "identity",
    severity: "high",
    resourceTypes: [ROLE],
    remediation:
      "Add a StringEquals condition on sts:ExternalId (the value agreed with the third party) to the statement, or list the account in the rule's trustedAccountIds if it is one of the platform's.",
    config: {
      schema: {
        properties: {
          trustedAccountIds: {
            type: "array",
            items: { type: "string", pattern: "^\\d{12}$" },
            description: "The platform's own AWS accounts, whose principals may assume roles without an external id.",
          },
        },
      },
      defaults: { trustedAccountIds: [] },
    },
    check: (r, config) => {
      const trusted = new Set([...asArray(config.trustedAccountIds), ...providerAccounts(r)]);
      return trustStatements(r).flatMap(({ s, i }) => {
        if (s.principals === "*" || hasConditionKey(s, [EXTERNAL_ID_KEY])) return [];
        const foreign = asArray(s.principals.AWS).filter((p) => {
          const account = accountOf(p);
          return account !== undefined && !trusted.has(account);
        });
        return foreign.length
          ? [
              `${label(r)} trust ${statementLabel(s, i)} lets ${foreign.join(", ")} assume the role without an ${EXTERNAL_ID_KEY} condition`,
            ]
          : [];
      });
    },
  }),
  resourceRule<ServiceSourceConfig>({
    name: "iam-role-trust-service-source-condition",
    description:
      "A role assumed by an AWS service limits it to this account's resources with aws:SourceAccount or aws:SourceArn (cross-service confused deputy prevention), where the service supports it.",
    group: "identity",
    enforcementLevel: "advisory",
    severity: "medium",
    resourceTypes: [ROLE],
    remediation:
      "Add a StringEquals aws:SourceAccount condition (and ArnLike aws:SourceArn for the resource that uses the role) to the trust statement.",
    config: {
      schema: {
        properties: {
          exemptServicePrincipals: {
            type: "array",
            items: { type: "string" },
            description:
              "Service principals that pass no source context when assuming a role (default: ec2.amazonaws.com).",
          },
        },
      },
      defaults: { exemptServicePrincipals: [...SERVICES_WITHOUT_SOURCE_CONTEXT] },
    },
    check: (r, config) => {
      const exempt = new Set(asArray(config.exemptServicePrincipals));
      return trustStatements(r).flatMap(({ s, i }) => {
        if (s.principals === "*" || hasConditionKey(s, SOURCE_CONDITION_KEYS)) return [];
        const services = asArray(s.principals.Service).filter((p) => !exempt.has(p));
        return services.length
          ? [
              `${label(r)} trust ${statementLabel(s, i)} lets ${services.join(", ")} assume the role without aws:SourceAccount or aws:SourceArn`,
            ]
          : [];
      });
    },
  }),
  resourceRule({
    name: "iam-role-trust-source-condition-honoured",
    description:
      "A role assumed only by a service that sends no source context (EC2 instance profiles, API Gateway) carries no aws:SourceAccount or aws:SourceArn condition: the service could never assume it.",
    group: "identity",
    severity: "high",
    resourceTypes: [ROLE],
    remediation:
      "Drop the aws:SourceAccount / aws:SourceArn condition from the statement that trusts the service (serviceRole's withoutSourceContext); limit the role by what it may do instead.",
    check: (r) =>
      trustStatements(r).flatMap(({ s, i }) => {
        if (s.principals === "*" || !hasConditionKey(s, SOURCE_CONDITION_KEYS)) return [];
        const services = asArray(s.principals.Service);
        const silent = services.filter((p) => SERVICES_NEVER_SENDING_SOURCE_CONTEXT.includes(p));
        return silent.length > 0 && silent.length === services.length && asArray(s.principals.AWS).length === 0
          ? [
              `${label(r)} trust ${statementLabel(s, i)} conditions ${silent.join(", ")} on aws:SourceAccount or aws:SourceArn, which it never sends: the role cannot be assumed`,
            ]
          : [];
      }),
  }),
  resourceRule({
    name: "iam-no-user-policies",
    description:
      "[IAM.2] IAM users have no policies of their own (inline, attached or through PolicyAttachment); permissions go to roles and groups.",
    group: "identity",
    severity: "medium",
    resourceTypes: [
      USER_POLICY,
      USER_POLICY_ATTACHMENT,
      POLICY_ATTACHMENT,
      USER_POLICIES_EXCLUSIVE,
      USER_POLICY_ATTACHMENTS_EXCLUSIVE,
    ],
    remediation: "Grant the permissions to a role the workload assumes (or to a group) instead of to the user.",
    check: (r) => {
      switch (r.type) {
        case USER_POLICY:
          return `${label(r)} gives user ${quoted(r.props.user)} an inline policy`;
        case USER_POLICY_ATTACHMENT:
          return `${label(r)} attaches ${r.props.policyArn ?? "a policy"} to user ${quoted(r.props.user)}`;
        case POLICY_ATTACHMENT: {
          const users = asArray<string>(r.props.users);
          return (
            users.length > 0 &&
            `${label(r)} attaches ${r.props.policyArn ?? "a policy"} to user(s) ${users.map(quoted).join(", ")}`
          );
        }
        case USER_POLICIES_EXCLUSIVE: {
          const names = asArray<string>(r.props.policyNames);
          return (
            names.length > 0 &&
            `${label(r)} keeps inline policies ${names.join(", ")} on user ${quoted(r.props.userName)}`
          );
        }
        default: {
          const arns = asArray<string>(r.props.policyArns);
          return arns.length > 0 && `${label(r)} keeps ${arns.join(", ")} attached to user ${quoted(r.props.userName)}`;
        }
      }
    },
  }),
  resourceRule({
    name: "iam-no-user-access-keys",
    description:
      "No IAM user access keys: workloads use roles (temporary credentials), people use IAM Identity Center.",
    group: "identity",
    severity: "high",
    resourceTypes: [ACCESS_KEY],
    remediation:
      "Remove the aws.iam.AccessKey; give the workload a role (ECS task role, Lambda execution role, instance profile, OIDC for CI).",
    check: (r) => `${label(r)} creates a long-lived access key for user ${quoted(r.props.user)}`,
  }),
];
