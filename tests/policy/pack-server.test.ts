/**
 * The pack as the Pulumi CLI runs it: policy/index.ts started in its own process serves the
 * analyzer gRPC protocol; the test asks it what it enforces and has it analyze resources.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_RULES } from "../../policy/rules";

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
