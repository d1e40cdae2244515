import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  BUNDLE_TARGET,
  bundleFunction,
  bundleFunctionDetails,
  clearBundleMemory,
  esbuildOptions,
  FUNCTION_NAMES,
  LAMBDA_HANDLER,
  PROGRAM_NAMES,
  type FunctionName,
} from "../../components/compute/function-bundle";
import { FUNCTION_DEFAULTS } from "../../components/compute/defaults";
import { sharedPlan } from "../support/shared-plan";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bundles-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("bundling the Lambda functions", () => {
  it("compiles for a Node.js no newer than the deployed runtime, with handler index.handler", () => {
    // What the planned functions really run, and what each bundle is really compiled for.
    const { primary, secondary } = sharedPlan();
    const functions = [primary, secondary].flatMap((p) => p.graph.ofType("aws:lambda/function:Function"));
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const f of functions) {
      expect(f.inputs.runtime, f.name).toBe(FUNCTION_DEFAULTS.runtime);
      expect(f.inputs.handler, f.name).toBe(LAMBDA_HANDLER);
    }
    for (const name of [...FUNCTION_NAMES, ...PROGRAM_NAMES])
      expect(esbuildOptions(name).target, name).toBe(BUNDLE_TARGET);
    const deployed = Number(/^nodejs(\d+)\.x$/.exec(FUNCTION_DEFAULTS.runtime)?.[1]);
    expect(Number(BUNDLE_TARGET.replace(/^node/, ""))).toBeLessThanOrEqual(deployed);
    // index.handler: the bundle is index.js and exports `handler` (loaded below).
    expect(LAMBDA_HANDLER).toBe("index.handler");
    // The change task's image runs its bundle on the Node.js the bundles target.
    const dockerfile = fs.readFileSync(
      path.join(__dirname, "..", "..", "functions", "change-task", "Dockerfile"),
      "utf8",
    );
    expect(/^FROM node:(\d+)-/m.exec(dockerfile)?.[1]).toBe(BUNDLE_TARGET.replace(/^node/, ""));
    expect([...FUNCTION_NAMES]).toEqual([
      "consumer",
      "change-processor",
      "forwarder",
      "workflow-step",
      "web-status",
      "record-reader",
      "secret-rotation",
    ]);
  });

  it.each(FUNCTION_NAMES)(
    "bundles %s into one minified file under 1 MB with an external source map without sources",
    (name) => {
      const bundle = bundleFunction(name);
      expect(bundle.bytes).toBe(Buffer.byteLength(bundle.code));
      expect(bundle.bytes).toBeLessThan(1_000_000);
      expect(bundle.code.trimEnd().endsWith("//# sourceMappingURL=index.js.map")).toBe(true);
      // Minified: long lines (the few line breaks left are inside template literals, and the
      // certificates of the RDS authorities that a function connecting to a database carries).
      const code = bundle.code.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, "");
      expect(code.length / code.split("\n").length).toBeGreaterThan(1_000);
      const map = JSON.parse(bundle.sourceMap) as {
        version: number;
        sources: string[];
        sourcesContent?: unknown;
        mappings: string;
      };
      expect(map.version).toBe(3);
      expect(map.sourcesContent).toBeUndefined();
      expect(map.sources).toContain("handler.ts");
      // Paths relative to the bundle, so the asset is the same on every machine.
      for (const source of map.sources) expect(path.isAbsolute(source)).toBe(false);
    },
  );

  it("produces bundles that load on their own, AWS SDK included, in a directory without node_modules", () => {
    for (const name of FUNCTION_NAMES) {
      const dir = path.join(scratch, name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "index.js"), bundleFunction(name).code);
    }
    const script = `for (const n of ${JSON.stringify(FUNCTION_NAMES)}) { const m = require(require("path").join(${JSON.stringify(scratch)}, n, "index.js")); if (typeof m.handler !== "function") throw new Error(n + ": no handler"); } console.log("ok");`;
    const run = spawnSync(process.execPath, ["-e", script], {
      cwd: scratch,
      encoding: "utf8",
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("ok");
  });

  it("keeps the error name the state machine catches (InvalidWorkflowInput) through minification", async () => {
    const file = path.join(scratch, "workflow-step-run", "index.js");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bundleFunction("workflow-step").code);
    process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
    const { handler } = createRequire(__filename)(file) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const context = {
      functionName: "step",
      awsRequestId: "r",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:step",
      memoryLimitInMB: "128",
      functionVersion: "$LATEST",
      getRemainingTimeInMillis: () => 1_000,
    };
    await expect(handler({ source: "elsewhere" }, context)).rejects.toMatchObject({ name: "InvalidWorkflowInput" });
    const detail = {
      eventId: "e1",
      type: "order.deleted",
      source: "s",
      occurredAt: "2025-01-31T12:00:00Z",
      receivedAt: "2025-01-31T12:00:01Z",
      pk: "EVENT#e1",
      sk: "EVENT",
    };
    await expect(
      handler(
        { source: "twin-region.ingestion", "detail-type": "IngestionRecordStored", region: "eu-west-1", detail },
        context,
      ),
    ).resolves.toMatchObject({ eventId: "e1", classification: "deleted", ingestionLagMs: 1_000 });
  });

  it("bundles the AWS SDK in rather than relying on the runtime's copy", () => {
    const code = bundleFunction("consumer").code;
    const required = [...new Set(code.match(/require\("[^"]+"\)/g))].map((r) => r.slice(9, -2));
    // Node's built-ins only, and the optional CRT signer the SDK tries in a try/catch (SigV4a, unused here).
    expect(required.filter((m) => !m.startsWith("node:") && !builtinModules.includes(m))).toEqual([
      "@aws-sdk/signature-v4-crt",
    ]);
    expect(code).toContain("BatchWriteItem");
  });

  it("answers again from memory, a new process from the disk cache, and rebuilds when an input changed", () => {
    const cacheDir = path.join(scratch, "cache");
    const name: FunctionName = "workflow-step";
    const first = bundleFunctionDetails(name, { cacheDir });
    expect(first.source).toBe("build");
    expect(bundleFunctionDetails(name, { cacheDir }).source).toBe("memory");

    clearBundleMemory();
    const fromDisk = bundleFunctionDetails(name, { cacheDir });
    expect(fromDisk.source).toBe("disk");
    expect(fromDisk.bundle).toEqual(first.bundle);

    // An input whose content no longer matches what the cache saw: the cache is not used.
    const file = path.join(cacheDir, `${name}.json`);
    const cached = JSON.parse(fs.readFileSync(file, "utf8")) as { inputs: Record<string, string> };
    expect(Object.keys(cached.inputs)).toContain("functions/workflow-step/step.ts");
    cached.inputs["functions/workflow-step/step.ts"] = "0".repeat(64);
    fs.writeFileSync(file, JSON.stringify(cached));
    clearBundleMemory();
    const rebuilt = bundleFunctionDetails(name, { cacheDir });
    expect(rebuilt.source).toBe("build");
    expect(rebuilt.bundle).toEqual(first.bundle);
  });

  it("is deterministic: the same inputs give byte-identical code and source map", () => {
    clearBundleMemory();
    const a = bundleFunctionDetails("workflow-step", { cacheDir: false });
    clearBundleMemory();
    const b = bundleFunctionDetails("workflow-step", { cacheDir: false });
    expect(a.source).toBe("build");
    expect(b.bundle).toEqual(a.bundle);
  });

  it("rejects an unknown function name", () => {
    expect(() => bundleFunction("nope" as FunctionName)).toThrow('unknown function "nope"');
  });
});
