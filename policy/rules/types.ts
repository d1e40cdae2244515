/**
 * The shape of a twin-region policy rule: a plain object, independent of the CrossGuard server,
 * so the offline runner, the tests and the pack (policy/index.ts) all evaluate the same rules.
 */
import type { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy/policy";

export type RuleGroup =
  "storage" | "network" | "edge" | "compute" | "data" | "identity" | "observability" | "tagging" | "cost";

/** A resource as a rule sees it: CrossGuard's ResourceValidationArgs reduced to plain data. */
export interface ResourceView {
  type: string;
  name: string;
  urn: string;
  props: Record<string, any>;
  /** The resource's provider (its props carry `region` and `defaultTags`); absent for the default provider offline. */
  provider?: { type: string; props: Record<string, any> };
  /**
   * Top-level props known to be secret. Only the offline engine can tell (CrossGuard hands
   * policies unwrapped values), so rules treat `undefined` as "cannot tell".
   */
  secretProps?: readonly string[];
}

/** A resource in a stack-level view, with its place in the graph. */
export interface StackResourceView extends ResourceView {
  parent?: string;
  /** URNs this resource depends on. */
  dependencies: readonly string[];
  /** Per input property, the URNs of the resources its value came from. */
  propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

interface RuleBase<C> {
  /** Stable kebab-case name: what config and enforcement overrides refer to. */
  name: string;
  /** What the rule enforces, naming the AWS Foundational Security Best Practices (or CIS) control. */
  description: string;
  group: RuleGroup;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  /** How to fix a violation, in one or two sentences. */
  remediation: string;
  /** Rule settings: their JSON schema (for the pack and the CLI) and the defaults applied here. */
  config?: { schema: PolicyConfigSchema; defaults: C };
}

export interface ResourceRule<C = Record<string, never>> extends RuleBase<C> {
  kind: "resource";
  /** The type tokens the rule applies to. */
  resourceTypes: readonly string[];
  /** Violation messages for this resource (none when compliant). */
  validate(resource: ResourceView, config: C): string[];
}

export interface StackViolation {
  message: string;
  urn?: string;
}

export interface StackRule<C = Record<string, never>> extends RuleBase<C> {
  kind: "stack";
  validate(stack: StackView, config: C): StackViolation[];
}

export type AnyRule = ResourceRule<any> | StackRule<any>;

/** The whole stack with lookups, as stack rules see it. */
export class StackView {
  private readonly byUrnMap: Map<string, StackResourceView>;

  constructor(readonly resources: readonly StackResourceView[]) {
    this.byUrnMap = new Map(resources.map((r) => [r.urn, r]));
  }

  ofType(...types: string[]): StackResourceView[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  byUrn(urn: string): StackResourceView | undefined {
    return this.byUrnMap.get(urn);
  }

  /**
   * Resources of `type` whose `prop` points at `target`: through the recorded property dependency
   * (what preview knows for a new resource) or by value (its id, name, ARN or bucket name).
   */
  configuring(target: StackResourceView, type: string, prop: string): StackResourceView[] {
    const keys = identifiersOf(target);
    return this.ofType(type).filter(
      (r) => r.propertyDependencies[prop]?.includes(target.urn) || matchesAny(r.props[prop], keys),
    );
  }

  /** Resources of the given types whose props mention the target anywhere (ids, names, ARNs). */
  referencing(target: StackResourceView, ...types: string[]): StackResourceView[] {
    const keys = identifiersOf(target);
    return this.ofType(...types).filter(
      (r) => Object.values(r.propertyDependencies).some((urns) => urns.includes(target.urn)) || mentions(r.props, keys),
    );
  }
}

/** Strings that identify a resource in other resources' props. */
export function identifiersOf(r: ResourceView): Set<string> {
  const p = r.props;
  return new Set(
    [p.arn, p.id, p.name, p.bucket, p.functionName, p.clusterIdentifier].filter(
      (v): v is string => typeof v === "string" && v.length > 0,
    ),
  );
}

function matchesAny(value: unknown, keys: Set<string>): boolean {
  return typeof value === "string" && keys.has(value);
}

function mentions(value: unknown, keys: Set<string>): boolean {
  if (typeof value === "string")
    return keys.has(value) || [...keys].some((k) => k.startsWith("arn:") && value.includes(k));
  if (Array.isArray(value)) return value.some((v) => mentions(v, keys));
  if (value && typeof value === "object") return Object.values(value).some((v) => mentions(v, keys));
  return false;
}
