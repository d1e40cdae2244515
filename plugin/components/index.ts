/** The component package's components: thin facades over the TypeScript components, args without unions. */
import { DataLake } from "./datalake";
import { DeliveryPipeline } from "./delivery";
import { IngestionPipeline } from "./ingestion";
import { RegionalKey } from "./key";
import { RegionalNetwork } from "./network";
import { ObservabilityStack } from "./observability";
import { ResilientWebTier } from "./web";

export * from "./enums";
export type { NetworkRef } from "./network-ref";
export * from "./datalake";
export * from "./delivery";
export * from "./ingestion";
export * from "./key";
export * from "./network";
export * from "./observability";
export type { FunctionRelease } from "./release";
export * from "./web";

/** Every component the package serves (plugin/index.ts); each is `twin-region:index:<class name>` in the schema. */
export const COMPONENTS = [
  RegionalKey,
  RegionalNetwork,
  IngestionPipeline,
  ResilientWebTier,
  DataLake,
  ObservabilityStack,
  DeliveryPipeline,
];
