/**
 * Bucket names decided before the buckets exist: a distribution's S3 origins are domain names, and
 * one of them (the failover origin in the secondary region) is created by another stack, deployed
 * later, that reads nothing back into this one. The stack that owns the distribution therefore
 * chooses the names, exports the secondary's, and each bucket is created under its name
 * (SecureBucket `bucketName`, ResilientWebTier `staticAssets.bucketName`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { invalidArg } from "../shared/errors";
import { bucketNameProblem, regionalName } from "../shared/naming";

/** The random part: 4 bytes, 8 hex characters, kept in the stack's state once drawn. */
const SUFFIX_BYTES = 4;

/**
 * `<name>-<region code>-<8 hex>`, as the platform names buckets (the region's code keeps the two
 * stacks' names apart), from a `random.RandomId` named `<name>-<region code>-name`: the name is
 * drawn once and kept, so the bucket is never renamed. `opts` places the RandomId (its parent).
 */
export function originBucketName(
  name: string,
  region: string,
  opts?: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const base = regionalName(name, region);
  const example = `${base}-${"0".repeat(SUFFIX_BYTES * 2)}`;
  const problem = bucketNameProblem(example);
  if (problem) throw invalidArg("originBucketName", "name", `the bucket's name would be like ${problem}`);
  const suffix = new random.RandomId(`${base}-name`, { byteLength: SUFFIX_BYTES }, opts);
  return pulumi.interpolate`${base}-${suffix.hex}`;
}
