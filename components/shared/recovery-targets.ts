/**
 * The recovery targets a stack is planned against: how long a failover may take (RTO) and how much
 * data it may lose (RPO). They come from the stack config (stacks/config.ts) and travel with the
 * stack as its `recoveryTargets` output, where the offline engine's recovery report
 * (offline/recovery) reads them. Pure data shared by the program and the engine (no Pulumi import):
 * here rather than in stacks/, which the package does not ship and the engine's types reach.
 */

/** `mandatory`: a missed target fails `npm start` (exit 1) as a mandatory policy violation does; `advisory`: reported only. */
export type RecoveryEnforcement = "mandatory" | "advisory";

export interface RecoveryTargets {
  /** Worst-case seconds from a region's failure until its entry points and databases serve from the peer region. */
  rtoSeconds: number;
  /** Worst-case seconds of committed records a failover may lose: the databases (Aurora global database, DynamoDB global table). */
  rpoSeconds: number;
  /**
   * Worst-case seconds of data a failover may lose from the asynchronous copies (S3 and EFS replication, stream
   * forwarding), which no AWS service replicates within a second.
   */
  copyRpoSeconds: number;
  enforcement: RecoveryEnforcement;
}

/** Seed 003: RTO under 5 minutes, RPO under 1 second; copies within the 15 minutes S3 RTC and EFS replication document. */
export const RECOVERY_TARGET_DEFAULTS: RecoveryTargets = {
  rtoSeconds: 300,
  rpoSeconds: 1,
  copyRpoSeconds: 900,
  enforcement: "mandatory",
};

/** The stack output that carries the targets. */
export const RECOVERY_TARGETS_OUTPUT = "recoveryTargets";
