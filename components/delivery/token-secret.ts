/**
 * The Pulumi access token the deploy builds log in with: a Secrets Manager secret, encrypted with
 * the region's CMK, created empty (no version: the operator puts the token in it, so its value is
 * never in the program, its config or its state), or brought by ARN.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export function tokenSecret(
  name: string,
  existingArn: pulumi.Input<string> | undefined,
  kmsKeyArn: pulumi.Input<string>,
  parent: pulumi.Resource,
): { arn: pulumi.Output<string>; secret?: aws.secretsmanager.Secret } {
  if (existingArn !== undefined) return { arn: pulumi.output(existingArn) };
  const secret = new aws.secretsmanager.Secret(
    `${name}-pulumi-token`,
    {
      description: `The Pulumi access token ${name}'s deploy builds use (put it with: aws secretsmanager put-secret-value)`,
      kmsKeyId: kmsKeyArn,
    },
    { parent },
  );
  return { arn: secret.arn, secret };
}
