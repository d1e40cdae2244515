/**
 * Issue 9, first ordering gap, in the plan: F1's tombstones (functions/change-task/worker.ts) are
 * where the task may write and read them, and the processed bucket keeps them exactly as long as
 * an older change of a deleted item can still reach the task, then expires them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { TOMBSTONE_RETENTION_DAYS } from "../../components/ingestion/defaults";
import { INGESTION_LAKE_PREFIXES } from "../../stacks/datalake";
import type { RecordedResource } from "../../offline/graph";
import { identityOf } from "../../offline/resource-ids";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const QUEUE = "aws:sqs/queue:Queue";
const PIPE = "aws:pipes/pipe:Pipe";
const DAY = 86_400;

/** A resource's ARN as the plan's mock of AWS made it. */
const arnOf = (resource: RecordedResource): unknown =>
  identityOf({
    type: resource.type,
    name: resource.name,
    inputs: resource.inputs,
    region: resource.region,
    hex: (n) => "0".repeat(n),
  }).state.arn;

let primary: PlannedStack;
let secondary: PlannedStack;
beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
});

interface Rule {
  id: string;
  status: string;
  filter?: { prefix?: string };
  expiration?: { days?: number };
  noncurrentVersionExpiration?: { noncurrentDays?: number };
}

/** The processed bucket's lifecycle rules (the bucket the pipeline exports as processedBucketName). */
function processedRules(plan: PlannedStack): Rule[] {
  const bucket = plan.outputs.processedBucketName as string;
  const config = plan.graph.ofType(LIFECYCLE).find((c: RecordedResource) => c.inputs.bucket === bucket);
  expect(config, `${plan.stack}: lifecycle of ${bucket}`).toBeDefined();
  return config!.inputs.rules as Rule[];
}

/** Where the stacks' pipelines write: the lake's raw/events/ area. */
const PREFIXES = INGESTION_LAKE_PREFIXES;

describe("tombstones of deleted items in the processed bucket", () => {
  it("expire under their own prefix, outside the latest images, in both regions' processed buckets", () => {
    for (const plan of [primary, secondary]) {
      const rule = processedRules(plan).find((r) => r.filter?.prefix === `${PREFIXES.tombstones}/`);
      expect(rule, plan.stack).toMatchObject({
        status: "Enabled",
        expiration: { days: TOMBSTONE_RETENTION_DAYS },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
      });
      expect(`${PREFIXES.tombstones}/`.startsWith(`${PREFIXES.entities}/`)).toBe(false);
      // No other rule expires the latest images or the change log (the lake's own expire its working files only).
      const covers = (r: Rule, prefix: string) => `${prefix}/`.startsWith(r.filter?.prefix ?? "");
      const others = processedRules(plan).filter(
        (r) =>
          r !== rule &&
          r.expiration?.days !== undefined &&
          (covers(r, PREFIXES.entities) || covers(r, PREFIXES.changes)),
      );
      expect(others, plan.stack).toEqual([]);
    }
  });

  it("outlive every older change that can still arrive: the change queue's retention plus its DLQ's (redrive)", () => {
    const [pipe] = primary.graph.ofType(PIPE);
    const queueByArn = (arn: unknown) => primary.graph.ofType(QUEUE).find((q) => arnOf(q) === arn);
    const queue = queueByArn(pipe!.inputs.target);
    expect(queue, "the pipe's target queue").toBeDefined();
    const redrive = JSON.parse(String(queue!.inputs.redrivePolicy)) as { deadLetterTargetArn: string };
    const dlq = queueByArn(redrive.deadLetterTargetArn);
    expect(dlq, "the change queue's DLQ").toBeDefined();
    const lives = Number(queue!.inputs.messageRetentionSeconds) + Number(dlq!.inputs.messageRetentionSeconds);
    expect(lives).toBeGreaterThan(0);
    expect(TOMBSTONE_RETENTION_DAYS * DAY).toBeGreaterThan(lives);
  });
});
