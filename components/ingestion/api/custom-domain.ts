/** The API's regional custom domain: certificate (created and DNS-validated, or given), domain name, base path. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { INGESTION_API_DEFAULTS, type EndpointAccessMode } from "./defaults";
import type { IngestionApiCustomDomain } from "./index";

export interface DomainTarget {
  restApiId: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
  securityPolicy: string;
  endpointAccessMode: EndpointAccessMode | undefined;
}

export function createCustomDomain(
  name: string,
  domain: IngestionApiCustomDomain,
  target: DomainTarget,
  parent: pulumi.Resource,
): {
  url: pulumi.Output<string>;
  target: pulumi.Output<{ regionalDomainName: string; regionalZoneId: string }>;
  validationRecords: pulumi.Output<{ name: string; type: string; value: string }[] | undefined>;
} {
  let certificateArn: pulumi.Input<string>;
  let validationRecords: pulumi.Output<{ name: string; type: string; value: string }[] | undefined> =
    pulumi.output(undefined);
  if (domain.certificateArn !== undefined) {
    certificateArn = domain.certificateArn;
  } else {
    const certificate = new aws.acm.Certificate(
      `${name}-certificate`,
      { domainName: domain.domainName, validationMethod: "DNS" },
      { parent },
    );
    const option = certificate.domainValidationOptions.apply((options) => {
      const first = options[0];
      if (!first?.resourceRecordName || !first.resourceRecordType || !first.resourceRecordValue) {
        throw new Error(`customDomain: ACM returned no DNS validation record for "${domain.domainName}"`);
      }
      return { name: first.resourceRecordName, type: first.resourceRecordType, value: first.resourceRecordValue };
    });
    validationRecords = option.apply((o) => [o]);
    const record =
      domain.hostedZoneId !== undefined
        ? new aws.route53.Record(
            `${name}-certificate-validation`,
            // The same domain validated in the peer region has the same record: overwrite, do not fail.
            {
              zoneId: domain.hostedZoneId,
              name: option.name,
              type: option.type,
              records: [option.value],
              ttl: 300,
              allowOverwrite: true,
            },
            { parent },
          )
        : undefined;
    // Waits until ACM has issued the certificate (the DNS record must exist, here or elsewhere).
    const validation = new aws.acm.CertificateValidation(
      `${name}-certificate-validation`,
      { certificateArn: certificate.arn, ...(record ? { validationRecordFqdns: [record.fqdn] } : {}) },
      { parent },
    );
    certificateArn = validation.certificateArn;
  }
  const domainName = new aws.apigateway.DomainName(
    `${name}-domain`,
    {
      domainName: domain.domainName,
      regionalCertificateArn: certificateArn,
      endpointConfiguration: { types: "REGIONAL" },
      securityPolicy: target.securityPolicy,
      endpointAccessMode: target.endpointAccessMode,
    },
    { parent },
  );
  new aws.apigateway.BasePathMapping(
    `${name}-base-path`,
    { restApi: target.restApiId, stageName: target.stageName, domainName: domainName.domainName },
    { parent },
  );
  return {
    url: pulumi.interpolate`https://${domainName.domainName}/${INGESTION_API_DEFAULTS.resourcePath}`,
    target: pulumi
      .all([domainName.regionalDomainName, domainName.regionalZoneId])
      .apply(([regionalDomainName, regionalZoneId]) => ({ regionalDomainName, regionalZoneId })),
    validationRecords,
  };
}
