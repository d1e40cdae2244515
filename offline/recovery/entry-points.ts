/**
 * Entry points: how long Route 53 takes to send clients to the other region. For a failover
 * (PRIMARY) or latency record with a health check, the worst case is
 *
 *   failureThreshold × (requestInterval + request timeout)   the health checkers' consecutive failures
 *   + propagation                                              the new status reaching Route 53's name servers
 *   + TTL                                                      resolvers keeping the old answer (60 s for an ELB alias)
 *   + Aurora promotion                                         when the region's web tier writes to an Aurora global database
 *
 * each term from the graph (the health check's and the record's inputs) or a documented figure.
 * A load balancer or API that no such record routes to has no automated failover.
 */
import type { RecordedResource, ResourceGraph } from "../graph";
import { FIGURES, type FigureId } from "./figures";
import { numberInput, sourceOf } from "./graph-reading";
import type { Estimate, RecoveryEntry } from "./types";

export const T = {
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  loadBalancers: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  restApi: "aws:apigateway/restApi:RestApi",
  apiDomain: "aws:apigateway/domainName:DomainName",
  auroraCluster: "aws:rds/cluster:Cluster",
} as const;

/** Route 53's default failure threshold when the health check sets none (CreateHealthCheck). */
const DEFAULT_FAILURE_THRESHOLD = 3;

const ELB_DNS = /\.elb\.amazonaws\.com\.?$/i;

interface Alias {
  name?: string;
  zoneId?: string;
  evaluateTargetHealth?: boolean;
}

const aliasOf = (record: RecordedResource): Alias | undefined => (record.inputs.aliases as Alias[] | undefined)?.[0];
const failoverRole = (record: RecordedResource): string | undefined =>
  (record.inputs.failoverRoutingPolicies as { type?: string }[] | undefined)?.[0]?.type;
const latencyRegion = (record: RecordedResource): string | undefined =>
  (record.inputs.latencyRoutingPolicies as { region?: string }[] | undefined)?.[0]?.region;

/** The load balancer a record's alias points at. */
function loadBalancerOf(graph: ResourceGraph, record: RecordedResource): RecordedResource | undefined {
  return sourceOf(graph, record, "aliases", T.loadBalancers);
}

/** Whether the record is an alias to an ELB load balancer (from the graph, or by its DNS name). */
const aliasesElb = (graph: ResourceGraph, record: RecordedResource) =>
  loadBalancerOf(graph, record) !== undefined || ELB_DNS.test(aliasOf(record)?.name ?? "");

const aliasesApi = (graph: ResourceGraph, record: RecordedResource) =>
  sourceOf(graph, record, "aliases", [T.apiDomain]) !== undefined || /execute-api/.test(aliasOf(record)?.name ?? "");

/** Aurora clusters of this graph that belong to a global database (the standby region must promote its cluster). */
const globalClusters = (graph: ResourceGraph) =>
  graph.ofType(T.auroraCluster).filter((c) => Boolean(c.inputs.globalClusterIdentifier));

/** Route 53's DNS failover time for a record with this health check, and what it would take to meet a target. */
export function dnsFailover(
  graph: ResourceGraph,
  record: RecordedResource,
  check: RecordedResource,
  withPromotion: boolean,
): { estimate: Estimate; fix: (target: number) => string } {
  const interval = numberInput(check, "requestInterval", FIGURES.healthCheckIntervalStandard.seconds);
  const threshold = numberInput(check, "failureThreshold", DEFAULT_FAILURE_THRESHOLD);
  const tcp = String(check.inputs.type ?? "HTTPS").toUpperCase() === "TCP";
  const timeoutId: FigureId = tcp ? "healthCheckTcpTimeout" : "healthCheckTimeout";
  const timeout = FIGURES[timeoutId].seconds;
  const intervalId: FigureId =
    interval === FIGURES.healthCheckIntervalFast.seconds ? "healthCheckIntervalFast" : "healthCheckIntervalStandard";
  const figures: FigureId[] = [intervalId, timeoutId, "route53Propagation"];
  const propagation = FIGURES.route53Propagation.seconds;
  let ttl = 0;
  let ttlTerm = "";
  let lowerBound: string | undefined;
  if (aliasOf(record)) {
    if (aliasesElb(graph, record)) {
      ttl = FIGURES.elbAliasTtl.seconds;
      ttlTerm = ` + ${ttl} s ELB alias TTL`;
      figures.push("elbAliasTtl");
    } else {
      lowerBound = `plus the TTL Route 53 answers with for this alias target (${aliasOf(record)?.name ?? "unknown"}), which AWS does not publish`;
    }
  } else {
    ttl = numberInput(record, "ttl", 0);
    ttlTerm = ` + ${ttl} s record TTL`;
  }
  const promotion = withPromotion ? FIGURES.auroraPromotion.seconds : 0;
  if (withPromotion) figures.push("auroraPromotion");
  const fixed = propagation + ttl + promotion;
  const detection = threshold * (interval + timeout);
  const formula =
    `${threshold} × (${interval} s interval + ${timeout} s request timeout) + ${propagation} s propagation${ttlTerm}` +
    (withPromotion ? ` + ${promotion} s Aurora promotion` : "");
  const fix = (target: number): string => {
    const fast = FIGURES.healthCheckIntervalFast.seconds;
    const thresholdFor = (i: number) => Math.floor((target - fixed) / (i + timeout));
    if (interval !== fast && threshold * (fast + timeout) + fixed <= target)
      return `use the fast health-check option (${fast} s interval): ${threshold} × (${fast} + ${timeout}) + ${fixed} = ${threshold * (fast + timeout) + fixed} s`;
    const best = Math.min(interval, fast);
    if (thresholdFor(best) >= 1)
      return `lower the health check's failureThreshold to ${thresholdFor(best)}${interval !== best ? ` with the fast ${best} s interval` : ""}`;
    return `no Route 53 health-check setting gets under ${target} s: propagation (${propagation} s)${ttl ? `, the TTL (${ttl} s)` : ""}${promotion ? ` and the Aurora promotion (${promotion} s)` : ""} alone take ${fixed} s, and one check at the fast interval ${fast + timeout} s more; a lower target needs routing that does not wait on DNS (e.g. AWS Global Accelerator or Route 53 ARC routing controls, not modelled here)`;
  };
  return {
    estimate: { seconds: detection + fixed, formula, figures, ...(lowerBound ? { lowerBound } : {}) },
    fix,
  };
}

