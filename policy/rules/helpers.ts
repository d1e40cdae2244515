/** Small readers shared by the rules: props arrive as CrossGuard gives them (plain JSON). */
import type { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy/policy";
import type { ResourceRule, ResourceView, RuleGroup, StackRule, StackView, StackViolation } from "./types";

export const asArray = <T>(value: T | T[] | undefined | null): T[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

/** JSON given as a string (policy documents, container definitions) or already parsed. */
export function parseJson(value: unknown): any {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export interface Statement {
  sid?: string;
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  /** `*` when the principal is everyone; otherwise type → identifiers. */
  principals: "*" | Record<string, string[]>;
  hasPrincipal: boolean;
  conditions: Record<string, Record<string, unknown>>;
}

/** The statements of an IAM policy document (a JSON string or an object), normalized. */
export function statementsOf(document: unknown): Statement[] {
  const doc = parseJson(document);
  if (!doc || typeof doc !== "object") return [];
  return asArray<any>(doc.Statement).map((s) => {
    const principal = s.Principal;
    let principals: Statement["principals"] = {};
    if (principal === "*") principals = "*";
    else if (principal && typeof principal === "object") {
      principals = Object.fromEntries(Object.entries(principal).map(([k, v]) => [k, asArray(v as string | string[])]));
    }
    return {
      sid: s.Sid,
      effect: s.Effect ?? "Allow",
      actions: asArray<string>(s.Action),
      notActions: asArray<string>(s.NotAction),
      resources: asArray<string>(s.Resource),
      notResources: asArray<string>(s.NotResource),
      principals,
      hasPrincipal: principal !== undefined,
      conditions: s.Condition ?? {},
    };
  });
}

/** True when a statement's principal is everyone (`*` or `{ AWS: "*" }`). */
export function isPublicPrincipal(s: Statement): boolean {
  return s.principals === "*" || asArray(s.principals.AWS).includes("*");
}

/** Does the action list allow `action` (exact, `service:*` or `*`)? */
export function allowsAction(actions: string[], action: string): boolean {
  const [service] = action.split(":");
  return actions.some(
    (a) => a === "*" || a.toLowerCase() === action.toLowerCase() || a.toLowerCase() === `${service}:*`.toLowerCase(),
  );
}

/** Tags as AWS will apply them: the provider's default tags, then tagsAll, then the resource's own. */
export function effectiveTags(resource: ResourceView): Record<string, string> {
  const defaults = parseJson(resource.provider?.props.defaultTags);
  return { ...(defaults?.tags ?? {}), ...(resource.props.tagsAll ?? {}), ...(resource.props.tags ?? {}) };
}

/** Where the resource lives: its v7 `region` input, else its provider's region. */
export function regionOf(resource: ResourceView): string | undefined {
  return resource.props.region ?? resource.provider?.props.region;
}

/** A label for messages: `aws:s3/bucket:Bucket "logs"`. */
export const label = (r: ResourceView) => `${r.type} "${r.name}"`;

type Meta<C> = {
  name: string;
  description: string;
  group: RuleGroup;
  enforcementLevel?: EnforcementLevel;
  severity?: Severity;
  remediation: string;
  config?: { schema: PolicyConfigSchema; defaults: C };
};

/** A resource rule; `check` returns one message per problem, or nothing. */
export function resourceRule<C = Record<string, never>>(
  meta: Meta<C> & {
    resourceTypes: readonly string[];
    check(r: ResourceView, config: C): string | string[] | undefined | false;
  },
): ResourceRule<C> {
  const { check, ...rest } = meta;
  return {
    kind: "resource",
    enforcementLevel: "mandatory",
    severity: "high",
    ...rest,
    validate: (r, config) => asArray(check(r, config) || undefined).filter(Boolean) as string[],
  };
}

export function stackRule<C = Record<string, never>>(
  meta: Meta<C> & { check(stack: StackView, config: C): StackViolation[] },
): StackRule<C> {
  const { check, ...rest } = meta;
  return { kind: "stack", enforcementLevel: "mandatory", severity: "high", ...rest, validate: check };
}
