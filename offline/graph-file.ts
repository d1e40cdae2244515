import * as fs from "node:fs";
import { z } from "zod";
import type { PlanDocument, RecordedResource, StackGraph } from "./graph";
import type { RecoveryReport } from "./recovery/report";
import type { AlarmCoverageReport } from "./alarm-coverage";

/** A stack as the plan command evaluated it: its graph and verdict, its alarm coverage and recovery report (recomputed from the graph, never read back). */
export type EvaluatedStack = StackGraph & { alarmCoverage?: AlarmCoverageReport; recovery?: RecoveryReport };

const resourceSchema = z.object({
  urn: z.string(),
  type: z.string(),
  name: z.string(),
  // The stack resource has no parent: `null` in a written graph, absent in memory.
  parent: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  provider: z.string().optional(),
  region: z.string(),
  custom: z.boolean().default(true),
  remote: z.boolean().optional(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.any()),
  secretOutputs: z.array(z.string()).default([]),
  dependencies: z.array(z.string()).default([]),
  propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
  ignoreChanges: z.array(z.string()).optional(),
});

const planSchema = z.object({
  stacks: z.array(
    z.object({
      name: z.string(),
      region: z.string(),
      outputs: z.record(z.string(), z.unknown()).optional(),
      resources: z.array(resourceSchema),
      violations: z.array(z.unknown()).default([]),
    }),
  ),
});

/**
 * The plan document as `--json` writes it: per stack its name, region, outputs (secret ones as
 * "[secret]"), resources, policy violations, alarm coverage (offline/alarm-coverage.ts) and recovery
 * report (offline/recovery; `--graph` recomputes both from the resources and outputs rather than reading them back). Every resource carries each documented key (`urn`,
 * `type`, `name`, `parent`, `region`, `inputs`, `secretOutputs`, `dependencies`) in that order,
 * `parent` being `null` for the stack itself, followed by what the engine records besides
 * (`propertyDependencies`, `ignoreChanges`, `provider`, `custom`, `remote`, `id`), which `--graph`, the
 * diagram and the tests use.
 */
export function planDocumentJson(doc: { stacks: EvaluatedStack[] }): string {
  const resource = (r: RecordedResource) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent ?? null,
    region: r.region,
    inputs: r.inputs,
    secretOutputs: r.secretOutputs,
    dependencies: r.dependencies,
    ...(r.propertyDependencies === undefined ? {} : { propertyDependencies: r.propertyDependencies }),
    ...(r.ignoreChanges === undefined ? {} : { ignoreChanges: r.ignoreChanges }),
    ...(r.provider === undefined ? {} : { provider: r.provider }),
    custom: r.custom,
    ...(r.remote === undefined ? {} : { remote: r.remote }),
    ...(r.id === undefined ? {} : { id: r.id }),
  });
  const stacks = doc.stacks.map((s) => ({
    name: s.name,
    region: s.region,
    ...(s.outputs === undefined ? {} : { outputs: s.outputs }),
    resources: s.resources.map(resource),
    violations: s.violations,
    ...(s.alarmCoverage === undefined ? {} : { alarmCoverage: s.alarmCoverage }),
    ...(s.recovery === undefined ? {} : { recovery: s.recovery }),
  }));
  return JSON.stringify({ stacks }, null, 2);
}

export class GraphFileError extends Error {
  override name = "GraphFileError";
}

/**
 * Reads a saved plan graph (from `--json`, or written by hand) and checks it has the plan's shape.
 * `what` names the file in errors (`graph file` for `--graph`, `base plan` for `--diff`).
 */
export function readGraphFile(file: string, what = "graph file"): PlanDocument {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new GraphFileError(
      `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new GraphFileError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new GraphFileError(
      `${what} ${file} is not in the plan's shape ({ "stacks": [ { "name", "region", "resources": [...] } ] }):\n${problems.join("\n")}`,
    );
  }
  return parsed.data as PlanDocument;
}