export function entryPoints(graph: ResourceGraph): RecoveryEntry[] {
  const entries: RecoveryEntry[] = [];
  const routed = graph.ofType(T.record).filter((r) => failoverRole(r) !== undefined || latencyRegion(r) !== undefined);
  const promotes = globalClusters(graph).length > 0;
  for (const record of routed) {
    const role = failoverRole(record);
    const name = String(record.inputs.name ?? record.name);
    const check = sourceOf(graph, record, "healthCheckId", [T.healthCheck]);
    const resource = { name: record.name, type: record.type, region: record.region };
    if (role === "SECONDARY") {
      entries.push({
        tier: "entry point",
        name: `${name} (Route 53 failover SECONDARY)`,
        resource,
        automated: true,
        notes: [
          "standby: Route 53 answers with it once the PRIMARY record's health check fails; the failover time is reported by the stack that holds the PRIMARY record",
          ...(check || aliasOf(record)?.evaluateTargetHealth
            ? []
            : [
                "no health check and no target-health evaluation: Route 53 sends clients here even when this region is down too",
              ]),
        ],
      });
      continue;
    }
    const routing = role ? `Route 53 failover ${role}` : `Route 53 latency, ${latencyRegion(record)}`;
    const web = role !== undefined && aliasesElb(graph, record);
    const label = `${web ? "web" : aliasesApi(graph, record) ? "API" : "entry point"} ${name} (${routing})`;
    if (!check) {
      entries.push({
        tier: "entry point",
        name: label,
        resource,
        rto: {
          seconds: null,
          formula: "no health check on the record: nothing detects the region's failure",
          figures: [],
        },
        automated: false,
        notes: aliasOf(record)?.evaluateTargetHealth
          ? ["target-health evaluation alone sees the load balancer's targets, not a region that does not answer"]
          : [],
        fixes: { rto: () => `attach a Route 53 health check (HTTPS on /health) to the ${role ?? "latency"} record` },
      });
      continue;
    }
    const { estimate, fix } = dnsFailover(graph, record, check, web && promotes);
    entries.push({
      tier: "entry point",
      name: label,
      resource,
      rto: estimate,
      automated: true,
      notes:
        web && promotes
          ? [
              "the standby region serves writes once its Aurora cluster is promoted; the runbook starts the promotion when the health check fails (docs/runbook-web-failover.md), so the report adds it",
            ]
          : [],
      fixes: { rto: fix },
    });
  }
  // Entry points no routed record covers.
  const covered = new Set(routed.map((r) => loadBalancerOf(graph, r)?.urn).filter(Boolean));
  for (const lb of graph.resources.filter((r) => (T.loadBalancers as readonly string[]).includes(r.type))) {
    if (lb.inputs.internal === true || covered.has(lb.urn)) continue;
    entries.push(
      noFailover(
        `web entry point ${lb.name} (internet-facing load balancer)`,
        lb,
        "Route 53 failover records (PRIMARY with a health check, SECONDARY)",
      ),
    );
  }
  if (!routed.some((r) => aliasesApi(graph, r))) {
    for (const api of graph.ofType(T.restApi)) {
      const types = JSON.stringify(api.inputs.endpointConfiguration?.types ?? "");
      if (types.includes("PRIVATE")) continue;
      entries.push(
        noFailover(
          `API entry point ${api.name} (API Gateway REST API)`,
          api,
          "Route 53 latency records with health checks",
        ),
      );
    }
  }
  return entries;
}

function noFailover(name: string, r: RecordedResource, records: string): RecoveryEntry {
  return {
    tier: "entry point",
    name,
    resource: { name: r.name, type: r.type, region: r.region },
    rto: {
      seconds: null,
      formula: "no automated failover: no Route 53 failover or latency record with a health check routes to it",
      figures: [],
    },
    automated: false,
    notes: [],
    fixes: {
      rto: () => `route clients to it through ${records} (components/edge: FailoverEndpoint, LatencyEndpoint)`,
    },
  };
}
