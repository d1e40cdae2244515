import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One IAM statement, in the shape aws.iam.getPolicyDocument takes. */
export type Statement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

/**
 * A role that only `service` can assume, and only for this account (confused-deputy protection).
 * `withoutSourceContext` is for the few services that send no aws:SourceAccount/SourceArn when
 * they assume a role (API Gateway's credentials and CloudWatch roles), where such a condition
 * would make every call fail.
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

/** Statements to use a KMS key for reading (decrypt) and/or writing (generate data keys). */
export function kmsStatements(
  keyArn: pulumi.Input<string>,
  use: { decrypt?: boolean; encrypt?: boolean },
): Statement[] {
  const actions = [
    ...(use.decrypt ? ["kms:Decrypt"] : []),
    ...(use.encrypt ? ["kms:GenerateDataKey", "kms:Encrypt"] : []),
  ];
  return actions.length ? [{ actions, resources: [keyArn] }] : [];
}
