/**
 * Asynchronous copies: S3 replication (15 minutes for 99.99% of objects with Replication Time
 * Control, no stated time without it), EFS replication (an RPO of 15 minutes for most file
 * systems) and cross-region stream forwarding (Lambda's polling, the mapping's batching window and
 * its retries). None of them can lose less than a second, whatever the settings: they are held to
 * `copyRpoSeconds`, not to the databases' `rpoSeconds`.
 */
import type { RecordedResource, ResourceGraph } from "../graph";
import { FIGURES, type FigureId } from "./figures";
import { invokedFunction, numberInput, regionOfArn } from "./graph-reading";
import type { RecoveryEntry } from "./types";

const T = {
  s3Replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  efsReplication: "aws:efs/replicationConfiguration:ReplicationConfiguration",
  mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
} as const;

const where = (r: RecordedResource) => ({ name: r.name, type: r.type, region: r.region });
const bucketOf = (arn: unknown) => String(arn ?? "").replace(/^arn:[^:]+:s3:::/, "");

export function copies(graph: ResourceGraph): RecoveryEntry[] {
  return [...s3(graph), ...efs(graph), ...forwarding(graph)];
}

interface Rule {
  id?: string;
  status?: string;
  destination?: { bucket?: string; replicationTime?: { status?: string } };
}

function s3(graph: ResourceGraph): RecoveryEntry[] {
  const rtc = FIGURES.s3ReplicationTimeControl.seconds;
  const floor = (target: number) =>
    `S3 replication cannot promise less than ${rtc} s even with Replication Time Control (99.99% of objects within 15 minutes is its only guarantee), so ${target} s needs the data in a database (DynamoDB global table, Aurora) or written to both regions`;
  return graph.ofType(T.s3Replication).flatMap((config) =>
    ((config.inputs.rules as Rule[] | undefined) ?? [])
      .filter((rule) => rule.status !== "Disabled")
      .map((rule): RecoveryEntry => {
        const name = `S3 replication ${config.inputs.bucket} → ${bucketOf(rule.destination?.bucket)}`;
        const withRtc = rule.destination?.replicationTime?.status === "Enabled";
        return {
          tier: "copy",
          name: `${name}${withRtc ? " (Replication Time Control)" : " (no Replication Time Control)"}`,
          resource: where(config),
          rpo: withRtc
            ? {
                seconds: rtc,
                formula: `${rtc} s: Replication Time Control's SLA covers 99.99% of objects (no bound for the rest)`,
                figures: ["s3ReplicationTimeControl"],
              }
            : {
                seconds: null,
                formula: "no replication time: without Replication Time Control S3 promises none",
                figures: ["s3ReplicationTimeControl"],
              },
          automated: true,
          notes: ["the replica bucket is readable at all times; writers move to it by configuration"],
          fixes: {
            rpo: (target) =>
              !withRtc && target >= rtc
                ? `enable S3 Replication Time Control on rule ${rule.id ?? "(unnamed)"} (destination.replicationTime: Enabled, 15 minutes, with replication metrics; BucketReplication's replicationTimeMinutes: 15)`
                : floor(target),
          },
        };
      }),
  );
}

function efs(graph: ResourceGraph): RecoveryEntry[] {
  const rpo = FIGURES.efsReplication.seconds;
  return graph.ofType(T.efsReplication).map((config): RecoveryEntry => ({
    tier: "copy",
    name: `EFS replication ${config.inputs.sourceFileSystemId} → ${config.inputs.destination?.region ?? "?"}`,
    resource: where(config),
    rpo: {
      seconds: rpo,
      formula: `${rpo} s: EFS replication's documented RPO for most file systems`,
      figures: ["efsReplication"],
    },
    automated: false,
    notes: [
      "failover: delete the replication configuration, which makes the replica writable (an operator's step; AWS states no duration)",
    ],
    fixes: {
      rpo: (target) =>
        `EFS replication's documented RPO is ${rpo} s for most file systems and no setting lowers it; keep what must survive within ${target} s in a database`,
    },
  }));
}

/** Stream mappings whose function writes to a Kinesis stream in another region: cross-region forwarding. */
function forwarding(graph: ResourceGraph): RecoveryEntry[] {
  const entries: RecoveryEntry[] = [];
  for (const mapping of graph.ofType(T.mapping)) {
    const source = mapping.inputs.eventSourceArn;
    if (typeof source !== "string" || !/^arn:[^:]+:kinesis:/.test(source)) continue;
    const fn = invokedFunction(graph, mapping, "functionName");
    if (!fn) continue;
    const variables = (fn.inputs.environment?.variables ?? {}) as Record<string, unknown>;
    const target = Object.values(variables).find(
      (v) => typeof v === "string" && /^arn:[^:]+:kinesis:/.test(v) && regionOfArn(v) !== regionOfArn(source),
    ) as string | undefined;
    if (!target) continue;
    const poll = FIGURES.lambdaStreamPolling.seconds;
    const window = numberInput(mapping, "maximumBatchingWindowInSeconds", 0);
    const retries = numberInput(mapping, "maximumRetryAttempts", -1);
    const maxAge = numberInput(mapping, "maximumRecordAgeInSeconds", -1);
    const timeoutSet = typeof fn.inputs.timeout === "number";
    const timeout = numberInput(fn, "timeout", FIGURES.lambdaDefaultTimeout.seconds);
    const figures: FigureId[] = ["lambdaStreamPolling", ...(timeoutSet ? [] : ["lambdaDefaultTimeout" as const])];
    const attempts = retries >= 0 ? retries + 1 : Infinity;
    const processing = Math.min(attempts * timeout, maxAge >= 0 ? maxAge : Infinity);
    const seconds = Number.isFinite(processing) ? poll + window + processing : null;
    const processingTerm =
      attempts * timeout <= (maxAge >= 0 ? maxAge : Infinity)
        ? `${attempts} attempts (1 + ${retries} retries) × ${timeout} s function timeout`
        : `${maxAge} s maximum record age (retries stop there)`;
    entries.push({
      tier: "copy",
      name: `stream forwarding ${source.split("/").pop()} (${regionOfArn(source)}) → ${target.split("/").pop()} (${regionOfArn(target)})`,
      resource: where(mapping),
      rpo: {
        seconds,
        formula:
          seconds === null
            ? "unbounded: retries until the record expires from the stream (maximumRetryAttempts and maximumRecordAgeInSeconds unset)"
            : `${poll} s polling + ${window} s batching window + ${processingTerm}`,
        figures,
      },
      automated: true,
      notes: [
        "the records not yet forwarded stay in the source stream; a batch given up on leaves its position in the mapping's on-failure destination",
      ],
      fixes: {
        rpo: (t) =>
          seconds === null
            ? "bound the mapping's maximumRetryAttempts (or maximumRecordAgeInSeconds)"
            : `lower the mapping's maximumRetryAttempts or the function's timeout: ${poll} + ${window} + attempts × timeout must stay under ${t} s`,
      },
    });
  }
  return entries;
}
