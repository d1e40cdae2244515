export { AlarmSet, type AlarmSetArgs } from "./alarm-set";
export { type MetricDescriptor } from "../shared/metrics";
