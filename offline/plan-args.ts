import { parseArgs } from "node:util";
import { ACCOUNT_ID_PATTERN } from "./aws-partition";

export interface PlanArgs {
  stacks: string[];
  json?: string;
  mermaid?: string;
  graph?: string;
  /** A saved plan (`--json` of another run) to compare this plan with. */
  diff?: string;
  /** Where to write the pull-request report (Markdown). */
  report?: string;
  /** Policy pack config (`{"all": ..., "<rule>": ...}`), as `pulumi preview --policy-pack-config` takes it. */
  policyConfig?: string;
  /** Overrides per stack: stack → key → value. */
  config: Record<string, Record<string, string>>;
  /** Switch every optional part on (offline/all-options.ts), under the `--config` overrides. */
  allOptions: boolean;
  /** The AWS account the mock plays (12 digits). @default OFFLINE_ACCOUNT_ID */
  accountId?: string;
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
  --account-id ID          plan as this AWS account (12 digits) instead of 123456789012: what the program read from
                           AWS follows it, so a hard-coded account id shows up in the inputs
  --graph FILE             evaluate a saved graph (from --json, or written by hand) instead of running the program
  --diff FILE              compare this plan with a saved one (from --json, e.g. the base branch's): resources added,
                           removed and changed per stack and component, the changed input keys (secret values never
                           shown) and changed outputs; exit 3 when it differs
  --report FILE            write the pull-request report (Markdown): resources, the diff, the policy verdict, alarm
                           coverage, the recovery report and the diagram, under 60,000 characters
  --policy-config FILE     policy pack config: enforcement levels and rule settings, e.g. {"all": "advisory", "required-tags": {"requiredTags": ["Owner"]}}
  --help                   show this

Exit codes: 0 ok (with --diff: and no change), 1 a mandatory policy violation or a missed mandatory recovery target,
2 a config, program or usage error (an unreadable or invalid --graph or --diff file included), 3 with --diff: the plan
differs from the base (and nothing above happened).`;

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
        diff: { type: "string" },
        report: { type: "string" },
        "policy-config": { type: "string" },
        config: { type: "string", multiple: true },
        "all-options": { type: "boolean" },
        "account-id": { type: "string" },
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
  if (values.graph && (values.stack || values.config || values["all-options"] || values["account-id"])) {
    throw new UsageError(
      "--graph evaluates a saved graph; --stack, --config, --all-options and --account-id apply only when the program runs",
    );
  }
  if (values["account-id"] !== undefined && !ACCOUNT_ID_PATTERN.test(values["account-id"])) {
    throw new UsageError(`--account-id "${values["account-id"]}" is not an AWS account id (12 digits)`);
  }
  return {
    stacks: values.stack ?? [],
    json: values.json,
    mermaid: values.mermaid,
    graph: values.graph,
    diff: values.diff,
    report: values.report,
    policyConfig: values["policy-config"],
    config,
    allOptions: values["all-options"] ?? false,
    ...(values["account-id"] === undefined ? {} : { accountId: values["account-id"] }),
    help: values.help ?? false,
  };
}
