import * as aws from "@pulumi/aws";
// The ecr module alone: the package index loads every awsx module (about 90 ms per process).
import * as awsxEcr from "@pulumi/awsx/ecr";
import * as pulumi from "@pulumi/pulumi";
import { taskImageContext } from "./task-image";
import type { ProgramName } from "./function-bundle";

/** Images a repository keeps (the newest); untagged leftovers go after a week. */
export const IMAGE_REPOSITORY_DEFAULTS = { keepImages: 20, untaggedExpiryDays: 7 } as const;

/** A container program's image and the repository it is pushed to. */
export interface ContainerImage {
  repository: aws.ecr.Repository;
  /** The image by digest, as a task definition should name it. */
  imageUri: pulumi.Output<string>;
  /** ecr:* pull statements' resource. */
  repositoryArn: pulumi.Output<string>;
}

/** An ECR repository's settings. */
export interface ImageRepositoryArgs {
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Images the lifecycle policy keeps (the newest); older ones expire.
   * @default IMAGE_REPOSITORY_DEFAULTS.keepImages (20)
   */
  keepImages?: number;
}

/**
 * An ECR repository with scan on push, immutable tags and encryption with the region's CMK, and a
 * lifecycle policy that expires untagged leftovers after a week and keeps the newest `keepImages`
 * images. For images built elsewhere and pushed to it (`buildContainerImage` builds into one).
 */
export function createImageRepository(
  name: string,
  args: ImageRepositoryArgs,
  opts: pulumi.CustomResourceOptions,
): aws.ecr.Repository {
  const keepImages = args.keepImages ?? IMAGE_REPOSITORY_DEFAULTS.keepImages;
  if (!Number.isInteger(keepImages) || keepImages < 1)
    throw new Error(`keepImages: ${keepImages} is not a whole number of images (1 or more)`);
  const repository = new aws.ecr.Repository(
    `${name}-repo`,
    {
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
    },
    opts,
  );
  new aws.ecr.LifecyclePolicy(
    `${name}-repo-lifecycle`,
    {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          // Safe for the tagged image's own manifests: one built for a single platform (below) may
          // still be pushed as an image index whose per-platform and attestation manifests are
          // untagged, but ECR's lifecycle evaluation rules say "If an image is referenced by a
          // manifest list, it cannot be expired or archived without the manifest list being
          // deleted or archived first." So this rule removes only what no tagged image refers to.
          {
            rulePriority: 1,
            description: `Expire untagged images after ${IMAGE_REPOSITORY_DEFAULTS.untaggedExpiryDays} days`,
            selection: {
              tagStatus: "untagged",
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: IMAGE_REPOSITORY_DEFAULTS.untaggedExpiryDays,
            },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${keepImages} images`,
            selection: {
              tagStatus: "any",
              countType: "imageCountMoreThan",
              countNumber: keepImages,
            },
            action: { type: "expire" },
          },
        ],
      }),
    },
    opts,
  );
  return repository;
}

/**
 * An ECR repository (`createImageRepository`: scan on push, immutable tags, the region's CMK, a
 * lifecycle policy) and the image of a container program of functions/ built into it by
 * `awsx.ecr.Image` (so `pulumi up` needs Docker). The context holds only the program's bundle and
 * Dockerfile and the tag is their hash (components/compute/task-image.ts), so both change exactly
 * when the image would.
 */
export function buildContainerImage(
  name: string,
  args: { program: ProgramName } & ImageRepositoryArgs,
  opts: pulumi.CustomResourceOptions,
): ContainerImage {
  const repository = createImageRepository(name, args, opts);
  const build = taskImageContext(args.program);
  const image = new awsxEcr.Image(
    `${name}-image`,
    {
      repositoryUrl: repository.repositoryUrl,
      context: build.context,
      dockerfile: build.dockerfile,
      platform: "linux/arm64",
      imageTag: build.tag,
    },
    opts,
  );
  return { repository, imageUri: image.imageUri, repositoryArn: repository.arn };
}

/** What an ECS execution role needs to pull an image from `repositoryArn`. */
export function imagePullStatements(repositoryArn: pulumi.Input<string>) {
  return [
    {
      sid: "PullImage",
      actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
      resources: [repositoryArn],
    },
    { sid: "EcrLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
  ];
}
