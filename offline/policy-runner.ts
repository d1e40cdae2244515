/**
 * Evaluates the policy pack on a recorded stack graph the way the Pulumi CLI does: every rule
 * becomes its CrossGuard policy (policy/rules/crossguard.ts) and is handed CrossGuard-shaped
 * arguments built from the graph.
 */
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy/policy";
import { SECRET_PROPS_KEY, toCrossGuardPolicy } from "../policy/rules/crossguard";
import type { AnyRule } from "../policy/rules/types";
import type { RecordedResource, StackGraph, Violation } from "./graph";
import { resolvePackConfig, type PackConfig } from "./policy-config";

export type { Violation };

const NOT_APPLICABLE = Symbol("not applicable");

function providerOf(r: RecordedResource, byUrn: Map<string, RecordedResource>, stackRegion: string) {
  if (!r.provider) return { type: "pulumi:providers:aws", urn: "", name: "default", props: { region: stackRegion } };
  const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
  const p = byUrn.get(urn);
  return p ? { type: p.type, urn: p.urn, name: p.name, props: p.inputs } : undefined;
}

/** Runs a validation; a rule that calls notApplicable() simply reports nothing. */
function applicable(validate: () => unknown): void {
  try {
    void validate();
  } catch (e) {
    if (e !== NOT_APPLICABLE) throw e;
  }
}

/** The settings of the rule being evaluated: every resource's arguments read them through getConfig. */
interface RuleSettings {
  current: Record<string, unknown>;
}

function argsFor(r: RecordedResource, provider: ReturnType<typeof providerOf>, settings: RuleSettings) {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    provider,
    [SECRET_PROPS_KEY]: r.secretOutputs,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: r.secretOutputs,
      parent: r.parent,
    },
    stackTags: new Map<string, string>(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => settings.current as T,
    notApplicable: (): never => {
      throw NOT_APPLICABLE;
    },
  };
}

/**
 * Every violation of the pack (rules at their configured levels; disabled rules skipped) on one stack.
 * Each resource's arguments are built once; a resource rule is handed the resources of its types
 * (the CrossGuard adapter returns at once for any other type, as the CLI would see it do).
 */
export function evaluatePolicies(stack: StackGraph, rules: readonly AnyRule[], packConfig?: PackConfig): Violation[] {
  const levels = resolvePackConfig(rules, packConfig);
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const violations: Violation[] = [];
  const settings: RuleSettings = { current: {} };
  const resourceArgs = new Map<string, ReturnType<typeof argsFor>>();
  for (const r of stack.resources) resourceArgs.set(r.urn, argsFor(r, providerOf(r, byUrn, stack.region), settings));
  // Stack rules see each resource with its parent and dependencies as resources (CrossGuard's PolicyResource).
  const policyResources = new Map<string, PolicyResource>();
  for (const r of stack.resources)
    policyResources.set(r.urn, { ...resourceArgs.get(r.urn)! } as unknown as PolicyResource);
  for (const r of stack.resources) {
    const pr = policyResources.get(r.urn) as unknown as Record<string, unknown>;
    pr.parent = r.parent ? policyResources.get(r.parent) : undefined;
    pr.dependencies = r.dependencies.map((u) => policyResources.get(u)).filter(Boolean);
    pr.propertyDependencies = Object.fromEntries(
      Object.entries(r.propertyDependencies ?? {}).map(([k, urns]) => [
        k,
        urns.map((u) => policyResources.get(u)).filter(Boolean),
      ]),
    );
  }
  const stackArgs = {
    resources: [...policyResources.values()],
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => settings.current as T,
    notApplicable: (): never => {
      throw NOT_APPLICABLE;
    },
  } as unknown as StackValidationArgs;

  for (const rule of rules) {
    const { enforcementLevel, settings: ruleSettings } = levels.get(rule.name)!;
    if (enforcementLevel === "disabled") continue;
    settings.current = ruleSettings;
    const policy = toCrossGuardPolicy(rule);
    const record = (message: string, r?: RecordedResource) =>
      violations.push({
        rule: rule.name,
        enforcementLevel,
        severity: rule.severity,
        group: rule.group,
        ...(r ? { resourceType: r.type, resourceName: r.name, urn: r.urn } : {}),
        message,
        remediation: rule.remediation,
      });
    if (rule.kind === "resource") {
      const validate = [(policy as ResourceValidationPolicy).validateResource].flat().filter((v) => v !== undefined);
      const types = new Set(rule.resourceTypes);
      for (const r of stack.resources.filter((x) => types.has(x.type))) {
        const args = resourceArgs.get(r.urn) as unknown as ResourceValidationArgs;
        for (const v of validate) applicable(() => v(args, (message) => record(message, r)));
      }
    } else {
      applicable(() =>
        (policy as StackValidationPolicy).validateStack!(stackArgs, (message, urn) =>
          record(message, urn ? byUrn.get(urn) : undefined),
        ),
      );
    }
  }
  return violations;
}

/** Violations that block a deployment (`mandatory`; `remediate` cannot fix anything offline). */
export const isBlocking = (v: Violation) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate";

export function renderViolations(stackName: string, violations: Violation[]): string {
  if (violations.length === 0) return `Policy: stack ${stackName} passes every rule.`;
  const blocking = violations.filter(isBlocking).length;
  const lines = [`Policy: stack ${stackName} has ${violations.length} violation(s), ${blocking} mandatory:`];
  const order = (v: Violation) => (isBlocking(v) ? 0 : 1);
  for (const v of [...violations].sort((a, b) => order(a) - order(b) || a.rule.localeCompare(b.rule))) {
    const subject = v.resourceType ? `${v.resourceType} "${v.resourceName}"` : "stack";
    lines.push(`  [${v.enforcementLevel}] ${v.rule}: ${subject}: ${v.message}`, `      fix: ${v.remediation}`);
  }
  return lines.join("\n");
}

/** Narrowing helper for tests: the resource policy a rule becomes. */
export const asResourcePolicy = (rule: AnyRule) => toCrossGuardPolicy(rule) as ResourceValidationPolicy;
