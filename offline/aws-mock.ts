import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import type { RecordedResource } from "./graph";
import { answerInvoke } from "./invokes";
import type { Registration, RegistrationHandler } from "./monitor-patch";
import { autoName, checkName, nameRuleOf } from "./naming-rules";
import { packageModel } from "./package-models";
import { identityOf } from "./resource-ids";
import { isRegional, isTaggable, shapeOf } from "./resource-catalog";
import { plainInputs } from "./plain-inputs";

export interface StackReferenceOutputs {
  outputs: Record<string, unknown>;
  secretOutputNames?: string[];
}

export interface OfflineAwsOptions {
  project: string;
  stack: string;
  /** The stack's `aws:region`: what the default provider uses. */
  region: string;
  /** Default tags of the default provider (`aws:defaultTags`). */
  defaultTags?: Record<string, string>;
  /** Outputs of the stacks this one may reference, by the name passed to StackReference. */
  stackReferences?: Record<string, StackReferenceOutputs>;
}

interface ProviderInfo {
  region: string;
  defaultTags: Record<string, string>;
}

const isSecretValue = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (value as Record<string, unknown>)[rpc.specialSigKey] === rpc.specialSecretSig;
/** Marks a value secret in the response, once: a wrapped secret wrapped again reaches the program as an object. */
const secret = (value: unknown) =>
  isSecretValue(value) ? value : { [rpc.specialSigKey]: rpc.specialSecretSig, value };

/**
 * A mock of AWS for Pulumi's mocked runtime that behaves like AWS where a program can observe it:
 * regions resolved per resource, realistic ids, ARNs and computed attributes, Pulumi-style
 * auto-names, provider default tags merged into tagsAll, the invokes the platform calls, and
 * StackReference outputs of the peer stack. It records every registration.
 */
export class OfflineAws implements pulumi.runtime.Mocks, RegistrationHandler {
  readonly resources: RecordedResource[] = [];
  private readonly providers = new Map<string, ProviderInfo>();
  /** What AWS holds for each resource created so far (inputs and computed attributes), by physical id and by type. */
  private readonly states = new Map<string, Record<string, unknown>>();
  private readonly statesOfType = new Map<string, Record<string, unknown>[]>();

  constructor(private readonly options: OfflineAwsOptions) {}

  /** Pulumi calls this only when the monitor patch is not active; keep it honest rather than silent. */
  newResource(args: pulumi.runtime.MockResourceArgs): never {
    throw new Error(
      `offline engine: ${args.type} "${args.name}" registered without the monitor patch; call installMonitorPatch() before setMocks`,
    );
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const region = (args.inputs.region as string | undefined) ?? this.providerInfo(args.provider).region;
    return answerInvoke(args.token, region, args.inputs);
  }

  async register(reg: Registration): Promise<{ id?: string; state: Record<string, any> }> {
    const hex = this.hexSource(reg.urn);
    const { inputs: plain, secretKeys } = plainInputs(reg.wire);
    const record: RecordedResource = {
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      ...(reg.parent ? { parent: reg.parent } : {}),
      ...(reg.provider ? { provider: reg.provider } : {}),
      region: this.options.region,
      custom: reg.custom,
      ...(reg.remote ? { remote: true } : {}),
      inputs: plain,
      secretOutputs: [...new Set([...secretKeys, ...reg.additionalSecretOutputs])].sort(),
      dependencies: [...new Set(reg.dependencies)],
      ...(Object.keys(reg.propertyDependencies).length ? { propertyDependencies: reg.propertyDependencies } : {}),
      ...(reg.ignoreChanges.length ? { ignoreChanges: [...reg.ignoreChanges].sort() } : {}),
    };
    const result = this.resolve(reg, record, hex);
    if (result.id) record.id = result.id;
    for (const key of reg.additionalSecretOutputs) {
      if (key in result.state) result.state[key] = secret(result.state[key]);
    }
    this.resources.push(record);
    return result;
  }

