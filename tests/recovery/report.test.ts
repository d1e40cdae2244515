/**
 * The recovery report on small graphs built by hand, the way the policy suites build theirs
 * (tests/policy/harness.ts): every estimate is the documented figures applied to the graph's inputs.
 */
import { describe, expect, it } from "vitest";
import { FIGURES } from "../../offline/recovery/figures";
import {
  isBlockingRecovery,
  recoveryReport,
  RecoveryTargetsError,
  renderRecovery,
  type RecoveryReport,
} from "../../offline/recovery/report";
import { RECOVERY_TARGET_DEFAULTS, type RecoveryTargets } from "../../components/shared/recovery-targets";
import { stackGraph, type Spec } from "../policy/harness";

const T = {
  lb: "aws:lb/loadBalancer:LoadBalancer",
  check: "aws:route53/healthCheck:HealthCheck",
  record: "aws:route53/record:Record",
  globalCluster: "aws:rds/globalCluster:GlobalCluster",
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  table: "aws:dynamodb/table:Table",
  s3: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  efs: "aws:efs/replicationConfiguration:ReplicationConfiguration",
  mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  fn: "aws:lambda/function:Function",
  restApi: "aws:apigateway/restApi:RestApi",
  apiDomain: "aws:apigateway/domainName:DomainName",
};

const ALB_DNS = "prod-web-alb-1234.us-east-1.elb.amazonaws.com";

/** The web entry point as components/edge builds it: a health check on the ALB's /health and the PRIMARY failover alias. */
function webEntry(check?: { requestInterval?: number; failureThreshold?: number }, role = "PRIMARY"): Spec[] {
  return [
    { type: T.lb, name: "alb", inputs: { internal: false, loadBalancerType: "application" } },
    ...(check
      ? [
          {
            type: T.check,
            name: "health",
            inputs: { type: "HTTPS", resourcePath: "/health", fqdn: ALB_DNS, port: 443, ...check },
          },
        ]
      : []),
    {
      type: T.record,
      name: `app-${role.toLowerCase()}`,
      inputs: {
        name: "app.example.com",
        type: "A",
        setIdentifier: role.toLowerCase(),
        failoverRoutingPolicies: [{ type: role }],
        ...(check ? { healthCheckId: "hc-0123" } : {}),
        aliases: [{ name: ALB_DNS, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }],
      },
      from: { aliases: "alb", ...(check ? { healthCheckId: "health" } : {}) },
    },
  ];
}

/** The primary half of an Aurora global database: the global cluster and its writer cluster. */
const auroraPrimary: Spec[] = [
  { type: T.globalCluster, name: "db-global", inputs: { globalClusterIdentifier: "prod-web-global" } },
  {
    type: T.cluster,
    name: "db",
    inputs: { clusterIdentifier: "prod-web-use1", globalClusterIdentifier: "prod-web-global" },
    from: { globalClusterIdentifier: "db-global" },
  },
  { type: T.instance, name: "db-1", inputs: { clusterIdentifier: "prod-web-use1" }, from: { clusterIdentifier: "db" } },
];

/** The secondary half: a cluster that joins the global database, with or without an instance. */
const auroraSecondary = (instances = 1): Spec[] => [
  {
    type: T.cluster,
    name: "db",
    inputs: { clusterIdentifier: "prod-web-usw2", globalClusterIdentifier: "prod-web-global" },
  },
  ...Array.from({ length: instances }, (_, i) => ({
    type: T.instance,
    name: `db-${i + 1}`,
    inputs: { clusterIdentifier: "prod-web-usw2" },
    from: { clusterIdentifier: "db" },
  })),
];

function report(specs: Spec[], targets: Partial<RecoveryTargets> = {}): RecoveryReport {
  const graph = stackGraph(specs, { name: "primary" });
  return recoveryReport({
    ...graph,
    outputs: { recoveryTargets: { ...RECOVERY_TARGET_DEFAULTS, ...targets } },
  });
}

