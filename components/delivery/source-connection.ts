/**
 * The pipeline's connection to the Git host (AWS CodeConnections): created here, or brought.
 *
 * A connection the component creates is PENDING until someone with access to the Git host
 * completes the handshake in the console (Developer Tools > Settings > Connections > "Update
 * pending connection"); the source stage fails until then. A connection brought by ARN is used as is.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionProviderType } from "./delivery-defaults";

export interface SourceConnection {
  arn: pulumi.Output<string>;
  /** PENDING, AVAILABLE or ERROR for a created connection; "EXISTING" for one brought by ARN (its state is not read). */
  status: pulumi.Output<string>;
  connection?: aws.codeconnections.Connection;
}

/** The status reported for a connection given by ARN. */
export const EXISTING_CONNECTION_STATUS = "EXISTING";

export function sourceConnection(
  name: string,
  existingArn: pulumi.Input<string> | undefined,
  providerType: ConnectionProviderType,
  parent: pulumi.Resource,
): SourceConnection {
  if (existingArn !== undefined)
    return { arn: pulumi.output(existingArn), status: pulumi.output(EXISTING_CONNECTION_STATUS) };
  const connection = new aws.codeconnections.Connection(
    `${name}-source`,
    // Connection names are at most 32 characters.
    { name: `${name}-source`.slice(0, 32), providerType },
    { parent },
  );
  return { arn: connection.arn, status: connection.connectionStatus, connection };
}
