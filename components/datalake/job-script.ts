/**
 * A Glue job's script: a file of this repository (components/datalake/scripts/), uploaded to the
 * lake's scripts prefix as an object encrypted with the lake's CMK.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { packageRoot } from "../shared/package-root";
import type { LakeBucketRef, LakeContext } from "./context";
import { LAKE_SERVICE_PREFIXES } from "./zones";

/** The folder of the lake's scripts and its DQDL ruleset. */
export const scriptsDirectory = (): string => path.join(packageRoot(), "components", "datalake", "scripts");

/** A file of the scripts folder. */
export const scriptPath = (file: string): string => path.join(scriptsDirectory(), file);

export interface JobScript {
  object: aws.s3.BucketObjectv2;
  /** The object's key, under the scripts prefix. */
  key: string;
  /** `s3://<lake>/<key>`: the job's scriptLocation. */
  location: pulumi.Output<string>;
}

/** Uploads `file` to `glue/scripts/<file>`, SSE-KMS with the lake's key. */
export function uploadScript(ctx: LakeContext, lake: LakeBucketRef, logicalName: string, file: string): JobScript {
  const key = `${LAKE_SERVICE_PREFIXES.glueScripts}${file}`;
  const object = new aws.s3.BucketObjectv2(
    logicalName,
    {
      bucket: lake.bucketName,
      key,
      source: new pulumi.asset.FileAsset(scriptPath(file)),
      contentType: "text/x-python",
      serverSideEncryption: "aws:kms",
      kmsKeyId: ctx.kmsKeyArn,
      bucketKeyEnabled: true,
    },
    { parent: ctx.parent },
  );
  return { object, key, location: pulumi.interpolate`s3://${lake.bucketName}/${object.key}` };
}
