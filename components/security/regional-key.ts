import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validating } from "../shared/errors";
import { KMS_KEY_DEFAULTS } from "./defaults";
import { keyPolicyStatements } from "./key-policy";

export interface RegionalKeyArgs {
  /**
   * Key description.
   * @default "twin-region key <name>"
   */
  description?: pulumi.Input<string>;
  /**
   * Days KMS waits before deleting the key after it is scheduled for deletion (7-30).
   * @default 30
   */
  deletionWindowInDays?: pulumi.Input<number>;
  /**
   * Alias name without the `alias/` prefix.
   * @default the component name
   */
  aliasName?: string;
}

const ALIAS_PATTERN = /^[a-zA-Z0-9/_-]{1,250}$/;

/**
 * A customer-managed KMS key for one region, with yearly rotation and a key policy that lets the
 * account administer it and CloudWatch Logs, SNS, EventBridge, CloudWatch and the platform's
 * services use it; plus an alias.
 */
export class RegionalKey extends pulumi.ComponentResource {
  /** The key's ARN: pass it as `kmsKeyArn` to the other components. */
  public readonly keyArn: pulumi.Output<string>;
  /** The key's id. */
  public readonly keyId: pulumi.Output<string>;
  /** The alias, `alias/<aliasName>`. */
  public readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: RegionalKeyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    validating("RegionalKey", () => validate(name, args));
    super("twin-region:security:RegionalKey", name, {}, opts);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const policy = aws.iam.getPolicyDocumentOutput(
      {
        statements: keyPolicyStatements({
          partition: partition.partition,
          accountId: identity.accountId,
          region: region.region,
        }),
      },
      { parent: this },
    );

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description ?? `twin-region key ${name}`,
        enableKeyRotation: KMS_KEY_DEFAULTS.enableKeyRotation,
        deletionWindowInDays: args.deletionWindowInDays ?? KMS_KEY_DEFAULTS.deletionWindowInDays,
        policy: policy.json,
      },
      { parent: this },
    );
    const alias = new aws.kms.Alias(
      `${name}-alias`,
      { name: `alias/${args.aliasName ?? name}`, targetKeyId: key.keyId },
      { parent: this },
    );

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
  }
}

function validate(name: string, args: RegionalKeyArgs): void {
  const window = args.deletionWindowInDays;
  const { minDeletionWindowInDays: min, maxDeletionWindowInDays: max } = KMS_KEY_DEFAULTS;
  if (typeof window === "number" && (!Number.isInteger(window) || window < min || window > max)) {
    throw new Error(`deletionWindowInDays: ${window} must be a whole number of days from ${min} to ${max}`);
  }
  const alias = args.aliasName ?? name;
  if (!ALIAS_PATTERN.test(alias) || alias.startsWith("aws/") || alias.startsWith("alias/")) {
    throw new Error(
      `aliasName: "${alias}"${args.aliasName === undefined ? " (the component name)" : ""} must be 1-250 characters of letters, digits, "/", "_" or "-", without the "alias/" prefix and not starting with "aws/"`,
    );
  }
}
