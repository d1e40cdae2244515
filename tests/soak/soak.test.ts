/**
 * A short soak (README, "Benchmarks": the full one is `npm run soak`): the ingestion path end to
 * end on the emulators, both regions, every fault injected, and every record where it belongs
 * exactly once.
 */
import { describe, expect, it } from "vitest";
import { ALL_FAULTS, soakConfig } from "./config";
import { runSoak } from "./soak";

/**
 * Enough records for every fault to fire (each fires at its first opportunity); every record more
 * costs about 25 ms of CPU that the rest of the suite waits for. `npm run soak` runs 20,000.
 */
const RECORDS = Number(process.env.SOAK_TEST_RECORDS ?? 60);
/**
 * Every fault at its default rate: each fires at its first opportunity (tests/soak/random.ts), so a
 * short run meets every one of them; higher rates would mostly add crashed environments to restart.
 */
const SHORT_RUN_FAULTS = { ...ALL_FAULTS, taskKills: 1, outageMs: 1000 };
const FAULTS = [
  "duplicateDeliveries",
  "crashes",
  "bisections",
  "taskKills",
  "outages",
  "failedEvents",
  "queueDuplicates",
  "throttled",
  "unprocessed",
  "throttledRecords",
  "forwarderCallsFailed",
  "slowDowns",
];

describe("the ingestion path under faults (a short soak on the emulators)", () => {
  it("stores, announces, processes, archives and forwards every record exactly where it belongs, with none lost, doubled or brought back after its deletion, under every fault", async () => {
    const run = await runSoak(soakConfig({ records: RECORDS, malformedRate: 0.02, faults: SHORT_RUN_FAULTS }));
    console.log(run.line);

    expect(run.problems).toEqual([]);
    expect(run.figures).toMatchObject({ produced: RECORDS, lost: 0, doubled: 0, resurrected: 0 });
    expect(run.figures.dlq).toBeGreaterThan(0);
    // A soak that injected nothing would prove nothing: every fault fired at least once.
    const fired = Object.fromEntries(FAULTS.map((fault) => [fault, (run.faults[fault] ?? 0) > 0]));
    expect(fired).toEqual(Object.fromEntries(FAULTS.map((fault) => [fault, true])));
  }, 180_000);
});
