export * from "./defaults";
export { keyPolicyStatements, type KeyPolicyContext } from "./key-policy";
export { createRegionalProvider, platformTags, type PlatformTagsArgs, type RegionalProviderArgs } from "./provider";
export { RegionalKey, type KeyPolicyStatement, type RegionalKeyArgs } from "./regional-key";
export { InvalidArgError } from "../shared/errors";
