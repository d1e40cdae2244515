import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
// Pulumi's generated protobuf modules: the response types the mock monitor must answer with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require("@pulumi/pulumi/proto/resource_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structproto = require("google-protobuf/google/protobuf/struct_pb");

/** Everything a registration carries that Pulumi's MockResourceArgs drops. */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  parent: string;
  provider: string;
  providers: Record<string, string>;
  custom: boolean;
  remote: boolean;
  /** Inputs as the SDK deserializes them (secrets still wrapped, resources as live references). */
  inputs: Record<string, any>;
  /** Inputs exactly as serialized on the wire (signatures intact), for a faithful plain view. */
  wire: Record<string, any>;
  dependencies: string[];
  /** Per input property, the URNs its value came from. */
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs: string[];
  /** The `ignoreChanges` resource option: properties a later update leaves alone. */
  ignoreChanges: string[];
  /** Set for reads (`.get()`, StackReference). */
  readId?: string;
}

export interface RegistrationHandler {
  register(reg: Registration): Promise<{ id?: string; state: Record<string, any> }>;
}

function propertyDependenciesOf(req: any): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
    const urns: string[] = deps.getUrnsList();
    if (urns.length) out[key] = [...new Set(urns)];
  });
  return out;
}

let installed = false;

/**
 * Replaces the mock monitor's registerResource/readResource with versions that hand the full
 * request (parent, dependencies, provider, remote flag, secret outputs, URN) to the offline
 * engine when the engine is the active mocks object; Pulumi's plain behaviour is kept otherwise.
 */
export function installMonitorPatch(): void {
  if (installed) return;
  installed = true;
  const proto = MockMonitor.prototype as any;
  const originalRegister = proto.registerResource;
  const originalRead = proto.readResource;

  async function answer(
    this: any,
    reg: Registration,
    respond: (urn: string, id: string, state: any) => any,
    callback: any,
  ) {
    try {
      const result = await (this.mocks as RegistrationHandler).register(reg);
      const serializedState = await rpc.serializeProperties("", result.state);
      this.resources.set(reg.urn, { urn: reg.urn, id: result.id ?? null, state: serializedState });
      callback(null, respond(reg.urn, result.id ?? "", structproto.Struct.fromJavaScript(serializedState)));
    } catch (err) {
      callback(err, undefined);
    }
  }

  proto.registerResource = function (req: any, callback: any) {
    if (typeof this.mocks?.register !== "function") return originalRegister.call(this, req, callback);
    const providers: Record<string, string> = {};
    req.getProvidersMap().forEach((ref: string, pkg: string) => (providers[pkg] = ref));
    const reg: Registration = {
      urn: this.newUrn(req.getParent(), req.getType(), req.getName()),
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      provider: req.getProvider(),
      providers,
      custom: req.getCustom(),
      remote: req.getRemote(),
      inputs: rpc.deserializeProperties(req.getObject()),
      wire: req.getObject()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      propertyDependencies: propertyDependenciesOf(req),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      ignoreChanges: req.getIgnorechangesList(),
    };
    return answer.call(
      this,
      reg,
      (urn, id, object) => {
        const response = new resproto.RegisterResourceResponse();
        response.setUrn(urn);
        response.setId(id);
        response.setObject(object);
        return response;
      },
      callback,
    );
  };

  proto.readResource = function (req: any, callback: any) {
    if (typeof this.mocks?.register !== "function") return originalRead.call(this, req, callback);
    const reg: Registration = {
      urn: this.newUrn(req.getParent(), req.getType(), req.getName()),
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      provider: req.getProvider(),
      providers: {},
      custom: true,
      remote: false,
      inputs: rpc.deserializeProperties(req.getProperties()),
      wire: req.getProperties()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      propertyDependencies: {},
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      ignoreChanges: [],
      readId: req.getId(),
    };
    return answer.call(
      this,
      reg,
      (urn, _id, object) => {
        const response = new resproto.ReadResourceResponse();
        response.setUrn(urn);
        response.setProperties(object);
        return response;
      },
      callback,
    );
  };
}
