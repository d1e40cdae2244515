import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RegionContext } from "../shared/region";
import { FILE_SYSTEM_DEFAULTS } from "./defaults";

/** The primary's file system the secondary replicates. */
export interface FileSystemSource {
  fileSystemId: pulumi.Input<string>;
  /** A provider for the source's region: the replication configuration lives with the source. */
  provider: pulumi.ProviderResource;
}

export interface FileSystemArgs {
  /** The file system's region (the replica's, in the secondary). */
  where: RegionContext;
  kmsKeyArn: pulumi.Input<string>;
  /** One mount target per subnet (one per AZ): the tasks' private subnets. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** How many subnets `subnetIds` holds (mount targets are created per AZ, known before the plan). */
  subnetCount: number;
  securityGroupId: pulumi.Input<string>;
  /** Replicate this file system into this region instead of creating one (the secondary). @default none */
  replicaOf?: FileSystemSource;
}

export interface FileSystem {
  fileSystemId: pulumi.Output<string>;
  fileSystemArn: pulumi.Output<string>;
  accessPoint: aws.efs.AccessPoint;
  /** Mount targets: tasks must start after them. */
  mountTargets: aws.efs.MountTarget[];
  /** True for a replica: read-only until its replication is deleted (promotion). */
  readOnly: boolean;
}

/**
 * The tasks' shared file system, encrypted with the region's CMK, with a mount target in every AZ
 * and an access point that pins every client to a fixed non-root POSIX user and a directory of its
 * own. In the primary it is created here; in the secondary it is the replica of the primary's (the
 * replication configuration is created by the secondary stack, in the primary region, encrypting
 * the replica with this region's key), read-only until promoted, so its access point only names the
 * directory the primary's access point created.
 */
export function createFileSystem(name: string, args: FileSystemArgs, parent: pulumi.Resource): FileSystem {
  let fileSystemId: pulumi.Output<string>;
  let fileSystemArn: pulumi.Output<string>;
  if (args.replicaOf) {
    const replication = new aws.efs.ReplicationConfiguration(
      `${name}-efs-replication`,
      {
        sourceFileSystemId: args.replicaOf.fileSystemId,
        destination: {
          region: args.where.region,
          kmsKeyId: args.kmsKeyArn,
        },
      },
      { parent, provider: args.replicaOf.provider },
    );
    fileSystemId = replication.destination.apply((d) => {
      if (!d.fileSystemId) throw new Error(`${name}: the EFS replication reported no destination file system`);
      return d.fileSystemId;
    });
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const { partition, region } = args.where;
    fileSystemArn = pulumi.interpolate`arn:${partition}:elasticfilesystem:${region}:${account}:file-system/${fileSystemId}`;
  } else {
    const fs = new aws.efs.FileSystem(
      `${name}-efs`,
      {
        encrypted: true,
        kmsKeyId: args.kmsKeyArn,
        performanceMode: "generalPurpose",
        throughputMode: "elastic",
        lifecyclePolicies: [{ transitionToIa: "AFTER_30_DAYS" }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }],
        protection: { replicationOverwrite: "ENABLED" },
      },
      { parent },
    );
    new aws.efs.BackupPolicy(
      `${name}-efs-backup`,
      { fileSystemId: fs.id, backupPolicy: { status: "ENABLED" } },
      { parent },
    );
    fileSystemId = fs.id;
    fileSystemArn = fs.arn;
  }
  const mountTargets = Array.from(
    { length: args.subnetCount },
    (_, i) =>
      new aws.efs.MountTarget(
        `${name}-efs-mount-${i}`,
        {
          fileSystemId,
          subnetId: pulumi.output(args.subnetIds).apply((ids) => ids[i]!),
          securityGroups: [args.securityGroupId],
        },
        { parent },
      ),
  );
  const { rootPath, uid, gid, permissions } = FILE_SYSTEM_DEFAULTS;
  const accessPoint = new aws.efs.AccessPoint(
    `${name}-efs-app`,
    {
      fileSystemId,
      posixUser: { uid, gid },
      rootDirectory: args.replicaOf
        ? { path: rootPath }
        : { path: rootPath, creationInfo: { ownerUid: uid, ownerGid: gid, permissions } },
    },
    { parent },
  );
  return { fileSystemId, fileSystemArn, accessPoint, mountTargets, readOnly: args.replicaOf !== undefined };
}
