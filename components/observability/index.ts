export { AlarmSet, type AlarmSetArgs } from "./alarm-set";
export { REGION_HEALTH_SIGNALS } from "./defaults";
export { type Notifications } from "./notifications";
export { cloudTrailKeyStatements, type TrailArnContext } from "./trail";
export type { SamplingRuleArgs } from "./tracing";
export { BACKUP_VOLUME_TAG } from "./backup-defaults";
export type { BackupArgs, BackupCopyTarget, BackupVaultLock } from "./backup";
export {
  ObservabilityStack,
  type ObservabilityStackArgs,
  type ObservedComponent,
  type TopicPolicyStatement,
} from "./observability-stack";
export { type MetricDescriptor, type Thresholds } from "../shared/metrics";
export { InvalidArgError } from "../shared/errors";
export {
  DASHBOARD_CONCERNS,
  type DashboardConcern,
  type DashboardPanel,
  type DashboardSource,
  type DashboardStat,
  type MetricView,
} from "../shared/dashboard";
