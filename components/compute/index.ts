export * from "./defaults";
export {
  BUNDLE_TARGET,
  bundleFunction,
  FUNCTION_NAMES,
  LAMBDA_HANDLER,
  type FunctionBundle,
  type FunctionName,
} from "./function-bundle";
export { kmsStatements, rolePolicy, serviceRole, type Statement } from "./iam";
export {
  MAX_DESCRIPTION_LENGTH,
  PlatformFunction,
  type PlatformFunctionArgs,
  type StreamSourceArgs,
} from "./platform-function";
export { taskImageContext, type TaskImageContext, type TaskImageOptions } from "./task-image";
