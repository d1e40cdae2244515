/**
 * The stack program (Pulumi.yaml `main`). Config is read and validated once, before any resource
 * is created; the stack's role decides what it deploys. Deploy the primary first, then the secondary.
 */
import { loadConfig } from "./config";
import { deployPrimary } from "./primary";
import { deploySecondary } from "./secondary";

export = async () => {
  const config = loadConfig();
  return config.role === "primary" ? deployPrimary(config) : deploySecondary(config);
};
