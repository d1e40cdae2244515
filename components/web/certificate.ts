import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ValidatedCertificateArgs {
  /** The one name the certificate covers (the application's host name). */
  domainName: string;
  /** The public hosted zone the validation record lives in. */
  hostedZoneId: pulumi.Input<string>;
  /**
   * Create the DNS validation record. ACM's validation CNAME for a name is the same in every
   * region of an account, so when two regions validate the same name exactly one of them (the
   * primary) creates it; the other only waits for validation.
   */
  createValidationRecord: boolean;
}

/**
 * An ACM certificate for `domainName` in the region of the caller's provider (an ALB can only use a
 * certificate of its own region), validated through DNS, and the `CertificateValidation` that waits
 * until ACM has issued it. Listeners use `certificateArn`, which resolves only once it is issued.
 */
export function validatedCertificate(
  name: string,
  args: ValidatedCertificateArgs,
  opts: pulumi.CustomResourceOptions,
): { certificate: aws.acm.Certificate; certificateArn: pulumi.Output<string> } {
  const certificate = new aws.acm.Certificate(
    `${name}-cert`,
    {
      domainName: args.domainName,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
    },
    opts,
  );
  const option = certificate.domainValidationOptions.apply((options) => {
    const found = options.find((o) => o.domainName === args.domainName);
    if (!found) throw new Error(`${name}: ACM returned no DNS validation record for ${args.domainName}`);
    return found;
  });
  const fqdn = option.resourceRecordName.apply((n) => n!.replace(/\.$/, ""));
  const record = args.createValidationRecord
    ? new aws.route53.Record(
        `${name}-cert-validation`,
        {
          zoneId: args.hostedZoneId,
          name: option.resourceRecordName.apply((n) => n!),
          type: option.resourceRecordType.apply((t) => t!),
          records: [option.resourceRecordValue.apply((v) => v!)],
          ttl: 300,
        },
        opts,
      )
    : undefined;
  const validation = new aws.acm.CertificateValidation(
    `${name}-cert-issued`,
    {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record ? record.fqdn : fqdn],
    },
    opts,
  );
  return { certificate, certificateArn: validation.certificateArn };
}
