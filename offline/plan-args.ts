import { parseArgs } from "node:util";

export interface PlanArgs {
  stacks: string[];
  json?: string;
  mermaid?: string;
  graph?: string;
  /** Policy pack config (`{"all": ..., "<rule>": ...}`), as `pulumi preview --policy-pack-config` takes it. */
  policyConfig?: string;
  /** Overrides per stack: stack → key → value. */
  config: Record<string, Record<string, string>>;
  /** Switch every optional part on (offline/all-options.ts), under the `--config` overrides. */
  allOptions: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: npm start -- [options]

Plans the project's stacks offline (primary, then secondary) and prints what would be deployed,
the policy verdict and the recovery report (RTO and RPO of each entry point and data store, docs/recovery.md).

  --stack NAME             plan only this stack (repeatable; a stack's peer is planned first for its outputs)
  --json FILE              write the recorded graphs, with each stack's recovery report, as JSON
  --mermaid FILE           write the data-flow diagram (Mermaid) of the planned stacks; to a .md FILE, in a document
                           GitHub renders (npm run diagram writes docs/architecture.md)
  --config STACK:KEY=VALUE override a config value for this run (KEY as in Pulumi.<stack>.yaml, e.g. vpcCidr or aws:region)
  --all-options            switch on every optional part that is off by default (the web tier's EC2 capacity, Shield
                           Advanced, fast health checks, ...) through the config keys a user would set, listed at the top
                           of the run; --config values win over them
  --graph FILE             evaluate a saved graph (from --json, or written by hand) instead of running the program
  --policy-config FILE     policy pack config: enforcement levels and rule settings, e.g. {"all": "advisory", "required-tags": {"requiredTags": ["Owner"]}}
  --help                   show this

Exit codes: 0 ok, 1 a mandatory policy violation or a missed mandatory recovery target, 2 a config or program error.`;

export function parsePlanArgs(argv: string[]): PlanArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string", multiple: true },
        json: { type: "string" },
        mermaid: { type: "string" },
        graph: { type: "string" },
        "policy-config": { type: "string" },
        config: { type: "string", multiple: true },
        "all-options": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const config: PlanArgs["config"] = {};
  for (const entry of values.config ?? []) {
    const match = /^([^:=]+):([^=]+)=(.*)$/s.exec(entry);
    if (!match) throw new UsageError(`--config "${entry}" is not STACK:KEY=VALUE (e.g. secondary:vpcCidr=10.2.0.0/16)`);
    const [, stack, key, value] = match;
    (config[stack!] ??= {})[key!] = value!;
  }
  if (values.graph && (values.stack || values.config || values["all-options"])) {
    throw new UsageError(
      "--graph evaluates a saved graph; --stack, --config and --all-options apply only when the program runs",
    );
  }
  return {
    stacks: values.stack ?? [],
    json: values.json,
    mermaid: values.mermaid,
    graph: values.graph,
    policyConfig: values["policy-config"],
    config,
    allOptions: values["all-options"] ?? false,
    help: values.help ?? false,
  };
}
