/**
 * The data lake processing cluster's defaults, in one place: the modules that build it
 * (processing-*.ts), their tests and the policy rules (through policy/baseline/processing.ts) read
 * them from here.
 */
import { FARGATE_MAX_STOP_TIMEOUT_SECONDS } from "../../policy/baseline/processing";
import { LOG_RETENTION } from "../../policy/baseline/observability";
import { areaPrefix, LAKE_ZONES } from "./zones";

/** A Fargate task size (CPU units and MiB). */
export interface TaskSize {
  cpu: number;
  memory: number;
}

/**
 * Fargate's task sizes up to 4 vCPU: CPU units → the memory range (MiB) and its step (ECS
 * developer guide, "Task CPU and memory"). 8 and 16 vCPU need platform 1.4.0 and are left out:
 * the processing tasks do not need them.
 */
export const FARGATE_TASK_SIZES: Readonly<Record<number, { min: number; max: number; step: number }>> = {
  256: { min: 512, max: 2048, step: 512 },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
};

export const PROCESSING_DEFAULTS = {
  /**
   * The cluster's default strategy: Spot first. With FARGATE base 0 every task may run on Spot;
   * of each five tasks placed, four go to FARGATE_SPOT and one to FARGATE, so an interruption
   * wave (or no Spot capacity) never leaves the service with nothing running.
   */
  spotWeight: 4,
  onDemandWeight: 1,
  onDemandBase: 0,
  /** The "data processing" task: 1 vCPU, 2 GiB. */
  dataProcessingSize: { cpu: 1024, memory: 2048 } as TaskSize,
  /** The "spark job" task: 2 vCPU, 4 GiB. */
  sparkJobSize: { cpu: 2048, memory: 4096 } as TaskSize,
  /**
   * ECS waits this long between SIGTERM and SIGKILL: Fargate's maximum, the whole of Spot's
   * two-minute notice, for the message in hand to finish.
   */
  stopTimeoutSeconds: FARGATE_MAX_STOP_TIMEOUT_SECONDS,
  logRetentionInDays: LOG_RETENTION.defaultRetentionDays,
  /** Images each repository keeps. */
  keepImages: 10,
  /** The service runs no task until there is work. */
  desiredCount: 0,
  minTasks: 0,
  maxTasks: 10,
  /** Target tracking on the service's average CPU (scale-out only: the empty queue scales in). */
  cpuTargetPercent: 70,
  scaleOutCooldownSeconds: 60,
  scaleInCooldownSeconds: 300,
  /** Minutes the queue must stay empty (nothing visible, nothing in flight) before the service goes to 0. */
  emptyQueueMinutes: 5,
  /**
   * Tasks added by the queue-depth step policy, by visible messages: 1-9 → +1, 10-99 → +2, 100+ →
   * +4 (applied again each minute the alarm stays on, after the cooldown, up to maxTasks).
   */
  backlogSteps: [
    { fromMessages: 1, addTasks: 1 },
    { fromMessages: 10, addTasks: 2 },
    { fromMessages: 100, addTasks: 4 },
  ] as readonly { fromMessages: number; addTasks: number }[],
  /**
   * The prefixes the data processing task reads and writes: its own data set of the hourly area
   * (the processed crawler makes one table per data set there: `processed_cleaned` beside the ETL's
   * `processed_events`).
   */
  dataProcessingReadPrefix: LAKE_ZONES.raw.prefix,
  dataProcessingWritePrefix: `${areaPrefix("processed", "hourly")}cleaned/`,
  /** The prefixes the spark job reads and writes. */
  sparkReadPrefix: LAKE_ZONES.processed.prefix,
  sparkWritePrefix: LAKE_ZONES.curated.prefix,
} as const;

/** The work queue. */
export const PROCESSING_QUEUE_DEFAULTS = {
  /**
   * How long a received message stays hidden: at least the task's processing time. A worker
   * takes up to 4 messages per receive and processes them one after another; an object of the
   * 128 MiB limit takes well under a minute, so 15 minutes covers the batch with room, and a
   * message held by a task that was killed comes back within it.
   */
  visibilityTimeoutSeconds: 900,
  /** Four days, SQS's default: work not done by then is stale. */
  messageRetentionSeconds: 345_600,
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: 5,
  /** Long polling on the queue itself. */
  receiveWaitTimeSeconds: 20,
} as const;
