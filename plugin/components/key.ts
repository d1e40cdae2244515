import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { deliveryKeyStatements } from "../../components/delivery/notifications";
import { RegionalKey as Key } from "../../components/security";
import { adopt } from "./outputs";

/**
 * RegionalKey's args in the component package: the TypeScript component's but its policy
 * statements, of which one set is a switch here (`allowDeliveryNotifications`).
 */
export interface RegionalKeyArgs {
  /** Key description. Default: "twin-region key <name>". */
  description?: pulumi.Input<string>;
  /** Days KMS waits before deleting the key after it is scheduled for deletion (7-30). Default: 30. */
  deletionWindowInDays?: pulumi.Input<number>;
  /** Alias name without the `alias/` prefix. Default: the component name. */
  aliasName?: string;
  /**
   * Let AWS CodeStar Notifications use the key through SNS in its region (the TypeScript
   * `deliveryKeyStatements`), so a DeliveryPipeline's notifications reach a topic encrypted with
   * it. Default: false.
   */
  allowDeliveryNotifications?: boolean;
}

/**
 * A customer-managed KMS key for one region, with yearly rotation and a key policy that lets the
 * account administer it and the platform's services use it; plus an alias. The TypeScript
 * RegionalKey (components/security) with the args above.
 */
export class RegionalKey extends pulumi.ComponentResource {
  /** The key's ARN: pass it as `kmsKeyArn` to the other components. */
  public readonly keyArn!: pulumi.Output<string>;
  /** The key's id. */
  public readonly keyId!: pulumi.Output<string>;
  /** The alias, `alias/<aliasName>`. */
  public readonly aliasName!: pulumi.Output<string>;

  constructor(name: string, args: RegionalKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("twin-region:index:RegionalKey", name, {}, opts);
    const policyStatements = args.allowDeliveryNotifications
      ? deliveryKeyStatements(aws.getRegionOutput({}, { parent: this }).region)
      : undefined;
    const key = new Key(
      name,
      {
        description: args.description,
        deletionWindowInDays: args.deletionWindowInDays,
        aliasName: args.aliasName,
        policyStatements,
      },
      { parent: this },
    );
    this.registerOutputs(adopt(this, { keyArn: key.keyArn, keyId: key.keyId, aliasName: key.aliasName }));
  }
}
