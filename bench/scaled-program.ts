/**
 * The benchmark's large graph: the primary stack's program (its foundation, the ingestion
 * pipeline with its replica key, and the alarms) repeated for several environments in one stack,
 * each with its own VPC network and names. With 6 environments it is about 1,200 registrations,
 * three times today's two stacks. TWIN_REGION_BENCH_ENVIRONMENTS sets the count.
 */
import { deployPrimary } from "../stacks/primary";
import { loadConfig } from "../stacks/config";

const DEFAULT_ENVIRONMENTS = 6;

export = async () => {
  const config = loadConfig();
  const count = Number(process.env.TWIN_REGION_BENCH_ENVIRONMENTS ?? DEFAULT_ENVIRONMENTS);
  const exports: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const environment = `${config.environment}${i}`;
    exports[environment] = deployPrimary({ ...config, environment, vpcCidr: `10.${i}.0.0/16` });
  }
  return exports;
};