  private resolve(
    reg: Registration,
    record: RecordedResource,
    hex: (n: number) => string,
  ): { id?: string; state: Record<string, any> } {
    if (reg.type === "pulumi:pulumi:Stack") return { state: {} };
    if (reg.type.startsWith("pulumi:providers:")) return this.registerProvider(reg, record, hex);
    if (reg.type === "pulumi:pulumi:StackReference") return this.stackReference(reg.readId ?? reg.name);

    const region = this.regionOf(reg);
    record.region = reg.custom && reg.type.startsWith("aws:") && !isRegional(reg.type) ? "global" : region;

    const model = packageModel(reg.type);
    if (model) {
      const out = model(reg.inputs, { region, hex });
      for (const key of out.secret ?? []) {
        if (!record.secretOutputs.includes(key)) record.secretOutputs.push(key);
        out.state[key] = secret(out.state[key]);
      }
      return { id: out.id, state: { ...reg.inputs, ...out.state } };
    }
    if (reg.remote) {
      throw new Error(
        `offline engine: no model for the remote component ${reg.type} "${reg.name}". Components from multi-language packages are opaque under mocks: use plain @pulumi/aws resources, or add a model to offline/package-models.ts.`,
      );
    }
    if (!reg.custom) return { state: {} };
    if (!reg.type.startsWith("aws:")) {
      throw new Error(`offline engine: no model for ${reg.type} "${reg.name}"; add one to offline/package-models.ts`);
    }
    return this.awsResource(reg, record, region, hex);
  }

  private awsResource(reg: Registration, record: RecordedResource, region: string, hex: (n: number) => string) {
    const shape = shapeOf(reg.type);
    if (!shape) throw new Error(`offline engine: ${reg.type} is not a resource of @pulumi/aws`);
    const inputs: Record<string, any> = { ...reg.inputs };
    const rule = nameRuleOf(reg.type);
    if (shape.inputs.has(rule.prop) && inputs[rule.prop] === undefined && reg.readId === undefined) {
      const prefix = inputs[`${rule.prop}Prefix`];
      inputs[rule.prop] =
        prefix !== undefined ? `${prefix}${hex(26)}` : autoName(reg.type, reg.name, hex(7), rule, inputs);
      record.inputs[rule.prop] = inputs[rule.prop];
    }
    checkName(reg.type, reg.name, record.inputs[rule.prop]);
    if (isRegional(reg.type)) {
      inputs.region = region;
      record.inputs.region = region;
    }
    if (isTaggable(reg.type)) {
      const tagsAll = { ...this.providerInfo(reg.provider).defaultTags, ...(record.inputs.tags ?? {}) };
      inputs.tagsAll = tagsAll;
      record.inputs.tagsAll = tagsAll;
    }
    const identity = identityOf({
      type: reg.type,
      name: reg.name,
      inputs: record.inputs,
      region,
      hex,
      lookup: (id) => (typeof id === "string" ? this.states.get(id) : undefined),
      earlier: (type) => this.statesOfType.get(type) ?? [],
    });
    const id = reg.readId || identity.id;
    const known = { ...record.inputs, ...identity.state, id };
    this.states.set(id, known);
    this.statesOfType.set(reg.type, [...(this.statesOfType.get(reg.type) ?? []), known]);
    return { id, state: { ...inputs, ...identity.state } };
  }

  private registerProvider(reg: Registration, record: RecordedResource, hex: (n: number) => string) {
    // A UUID like the engine's, but derived from the URN so that two plans of a program are identical.
    const id = `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
    const tags = reg.inputs.defaultTags ? (JSON.parse(String(reg.inputs.defaultTags)).tags ?? {}) : {};
    const region = String(reg.inputs.region ?? this.options.region);
    this.providers.set(id, { region, defaultTags: tags });
    record.region = region;
    record.id = id;
    return { id, state: reg.inputs };
  }

  private stackReference(name: string) {
    const ref = this.options.stackReferences?.[name];
    if (!ref) {
      const known = Object.keys(this.options.stackReferences ?? {});
      throw new Error(
        `offline engine: StackReference "${name}" has no outputs here (known: ${known.join(", ") || "none"}); plan the referenced stack first`,
      );
    }
    return { id: name, state: { name, outputs: ref.outputs, secretOutputNames: ref.secretOutputNames ?? [] } };
  }

  /** The region AWS would use: the resource's `region` input, then its provider's, then the stack's. */
  private regionOf(reg: Registration): string {
    if (typeof reg.inputs.region === "string" && isRegional(reg.type)) return reg.inputs.region;
    return this.providerInfo(reg.provider || reg.providers.aws || "").region;
  }

  private providerInfo(ref: string | undefined): ProviderInfo {
    if (!ref) return { region: this.options.region, defaultTags: this.options.defaultTags ?? {} };
    const id = ref.slice(ref.lastIndexOf("::") + 2);
    const info = this.providers.get(id);
    if (!info) throw new Error(`offline engine: unknown provider reference ${ref}`);
    return info;
  }

  /** Deterministic pseudo-random hex per resource, so a plan is reproducible run to run. */
  private hexSource(urn: string): (n: number) => string {
    let counter = 0;
    return (n: number) => {
      let out = "";
      while (out.length < n) {
        out += createHash("sha256").update(`${this.options.stack}|${urn}|${counter++}`).digest("hex");
      }
      return out.slice(0, n);
    };
  }
}
