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
} from "@pulumi/policy";
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

function argsFor(r: RecordedResource, provider: ReturnType<typeof providerOf>, config: Record<string, unknown>) {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    provider,
    [SECRET_PROPS_KEY]: r.secretOutputs,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: r.secretOutputs, parent: r.parent },
    stackTags: new Map<string, string>(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (): never => {
      throw NOT_APPLICABLE;
    },
  };
}

/** Every violation of the pack (rules at their configured levels; disabled rules skipped) on one stack. */
export function evaluatePolicies(stack: StackGraph, rules: readonly AnyRule[], packConfig?: PackConfig): Violation[] {
  const levels = resolvePackConfig(rules, packConfig);
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const violations: Violation[] = [];
  const policyResources = new Map<string, PolicyResource>();
  for (const r of stack.resources) {
    policyResources.set(r.urn, argsFor(r, providerOf(r, byUrn, stack.region), {}) as unknown as PolicyResource);
  }
  for (const r of stack.resources) {
    const pr = policyResources.get(r.urn) as unknown as Record<string, unknown>;
    pr.parent = r.parent ? policyResources.get(r.parent) : undefined;
    pr.dependencies = r.dependencies.map((u) => policyResources.get(u)).filter(Boolean);
    pr.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, urns]) => [k, urns.map((u) => policyResources.get(u)).filter(Boolean)]));
  }

  for (const rule of rules) {
    const { enforcementLevel, settings } = levels.get(rule.name)!;
    if (enforcementLevel === "disabled") continue;
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
    if ("validateResource" in policy && policy.validateResource) {
      const validate = [policy.validateResource].flat();
      for (const r of stack.resources) {
        const args = argsFor(r, providerOf(r, byUrn, stack.region), settings) as unknown as ResourceValidationArgs;
        for (const v of validate) {
          try {
            void v(args, (message) => record(message, r));
          } catch (e) {
            if (e !== NOT_APPLICABLE) throw e;
          }
        }
      }
    } else {
      const args = {
        resources: [...policyResources.values()],
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => settings as T,
        notApplicable: (): never => {
          throw NOT_APPLICABLE;
        },
      } as unknown as StackValidationArgs;
      try {
        void (policy as StackValidationPolicy).validateStack!(args, (message, urn) => record(message, urn ? byUrn.get(urn) : undefined));
      } catch (e) {
        if (e !== NOT_APPLICABLE) throw e;
      }
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
