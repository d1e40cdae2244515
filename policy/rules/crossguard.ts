/**
 * Turns twin-region rules into CrossGuard policies. Pure (no PolicyPack here): the pack entry
 * (policy/index.ts) and the offline runner both use it, so offline evaluation exercises the exact
 * code the Pulumi CLI runs.
 */
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy/policy";
import { StackView, type AnyRule, type ResourceView, type StackResourceView } from "./types";

/** Offline only: the engine knows which props are secret and passes them under this key. */
export const SECRET_PROPS_KEY = "twinRegionSecretProps";

function viewOf(args: Pick<ResourceValidationArgs, "type" | "name" | "urn" | "props" | "provider">): ResourceView {
  const secretProps = (args as unknown as Record<string, unknown>)[SECRET_PROPS_KEY] as string[] | undefined;
  return {
    type: args.type,
    name: args.name,
    urn: args.urn,
    props: args.props ?? {},
    ...(args.provider ? { provider: { type: args.provider.type, props: args.provider.props ?? {} } } : {}),
    ...(secretProps ? { secretProps } : {}),
  };
}

function stackResourceOf(r: PolicyResource): StackResourceView {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {}))
    propertyDependencies[key] = deps.map((d) => d.urn);
  return {
    ...viewOf(r as unknown as ResourceValidationArgs),
    ...(r.parent ? { parent: r.parent.urn } : {}),
    dependencies: (r.dependencies ?? []).map((d) => d.urn),
    propertyDependencies,
  };
}

const configOf = <C>(rule: { config?: { defaults: C } }, given: object): C =>
  ({ ...(rule.config?.defaults ?? {}), ...given }) as C;

export function toCrossGuardPolicy(rule: AnyRule): ResourceValidationPolicy | StackValidationPolicy {
  const base = {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    severity: rule.severity,
    remediationSteps: rule.remediation,
    tags: [rule.group],
    ...(rule.config ? { configSchema: rule.config.schema } : {}),
  };
  if (rule.kind === "resource") {
    return {
      ...base,
      validateResource: (args: ResourceValidationArgs, report) => {
        if (!rule.resourceTypes.includes(args.type)) return;
        for (const message of rule.validate(viewOf(args), configOf(rule, args.getConfig()))) report(message);
      },
    };
  }
  return {
    ...base,
    validateStack: (args: StackValidationArgs, report) => {
      const view = new StackView(args.resources.map(stackResourceOf));
      for (const v of rule.validate(view, configOf(rule, args.getConfig()))) report(v.message, v.urn);
    },
  };
}
