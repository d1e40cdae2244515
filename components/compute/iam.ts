import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KMS_ACTIONS, SECRETS_MANAGER_ACTIONS } from "../shared/actions";

/** One IAM statement, in the shape aws.iam.getPolicyDocument takes. */
export type Statement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

/**
 * A role that only `service` can assume, and only for this account (confused-deputy protection).
 * `withoutSourceContext` is for the few services that send no aws:SourceAccount/SourceArn when
 * they assume a role (EC2 instance profiles, API Gateway's credentials and CloudWatch roles), where
 * such a condition would make every call fail.
 */
export function serviceRole(
  name: string,
  args: { service: string; sourceArn?: pulumi.Input<string>; description?: string; withoutSourceContext?: boolean },
  opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
  const conditions: aws.types.input.iam.GetPolicyDocumentStatementConditionArgs[] = [];
  if (!args.withoutSourceContext) {
    const account = aws.getCallerIdentityOutput({}, { parent: opts.parent }).accountId;
    conditions.push({ test: "StringEquals", variable: "aws:SourceAccount", values: [account] });
    if (args.sourceArn) conditions.push({ test: "ArnLike", variable: "aws:SourceArn", values: [args.sourceArn] });
  }
  const trust = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [args.service] }],
          ...(conditions.length ? { conditions } : {}),
        },
      ],
    },
    { parent: opts.parent },
  );
  return new aws.iam.Role(name, { assumeRolePolicy: trust.json, description: args.description }, opts);
}

/** An inline policy on a role, rendered from statements (each scoped to exact ARNs by its caller). */
export function rolePolicy(
  name: string,
  role: aws.iam.Role,
  statements: pulumi.Input<pulumi.Input<Statement>[]>,
  opts: pulumi.CustomResourceOptions,
): aws.iam.RolePolicy {
  const doc = aws.iam.getPolicyDocumentOutput({ statements }, { parent: opts.parent });
  return new aws.iam.RolePolicy(name, { role: role.id, policy: doc.json }, opts);
}

/** The ARN of an AWS-managed policy, e.g. `awsManagedPolicyArn(partition, "AmazonSSMManagedInstanceCore")`. */
export const awsManagedPolicyArn = (partition: pulumi.Input<string>, path: string): pulumi.Output<string> =>
  pulumi.interpolate`arn:${partition}:iam::aws:policy/${path}`;

/** Who a grant is for: a role, or a role's name. */
export type Grantee = aws.iam.Role | pulumi.Input<string>;

/** The role name of a grantee (isInstance, not instanceof: it holds across copies of @pulumi/aws). */
export const roleNameOf = (grantee: Grantee): pulumi.Input<string> =>
  aws.iam.Role.isInstance(grantee) ? grantee.name : grantee;

/**
 * A grant: the statements as an inline policy on the grantee, named `logicalName`, a child of the
 * component that grants it. Every component's `grant*` methods end here.
 */
export function grantPolicy(
  logicalName: string,
  grantee: Grantee,
  statements: pulumi.Input<pulumi.Input<Statement>[]>,
  parent: pulumi.Resource,
): aws.iam.RolePolicy {
  const doc = aws.iam.getPolicyDocumentOutput({ statements }, { parent });
  return new aws.iam.RolePolicy(logicalName, { role: roleNameOf(grantee), policy: doc.json }, { parent });
}

/** How a key is used: `decrypt` to read what a service encrypted, `encrypt` to write (data keys). */
export interface KeyUse {
  decrypt?: boolean;
  encrypt?: boolean;
}

/**
 * A statement to use a KMS key for reading and/or writing. With `via` (a service endpoint from
 * `RegionContext.serviceEndpoint`, e.g. `kinesis.us-east-1.amazonaws.com`) the key may be used
 * only through that service (`kms:ViaService`), which is how every grant of a data store states
 * it; without it, for the few principals that call KMS themselves (a function's own environment).
 */
export function kmsStatements(keyArn: pulumi.Input<string>, use: KeyUse, via?: pulumi.Input<string>): Statement[] {
  const actions = [
    ...new Set([...(use.decrypt ? KMS_ACTIONS.decrypt : []), ...(use.encrypt ? KMS_ACTIONS.encrypt : [])]),
  ];
  if (!actions.length) return [];
  return [
    {
      actions,
      resources: [keyArn],
      ...(via ? { conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [via] }] } : {}),
    },
  ];
}

/**
 * Reading exactly the secrets `secretArns` (their value and metadata), and the CMK they are
 * encrypted with only through Secrets Manager (`secretsEndpoint`). None for no secrets.
 */
export function secretReadStatements(
  secretArns: pulumi.Input<string>[],
  kmsKeyArn: pulumi.Input<string>,
  secretsEndpoint: pulumi.Input<string>,
): Statement[] {
  if (secretArns.length === 0) return [];
  return [
    { sid: "ReadOwnSecrets", actions: [...SECRETS_MANAGER_ACTIONS.read], resources: secretArns },
    ...kmsStatements(kmsKeyArn, { decrypt: true }, secretsEndpoint),
  ];
}
