/** What a soak run does: its size, its seed and the rates of the faults it injects. */
export interface SoakFaults {
  /** Invocations of a stream function whose batch is delivered again after it succeeded. */
  duplicateDelivery: number;
  /** Invocations killed part way through (the batch is then bisected and retried). */
  crash: number;
  /** DynamoDB write calls throttled, and BatchWriteItem items handed back unprocessed; PutRecords records throttled. */
  throttle: number;
  /** PutEvents entries failed. */
  publishFailure: number;
  /** PutObject calls answered 503 SlowDown. */
  s3Failure: number;
  /** The forwarder's PutRecords calls failed as a whole. */
  forwarderFailure: number;
  /** The change queue hands messages out in random order. */
  shuffle: boolean;
  /** Deleted change messages delivered again later (a standard queue's at-least-once). */
  queueDuplicate: number;
  /** Times the change task is killed (SIGKILL) and replaced, per region. */
  taskKills: number;
  /** The secondary region's emulators stopped when this share of the records is on the streams, for `outageMs`. */
  outageAt: number | undefined;
  outageMs: number;
}

export interface SoakConfig {
  records: number;
  seed: number;
  /** Share of the records produced in the secondary region (the rest in the primary). */
  secondaryShare: number;
  /** Records that pass the API's model but not the consumer's checks (they must end in the DLQ). */
  malformedRate: number;
  /** Stored records deleted from the table once ingested everywhere. */
  deleteRate: number;
  faults: SoakFaults;
}

export const ALL_FAULTS: SoakFaults = {
  duplicateDelivery: 0.03,
  crash: 0.02,
  throttle: 0.03,
  publishFailure: 0.01,
  s3Failure: 0.005,
  forwarderFailure: 0.05,
  shuffle: true,
  queueDuplicate: 0.02,
  taskKills: 2,
  outageAt: 0.4,
  outageMs: 2000,
};

export const NO_FAULTS: SoakFaults = {
  duplicateDelivery: 0,
  crash: 0,
  throttle: 0,
  publishFailure: 0,
  s3Failure: 0,
  forwarderFailure: 0,
  shuffle: false,
  queueDuplicate: 0,
  taskKills: 0,
  outageAt: undefined,
  outageMs: 0,
};

export function soakConfig(overrides: Partial<SoakConfig> = {}): SoakConfig {
  return {
    records: 20_000,
    seed: 20261129,
    secondaryShare: 0.2,
    malformedRate: 0.001,
    deleteRate: 0.1,
    faults: ALL_FAULTS,
    ...overrides,
  };
}
