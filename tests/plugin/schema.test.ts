/**
 * The component package (plugin/) as `pulumi package add` gets it: the schema Pulumi's
 * ComponentProvider serves, made here exactly as the plugin's host makes it (its analyzer reads
 * plugin/tsconfig.json's Program, from package.json "main" through the imports, and infers each
 * component's inputs and outputs from the facades' TypeScript types). Without a Pulumi CLI here
 * the SDKs are not generated; this is the schema they would be generated from.
 *
 * The analyzer builds a TypeScript Program over the plugin and the library (seconds of CPU), so
 * this is a static suite (`npm run test:static`), not part of `npm test`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { beforeAll, describe, expect, it } from "vitest";
import type { NatStrategy as LibNatStrategy } from "../../components/network";
import type { CapacityKind as LibCapacityKind, ResilientWebTierArgs } from "../../components/web";
import type { DatabaseEngine as LibDatabaseEngine, DatabaseMode as LibDatabaseMode } from "../../components/web";
import type { WebTierDeployment } from "../../components/web";
import type { IngestionPipelineArgs } from "../../components/ingestion";
import type { DataLakeArgs } from "../../components/datalake";
import type { LakeRedisArgs } from "../../components/datalake/secrets";
import type { FunctionReleaseArgs } from "../../components/compute/release";
import type { DeliveryPipelineArgs as LibDeliveryArgs } from "../../components/delivery";
import type * as enums from "../../plugin/components/enums";
import type { DeliveryPipelineArgs, FunctionRelease, WebDeployment } from "../../plugin/components";

const PLUGIN = path.resolve(__dirname, "..", "..", "plugin");

/** The class names in plugin/components/index.ts's COMPONENTS, the list the host serves. */
function servedNames(): string[] {
  const source = fs.readFileSync(path.join(PLUGIN, "components", "index.ts"), "utf8");
  const list = /export const COMPONENTS = \[([^\]]*)\]/.exec(source)?.[1];
  if (!list) throw new Error("plugin/components/index.ts: no COMPONENTS list");
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

// The plugin's enums hold exactly the strings the TypeScript components take: a compile-time
// check (`npm run typecheck`), one line per enum.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameStrings: [
  Same<enums.NatStrategy, LibNatStrategy>,
  Same<enums.CapacityKind, LibCapacityKind>,
  Same<enums.DatabaseEngine, LibDatabaseEngine>,
  Same<enums.DatabaseMode, LibDatabaseMode>,
  Same<enums.PlatformRole, NonNullable<ResilientWebTierArgs["platformRole"]>>,
  Same<enums.ProcessedBucketRole, NonNullable<IngestionPipelineArgs["processedBucketRole"]>>,
  Same<enums.LakeRole, NonNullable<DataLakeArgs["role"]>>,
  Same<enums.RedisEngine, NonNullable<LakeRedisArgs["engine"]>>,
  Same<enums.WebDeploymentStrategy, WebTierDeployment["strategy"]>,
  Same<
    enums.EcsDeploymentConfig,
    NonNullable<Extract<WebTierDeployment, { strategy: "blue-green" }>["deploymentConfigName"]>
  >,
  Same<enums.FunctionReleaseStrategy, NonNullable<FunctionReleaseArgs["strategy"]>>,
  Same<enums.ConnectionProviderType, NonNullable<LibDeliveryArgs["connectionProviderType"]>>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];

// The flattened args keep every field of the TypeScript ones they stand for (a field the library
// adds is a compile error here until the facade has it): the blue-green deployment's, the
// function release's, the delivery pipeline's.
const sameFields: [
  Same<keyof WebDeployment, keyof Extract<WebTierDeployment, { strategy: "blue-green" }>>,
  Same<keyof FunctionRelease, keyof FunctionReleaseArgs>,
  Same<keyof DeliveryPipelineArgs, keyof LibDeliveryArgs>,
] = [true, true, true];

