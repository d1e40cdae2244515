import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validating } from "../shared/errors";
import { KMS_KEY_DEFAULTS } from "./defaults";
import { keyPolicyStatements } from "./key-policy";

/** One key-policy statement, in the shape aws.iam.getPolicyDocument takes (in a key policy, resource "*" means "this key"). */
export type KeyPolicyStatement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

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
  /**
   * More key-policy statements, after the platform's: for a service principal that uses the key on
   * behalf of a resource the key's creator knows (e.g. the CloudFront distribution of a peer stack,
   * or a log delivery source by name). Their values may be outputs: the key is created once they
   * resolve.
   * @default none
   */
  policyStatements?: KeyPolicyStatement[];
  /**
   * Statements that name a resource created after the key and with it, so they cannot be in the
   * policy the key is created with: a CloudFront distribution that serves objects encrypted with
   * the key (its ARN exists only once the distribution does, and the distribution's origins are
   * created with the key). Pass outputs that resolve later (e.g. `pulumi.deferredOutput`). The key
   * is created at once with the rest of its policy, so everything else can use it without waiting;
   * an `aws.kms.KeyPolicy` then puts the whole policy, these statements included, once they
   * resolve, and owns it from then on (the key ignores changes to its own `policy`, so the two
   * never undo each other).
   * @default none: the key owns its policy
   */
  policyStatementsAfterCreation?: KeyPolicyStatement[];
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
    const statements = [
      ...keyPolicyStatements({ partition: partition.partition, accountId: identity.accountId, region: region.region }),
      ...(args.policyStatements ?? []),
    ];
    const policy = aws.iam.getPolicyDocumentOutput({ statements }, { parent: this });
    const later = args.policyStatementsAfterCreation ?? [];

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description ?? `twin-region key ${name}`,
        enableKeyRotation: KMS_KEY_DEFAULTS.enableKeyRotation,
        deletionWindowInDays: args.deletionWindowInDays ?? KMS_KEY_DEFAULTS.deletionWindowInDays,
        policy: policy.json,
      },
      // With statements added after creation, the KeyPolicy below owns the policy.
      { parent: this, ...(later.length > 0 ? { ignoreChanges: ["policy"] } : {}) },
    );
    if (later.length > 0) {
      new aws.kms.KeyPolicy(
        `${name}-policy`,
        {
          keyId: key.keyId,
          policy: aws.iam.getPolicyDocumentOutput({ statements: [...statements, ...later] }, { parent: this }).json,
        },
        { parent: this },
      );
    }
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
