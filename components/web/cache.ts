import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { generatedSecret, type GeneratedSecret } from "../security/generated-secret";
import { regionalName } from "../shared/naming";
import { CACHE_DEFAULTS, WEB_PORTS } from "./defaults";

export interface CacheArgs {
  region: string;
  kmsKeyArn: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupId: pulumi.Input<string>;
  nodeType: string;
}

export interface Cache {
  replicationGroup: aws.elasticache.ReplicationGroup;
  /** `{ "authToken": "..." }`, encrypted with the region's CMK. */
  authSecret: GeneratedSecret;
}

/**
 * A Redis replication group in the database subnets: a primary and a replica in another AZ with
 * automatic failover, encrypted at rest with the region's CMK and in transit (required: AUTH
 * needs TLS), an AUTH token generated with @pulumi/random (16-128 characters, of the symbols only
 * those ElastiCache accepts) kept in Secrets Manager, daily snapshots.
 */
export function createCache(name: string, args: CacheArgs, parent: pulumi.Resource): Cache {
  const authSecret = generatedSecret(
    `${name}-cache-auth`,
    {
      description: `AUTH token of the web tier's Redis replication group (${name})`,
      kmsKeyArn: args.kmsKeyArn,
      type: "other",
      length: CACHE_DEFAULTS.authTokenLength,
      specials: CACHE_DEFAULTS.authTokenSpecials,
      content: (authToken) => ({ authToken }),
    },
    { parent },
  );
  const subnetGroup = new aws.elasticache.SubnetGroup(
    `${name}-cache-subnets`,
    { description: `Database subnets of ${name}'s cache`, subnetIds: args.subnetIds },
    { parent },
  );
  const replicationGroup = new aws.elasticache.ReplicationGroup(
    `${name}-cache`,
    {
      replicationGroupId: regionalName(`${name}-cache`, args.region),
      description: `Session and read cache of the web tier ${name}`,
      engine: "redis",
      engineVersion: CACHE_DEFAULTS.engineVersion,
      nodeType: args.nodeType,
      port: WEB_PORTS.redis,
      numCacheClusters: CACHE_DEFAULTS.nodes,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [args.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: args.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: authSecret.value,
      authTokenUpdateStrategy: "ROTATE",
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: CACHE_DEFAULTS.snapshotRetentionDays,
      applyImmediately: false,
    },
    { parent },
  );
  return { replicationGroup, authSecret };
}
