/**
 * Compute baseline (Lambda, ECS, ECR, EC2): what the compute rules enforce and what the components
 * that create functions, tasks, repositories and instances apply. Plain data, imported by
 * components, their tests and the policy rules alike.
 */

/** The runtimes components use for new functions (the newest Node.js and Python Lambda runtimes). */
export const PREFERRED_LAMBDA_RUNTIMES = { nodejs: "nodejs24.x", python: "python3.14" } as const;

export interface RuntimeDeprecation {
  /** Lambda's deprecation date (phase 1: no more patches, no new functions from the console), YYYY-MM-DD. */
  deprecated: string;
  /** What to move to. */
  successor: string;
}

/**
 * AWS Lambda managed runtimes and the date AWS deprecates (or deprecated) each of them, from the
 * "Supported runtimes" and "Deprecated runtimes" tables of
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (checked November 2026).
 * After the deprecation date AWS first blocks creating and then updating such functions.
 * Future dates are AWS's projection and may move: update them when the table changes.
 * Runtimes not listed here (new ones) are treated as supported.
 */
export const LAMBDA_RUNTIME_DEPRECATIONS: Readonly<Record<string, RuntimeDeprecation>> = {
  // Node.js
  "nodejs24.x": { deprecated: "2028-04-30", successor: "a newer nodejs runtime" },
  "nodejs22.x": { deprecated: "2027-04-30", successor: "nodejs24.x" },
  "nodejs20.x": { deprecated: "2026-04-30", successor: "nodejs24.x" },
  "nodejs18.x": { deprecated: "2025-09-01", successor: "nodejs24.x" },
  "nodejs16.x": { deprecated: "2024-06-12", successor: "nodejs24.x" },
  "nodejs14.x": { deprecated: "2023-12-04", successor: "nodejs24.x" },
  "nodejs12.x": { deprecated: "2023-03-31", successor: "nodejs24.x" },
  "nodejs10.x": { deprecated: "2021-07-30", successor: "nodejs24.x" },
  "nodejs8.10": { deprecated: "2020-03-06", successor: "nodejs24.x" },
  "nodejs6.10": { deprecated: "2019-08-12", successor: "nodejs24.x" },
  "nodejs4.3-edge": { deprecated: "2019-04-30", successor: "nodejs24.x" },
  "nodejs4.3": { deprecated: "2020-03-05", successor: "nodejs24.x" },
  nodejs: { deprecated: "2016-10-31", successor: "nodejs24.x" },
  // Python
  "python3.14": { deprecated: "2029-06-30", successor: "a newer python runtime" },
  "python3.13": { deprecated: "2029-06-30", successor: "python3.14" },
  "python3.12": { deprecated: "2028-10-31", successor: "python3.14" },
  "python3.11": { deprecated: "2026-06-30", successor: "python3.14" },
  "python3.10": { deprecated: "2026-06-30", successor: "python3.14" },
  "python3.9": { deprecated: "2025-12-15", successor: "python3.14" },
  "python3.8": { deprecated: "2024-10-14", successor: "python3.14" },
  "python3.7": { deprecated: "2023-12-04", successor: "python3.14" },
  "python3.6": { deprecated: "2022-07-18", successor: "python3.14" },
  "python2.7": { deprecated: "2021-07-15", successor: "python3.14" },
  // Java
  java25: { deprecated: "2029-06-30", successor: "a newer java runtime" },
  java21: { deprecated: "2029-06-30", successor: "java25" },
  java17: { deprecated: "2026-06-30", successor: "java21" },
  java11: { deprecated: "2026-06-30", successor: "java21" },
  "java8.al2": { deprecated: "2026-06-30", successor: "java21" },
  java8: { deprecated: "2024-01-08", successor: "java21" },
  // .NET
  dotnet10: { deprecated: "2028-11-14", successor: "a newer dotnet runtime" },
  dotnet8: { deprecated: "2026-11-10", successor: "dotnet10" },
  dotnet7: { deprecated: "2024-05-14", successor: "dotnet10" },
  dotnet6: { deprecated: "2024-11-12", successor: "dotnet10" },
  "dotnet5.0": { deprecated: "2022-05-10", successor: "dotnet10" },
  "dotnetcore3.1": { deprecated: "2023-04-03", successor: "dotnet10" },
  "dotnetcore2.1": { deprecated: "2022-01-05", successor: "dotnet10" },
  "dotnetcore2.0": { deprecated: "2019-05-30", successor: "dotnet10" },
  "dotnetcore1.0": { deprecated: "2019-06-27", successor: "dotnet10" },
  // Ruby
  "ruby3.4": { deprecated: "2028-03-31", successor: "a newer ruby runtime" },
  "ruby3.3": { deprecated: "2027-03-31", successor: "ruby3.4" },
  "ruby3.2": { deprecated: "2026-03-31", successor: "ruby3.4" },
  "ruby2.7": { deprecated: "2023-12-07", successor: "ruby3.4" },
  "ruby2.5": { deprecated: "2021-07-30", successor: "ruby3.4" },
  // OS-only
  "provided.al2023": { deprecated: "2029-06-30", successor: "a newer provided runtime" },
  "provided.al2": { deprecated: "2026-06-30", successor: "provided.al2023" },
  provided: { deprecated: "2024-01-08", successor: "provided.al2023" },
  "go1.x": { deprecated: "2024-01-08", successor: "provided.al2023" },
};

