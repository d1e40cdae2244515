/**
 * The package's root entry (`twin-region`): every component module as a namespace. Each is also
 * its own entry point (`twin-region/network`, `twin-region/security`, ...), which loads only that
 * module; the offline test kit is `twin-region/testing` and the policy rules `twin-region/policy`.
 *
 *   import { network, security } from "twin-region";
 *   new network.RegionalNetwork("net", { cidrBlock: "10.0.0.0/16", kmsKeyArn: key.keyArn });
 */
export * as network from "./components/network";
export * as security from "./components/security";
export * as storage from "./components/storage";
export * as compute from "./components/compute";
export * as ingestion from "./components/ingestion";
export * as observability from "./components/observability";
export * as edge from "./components/edge";
export * as delivery from "./components/delivery";
