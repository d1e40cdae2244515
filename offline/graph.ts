/** One resource as the offline engine recorded it: the shape of the plan's `--json` output. */
export interface RecordedResource {
  urn: string;
  type: string;
  /** Logical (Pulumi) name. */
  name: string;
  /** Parent URN; absent only for the stack itself. */
  parent?: string;
  /** `<provider urn>::<provider id>` of an explicit provider, absent for the default provider. */
  provider?: string;
  /** Where AWS would create it: `global` for IAM, CloudFront, Route 53 and other global services. */
  region: string;
  /** Custom resources are cloud resources; components group them. */
  custom: boolean;
  /** Remote (multi-language) components such as awsx are one opaque registration. */
  remote?: boolean;
  id?: string;
  /** Inputs as the provider receives them: secrets unwrapped (see secretOutputs), default tags merged into tagsAll. */
  inputs: Record<string, any>;
  /** Top-level properties whose values are secret in state (secret inputs and additionalSecretOutputs). */
  secretOutputs: string[];
  /** URNs this resource depends on (dependsOn and every input's resource). */
  dependencies: string[];
  /** Per input property, the URNs of the resources its value came from (what CrossGuard's propertyDependencies holds). */
  propertyDependencies?: Record<string, string[]>;
  /** The `ignoreChanges` option: properties an update leaves as they are in the cloud. Absent when none. */
  ignoreChanges?: string[];
}

/** A policy violation on a stack, as the plan reports and saves it. */
export interface Violation {
  rule: string;
  enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
  severity: "low" | "medium" | "high" | "critical";
  group: string;
  resourceType?: string;
  resourceName?: string;
  urn?: string;
  message: string;
  remediation: string;
}

/** How a secret stack output is shown, as `pulumi stack output` shows it. */
export const SECRET_OUTPUT = "[secret]";

/** A stack's outputs as the plan shows and saves them: secret ones replaced by "[secret]". */
export function shownOutputs(
  outputs: Record<string, unknown>,
  secretOutputNames: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([k, v]) => [k, secretOutputNames.includes(k) ? SECRET_OUTPUT : v]),
  );
}

export interface StackGraph {
  name: string;
  region: string;
  /** The stack's exports (what `pulumi stack output` prints), secret ones shown as "[secret]". Absent in a graph saved without them. */
  outputs?: Record<string, unknown>;
  resources: RecordedResource[];
  violations: Violation[];
}

export interface PlanDocument {
  stacks: StackGraph[];
}

/** Query helpers over one stack's recorded resources, so tests read like requirements. */
export class ResourceGraph {
  constructor(readonly resources: readonly RecordedResource[]) {}

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of this type and logical name; throws with the names that exist otherwise. */
  one(type: string, name: string): RecordedResource {
    const found = this.ofType(type).filter((r) => r.name === name);
    if (found.length === 1) return found[0]!;
    const names = this.ofType(type).map((r) => r.name);
    throw new Error(
      found.length === 0
        ? `no ${type} named "${name}" in the graph; ${type} names: ${names.join(", ") || "none"}`
        : `${found.length} resources of ${type} are named "${name}"`,
    );
  }

  byUrn(urn: string): RecordedResource {
    const r = this.resources.find((x) => x.urn === urn);
    if (!r) throw new Error(`no resource with URN ${urn}`);
    return r;
  }

  /** Direct children of a component (or any resource). */
  childrenOf(parent: RecordedResource | string): RecordedResource[] {
    const urn = typeof parent === "string" ? parent : parent.urn;
    return this.resources.filter((r) => r.parent === urn);
  }

  /** Every resource under a component, at any depth. */
  descendantsOf(parent: RecordedResource | string): RecordedResource[] {
    const out: RecordedResource[] = [];
    const walk = (urn: string) => {
      for (const child of this.childrenOf(urn)) {
        out.push(child);
        walk(child.urn);
      }
    };
    walk(typeof parent === "string" ? parent : parent.urn);
    return out;
  }

  /** The chain of component ancestors, nearest first. */
  ancestorsOf(resource: RecordedResource): RecordedResource[] {
    const out: RecordedResource[] = [];
    let at = resource.parent ? this.resources.find((r) => r.urn === resource.parent) : undefined;
    while (at) {
      out.push(at);
      at = at.parent ? this.resources.find((r) => r.urn === at!.parent) : undefined;
    }
    return out;
  }

  /** The URNs of every resource `resource` waits for: its dependencies, theirs, and so on. */
  dependenciesOf(resource: RecordedResource): Set<string> {
    const seen = new Set<string>();
    const visit = (urn: string) => {
      if (seen.has(urn)) return;
      seen.add(urn);
      this.resources.find((x) => x.urn === urn)?.dependencies.forEach(visit);
    };
    resource.dependencies.forEach(visit);
    return seen;
  }

  /**
   * Resources whose inputs reference the given resource (e.g. what is encrypted with a key, the
   * routes of a table): an input that came from one of its outputs (the recorded property
   * dependency, as for `kmsKeyId: key.arn`), or an input whose value is its id or ARN. With
   * `prop`, only that input counts.
   */
  referencing(target: RecordedResource, prop?: string): RecordedResource[] {
    const ids = new Set([target.id, target.inputs.arn].filter(Boolean).map(String));
    return this.resources.filter((r) => {
      if (r === target) return false;
      const deps = r.propertyDependencies ?? {};
      const fromOutputs = prop ? (deps[prop] ?? []) : Object.values(deps).flat();
      if (fromOutputs.includes(target.urn)) return true;
      const values = prop ? [r.inputs[prop]] : Object.values(r.inputs);
      return values.some((v) => ids.has(String(v)));
    });
  }

  /** Reads a property by dotted path (`versioningConfiguration.status`, `ingress.0.cidrBlocks`). */
  static prop(resource: RecordedResource, path: string): unknown {
    return path.split(".").reduce<any>((v, key) => (v == null ? undefined : v[key]), resource.inputs);
  }

  /** Asserts a property equals the expected value, naming the resource and path when it does not. */
  static expectProp(resource: RecordedResource, path: string, expected: unknown): void {
    const actual = ResourceGraph.prop(resource, path);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new Error(
        `${resource.type} "${resource.name}": expected ${path} = ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
      );
    }
  }
}
