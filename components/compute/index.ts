export * from "./defaults";
export {
  BUNDLE_TARGET,
  bundleFunction,
  FUNCTION_NAMES,
  LAMBDA_HANDLER,
  PROGRAM_NAMES,
  type BundleOptions,
  type FunctionBundle,
  type FunctionName,
  type ProgramName,
} from "./function-bundle";
export { kmsStatements, rolePolicy, serviceRole, type Grantee, type KeyUse, type Statement } from "./iam";
export {
  MAX_DESCRIPTION_LENGTH,
  PlatformFunction,
  type FunctionMetricId,
  type FunctionReleaseOutputs,
  type PlatformFunctionArgs,
  type StreamSourceArgs,
} from "./platform-function";
export {
  deploymentConfigName,
  RELEASE_STRATEGIES,
  resolveRelease,
  type FunctionReleaseArgs,
  type ReleaseStrategy,
  type ResolvedRelease,
} from "./release";
export { taskImageContext, type TaskImageContext, type TaskImageOptions } from "./task-image";
export { InvalidArgError } from "../shared/errors";
export type { LogGroupRef, LogSource } from "../shared/log-groups";
export type { TracedKind, TracedResource } from "../shared/traced";
