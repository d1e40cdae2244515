/** The lake's Athena workgroup. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invalidArg } from "../shared/errors";
import type { LakeBucketRef, LakeContext } from "./context";
import { ATHENA_DEFAULTS, ATHENA_WORKGROUP_BASELINE } from "./glue-defaults";

export interface AthenaWorkgroupArgs {
  /**
   * The workgroup's name (1-128 letters, digits, ".", "_" and "-").
   * @default the lake's name
   */
  name?: string;
  /**
   * Bytes one query may scan before Athena cancels it; Athena's minimum is 10 MB (10485760).
   * @default 10 GiB (10737418240)
   */
  bytesScannedCutoffPerQuery?: number;
}

const WORKGROUP_NAME = /^[a-zA-Z0-9._-]{1,128}$/;

export function checkWorkgroupArgs(ctx: LakeContext, args: AthenaWorkgroupArgs): void {
  const name = args.name ?? ctx.name;
  if (!WORKGROUP_NAME.test(name)) {
    throw invalidArg(
      "DataLake",
      args.name === undefined ? "name" : "athena.name",
      `"${name}" is not an Athena workgroup name (1-128 letters, digits, ".", "_" and "-")`,
    );
  }
  const cutoff = args.bytesScannedCutoffPerQuery;
  const min = ATHENA_DEFAULTS.minBytesScannedCutoffPerQuery;
  if (cutoff !== undefined && (!Number.isSafeInteger(cutoff) || cutoff < min)) {
    throw invalidArg(
      "DataLake",
      "athena.bytesScannedCutoffPerQuery",
      `${cutoff} must be a whole number of bytes, at least Athena's minimum of ${min} (10 MB)`,
    );
  }
}

/**
 * An Athena workgroup that enforces its configuration (a client can neither send results elsewhere
 * nor turn their encryption off): results under the lake's athena-results/ prefix, SSE-KMS with the
 * lake's CMK and only if the lake is still this account's bucket (expectedBucketOwner), a per-query
 * scan limit, CloudWatch metrics on, the current engine (version 3).
 */
export function createAthenaWorkgroup(
  ctx: LakeContext,
  lake: LakeBucketRef,
  args: AthenaWorkgroupArgs = {},
): aws.athena.Workgroup {
  checkWorkgroupArgs(ctx, args);
  return new aws.athena.Workgroup(
    `${ctx.name}-workgroup`,
    {
      name: args.name ?? ctx.name,
      description: `Queries of the ${ctx.environment} data lake (${ctx.name})`,
      state: "ENABLED",
      configuration: {
        enforceWorkgroupConfiguration: ATHENA_WORKGROUP_BASELINE.enforceWorkgroupConfiguration,
        publishCloudwatchMetricsEnabled: ATHENA_WORKGROUP_BASELINE.publishCloudwatchMetricsEnabled,
        bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery ?? ATHENA_DEFAULTS.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: ATHENA_DEFAULTS.engineVersion },
        resultConfiguration: {
          outputLocation: pulumi.interpolate`s3://${lake.bucketName}/${ATHENA_DEFAULTS.resultsPrefix}`,
          expectedBucketOwner: aws.getCallerIdentityOutput({}, { parent: ctx.parent }).accountId,
          encryptionConfiguration: { encryptionOption: ATHENA_DEFAULTS.encryptionOption, kmsKeyArn: ctx.kmsKeyArn },
        },
      },
    },
    { parent: ctx.parent },
  );
}