const entry = (r: RecoveryReport, name: RegExp) => {
  const found = r.entries.filter((e) => name.test(e.name));
  expect(
    found.map((e) => e.name),
    `entries matching ${name}`,
  ).toHaveLength(1);
  return found[0]!;
};

describe("web entry point: Route 53 failover", () => {
  it("default settings (30 s interval, threshold 3): 3 × (30 + 6) + 60 propagation + 60 ELB TTL + 60 Aurora promotion = 288 s, under seed 003's 5 minutes", () => {
    const r = report([...webEntry({}), ...auroraPrimary]);
    const web = entry(r, /^web app\.example\.com \(Route 53 failover PRIMARY\)$/);
    const f = FIGURES;
    expect(web.rto?.seconds).toBe(
      3 * (f.healthCheckIntervalStandard.seconds + f.healthCheckTimeout.seconds) +
        f.route53Propagation.seconds +
        f.elbAliasTtl.seconds +
        f.auroraPromotion.seconds,
    );
    expect(web.rto?.seconds).toBe(288);
    expect(web.rto?.formula).toBe(
      "3 × (30 s interval + 6 s request timeout) + 60 s propagation + 60 s ELB alias TTL + 60 s Aurora promotion",
    );
    expect(web.rto?.figures).toEqual([
      "healthCheckIntervalStandard",
      "healthCheckTimeout",
      "route53Propagation",
      "elbAliasTtl",
      "auroraPromotion",
    ]);
    expect(web.automated).toBe(true);
    expect(r.misses).toEqual([]);
  });

  it("the fast option (10 s interval): 228 s; the documented figures do not bring it under 2 minutes, and the report says why", () => {
    const r = report([...webEntry({ requestInterval: 10 }), ...auroraPrimary], { rtoSeconds: 120 });
    expect(entry(r, /^web /).rto?.seconds).toBe(3 * 16 + 60 + 60 + 60);
    expect(r.misses).toHaveLength(1);
    expect(r.misses[0]).toMatchObject({ measure: "RTO", targetSeconds: 120, estimateSeconds: 228 });
    expect(r.misses[0]!.fix).toContain(
      "no Route 53 health-check setting gets under 120 s: propagation (60 s), the TTL (60 s) and the Aurora promotion (60 s) alone take 180 s",
    );
    // Even DNS alone (no database to promote) stays over 2 minutes: 3 × 16 + 60 + 60.
    expect(entry(report(webEntry({ requestInterval: 10 })), /^web /).rto?.seconds).toBe(168);
  });

  it("rejects a slow configuration (threshold 5 at 30 s: 360 s) and names the fast option as the fix", () => {
    const r = report([...webEntry({ failureThreshold: 5 }), ...auroraPrimary]);
    expect(r.misses).toEqual([
      {
        entry: "web app.example.com (Route 53 failover PRIMARY)",
        tier: "entry point",
        measure: "RTO",
        targetSeconds: 300,
        estimateSeconds: 360,
        fix: "use the fast health-check option (10 s interval): 5 × (10 + 6) + 180 = 260 s",
      },
    ]);
    expect(isBlockingRecovery(r)).toBe(true);
    expect(isBlockingRecovery({ ...r, targets: { ...r.targets, enforcement: "advisory" } })).toBe(false);
  });

  it("with the fast interval already, names the failure threshold that meets the target", () => {
    const r = report([...webEntry({ requestInterval: 10, failureThreshold: 10 }), ...auroraPrimary]);
    expect(r.misses[0]?.estimateSeconds).toBe(10 * 16 + 180);
    expect(r.misses[0]?.fix).toBe("lower the health check's failureThreshold to 7");
  });

  it("a PRIMARY record without a health check has no automated detection", () => {
    const r = report(webEntry(undefined));
    const web = entry(r, /PRIMARY/);
    expect(web.rto?.seconds).toBeNull();
    expect(r.misses[0]?.fix).toContain("attach a Route 53 health check");
  });

  it("the SECONDARY record is the standby: no estimate of its own, no miss", () => {
    const r = report(webEntry({}, "SECONDARY"));
    const standby = entry(r, /SECONDARY/);
    expect(standby.rto).toBeUndefined();
    expect(standby.notes[0]).toContain("standby");
    expect(r.misses).toEqual([]);
  });

  it("without Route 53 records, an internet-facing load balancer and a regional API have no automated failover; internal and private ones are not entry points", () => {
    const r = report([
      { type: T.lb, name: "alb", inputs: { internal: false } },
      { type: T.lb, name: "internal-alb", inputs: { internal: true } },
      { type: T.restApi, name: "api", inputs: { endpointConfiguration: { types: "REGIONAL" } } },
      { type: T.restApi, name: "private-api", inputs: { endpointConfiguration: { types: "PRIVATE" } } },
    ]);
    expect(r.entries.map((e) => e.name)).toEqual([
      "web entry point alb (internet-facing load balancer)",
      "API entry point api (API Gateway REST API)",
    ]);
    expect(r.entries.every((e) => e.rto?.seconds === null && !e.automated)).toBe(true);
    expect(r.misses.map((m) => m.fix)).toEqual([
      "route clients to it through Route 53 failover records (PRIMARY with a health check, SECONDARY) (components/edge: FailoverEndpoint, LatencyEndpoint)",
      "route clients to it through Route 53 latency records with health checks (components/edge: FailoverEndpoint, LatencyEndpoint)",
    ]);
  });

  it("an API's latency record with a health check: detection and propagation, a lower bound since AWS publishes no TTL for an API Gateway alias", () => {
    const r = report([
      { type: T.restApi, name: "api", inputs: {} },
      { type: T.apiDomain, name: "api-domain", inputs: { domainName: "api.example.com" } },
      { type: T.check, name: "api-health", inputs: { type: "HTTPS", resourcePath: "/health" } },
      {
        type: T.record,
        name: "api-use1",
        inputs: {
          name: "api.example.com",
          type: "A",
          setIdentifier: "us-east-1",
          latencyRoutingPolicies: [{ region: "us-east-1" }],
          healthCheckId: "hc-1",
          aliases: [
            { name: "d-abc.execute-api.us-east-1.amazonaws.com", zoneId: "Z1UJRXOUMOOFQ8", evaluateTargetHealth: true },
          ],
        },
        from: { aliases: "api-domain", healthCheckId: "api-health" },
      },
    ]);
    const api = entry(r, /^API api\.example\.com \(Route 53 latency, us-east-1\)$/);
    expect(api.rto?.seconds).toBe(3 * 36 + 60);
    expect(api.rto?.lowerBound).toContain("which AWS does not publish");
    expect(r.misses).toEqual([]);
  });
});