describe("the component package's schema (plugin/, as `pulumi package add` reads it)", () => {
  const names = servedNames();
  let schema: PackageSpec;
  const resource = (name: string) => schema.resources[`twin-region:index:${name}`]!;
  const inputs = (name: string) => resource(name).inputProperties ?? {};
  const outputs = (name: string) => resource(name).properties ?? {};

  beforeAll(async () => {
    // The host's own path (ComponentProvider.getSchema), with stand-ins for the classes: only
    // their names are used to make the schema, and the facades need not be loaded.
    const components = names.map((n) => ({ [n]: class {} })[n]!) as never[];
    const provider = new ComponentProvider({ components, name: "twin-region", dirname: PLUGIN });
    schema = JSON.parse(await provider.getSchema()) as PackageSpec;
  });

  it("serves the six main components and the delivery pipeline, each a component of package twin-region at the library's version", () => {
    expect(names).toEqual([
      "RegionalKey",
      "RegionalNetwork",
      "IngestionPipeline",
      "ResilientWebTier",
      "DataLake",
      "ObservabilityStack",
      "DeliveryPipeline",
    ]);
    const library = JSON.parse(fs.readFileSync(path.join(PLUGIN, "..", "package.json"), "utf8")) as { version: string };
    expect(schema.name).toBe("twin-region");
    expect(schema.version).toBe(library.version);
    expect(Object.keys(schema.resources).sort()).toEqual(names.map((n) => `twin-region:index:${n}`).sort());
    for (const n of names) expect(resource(n).isComponent, n).toBe(true);
  });

  it("depends on no other package's schema (no resource or provider objects in the args)", () => {
    expect(schema.dependencies ?? []).toEqual([]);
  });

  it("types the stream's capacity as a shard count and an on-demand switch, not a union", () => {
    expect(inputs("IngestionPipeline").stream).toMatchObject({ $ref: "#/types/twin-region:index:StreamSettings" });
    expect(schema.types!["twin-region:index:StreamSettings"]!.properties).toMatchObject({
      shards: { type: "number" },
      onDemand: { type: "boolean" },
      retentionPeriodHours: { type: "number" },
    });
  });

  it("makes the choices among fixed strings enums with the components' values", () => {
    const values = (t: string) => (schema.types![`twin-region:index:${t}`]!.enum ?? []).map((e) => e.value).sort();
    expect(inputs("RegionalNetwork").natStrategy).toMatchObject({ $ref: "#/types/twin-region:index:NatStrategy" });
    expect(values("NatStrategy")).toEqual(["perAz", "single"].sort());
    expect(values("ProcessedBucketRole")).toEqual(["data", "replica"].sort());
    expect(values("CapacityKind")).toEqual(["ec2", "fargate"]);
    expect(values("LakeRole")).toEqual(["primary", "replica"].sort());
    expect(values("WebDeploymentStrategy")).toEqual(["blue-green", "rolling"]);
    expect(values("EcsDeploymentConfig")).toEqual(
      [
        "CodeDeployDefault.ECSAllAtOnce",
        "CodeDeployDefault.ECSCanary10Percent15Minutes",
        "CodeDeployDefault.ECSCanary10Percent5Minutes",
        "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
        "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
      ].sort(),
    );
    expect(values("FunctionReleaseStrategy")).toEqual(["all-at-once", "canary", "linear"]);
    expect(values("ConnectionProviderType")).toEqual(
      ["Bitbucket", "GitHub", "GitHubEnterpriseServer", "GitLab", "GitLabSelfManaged"].sort(),
    );
    expect(sameStrings.every(Boolean)).toBe(true);
  });

  it("types the web tier's deployment as one object: a strategy enum and blue-green's settings flat, the strategy required", () => {
    expect(inputs("ResilientWebTier").deployment).toMatchObject({ $ref: "#/types/twin-region:index:WebDeployment" });
    const deployment = schema.types!["twin-region:index:WebDeployment"]!;
    expect(deployment.properties).toMatchObject({
      strategy: { $ref: "#/types/twin-region:index:WebDeploymentStrategy" },
      deploymentConfigName: { $ref: "#/types/twin-region:index:EcsDeploymentConfig" },
      testListenerPort: { type: "number" },
      testListenerCidrs: { type: "array", items: { type: "string" } },
      terminationWaitMinutes: { type: "number" },
      approvalWaitMinutes: { type: "number" },
    });
    expect(deployment.required).toEqual(["strategy"]);
    expect(inputs("ResilientWebTier").alarmTopicArn).toMatchObject({ type: "string" });
    expect(inputs("ResilientWebTier").alarmTopicArn!.plain).toBeUndefined();
    expect(sameFields.every(Boolean)).toBe(true);
  });

  it("takes the function release (a strategy enum and minutes) in the three components with functions", () => {
    for (const n of ["IngestionPipeline", "ResilientWebTier", "DataLake"])
      expect(inputs(n).functionRelease, n).toMatchObject({ $ref: "#/types/twin-region:index:FunctionRelease" });
    const release = schema.types!["twin-region:index:FunctionRelease"]!;
    expect(release.properties).toMatchObject({
      strategy: { $ref: "#/types/twin-region:index:FunctionReleaseStrategy" },
      minutes: { type: "number" },
    });
    expect(release.required ?? []).toEqual([]);
  });

  it("takes the delivery pipeline's args, its Git host an enum and its stacks a named type", () => {
    expect(inputs("DeliveryPipeline").connectionProviderType).toMatchObject({
      $ref: "#/types/twin-region:index:ConnectionProviderType",
    });
    expect(inputs("DeliveryPipeline").stacks).toMatchObject({ $ref: "#/types/twin-region:index:DeliveryStacks" });
    expect(schema.types!["twin-region:index:DeliveryStacks"]!.properties).toMatchObject({
      primary: { type: "string" },
      secondary: { type: "string" },
    });
    expect(inputs("DeliveryPipeline").deployRoleArn!.plain).toBeUndefined();
    expect(inputs("DeliveryPipeline").repository!.plain).toBe(true);
  });

  it("lets the package's key and topic admit the pipeline's notifications by a switch each (the TypeScript statements)", () => {
    for (const n of ["RegionalKey", "ObservabilityStack"])
      expect(inputs(n).allowDeliveryNotifications, n).toMatchObject({ type: "boolean", plain: true });
  });

  it("takes a network as its outputs (NetworkRef), in the web tier and the data lake", () => {
    expect(inputs("ResilientWebTier").network).toMatchObject({ $ref: "#/types/twin-region:index:NetworkRef" });
    expect(inputs("DataLake").network).toMatchObject({ $ref: "#/types/twin-region:index:NetworkRef" });
    expect(resource("DataLake").requiredInputs).not.toContain("network");
    expect(Object.keys(schema.types!["twin-region:index:NetworkRef"]!.properties!).sort()).toEqual(
      Object.keys(outputs("RegionalNetwork"))
        .filter(
          (k) => ["vpcId", "vpcCidr", "s3PrefixListId", "dynamodbPrefixListId"].includes(k) || /SubnetIds$/.test(k),
        )
        .sort(),
    );
  });

  it("names the peer region instead of taking a provider", () => {
    expect(schema.types!["twin-region:index:WebTierPeer"]!.properties).toMatchObject({
      region: { type: "string", plain: true },
      providerTags: { type: "object", additionalProperties: { type: "string" } },
    });
  });

  it("marks required the args the TypeScript components require, and no other", () => {
    const required = (n: string) => [...(resource(n).requiredInputs ?? [])].sort();
    expect(required("RegionalKey")).toEqual([]);
    expect(required("RegionalNetwork")).toEqual(["cidrBlock"]);
    expect(required("IngestionPipeline")).toEqual(
      ["region", "kmsKeyArn", "privateSubnetIds", "processingSecurityGroupIds", "accessLogBucketName"].sort(),
    );
    expect(required("ResilientWebTier")).toEqual(
      [
        "region",
        "kmsKeyArn",
        "network",
        "availabilityZoneCount",
        "accessLogBucketName",
        "hostName",
        "hostedZoneId",
      ].sort(),
    );
    expect(required("DataLake")).toEqual(["region", "environment", "kmsKeyArn", "accessLogBucketName"].sort());
    expect(required("ObservabilityStack")).toEqual(["region", "kmsKeyArn"].sort());
    expect(required("DeliveryPipeline")).toEqual(
      [
        "region",
        "kmsKeyArn",
        "accessLogBucketName",
        "alarmTopicArn",
        "repository",
        "pulumiOrg",
        "deployRoleArn",
      ].sort(),
    );
  });

  it("takes outputs of other resources where the components do (not plain) and plain values for settings", () => {
    expect(inputs("IngestionPipeline").kmsKeyArn!.plain).toBeUndefined();
    expect(inputs("IngestionPipeline").privateSubnetIds!.plain).toBeUndefined();
    expect(inputs("IngestionPipeline").region!.plain).toBe(true);
    expect(inputs("RegionalNetwork").cidrBlock!.plain).toBeUndefined();
  });

  it("exposes the components' main outputs, typed", () => {
    expect(outputs("RegionalKey")).toMatchObject({ keyArn: { type: "string" }, keyId: { type: "string" } });
    expect(outputs("RegionalNetwork")).toMatchObject({
      vpcId: { type: "string" },
      privateSubnetIds: { type: "array", items: { type: "string" } },
      flowLogGroupName: { type: "string" },
    });
    expect(resource("RegionalNetwork").required).toContain("vpcId");
    expect(resource("RegionalNetwork").required).not.toContain("flowLogGroupName");
    expect(outputs("IngestionPipeline")).toMatchObject({
      apiEndpoint: { type: "string" },
      tableArn: { type: "string" },
    });
    expect(outputs("ResilientWebTier")).toMatchObject({
      url: { type: "string" },
      databaseClusterArn: { type: "string" },
      deploymentGroupName: { type: "string" },
      releaseRequest: { type: "string" },
    });
    expect(resource("ResilientWebTier").required).not.toContain("releaseRequest");
    expect(outputs("DataLake")).toMatchObject({
      bucketName: { type: "string" },
      zonePrefixes: { type: "object", additionalProperties: { type: "array" } },
    });
    expect(outputs("ObservabilityStack")).toMatchObject({ topicArn: { type: "string" } });
    expect(outputs("DeliveryPipeline")).toMatchObject({
      pipelineArn: { type: "string" },
      connectionStatus: { type: "string" },
      projectNames: { type: "object", additionalProperties: { type: "string" } },
      deployBuildRoleArns: { type: "array", items: { type: "string" } },
    });
  });
});
