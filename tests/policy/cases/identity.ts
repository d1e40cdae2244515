/** The identity rules' cases: for each rule, resources that comply and resources that break it (tests/policy/identity.test.ts, tests/policy/insecure-graph.test.ts). */
import { identityRules } from "../../../policy/rules/identity";
import type { RuleCase, Spec } from "../harness";

const rule = (name: string) => {
  const found = identityRules.find((r) => r.name === name);
  if (!found) throw new Error(`no identity rule ${name}`);
  return found;
};

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (Action: string | string[], Resource: string | string[], extra: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});

const managed = (name: string, policy: unknown): Spec => ({ type: "aws:iam/policy:Policy", name, inputs: { policy } });
const rolePolicy = (name: string, policy: unknown): Spec => ({
  type: "aws:iam/rolePolicy:RolePolicy",
  name,
  inputs: { role: "app-role", policy },
});
const role = (name: string, trust: unknown, inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:iam/role:Role",
  name,
  inputs: { assumeRolePolicy: trust, ...inputs },
});

const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const FUNCTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/app-function`;
const lambdaTrust = doc({
  Effect: "Allow",
  Principal: { Service: "lambda.amazonaws.com" },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
});

export const identityCases: RuleCase[] = [
  {
    rule: rule("iam-no-admin-policy"),
    compliant: [
      managed(
        "app",
        doc(allow(["dynamodb:GetItem", "dynamodb:PutItem"], TABLE), {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      ),
      role("app-role", lambdaTrust, {
        inlinePolicies: [{ name: "read", policy: doc(allow("dynamodb:GetItem", TABLE)) }],
      }),
    ],
    violating: [
      managed("admin", {
        Version: "2012-10-17",
        Statement: [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }],
      }),
      role("app-role", lambdaTrust, {
        inlinePolicies: [
          {
            name: "almost-admin",
            policy: doc(allow([], "*", { Action: undefined, NotAction: ["iam:*", "organizations:*"] })),
          },
        ],
      }),
    ],
    message:
      /aws:iam\/policy:Policy "admin" policy statement "Everything" allows "\*" on "\*"[\s\S]*"app-role" inline policy "almost-admin" statement 0 allows every action except iam:\*, organizations:\* on "\*"/,
  },
  {
    rule: rule("iam-no-passrole-on-any-role"),
    compliant: [
      rolePolicy(
        "deploy",
        doc(
          allow("iam:PassRole", FUNCTION_ROLE, {
            Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
          }),
        ),
      ),
    ],
    violating: [
      rolePolicy("deploy", doc(allow(["lambda:CreateFunction", "iam:Pass*"], `arn:aws:iam::${ACCOUNT}:role/*`))),
    ],
    message: /"deploy" policy statement 0 allows iam:Pass\* \(iam:PassRole\) on "arn:aws:iam::123456789012:role\/\*"/,
  },
  {
    rule: rule("iam-no-service-wildcard-actions"),
    compliant: [managed("reader", doc(allow(["s3:Get*", "s3:ListBucket"], "arn:aws:s3:::data-abc1234/*")))],
    violating: [managed("reader", doc(allow(["s3:*", "dynamodb:GetItem"], "arn:aws:s3:::data-abc1234/*")))],
    message: /"reader" policy statement 0 allows every action of a service \(s3:\*\)/,
  },
  {
    rule: rule("iam-wildcard-resource-actions"),
    compliant: [
      rolePolicy(
        "telemetry",
        doc(
          allow(
            [
              "xray:PutTraceSegments",
              "xray:PutTelemetryRecords",
              "cloudwatch:PutMetricData",
              "ec2:DescribeNetworkInterfaces",
            ],
            "*",
          ),
        ),
      ),
    ],
    violating: [
      rolePolicy(
        "telemetry",
        doc({ Sid: "Broad", ...allow(["xray:PutTraceSegments", "dynamodb:GetItem", "s3:Get*"], "*") }),
      ),
    ],
    message:
      /"telemetry" policy statement "Broad" allows dynamodb:GetItem, s3:Get\* on "\*"; these support resource-level permissions/,
  },
  {
    rule: rule("iam-secret-access-named-secrets"),
    compliant: [
      rolePolicy(
        "task-secrets",
        doc(
          allow(
            ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:dev/data-lake/mysql-AbCdEf`],
          ),
          // A name prefix, a tag condition, and GetRandomPassword (no resource type) on "*".
          allow("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:dev/data-lake/*`),
          allow("secretsmanager:GetSecretValue", "*", {
            Condition: { StringEquals: { "aws:ResourceTag/Team": "data" } },
          }),
          allow("secretsmanager:GetRandomPassword", "*"),
        ),
      ),
    ],
    violating: [
      rolePolicy(
        "any-secret",
        doc(
          { Sid: "Everything", ...allow("secretsmanager:GetSecretValue", "*") },
          {
            Sid: "AccountWide",
            ...allow(
              ["secretsmanager:Get*", "secretsmanager:PutSecretValue"],
              `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`,
            ),
          },
          { Sid: "AnyRegion", ...allow("secretsmanager:*", "arn:aws:secretsmanager:*:*:*") },
        ),
      ),
    ],
    message:
      /"any-secret" policy statement "Everything" allows secretsmanager:GetSecretValue on "\*" \(every secret of the account\)[\s\S]*"AccountWide" allows secretsmanager:Get\*, secretsmanager:PutSecretValue on "arn:aws:secretsmanager:us-east-1:123456789012:secret:\*"[\s\S]*"AnyRegion" allows secretsmanager:\* on "arn:aws:secretsmanager:\*:\*:\*"/,
  },
  {
    rule: rule("iam-role-trust-not-public"),
    compliant: [
      role("app-role", lambdaTrust),
      role(
        "ci",
        doc({
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/twin-region:ref:refs/heads/main" },
          },
        }),
      ),
    ],
    violating: [
      role("open", doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" })),
      role(
        "ci",
        doc({
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
        }),
      ),
    ],
    message:
      /"open" trust statement 0 lets any principal \("\*"\) assume the role[\s\S]*"ci" trust statement 0 lets every identity of arn:aws:iam::123456789012:oidc-provider\/token\.actions\.githubusercontent\.com assume the role \(no conditions\)/,
  },
  {
    rule: rule("iam-role-trust-cross-account-external-id"),
    config: { trustedAccountIds: [ACCOUNT] },
    compliant: [
      role(
        "own",
        doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }),
      ),
      role(
        "vendor",
        doc({
          Effect: "Allow",
          Principal: { AWS: OTHER_ACCOUNT },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "f3c1e6" } },
        }),
      ),
    ],
    violating: [
      role(
        "vendor",
        doc({
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:role/scanner`, `arn:aws:iam::${ACCOUNT}:root`] },
          Action: "sts:AssumeRole",
        }),
      ),
    ],
    message:
      /"vendor" trust statement 0 lets arn:aws:iam::210987654321:role\/scanner assume the role without an sts:ExternalId condition$/,
  },
  {
    // Without trustedAccountIds the platform's own account counts as foreign.
    rule: rule("iam-role-trust-cross-account-external-id"),
    compliant: [role("app-role", lambdaTrust)],
    violating: [
      role(
        "own",
        doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }),
      ),
    ],
    message: /"own" trust statement 0 lets arn:aws:iam::123456789012:root assume the role without an sts:ExternalId/,
  },
  {
    rule: rule("iam-role-trust-service-source-condition"),
    compliant: [
      role("app-role", lambdaTrust),
      role("instance", doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })),
    ],
    violating: [
      role(
        "task",
        doc({
          Sid: "Ecs",
          Effect: "Allow",
          Principal: { Service: ["ecs-tasks.amazonaws.com"] },
          Action: "sts:AssumeRole",
        }),
      ),
    ],
    message:
      /"task" trust statement "Ecs" lets ecs-tasks\.amazonaws\.com assume the role without aws:SourceAccount or aws:SourceArn/,
  },
  {
    // Emptying the exemption list makes the EC2 instance role a finding.
    rule: rule("iam-role-trust-service-source-condition"),
    config: { exemptServicePrincipals: [] },
    compliant: [role("app-role", lambdaTrust)],
    violating: [
      role("instance", doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })),
    ],
    message: /"instance" trust statement 0 lets ec2\.amazonaws\.com assume the role without aws:SourceAccount/,
  },
  {
    rule: rule("iam-role-trust-source-condition-honoured"),
    compliant: [
      role("instance", doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })),
      role("app-role", lambdaTrust),
    ],
    violating: [
      role(
        "container-instance",
        doc({
          Sid: "Ec2",
          Effect: "Allow",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }),
      ),
    ],
    message:
      /"container-instance" trust statement "Ec2" conditions ec2\.amazonaws\.com on aws:SourceAccount or aws:SourceArn, which it never sends/,
  },
  {
    rule: rule("iam-no-user-policies"),
    compliant: [
      {
        type: "aws:iam/policyAttachment:PolicyAttachment",
        name: "readers",
        inputs: { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", roles: ["auditor"], users: [] },
      },
      {
        type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
        name: "none",
        inputs: { userName: "legacy", policyArns: [] },
      },
    ],
    violating: [
      {
        type: "aws:iam/userPolicy:UserPolicy",
        name: "inline",
        inputs: { user: "legacy", policy: doc(allow("s3:GetObject", "*")) },
      },
      {
        type: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        name: "attach",
        inputs: { user: "legacy", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      },
      {
        type: "aws:iam/policyAttachment:PolicyAttachment",
        name: "shared",
        inputs: { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", users: ["legacy"] },
      },
    ],
    message:
      /"inline" gives user "legacy" an inline policy[\s\S]*"attach" attaches arn:aws:iam::aws:policy\/ReadOnlyAccess to user "legacy"[\s\S]*"shared" attaches .* to user\(s\) "legacy"/,
  },
  {
    rule: rule("iam-no-user-access-keys"),
    compliant: [{ type: "aws:iam/user:User", name: "legacy", inputs: { name: "legacy" } }],
    violating: [{ type: "aws:iam/accessKey:AccessKey", name: "legacy-key", inputs: { user: "legacy" } }],
    message: /"legacy-key" creates a long-lived access key for user "legacy"/,
  },
];
