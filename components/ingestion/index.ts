export * from "./defaults";
export { IngestionPipeline, replicaTableArn, type ExistingTable, type IngestionPipelineArgs } from "./pipeline";
export { CrossRegionLink, type CrossRegionLinkArgs, type RegionEnd } from "./cross-region";
export { IngestionApi, type IngestionApiArgs } from "./api";
export { IngestionEvents, type IngestionEventsArgs } from "./events";
export { ChangeProcessing, type ChangeProcessingArgs } from "./change-processing";
export { streamReadStatements, streamWriteStatements, type StreamSettings } from "./stream";
export { tableReadStatements, tableWriteStatements, type TableReplica } from "./table";
