/**
 * Bucket names decided before the buckets exist, with a random part: a distribution's S3 origins
 * are domain names, and one of them (the failover origin in the secondary region) is created by
 * another stack, deployed later, that reads nothing back into this one, so the stack that owns the
 * distribution chooses the names (SecureBucket `bucketName`, ResilientWebTier
 * `staticAssets.bucketName`); the data lake's bucket carries the seed's `<env>-data-lake-<random>`.
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
export function randomBucketName(
  name: string,
  region: string,
  opts?: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const base = regionalName(name, region);
  const example = `${base}-${"0".repeat(SUFFIX_BYTES * 2)}`;
  const problem = bucketNameProblem(example);
  if (problem) throw invalidArg("randomBucketName", "name", `the bucket's name would be like ${problem}`);
  const suffix = new random.RandomId(`${base}-name`, { byteLength: SUFFIX_BYTES }, opts);
  return pulumi.interpolate`${base}-${suffix.hex}`;
}
