/**
 * One AWS SDK: every @aws-sdk client the functions use is pinned to the same release, and the
 * SDK's shared core is installed once, so each Lambda bundle carries one copy of it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string }>;
};

/** Every installed version of a package, wherever npm put it. */
const installed = (name: string) => [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([p]) => p.endsWith(`node_modules/${name}`))
      .map(([, info]) => info.version),
  ),
];

describe("the AWS SDK for JavaScript v3", () => {
  const clients = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith("@aws-sdk/client-"));

  it("pins every client the project depends on to one exact release", () => {
    expect(clients.length).toBeGreaterThanOrEqual(5);
    const versions = [...new Set(clients.map(([, v]) => v))];
    expect(versions, clients.map(([n, v]) => `${n}@${v}`).join(", ")).toHaveLength(1);
    expect(versions[0]).toMatch(/^3\.\d+\.\d+$/);
  });

  it("installs each client at that release, and the SDK's shared core once", () => {
    for (const [name, version] of clients) expect(installed(name), name).toEqual([version]);
    for (const core of [
      "@aws-sdk/core",
      "@aws-sdk/types",
      "@smithy/core",
      "@smithy/smithy-client",
      "@smithy/node-http-handler",
    ]) {
      expect(installed(core).length, core).toBeLessThanOrEqual(1);
    }
  });
});
