/**
 * Delivery baseline (CodeBuild projects and CodePipeline pipelines): what the delivery rules
 * enforce and what DeliveryPipeline applies. Plain data.
 */

/** CodeBuild environment variable types: PLAINTEXT (the default) holds the value in the project itself. */
export const CODEBUILD_PLAINTEXT_ENV_TYPE = "PLAINTEXT";

/** The environment variable types that resolve a value at build time instead of holding it. */
export const CODEBUILD_REFERENCE_ENV_TYPES: readonly string[] = ["SECRETS_MANAGER", "PARAMETER_STORE"];

/** A CodeBuild log configuration's status values; a project logs to CloudWatch Logs unless it says DISABLED. */
export const CODEBUILD_LOGS_ENABLED = "ENABLED";
export const CODEBUILD_LOGS_DISABLED = "DISABLED";

/** The artifact store encryption key type CodePipeline takes (the only one). */
export const CODEPIPELINE_KEY_TYPE = "KMS";
