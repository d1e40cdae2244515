/**
 * `npm run soak [-- --records N] [-- --seed S] [-- --no-faults]`: the ingestion path end to end
 * under every fault (tests/soak/soak.ts), then one line of figures; exits 1 on any problem.
 */
import { NO_FAULTS, soakConfig } from "./config";
import { runSoak } from "./soak";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const records = Number(option("records") ?? process.env.SOAK_RECORDS ?? 20_000);
  if (!Number.isInteger(records) || records < 1)
    throw new Error(`--records must be a positive whole number, got ${records}`);
  const config = soakConfig({
    records,
    ...(option("seed") ? { seed: Number(option("seed")) } : {}),
    ...(process.argv.includes("--no-faults") ? { faults: NO_FAULTS } : {}),
  });
  console.log(`soak: ${config.records} records, seed ${config.seed}, faults ${JSON.stringify(config.faults)}`);
  const run = await runSoak(config, (line) => console.log(line));
  console.log(`soak: faults injected ${JSON.stringify(run.faults)}`);
  for (const problem of run.problems) console.log(`soak: PROBLEM ${problem}`);
  console.log(run.line);
  process.exitCode = run.problems.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