describe("databases", () => {
  it("the Aurora secondary cluster: promotion 60 s (manual), RPO 1 s (typical lag); the writer's stack reports no copy of its own", () => {
    const secondary = report(auroraSecondary());
    const db = entry(secondary, /secondary cluster prod-web-usw2/);
    expect(db).toMatchObject({ tier: "database", automated: false });
    expect(db.rto?.seconds).toBe(FIGURES.auroraPromotion.seconds);
    expect(db.rpo?.seconds).toBe(FIGURES.auroraReplicationLag.seconds);
    expect(secondary.misses).toEqual([]);
    const primary = report(auroraPrimary);
    expect(entry(primary, /primary cluster prod-web-use1/).rpo).toBeUndefined();
    expect(primary.misses).toEqual([]);
  });

  it("a headless secondary cluster cannot be promoted as it is; an RPO of 0 is out of an unplanned failover's reach", () => {
    const r = report(auroraSecondary(0), { rpoSeconds: 0 });
    expect(r.misses.map((m) => [m.measure, m.fix])).toEqual([
      ["RTO", "add a DB instance to the secondary cluster"],
      [
        "RPO",
        "an unplanned Aurora global database failover loses up to its replication lag (typically under 1 s), which no setting bounds below 0 s; keep records that need less in a DynamoDB global table with multi-Region strong consistency",
      ],
    ]);
  });

  it("a DynamoDB global table: RPO 1 s (eventual), 0 s (strong); a table without replicas is unbounded", () => {
    const table = (replicas: object[]): Spec => ({ type: T.table, name: "records", inputs: { replicas } });
    const eventual = report([table([{ regionName: "us-west-2" }])]);
    expect(entry(eventual, /global table, replicas in us-west-2/).rpo?.seconds).toBe(1);
    expect(entry(eventual, /records/).rto?.seconds).toBe(0);
    expect(
      entry(report([table([{ regionName: "us-west-2", consistencyMode: "STRONG" }])]), /records/).rpo?.seconds,
    ).toBe(0);
    const single = report([table([])]);
    expect(entry(single, /single region/).rpo?.seconds).toBeNull();
    expect(single.misses[0]?.fix).toContain("add a replica in the peer region");
  });
});