/** Lambda's "no limit" value for reserved concurrency and for event source mapping retries/record age. */
export const LAMBDA_UNLIMITED = -1;

/** Services that invoke Lambda asynchronously when granted lambda:InvokeFunction (failures go to the DLQ / on-failure destination). */
export const ASYNC_INVOKER_PRINCIPALS: readonly string[] = [
  "events.amazonaws.com",
  "sns.amazonaws.com",
  "s3.amazonaws.com",
  "logs.amazonaws.com",
  "ses.amazonaws.com",
];

/** Event source ARNs that Lambda reads as streams (Kinesis data streams, DynamoDB streams). */
export const STREAM_SOURCE_ARN =
  /^arn:aws[a-z-]*:(kinesis:[^:]*:[^:]*:stream\/|dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/)/;
/** SQS queue ARNs (partial batch responses apply to them too). */
export const SQS_SOURCE_ARN = /^arn:aws[a-z-]*:sqs:/;
/** The function response type that enables partial batch responses. */
export const PARTIAL_BATCH_RESPONSE = "ReportBatchItemFailures";

/** Upper bounds the components use for stream event source mappings. */
export const STREAM_MAPPING_DEFAULTS = {
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: 3,
  /** One day: records older than this are sent to the on-failure destination. */
  maximumRecordAgeInSeconds: 86_400,
  functionResponseTypes: [PARTIAL_BATCH_RESPONSE],
} as const;

/** ECS log drivers that ship container logs to CloudWatch Logs (directly or through FireLens). */
export const ECS_LOG_DRIVERS: readonly string[] = ["awslogs", "awsfirelens"];

/**
 * Words that mark an environment variable as a secret when they appear as a whole `_`-separated
 * part of its upper-cased name (`DB_PASSWORD`, `GITHUB_TOKEN`, `STRIPE_API_KEY`).
 */
export const SECRET_ENV_NAME_PARTS: readonly string[] = [
  "PASSWORD",
  "PASSWD",
  "SECRET",
  "TOKEN",
  "API_KEY",
  "APIKEY",
  "PRIVATE_KEY",
  "ACCESS_KEY",
];
/** Names that are always credentials (the AWS Config rule ecs-no-environment-secrets defaults). */
export const SECRET_ENV_NAMES: readonly string[] = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "ECS_ENGINE_AUTH_DATA",
];
/** Last name parts that make a variable a pointer to a secret rather than the secret (`DB_SECRET_ARN`). */
export const SECRET_REFERENCE_SUFFIXES: readonly string[] = [
  "ARN",
  "NAME",
  "ID",
  "URL",
  "URI",
  "PATH",
  "FILE",
  "REF",
  "PARAM",
  "PARAMETER",
  "ENDPOINT",
  "REGION",
  "TTL",
];

/** Does an environment variable name look like it holds a secret value? */
export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  if (SECRET_ENV_NAMES.includes(upper)) return true;
  const parts = upper.split("_").filter(Boolean);
  if (parts.length > 1 && SECRET_REFERENCE_SUFFIXES.includes(parts[parts.length - 1]!)) return false;
  const bounded = `_${parts.join("_")}_`;
  return SECRET_ENV_NAME_PARTS.some((part) => bounded.includes(`_${part}_`));
}

/** Image tag mutability that stops tags being overwritten. */
export const ECR_IMMUTABLE_TAGS = "IMMUTABLE";
/** ECR encryption types that use KMS. */
export const ECR_KMS_ENCRYPTION_TYPES: readonly string[] = ["KMS", "KMS_DSSE"];

/** IMDS settings the components apply to instances and launch templates (IMDSv2 only, one hop for containers off). */
export const IMDS_V2_OPTIONS = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } as const;

/** ECS cluster `containerInsights` values that turn Container Insights on (ECS.12); "disabled" is the other one. */
export const ECS_CONTAINER_INSIGHTS_VALUES: readonly string[] = ["enabled", "enhanced"];

/**
 * Fargate platform versions that are the latest (ECS.10): `LATEST` (what a service without
 * platformVersion gets), or the latest number itself, 1.4.0 for Linux and 1.0.0 for Windows
 * ("Fargate platform versions", Amazon ECS Developer Guide). Update when AWS releases a new one.
 */
export const ECS_FARGATE_LATEST_PLATFORM_VERSIONS: readonly string[] = ["LATEST", "1.4.0", "1.0.0"];

/** `user` values (the part before any `:group`) that run a Linux container as root (ECS.20). */
export const ECS_ROOT_USERS: readonly string[] = ["root", "0"];

/** What an EFS volume of a task definition sets to encrypt NFS traffic with TLS (ECS.18); the default is DISABLED. */
export const ECS_EFS_TRANSIT_ENCRYPTION = "ENABLED";

/**
 * Auto Scaling groups (AutoScaling.2): the fewest Availability Zones they span (Security Hub's
 * default parameter), and the health check type that replaces instances a load balancer finds
 * unhealthy (AutoScaling.1).
 */
export const AUTOSCALING_BASELINE = { minAvailabilityZones: 2, loadBalancerHealthCheckType: "ELB" } as const;
