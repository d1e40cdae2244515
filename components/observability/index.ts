export { AlarmSet, type AlarmSetArgs } from "./alarm-set";
export { type MetricDescriptor, type Thresholds } from "../shared/metrics";
export { InvalidArgError } from "../shared/errors";
