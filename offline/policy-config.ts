import Ajv from "ajv";
import * as fs from "node:fs";
import type { EnforcementLevel } from "@pulumi/policy/policy";
import type { AnyRule } from "../policy/rules/types";

/** The pack's config as the CLI takes it (`--policy-pack-config`): `all`, then per rule a level or `{ enforcementLevel, ...settings }`. */
export type PackConfig = Record<
  string,
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PolicyConfigError extends Error {
  override name = "PolicyConfigError";
}

export interface ResolvedRuleConfig {
  enforcementLevel: EnforcementLevel;
  /** The rule's settings as given (defaults are applied by the rule adapter, as with the CLI). */
  settings: Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
/** Compiled once per schema: compiling is the slow part of checking a config. */
const validators = new WeakMap<object, ReturnType<typeof ajv.compile>>();
const validatorFor = (schema: NonNullable<AnyRule["config"]>["schema"]) => {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile({
      type: "object",
      properties: schema.properties,
      required: schema.required ?? [],
      additionalProperties: false,
    });
    validators.set(schema, validate);
  }
  return validate;
};

/**
 * Checks a pack config against the rules: every key must name a rule (or be `all`), every level
 * must be one CrossGuard knows, and every setting must match the rule's schema. Returns the
 * enforcement level and settings of each rule.
 */
export function resolvePackConfig(rules: readonly AnyRule[], config: PackConfig = {}): Map<string, ResolvedRuleConfig> {
  const problems: string[] = [];
  const byName = new Map(rules.map((r) => [r.name, r]));
  const levelOk = (where: string, level: unknown) => {
    if (ENFORCEMENT_LEVELS.includes(level as EnforcementLevel)) return true;
    problems.push(
      `${where}: enforcement level ${JSON.stringify(level)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}`,
    );
    return false;
  };
  const all = config.all;
  if (all !== undefined && typeof all !== "string")
    problems.push(`all: must be an enforcement level, got ${JSON.stringify(all)}`);
  else if (all !== undefined) levelOk("all", all);
  for (const key of Object.keys(config)) {
    if (key !== "all" && !byName.has(key))
      problems.push(`"${key}" is not a rule of this pack (rules: ${[...byName.keys()].sort().join(", ")})`);
  }
  const resolved = new Map<string, ResolvedRuleConfig>();
  for (const rule of rules) {
    const given = config[rule.name];
    let level: EnforcementLevel =
      typeof all === "string" && ENFORCEMENT_LEVELS.includes(all) ? all : rule.enforcementLevel;
    let settings: Record<string, unknown> = {};
    if (typeof given === "string") {
      if (levelOk(rule.name, given)) level = given;
    } else if (given && typeof given === "object") {
      const { enforcementLevel, ...rest } = given;
      if (enforcementLevel !== undefined && levelOk(`${rule.name}.enforcementLevel`, enforcementLevel))
        level = enforcementLevel;
      settings = rest;
      const schema = rule.config?.schema;
      if (!schema && Object.keys(rest).length) {
        problems.push(
          `${rule.name}: takes no settings, got ${Object.keys(rest)
            .map((k) => JSON.stringify(k))
            .join(", ")}`,
        );
      } else if (schema) {
        const validate = validatorFor(schema);
        if (!validate(rest)) {
          for (const e of validate.errors ?? []) {
            const where = e.instancePath ? `${rule.name}${e.instancePath.replace(/\//g, ".")}` : rule.name;
            const extra =
              e.keyword === "additionalProperties"
                ? ` (${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}; settings: ${Object.keys(schema.properties).join(", ")})`
                : "";
            problems.push(`${where}: ${e.message}${extra}`);
          }
        }
      }
    } else if (given !== undefined) {
      problems.push(`${rule.name}: must be an enforcement level or an object, got ${JSON.stringify(given)}`);
    }
    resolved.set(rule.name, { enforcementLevel: level, settings });
  }
  if (problems.length)
    throw new PolicyConfigError(`Invalid policy pack config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return resolved;
}

export function readPackConfigFile(file: string): PackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new PolicyConfigError(
      `cannot read policy config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { cause: e },
    );
  }
  try {
    const json = JSON.parse(text);
    if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error("it is not a JSON object");
    return json as PackConfig;
  } catch (e) {
    throw new PolicyConfigError(`policy config ${file} is not a JSON object: ${(e as Error).message}`, { cause: e });
  }
}
