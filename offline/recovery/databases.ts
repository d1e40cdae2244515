/**
 * Databases: the committed records. An Aurora global database loses what had not replicated
 * (typically under a second) when a secondary cluster is promoted, which takes less than a minute
 * once started; a DynamoDB global table is multi-active (nothing to promote) and loses what had not
 * replicated (typically within a second; zero with multi-Region strong consistency).
 *
 * A cross-region copy is reported by the stack whose graph holds it: the Aurora secondary cluster
 * by the stack that joins the global database, the table's replicas by the stack that declares them.
 */
import type { RecordedResource, ResourceGraph } from "../graph";
import { FIGURES } from "./figures";
import { sourceOf } from "./graph-reading";
import type { RecoveryEntry } from "./types";

const T = {
  globalCluster: "aws:rds/globalCluster:GlobalCluster",
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  table: "aws:dynamodb/table:Table",
} as const;

const where = (r: RecordedResource) => ({ name: r.name, type: r.type, region: r.region });

export function databases(graph: ResourceGraph): RecoveryEntry[] {
  return [...aurora(graph), ...dynamodb(graph)];
}

function aurora(graph: ResourceGraph): RecoveryEntry[] {
  const entries: RecoveryEntry[] = [];
  for (const cluster of graph.ofType(T.cluster)) {
    const id = cluster.inputs.globalClusterIdentifier as string | undefined;
    if (!id) continue;
    const identifier = String(cluster.inputs.clusterIdentifier ?? cluster.name);
    const owner =
      sourceOf(graph, cluster, "globalClusterIdentifier", [T.globalCluster]) ??
      graph.ofType(T.globalCluster).find((g) => g.inputs.globalClusterIdentifier === id);
    if (owner) {
      entries.push({
        tier: "database",
        name: `Aurora global database ${id}, primary cluster ${identifier}`,
        resource: where(cluster),
        automated: false,
        notes: [
          "the writer: its copies are the secondary clusters that join the global database, reported by the stacks that create them",
        ],
      });
      continue;
    }
    const instances = graph
      .ofType(T.instance)
      .filter(
        (i) =>
          sourceOf(graph, i, "clusterIdentifier", [T.cluster]) === cluster || i.inputs.clusterIdentifier === identifier,
      );
    const lag = FIGURES.auroraReplicationLag.seconds;
    const promotion = FIGURES.auroraPromotion.seconds;
    entries.push({
      tier: "database",
      name: `Aurora global database ${id}, secondary cluster ${identifier}`,
      resource: where(cluster),
      rto:
        instances.length > 0
          ? {
              seconds: promotion,
              formula: `${promotion} s to promote the secondary cluster (started by an operator or automation: docs/runbook-web-failover.md)`,
              figures: ["auroraPromotion"],
            }
          : {
              seconds: null,
              formula: "a headless secondary cluster (no DB instance) must get an instance before it can be promoted",
              figures: [],
            },
      rpo: {
        seconds: lag,
        formula: `${lag} s replication lag lost by an unplanned failover (typical; a switchover loses 0 s)`,
        figures: ["auroraReplicationLag", "auroraSwitchoverRpo"],
      },
      automated: false,
      notes: [
        "nothing in the graph starts the promotion: the runbook does (failover-global-cluster --allow-data-loss)",
      ],
      fixes: {
        rto: () =>
          instances.length > 0
            ? `no Aurora setting promotes faster than the documented ${promotion} s`
            : "add a DB instance to the secondary cluster",
        rpo: (target) =>
          `an unplanned Aurora global database failover loses up to its replication lag (typically under ${lag} s), which no setting bounds below ${target} s; keep records that need less in a DynamoDB global table with multi-Region strong consistency`,
      },
    });
  }
  return entries;
}

interface Replica {
  regionName?: string;
  consistencyMode?: string;
}

function dynamodb(graph: ResourceGraph): RecoveryEntry[] {
  return graph.ofType(T.table).map((table): RecoveryEntry => {
    const replicas = (table.inputs.replicas as Replica[] | undefined) ?? [];
    const name = `DynamoDB table ${table.name}`;
    if (replicas.length === 0) {
      return {
        tier: "database",
        name: `${name} (single region)`,
        resource: where(table),
        rpo: {
          seconds: null,
          formula: "no replica in another region: a regional failure loses access to it all",
          figures: [],
        },
        automated: false,
        notes: [],
        fixes: { rpo: () => "make it a global table: add a replica in the peer region (twin-region:secondaryRegion)" },
      };
    }
    const strong = replicas.some((r) => String(r.consistencyMode ?? "").toUpperCase() === "STRONG");
    const regions = replicas.map((r) => r.regionName).join(", ");
    const rpo = strong ? FIGURES.dynamodbStrongConsistency.seconds : FIGURES.dynamodbReplication.seconds;
    return {
      tier: "database",
      name: `${name} (global table, replicas in ${regions})`,
      resource: where(table),
      rto: {
        seconds: 0,
        formula:
          "0 s: every replica takes reads and writes (multi-active); moving the clients is the entry point's RTO",
        figures: [],
      },
      rpo: strong
        ? {
            seconds: rpo,
            formula: "0 s: multi-Region strong consistency replicates before a write succeeds",
            figures: ["dynamodbStrongConsistency"],
          }
        : {
            seconds: rpo,
            formula: `${rpo} s: multi-Region eventual consistency replicates typically within a second`,
            figures: ["dynamodbReplication"],
          },
      automated: true,
      notes: [],
      fixes: {
        rpo: (target) =>
          `a multi-Region eventually consistent global table replicates typically within ${rpo} s, not under ${target} s; multi-Region strong consistency (replicas' consistencyMode STRONG) gives RPO 0`,
      },
    };
  });
}
