/**
 * `npm start`: plans the project's stacks offline, prints what would be deployed per stack,
 * region and component, its policy verdict, alarm coverage and recovery report, and writes the graph (--json) and the data-flow diagram (--mermaid).
 * With --diff, compares the plan with a saved one (offline/plan-diff.ts); --report writes the pull-request report (offline/pr-report.ts).
 * Exit codes: 0 ok, 1 mandatory policy violation or missed mandatory recovery target, 2 config, program or usage
 * error, 3 (with --diff) the plan differs from the base and nothing above happened.
 * offline/start.cjs bundles this file and calls `runPlanCommand`.
 */
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import type { StackGraph } from "./graph";
import { GraphFileError, planDocumentJson, readGraphFile, type EvaluatedStack } from "./graph-file";
import { architectureDocument, renderMermaid } from "./mermaid";
import { diffPlans, renderPlanDiff, type PlanDiff } from "./plan-diff";
import { renderPrReport } from "./pr-report";
import { parsePlanArgs, UsageError, USAGE } from "./plan-args";
import { orderStacks, planStacksInWorkers, type StackFailure, type WorkerOptions } from "./plan-order";
import { ALL_RULES } from "../policy/rules";
import { OFFLINE_ACCOUNT_ID } from "./aws-partition";
import { PolicyConfigError, readPackConfigFile, resolvePackConfig } from "./policy-config";
import { evaluatePolicies, isBlocking, renderViolations } from "./policy-runner";
import { exitWhenFlushed } from "./exit-when-flushed";
import { packageRoot } from "../components/shared/package-root";
import { readProject, readStackConfig, StackFileError } from "./stack-files";
import { allOptionsOverrides, renderAllOptions } from "./all-options";
import { renderSummary } from "./summary";
import { alarmCoverageReport, renderAlarmCoverage } from "./alarm-coverage";
import { isBlockingRecovery, recoveryReport, RecoveryTargetsError, renderRecovery } from "./recovery/report";

export const EXIT = { ok: 0, policy: 1, error: 2, differs: 3 } as const;

function write(file: string, text: string, what: string) {
  fs.writeFileSync(file, text);
  console.log(`Wrote ${what} to ${file}`);
}