describe("copies", () => {
  const replication = (rtc: boolean): Spec => ({
    type: T.s3,
    name: "assets-replication",
    inputs: {
      bucket: "assets-use1",
      rules: [
        {
          id: "assets",
          status: "Enabled",
          destination: {
            bucket: "arn:aws:s3:::assets-usw2",
            ...(rtc ? { replicationTime: { status: "Enabled", time: { minutes: 15 } } } : {}),
          },
        },
      ],
    },
  });

  it("S3 replication with Replication Time Control: 900 s; without it unbounded, and the fix is to enable it", () => {
    expect(
      entry(report([replication(true)]), /assets-use1 → assets-usw2 \(Replication Time Control\)/).rpo?.seconds,
    ).toBe(900);
    const without = report([replication(false)]);
    expect(entry(without, /no Replication Time Control/).rpo?.seconds).toBeNull();
    expect(without.misses[0]).toMatchObject({ tier: "copy", measure: "RPO", targetSeconds: 900 });
    expect(without.misses[0]?.fix).toMatch(/^enable S3 Replication Time Control on rule assets/);
  });

  it("a copy target under 15 minutes: even RTC cannot, and EFS cannot; the report says so instead of suggesting a setting", () => {
    const r = report(
      [
        replication(true),
        { type: T.efs, name: "efs", inputs: { sourceFileSystemId: "fs-0123", destination: { region: "us-west-2" } } },
      ],
      { copyRpoSeconds: 60 },
    );
    expect(r.misses.map((m) => m.fix)).toEqual([
      expect.stringContaining("S3 replication cannot promise less than 900 s even with Replication Time Control"),
      expect.stringContaining(
        "EFS replication's documented RPO is 900 s for most file systems and no setting lowers it",
      ),
    ]);
  });

  it("databases and copies have targets of their own: RPO 1 s is not applied to a 15-minute copy", () => {
    const r = report([
      replication(true),
      { type: T.efs, name: "efs", inputs: { sourceFileSystemId: "fs-0123", destination: { region: "us-west-2" } } },
    ]);
    expect(r.entries.map((e) => [e.tier, e.rpo?.seconds])).toEqual([
      ["copy", 900],
      ["copy", 900],
    ]);
    expect(r.misses).toEqual([]);
  });

  const forwarder = (mapping: object, fn: object = { timeout: 30 }): Spec[] => [
    {
      type: T.fn,
      name: "forwarder-fn",
      inputs: {
        ...fn,
        environment: { variables: { TARGET_STREAM_ARN: "arn:aws:kinesis:us-west-2:123456789012:stream/r1" } },
      },
    },
    {
      type: T.mapping,
      name: "forwarder-primary-stream",
      inputs: { eventSourceArn: "arn:aws:kinesis:us-east-1:123456789012:stream/s1", ...mapping },
      from: { functionName: "forwarder-fn" },
    },
  ];

  it("stream forwarding: 1 s polling + the batching window + (1 + retries) × the function's timeout, from the mapping's inputs", () => {
    const r = report(
      forwarder({ maximumBatchingWindowInSeconds: 1, maximumRetryAttempts: 3, maximumRecordAgeInSeconds: 86_400 }),
    );
    const fwd = entry(r, /stream forwarding s1 \(us-east-1\) → r1 \(us-west-2\)/);
    expect(fwd.rpo?.seconds).toBe(1 + 1 + 4 * 30);
    expect(fwd.rpo?.formula).toBe(
      "1 s polling + 1 s batching window + 4 attempts (1 + 3 retries) × 30 s function timeout",
    );
    expect(r.misses).toEqual([]);
  });

  it("stream forwarding without bounded retries is unbounded; the record age bounds it when set; Lambda's 3 s default timeout applies when unset", () => {
    expect(entry(report(forwarder({})), /stream forwarding/).rpo?.seconds).toBeNull();
    expect(entry(report(forwarder({ maximumRecordAgeInSeconds: 600 })), /stream forwarding/).rpo?.seconds).toBe(
      1 + 600,
    );
    const defaults = entry(report(forwarder({ maximumRetryAttempts: 2 }, {})), /stream forwarding/);
    expect(defaults.rpo?.seconds).toBe(1 + 3 * 3);
    expect(defaults.rpo?.figures).toContain("lambdaDefaultTimeout");
  });

  it("a stream consumer that writes in its own region is not a cross-region copy", () => {
    const specs = forwarder({ maximumRetryAttempts: 1 });
    specs[0]!.inputs!.environment = {
      variables: { TABLE: "records", STREAM: "arn:aws:kinesis:us-east-1:123456789012:stream/s2" },
    };
    expect(report(specs).entries).toEqual([]);
  });
});

