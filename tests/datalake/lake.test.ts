/**
 * The data lake's bucket in both stacks as the program builds them (the shared plan): its name,
 * security, zones and lifecycle, its replica in the secondary region, and the ingestion pipeline
 * writing its change log into raw/events/ (one copy of each record, which the lake's ETL reads).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_AREA_PREFIXES, LAKE_LIFECYCLE_DEFAULTS } from "../../components/datalake";
import { PROCESSING_METRIC_IDS } from "../../components/datalake/processing-metrics";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import { CHANGE_PROCESSOR_ENV } from "../../functions/change-processor/environment";
import { CHANGE_TASK_ENV } from "../../functions/change-task/environment";
import type { RecordedResource } from "../../offline/graph";
import { ResourceGraph } from "../../offline/graph";
import { INGESTION_LAKE_PREFIXES } from "../../stacks/datalake";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const T = {
  lake: "twin-region:datalake:DataLake",
  bucket: "aws:s3/bucket:Bucket",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  logging: "aws:s3/bucketLogging:BucketLogging",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  fn: "aws:lambda/function:Function",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;
const prop = ResourceGraph.prop;

let primary: PlannedStack;
let secondary: PlannedStack;
let both: PlannedStack[];
beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
  both = [primary, secondary];
});

const lakeBucket = (plan: PlannedStack): RecordedResource => {
  const [lake] = plan.graph.ofType(T.lake);
  expect(lake, `${plan.stack}: the DataLake`).toBeDefined();
  const buckets = plan.graph.descendantsOf(lake!).filter((r) => r.type === T.bucket);
  expect(buckets, plan.stack).toHaveLength(1);
  return buckets[0]!;
};
const configOf = (plan: PlannedStack, type: string, bucket: RecordedResource) =>
  plan.graph.ofType(type).find((c) => c.inputs.bucket === bucket.id);
const codeOf = (region: string) => ({ "us-east-1": "use1", "us-west-2": "usw2" })[region];

describe("the lake bucket", () => {
  it("is named <env>-data-lake-<region code>-<8 random hex> in each region, drawn once by @pulumi/random, and exported", () => {
    for (const plan of both) {
      const bucket = lakeBucket(plan);
      expect(bucket.inputs.bucket).toMatch(new RegExp(`^prod-data-lake-${codeOf(plan.region)}-[0-9a-f]{8}$`));
      expect(plan.graph.ofType("random:index/randomId:RandomId").map((r) => r.name)).toContain(
        `prod-data-lake-${codeOf(plan.region)}-name`,
      );
      expect(plan.outputs.dataLakeBucketName).toBe(bucket.inputs.bucket);
    }
  });

  it("is encrypted with its region's CMK, versioned, and logs to the region's access-log bucket", () => {
    for (const plan of both) {
      const bucket = lakeBucket(plan);
      const sse = configOf(plan, T.encryption, bucket)!;
      expect(prop(sse, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm")).toBe("aws:kms");
      expect(prop(sse, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId")).toBe(plan.outputs.kmsKeyArn);
      expect(prop(configOf(plan, T.versioning, bucket)!, "versioningConfiguration.status")).toBe("Enabled");
      expect(configOf(plan, T.logging, bucket)!.inputs.targetBucket).toMatch(/^prod-access-logs-/);
    }
  });

  it("ages each zone as the seed says: raw to Intelligent-Tiering then Glacier, processed and curated to Intelligent-Tiering, old versions and working files expire", () => {
    const d = LAKE_LIFECYCLE_DEFAULTS;
    for (const plan of both) {
      const rules = configOf(plan, T.lifecycle, lakeBucket(plan))!.inputs.rules as Record<string, unknown>[];
      const byPrefix = (prefix: string) =>
        rules.filter((r) => prop({ inputs: r } as never, "filter.prefix") === prefix);
      expect(byPrefix("raw/")).toMatchObject([
        {
          status: "Enabled",
          transitions: [
            { days: d.rawIntelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" },
            { days: d.rawGlacierAfterDays, storageClass: "GLACIER" },
          ],
        },
      ]);
      for (const zone of ["processed/", "curated/"])
        expect(byPrefix(zone)).toMatchObject([
          { status: "Enabled", transitions: [{ days: 0, storageClass: "INTELLIGENT_TIERING" }] },
        ]);
      expect(rules.find((r) => r.id === "age-out")).toMatchObject({
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: d.noncurrentVersionExpirationDays },
      });
      expect(byPrefix("athena-results/")).toMatchObject([{ expiration: { days: d.athenaResultsExpirationDays } }]);
      // The ingestion pipeline's tombstones expire in the lake, as they did in its own bucket.
      expect(byPrefix(`${INGESTION_LAKE_PREFIXES.tombstones}/`)).toHaveLength(1);
      // Nothing expires the zones' data itself.
      for (const zone of ["raw/", "processed/", "curated/"])
        expect(
          rules.filter((r) => r.expiration && zone.startsWith(String(prop({ inputs: r } as never, "filter.prefix")))),
        ).toEqual([]);
    }
  });

  it("shows every zone area in the primary as an empty object encrypted with the CMK; the replica's arrive by replication", () => {
    const objects = (plan: PlannedStack) =>
      plan.graph
        .ofType(T.object)
        .filter((o) => o.inputs.bucket === lakeBucket(plan).inputs.bucket && String(o.inputs.key).endsWith("/"));
    expect(
      objects(primary)
        .map((o) => o.inputs.key)
        .sort(),
    ).toEqual([...ALL_AREA_PREFIXES].sort());
    expect(ALL_AREA_PREFIXES).toEqual(
      expect.arrayContaining(["raw/logs/", "raw/events/", "raw/feeds/", "processed/real-time/", "curated/ml/"]),
    );
    for (const o of objects(primary)) {
      expect(o.inputs).toMatchObject({
        content: "",
        serverSideEncryption: "aws:kms",
        kmsKeyId: primary.outputs.kmsKeyArn,
      });
    }
    expect(objects(secondary)).toEqual([]);
  });

  it("replicates into the secondary's lake, by a rule the secondary stack creates in the primary region, with Replication Time Control", () => {
    const source = lakeBucket(primary).inputs.bucket;
    const rules = secondary.graph.ofType(T.replication).filter((r) => r.inputs.bucket === source);
    expect(rules).toHaveLength(1);
    expect(rules[0]!.region).toBe(primary.region);
    expect(prop(rules[0]!, "rules.0.destination.bucket")).toBe(secondary.outputs.dataLakeBucketArn);
    expect(prop(rules[0]!, "rules.0.destination.replicationTime.time.minutes")).toBe(15);
    expect(primary.graph.ofType(T.replication).filter((r) => r.inputs.bucket === source)).toEqual([]);
  });
});

describe("the ingestion pipeline's processed records", () => {
  const prefixes = INGESTION_LAKE_PREFIXES;

  it("land in the lake: the change log is the raw/events/ area (what the ETL reads), the latest images a real-time data set; the pipeline creates no bucket of its own", () => {
    const lake = lakeBucket(primary).inputs.bucket;
    const processor = primary.graph
      .ofType(T.fn)
      .find((f) => prop(f, `environment.variables.${CHANGE_PROCESSOR_ENV.keyPrefix}`) !== undefined)!;
    expect(prop(processor, "environment.variables")).toMatchObject({
      [CHANGE_PROCESSOR_ENV.bucketName]: lake,
      [CHANGE_PROCESSOR_ENV.keyPrefix]: "raw/events",
    });
    const [task] = primary.graph
      .ofType(T.taskDefinition)
      .filter((t) => String(t.inputs.containerDefinitions).includes(CHANGE_TASK_ENV.tombstonePrefix));
    const env = Object.fromEntries(
      (
        JSON.parse(String(task!.inputs.containerDefinitions)) as { environment: { name: string; value: string }[] }[]
      )[0]!.environment.map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      [CHANGE_TASK_ENV.bucketName]: lake,
      [CHANGE_TASK_ENV.keyPrefix]: "processed/real-time/entities",
      [CHANGE_TASK_ENV.tombstonePrefix]: "processed/real-time/tombstones",
    });
    for (const plan of both) {
      expect(
        plan.graph.ofType(T.bucket).filter((b) => String(b.inputs.bucket ?? b.name).includes("ingestion-processed")),
      ).toEqual([]);
      expect(plan.outputs.processedBucketName).toBe(plan.outputs.dataLakeBucketName);
    }
  });

  it("are written by the pipeline with grants scoped to exactly those prefixes of the lake, nothing wider", () => {
    const lakeArn = primary.outputs.dataLakeBucketArn as string;
    const [pipeline] = primary.graph.ofType("twin-region:ingestion:IngestionPipeline");
    const objectResources = primary.graph
      .descendantsOf(pipeline!)
      .filter((r) => r.type === T.rolePolicy)
      .flatMap(
        (p) =>
          (
            JSON.parse(String(p.inputs.policy)) as {
              Statement: { Action: string | string[]; Resource: string | string[] }[];
            }
          ).Statement,
      )
      .filter((s) => [s.Action].flat().includes("s3:PutObject"))
      .flatMap((s) => [s.Resource].flat())
      .filter((r) => r.startsWith(`${lakeArn}/`));
    expect(objectResources.length).toBeGreaterThan(0);
    const allowed = [prefixes.changes, prefixes.entities, prefixes.tombstones].map((p) => `${lakeArn}/${p}/*`);
    for (const resource of objectResources) expect(allowed).toContain(resource);
  });
});

describe("the processing cluster in the stacks", () => {
  it("runs in the primary only, fed by the lake's notifications of new raw/ objects, after the queue admits them", () => {
    const bucket = lakeBucket(primary);
    const [notification] = primary.graph
      .ofType("aws:s3/bucketNotification:BucketNotification")
      .filter((n) => n.inputs.bucket === bucket.inputs.bucket);
    expect(notification).toBeDefined();
    const [queue] = notification!.inputs.queues as { queueArn: string; events: string[]; filterPrefix: string }[];
    expect(queue).toMatchObject({ events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" });
    const policy = primary.graph
      .ofType("aws:sqs/queuePolicy:QueuePolicy")
      .find((p) => p.inputs.queueUrl === primary.outputs.dataProcessingQueueUrl);
    expect(policy, "the work queue's policy").toBeDefined();
    // The notification targets the queue whose policy admits the lake (its ARN is the policy's resource).
    expect(String(policy!.inputs.policy)).toContain(queue!.queueArn);
    expect(primary.graph.dependenciesOf(notification!)).toContain(policy!.urn);
    expect(primary.outputs.dataProcessingClusterArn).toMatch(/:cluster\/prod-data-processing-cluster$/);
    expect(secondary.graph.ofType("aws:ecs/cluster:Cluster").map((c) => c.inputs.name)).not.toContain(
      "prod-data-processing-cluster",
    );
    expect(secondary.outputs.dataProcessingClusterArn).toBe("");
  });

  it("lets S3 use the region's key for its notifications to the encrypted queue, only for this account", () => {
    const keyPolicy = JSON.parse(
      String(
        primary.graph
          .ofType("aws:kms/keyPolicy:KeyPolicy")
          .find((k) => String(k.inputs.policy).includes("ServicePrincipalsUseKeyForThisAccount"))!.inputs.policy,
      ),
    ) as {
      Statement: { Sid: string; Principal: { Service: string[] }; Condition: Record<string, Record<string, string>> }[];
    };
    const statement = keyPolicy.Statement.find((s) => s.Sid === "ServicePrincipalsUseKeyForThisAccount")!;
    expect([statement.Principal.Service].flat()).toContain("s3.amazonaws.com");
    expect(statement.Condition.StringEquals!["aws:SourceAccount"]).toBe(OFFLINE_ACCOUNT_ID);
  });

  it("alarms every processing signal in the primary's alarm set", () => {
    const alarms = primary.graph.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    for (const id of PROCESSING_METRIC_IDS)
      expect(
        alarms.some((a) => a.name.endsWith(`-${id}`) || String(a.inputs.alarmName ?? "").includes(id)),
        id,
      ).toBe(true);
  });
});

describe("the data platform's catalog, secrets and their readers in the stacks", () => {
  const SECRET = "aws:secretsmanager/secret:Secret";
  const lakeChildren = (plan: PlannedStack, type: string) => {
    const [lake] = plan.graph.ofType(T.lake);
    return plan.graph.descendantsOf(lake!).filter((r) => r.type === type);
  };

  it("catalogs, processes and queries the lake in the primary only: <env>_data_lake_catalog, the workflow, the workgroup", () => {
    expect(primary.outputs.dataLakeCatalogDatabase).toBe("prod_data_lake_catalog");
    expect(lakeChildren(primary, "aws:glue/workflow:Workflow")).toHaveLength(1);
    expect(lakeChildren(primary, "aws:athena/workgroup:Workgroup").map((w) => w.inputs.name)).toEqual([
      primary.outputs.dataLakeWorkgroup,
    ]);
    for (const type of [
      "aws:glue/catalogDatabase:CatalogDatabase",
      "aws:glue/job:Job",
      "aws:athena/workgroup:Workgroup",
      SECRET,
    ])
      expect(lakeChildren(secondary, type), type).toEqual([]);
    expect(secondary.outputs).toMatchObject({
      dataLakeCatalogDatabase: "",
      dataLakeWorkgroup: "",
      dataLakeSecretArns: {},
    });
  });

  it("keeps seed 002's five secrets under the region's CMK, exported by ARN, the MySQL credential naming the web tier's database", () => {
    const secrets = lakeChildren(primary, SECRET);
    expect(secrets).toHaveLength(5);
    for (const s of secrets) expect(s.inputs.kmsKeyId).toBe(primary.outputs.kmsKeyArn);
    expect(Object.keys(primary.outputs.dataLakeSecretArns as object).sort()).toEqual([
      "application",
      "argocd",
      "grafana",
      "mysql",
      "redis",
    ]);
    const versions = primary.graph.ofType("aws:secretsmanager/secretVersion:SecretVersion");
    const mysql = (primary.outputs.dataLakeSecretArns as Record<string, string>).mysql;
    const version = versions.find((v) => v.inputs.secretId === mysql);
    expect(version, "the MySQL secret's value").toBeDefined();
    // Generated by @pulumi/random and never in plain state.
    expect(version!.secretOutputs).toContain("secretString");
  });

  it("rotates the MySQL credential from inside the application's security group, the one the database admits", () => {
    const rotation = lakeChildren(primary, "aws:lambda/function:Function").find((f) =>
      f.name.includes("mysql-rotation"),
    );
    expect(rotation).toBeDefined();
    const appGroup = primary.graph.one("aws:ec2/securityGroup:SecurityGroup", "prod-network-prod-web-app");
    expect(prop(rotation!, "vpcConfig.securityGroupIds")).toEqual([appGroup!.id]);
  });
});
