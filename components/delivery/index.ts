export { DeliveryPipeline, type DeliveryPipelineArgs } from "./delivery-pipeline";
export {
  CONNECTION_PROVIDER_TYPES,
  DELIVERY_DEFAULTS,
  DELIVERY_JOBS,
  DELIVERY_NOTIFICATION_EVENTS,
  DELIVERY_STAGES,
  type ConnectionProviderType,
  type DeliveryJob,
} from "./delivery-defaults";
export { deliveryKeyStatements, deliveryTopicStatements } from "./notifications";
export { buildspecProblems, buildspecsDirectory } from "./buildspec";
export { EXISTING_CONNECTION_STATUS } from "./source-connection";
export { InvalidArgError } from "../shared/errors";
