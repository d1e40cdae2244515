/**
 * The pack as the Pulumi CLI runs it: policy/index.ts started in its own process serves the
 * analyzer gRPC protocol; the test asks it what it enforces and has it analyze resources.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as fs from "node:fs";
import * as grpc from "@grpc/grpc-js";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackConfig } from "../../offline/policy-config";
import { evaluatePolicies } from "../../offline/policy-runner";
import { ALL_RULES } from "../../policy/rules";
import { ALL_RULE_CASES } from "./cases";
import { stackGraph } from "./harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

const POLICY_DIR = path.join(__dirname, "..", "..", "policy");
let pack: ChildProcess;
let client: any;

const call = <T>(method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) =>
    client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))),
  );

beforeAll(async () => {
  pack = spawn(process.execPath, ["--import", "tsx", "index.ts"], {
    cwd: POLICY_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  pack.stderr!.on("data", (d) => (stderr += d));
  const port = await new Promise<string>((resolve, reject) => {
    pack.stdout!.once("data", (d) => resolve(String(d).trim()));
    pack.once("exit", (code) => reject(new Error(`the policy pack exited with ${code}: ${stderr}`)));
  });
  client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
  client?.close();
  pack?.kill();
});

function analyzeRequest(type: string, name: string, props: Record<string, unknown>) {
  const req = new analyzerPb.AnalyzeRequest();
  req.setType(type);
  req.setName(name);
  req.setUrn(`urn:pulumi:primary::twin-region::${type}::${name}`);
  req.setProperties(Struct.fromJavaScript(props));
  req.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return req;
}

describe("the policy pack served to the Pulumi CLI", () => {
  it("announces every rule with its description, enforcement level and config schema", async () => {
    const info: any = await call("getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe("twin-region");
    const policies = info.getPoliciesList();
    expect(policies.map((p: any) => p.getName()).sort()).toEqual(ALL_RULES.map((r) => r.name).sort());
    for (const p of policies) expect(p.getDescription().length).toBeGreaterThan(20);
    const configurable = ALL_RULES.filter((r) => r.config);
    for (const rule of configurable) {
      const announced = policies.find((p: any) => p.getName() === rule.name);
      expect(announced.getConfigschema()?.getProperties()?.toJavaScript()).toEqual(rule.config!.schema.properties);
    }
  });

  it("reports a non-compliant resource as a mandatory violation of the rule that catches it", async () => {
    const res: any = await call(
      "analyze",
      analyzeRequest("aws:s3/bucketVersioning:BucketVersioning", "data-versioning", {
        bucket: "data",
        versioningConfiguration: { status: "Suspended" },
      }),
    );
    const diagnostics = res
      .getDiagnosticsList()
      .map((d: any) => ({ policy: d.getPolicyname(), message: d.getMessage(), level: d.getEnforcementlevel() }));
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ policy: "s3-versioning-enabled", level: analyzerPb.EnforcementLevel.MANDATORY }),
    );
    expect(diagnostics.find((d: any) => d.policy === "s3-versioning-enabled").message).toMatch(/status "Suspended"/);
  });

  it("passes a compliant resource", async () => {
    const res: any = await call(
      "analyze",
      analyzeRequest("aws:s3/bucketVersioning:BucketVersioning", "data-versioning", {
        bucket: "data",
        versioningConfiguration: { status: "Enabled" },
      }),
    );
    expect(res.getDiagnosticsList()).toEqual([]);
  });
});

/**
 * The same config file, two ways: `pulumi policy enable --config` / `--policy-pack-config` (the CLI
 * resolves `all` and each rule's entry, validates the settings against the schemas the pack
 * announced, and sends every policy its level and settings in one Configure call), and
 * `npm start -- --policy-config` (the offline runner). On the same resources both must report the
 * same rules at the same levels. Last in this file: Configure sets the served pack's config for good.
 */