describe("targets and rendering", () => {
  it("reads the targets from the stack's recoveryTargets output, the defaults (advisory) without it, and refuses a malformed one", () => {
    const graph = stackGraph([]);
    expect(recoveryReport(graph)).toMatchObject({
      targets: { ...RECOVERY_TARGET_DEFAULTS, enforcement: "advisory" },
      targetsFrom: "defaults",
    });
    expect(report([], { rtoSeconds: 120 }).targets.rtoSeconds).toBe(120);
    expect(() => recoveryReport({ ...graph, outputs: { recoveryTargets: { rtoSeconds: "soon" } } })).toThrow(
      RecoveryTargetsError,
    );
  });

  it("prints one line per entry and each missed target with its fix", () => {
    const r = report([...webEntry({ failureThreshold: 5 }), ...auroraPrimary, replication()]);
    const text = renderRecovery("primary", r);
    expect(text.split("\n")).toEqual([
      "Recovery of stack primary: targets RTO 300 s (5 min), RPO 1 s (databases), 900 s (15 min) (copies); mandatory",
      "  entry point  web app.example.com (Route 53 failover PRIMARY) — RTO 360 s (6 min) typical",
      "  database     Aurora global database prod-web-global, primary cluster prod-web-use1 — the writer: its copies are the secondary clusters that join the global database, reported by the stacks that create them",
      "  copy         S3 replication assets-use1 → assets-usw2 (no Replication Time Control) — RPO unbounded",
      "  2 recovery target(s) missed (a deployment would not meet them):",
      "    - web app.example.com (Route 53 failover PRIMARY): RTO 360 s (6 min) over the 300 s (5 min) target. Fix: use the fast health-check option (10 s interval): 5 × (10 + 6) + 180 = 260 s.",
      "    - S3 replication assets-use1 → assets-usw2 (no Replication Time Control): RPO unbounded over the 900 s (15 min) target. Fix: enable S3 Replication Time Control on rule assets (destination.replicationTime: Enabled, 15 minutes, with replication metrics; BucketReplication's replicationTimeMinutes: 15).",
      "  No copy can lose less than a second: S3 replication (15 min even with RTC), EFS replication (15 min), stream forwarding (1 s polling + batching window); docs/recovery.md",
    ]);
  });

  function replication(): Spec {
    return {
      type: T.s3,
      name: "r",
      inputs: {
        bucket: "assets-use1",
        rules: [{ id: "assets", status: "Enabled", destination: { bucket: "arn:aws:s3:::assets-usw2" } }],
      },
    };
  }
});