async function main(argv: string[], workers: WorkerOptions): Promise<number> {
  const args = parsePlanArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const started = performance.now();
  const packConfig = args.policyConfig ? readPackConfigFile(args.policyConfig) : undefined;
  resolvePackConfig(ALL_RULES, packConfig); // a bad config stops the run before anything is planned
  // So does an unreadable or invalid base plan, read through the loader --graph uses.
  const base = args.diff ? readGraphFile(args.diff, "base plan (--diff)") : undefined;
  // Each stack is evaluated and printed as soon as it is planned (while the next one plans).
  const evaluate = (stack: EvaluatedStack) => {
    stack.violations = evaluatePolicies(stack, ALL_RULES, packConfig);
    stack.alarmCoverage = alarmCoverageReport(stack);
    stack.recovery = recoveryReport(stack);
    console.log(
      `${renderSummary(stack)}\n\n${renderViolations(stack.name, stack.violations)}\n\n${renderAlarmCoverage(stack.name, stack.alarmCoverage)}\n\n${renderRecovery(stack.name, stack.recovery)}\n`,
    );
  };
  let doc: { stacks: EvaluatedStack[] };
  let memory = "";
  if (args.graph) {
    doc = readGraphFile(args.graph);
    console.log(`Evaluating the saved graph ${args.graph} (${doc.stacks.length} stacks)\n`);
    doc.stacks.forEach(evaluate);
  } else {
    // This project's stacks (the command plans the package it belongs to, from wherever it runs).
    const root = packageRoot();
    const order = orderStacks(root, args.stacks);
    let overrides = args.config;
    if (args.allOptions) {
      const project = readProject(root);
      const roles = order.map(({ stack }) => ({
        stack,
        role: readStackConfig(root, project, stack, args.config[stack]).values[`${project.name}:role`],
      }));
      overrides = allOptionsOverrides(roles, args.config, args.accountId);
      console.log(renderAllOptions(roles));
    }
    console.log(
      `Planning ${order.map((s) => s.stack).join(", then ")} offline (mock AWS account ${args.accountId ?? OFFLINE_ACCOUNT_ID}, no Pulumi CLI needed)\n`,
    );
    const result = await planStacksInWorkers(order, overrides, {
      ...workers,
      root,
      accountId: args.accountId,
      onPlanned: evaluate,
    });
    if ("failure" in result) return reportFailure(result.failure);
    doc = { stacks: result.stacks };
    memory = Object.entries(result.maxRssBytes)
      .map(([stack, bytes]) => `${stack} ${Math.round(bytes / 2 ** 20)} MB`)
      .join(", ");
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const total = doc.stacks.reduce((n, s: StackGraph) => n + s.resources.length, 0);
  console.log(
    `Planned ${doc.stacks.length} stack(s), ${total} registrations, ${ALL_RULES.length} policy rules, in ${seconds} s.`,
  );
  if (memory) console.log(`Peak memory of each stack's plan process: ${memory}.`);
  let diff: PlanDiff | undefined;
  if (base) {
    // A run of some stacks (--stack) is compared on those; the base's others are named, not reported as removed.
    diff = diffPlans(base, doc, { onlyPlannedStacks: !args.graph && args.stacks.length > 0 });
    console.log(`\n${renderPlanDiff(diff, args.diff!)}\n`);
  }
  if (args.json) write(args.json, planDocumentJson(doc), "the graph");
  const diagram = args.mermaid || args.report ? renderMermaid(doc.stacks) : "";
  // To a Markdown file, the diagram in a document GitHub renders (docs/architecture.md); otherwise the bare flowchart.
  if (args.mermaid)
    write(
      args.mermaid,
      args.mermaid.endsWith(".md") ? architectureDocument(diagram) : diagram,
      "the architecture diagram",
    );
  if (args.report)
    write(
      args.report,
      renderPrReport({ stacks: doc.stacks, diff: diff && { diff, base: args.diff! }, diagram }),
      "the pull-request report",
    );
  const blocking = doc.stacks.flatMap((s) => s.violations.filter(isBlocking));
  if (blocking.length)
    console.error(`\n${blocking.length} mandatory policy violation(s): a deployment would be blocked.`);
  const missed = doc.stacks.filter((s) => s.recovery && isBlockingRecovery(s.recovery));
  if (missed.length)
    console.error(
      `\nMandatory recovery targets missed in stack(s) ${missed.map((s) => s.name).join(", ")}: ${missed.reduce((n, s) => n + s.recovery!.misses.length, 0)} target(s), each named above with its fix.`,
    );
  if (blocking.length || missed.length) return EXIT.policy;
  return diff?.differs ? EXIT.differs : EXIT.ok;
}

function reportFailure(failure: StackFailure): number {
  console.error(
    `\nstack ${failure.stack}: ${failure.kind === "config" ? "invalid configuration" : "the program failed"}\n${failure.message}`,
  );
  console.error("\nNothing was planned for this stack.");
  return EXIT.error;
}

/** Runs the command with ARGV and exits with its code. `workers` says how the stacks' plan processes run. */
export function runPlanCommand(argv: string[], workers: WorkerOptions): void {
  main(argv, workers).then(
    (code) => exitWhenFlushed(code),
    (e: Error) => {
      if (e instanceof UsageError) console.error(`${e.message}\n\n${USAGE}`);
      else if (
        e instanceof GraphFileError ||
        e instanceof StackFileError ||
        e instanceof PolicyConfigError ||
        e instanceof RecoveryTargetsError
      )
        console.error(e.message);
      else console.error(e.stack ?? e.message);
      exitWhenFlushed(EXIT.error);
    },
  );
}
