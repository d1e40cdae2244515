import { planProgram, ProgramError, type RecordedResource } from "../../offline/testkit";

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: "*" | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export const statements = (json: string): Statement[] => (JSON.parse(json) as { Statement: Statement[] }).Statement;
export const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
export const sorted = (value: string | string[] | undefined): string[] => [...list(value)].sort();
export const dependsOn = (resource: RecordedResource, on: RecordedResource): boolean =>
  resource.dependencies.includes(on.urn);

/**
 * Every error a program fails with, including a resource registration that failed on an input
 * checked at run time: Node reports that rejection a macrotask after the engine's plan has
 * returned, so this waits for it. Also returns the types of what was registered.
 */
export async function failureOf(
  program: () => unknown,
  region = "us-east-1",
): Promise<{ messages: string[]; types: string[] }> {
  const messages: string[] = [];
  let types: string[];
  const late = (reason: unknown) => messages.push(reason instanceof Error ? reason.message : String(reason));
  process.on("unhandledRejection", late);
  try {
    try {
      types = (await planProgram(program, { region })).resources.map((r) => r.type);
    } catch (e) {
      if (!(e instanceof ProgramError)) throw e;
      messages.push(...e.causes.map((c) => c.message));
      types = e.resources.map((r) => r.type);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off("unhandledRejection", late);
  }
  return { messages, types };
}
