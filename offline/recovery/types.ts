import type { FigureId } from "./figures";

/**
 * What a store or entry point is, which decides the target it is held to:
 *   - `entry point`: where clients arrive (a Route 53 record, a load balancer, an API); RTO only.
 *   - `database`: the committed records (Aurora global database, DynamoDB global table); RPO
 *     against `rpoSeconds`, RTO against `rtoSeconds`.
 *   - `copy`: an asynchronous copy of objects, files or a stream (S3 and EFS replication, stream
 *     forwarding); RPO against `copyRpoSeconds`. Its failover is a manual step, reported, not held
 *     to the RTO target.
 */
export type Tier = "entry point" | "database" | "copy";

/** One worst-case figure of an entry: the seconds (null when nothing bounds it) and how they follow from the graph and the documented figures. */
export interface Estimate {
  /** null: unbounded (no automated failover, no replica, no SLA). */
  seconds: number | null;
  /** The sum, in words and numbers, e.g. "3 × (30 s interval + 6 s timeout) + 60 s propagation + 60 s TTL". */
  formula: string;
  /** The documented figures it rests on (offline/recovery/figures.ts). */
  figures: FigureId[];
  /** Set when a term AWS does not document is left out, so the figure is a lower bound. */
  lowerBound?: string;
}

export interface RecoveryEntry {
  tier: Tier;
  /** What it is, for a person: "web entry point app.example.com (Route 53 failover PRIMARY)". */
  name: string;
  /** The resource the estimate is read from (logical name and type) and where it lives. */
  resource: { name: string; type: string; region: string };
  /** Time to detect the failure and fail over; absent where the tier has none. */
  rto?: Estimate;
  /** Data-loss window; absent where the tier holds no data. */
  rpo?: Estimate;
  /** Whether anything in the graph starts the failover (a health check); false: an operator does (runbook). */
  automated: boolean;
  notes: string[];
  /** How to get under a target this entry misses, per measure (set by the estimator, used by the report when the target is missed). */
  fixes?: { rto?: (targetSeconds: number) => string; rpo?: (targetSeconds: number) => string };
}
