/**
 * Builds small stack graphs by hand for rule tests and evaluates rules on them through the
 * offline runner, so every test exercises the rule, its CrossGuard adapter and the runner.
 */
import type { RecordedResource, StackGraph } from "../../offline/graph";
import type { PackConfig } from "../../offline/policy-config";
import { evaluatePolicies, type Violation } from "../../offline/policy-runner";
import type { AnyRule } from "../../policy/rules/types";

export interface Spec {
  type: string;
  name: string;
  inputs?: Record<string, any>;
  /** Per input property, the logical names of the resources its value came from. */
  from?: Record<string, string | string[]>;
  /** Logical name of an explicit provider (a `pulumi:providers:aws` spec in the same graph). */
  provider?: string;
  secretOutputs?: string[];
}

const urnOf = (stack: string, spec: { type: string; name: string }) =>
  `urn:pulumi:${stack}::twin-region::${spec.type}::${spec.name}`;

export function stackGraph(specs: Spec[], opts: { name?: string; region?: string } = {}): StackGraph {
  const name = opts.name ?? "test";
  const byName = new Map(specs.map((s) => [s.name, s]));
  // A name not in this graph is dropped: resource-rule cases often leave the configured resource out.
  const urnsOf = (names: string | string[]) =>
    [names].flat().flatMap((n) => (byName.has(n) ? [urnOf(name, byName.get(n)!)] : []));
  const resources: RecordedResource[] = specs.map((s) => {
    const propertyDependencies = Object.fromEntries(
      Object.entries(s.from ?? {})
        .map(([k, v]) => [k, urnsOf(v)] as const)
        .filter(([, urns]) => urns.length > 0),
    );
    return {
      urn: urnOf(name, s),
      type: s.type,
      name: s.name,
      region: opts.region ?? "us-east-1",
      custom: !s.type.startsWith("twin-region:"),
      ...(s.provider ? { provider: `${urnsOf(s.provider)[0]}::provider-id` } : {}),
      inputs: s.inputs ?? {},
      secretOutputs: s.secretOutputs ?? [],
      dependencies: [...new Set(Object.values(propertyDependencies).flat())],
      propertyDependencies,
    };
  });
  return { name, region: opts.region ?? "us-east-1", resources, violations: [] };
}

/**
 * The specs with `prefix/` put before every name, and before every name they refer to (`from`,
 * `provider`), so several cases' specs can share one graph without their names colliding.
 */
export function namespaced(prefix: string, specs: Spec[]): Spec[] {
  const ns = (name: string) => `${prefix}/${name}`;
  return specs.map((s) => ({
    ...s,
    name: ns(s.name),
    ...(s.from
      ? { from: Object.fromEntries(Object.entries(s.from).map(([k, v]) => [k, Array.isArray(v) ? v.map(ns) : ns(v)])) }
      : {}),
    ...(s.provider ? { provider: ns(s.provider) } : {}),
  }));
}

/** Violations of one rule on a hand-built graph. */
export function violationsOf(rule: AnyRule, specs: Spec[], config?: PackConfig): Violation[] {
  return evaluatePolicies(stackGraph(specs), [rule], config);
}

/** One rule's proof: resources that comply and resources that break it, with the expected message. */
export interface RuleCase {
  rule: AnyRule;
  compliant: Spec[];
  violating: Spec[];
  /** What the violation message must say. */
  message: RegExp;
  /** Settings for the rule in both runs. */
  config?: Record<string, unknown>;
}
