/**
 * One measurement, in a fresh process: plan the same regional network (key + network) in N
 * regions of one program and print `{ regions, ms, resources }` as JSON.
 */
import * as aws from "@pulumi/aws";
import { performance } from "node:perf_hooks";
import { RegionalNetwork } from "../components/network";
import { RegionalKey } from "../components/security";
import { planProgram } from "../offline/testkit";

export const BENCH_REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
  "sa-east-1",
];

function networksIn(regions: string[]) {
  regions.forEach((region, i) => {
    const provider = new aws.Provider(`bench-${region}`, { region, defaultTags: { tags: { Environment: "bench" } } });
    const key = new RegionalKey(`bench-key-${i}`, {}, { providers: { aws: provider } });
    new RegionalNetwork(
      `bench-net-${i}`,
      { cidrBlock: `10.${i}.0.0/16`, kmsKeyArn: key.keyArn, region },
      { providers: { aws: provider } },
    );
  });
}

async function main() {
  const count = Number(process.argv[2] ?? "1");
  const regions = BENCH_REGIONS.slice(0, count);
  // Warm the module cache so the measurement is the plan, not the first require of @pulumi/aws.
  await planProgram(() => networksIn(regions.slice(0, 1)), { stack: "warmup" });
  const start = performance.now();
  const plan = await planProgram(() => networksIn(regions), { stack: "bench" });
  const ms = performance.now() - start;
  console.log(JSON.stringify({ regions: count, ms, resources: plan.resources.filter((r) => r.custom).length }));
}

if (require.main === module) void main();
