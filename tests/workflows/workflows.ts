/** The repository's GitHub Actions workflows, read as data for the delivery suites. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const ROOT = path.resolve(__dirname, "..", "..");
export const WORKFLOWS_DIR = path.join(ROOT, ".github", "workflows");

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  shell?: string;
  "working-directory"?: string;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  "runs-on": string;
  environment?: string | { name: string };
  permissions?: Record<string, string> | string;
  env?: Record<string, string>;
  strategy?: { matrix?: { include?: Record<string, string>[] } & Record<string, unknown> };
  outputs?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  file: string;
  source: string;
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; "cancel-in-progress"?: boolean | string };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export function workflowFiles(): string[] {
  return fs
    .readdirSync(WORKFLOWS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

export function readWorkflow(file: string): Workflow {
  const source = fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
  return { file, source, ...(parse(source) as Omit<Workflow, "file" | "source">) };
}

export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());

/** Every `${{ ... }}` expression anywhere in a job (its if, env, matrix, steps). */
export function expressionsIn(value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return [...text.matchAll(/\$\{\{(.*?)\}\}/g)].map((m) => m[1]!.trim());
}
