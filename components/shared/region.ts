import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invalidArg } from "./errors";
import { assertRegionName } from "./naming";

/**
 * What a component knows about the region it deploys to. Components take their region as a
 * plain `region` arg (it goes into global-namespace names such as IAM roles and buckets, which
 * need it before anything is deployed); this is the one place that holds the arg to the truth:
 * `region` resolves to the region of the component's provider, and fails the deployment, naming
 * the component and both values, when the two differ.
 */
export interface RegionContext {
  /** The region as given (checked to look like a region name). */
  name: string;
  /** The provider's region, checked to equal `name`: register it with the component's outputs. */
  region: pulumi.Output<string>;
  partition: pulumi.Output<string>;
  dnsSuffix: pulumi.Output<string>;
  /** `<service>.<region>.<dns suffix>`: the endpoint a `kms:ViaService` condition names. */
  serviceEndpoint(service: string): pulumi.Output<string>;
}

export function regionContext(component: string, region: string, parent: pulumi.Resource): RegionContext {
  try {
    assertRegionName("region", region);
  } catch (e) {
    throw invalidArg(component, "region", (e as Error).message.replace(/^region: /, ""));
  }
  const { actual, partition } = providerFacts(parent);
  const checked = actual.apply((providerRegion) => {
    if (providerRegion !== region) {
      throw invalidArg(
        component,
        "region",
        `"${region}" is not the region of the component's provider ("${providerRegion}"); pass the provider's region, which goes into global-namespace names`,
      );
    }
    return providerRegion;
  });
  return {
    name: region,
    region: checked,
    partition: partition.partition,
    dnsSuffix: partition.dnsSuffix,
    serviceEndpoint: (service) => pulumi.interpolate`${service}.${checked}.${partition.dnsSuffix}`,
  };
}

interface ProviderFacts {
  actual: pulumi.Output<string>;
  partition: pulumi.Output<aws.GetPartitionResult>;
}

/** What the provider says of its region and partition, asked once per provider (a program has a few, components dozens). */
const factsByProvider = new WeakMap<pulumi.ProviderResource, ProviderFacts>();

function providerFacts(parent: pulumi.Resource): ProviderFacts {
  const ask = (): ProviderFacts => ({
    actual: aws.getRegionOutput({}, { parent }).region,
    partition: aws.getPartitionOutput({}, { parent }),
  });
  // The default provider has no object to remember it by: ask each time.
  const provider = parent.getProvider("aws::");
  if (!provider) return ask();
  let facts = factsByProvider.get(provider);
  if (!facts) factsByProvider.set(provider, (facts = ask()));
  return facts;
}
