export * from "./defaults";
export {
  IngestionPipeline,
  INGESTION_PIPELINE_METRIC_IDS,
  INGESTION_PIPELINE_OWN_METRIC_IDS,
  replicaTableArn,
  type ExistingTable,
  type IngestionPipelineArgs,
  type IngestionPipelineMetricId,
} from "./pipeline";
export {
  CrossRegionLink,
  CROSS_REGION_LINK_METRIC_IDS,
  type CrossRegionLinkArgs,
  type CrossRegionLinkMetricId,
  type RegionEnd,
} from "./cross-region";
export * from "./api";
export { IngestionEvents, type IngestionEventsArgs } from "./events";
export {
  ChangeProcessing,
  CHANGE_PROCESSING_METRIC_IDS,
  type ChangeProcessingArgs,
  type ChangeProcessingMetricId,
} from "./change-processing";
export { streamReadStatements, streamWriteStatements, type StreamSettings } from "./stream";
export { tableReadStatements, tableWriteStatements, type TableReplica } from "./table";
export { InvalidArgError } from "../shared/errors";
export type { Supporting } from "../shared/supporting";