describe("the served pack configured with policy/config.example.json, as the CLI configures it", () => {
  const LEVELS: Record<string, number> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
  };
  const levelName = (n: number) => Object.keys(LEVELS).find((k) => LEVELS[k] === n);
  const example = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "config.example.json"), "utf8")) as PackConfig;
  /** Rules whose level or settings the example changes, each with a case whose resources it judges. */
  const CHANGED = ["lambda-reserved-concurrency", "ec2-allowed-instance-types", "cloudwatch-log-group-retention"];

  it("validates every rule's settings in the example against the schema the pack announces, then configures it", async () => {
    const info: any = await call("getAnalyzerInfo", new Empty());
    const ajv = new Ajv({ allErrors: true, strict: false });
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    const invalid: string[] = [];
    for (const p of info.getPoliciesList()) {
      const entry = example[p.getName()];
      const level =
        (typeof entry === "string" ? entry : entry?.enforcementLevel) ??
        example.all ??
        levelName(p.getEnforcementlevel());
      const { enforcementLevel: _, ...settings } = typeof entry === "object" ? entry : {};
      const announced = p.getConfigschema();
      const schema = {
        type: "object",
        properties: announced?.getProperties()?.toJavaScript() ?? {},
        required: announced?.getRequiredList() ?? [],
        additionalProperties: false,
      };
      if (!ajv.validate(schema, settings)) invalid.push(`${p.getName()}: ${ajv.errorsText()}`);
      const config = new analyzerPb.PolicyConfig();
      config.setEnforcementlevel(LEVELS[level as string]);
      config.setProperties(Struct.fromJavaScript(settings));
      req.getPolicyconfigMap().set(p.getName(), config);
    }
    expect(invalid).toEqual([]);
    for (const name of Object.keys(example).filter((k) => k !== "all"))
      expect(req.getPolicyconfigMap().has(name), `${name} is announced by the pack`).toBe(true);
    await call("configure", req);
  });

  it("reports on each resource what `npm start -- --policy-config` reports, rule by rule and level by level", async () => {
    const cases = ALL_RULE_CASES.filter((c) => CHANGED.includes(c.rule.name));
    expect(new Set(cases.map((c) => c.rule.name))).toEqual(new Set(CHANGED));
    // Analyze is the per-resource call; the whole-stack rules are AnalyzeStack's.
    const resourceRules = new Set(ALL_RULES.filter((r) => r.kind === "resource").map((r) => r.name));
    // A case's compliant and violating resources reuse names: each set is a graph of its own.
    const graphs = cases.flatMap((c) => [
      { what: `${c.rule.name}'s violating case`, specs: c.violating },
      { what: `${c.rule.name}'s compliant case`, specs: c.compliant },
    ]);
    for (const { what, specs } of graphs) {
      const offline = evaluatePolicies(stackGraph(specs), ALL_RULES, example)
        .filter((v) => resourceRules.has(v.rule))
        .map((v) => `${v.resourceName} ${v.rule} ${v.enforcementLevel}`)
        .sort();
      const served: string[] = [];
      for (const spec of specs) {
        const res: any = await call("analyze", analyzeRequest(spec.type, spec.name, spec.inputs ?? {}));
        for (const d of res.getDiagnosticsList())
          served.push(`${spec.name} ${d.getPolicyname()} ${levelName(d.getEnforcementlevel())}`);
      }
      expect(served.sort(), what).toEqual(offline);
    }
  });

  it("applies the example's changes: a disabled rule is silent, an advisory one advises, with the example's settings", async () => {
    const lambda: any = await call(
      "analyze",
      analyzeRequest("aws:lambda/function:Function", "open", { runtime: "nodejs22.x", handler: "index.handler" }),
    );
    expect(lambda.getDiagnosticsList().map((d: any) => d.getPolicyname())).not.toContain("lambda-reserved-concurrency");
    const instance: any = await call(
      "analyze",
      analyzeRequest("aws:ec2/instance:Instance", "worker", { instanceType: "t3.small" }),
    );
    const advice = instance.getDiagnosticsList().find((d: any) => d.getPolicyname() === "ec2-allowed-instance-types");
    expect(advice?.getEnforcementlevel()).toBe(analyzerPb.EnforcementLevel.ADVISORY);
    expect(advice?.getMessage()).toMatch(/t4g\.\*/);
  });
});
