import type * as pulumi from "@pulumi/pulumi";

/**
 * What every part of the DataLake component is built with: its name (every child's logical name
 * starts with it), the environment (`<env>` in the seed's names), the region (in every
 * global-namespace name), the region's CMK, and the component to parent the children to.
 */
export interface LakeContext {
  name: string;
  environment: string;
  region: string;
  kmsKeyArn: pulumi.Input<string>;
  parent: pulumi.Resource;
}

/** The lake bucket, as the parts that read or write it see it. */
export interface LakeBucketRef {
  bucketName: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
}
